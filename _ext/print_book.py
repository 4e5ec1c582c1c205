"""Print the whole book as one PDF with headless Chromium (``make pdf``; ``make pdf CH=...`` prints one chapter).

The PDF is made from the built HTML (``_build/html``), not from the sources, so it shows exactly what the web
book shows: every number, table and chart as built. Steps:

1. Each page in ``_toc.yml`` order (the front page first) is read from ``_build/html`` and its article kept
   (navigation, buttons, scripts and the per-page build line dropped). Ids are prefixed per page (and per
   chart SVG) so that they stay unique in one document; links between pages become links inside the PDF;
   links to other hosts become plain text with the address printed after them, so the PDF has no link to,
   and loads nothing from, another host.
2. Charts print as the static SVG each chart figure carries (the interactive copy is JavaScript, removed).
   Outputs folded on the web page ("Show code cell output") print unfolded; exercises print with their
   solutions (instructor copy, ``--solutions 1``, the default) or without them (``--solutions 0``).
3. One document is written to ``_build/pdf/book.html``: a title page (title, author, the article replicated as
   the front page names it, edition, build), a table of contents, then the pages, each chapter on a new page
   with its title as running head and the page number in the footer (CSS ``@page`` margin boxes). Its styles
   are the book's own (``_build/html/_static``) plus ``_ext/print/book.css``. Long identifiers in table cells
   may break after "_", "/" and "."; a table still wider than the page's text (measured in print media with
   Playwright, which the browser tests use, driving the same Chromium) is scaled down to fit, or put on
   landscape pages when it is much wider, because Chromium would otherwise shrink every page to the widest
   table.
4. Chromium prints it, driven by Playwright with the document loaded once. It measures the tables (step 3);
   prints the document with every element hidden (CSS visibility keeps each in its place, so the pages break
   as in the real print, but nothing is painted: about a tenth of the time) and reads back the page on which
   each chapter starts from that PDF's named destinations (poppler's ``pdfinfo -dests``: Chromium names one for
   each chapter the contents link to); writes those numbers into the contents of the open document; and prints
   the PDF (outline from the headings, tagged). The PDF's own destinations are then checked against the numbers
   written, and it is printed again only if they moved. Without ``pdfinfo`` the contents keep their links but
   show no page numbers; without Playwright, Chromium's ``--print-to-pdf`` prints a fresh load each time (twice:
   once for the numbers) and wide tables are not fitted.
``book.json`` beside the PDF records what was printed (build stamp, chapters and their first pages, charts), so
a later check can tell whether the PDF matches the current build.

Usage: python _ext/print_book.py [--html-dir _build/html] [--out _build/pdf/book.pdf] [--solutions 1|0]
                                 [--chromium /usr/bin/chromium] [--chromium-flags "..."]
                                 [--html-only [--fit-tables]]
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import posixpath
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from bs4 import BeautifulSoup, NavigableString, Tag

ROOT = Path(__file__).resolve().parents[1]
PRINT_CSS = Path(__file__).resolve().parent / "print" / "book.css"
DEFAULT_FLAGS = ("--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
                 "--disable-component-update --disable-sync --disable-quic --disable-extensions")
#: A line of ``pdfinfo -dests``: page, destination, "name".
DEST_RE = re.compile(r'^\s*(\d+)\s+\[[^\]]*\]\s+"(.*)"\s*$')
#: Ids made by pandas' Styler (T_<uuid>_...) are unique already, and its <style> blocks refer to them.
STYLER_ID = re.compile(r"^T_[0-9a-f]{5,}")
#: The width of the text on a page: A4 (210 mm) less the left and right margins of _ext/print/book.css (17 mm).
TEXT_WIDTH_PX = (210 - 2 * 17) / 25.4 * 96
#: The same on a landscape page (297 mm less the margins).
LANDSCAPE_TEXT_WIDTH_PX = (297 - 2 * 17) / 25.4 * 96
#: A table wider than the text is scaled down (CSS zoom) to fit; one that would be scaled below this goes on
#: landscape pages instead (with the code cell it belongs to), scaled down there too if need be, but to no less
#: than MIN_TABLE_ZOOM: wider still, it is left as it is and Chromium shrinks all pages (a warning says which).
LANDSCAPE_BELOW = 0.85
MIN_TABLE_ZOOM = 0.6
#: Tables with this many columns or more print in a smaller font (see _ext/print/book.css).
WIDE_TABLE_COLUMNS = 9
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


@dataclass
class Chapter:
    doc: str                  # docname, e.g. chapters/01_introduction
    part: str | None          # the part caption in _toc.yml
    slug: str = ""
    title: str = ""           # the H1 as the web page shows it
    print_title: str = ""     # as the PDF shows it (the front page is "About this book")
    first_page: int | None = None
    charts: list[str] = field(default_factory=list)   # each chart's title (the SVG's <title>)


# --------------------------------------------------------------------------- reading the book
def toc_docs(root: Path) -> list[Chapter]:
    """Every page of ``_toc.yml`` in reading order (root first), with the part each belongs to."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    out = [Chapter(toc["root"], None)]

    def walk(entries, part):
        for entry in entries or []:
            if "file" in entry:
                out.append(Chapter(re.sub(r"\.(md|ipynb|rst)$", "", str(entry["file"])), part))
            walk(entry.get("sections"), part)
            walk(entry.get("chapters"), part)

    for part in toc.get("parts", []):
        walk(part.get("chapters"), part.get("caption"))
    walk(toc.get("chapters"), None)
    return out


