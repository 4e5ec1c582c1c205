"""Say on every page what it was built from, and say loudly when the pages are stale.

As a Sphinx extension it adds one line to the foot of each page it writes ("Built <date> UTC from commit <c>,
inputs <h>": ``h`` hashes the book's sources, data and library) and writes ``_build-stamp.json`` beside the
pages. As a command it is what ``make book`` runs after the build:

* ``python _ext/build_stamp.py stale HTML_DIR`` (the build failed): every page gets a banner saying that it is left
  over from an earlier build and that the last build failed, and the stamp records the failure;
* ``python _ext/build_stamp.py fresh HTML_DIR`` (the build succeeded): the banners are removed;
* ``python _ext/build_stamp.py inputs ROOT``: print the inputs hash (``make test`` rebuilds when it changed).
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

STAMP_NAME = "_build-stamp.json"
BEGIN, END = "<!--paradiplomacy-stale-->", "<!--/paradiplomacy-stale-->"
#: What the pages are built from (relative to the book's root).
INPUTS = ("_config.yml", "_toc.yml", "*.md", "*.bib", "CITATION.cff", "chapters/*.md", "data/*", "lib/**/*.py",
          "_ext/*.py", "_ext/static/*")
#: Files matched above that are not part of the book.
NOT_INPUTS = ("README.md", "ARCHITECTURE.md")


def inputs_hash(root: str | Path) -> str:
    """sha256 (first 12 hex digits) over the names and contents of the book's inputs."""
    root = Path(root)
    digest = hashlib.sha256()
    files = sorted({p for pattern in INPUTS for p in root.glob(pattern) if p.is_file() and p.name not in NOT_INPUTS})
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def commit(root: str | Path) -> str:
    """The checkout's short commit id (with ``+changes`` when the work tree differs), or ``unknown``."""
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                             check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return sha + ("+changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _pages(html_dir: Path):
    return [p for p in html_dir.rglob("*.html") if "_static" not in p.parts]


def _read_stamp(html_dir: Path) -> dict:
    try:
        return json.loads((html_dir / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def mark_stale(html_dir: str | Path, log: str = "") -> int:
    """Put the stale banner on every page of ``html_dir``; return the number of pages marked."""
    html_dir = Path(html_dir)
    stamp = _read_stamp(html_dir)
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    built = stamp.get("built", "an unknown time")
    banner = (f'{BEGIN}<div class="build-stale" role="alert" style="background:#fde8e8;color:#7a1010;'
              f'border:2px solid #b42318;padding:.75em 1em;margin:0 0 1em;font-weight:600">'
              f"These pages are stale. The last build ({when}) failed, so what you see was built earlier "
              f"({built}) and may not match the current data or code. Run <code>make book</code> and read its "
              f"error{(': ' + log) if log else ''}.</div>{END}")
    marked = 0
    for page in _pages(html_dir):
        text = clear_text(page.read_text(encoding="utf-8"))
        if "<body" in text:
            head, _, rest = text.partition("<body")
            tag, _, body = rest.partition(">")
            page.write_text(f"{head}<body{tag}>{banner}{body}", encoding="utf-8")
            marked += 1
    stamp.update(status="failed", failed=when)
    if html_dir.is_dir():
        (html_dir / STAMP_NAME).write_text(json.dumps(stamp, indent=1), encoding="utf-8")
    return marked


def clear_text(text: str) -> str:
    while BEGIN in text and END in text:
        start = text.index(BEGIN)
        text = text[:start] + text[text.index(END, start) + len(END):]
    return text


def mark_fresh(html_dir: str | Path) -> int:
    """Remove the stale banner from every page; return the number of pages changed."""
    changed = 0
    for page in _pages(Path(html_dir)):
        text = page.read_text(encoding="utf-8")
        if BEGIN in text:
            page.write_text(clear_text(text), encoding="utf-8")
            changed += 1
    return changed


# --------------------------------------------------------------------------- Sphinx side
def _builder_inited(app) -> None:
    app._paradiplomacy_stamp = {"built": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                                "commit": commit(app.srcdir), "inputs": inputs_hash(app.srcdir)}


def _page_context(app, pagename, templatename, context, doctree) -> None:
    stamp = getattr(app, "_paradiplomacy_stamp", None)
    if stamp and isinstance(context.get("body"), str):
        context["body"] += (f'<p class="build-stamp">Built {stamp["built"]} from commit {stamp["commit"]}, '
                            f'inputs {stamp["inputs"]}.</p>')


def _finished(app, exception) -> None:
    stamp = getattr(app, "_paradiplomacy_stamp", None)
    if stamp and app.builder.format == "html":
        record = {**stamp, "status": "ok" if exception is None else "failed"}
        Path(app.outdir).mkdir(parents=True, exist_ok=True)
        (Path(app.outdir) / STAMP_NAME).write_text(json.dumps(record, indent=1), encoding="utf-8")


def setup(app):
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("stale", "fresh", "inputs"):
        sys.exit("usage: python _ext/build_stamp.py stale|fresh HTML_DIR [LOG] | inputs ROOT")
    if sys.argv[1] == "inputs":
        print(inputs_hash(sys.argv[2]))
        sys.exit(0)
    folder = Path(sys.argv[2])
    count = mark_stale(folder, " ".join(sys.argv[3:])) if sys.argv[1] == "stale" else mark_fresh(folder)
    if sys.argv[1] == "stale":
        print(f"== {count} pages in {folder} marked stale (the build failed)", file=sys.stderr)
