"""Every page of the built book, opened in headless Chromium from a localhost server.

Each page is visited once (see book_browser.Browser.visit); the tests below each assert one property of
that visit, so a failure names the page and the property.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from book_browser import (BLOCKING_IMPACTS, OVERFLOW_WIDTHS, PAGE_BUDGET_BYTES, book_pages, glue_expectations,
                          normalise_text)

pytestmark = pytest.mark.browser

#: Every page of the build ("<no build>" stands in when there is none, so the fixtures can say so).
PAGES = book_pages() or ["<no build>"]
CHAPTER_PAGES = [p for p in PAGES if p.startswith("chapters/")] or ["<no build>"]


@pytest.mark.parametrize("page", PAGES)
def test_no_request_leaves_localhost(browser, page):
    visit = browser.visit(page)
    assert visit.requests, f"{page}: no request was seen at all"
    assert not visit.external, f"{page}: {len(visit.external)} request(s) to another host: {visit.external[:5]}"


@pytest.mark.parametrize("page", PAGES)
def test_no_console_errors_and_no_missing_files(browser, page):
    visit = browser.visit(page)
    assert not visit.console_errors, f"{page}: console errors:\n" + "\n".join(visit.console_errors[:10])
    assert not visit.failed, f"{page}: failed or missing local files:\n" + "\n".join(visit.failed[:10])


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_draws_marks_and_has_a_description(browser, page):
    visit = browser.visit(page)
    assert not visit.charts_error, f"{page}: {visit.charts_error}"
    for chart in visit.charts:
        where = f"{page}, chart {chart['index'] + 1} ({chart['label']!r})"
        assert chart["described"], f"{where}: no text description (aria-label and figcaption)"
        assert chart["interactive"] and chart["element"] in ("svg", "canvas"), f"{where}: not drawn by vega-embed"
        assert chart["marks"] > 0 and chart["width"] > 50 and chart["height"] > 50, f"{where}: drawn without marks"
        assert chart["static_marks"] > 0, f"{where}: the static SVG (print, no JavaScript) has no marks"
        assert chart["static_hidden"], f"{where}: the static copy is shown on screen beside the interactive one"


@pytest.mark.parametrize("page", PAGES)
def test_every_glued_number_is_visible_text(browser, page):
    visit = browser.visit(page)
    expected = glue_expectations(page)
    shown = [g for g in visit.glued if g["visible"] and not g["in_code"]]
    hidden = [g["text"] for g in visit.glued if not g["visible"]]
    assert not hidden, f"{page}: glued values present but not visible: {hidden[:10]}"
    assert len(visit.glued) == len(expected), (
        f"{page}: the source has {len(expected)} {{glue:text}} roles, the page shows {len(visit.glued)} glued values")
    missing = Counter(map(normalise_text, expected)) - Counter(normalise_text(g["text"]) for g in shown)
    assert not missing, f"{page}: glued values not shown as text: {dict(missing)}"


@pytest.mark.parametrize("page", PAGES)
def test_no_serious_or_critical_accessibility_violations(browser, page):
    visit = browser.visit(page)
    assert visit.axe.get("version"), f"{page}: axe-core did not run"
    blocking = [v for v in visit.axe["violations"] if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. "
                       f"{v['nodes'][0]['target']}: {v['nodes'][0]['html'][:120]})" for v in blocking)
    assert not blocking, f"{page}: axe-core {visit.axe['version']} found serious/critical violations:\n{report}"


@pytest.mark.parametrize("page", PAGES)
def test_screenshot_saved(browser, page):
    visit = browser.visit(page)
    shot = Path(visit.screenshot) if visit.screenshot else None
    assert shot is not None and shot.is_file(), f"{page}: no screenshot"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000, f"{page}: the screenshot looks empty"


def _hex(css_colour: str) -> str:
    """'rgb(0, 114, 178)' -> '#0072b2' (computed SVG paints are rgb()/rgba())."""
    values = [float(v) for v in re.findall(r"[\d.]+", css_colour)[:3]]
    return "#" + "".join(f"{round(v):02x}" for v in values)


@pytest.mark.parametrize("page", PAGES)
def test_chart_colours_contrast_with_the_background(browser, page):
    """Marks reach 3:1 against the chart background (WCAG 1.4.11) and text 4.5:1 (WCAG 1.4.3), as drawn.

    White marks are left out: the charts draw white halos under error bars to separate them from the bars.
    """
    from paradiplomacy import charts

    visit = browser.visit(page)
    problems = []
    for chart in visit.charts:
        for colour in {_hex(c) for c in chart["mark_colours"] if c.startswith("rgb")} - {charts.BACKGROUND}:
            ratio = charts.contrast_ratio(colour, charts.BACKGROUND)
            if ratio < charts.MIN_MARK_CONTRAST:
                problems.append(f"chart {chart['index'] + 1}: mark colour {colour} has contrast {ratio:.2f}")
        for colour in {_hex(c) for c in chart["text_colours"] if c.startswith("rgb")}:
            ratio = charts.contrast_ratio(colour, charts.BACKGROUND)
            if ratio < charts.MIN_TEXT_CONTRAST:
                problems.append(f"chart {chart['index'] + 1}: text colour {colour} has contrast {ratio:.2f}")
    assert not problems, f"{page}: " + "; ".join(sorted(set(problems)))


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_chapter_page_weight_within_budget(browser, page):
    """With an empty cache, a chapter loads at most 1.5 MB (each shared file, such as the chart bundle, once)."""
    visit = browser.visit(page)
    biggest = sorted(visit.local_files.items(), key=lambda kv: -kv[1])[:5]
    assert visit.weight <= PAGE_BUDGET_BYTES, (
        f"{page}: {visit.weight / 1e6:.2f} MB with an empty cache (budget {PAGE_BUDGET_BYTES / 1e6:.1f} MB); "
        f"largest files: {biggest}")


@pytest.mark.parametrize("page", PAGES)
def test_no_horizontal_overflow_on_a_phone_or_a_laptop(browser, page):
    """At 390 px and 1280 px, with every dropdown and output open: the page does not scroll sideways
    (``document.scrollingElement.scrollWidth <= clientWidth``), and no table, figure or pre of the article is wider
    than the text column unless it sits in a scroll container (overflow-x auto) that fits the column."""
    visit = browser.visit(page)
    problems = []
    for width in OVERFLOW_WIDTHS:
        seen = visit.overflow.get(str(width))
        assert seen and seen["width"] == width, f"{page}: not measured at {width} px: {visit.overflow}"
        if seen["scroll_width"] > seen["client_width"]:
            problems.append(f"at {width} px the page scrolls sideways: scrollWidth {seen['scroll_width']} > "
                            f"clientWidth {seen['client_width']}; reaching past the edge: "
                            f"{'; '.join(seen.get('past') or []) or 'nothing found'}")
        for el in seen["wide"]:
            problems.append(f"at {width} px {el['element']} is {el['width']} px wide, the text column "
                            f"{el['column']} px (it sticks out {max(-el['left'], el['right'])} px"
                            + (f"; its scroll container {el['scroller']} is wider than the column)" if el["scroller"]
                               else "; not inside a scroll container)"))
    assert not problems, f"{page}:\n" + "\n".join(problems[:15]) + (
        f"\n... and {len(problems) - 15} more" if len(problems) > 15 else "")


@pytest.mark.parametrize("page", PAGES)
def test_no_table_is_wider_than_the_text_column_on_a_phone(browser, page):
    """At 390 px, with every dropdown and output open, no table is wider than the text column, not even inside a
    box that scrolls: a table that would not fit is shown as stacked records (``paradiplomacy-book.js``)."""
    visit = browser.visit(page)
    seen = visit.overflow.get("390")
    assert seen and "scrolling" in seen, f"{page}: not measured at 390 px: {visit.overflow}"
    wider = [f"{t['element']} ({t['caption'] or 'no caption'}): {t['width']} px" for t in seen["scrolling"]]
    assert not wider, (f"{page}: at 390 px, {len(wider)} table(s) wider than the {seen['column']} px column:\n"
                       + "\n".join(wider[:10]))
