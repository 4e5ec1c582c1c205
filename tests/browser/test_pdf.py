"""The whole book printed as one PDF (`make pdf`, _ext/print_book.py, Debian's headless Chromium).

The print is made once per build of the book: `_build/pdf/book.json` records the build stamp it was printed
from, and a PDF that matches the current build (and the current print script and stylesheet) is reused.
Pages 1-3 are rendered to PNG in `_build/browser/print/` to look at.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from book_browser import ARTIFACTS, BUILD_DIR, ROOT, file_lock

pytestmark = pytest.mark.browser

PDF = BUILD_DIR / "pdf" / "book.pdf"
PRINT_SCRIPT = ROOT / "_ext" / "print_book.py"
PRINT_CSS = ROOT / "_ext" / "print" / "book.css"
#: The whole book printed to 178 A4 pages when this test was written (16 pages of _toc.yml, 23 charts; 38 of
#: the pages landscape, for the audit's claim registry).
PAGES_MIN, PAGES_MAX = 120, 260
#: The front page prints as "About this book" (the title page carries the book's title).
ROOT_PAGE_TITLE = "About this book"


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _current(html_dir: Path) -> bool:
    """Whether book.pdf was printed from this build, by this print script and stylesheet, with solutions."""
    try:
        record = json.loads(PDF.with_suffix(".json").read_text(encoding="utf-8"))
        stamp = json.loads((html_dir / "_build-stamp.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (PDF.is_file() and PDF.stat().st_size == record.get("bytes") and record.get("stamp") == stamp
            and record.get("solutions") is True and record.get("print_book") == _sha(PRINT_SCRIPT)
            and record.get("print_css") == _sha(PRINT_CSS))


def _page_texts(pdf: Path, layout: bool = False) -> list[str]:
    cmd = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), "-"]
    pages = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@pytest.fixture(scope="module")
def book_pdf(chromium, html_dir) -> Path:
    """`make pdf` (the whole book, with solutions), or the PDF already printed from this build."""
    for tool in ("pdfinfo", "pdftotext"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} not found: install poppler-utils (make browser-deps)")
    with file_lock(BUILD_DIR / "pdf" / ".print.lock"):  # one print at a time; the others reuse it
        printed = not _current(html_dir)
        if printed:
            env = {**os.environ, "MAKEFLAGS": ""}
            result = subprocess.run(["make", "-s", "-C", str(ROOT), "pdf", f"BUILD_DIR={BUILD_DIR}",
                                     f"CHROMIUM={chromium}", "SOLUTIONS=1"],
                                    capture_output=True, text=True, env=env, timeout=900)
            assert result.returncode == 0, result.stdout + result.stderr
            assert _current(html_dir), "make pdf wrote no book.pdf/book.json matching this build"
        artifacts = ARTIFACTS / "print"
        artifacts.mkdir(parents=True, exist_ok=True)
        if shutil.which("pdftoppm") and (printed or not list(artifacts.glob("book-*.png"))):
            subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "3", str(PDF), str(artifacts / "book")],
                           check=True)
    return PDF


@pytest.fixture(scope="module")
def pdf_text(book_pdf) -> list[str]:
    return _page_texts(book_pdf)


@pytest.fixture(scope="module")
def chapters(html_dir) -> list[dict]:
    """Each page of _toc.yml in order: its title (the H1 of the built page) and its charts' titles."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                docs.append(re.sub(r"\.(md|ipynb)$", "", entry["file"]))
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    out = []
    for doc in docs:
        soup = BeautifulSoup((html_dir / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.bd-article")
        for link in article.select("a.headerlink"):
            link.decompose()
        charts = []
        for figure in article.select("figure.paradiplomacy-chart"):
            svg = figure.find("svg", recursive=False)
            assert svg is not None, f"{doc}: a chart figure without its static SVG"
            title = svg.find("title")
            # Labels that Vega hides to avoid overlaps keep their <text> with opacity 0: not drawn.
            texts = {_norm(t.get_text("")) for t in svg.find_all("text")
                     if not any(el.get("opacity") in ("0", "0.0") for el in (t, *t.parents))}
            charts.append({"title": _norm(title.get_text("")) if title else "",
                           "texts": sorted(t for t in texts if len(t) >= 3)})
        title = ROOT_PAGE_TITLE if doc == docs[0] else _norm(article.find("h1").get_text(""))
        out.append({"doc": doc, "title": title, "charts": charts})
    return out


def test_printed_once_with_the_page_numbers_found_by_the_layout_pass(book_pdf):
    """print_book finds where the chapters start from a print that paints nothing, so the real PDF is printed once:
    a second print would mean the layout pass broke the pages differently (the numbers are still checked and put
    right, see test_contents_list_every_chapter_with_the_page_it_starts_on, but the print takes twice as long)."""
    record = json.loads(book_pdf.with_suffix(".json").read_text(encoding="utf-8"))
    assert record["prints"] == 1, f"the book was printed {record['prints']} times"


def test_page_count_and_size(book_pdf):
    info = subprocess.run(["pdfinfo", str(book_pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, flags=re.M).group(1))
    assert PAGES_MIN <= pages <= PAGES_MAX, f"{pages} pages, expected {PAGES_MIN}-{PAGES_MAX} (178 when measured)"
    assert re.search(r"^Page size:.*\(A4\)", info, flags=re.M), "not printed on A4"
    record = json.loads(book_pdf.with_suffix(".json").read_text(encoding="utf-8"))
    assert record["pages"] == pages
    assert book_pdf.stat().st_size < 40_000_000, f"{book_pdf.stat().st_size} bytes"


def test_title_page_names_the_book_the_authors_and_the_article(pdf_text, html_dir):
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    first = _norm(pdf_text[0])
    assert _norm(config["title"]) in first, f"book title missing from page 1: {first[:300]}"
    assert _norm(config["author"]) in first
    soup = BeautifulSoup((html_dir / "intro.html").read_text(encoding="utf-8"), "html.parser")
    cite = soup.select_one("article .bibtex-citation a")
    assert cite is not None, "the front page cites no article"
    assert "a replication of" in first.lower() and _norm(cite.get_text("")) in first, \
        "the title page does not name the article the front page names"
    assert "Instructor copy" in first
    assert not re.search(r"^\s*1\s*$", pdf_text[0], flags=re.M), "the title page carries a page number"


def test_contents_list_every_chapter_with_the_page_it_starts_on(pdf_text, chapters):
    """The contents (page 2 on) give each page of _toc.yml, in order, with a page number; that page starts
    the chapter (its title is there and, in the footer, its number)."""
    contents = " ".join(_norm(p) for p in pdf_text[1:4])
    assert "Contents" in contents
    numbers, at = [], 0
    for chapter in chapters:
        m = re.compile(re.escape(chapter["title"]) + r" (\d+)\b").search(contents, at)
        assert m, f"contents: no entry with a page number for {chapter['title']!r}"
        numbers.append(int(m.group(1)))
        at = m.end()
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers), f"page numbers out of order: {numbers}"
    for chapter, number in zip(chapters, numbers):
        page = _norm(pdf_text[number - 1])
        assert chapter["title"] in page, f"{chapter['title']!r} is not on page {number}, where the contents put it"
        assert re.search(rf"(^|\s){number}\s*$", pdf_text[number - 1].strip()), \
            f"page {number} shows no page number {number} at its foot"


def test_every_chapter_title_appears_in_order(pdf_text, chapters):
    body_start = next(i for i, text in enumerate(pdf_text) if ROOT_PAGE_TITLE in text and "Contents" not in text)
    body = " ".join(_norm(t) for t in pdf_text[body_start:])
    at = 0
    for chapter in chapters:
        found = body.find(chapter["title"], at)
        assert found >= 0, f"{chapter['title']!r} ({chapter['doc']}) not found after the previous chapter"
        at = found + len(chapter["title"])


def test_every_chart_is_printed_as_its_static_svg(book_pdf, pdf_text, chapters):
    """The print document has one static SVG with marks per chart figure of the HTML pages, and each chart is
    drawn in the PDF: its title, and most of the other text it draws (axis labels, values), on one page."""
    expected = [chart for chapter in chapters for chart in chapter["charts"]]
    assert expected, "the built book has no chart"
    soup = BeautifulSoup(book_pdf.with_suffix(".html").read_text(encoding="utf-8"), "html.parser")
    printed = soup.select("figure.paradiplomacy-chart > svg")
    assert len(printed) == len(expected) == len(soup.select("figure.paradiplomacy-chart")), \
        f"{len(expected)} charts in the HTML pages, {len(printed)} static SVGs in the print document"
    assert all(svg.select("g[class*='mark-'] > *") for svg in printed), "a printed chart has no marks"
    assert not soup.select(".paradiplomacy-chart-interactive, script"), "scripts or interactive charts printed"
    pages = [_norm(t) for t in pdf_text]
    page = 0
    for chart in expected:
        assert chart["title"], "a chart without a title"
        # The title may also be on a page before, in the code that draws the chart: take the first page from
        # here on with the title and most of the other text the chart draws (axis labels, values).
        candidates = [i for i in range(page, len(pages)) if chart["title"] in pages[i]]
        assert candidates, f"chart {chart['title']!r} not drawn in the PDF (or out of order)"
        shown = {i: [t for t in chart["texts"] if t in pages[i]] for i in candidates[:3]}
        drawn = [i for i in shown if len(shown[i]) >= 0.8 * len(chart["texts"])]
        best = max(shown, key=lambda i: len(shown[i]))
        assert drawn, (
            f"chart {chart['title']!r}: at most {len(shown[best])} of its {len(chart['texts'])} labels on page "
            f"{best + 1}, missing e.g. {sorted(set(chart['texts']) - set(shown[best]))[:5]}")
        page = drawn[0] + 1


def test_nothing_from_another_host(book_pdf, browser):
    """No link in the PDF points to another host (addresses are printed as text), the print document loads
    only local files, and opening it requests nothing from another host."""
    data = book_pdf.read_bytes()
    uris = re.findall(rb"/URI\s*\(([^)]*)\)", data)
    assert not uris, f"links to other hosts in the PDF: {uris[:5]}"
    source = book_pdf.with_suffix(".html")
    html = source.read_text(encoding="utf-8")
    remote = re.findall(r"""(?:src|href)\s*=\s*["']((?:https?:)?//[^"']+)""", html)
    assert not remote, f"the print document refers to other hosts: {remote[:5]}"
    context = browser.new_context(viewport={"width": 665, "height": 900})
    try:
        page = context.new_page()
        page.goto(source.as_uri(), wait_until="load")
        assert not context.blocked, f"requests to other hosts: {context.blocked[:5]}"
    finally:
        context.close()


MEASURE = """(landscape) => {
    const hide = document.getElementById('measure') || document.head.appendChild(document.createElement('style'));
    hide.id = 'measure';
    hide.textContent = landscape ? '' : '.print-landscape { display: none !important; }';
    const width = document.documentElement.clientWidth + 1;
    const scope = landscape ? '.print-landscape ' : '';
    const wide = [...document.querySelectorAll(`${scope}table, ${scope}figure.paradiplomacy-chart > svg`)]
      .filter(t => t.getBoundingClientRect().right > width)
      .map(t => (t.closest('section.print-chapter')?.id || '?') + ': ' + t.tagName + ' '
                 + Math.round(t.getBoundingClientRect().width) + 'px');
    const clipped = [...document.querySelectorAll(`${scope}table`)].filter(t => {
      for (let e = t.parentElement; e && e !== document.body; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1) return true;
      }
      return false;
    }).length;
    return {tables: document.querySelectorAll(`${scope}table`).length, wide, clipped,
            page: document.documentElement.scrollWidth, text: document.documentElement.clientWidth};
}"""


@pytest.mark.parametrize("orientation,width", [("portrait", 665), ("landscape", 994)])
def test_tables_print_whole(book_pdf, browser, orientation, width):
    """In print media, at the width of the text of an A4 page (176 mm = 665 CSS px; 263 mm = 994 px for the
    tables print_book.py puts on landscape pages), nothing is wider than the text (no table, no chart) and no
    table is clipped by a scroll box."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(book_pdf.with_suffix(".html").as_uri(), wait_until="load")
        page.emulate_media(media="print")
        result = page.evaluate(MEASURE, orientation == "landscape")
        if orientation == "portrait":
            assert result["tables"] > 10
        assert not result["wide"], f"wider than the page: {result['wide'][:10]}"
        # Anything wider would make Chromium shrink every page of the PDF to fit it.
        assert result["page"] <= result["text"] + 1, f"the print document is {result['page']}px wide"
        assert result["clipped"] == 0, f"{result['clipped']} table(s) cut off by a scroll box"
    finally:
        context.close()


def test_student_copy_leaves_the_solutions_out(html_dir, tmp_path):
    """--solutions 0 (make pdf SOLUTIONS=0): the print document keeps every exercise and no solution."""
    out = tmp_path / "pdf" / "book-student.pdf"
    result = subprocess.run([sys.executable, str(PRINT_SCRIPT), "--html-dir", str(html_dir), "--solutions", "0",
                             "--out", str(out), "--html-only"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    soup = BeautifulSoup(out.with_suffix(".html").read_text(encoding="utf-8"), "html.parser")
    exercises = [len(BeautifulSoup((html_dir / p).read_text(encoding="utf-8"), "html.parser")
                     .select("article div.exercise")) for p in ("chapters/01_introduction.html",)]
    assert soup.select("div.exercise") and exercises[0] > 0
    assert not soup.select("div.solution"), "solutions printed in the student copy"
    assert "Student copy" in soup.select_one(".print-title-page").get_text(" ")
