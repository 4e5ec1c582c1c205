"""The reader's view of the built book (``_build/html``): exhibits and the number style of issue 11.

* Every table and chart on a page is an exhibit: inside a ``<figure>`` with an id (its label) and a visible caption;
  in the numbered chapters the caption is numbered "Exhibit N.M" with N the chapter's number, and each exhibit is
  referred to from the text at least once. The article's own Tables 1-3 and Figures 1-3 keep their numbers in the
  captions.
* Number style: no ``<NA>``/``nan``/``None`` and no raw ``True``/``False`` in a table; no p-value (or any inserted
  number) in e-notation; whole numbers below ten inserted into running prose are words; inserted values are not bold.

Without a built book these checks skip, except in CI or under ``make test`` (``PARADIPLOMACY_REQUIRE_BOOK``),
where they fail (see ``test_teaching.built_page``).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from test_teaching import HTML, built_page, h1_number, toc_pages

NUMBERED, UNNUMBERED = toc_pages()
PAGES = NUMBERED + [page for page in UNNUMBERED if page.startswith("chapters/")]


def article(page_html: str) -> str:
    """The page's article body (what the reader reads), without navigation, header and footer."""
    start = page_html.find('<article class="bd-article">')
    end = page_html.find("</article>", start)
    assert start >= 0 and end > start, "no <article class=\"bd-article\"> in the page"
    return page_html[start:end]


