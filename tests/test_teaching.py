"""Teaching apparatus: exercises numbered per chapter, a student edition without solutions, the instructor guide.

* The numbered parts of ``_toc.yml`` hold chapters 1-10 and nothing else; in the built book (``_build/html``)
  each of them has its number in its title and its exercises are numbered N.1, N.2, ... in order, while the front
  page, the instructor guide and the appendices stay unnumbered. Without a built book these checks skip, except
  in CI (``CI`` set) or under ``make test`` (``PARADIPLOMACY_REQUIRE_BOOK``), where they fail.
* ``make book EDITION=student`` (run here on a two-page copy of the book, through the real Makefile recipe) writes
  a book in ``<BUILD_DIR>/student/_build/html`` that keeps the exercises and has no solution at all.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


def toc_pages() -> tuple[list[str], list[str]]:
    """(pages of the numbered parts in book order, every other page including the root) from _toc.yml."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    numbered, unnumbered = [], [toc["root"]]
    for part in toc["parts"]:
        files = [entry["file"] for entry in part["chapters"]]
        (numbered if part.get("numbered") else unnumbered).extend(files)
    return numbered, unnumbered


def exercises_in_source(page: str) -> int:
    return (ROOT / f"{page}.md").read_text(encoding="utf-8").count("```{exercise}")


def built_page(page: str) -> str:
    if not HTML.is_dir():
        message = f"{HTML} is missing: run `make book` first"
        if os.environ.get("CI") or os.environ.get("PARADIPLOMACY_REQUIRE_BOOK"):
            pytest.fail(message)
        pytest.skip(message)
    path = HTML / f"{page}.html"
    assert path.is_file(), f"{path} is missing from the built book (is _toc.yml newer than the build?)"
    return path.read_text(encoding="utf-8")


def h1_number(page_html: str) -> str | None:
    """The number in the page's title (its <h1> with a heading anchor), or None."""
    h1 = [h for h in re.findall(r"<h1>(.*?)</h1>", page_html, flags=re.S) if 'class="headerlink"' in h]
    assert len(h1) == 1, "the page should have one title with a heading anchor"
    number = re.search(r'<span class="section-number">([^<]*)</span>', h1[0])
    return number.group(1).strip() if number else None


def exercise_numbers(page_html: str) -> list[str]:
    return re.findall(r'<div class="exercise[^"]*" id="[^"]*">\s*<p class="admonition-title">'
                      r'<span class="caption-number">Exercise ([^<]*?) </span>', page_html)


def test_numbered_parts_hold_chapters_1_to_10_only():
    numbered, unnumbered = toc_pages()
    assert [Path(p).name[:2] for p in numbered] == [f"{n:02d}" for n in range(1, len(numbered) + 1)], numbered
    assert len(numbered) == 10, f"expected chapters 01-10 in numbered parts, found {numbered}"
    assert "chapters/instructor_guide" in unnumbered and "chapters/glossary" in unnumbered
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["config"].get("numfig_secnum_depth") == 1, "exercises would not carry the chapter number"


@pytest.mark.parametrize("number, page", list(enumerate(toc_pages()[0], start=1)), ids=lambda v: str(v))
def test_chapter_title_and_exercises_are_numbered_by_chapter(number, page):
    page_html = built_page(page)
    assert h1_number(page_html) == f"{number}.", f"{page}: the title should read '{number}. ...'"
    expected = [f"{number}.{i}" for i in range(1, exercises_in_source(page) + 1)]
    assert expected, f"{page} has no exercise"
    assert exercise_numbers(page_html) == expected, f"{page}: exercises should be numbered {expected}"
    solved = re.findall(r"Solution to<a [^>]*> Exercise ([^<]*)</a>", page_html)
    assert sorted(solved) == sorted(expected), f"{page}: solutions should name their exercise's number"


#: What a replication exercise asks for: a re-run with a parameter, another data folder, or code to write.
REPLICATION_MARKERS = ("make chapter", "papermill", "data_dir", "ARGS=", "~~~python")


