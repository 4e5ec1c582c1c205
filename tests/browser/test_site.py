"""Site-wide behaviour of the built book: no JavaScript, tooltips, print and PDF, downloads, references,
the how-to-cite page, no asset from another host in any page's markup, and light pages (issue 13): the Vega
bundle loads only when a chart comes near the screen, no icon script, no search index outside the search page,
icons from small font subsets, a favicon and a description on every page, a small first load on a phone."""
from __future__ import annotations

import hashlib
import html as html_lib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from book_browser import ARTIFACTS, BUILD_DIR, ROOT, book_pages

pytestmark = pytest.mark.browser

CHAPTER = "chapters/01_introduction.html"  # has a chart and a table
DATA_PAGE = "chapters/appendix_data.html"
ALL_CHARTS_DRAWN = ("() => [...document.querySelectorAll('figure.paradiplomacy-chart')]"
                    ".every(f => f.dataset.interactive === 'yes')")
CHART_DRAWN = "(i) => document.querySelectorAll('figure.paradiplomacy-chart')[i]?.dataset.interactive === 'yes'"
BUNDLE = "_static/paradiplomacy-vega.js"
#: Issue 13: a chapter page opened on a phone with an empty cache transfers at most this much (gzip).
FIRST_LOAD_BUDGET_BYTES = 400 * 1024


def _draw_charts(page, count: int | None = None, timeout: float = 30_000) -> None:
    """Scroll the first `count` charts (all by default) into view one by one, as a reader does, and wait until
    each is drawn (the Vega bundle loads when a chart comes near the screen); then back to the top."""
    figures = page.locator("figure.paradiplomacy-chart")
    for i in range(figures.count() if count is None else min(count, figures.count())):
        figures.nth(i).scroll_into_view_if_needed()
        page.wait_for_function(CHART_DRAWN, arg=i, timeout=timeout)
    page.evaluate("window.scrollTo(0, 0)")


def _get(url: str) -> bytes:
    from urllib.request import urlopen

    assert urlsplit(url).hostname == "127.0.0.1", url  # the local test server only
    with urlopen(url, timeout=30) as response:
        return response.read()


def test_every_asset_in_the_markup_is_local(html_dir):
    """No page's HTML loads a script, stylesheet, font, image or frame from another host."""
    tags = re.compile(r"<(script|link|img|iframe|source|audio|video|embed|object)\b([^>]*)>", re.I)
    problems = []
    for page in book_pages(html_dir):
        for tag, attrs in tags.findall((html_dir / page).read_text(encoding="utf-8")):
            url = re.search(r"\s(?:src|href|data)=\"([^\"]+)\"", attrs)
            if url is None or not re.match(r"(https?:)?//", url.group(1)):
                continue
            rel = re.search(r"\srel=\"([^\"]+)\"", attrs)
            if tag.lower() == "link" and rel and not re.search(r"stylesheet|preload|icon|modulepreload|manifest",
                                                                 rel.group(1)):
                continue  # rel="next"/"prev"/"index"/"canonical" are navigation, not assets
            problems.append(f"{page}: <{tag} {url.group(1)}>")
    assert not problems, "assets from another host:\n" + "\n".join(problems[:20])


def test_index_redirects_to_the_front_page(browser, server):
    page = browser.new_context().new_page()
    try:
        page.goto(server + "index.html", wait_until="load")
        page.wait_for_url("**/intro.html", timeout=10_000)
        assert page.locator("h1:visible").count() >= 1
    finally:
        page.context.close()


