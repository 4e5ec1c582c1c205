"""Run a MyST-markdown chapter with papermill (shared by the chapter tests)."""
from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows has no fcntl: each worker then executes what it needs
    fcntl = None

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS_DIR = ROOT / "chapters"
#: The jupytext front matter of a MyST chapter, for the small pages the tests write.
MYST_FRONT_MATTER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def toc_chapters() -> list[str]:
    """Names (file stems) of the executable chapters listed in _toc.yml, in book order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", toc))
    names = []
    for f in files:
        path = ROOT / (f if f.endswith(".md") else f + ".md")
        if path.parent == CHAPTERS_DIR and "kernelspec:" in path.read_text(encoding="utf-8")[:600]:
            names.append(path.stem)
    return names


def execute(chapter: str, out_dir: Path, parameters: dict | None = None):
    """Convert chapters/<chapter>.md to a notebook, run it with papermill and return the executed notebook.

    With no parameters (the chapter's defaults) the book build's cached outputs are returned when they are current
    for the chapter's code, the data, ``lib/`` and the environment, as :func:`executed_default` does (what a fresh
    run gives; ``PARADIPLOMACY_TEST_FRESH=1`` always runs papermill).
    """
    import jupytext
    import nbformat
    import papermill

    if not parameters:
        cached = _cached(chapter)
        if cached is not None:
            return cached

    nb = jupytext.read(CHAPTERS_DIR / f"{chapter}.md")
    out_dir.mkdir(parents=True, exist_ok=True)
    tag = "default" if not parameters else "-".join(f"{k}" for k in sorted(parameters))
    src = out_dir / f"{chapter}.{tag}.input.ipynb"
    dst = out_dir / f"{chapter}.{tag}.ipynb"
    nbformat.write(nb, src)
    papermill.execute_notebook(
        str(src), str(dst), parameters=parameters or {}, kernel_name="python3",
        cwd=str(CHAPTERS_DIR), progress_bar=False, log_output=False,
    )
    return nbformat.read(dst, as_version=4)


#: Folder shared by every pytest-xdist worker of one test run (set by conftest.py); None outside pytest.
SHARED_DIR: Path | None = None


def run_once(key: str, produce: Callable[[Path], object]) -> Path:
    """Run ``produce(folder)`` once per test run, even with several pytest-xdist workers, and return ``folder``.

    Outside pytest (``SHARED_DIR`` is None) ``produce`` runs in a fresh temporary folder. Under xdist the first
    worker to ask runs it in ``SHARED_DIR/key`` while holding a lock; the others wait and reuse the result. A
    ``produce`` that raises leaves no result, so the next caller tries again (and fails the same way).
    """
    if SHARED_DIR is None or fcntl is None:
        folder = Path(tempfile.mkdtemp(prefix=f"{key}-"))
        produce(folder)
        return folder
    SHARED_DIR.mkdir(parents=True, exist_ok=True)
    folder, done = SHARED_DIR / key, SHARED_DIR / f"{key}.done"
    with open(SHARED_DIR / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.is_file():
                folder.mkdir(exist_ok=True)
                produce(folder)
                done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return folder


#: Set this environment variable to 1 to execute every chapter with papermill even when the book's build cache
#: holds its outputs for the current code, data, lib and environment.
FRESH_ENV = "PARADIPLOMACY_TEST_FRESH"


def _cached(chapter: str):
    """The build cache's executed notebook of ``chapter`` with default parameters when it is current, else None
    (and always None with ``PARADIPLOMACY_TEST_FRESH=1``)."""
    import os

    if os.environ.get(FRESH_ENV, "") not in ("", "0"):
        return None
    if str(ROOT / "_ext") not in sys.path:
        sys.path.insert(0, str(ROOT / "_ext"))
    import buildcache

    return buildcache.cached_notebook(CHAPTERS_DIR / f"{chapter}.md", root=ROOT)


@lru_cache(maxsize=None)
def executed_default(chapter: str, out_dir: str):
    """Executed notebook of a chapter with default parameters (cached per test session).

    If the book was built (``make book``) from exactly the current chapter code, ``data/``, ``lib/`` and
    environment, the build's cached outputs are used (``paradiplomacy.buildcache.cached_notebook``: they are
    what a fresh run gives, and the cache is keyed so that it cannot be stale); set ``PARADIPLOMACY_TEST_FRESH=1``
    to always run papermill. Under pytest a papermill run happens once per test run, not once per xdist worker
    (see :func:`run_once`); ``out_dir`` is only used outside pytest.
    """
    cached = _cached(chapter)
    if cached is not None:
        return cached
    if SHARED_DIR is None:
        return execute(chapter, Path(out_dir))
    import nbformat

    folder = run_once(f"default-{chapter}", lambda folder: execute(chapter, folder))
    return nbformat.read(folder / f"{chapter}.default.ipynb", as_version=4)