def exercise_tracks(page: str) -> dict[str, list[tuple[str, str]]]:
    """``{subsection title: [(exercise body, its solution body), ...]}`` of the ``## Exercises`` section of ``page``."""
    text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    section = re.search(r"^## Exercises\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M)
    assert section, f"{page}: no '## Exercises' section"
    tracks: dict[str, list[tuple[str, str]]] = {}
    for title, body in re.findall(r"^### ([^\n]+)\n(.*?)(?=^### |\Z)", section.group(1), flags=re.S | re.M):
        solutions = dict(re.findall(r"```\{solution\} (\S+)\n(.*?)\n```", body, flags=re.S))
        tracks[title.strip()] = [(ex_body, solutions.get(label, ""))
                                 for label, ex_body in re.findall(r"```\{exercise\}\n:label: (\S+)\n(.*?)\n```", body,
                                                                  flags=re.S)]
    return tracks


@pytest.mark.parametrize("page", toc_pages()[0])
def test_each_chapter_has_a_reading_track_and_a_replication_track(page):
    """Issue 11: exercises in two tracks, reading and discussion (no code) then replication (a change to re-run)."""
    text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    assert "## Discussion questions" not in text, f"{page}: discussion questions belong in the reading track"
    tracks = exercise_tracks(page)
    assert list(tracks) == ["Reading and discussion", "Replication"], \
        f"{page}: the Exercises section should hold '### Reading and discussion' then '### Replication', found {list(tracks)}"
    assert sum(len(items) for items in tracks.values()) == exercises_in_source(page), \
        f"{page}: every exercise should sit in one of the two tracks"
    reading, replication = tracks["Reading and discussion"], tracks["Replication"]
    assert len(reading) >= 2 and len(replication) >= 2, \
        f"{page}: at least two exercises per track (found {len(reading)} reading, {len(replication)} replication)"
    for exercise, solution in reading:
        assert solution.strip(), f"{page}: a reading exercise has no solution notes: {exercise[:60]!r}"
        for marker in ("~~~", "make chapter", "papermill", "`res."):
            assert marker not in exercise + solution, \
                f"{page}: reading exercise {exercise[:60]!r} uses code ({marker!r}); move it to the replication track"
    for exercise, solution in replication:
        assert solution.strip(), f"{page}: a replication exercise has no solution: {exercise[:60]!r}"
        assert any(marker in exercise + solution for marker in REPLICATION_MARKERS), \
            f"{page}: replication exercise {exercise[:60]!r} neither re-runs the chapter nor asks for code"


@pytest.mark.parametrize("page", toc_pages()[1])
def test_front_page_guide_and_appendices_stay_unnumbered(page):
    page_html = built_page(page)
    assert h1_number(page_html) is None, f"{page}: an unnumbered page got a chapter number"
    assert not exercise_numbers(page_html)


# --- the student edition ------------------------------------------------------------------------------------

SMALL_CHAPTER = "chapters/05_kyrgyzstan"
SKIP = {".git", ".venv", "_build", "node_modules", ".pytest_cache", "bench", "tests", "__pycache__", "chapters",
        ".tools"}
#: Passed to `make` as JB: runs jupyter-book exactly as the recipe asks, on the small copy instead of ".".
WRAPPER = """import os, subprocess, sys
args = sys.argv[1:]
args[args.index(".")] = os.environ["SMALL_BOOK"]
sys.exit(subprocess.call([sys.executable, {jupyter_book!r}, *args]))
"""


def solution_phrases(page: str) -> list[str]:
    """From each solution of ``page``, its first run of eight plain words (no markup) as printed prose."""
    text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    phrases = []
    for body in re.findall(r"```\{solution\}[^\n]*\n(.*?)\n```", text, flags=re.S):
        body = re.sub(r"~~~.*?~~~", " ", body, flags=re.S)
        prose = " ".join(line for line in body.splitlines() if not line.startswith(":"))
        runs = re.findall(r"(?:\b[A-Za-z]+\b[ ,]+){7}\b[A-Za-z]+\b", prose)
        assert runs, f"no plain-prose phrase found in a solution of {page}"
        phrases.append(runs[0])
    return phrases


def visible_text(page_html: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html)).split())