def test_charts_are_static_images_without_javascript(browser, server):
    """With JavaScript off, every chart is its static SVG: visible, with marks, described."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server + CHAPTER, wait_until="load")
        figures = page.locator("figure.paradiplomacy-chart")
        assert figures.count() > 0
        for i in range(figures.count()):
            svg = figures.nth(i).locator(":scope > svg")
            assert svg.is_visible(), f"chart {i + 1}: static SVG hidden without JavaScript"
            assert svg.locator("g[class*='mark-'] > *").count() > 0
            assert len(figures.nth(i).get_attribute("aria-label") or "") > 20
        assert figures.nth(0).locator(".paradiplomacy-chart-interactive").count() == 0
        assert not context.blocked, f"requests to other hosts: {context.blocked}"
    finally:
        context.close()


def test_chart_tooltip_appears_on_hover(browser, server):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        page.goto(server + CHAPTER, wait_until="load")
        _draw_charts(page, 1)
        bar = page.locator(".paradiplomacy-chart-interactive g.mark-rect path").first
        bar.scroll_into_view_if_needed()
        bar.hover()
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert re.search(r"\d", tooltip.inner_text()), "the tooltip shows no value"
    finally:
        page.context.close()


def test_print_layout_shows_static_charts_and_whole_tables(browser, server):
    """In print media: no navigation, the static SVGs instead of the interactive charts, tables unclipped;
    Chromium's PDF of the chapter has several pages (saved as a test artifact)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(server + CHAPTER, wait_until="load")
        _draw_charts(page, 1)
        page.emulate_media(media="print")
        figure = page.locator("figure.paradiplomacy-chart").first
        assert figure.locator(":scope > svg").is_visible(), "static chart hidden in print"
        assert not figure.locator(".paradiplomacy-chart-interactive").is_visible(), "interactive chart printed"
        assert not page.locator(".bd-sidebar-primary").is_visible(), "navigation sidebar printed"
        clipped = page.evaluate("""() => [...document.querySelectorAll('article table')].filter(t => {
            let e = t.parentElement;
            while (e && e !== document.body) {
              const cs = getComputedStyle(e);
              if ((cs.overflowX === 'auto' || cs.overflowX === 'scroll' || cs.overflowX === 'hidden')
                  && e.scrollWidth > e.clientWidth + 1) return true;
              e = e.parentElement;
            }
            return false;
        }).length""")
        assert clipped == 0, f"{clipped} table(s) cut off by a scroll box in print"
        assert page.locator("article figure table").first.is_visible()
        pdf = page.pdf(format="A4", print_background=True)
        out = ARTIFACTS / "print" / "01_introduction.pdf"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pdf)
        assert pdf[:5] == b"%PDF-"
        assert _pdf_pages(out) >= 2
    finally:
        context.close()


def _pdf_pages(path: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, flags=re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page\b", path.read_bytes()))


def test_make_pdf_prints_a_chapter(chromium, html_dir, tmp_path):
    """`make pdf CH=...` prints a chapter with headless Chromium; page 1 is rendered to PNG when
    poppler's pdftoppm is there (an artifact to look at)."""
    build = tmp_path / "_build"
    build.mkdir()
    (build / "html").symlink_to(html_dir)
    env = {**os.environ, "MAKEFLAGS": ""}
    result = subprocess.run(["make", "-s", "-C", str(ROOT), "pdf", "CH=01_introduction", f"BUILD_DIR={build}",
                             f"CHROMIUM={chromium}"], capture_output=True, text=True, env=env, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = build / "pdf" / "01_introduction.pdf"
    assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-"
    pages = _pdf_pages(pdf)
    assert pages >= 2, f"{pages} page(s)"
    artifacts = ARTIFACTS / "print"
    artifacts.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf, artifacts / "make-pdf-01_introduction.pdf")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf),
                        str(artifacts / "make-pdf-01_introduction")], check=True)
        assert list(artifacts.glob("make-pdf-01_introduction-*1.png")), "pdftoppm rendered no page 1"


def test_chapters_download_as_md_and_ipynb(html_dir, server):
    """Every executed chapter offers its MyST source and its executed notebook (with outputs)."""
    checked = 0
    for page in book_pages(html_dir):
        if not page.startswith("chapters/"):
            continue
        html = (html_dir / page).read_text(encoding="utf-8")
        links = {ext: href for href, ext in re.findall(
            r'<a href="([^"]+\.(md|ipynb))"[^>]*\s+class="[^"]*btn-download-(?:source|notebook)-button', html)}
        assert "md" in links, f"{page}: no .md download"
        source = _get(urljoin(server + page, links["md"])).decode("utf-8")
        assert source.lstrip().startswith(("---", "(")), f"{page}: the .md download is not the MyST source"
        executed = (BUILD_DIR / "jupyter_execute" / page).with_suffix(".ipynb")
        if executed.is_file():
            assert "ipynb" in links, f"{page}: executed, but no .ipynb download"
            nb = json.loads(_get(urljoin(server + page, links["ipynb"])))
            outputs = sum(len(c.get("outputs", [])) for c in nb["cells"] if c["cell_type"] == "code")
            assert outputs > 0, f"{page}: the downloadable notebook has no outputs"
            checked += 1
    assert checked >= 1, "no executed chapter found"


