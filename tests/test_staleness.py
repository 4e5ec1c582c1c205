"""A fast build never shows stale numbers, and re-runs only the chapters that used what changed.

One small copy of the book (the front page, chapters 1 and 2, the glossary and the bibliography) is built with
``jupyter-book build`` four times:

1. cold: both chapters are executed by the build cache (``_ext/buildcache.py``), two at a time, and myst-nb then
   finds them in the cache;
2. after touching a data file and editing the print stylesheet: nothing is executed again;
3. after changing Table 2 (``interviews.csv``, which only chapter 1 uses): only chapter 1 runs again; then after
   changing one Table 3 count (in ``demographics.csv`` and in ``claims.csv``, the registry every chapter reads):
   chapter 1 runs again and its page shows the new number;
4. after editing chapter 1's stored notebook in the cache (a tampered output): the entry is discarded, the chapter
   is executed again and the page shows the true number.

The copy imports its own ``lib/`` (``PYTHONPATH``), so its chapters read its own ``data/``.
"""
from __future__ import annotations

import ast
import csv
import json
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
CHAPTERS = ["chapters/01_introduction", "chapters/02_chinese_paradiplomacy"]
SKIP = {".git", ".venv", "_build", "node_modules", ".pytest_cache", "bench", "tests", "__pycache__", "chapters",
        ".tools"}
#: Table 3 counts moved by one respondent (same characteristic, so every block still sums to n).
UP, DOWN = "t3_age_1_count", "t3_age_4_count"


def make_small_book(dst: Path) -> Path:
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
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(book / "lib"), os.environ.get("PYTHONPATH", "")]),
               PARADIPLOMACY_JOBS="2")
    result = subprocess.run([sys.executable, str(JUPYTER_BOOK), "build", str(book), "--keep-going"], env=env,
                            capture_output=True, text=True, timeout=600)
    log = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    assert result.returncode == 0, log[-4000:]
    return log


def executed(log: str) -> set[str]:
    return set(re.findall(r"\[buildcache\] (\S+): executing \(", log))


def page(book: Path) -> str:
    return (book / "_build" / "html" / "chapters" / "01_introduction.html").read_text(encoding="utf-8")


def glued(book: Path) -> dict:
    path = book / "_build" / "jupyter_execute" / "chapters" / "01_introduction.glue.json"
    return {name: ast.literal_eval(out["data"]["text/plain"]) for name, out in json.loads(path.read_text()).items()}


def shown(value: int) -> str:
    return f'<span class="pasted-text">{value}</span>'


def move_one_respondent(data: Path) -> tuple[int, int]:
    """Move one respondent from the 50+ group to 18-29 in demographics.csv and its claims; return the new counts."""
    new: dict[str, int] = {}
    for name in ("demographics.csv", "claims.csv"):
        path = data / name
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
            fields = list(rows[0])
        for row in rows:
            if row["claim_id"] in (UP, DOWN):
                value = int(row["value"]) + (1 if row["claim_id"] == UP else -1)
                row["value"] = row["printed"] = str(value)
                new[row["claim_id"]] = value
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return new[UP], new[DOWN]


def reused(book: Path):
    """What the chapter tests would take for chapter 1 from the copy's cache (None when it is not current)."""
    code = ("import sys; sys.path.insert(0, sys.argv[1] + '/_ext'); import buildcache; "
            "from paradiplomacy.data.claims import glued_values; "
            "nb = buildcache.cached_notebook(sys.argv[1] + '/chapters/01_introduction.md', root=sys.argv[1]); "
            f"print(None if nb is None else glued_values(nb)[{DOWN!r}])")
    env = dict(os.environ, PYTHONPATH=str(book / "lib"))
    out = subprocess.run([sys.executable, "-c", code, str(book)], env=env, capture_output=True, text=True,
                         check=True, cwd=book)
    return ast.literal_eval(out.stdout.strip())


def test_each_chapter_reruns_only_when_something_it_used_changed(tmp_path):
    book = make_small_book(tmp_path / "book")
    records = book / "_build" / ".jupyter_cache" / "paradiplomacy-chapters.json"

    # 1. Cold: both chapters run in the extension (two at a time); myst-nb takes them from the cache.
    log = build(book)
    assert executed(log) == set(CHAPTERS), log[-4000:]
    assert log.count("Using cached notebook") == 2 and "Executing notebook" not in log, log[-4000:]
    used = json.loads(records.read_text())
    assert "data/demographics.csv" in used["chapters/01_introduction"]["files"]
    assert "data/demographics.csv" not in used["chapters/02_chinese_paradiplomacy"]["files"], used
    old = glued(book)[DOWN]
    assert shown(old) in page(book) and reused(book) == old

    # 2. Touch a data file, edit the print CSS: nothing runs again.
    os.utime(book / "data" / "demographics.csv")
    css = book / "_ext" / "static" / "paradiplomacy-book.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* print tweak */\n", encoding="utf-8")
    log = build(book)
    assert executed(log) == set() and "nothing to execute" in log, log[-4000:]

    # 3. A file only chapter 1 reads (interviews.csv, Table 2) changes: chapter 1 runs again, chapter 2 does not.
    interviews = book / "data" / "interviews.csv"
    interviews.write_text(interviews.read_text(encoding="utf-8").replace("Provincial Official", "Provincial Officer"),
                          encoding="utf-8")
    log = build(book)
    assert executed(log) == {"chapters/01_introduction"}, log[-4000:]
    assert "data/interviews.csv (which it used) changed" in log
    assert "Provincial Officer" in page(book)

    #    One Table 3 count changes (in demographics.csv and in claims.csv, the registry every chapter reads):
    #    chapter 1 runs again and its page shows the new number, never the old one.
    up, down = move_one_respondent(book / "data")
    log = build(book)
    assert "chapters/01_introduction" in executed(log), log[-4000:]
    values = glued(book)
    assert (values[UP], values[DOWN]) == (up, down)
    assert shown(down) in page(book) and shown(old) not in page(book)
    assert reused(book) == down

    # 4. A tampered cache entry is discarded and executed again; the page shows the true number.
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(book / "_build" / ".jupyter_cache")
    for record in cache.list_cache_records():
        path = cache._get_notebook_path_cache(record.hashkey)
        notebook = nbformat.read(path, as_version=4)
        outputs = [o for c in notebook.cells for o in c.get("outputs", [])
                   if o.get("metadata", {}).get("scrapbook", {}).get("name") == DOWN]
        for output in outputs:
            for mime in output["data"]:
                if mime.endswith("text/plain"):
                    output["data"][mime] = "9999"
        if outputs:
            nbformat.write(notebook, path)
    assert reused(book) is None  # the tests never take a tampered entry either
    log = build(book)
    reasons = re.findall(r"\[buildcache\] chapters/01_introduction: executing \((.*)\)", log)
    assert executed(log) == {"chapters/01_introduction"} and reasons and "changed or damaged" in reasons[0], reasons
    assert shown(down) in page(book) and shown(9999) not in page(book)