class Exhibits(HTMLParser):
    """Every table and chart figure of a page, with the exhibit (``<figure id=...>`` + caption) holding it."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.found: list[dict] = []       # one per table / chart: {"kind", "exhibit": figure id or None}
        self.captions: dict[str, str] = {}  # exhibit id -> caption text
        self._caption: list[str] | None = None
        self._caption_of: str | None = None

    def _exhibit(self) -> str | None:
        for tag, attrs in reversed(self.stack):
            if tag == "figure" and attrs.get("id") and "paradiplomacy-chart" not in (attrs.get("class") or ""):
                return attrs["id"]
        return None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.found.append({"kind": "table", "exhibit": self._exhibit()})
        if tag == "figure" and "paradiplomacy-chart" in (attrs.get("class") or ""):
            self.found.append({"kind": "chart", "exhibit": self._exhibit()})
        if tag == "figcaption" and self._exhibit():
            self._caption, self._caption_of = [], self._exhibit()
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "figcaption" and self._caption is not None:
            self.captions[self._caption_of] = " ".join("".join(self._caption).split())
            self._caption = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self._caption is not None:
            self._caption.append(data)


def exhibits(page_html: str) -> Exhibits:
    parser = Exhibits()
    parser.feed(article(page_html))
    return parser


@pytest.mark.parametrize("page", PAGES)
def test_every_table_and_chart_is_a_captioned_labelled_exhibit(page):
    page_html = built_page(page)
    parsed = exhibits(page_html)
    loose = [item["kind"] for item in parsed.found if item["exhibit"] is None]
    assert not loose, f"{page}: {len(loose)} table(s)/chart(s) outside a labelled exhibit ({{glue:figure}} with :name:)"
    for exhibit in {item["exhibit"] for item in parsed.found}:
        caption = parsed.captions.get(exhibit, "")
        assert len(caption.split()) >= 4, f"{page}: exhibit {exhibit!r} has no visible caption (found {caption!r})"


@pytest.mark.parametrize("page", NUMBERED)
def test_exhibits_of_a_chapter_are_numbered_by_chapter_and_referred_to(page):
    page_html = built_page(page)
    parsed = exhibits(page_html)
    number = (h1_number(page_html) or "").rstrip(".")
    assert number, f"{page}: no chapter number in the title"
    body = article(page_html)
    for exhibit in sorted({item["exhibit"] for item in parsed.found} - {None}):
        caption = parsed.captions.get(exhibit, "")
        assert re.match(rf"Exhibit {re.escape(number)}\.\d+ ", caption), \
            f"{page}: exhibit {exhibit!r} is not numbered 'Exhibit {number}.M' (caption {caption[:60]!r})"
        assert f'href="#{exhibit}"' in body, f"{page}: exhibit {exhibit!r} is never referred to in the text ({{numref}})"


def test_the_articles_tables_and_figures_keep_their_numbers():
    captions = " ".join(" ".join(exhibits(built_page(page)).captions.values()) for page in NUMBERED)
    for name in ("Table 1", "Table 2", "Table 3", "Figure 1", "Figure 2", "Figure 3"):
        assert re.search(rf"\b{name}\b", captions), f"no exhibit caption names the article's {name}"


def _cells(page_html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", article(page_html), flags=re.S)]


@pytest.mark.parametrize("page", PAGES)
def test_no_missing_value_markers_or_raw_booleans_in_tables(page):
    cells = _cells(built_page(page))
    bad = sorted({cell for cell in cells if cell in {"<NA>", "&lt;NA&gt;", "NA", "nan", "NaN", "None", "True", "False"}})
    assert not bad, f"{page}: table cells show {bad} (use readable labels and '—' for missing values)"
    assert "&lt;NA&gt;" not in article(built_page(page)), f"{page}: the page shows <NA>"


#: An inserted value (myst-nb ``pasted-text``) or any number in the text in e-notation: 7e-17, 9.5e-07.
E_NOTATION = re.compile(r"(?<![\w.])\d+(?:\.\d+)?e[-+]\d+\b")


@pytest.mark.parametrize("page", PAGES)
def test_no_number_in_e_notation(page):
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style|pre)\b.*?</\1>", " ", article(built_page(page)), flags=re.S))
    found = E_NOTATION.findall(text)
    assert not found, f"{page}: numbers in e-notation {found} (p-values: '< 0.001' or two significant digits)"


#: A single-digit inserted value followed by a word: "the 3 elements", "4 coastal cities" (running prose).
DIGIT_BEFORE_WORD = re.compile(r'<span class="pasted-text">(\d)</span>\s+([a-z][a-z-]*)')


@pytest.mark.parametrize("page", PAGES)
def test_whole_numbers_below_ten_in_running_prose_are_words(page):
    body = article(built_page(page))
    prose = " ".join(re.findall(r"<(?:p|li)\b[^>]*>(.*?)</(?:p|li)>", re.sub(r"<table\b.*?</table>", " ", body, flags=re.S),
                                flags=re.S))
    found = [f"{digit} {word}" for digit, word in DIGIT_BEFORE_WORD.findall(prose)
             if word not in {"of", "to", "and", "or", "per"}]  # "9 of 11", "4 to 6": digits beside other numbers
    assert not found, f"{page}: whole numbers below ten written as digits in running prose: {found}"


@pytest.mark.parametrize("page", PAGES)
def test_inserted_values_are_not_bold(page):
    body = article(built_page(page))
    bold = re.findall(r'<strong>\s*<span class="pasted-text">([^<]*)</span>\s*</strong>', body)
    assert not bold, f"{page}: inserted values set in bold: {bold[:5]}"


def test_the_pages_stylesheet_sets_inserted_values_in_the_texts_weight():
    """myst-nb's stylesheet sets ``span.pasted-text`` bold; the book's rule, later in the page's one stylesheet, wins."""
    page_html = built_page(NUMBERED[0])
    links = re.findall(r'<link rel="stylesheet"[^>]*href="([^"]+\.css)[^"]*"', page_html)
    assert links, "the page links no stylesheet"
    rules = []
    for href in links:
        css = (HTML / "chapters" / href).resolve().read_text(encoding="utf-8")
        rules += re.findall(r"(?:^|[}\s])span\.pasted-text\s*\{([^}]*)\}", css)
    assert rules, "no stylesheet of the page has a span.pasted-text rule"
    assert re.search(r"font-weight:\s*(inherit|normal|400)", rules[-1]), f"the last span.pasted-text rule is {rules[-1]!r}"


def _claim_ids() -> set[str]:
    import csv

    from test_teaching import ROOT
    with open(ROOT / "data" / "claims.csv", encoding="utf-8", newline="") as handle:
        return {row["claim_id"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize("page", PAGES)
def test_reader_tables_name_claims_in_words_not_by_registry_id(page):
    """A claim id (``t3_education_2_pct``) may appear in a table only in a column headed as a registry lookup."""
    ids = _claim_ids()
    found = []
    for table in re.findall(r"<table\b.*?</table>", article(built_page(page)), flags=re.S):
        rows = re.findall(r"<tr\b.*?</tr>", table, flags=re.S)
        header = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<th\b[^>]*>(.*?)</th>", rows[0], flags=re.S)] if rows else []
        for row in rows[1:]:
            cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", row, flags=re.S)]
            for i, cell in enumerate(cells):
                column = header[i] if i < len(header) else ""
                if cell in ids and "registry" not in column.lower():
                    found.append(f"{cell} (column {column!r})")
    assert not found, f"{page}: claim ids shown to readers: {found[:5]}"