def test_data_page_offers_every_data_file(html_dir, server):
    """The Data appendix links every file in data/, and each download is byte-identical to it."""
    html = (html_dir / DATA_PAGE).read_text(encoding="utf-8")
    hrefs = re.findall(r'<a class="reference download internal"[^>]*href="([^"]+)"', html)
    served = {}
    for href in hrefs:
        body = _get(urljoin(server + DATA_PAGE, href))
        served[Path(urlsplit(href).path).name] = hashlib.sha256(body).hexdigest()
    data = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ROOT / "data").iterdir() if p.is_file()}
    missing = sorted(set(data) - set(served))
    assert not missing, f"data files with no download link on the Data page: {missing}"
    different = sorted(name for name in data if served[name] != data[name])
    assert not different, f"downloads that differ from data/ (rebuild the book?): {different}"


def test_each_chapter_lists_its_references(html_dir):
    """Every chapter that cites works ends with a reference list, and its citations link to entries
    that exist on the Bibliography page."""
    bibliography = (html_dir / "bibliography.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'<div class="citation" id="([^"]+)"', bibliography))
    for page in book_pages(html_dir):
        source = html_dir / "_sources" / page.replace(".html", ".md")
        if not (page.startswith("chapters/") and source.is_file() and "{cite" in source.read_text(encoding="utf-8")):
            continue
        html = (html_dir / page).read_text(encoding="utf-8")
        section = re.search(r'<section id="references">(.*?)</section>', html, flags=re.S)
        assert section, f"{page}: cites works but has no References section"
        assert section.group(1).count("<li") >= 1, f"{page}: empty reference list"
        targets = re.findall(r'href="(?:\.\./)?bibliography\.html#([^"]+)"', html)
        assert targets, f"{page}: citations do not link to the bibliography"
        assert set(targets) <= anchors, f"{page}: citations link to missing entries {set(targets) - anchors}"


def test_how_to_cite_page_matches_citation_cff(html_dir):
    import yaml

    page = html_dir / "chapters" / "how_to_cite.html"
    if not page.is_file():
        pytest.skip("chapters/how_to_cite is not in _toc.yml yet")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    main = page.read_text(encoding="utf-8").split('id="main-content"', 1)[-1]
    text = html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", main)))
    assert cff["title"] in text
    assert f"version {cff['version']}" in text
    for author in cff["authors"]:
        assert author.get("name", author.get("family-names")) in text
    assert f"@software{{paradiplomacy{str(cff['date-released'])[:4]}," in text
    assert f"version = {{{cff['version']}}}" in text


def test_offline_copy_works_from_file_urls(browser, html_dir):
    """A downloaded copy opened from disk (file://, no server, no network): charts draw, nothing is fetched
    from another host, no console error."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((html_dir / CHAPTER).as_uri(), wait_until="load")
        _draw_charts(page)
        assert page.evaluate(ALL_CHARTS_DRAWN)
        assert page.locator(".paradiplomacy-chart-interactive svg g[class*='mark-'] > *").count() > 0
        assert not context.blocked, f"requests to other hosts: {context.blocked}"
        assert not errors, f"console errors from file://: {errors}"
    finally:
        context.close()


# --------------------------------------------------------------------------- light pages (issue 13)
def test_pages_load_no_icon_script_no_thebe_and_the_search_index_only_on_the_search_page(html_dir):
    """In the markup of every page: no Font Awesome script, no Thebe, Sphinx's search scripts and index on the
    search page only, a favicon that exists, and a description of the page."""
    problems = []
    for page in book_pages(html_dir) + ["index.html"]:
        html = (html_dir / page).read_text(encoding="utf-8")
        if page == "index.html" and "http-equiv=\"refresh\"" in html.lower():
            continue  # the redirect to the front page
        head = html.split("</head>", 1)[0]
        for needle in ("fontawesome.js", "sphinx-thebe", "THEBE_JS_URL"):
            if needle in head:
                problems.append(f"{page}: loads {needle}")
        if "mathjax" in head.lower() and 'class="math' not in html:
            problems.append(f"{page}: loads MathJax but has no math")
        searching = any(s in head for s in ("searchindex.js", "searchtools.js", "language_data.js"))
        if searching != (page == "search.html"):
            problems.append(f"{page}: search scripts {'present' if searching else 'missing'}")
        icon = re.search(r'<link rel="icon" href="([^"]+)"', head)
        if not icon or not (html_dir / page).parent.joinpath(icon.group(1)).resolve().is_file():
            problems.append(f"{page}: no favicon link, or it points at a missing file")
        description = re.search(r'<meta name="description" content="([^"]*)"', head)
        if not description or len(description.group(1)) < 40:
            problems.append(f"{page}: no meta description of at least 40 characters")
        for script in re.findall(r"<script\b[^>]*\bsrc=\"[^\"]+\"[^>]*>", head):
            if not re.search(r"\b(defer|async)\b", script) and "documentation_options.js" not in script:
                problems.append(f"{page}: render-blocking script {script}")
    assert (html_dir / "favicon.ico").is_file(), "no favicon.ico at the site's root"
    assert not problems, "\n".join(problems[:30])


def test_vega_bundle_loads_only_when_a_chart_comes_near_the_screen(browser, server):
    """Opened at its top, a chapter shows no interactive chart and has not requested the Vega bundle; scrolling
    to a chart loads the bundle (once) and draws that chart, and the next one when it is reached."""
    context = browser.new_context(viewport={"width": 412, "height": 700})
    page = context.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        page.goto(server + CHAPTER, wait_until="load")
        page.wait_for_load_state("networkidle")
        top = page.evaluate("document.querySelector('figure.paradiplomacy-chart').getBoundingClientRect().top")
        assert top > 700 + 400, "the first chart is on the first screen: pick another page for this test"
        assert not [u for u in requested if u.endswith(BUNDLE)], "the Vega bundle loaded before any chart was near"
        assert page.evaluate("document.querySelectorAll('figure.paradiplomacy-chart[data-interactive]').length") == 0
        _draw_charts(page, 2)
        assert len([u for u in requested if urlsplit(u).path.endswith(BUNDLE)]) == 1
        assert not context.blocked, f"requests to other hosts: {context.blocked}"
    finally:
        context.close()


def test_a_closed_dropdown_is_not_laid_out_and_opens_with_keyboard_access(browser, server):
    """Chapter 9's registry dropdown holds a 272-row table: closed, it takes no layout at all (sphinx-togglebutton
    alone only makes it 0 px high, so every load laid out its cells); opened, on a phone, the table is shown (as
    stacked records, being wider than the column) and an opened solution's code that scrolls sideways gets a tab
    stop (chapter 10), as the theme gives one on load to code that is shown."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(server + "chapters/09_reproducibility.html", wait_until="load")
        page.wait_for_selector(".admonition.toggle.toggle-hidden")
        box = page.locator(".admonition.dropdown", has_text="The registry, claim by claim").first
        closed = box.evaluate("""b => [...b.querySelectorAll('table')].map(t => [t.getClientRects().length,
                                                                                 t.querySelectorAll('tr').length])""")
        assert closed and all(rects == 0 for rects, _ in closed), f"a closed dropdown's tables are laid out: {closed}"
        assert max(rows for _, rows in closed) > 200
        box.locator(".admonition-title").click()
        page.wait_for_function("b => !b.classList.contains('toggle-hidden')", arg=box.element_handle())
        shown = box.evaluate("""b => [...b.querySelectorAll('table')].map(t => [t.getBoundingClientRect().height,
                                                                                t.classList.contains('paradiplomacy-stacked')])""")
        assert all(height > 0 for height, _ in shown) and any(stacked for _, stacked in shown), shown

        page.goto(server + "chapters/10_bounds_method.html", wait_until="load")
        page.wait_for_selector(".admonition.toggle.toggle-hidden")
        buttons = page.locator(".admonition.solution button.toggle-button")  # what a reader taps
        opened = 0
        for i in range(buttons.count()):
            buttons.nth(i).click()
            opened += 1
        page.wait_for_function("() => !document.querySelector('.admonition.solution.toggle-hidden')")
        pres = page.evaluate("""() => [...document.querySelectorAll('.admonition.solution pre')].map(p =>
                                  [p.scrollWidth > p.clientWidth || p.scrollHeight > p.clientHeight, p.tabIndex])""")
        scrolling = [tab for scrolls, tab in pres if scrolls]
        assert opened and scrolling, f"no opened solution's code scrolls at 390 px: pick another page ({pres})"
        assert all(tab == 0 for tab in scrolling), f"code that scrolls without a tab stop: {pres}"
        assert not context.blocked, f"requests to other hosts: {context.blocked}"
    finally:
        context.close()


def test_icons_are_drawn_from_the_font_subsets(browser, server):
    """The theme's icons are drawn (menu, search, theme switch), from the few-KiB subsets of the Font Awesome
    fonts: neither the theme's 530 KiB icon script nor its full fonts are requested."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requested = []
    page.on("request", lambda r: requested.append(urlsplit(r.url).path))
    try:
        page.goto(server + CHAPTER, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        widths = page.evaluate("""() => [...document.querySelectorAll('i.fa-solid, i.fa-regular, i.fa-brands, i.fas')]
            .concat([...document.querySelectorAll('i.fab')]).filter(i => i.checkVisibility())
            .map(i => [i.className, i.getBoundingClientRect().width,
                       getComputedStyle(i, '::before').fontFamily])""")
        assert widths, "no visible icon on the page"
        for name, width, family in widths:
            assert width > 4 and "Font Awesome" in family, f"icon {name!r} not drawn ({width} px, {family})"
        faces = page.evaluate("""() => [...document.fonts].filter(f => f.family.includes('Font Awesome'))
            .map(f => [f.family, f.weight, f.unicodeRange, f.status])""")
        loaded = [f for f in faces if f[3] == "loaded"]
        assert loaded and all(f[2] != "U+0-10FFFF" for f in loaded), f"icon fonts loaded: {faces}"
        fonts = [p for p in requested if p.endswith((".woff", ".woff2", ".ttf"))]
        assert any("paradiplomacy-fa-solid-900.woff" in p for p in fonts), fonts
        assert not [p for p in fonts if "/vendor/fontawesome/" in p], f"full icon fonts loaded: {fonts}"
        assert not [p for p in requested if p.endswith("fontawesome.js")]
    finally:
        context.close()


def test_search_box_leads_to_results_served_and_offline(browser, server, html_dir):
    """The search box of a chapter (which loads no search index) submits to the search page, which finds
    pages; the search page also finds them in a copy opened from file://."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(server + CHAPTER, wait_until="load")
        page.keyboard.press("Control+k")
        field = page.locator("#pst-search-dialog input[name='q']")
        field.wait_for(state="visible", timeout=5_000)
        field.fill("Kyrgyzstan")
        field.press("Enter")
        page.wait_for_url("**/search.html?q=Kyrgyzstan*", timeout=10_000)
        page.locator("#search-results ul.search li").first.wait_for(timeout=15_000)
        assert page.locator("#search-results ul.search li").count() >= 2
        offline = context.new_page()
        errors = []
        offline.on("console", lambda m: m.type == "error" and errors.append(m.text))
        offline.on("pageerror", lambda e: errors.append(str(e)))
        offline.goto((html_dir / "search.html").as_uri() + "?q=Kyrgyzstan", wait_until="load")
        offline.locator("#search-results ul.search li").first.wait_for(timeout=15_000)
        assert offline.locator("#search-results ul.search li").count() >= 2
        offline.wait_for_timeout(500)
        assert not errors, f"console errors on the search page from file://: {errors[:3]}"
        assert not context.blocked, f"requests to other hosts: {context.blocked}"
    finally:
        context.close()


#: Chapters opened at once, and how long each may take to load (a page size test, not a speed test).
FIRST_LOAD_BATCH = 4
FIRST_LOAD_TIMEOUT_MS = 120_000


def test_chapter_first_load_on_a_phone_is_small(browser, server, html_dir):
    """Every chapter opened on a phone-sized screen with an empty cache transfers at most 400 KiB (gzip): the
    page, its stylesheets, scripts, icon fonts and favicon, without the Vega bundle (no chart drawn yet).

    Each chapter opens in a context of its own (an empty cache); four load side by side (all fifteen at once
    overran a 30 s load timeout on two busy cores) and each is measured once its network is idle."""
    names = [p for p in book_pages(html_dir) if p.startswith("chapters/")]
    assert names, "no chapter page"
    heavy = []
    for start in range(0, len(names), FIRST_LOAD_BATCH):
        opened = []
        try:
            for page_name in names[start:start + FIRST_LOAD_BATCH]:
                context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
                page = context.new_page()
                finished = []
                page.on("requestfinished", lambda request, finished=finished: finished.append(request))
                page.goto(server + page_name, wait_until="commit")
                opened.append((page_name, context, page, finished))
            for page_name, context, page, finished in opened:
                page.wait_for_load_state("load", timeout=FIRST_LOAD_TIMEOUT_MS)
                page.wait_for_load_state("networkidle", timeout=FIRST_LOAD_TIMEOUT_MS)
                sizes = {}
                for request in finished:  # each sizes() is a round trip to the browser: once per request
                    size = request.sizes()
                    sizes[urlsplit(request.url).path] = size["responseBodySize"] + size["responseHeadersSize"]
                assert urlsplit(server + page_name).path in sizes, f"{page_name}: the page itself was not measured"
                total = sum(sizes.values())
                if total > FIRST_LOAD_BUDGET_BYTES:
                    heavy.append(f"{page_name}: {total / 1024:.0f} KiB; largest "
                                 f"{sorted(sizes.items(), key=lambda kv: -kv[1])[:4]}")
        finally:
            for _, context, _, _ in opened:
                context.close()
    assert not heavy, f"over {FIRST_LOAD_BUDGET_BYTES // 1024} KiB on first load:\n" + "\n".join(heavy)


#: A chart's axis labels are drawn at the theme's size on a phone, never scaled below this (CSS px).
PHONE_MIN_LABEL_PX = 9


def test_charts_keep_their_text_size_on_a_phone(browser, server, html_dir):
    """At 390 px, every chart of the book is drawn for the column instead of being scaled down: a single-view chart
    at the column's width (Vega-Lite "container" width, title in lines, legend one entry per row), stacked panels
    (chapter 1's respondent profile) each at the column less their labels. Each fits the column, the drawing is not
    shrunk, its axis labels stay at least PHONE_MIN_LABEL_PX high, and no text is cut short (long event names,
    axis and legend labels are broken into lines)."""
    pages = [p for p in book_pages(html_dir)
             if 'class="paradiplomacy-chart' in (html_dir / p).read_text(encoding="utf-8")]
    assert len(pages) >= 10, f"charts found on {pages} only"
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        checked = 0
        for chapter in pages:
            page.goto(server + chapter, wait_until="load")
            _draw_charts(page)
            charts = page.evaluate("""() => [...document.querySelectorAll('figure.paradiplomacy-chart')].map(f => {
              const holder = f.querySelector('.paradiplomacy-chart-interactive'), svg = holder.querySelector('svg');
              const drawn = svg.getBoundingClientRect(), labels = [...svg.querySelectorAll('.role-axis-label text')];
              return {fitted: holder.classList.contains('paradiplomacy-chart-fitted'), column: f.clientWidth,
                      width: drawn.width, natural: svg.width.baseVal.value,
                      label: Math.min(...labels.map(t => t.getBoundingClientRect().height)),
                      cut: [...svg.querySelectorAll('text')].map(t => t.textContent).filter(t => t.includes('\u2026'))}; })""")
            for i, chart in enumerate(charts):
                assert chart["fitted"], f"{chapter}, chart {i + 1}: scaled down instead of drawn at the column's width"
                checked += 1
                where = f"{chapter}, chart {i + 1}"
                assert chart["width"] <= chart["column"] + 1, f"{where}: {chart['width']} px in a {chart['column']} px column"
                assert chart["width"] >= 0.99 * chart["natural"], f"{where}: drawn at {chart['width']} of {chart['natural']} px"
                assert chart["label"] >= PHONE_MIN_LABEL_PX, f"{where}: axis labels {chart['label']:.1f} px high"
                assert not chart["cut"], f"{where}: text cut short: {chart['cut'][:3]}"
        assert checked >= 20, f"only {checked} chart(s) were drawn at the column's width"
        assert not context.blocked, f"requests to other hosts: {context.blocked}"
    finally:
        context.close()
