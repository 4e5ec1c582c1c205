"""A fast build never shows stale numbers, and re-runs only the chapters that used what changed.

One small copy of the book (the front page, chapter 1, a page written here that takes only chapter 7's rows of the
claims registry with ``Data.claims_of``, the glossary and the bibliography) is built with ``jupyter-book build``
four times:

1. cold: both executable pages are executed by the build cache (``_ext/buildcache.py``), two at a time, and myst-nb
   then finds them in the cache;
2. after touching a data file, editing the print stylesheet and tampering with the registry page's stored notebook
   in the cache: only that page is executed again, because its entry was damaged (the log says so), and it shows
   the true value again; chapter 1 is not executed (touching a file or editing CSS re-runs nothing);
3. after changing Table 2 (``interviews.csv``, which only chapter 1 uses) and the description of one of chapter 7's
   claims in ``claims.csv``: chapter 1 runs again for the first and the registry page for the second (the log names
   the rows), and both pages show the new text;
4. after moving one respondent between two Table 3 age groups (``demographics.csv`` and the two counts mirrored in
   ``claims.csv``): chapter 1 runs again and its page shows the new numbers; the registry page, which took only
   chapter 7's rows of ``claims.csv``, does not.

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

from chapter_runner import MYST_FRONT_MATTER

pytestmark = [pytest.mark.notebook, pytest.mark.build]

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
CHAPTER = "chapters/01_introduction"
#: A page that takes only the rows of one chapter of the registry (what a paper chapter that uses
#: ``Data.claims_of`` does), and the chapter whose rows it takes.
ROWS_PAGE, ROWS_OF = "chapters/registry_rows", "07_japan"
ROWS_PAGE_SOURCE = MYST_FRONT_MATTER + f"""
# Registry rows

```{{code-cell}} ipython3
from myst_nb import glue
from paradiplomacy.data import load_data

mine = load_data().claims_of({ROWS_OF!r})
glue("rows_n", len(mine), display=False)
glue("rows_first", mine["description"].iloc[0], display=False)
```

Chapter 7 has {{glue:text}}`rows_n` claims; the first: {{glue:text}}`rows_first`.
"""
CHAPTERS = [CHAPTER, ROWS_PAGE]
SKIP = {".git", ".venv", "_build", "node_modules", ".pytest_cache", "bench", "tests", "__pycache__", "chapters",
        ".tools"}
#: Table 3 counts moved by one respondent (same characteristic, so every block still sums to n).
UP, DOWN = "t3_age_1_count", "t3_age_4_count"


def make_small_book(dst: Path) -> Path:
    shutil.copytree(ROOT, dst, ignore=lambda folder, names: [n for n in names if n in SKIP])
    (dst / "chapters").mkdir()
    for page in [CHAPTER, "chapters/glossary"]:
        shutil.copyfile(ROOT / f"{page}.md", dst / f"{page}.md")
    (dst / f"{ROWS_PAGE}.md").write_text(ROWS_PAGE_SOURCE, encoding="utf-8")
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


def page(book: Path, name: str = CHAPTER) -> str:
    return (book / "_build" / "html" / f"{name}.html").read_text(encoding="utf-8")


def glued(book: Path, name: str = CHAPTER) -> dict:
    path = book / "_build" / "jupyter_execute" / f"{name}.glue.json"
    values = {}
    for name, out in json.loads(path.read_text()).items():
        if name.startswith(("table_", "chart_")):
            continue  # exhibits (a Styler, a chart): their text/plain is an object's repr, not a literal
        values[name] = ast.literal_eval(out["data"]["text/plain"])
    return values


def reasons(log: str) -> dict[str, str]:
    return dict(re.findall(r"\[buildcache\] (\S+): executing \((.*)\)", log))


def registry(data: Path) -> list[dict]:
    with (data / "claims.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def edit_registry(data: Path, claim_id: str, column: str, text: str) -> None:
    rows = registry(data)
    assert any(row["claim_id"] == claim_id for row in rows), claim_id
    with (data / "claims.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({**row, column: text} if row["claim_id"] == claim_id else row for row in rows)


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


def reused(book: Path, name: str = CHAPTER, value: str = DOWN):
    """What the chapter tests would take for a page's glued ``value`` from the copy's cache (None when the cached
    outputs are not current): ``chapter_runner.executed_default`` asks ``buildcache.cached_notebook`` the same way.
    The copy's ``_ext`` and ``lib`` are this checkout's, so this process can ask for it."""
    import buildcache
    from paradiplomacy.data.claims import glued_values

    notebook = buildcache.cached_notebook(book / f"{name}.md", root=book)
    return None if notebook is None else glued_values(notebook)[value]


def tamper(book: Path, name: str, replacement: str) -> None:
    """Overwrite every glued ``name`` in the stored notebooks of the copy's cache (as an edit or damage would)."""
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(book / "_build" / ".jupyter_cache")
    done = 0
    for record in cache.list_cache_records():
        path = cache._get_notebook_path_cache(record.hashkey)
        notebook = nbformat.read(path, as_version=4)
        outputs = [o for c in notebook.cells for o in c.get("outputs", [])
                   if o.get("metadata", {}).get("scrapbook", {}).get("name") == name]
        for output in outputs:
            for mime in output["data"]:
                if mime.endswith("text/plain"):
                    output["data"][mime] = replacement
        if outputs:
            nbformat.write(notebook, path)
            done += 1
    assert done == 1, f"{name} is glued by {done} stored notebooks"