def slug_of(doc: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", doc)


def resolve(page_doc: str, href: str) -> tuple[str, str]:
    """A relative href on page ``page_doc`` as (path relative to html/, fragment)."""
    parts = urlsplit(href)
    if not parts.path:
        return page_doc + ".html", unquote(parts.fragment)
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page_doc), unquote(parts.path)))
    return path, unquote(parts.fragment)


class Book:
    def __init__(self, root: Path, html_dir: Path, out_dir: Path, solutions: bool):
        self.root, self.html_dir, self.out_dir, self.solutions = root, html_dir, out_dir, solutions
        self.chapters = toc_docs(root)
        for ch in self.chapters:
            ch.slug = slug_of(ch.doc)
        self.slugs = {ch.doc + ".html": ch.slug for ch in self.chapters}
        self.config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
        self.stylesheets: list[str] = []
        self.stale = False
        self.svg_count = 0
        self.table_count = 0
        self.replicates: tuple[str, str] = ("", "")   # (the article as the front page names it, its full entry)
        self.bodies: dict[str, Tag] = {}
        self._rendered: dict[str, str] = {}   # each chapter's body as printed (made once; fit() starts again)

    # ---- links and ids
    def to_html_dir(self, rel: str) -> str:
        """A path relative to html/ as seen from the print document (in out_dir)."""
        return Path(os.path.relpath(self.html_dir / rel, self.out_dir)).as_posix()

    def internal_target(self, page: str, href: str) -> str | None:
        path, frag = resolve(page, href)
        slug = self.slugs.get(path)
        if slug is None:
            return None
        return f"#{slug}--{frag}" if frag else f"#{slug}"

    def load(self) -> None:
        missing = [ch.doc for ch in self.chapters if not (self.html_dir / f"{ch.doc}.html").is_file()]
        if missing:
            raise SystemExit(f"print_book: pages missing from {self.html_dir}: {', '.join(missing)} (run make book)")
        for ch in self.chapters:
            self.bodies[ch.doc] = self.clean_page(ch)
        ids = {el["id"] for body in self.bodies.values() for el in body.find_all(id=True)} | {
            ch.slug for ch in self.chapters}
        for ch in self.chapters:
            self.rewrite_links(self.bodies[ch.doc], ch, ids)

    def clean_page(self, ch: Chapter) -> Tag:
        page = f"{ch.doc}.html"
        soup = BeautifulSoup((self.html_dir / page).read_text(encoding="utf-8"), "html.parser")
        if not self.stylesheets:
            for link in soup.select('link[rel~="stylesheet"]'):
                href = link.get("href", "")
                if href and not EXTERNAL.match(href):
                    self.stylesheets.append(self.to_html_dir(resolve(ch.doc, href)[0]))
        if soup.select_one(".build-stale"):
            self.stale = True
        article = soup.select_one("article.bd-article")
        if article is None:
            raise SystemExit(f"print_book: {page} has no <article class='bd-article'>: not a Jupyter Book page?")
        h1 = article.find("h1")
        for a in article.select("a.headerlink"):
            a.decompose()
        ch.title = " ".join(h1.get_text("").split()) if h1 else ch.doc
        ch.print_title = ch.title
        if ch.part is None and ch is self.chapters[0]:
            self.front_page(ch, article, h1)
        for tag in article.select("script, .build-stamp, .paradiplomacy-chart-interactive, button, "
                                  "template, noscript"):
            tag.decompose()
        if not self.solutions:
            for tag in article.select("div.solution, div.solution-start, div.solution-end"):
                tag.decompose()
        # Folded outputs print unfolded (their toggle means nothing on paper).
        for details in article.find_all("details"):
            summary = details.find("summary")
            if summary and "hide" in (details.get("class") or []):
                summary.decompose()
                details.name = "div"
                details["class"] = ["print-unfolded"]
            else:
                details["open"] = ""
        # Each chart SVG: ids unique per SVG (clip paths, gradients), title recorded.
        for svg in article.select("figure.paradiplomacy-chart > svg"):
            self.svg_count += 1
            title = svg.find("title")
            ch.charts.append(" ".join(title.get_text("").split()) if title else "")
            self.prefix_svg_ids(svg, f"c{self.svg_count}-")
        self.prefix_ids(article, ch)
        for table in article.find_all("table"):
            self.table_count += 1
            table["data-print-table"] = str(self.table_count)
            columns = max((len(row.find_all(["td", "th"])) for row in table.find_all("tr")), default=0)
            if columns >= WIDE_TABLE_COLUMNS:
                table["class"] = [*(table.get("class") or []), "print-wide"]
            break_identifiers(table)
        section = soup.new_tag("section", attrs={"class": "print-chapter", "id": ch.slug, "data-doc": ch.doc})
        for child in list(article.children):
            section.append(child.extract())
        return section

    def front_page(self, ch: Chapter, article: Tag, h1: Tag | None) -> None:
        """The front page prints as "About this book" (the title page carries the title); its toctree is
        the table of contents. The first citation on it names the article the book replicates."""
        cite = article.select_one(".bibtex-citation a[href]")
        if cite is not None:
            named = " ".join(cite.get_text("").split())
            entry = ""
            path, frag = resolve(ch.doc, cite["href"])
            target = self.html_dir / path
            if frag and target.is_file():
                bib = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                node = bib.find(id=frag)
                if node is not None:
                    entry = " ".join(node.find("p").get_text("").split()) if node.find("p") else ""
            # The entry repeats the title the citation shows: keep what it adds.
            title = " ".join(cite.find("em").get_text("").split()) if cite.find("em") else ""
            if title and entry.startswith(title):
                entry = entry[len(title):].lstrip(" .")
            self.replicates = (named, entry)
        for tag in article.select(".toctree-wrapper"):
            tag.decompose()
        if h1 is not None:
            h1.string = "About this book"
            ch.print_title = "About this book"

    def prefix_svg_ids(self, svg: Tag, prefix: str) -> None:
        ids = {el["id"] for el in svg.find_all(id=True)}
        if not ids:
            return
        for el in svg.find_all(True):
            for attr, value in list(el.attrs.items()):
                if attr == "id" and value in ids:
                    el[attr] = prefix + value
                elif isinstance(value, str) and "#" in value:
                    new = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})"
                                 if m.group(1) in ids else m.group(0), value)
                    if attr in ("href", "xlink:href") and value.startswith("#") and value[1:] in ids:
                        new = "#" + prefix + value[1:]
                    el[attr] = new

    def prefix_ids(self, article: Tag, ch: Chapter) -> None:
        def fix(value: str) -> str:
            return value if STYLER_ID.match(value) else f"{ch.slug}--{value}"

        for el in article.find_all(id=True):
            if el.name == "svg" or el.find_parent("svg") is not None:
                continue  # chart SVGs have their own prefixes (prefix_svg_ids)
            el["id"] = fix(el["id"])
        for el in article.find_all(attrs={"for": True}):
            el["for"] = fix(el["for"])
        for attr in ("aria-labelledby", "aria-describedby", "aria-controls"):
            for el in article.find_all(attrs={attr: True}):
                el[attr] = " ".join(fix(v) for v in el[attr].split())

    def rewrite_links(self, article: Tag, ch: Chapter, ids: set[str]) -> None:
        for a in article.find_all("a", href=True):
            if a.find_parent("svg") is not None:
                continue
            href = a["href"]
            if href.startswith(("http://", "https://", "//", "mailto:")):
                # No link to another host in the PDF: the address is printed after the text instead.
                shown = " ".join(a.get_text(" ", strip=True).split())
                a.name = "span"
                a.attrs = {"class": ["print-external"]}
                address = href.removeprefix("mailto:")
                doi = shown[4:] if shown.lower().startswith("doi:") else None
                if shown.rstrip("/") != address.rstrip("/") and not (doi and address.endswith("/" + doi)):
                    note = BeautifulSoup("", "html.parser").new_tag("span", attrs={"class": "print-url"})
                    note.string = f" ({address})"
                    a.insert_after(note)
                continue
            target = self.internal_target(ch.doc, href)
            if target is None or target[1:] not in ids:
                a.name = "span"   # downloads, the search page, folded-away solutions: nothing to link to on paper
                a.attrs = {"class": ["print-unlinked"]}
            else:
                a["href"] = target
                for attr in ("target", "rel"):
                    a.attrs.pop(attr, None)
        for el in article.find_all(src=True):
            if not EXTERNAL.match(el["src"]) and not el["src"].startswith("data:"):
                el["src"] = self.to_html_dir(resolve(ch.doc, el["src"])[0])

    def fit(self, widths: dict[str, float]) -> int:
        """Fit each table of ``widths`` (CSS px, from fit_tables) to the page: a little too wide, it is scaled
        down (CSS zoom); much too wide, its cell goes on landscape pages (scaled down too if need be)."""
        fitted = 0
        self._rendered.clear()
        for body in self.bodies.values():
            slug, where = body["id"], body.get("data-doc")
            for table in body.find_all("table", attrs={"data-print-table": True}):
                width = widths.get(table["data-print-table"])
                if not width:
                    continue
                zoom, how = TEXT_WIDTH_PX / width * 0.99, "scaled to"
                if zoom < LANDSCAPE_BELOW:
                    box = table.find_parent("div", class_="cell") or table
                    wrapper = BeautifulSoup("", "html.parser").new_tag(
                        "div", attrs={"class": "print-landscape", "style": f"page: p-{slug}-landscape"})
                    box.wrap(wrapper)
                    zoom, how = min(1.0, LANDSCAPE_TEXT_WIDTH_PX / width * 0.99), "on landscape pages at"
                if zoom < MIN_TABLE_ZOOM:
                    print(f"print_book: WARNING: a table in {where} is {width:.0f}px wide, too wide for the page "
                          f"even at {MIN_TABLE_ZOOM:.0%}: Chromium will shrink every page", file=sys.stderr)
                    continue
                if zoom < 1:
                    table["style"] = f"zoom: {zoom:.3f}; " + table.get("style", "")
                print(f"print_book: a table in {where} printed {how} {zoom:.0%}", file=sys.stderr)
                fitted += 1
        return fitted

    # ---- the print document
    def stamp(self) -> dict:
        try:
            return json.loads((self.html_dir / "_build-stamp.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def document(self, pages: dict[str, int] | None) -> str:
        title = str(self.config.get("title") or "Untitled")
        author = str(self.config.get("author") or "")
        stamp = self.stamp()
        licence = " ".join(str((self.config.get("html") or {}).get("extra_footer") or "").split())
        esc = html.escape
        named, entry = self.replicates
        edition = ("Instructor copy: exercises with their solutions" if self.solutions
                   else "Student copy: exercises without solutions")
        built = (f"Printed from the HTML build of {stamp.get('built', 'an unknown date')} "
                 f"(commit {stamp.get('commit', 'unknown')}, inputs {stamp.get('inputs', 'unknown')}).")
        stale = ('<p class="print-stale">These pages are stale: the last build failed, so they may not match the '
                 "current data or code. Run <code>make book</code> and print again.</p>") if self.stale else ""
        head = "\n".join(f'<link rel="stylesheet" href="{esc(href)}">' for href in self.stylesheets)
        css = PRINT_CSS.read_text(encoding="utf-8")
        running = "\n".join(
            f'@page p-{ch.slug}{landscape} {{ {size}@top-right {{ content: "{css_string(ch.print_title)}"; }} }}'
            for ch in self.chapters for landscape, size in (("", ""), ("-landscape", "size: A4 landscape; ")))
        out = [f"""<!DOCTYPE html>
<html lang="{esc(str((self.config.get('sphinx') or {}).get('config', {}).get('language', 'en')))}" data-theme="light">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<meta name="author" content="{esc(author)}">
{head}
<style>
{css}
@page {{ @top-left {{ content: "{css_string(title)}"; }} }}
{running}
</style>
</head>
<body class="print-book">
<section class="print-title-page" id="print-title-page">
  <p class="print-book-title">{esc(title)}</p>
  <p class="print-author">{esc(author)}</p>
  {f'<p class="print-replicates-label">A replication of</p>' if named else ''}
  {f'<p class="print-replicates">{esc(named)}</p>' if named else ''}
  {f'<p class="print-replicates-entry">{esc(entry)}</p>' if entry else ''}
  <div class="print-colophon">
    <p class="print-edition">{esc(edition)}</p>
    <p>{esc(built)}</p>
    {f'<p>{esc(licence)}</p>' if licence else ''}
    {f"<p>&#169; {esc(str(self.config.get('copyright')))} {esc(author)}</p>" if self.config.get('copyright') else ''}
    {stale}
  </div>
</section>
<nav class="print-toc" id="print-contents" aria-label="Contents">
<h1 class="print-toc-title">Contents</h1>
<ol class="print-toc-list">"""]
        part = None
        for ch in self.chapters:
            if ch.part and ch.part != part:
                out.append(f'<li class="print-toc-part">{esc(ch.part)}</li>')
            part = ch.part
            number = str(pages[ch.doc]) if pages and pages.get(ch.doc) else ""
            out.append(f'<li class="print-toc-entry"><a href="#{ch.slug}"><span class="print-toc-text">'
                       f'{esc(ch.print_title)}</span><span class="print-toc-leader"></span>'
                       f'<span class="print-toc-page">{number}</span></a></li>')
        out.append("</ol>\n</nav>")
        part = None
        for ch in self.chapters:
            first = bool(ch.part and ch.part != part)
            part = ch.part
            key = f"{ch.doc}\0{first}"
            if key not in self._rendered:  # the same in every pass: made once (and the body left as it was)
                body = self.bodies[ch.doc]
                style = body.get("style")
                body["style"] = f"page: p-{ch.slug}"   # a named page: the chapter's running head
                kicker = None
                if first:
                    h1 = body.find("h1")
                    kicker = BeautifulSoup(f'<p class="print-part-name">{esc(ch.part)}</p>', "html.parser").p
                    (h1.insert_before(kicker) if h1 else body.insert(0, kicker))
                self._rendered[key] = str(body)
                if kicker is not None:
                    kicker.extract()
                if style is None:
                    del body["style"]
                else:
                    body["style"] = style
            out.append(self._rendered[key])
        out.append("</body>\n</html>\n")
        return "\n".join(out)


#: Makes new tags (one parser for them all: parsing "<wbr>" anew for each break cost seconds).
_TAGS = BeautifulSoup("", "html.parser")
IDENTIFIER_BREAK = re.compile(r"(?<=[_/])|(?<=\.)(?=[A-Za-z])")


def break_identifiers(table: Tag) -> None:
    """Let long identifiers in table cells (claim ids such as grim.t1_uzbekistan_r1, paths) break after "_", "/"
    and "." (a <wbr>), so that they do not hold a column, and with it the table, wider than the page."""
    for cell in table.find_all(["td", "th"]):
        for text in list(cell.find_all(string=True)):
            if len(text) < 12 or text.parent.name in ("style", "script") or not IDENTIFIER_BREAK.search(text):
                continue
            pieces = [piece for piece in IDENTIFIER_BREAK.split(str(text)) if piece]
            if len(pieces) < 2:
                continue
            new = []
            for i, piece in enumerate(pieces):
                if i:
                    new.append(_TAGS.new_tag("wbr"))
                new.append(NavigableString(piece))
            text.replace_with(*new)


#: Widths (CSS px, by data-print-table number) of the tables wider than ``width`` in the open print document.
WIDE_TABLES_JS = """(width) => Object.fromEntries(
  [...document.querySelectorAll('table[data-print-table]')]
    .map(t => [t.dataset.printTable, t.getBoundingClientRect().width])
    .filter(([, w]) => w > width + 0.5))"""


class Printer:
    """One headless Chromium (driven by Playwright, which the browser tests use) with the print document open:
    it measures the tables in print media, finds where the chapters start (a layout pass), takes the page numbers
    into the contents and prints the PDF, without starting the browser or loading the document again (each load
    of the whole book costs seconds). Only ``file:`` URLs load; anything else is refused."""

    def __init__(self, chromium: str, flags: str):
        from playwright.sync_api import sync_playwright

        args = [flag for flag in shlex.split(flags) if flag != "--headless"]
        self._pw = sync_playwright().start()
        try:
            self.browser = self._pw.chromium.launch(executable_path=chromium, args=args)
            self.page = self.browser.new_page(viewport={"width": round(TEXT_WIDTH_PX), "height": 1000})
            self.page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                            else route.abort())
        except Exception:
            self._pw.stop()
            raise

    def open(self, source: Path) -> None:
        self.page.goto(source.resolve().as_uri(), wait_until="load")
        self.page.evaluate("() => document.fonts.ready.then(() => true)")
        self.page.emulate_media(media="print")

    def wide_tables(self, text_width: float) -> dict[str, float]:
        """Each table still wider than the page's text, with its width (Chromium would otherwise shrink every page
        of the PDF to fit the widest table)."""
        return self.page.evaluate(WIDE_TABLES_JS, text_width)

    def number_contents(self, pages: dict[str, int]) -> None:
        """Write the page numbers into the open document's contents (as ``Book.document(pages)`` writes them)."""
        self.page.evaluate("""(pages) => { for (const [slug, n] of Object.entries(pages)) {
            document.querySelector(`.print-toc-entry a[href="#${slug}"] .print-toc-page`).textContent = String(n);
          } }""", pages)

    def layout_pages(self, pdf: Path, slugs: list[str]) -> dict[int, int] | None:
        """``start_pages`` of the open document, from a print in which every element is hidden (CSS visibility):
        the pages break where they do in the real print, since hidden elements keep their place, but nothing is
        painted, which takes a tenth of the time. The real print is checked against these numbers afterwards."""
        layout = pdf.with_suffix(".layout.pdf")
        hide = self.page.add_style_tag(content="body * { visibility: hidden !important; }")
        try:
            self.page.pdf(path=str(layout), prefer_css_page_size=True)
            return start_pages(layout, slugs)
        finally:
            hide.evaluate("node => node.remove()")
            layout.unlink(missing_ok=True)

    def print(self, pdf: Path) -> None:
        tmp = pdf.with_suffix(".tmp.pdf")
        try:
            self.page.pdf(path=str(tmp), prefer_css_page_size=True, print_background=True, outline=True, tagged=True)
            if not tmp.is_file() or tmp.read_bytes()[:5] != b"%PDF-":
                raise SystemExit("print_book: Chromium wrote no PDF")
            tmp.replace(pdf)
        finally:
            tmp.unlink(missing_ok=True)

    def close(self) -> None:
        try:
            self.browser.close()
        finally:
            self._pw.stop()


def css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


# --------------------------------------------------------------------------- printing
def print_pdf(chromium: str, flags: str, source: Path, pdf: Path) -> None:
    profile = tempfile.mkdtemp(prefix="print-book-")
    tmp = pdf.with_suffix(".tmp.pdf")
    try:
        cmd = [chromium, *shlex.split(flags), f"--user-data-dir={profile}", "--no-pdf-header-footer",
               "--generate-pdf-document-outline", "--run-all-compositor-stages-before-draw",
               "--virtual-time-budget=20000", f"--print-to-pdf={tmp}", source.resolve().as_uri()]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if result.returncode != 0 or not tmp.is_file() or tmp.read_bytes()[:5] != b"%PDF-":
            raise SystemExit(f"print_book: Chromium failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
        tmp.replace(pdf)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        tmp.unlink(missing_ok=True)


def start_pages(pdf: Path, slugs: list[str]) -> dict[int, int] | None:
    """The page each chapter starts on (by its index in ``slugs``), from the PDF's named destinations: Chromium
    names one for each element a link of the document points to, and the contents link to every chapter.
    None without poppler's ``pdfinfo`` or when a chapter has no destination."""
    if not shutil.which("pdfinfo"):
        return None
    listing = subprocess.run(["pdfinfo", "-dests", str(pdf)], capture_output=True, text=True, check=True).stdout
    dests = {}
    for line in listing.splitlines():
        m = DEST_RE.match(line)
        if m:
            dests.setdefault(m.group(2), int(m.group(1)))
    found = {i: dests[slug] for i, slug in enumerate(slugs) if slug in dests}
    return found if len(found) == len(slugs) else None


def pdf_page_count(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, flags=re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="the book's sources (_toc.yml, _config.yml)")
    ap.add_argument("--html-dir", type=Path, default=ROOT / "_build" / "html")
    ap.add_argument("--out", type=Path, default=None, help="default: <html-dir>/../pdf/book.pdf "
                                                          "(book-student.pdf without solutions)")
    ap.add_argument("--solutions", choices=("0", "1"), default="1",
                    help="1: print each exercise's solution (instructor copy); 0: leave them out")
    ap.add_argument("--chromium", default=os.environ.get("PARADIPLOMACY_CHROMIUM", "/usr/bin/chromium"))
    ap.add_argument("--chromium-flags", default=DEFAULT_FLAGS)
    ap.add_argument("--html-only", action="store_true", help="write the print document, do not print it")
    ap.add_argument("--fit-tables", action="store_true", help="with --html-only: fit wide tables all the same")
    args = ap.parse_args(argv)

    solutions = args.solutions == "1"
    html_dir = args.html_dir.resolve()
    if not (html_dir / f"{toc_docs(args.root)[0].doc}.html").is_file():
        print(f"print_book: no built book in {html_dir}: run make book first", file=sys.stderr)
        return 2
    # Beside html/ as given (it may be a link to a build elsewhere), not beside the folder it points to.
    out = args.out or args.html_dir.absolute().parent / "pdf" / ("book.pdf" if solutions else "book-student.pdf")
    out.parent.mkdir(parents=True, exist_ok=True)
    out = out.resolve()
    source = out.with_suffix(".html")
    book = Book(args.root.resolve(), html_dir, out.parent, solutions)
    book.load()
    if book.stale:
        print("print_book: WARNING: the built pages are marked stale (the last make book failed); "
              "the title page says so", file=sys.stderr)
    stamp = book.stamp()
    try:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from build_stamp import inputs_hash

        if stamp.get("inputs") and inputs_hash(book.root) != stamp["inputs"]:
            print("print_book: WARNING: the sources changed since _build/html was built; "
                  "run make book to print the current book", file=sys.stderr)
    except Exception:  # noqa: BLE001 - only a warning
        pass

    source.write_text(book.document(None), encoding="utf-8")
    if args.html_only and not args.fit_tables:
        print(f"Print document: {source}")
        return 0
    if not (Path(args.chromium).is_file() or shutil.which(args.chromium)):
        print(f"print_book: headless Chromium not found at {args.chromium}: run make browser-deps", file=sys.stderr)
        return 2
    try:
        printer = Printer(args.chromium, args.chromium_flags)
    except ImportError:
        printer = None
        print("print_book: WARNING: Playwright is not installed, wide tables are not fitted to the page "
              "(printing with Chromium's --print-to-pdf)", file=sys.stderr)
    try:
        if printer is not None:
            printer.open(source)
            if book.fit(printer.wide_tables(TEXT_WIDTH_PX)):
                source.write_text(book.document(None), encoding="utf-8")
                printer.open(source)
        if args.html_only:
            print(f"Print document: {source}")
            return 0
        n, slugs = len(book.chapters), [ch.slug for ch in book.chapters]
        print(f"== printing {n} pages of the book ({book.svg_count} charts) with {args.chromium}", file=sys.stderr)

        prints = 0

        def print_it() -> None:
            nonlocal prints
            prints += 1
            if printer is not None:
                printer.print(out)
            else:
                print_pdf(args.chromium, args.chromium_flags, source, out)

        if printer is not None:
            found = printer.layout_pages(out, slugs)  # where the chapters start, from a print that paints nothing
        else:
            print_it()
            found = start_pages(out, slugs)
        pages: dict[str, int] | None = None
        for attempt in range(3):
            if found is None:
                print("print_book: page numbers left out of the contents (pdfinfo missing or a chapter without a "
                      "named destination)", file=sys.stderr)
                if printer is not None:
                    print_it()
                break
            pages = {book.chapters[i].doc: p for i, p in found.items()}
            source.write_text(book.document(pages), encoding="utf-8")
            if printer is not None:   # the same numbers written into the open document: no second load
                printer.number_contents({book.chapters[i].slug: p for i, p in found.items()})
            print_it()
            again = start_pages(out, slugs)
            if again == found:
                break  # the numbers written are the pages the chapters start on
            found = again
    finally:
        if printer is not None:
            printer.close()
    for ch in book.chapters:
        ch.first_page = (pages or {}).get(ch.doc)
    count = pdf_page_count(out)
    record = {"pdf": out.name, "pages": count, "bytes": out.stat().st_size, "solutions": solutions,
              "stamp": stamp, "stale": book.stale, "print_book": sha(Path(__file__)), "print_css": sha(PRINT_CSS),
              "charts": book.svg_count, "prints": prints, "chapters": [asdict(ch) for ch in book.chapters]}
    out.with_suffix(".json").write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"PDF: {out} ({count} pages, {out.stat().st_size / 1e6:.1f} MB, "
          f"{'with' if solutions else 'without'} solutions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
