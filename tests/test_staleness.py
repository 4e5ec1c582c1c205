"""A fast build never shows stale numbers: the notebook cache follows data/, and an unchanged book is not re-run.

The test builds a small copy of the book (the introduction, chapter 1, the data appendix, the glossary and the
bibliography) with ``jupyter-book build``, three times:

1. cold: both notebooks are executed, in parallel, by :mod:`paradiplomacy.buildcache`, and myst-nb then finds
   them in the cache (so the extension stores them exactly as myst-nb would look them up);
2. after only *touching* a data file (its content unchanged): nothing is executed again;
3. after changing one Table 3 count in the copy's data: the chapter is executed again and the page shows the
   new glued number.

The copy imports its own ``lib/`` (``PYTHONPATH``), so its chapters read its own ``data/``.
"""
from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.notebook, pytest.mark.build]

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
CHAPTERS = ["chapters/01_introduction", "chapters/appendix_data"]
#: Folders not copied: version control, environments, build output, and chapters not in the small book.
SKIP = {".git", ".venv", "_build", "node_modules", ".pytest_cache", "bench", "tests", "__pycache__", "chapters"}
#: Table 3 counts moved by one respondent (same characteristic, so every block still sums to n).
UP, DOWN = "t3_age_1_count", "t3_age_4_count"


def make_small_book(dst: Path) -> Path:
    """Copy the book's sources into ``dst`` with a table of contents of two executable pages."""
    shutil.copytree(ROOT, dst, ignore=lambda folder, names: [n for n in names if n in SKIP])
    (dst / "chapters").mkdir()
    for page in [*CHAPTERS, "chapters/glossary"]:
        shutil.copyfile(ROOT / f"{page}.md", dst / f"{page}.md")
    entries = "".join(f"      - file: {page}\n" for page in [*CHAPTERS, "chapters/glossary", "bibliography"])
    (dst / "_toc.yml").write_text(f"format: jb-book\nroot: intro\nparts:\n  - caption: Small\n    chapters:\n{entries}",
                                  encoding="utf-8")
    for path in (dst / "data").iterdir():
        path.chmod(path.stat().st_mode | 0o200)
    return dst


def build(book: Path) -> str:
    """Build ``book`` (its own lib first on the path, two kernels at a time) and return the log."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(book / "lib"), os.environ.get("PYTHONPATH", "")]),
               PARADIPLOMACY_JOBS="2")
    result = subprocess.run([str(JUPYTER_BOOK), "build", str(book), "--keep-going"], env=env, capture_output=True,
                            text=True, timeout=600)
    log = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)  # without colour codes
    assert result.returncode == 0, log[-4000:]
    return log


def cache_records(book: Path) -> dict[str, list[tuple]]:
    """Every jupyter-cache folder of the build with its records (id, notebook hash, creation time)."""
    from jupyter_cache import get_cache

    base = book / "_build" / ".jupyter_cache"
    return {folder.name: sorted((r.pk, r.hashkey, r.created.isoformat()) for r in get_cache(folder).list_cache_records())
            for folder in sorted(base.iterdir()) if folder.is_dir()}


def page(book: Path) -> str:
    return (book / "_build" / "html" / "chapters" / "01_introduction.html").read_text(encoding="utf-8")


def glued(book: Path) -> dict:
    """Values glued by chapter 1 in the build (myst-nb keeps them in ``<page>.glue.json`` beside the notebook)."""
    import ast
    import json

    path = book / "_build" / "jupyter_execute" / "chapters" / "01_introduction.glue.json"
    return {name: ast.literal_eval(out["data"]["text/plain"]) for name, out in json.loads(path.read_text()).items()}


def reused(book: Path) -> object:
    """What the tests would reuse for chapter 1 from the copy's build cache (run with the copy's own lib)."""
    code = ("import sys; from paradiplomacy import buildcache, claims; "
            "nb = buildcache.cached_notebook(sys.argv[1] + '/chapters/01_introduction.md', root=sys.argv[1]); "
            f"print(None if nb is None else claims.glued_values(nb)[{DOWN!r}])")
    env = dict(os.environ, PYTHONPATH=str(book / "lib"))
    out = subprocess.run([sys.executable, "-c", code, str(book)], env=env, capture_output=True, text=True, check=True)
    return eval(out.stdout.strip())


def shown(value: int) -> str:
    """How a glued integer appears in the page (myst-nb's glue:text role)."""
    return f'<span class="pasted-text">{value}</span>'


def move_one_respondent(data: Path) -> tuple[int, int]:
    """Move one respondent from the 50+ group to 18-29 in demographics.csv and its claims; return the new counts."""
    new: dict[str, int] = {}
    for name, column in (("demographics.csv", "claim_id"), ("claims.csv", "claim_id")):
        path = data / name
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
            fields = list(rows[0])
        for row in rows:
            if row[column] in (UP, DOWN):
                value = int(row["value"]) + (1 if row[column] == UP else -1)
                row["value"] = row["printed"] = str(value)
                new[row[column]] = value
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return new[UP], new[DOWN]


def test_cache_follows_data_and_skips_unchanged_builds(tmp_path):
    book = make_small_book(tmp_path / "book")

    # 1. Cold build: the two notebooks run in parallel in the extension; myst-nb only reads them from the cache.
    log = build(book)
    assert "[paradiplomacy.buildcache] executing 2 notebooks, 2 at a time" in log, log[-4000:]
    assert log.count("Using cached notebook") == 2, log[-4000:]
    assert "Executing notebook" not in log  # myst-nb executed nothing itself: the cached entries match
    old = glued(book)[DOWN]
    assert shown(old) in page(book) and shown(old - 1) not in page(book)
    records = cache_records(book)
    assert len(records) == 1 and len(next(iter(records.values()))) == 2
    key = next(iter(records))
    assert reused(book) == old  # the chapter tests may take chapter 1 from this cache

    # 2. Touch a data file without changing it: same inputs hash, nothing is executed again. (Sphinx re-reads
    #    the data appendix, which offers the file for download, and takes its outputs from the cache.)
    os.utime(book / "data" / "demographics.csv")
    log = build(book)
    assert f"inputs hash {key}" in log
    assert "Executing notebook" not in log and "buildcache] executing" not in log, log[-4000:]
    assert "config changed" not in log and "01_introduction.md: Using cached" not in log  # chapter 1 not even read
    assert cache_records(book) == records

    # 3. Change one value: new inputs hash, so Sphinx re-reads every page and the chapter runs on the new data.
    up, down = move_one_respondent(book / "data")
    assert down == old - 1
    log = build(book)
    assert "config changed ('nb_execution_cache_path')" in log, log[-4000:]
    assert "[paradiplomacy.buildcache] executing 2 notebooks" in log
    values = glued(book)
    assert (values[UP], values[DOWN]) == (up, down)
    html = page(book)
    assert shown(down) in html and shown(old) not in html  # the rendered page shows the new number, not the old
    after = cache_records(book)
    assert set(records) < set(after)  # a new cache folder; the old one is kept for a switch back
    new_folder = (set(after) - set(records)).pop()
    assert len(after[new_folder]) == 2
    assert reused(book) == down  # ... and then they get the new value, never the old one

    # 4. A chapter whose code changed since the build is never taken from the cache.
    source = book / "chapters" / "01_introduction.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n```{code-cell} ipython3\n1 + 1\n```\n", encoding="utf-8")
    assert reused(book) is None