def make_small_book(dst: Path) -> Path:
    """A copy of the book with two pages: the front page and one chapter (a numbered part)."""
    shutil.copytree(ROOT, dst, ignore=lambda folder, names: [n for n in names if n in SKIP])
    (dst / "chapters").mkdir()
    shutil.copyfile(ROOT / f"{SMALL_CHAPTER}.md", dst / f"{SMALL_CHAPTER}.md")
    (dst / "_toc.yml").write_text("format: jb-book\nroot: intro\nparts:\n  - caption: Small\n    numbered: 1\n"
                                  f"    chapters:\n      - file: {SMALL_CHAPTER}\n", encoding="utf-8")
    for path in (dst / "data").iterdir():
        path.chmod(path.stat().st_mode | 0o200)
    return dst


@pytest.mark.notebook
@pytest.mark.build
def test_student_edition_has_the_exercises_and_no_solutions(tmp_path):
    book = make_small_book(tmp_path / "book")
    build_dir = tmp_path / "build"
    wrapper = tmp_path / "jupyter_book_on_copy.py"
    wrapper.write_text(WRAPPER.format(jupyter_book=str(JUPYTER_BOOK)), encoding="utf-8")
    env = {**os.environ, "SMALL_BOOK": str(book), "PARADIPLOMACY_JOBS": "2",
           "PYTHONPATH": os.pathsep.join([str(book / "lib"), os.environ.get("PYTHONPATH", "")])}
    env.pop("MAKEFLAGS", None)
    # The real `book` recipe; warnings are not errors here only because the copy lacks the pages its links point to.
    result = subprocess.run(["make", "--no-print-directory", "book", "EDITION=student", f"BUILD_DIR={build_dir}",
                             f"JB={sys.executable} {wrapper}", "JB_FLAGS=--keep-going"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    log = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    assert result.returncode == 0, log[-4000:]

    config = yaml.safe_load((build_dir / "student" / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["config"]["hide_solutions"] is True
    html_dir = build_dir / "student" / "_build" / "html"
    assert f"open {html_dir}/index.html" in log.replace(f"{ROOT}/", ""), log[-2000:]
    assert not (build_dir / "html").exists(), "the student edition must not overwrite the full edition"
    assert not (build_dir / ".book-inputs").exists(), "only the full edition records its inputs for `make test`"

    page_html = (html_dir / f"{SMALL_CHAPTER}.html").read_text(encoding="utf-8")
    assert exercise_numbers(page_html) == [f"1.{i}" for i in range(1, exercises_in_source(SMALL_CHAPTER) + 1)]
    for path in html_dir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert 'class="solution' not in text and "Solution to" not in text, f"{path.name} still shows a solution"
        assert "download-source-button" not in text, f"{path.name} offers its source (which holds the solutions)"
    assert not (html_dir / "_sources").exists(), "the page sources (with their solutions) are in the student edition"
    phrases = solution_phrases(SMALL_CHAPTER)
    for path in (p for p in html_dir.rglob("*") if p.is_file() and p.suffix in {".html", ".js", ".ipynb", ".md", ".txt"}):
        text = visible_text(path.read_text(encoding="utf-8", errors="replace"))
        leaked = [phrase for phrase in phrases if phrase in text]
        assert not leaked, f"solution text in the student edition's {path.relative_to(html_dir)}: {leaked}"
    full = HTML / f"{SMALL_CHAPTER}.html"
    if full.is_file():  # the phrases are real: the full edition shows them
        assert all(p in visible_text(full.read_text(encoding="utf-8")) for p in phrases), phrases


def test_an_unknown_edition_is_refused_before_anything_runs(tmp_path):
    marker = tmp_path / "pwned"
    env = {k: v for k, v in os.environ.items() if k != "MAKEFLAGS"}
    result = subprocess.run(["make", "--no-print-directory", "book", f"EDITION=teacher; touch {marker}", "JB=false",
                             f"BUILD_DIR={tmp_path}"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and "is not an edition" in result.stderr, result.stderr[-2000:]
    assert not marker.exists(), "the edition name reached a shell"
    assert not (tmp_path / "html").exists() and not (tmp_path / "student").exists()
