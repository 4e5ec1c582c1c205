"""Serve the built book from 127.0.0.1 as a static host (GitHub Pages) does: text files gzip-encoded.

One server for the two places that open the book in a browser: the browser tests (``tests/browser/``) and
``make lighthouse`` (``bench/lighthouse.py``). Standard library only.

>>> with serve(Path("_build/html")) as url:   # an ephemeral port; url ends in "/"
...     ...
"""
from __future__ import annotations

import functools
import gzip
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path

__all__ = ["GzipHandler", "serve"]


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Text files gzip-encoded (level 6, as static hosts compress) when the browser accepts it; optionally a
    ``Cache-Control: max-age`` header (``cache_seconds``; GitHub Pages sends 600)."""

    COMPRESSIBLE = {".html", ".js", ".css", ".json", ".svg", ".txt", ".md", ".ipynb", ".csv", ".xml", ".map", ".ico",
                    ".webmanifest"}
    #: Compressed bodies by path, shared by every request of the process (the build does not change meanwhile).
    _gzipped: dict[str, bytes] = {}

    def __init__(self, *args, cache_seconds: int | None = None, **kwargs):
        self.cache_seconds = cache_seconds
        super().__init__(*args, **kwargs)

    def log_message(self, *args):  # keep test and benchmark output clean
        pass

    def end_headers(self):
        if self.cache_seconds is not None:
            self.send_header("Cache-Control", f"max-age={self.cache_seconds}")
        super().end_headers()

    def do_GET(self):  # noqa: N802 (http.server's naming)
        path = Path(self.translate_path(self.path))
        if path.is_file() and path.suffix in self.COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = self._gzipped.get(str(path))
            if body is None:
                body = self._gzipped[str(path)] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@contextmanager
def serve(html_dir: Path, cache_seconds: int | None = None):
    """Serve ``html_dir`` on an ephemeral port of 127.0.0.1; yields the base URL (ending in ``/``)."""
    handler = functools.partial(GzipHandler, directory=str(html_dir), cache_seconds=cache_seconds)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
