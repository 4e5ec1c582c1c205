"""_ext/static_server.py: the one local static host of the browser tests and of `make lighthouse`."""
from __future__ import annotations

import gzip
import sys
from pathlib import Path
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "_ext"))

import static_server  # noqa: E402


def _get(url: str, gzip_ok: bool):
    request = Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urlopen(request, timeout=30) as response:
        return response.headers, response.read()


def test_text_is_gzip_encoded_when_accepted_and_other_files_are_served_as_they_are(tmp_path):
    page = "<html><body>" + "a table cell " * 500 + "</body></html>"
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (tmp_path / "font.woff2").write_bytes(bytes(range(256)) * 4)
    with static_server.serve(tmp_path) as url:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        headers, body = _get(url + "page.html", gzip_ok=True)
        assert headers["Content-Encoding"] == "gzip" and int(headers["Content-Length"]) == len(body) < len(page) / 10
        assert gzip.decompress(body).decode("utf-8") == page
        assert "Cache-Control" not in headers
        headers, body = _get(url + "page.html", gzip_ok=False)
        assert headers["Content-Encoding"] is None and body.decode("utf-8") == page
        headers, body = _get(url + "font.woff2", gzip_ok=True)
        assert headers["Content-Encoding"] is None and body == bytes(range(256)) * 4


def test_lighthouse_serves_with_the_cache_lifetime_of_github_pages(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    import lighthouse

    (tmp_path / "page.html").write_text("<html></html>", encoding="utf-8")
    with lighthouse.serve(tmp_path) as url:
        headers, _ = _get(url + "page.html", gzip_ok=True)
    assert headers["Cache-Control"] == "max-age=600" and headers["Content-Encoding"] == "gzip"
    assert lighthouse.serve.__module__ == "lighthouse" and lighthouse.static_server is static_server