def test_each_chapter_reruns_only_when_something_it_used_changed(tmp_path):
    book = make_small_book(tmp_path / "book")
    data = book / "data"
    records = book / "_build" / ".jupyter_cache" / "paradiplomacy-chapters.json"
    # Independently of the data layer: chapter 7's rows of the registry, and the Table 3 counts' rows.
    japan = [row for row in registry(data) if row["chapter"] == ROWS_OF]
    assert japan and not {UP, DOWN} & {row["claim_id"] for row in japan}

    # 1. Cold: both pages run in the extension (two at a time); myst-nb takes them from the cache.
    log = build(book)
    assert executed(log) == set(CHAPTERS), log[-4000:]
    assert log.count("Using cached notebook") == 2 and "Executing notebook" not in log, log[-4000:]
    used = json.loads(records.read_text())
    assert "data/demographics.csv" in used[CHAPTER]["files"]
    assert "data/demographics.csv" not in used[ROWS_PAGE]["files"], used[ROWS_PAGE]
    assert "data/claims.csv" not in used[ROWS_PAGE]["files"], "the page took rows, not the whole registry"
    assert [part["values"] for part in used[ROWS_PAGE]["rows"]["data/claims.csv"]] == [[ROWS_OF]]
    old = glued(book)[DOWN]
    assert shown(old) in page(book) and reused(book) == old
    assert glued(book, ROWS_PAGE) == {"rows_n": len(japan), "rows_first": japan[0]["description"]}
    assert shown(len(japan)) in page(book, ROWS_PAGE)

    # 2. Touch a data file, edit the print CSS and tamper with the registry page's stored notebook: only that page
    #    runs again (its entry is discarded as damaged), and it shows the true value; chapter 1 does not run.
    os.utime(data / "demographics.csv")
    css = book / "_ext" / "static" / "paradiplomacy-book.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* print tweak */\n", encoding="utf-8")
    tamper(book, "rows_n", "9999")
    assert reused(book, ROWS_PAGE, "rows_n") is None  # the tests never take a tampered entry either
    assert reused(book) == old  # nor does a touched file or CSS make chapter 1's entry unusable
    log = build(book)
    assert executed(log) == {ROWS_PAGE}, log[-4000:]
    assert "changed or damaged" in reasons(log)[ROWS_PAGE], reasons(log)
    assert shown(len(japan)) in page(book, ROWS_PAGE) and shown(9999) not in page(book, ROWS_PAGE)

    # 3. Table 2 (interviews.csv, which only chapter 1 reads) and one of chapter 7's claims change: each page runs
    #    again for the file or rows it used, and shows the new text.
    interviews = data / "interviews.csv"
    interviews.write_text(interviews.read_text(encoding="utf-8").replace("Provincial Official", "Provincial Officer"),
                          encoding="utf-8")
    described = japan[0]["description"] + " formally"
    edit_registry(data, japan[0]["claim_id"], "description", described)
    log = build(book)
    assert executed(log) == set(CHAPTERS), log[-4000:]
    why = reasons(log)
    assert "data/interviews.csv (which it used) changed" in why[CHAPTER].split("; "), why  # the log names each file
    assert why[ROWS_PAGE] == f"data/claims.csv: the rows with chapter = {ROWS_OF} (which it used) changed", why
    assert "Provincial Officer" in page(book)
    assert glued(book, ROWS_PAGE)["rows_first"] == described and described in page(book, ROWS_PAGE)

    # 4. One Table 3 count changes (demographics.csv, and its mirror in claims.csv): chapter 1 runs again and its
    #    page shows the new numbers, never the old ones; the registry page, whose rows did not change, does not run.
    up, down = move_one_respondent(data)
    log = build(book)
    assert executed(log) == {CHAPTER}, log[-4000:]
    values = glued(book)
    assert (values[UP], values[DOWN]) == (up, down)
    assert shown(down) in page(book) and shown(old) not in page(book)
    assert reused(book) == down
    assert described in page(book, ROWS_PAGE)
