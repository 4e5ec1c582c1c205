"""Helpers for the browser suite: serve the built book on localhost and drive headless Chromium through it.

Every page of ``_build/html`` is opened once (one browser, one page object reused), and what the tests
assert is collected during that single visit: requests (any to another host is blocked and counted),
console errors, failed or missing local files, chart marks, glued numbers, an axe-core accessibility
report and a screenshot of the first screen (1280 x 900; a full-page PNG of a long chapter took ten times
as long). Artifacts go to ``_build/browser/`` (screenshots, ``axe.json``,
``page-weights.json`` and ``page-weights.md``).

Environment
-----------
``PARADIPLOMACY_BUILD_DIR``
    The build folder holding ``html/`` and ``jupyter_execute/`` (default: the repository's ``_build``).
``PARADIPLOMACY_CHROMIUM``
    The Chromium (or Chrome) executable (default ``/usr/bin/chromium``, Debian's package).
``PARADIPLOMACY_REQUIRE_BOOK``
    Set to 1 (``make test`` and ``make test-browser`` do, and so does ``CI``) to make a missing build an
    error instead of a skip.
"""
from __future__ import annotations

import json
import os
import re
import sys
from contextlib import contextmanager
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "_ext") not in sys.path:
    sys.path.insert(0, str(ROOT / "_ext"))
import static_server  # noqa: E402  (the book's build tooling: _ext/static_server.py)

BUILD_DIR = Path(os.environ.get("PARADIPLOMACY_BUILD_DIR", ROOT / "_build")).resolve()
HTML_DIR = BUILD_DIR / "html"
ARTIFACTS = BUILD_DIR / "browser"
CHROMIUM = os.environ.get("PARADIPLOMACY_CHROMIUM", "/usr/bin/chromium")
#: Flags for headless Chromium in a sandbox without network (no background traffic to Google's hosts).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-extensions",
                 "--disable-default-apps", "--mute-audio"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
#: Budget for one chapter page opened with an empty cache (every file it loads, each counted once).
PAGE_BUDGET_BYTES = 1_500_000
#: axe-core impacts that fail the suite.
BLOCKING_IMPACTS = {"serious", "critical"}
GLUE_ROLE = re.compile(r"\{glue:text\}`([^`]+)`")


def required() -> bool:
    return bool(os.environ.get("PARADIPLOMACY_REQUIRE_BOOK") or os.environ.get("CI"))


def book_pages(html_dir: Path = HTML_DIR) -> list[str]:
    """Every HTML page of the book (paths relative to ``html/``), the redirecting ``index.html`` excluded."""
    pages = []
    for path in sorted(html_dir.rglob("*.html")):
        rel = path.relative_to(html_dir).as_posix()
        if rel.startswith("_") or rel == "index.html":
            continue
        pages.append(rel)
    return pages


def axe_source() -> tuple[str, str]:
    """axe-core's browser script and where it came from.

    The npm package (``npm ci``, pinned in package-lock.json) is preferred; without node_modules the copy
    that the PyPI package axe-playwright-python ships (the same version) is used.
    """
    npm = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if npm.is_file():
        return npm.read_text(encoding="utf-8"), f"npm axe-core ({npm.relative_to(ROOT)})"
    import axe_playwright_python

    bundled = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    return bundled.read_text(encoding="utf-8"), "axe-core bundled with axe-playwright-python (PyPI)"


# --------------------------------------------------------------------------- expected glued text
def normalise_text(text: str) -> str:
    """Text as docutils' smart quotes would show it, reduced to plain ASCII quotes and dashes.

    Sphinx turns straight quotes into curly ones, ``--``/``---`` into dashes and ``...`` into an
    ellipsis in rendered text, glued text included; comparisons ignore that and runs of white space.
    """
    text = text.replace("---", "\u2014").replace("--", "\u2013").replace("...", "\u2026")
    for curly, plain in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'),
                         ("\u2013", "-"), ("\u2014", "-"), ("\u2026", "...")):
        text = text.replace(curly, plain)
    return " ".join(text.split())


def glue_expectations(page: str, build_dir: Path = BUILD_DIR) -> list[str]:
    """The text every ``{glue:text}`` role of a page must show, in source order.

    Names and format specs are read from the page's source as copied into the build
    (``html/_sources``); values from the glue store that myst-nb wrote when it executed the page
    (``jupyter_execute/<page>.glue.json``), formatted exactly as myst-nb formats them.
    """
    from myst_nb.core.variables import format_plain_text

    docname = page[: -len(".html")]
    source = build_dir / "html" / "_sources" / f"{docname}.md"
    if not source.is_file():
        return []
    roles = GLUE_ROLE.findall(source.read_text(encoding="utf-8"))
    if not roles:
        return []
    store = build_dir / "jupyter_execute" / f"{docname}.glue.json"
    if not store.is_file():
        raise AssertionError(f"{page}: the page glues values but {store} is missing (rebuild with `make book`)")
    values = json.loads(store.read_text(encoding="utf-8"))
    expected = []
    for role in roles:
        name, _, spec = role.partition(":")
        expected.append(format_plain_text(values[name]["data"]["text/plain"], spec or "s"))
    return expected


# --------------------------------------------------------------------------- a local server like GitHub Pages
def serve(html_dir: Path):
    """Serve `html_dir` on an ephemeral localhost port, gzip-encoded (``_ext/static_server.py``, the server
    ``make lighthouse`` uses too); yields the base URL (ending in /)."""
    return static_server.serve(html_dir)


# --------------------------------------------------------------------------- what one visit collects
@dataclass
class Visit:
    """Everything observed while one page was open (saved as JSON so xdist workers share visits)."""

    page: str
    url: str
    run: str = ""
    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)
    charts_error: str = ""
    glued: list[dict] = field(default_factory=list)
    axe: dict = field(default_factory=dict)
    #: Horizontal overflow by viewport width ("390", "1280"): see OVERFLOW_PROBE.
    overflow: dict = field(default_factory=dict)
    screenshot: str = ""
    #: Local files the page loaded, with the bytes transferred for each (gzip-encoded where the server
    #: compresses, as GitHub Pages does), each file counted once.
    local_files: dict[str, int] = field(default_factory=dict)
    #: The same files' sizes on disk (what a downloaded copy opened from file:// reads).
    disk_files: dict[str, int] = field(default_factory=dict)

    @property
    def weight(self) -> int:
        """Bytes transferred when this page is opened with an empty cache (every file once)."""
        return sum(self.local_files.values())

    @property
    def disk_weight(self) -> int:
        """Bytes read from disk when this page is opened from a downloaded copy."""
        return sum(self.disk_files.values())


CHART_PROBE = """() => [...document.querySelectorAll('figure.paradiplomacy-chart')].map((fig, i) => {
  const holder = fig.querySelector('.paradiplomacy-chart-interactive');
  const live = holder ? holder.querySelector('svg, canvas') : null;
  const markNodes = live ? [...live.querySelectorAll('g[class*="mark-"] > *')] : [];
  const colours = {marks: [], text: []};
  markNodes.forEach(n => {
    const g = n.parentElement.getAttribute('class') || '';
    if (/role-axis-grid|role-frame|role-scope|mark-group/.test(g)) return;
    const cs = getComputedStyle(n);
    if (n.tagName === 'text') { colours.text.push(cs.fill); return; }
    const paint = cs.fill && cs.fill !== 'none' && cs.fillOpacity !== '0' ? cs.fill : cs.stroke;
    if (paint && paint !== 'none') colours.marks.push(paint);
  });
  const stat = fig.querySelector(':scope > svg');
  const staticMarks = stat ? stat.querySelectorAll('g[class*="mark-"] > *').length : 0;
  const box = live ? live.getBoundingClientRect() : {width: 0, height: 0};
  return {index: i, label: (fig.getAttribute('aria-label') || '').slice(0, 80),
          described: (fig.getAttribute('aria-label') || '').length > 20 && !!fig.querySelector('figcaption'),
          interactive: fig.dataset.interactive === 'yes', element: live ? live.tagName.toLowerCase() : null,
          marks: markNodes.length, width: box.width, height: box.height, static_marks: staticMarks,
          static_hidden: stat ? getComputedStyle(stat).display === 'none' : null,
          mark_colours: [...new Set(colours.marks)], text_colours: [...new Set(colours.text)]};
})"""

#: Open every dropdown (solutions) the way a reader would, by clicking its toggle button, then open
#: whatever a click left closed (same classes as sphinx-togglebutton sets) and every <details>.
EXPAND_ALL = """() => {
  document.querySelectorAll('button.toggle-button[aria-expanded="false"]').forEach(b => b.click());
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  document.querySelectorAll('button.toggle-button-hidden').forEach(b => {
    b.classList.remove('toggle-button-hidden'); b.setAttribute('aria-expanded', 'true'); });
  document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; });
  return document.querySelectorAll('.toggle-hidden').length;
}"""

GLUE_SHOWN = """() => [...document.querySelectorAll('.pasted-text')]
  .every(e => e.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}))"""

GLUE_PROBE = """() => [...document.querySelectorAll('.pasted-text')].map(e => ({
  text: e.textContent, visible: e.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}),
  in_code: !!e.closest('pre, code')}))"""

AXE_RUN = """() => axe.run(document, {resultTypes: ['violations']}).then(r => ({
  version: axe.version,
  violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary}))}))
}))"""


#: Widths at which no page may scroll sideways: a phone (390 px) and a laptop (1280 px).
OVERFLOW_WIDTHS = (390, 1280)

#: Horizontal overflow at the current viewport width: the page's scroll width against its client width, every
#: visible table, figure and pre of the article wider than the article's text column (its content box) that is not
#: inside a scroll container (overflow-x auto or scroll) that itself fits the column, every visible table wider than
#: the column at all (``scrolling``: a reader would scroll it sideways) and how many tables are stacked.
OVERFLOW_PROBE = """() => {
  const doc = document.scrollingElement || document.documentElement;
  const column = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
  const cs = getComputedStyle(column), box = column.getBoundingClientRect();
  const left = box.left + parseFloat(cs.paddingLeft) + parseFloat(cs.borderLeftWidth);
  const right = box.right - parseFloat(cs.paddingRight) - parseFloat(cs.borderRightWidth);
  const describe = (el) => {
    const bits = [el.tagName.toLowerCase()];
    if (el.id) bits.push('#' + el.id);
    if (typeof el.className === 'string' && el.className.trim())
      bits.push('.' + el.className.trim().split(/\\s+/).slice(0, 3).join('.'));
    const section = el.closest('section[id]');
    return bits.join('') + (section ? ` in section #${section.id}` : '');
  };
  const fits = (r) => r.left >= left - 1 && r.right <= right + 1;
  // Every visible table wider than the column, even inside a scroll box that fits (what a reader must scroll).
  const scrolling = [];
  for (const el of column.querySelectorAll('table')) {
    const r = el.getBoundingClientRect();
    if (el.checkVisibility() && r.width > right - left + 1) {
      const figure = el.closest('figure'), caption = figure && figure.querySelector('figcaption');
      scrolling.push({element: describe(el), width: Math.round(r.width),
                      caption: caption ? caption.textContent.trim().slice(0, 60) : ''});
    }
  }
  const stacked = column.querySelectorAll('table.paradiplomacy-stacked').length;
  const wide = [];
  for (const el of column.querySelectorAll('table, figure, pre')) {
    if (!el.checkVisibility()) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || fits(r)) continue;
    let scroller = null;
    for (let e = el.parentElement; e && e !== column; e = e.parentElement) {
      const ox = getComputedStyle(e).overflowX;
      if (ox === 'auto' || ox === 'scroll') { scroller = e; break; }
    }
    if (scroller && fits(scroller.getBoundingClientRect())) continue;
    wide.push({element: describe(el), width: Math.round(r.width), left: Math.round(r.left - left),
               right: Math.round(r.right - right), column: Math.round(right - left),
               scroller: scroller ? describe(scroller) : null});
  }
  // When the page scrolls sideways: the innermost visible elements that reach past the right edge (what to fix).
  const past = [];
  if (doc.scrollWidth > doc.clientWidth) {
    const edge = doc.clientWidth + 1;
    const out = (e) => e.checkVisibility() && e.getBoundingClientRect().right > edge;
    for (const el of document.body.querySelectorAll('*')) {
      if (!out(el) || [...el.children].some(out)) continue;
      // Inside a box that clips or scrolls it, or a fixed one (an off-canvas drawer): not what widens the page.
      let clipped = getComputedStyle(el).position === 'fixed';
      for (let e = el.parentElement; e && e !== document.body && !clipped; e = e.parentElement) {
        const es = getComputedStyle(e);
        clipped = es.position === 'fixed' || (es.overflowX !== 'visible' && e.getBoundingClientRect().right <= edge);
      }
      if (!clipped) past.push(describe(el) + ` (right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
      if (past.length >= 5) break;
    }
  }
  return {width: window.innerWidth, scroll_width: doc.scrollWidth, client_width: doc.clientWidth,
          column: Math.round(right - left), wide, past, scrolling, stacked};
}"""


def visit_file(page: str) -> Path:
    """Where the visit of `page` is saved."""
    return ARTIFACTS / "visits" / (page.replace("/", "__") + ".json")


@contextmanager
def file_lock(path: Path):
    """An exclusive lock on ``path`` across processes (pytest-xdist workers): the others wait."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _page_lock(page: str):
    """An exclusive lock per page across processes (pytest-xdist workers)."""
    return file_lock(visit_file(page).with_suffix(".lock"))


def load_visit(page: str, run: str) -> Visit | None:
    """The saved visit of `page` made in test run `run`, if any."""
    path = visit_file(page)
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Visit(**data) if data.get("run") == run else None


def save_visit(visit: Visit) -> None:
    path = visit_file(visit.page)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(visit), indent=1), encoding="utf-8")
    tmp.replace(path)


class Browser:
    """One headless Chromium, one context and one page, reused for every page of the book.

    Visits are saved under ``_build/browser/visits`` with the test run's id, so when pytest-xdist spreads
    the tests of one page over several workers the page is still opened only once per run.
    Chromium starts only when a page has to be opened.
    """

    def __init__(self, base_url: str, html_dir: Path, run: str):
        self.base_url = base_url
        self.html_dir = html_dir
        self.run = run
        self._pw = self.browser = self.context = self.page = None
        self._current: Visit | None = None
        #: True while axe-core runs: its own requests (it re-reads stylesheets) are not the page's.
        self._auditing = False
        self._finished_requests: list = []
        self._cache: dict[str, Visit] = {}
        self.axe_js, self.axe_origin = axe_source()

    def _start(self):
        if self.page is not None:
            return
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.context = self.browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", self._page_error)
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)
        self.page.on("requestfinished", self._finished)

    # -- network and console hooks
    def _route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            if self._current is not None:
                self._current.external.append(url)
            return route.abort("blockedbyclient")
        if self._current is not None and not self._auditing:
            self._current.requests.append(url)
        return route.continue_()

    def _local_file(self, url: str) -> str | None:
        parts = urlsplit(url)
        if parts.hostname not in LOCAL_HOSTS:
            return None
        path = self.html_dir / unquote(parts.path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        return path.relative_to(self.html_dir).as_posix() if path.is_file() else None

    def _finished(self, request):
        if self._current is not None and not self._auditing:
            self._finished_requests.append(request)

    def _console(self, msg):
        if msg.type == "error" and self._current is not None and not self._auditing:
            if "net::ERR_BLOCKED_BY_CLIENT" in msg.text:
                return  # reported as an external request instead
            self._current.console_errors.append(f"console.error: {msg.text} ({msg.location.get('url', '')})")

    def _page_error(self, error):
        if self._current is not None:
            self._current.console_errors.append(f"uncaught: {error}")

    def _request_failed(self, request):
        if self._current is not None and not self._auditing and urlsplit(request.url).hostname in LOCAL_HOSTS:
            self._current.failed.append(f"{request.url}: {request.failure}")

    def _response(self, response):
        if self._current is not None and not self._auditing and response.status >= 400:
            self._current.failed.append(f"{response.url}: HTTP {response.status}")

    # -- one visit
    def visit(self, page: str) -> Visit:
        """The visit of `page` in this test run: made now, or by another worker, or earlier here."""
        if page in self._cache:
            return self._cache[page]
        with _page_lock(page):
            visit = load_visit(page, self.run)
            if visit is None:
                visit = self._open(page)
                save_visit(visit)
        self._cache[page] = visit
        return visit

    def _open(self, page: str) -> Visit:
        self._start()
        visit = Visit(page=page, url=self.base_url + page, run=self.run)
        self._current = visit
        self._finished_requests = []
        cdp = self.context.new_cdp_session(self.page)
        cdp.send("Network.clearBrowserCache")  # an empty cache: each page's weight counts all it needs
        cdp.detach()
        try:
            self.page.goto(visit.url, wait_until="load")
            try:
                # A chart is drawn when it comes near the screen (its Vega bundle loads then): visit each one,
                # as a reader scrolling through the page does, then go back to the top.
                figures = self.page.locator("figure.paradiplomacy-chart")
                for i in range(figures.count()):
                    figures.nth(i).scroll_into_view_if_needed()
                    self.page.wait_for_timeout(50)
                self.page.wait_for_function(
                    "() => [...document.querySelectorAll('figure.paradiplomacy-chart')]"
                    ".every(f => f.dataset.interactive === 'yes')", timeout=30_000)
                self.page.evaluate("window.scrollTo(0, 0)")
            except Exception as exc:  # reported by the chart test
                visit.charts_error = f"charts not interactive after 30 s ({exc.__class__.__name__})"
            self.page.wait_for_load_state("networkidle")
            for request in self._finished_requests:
                name = self._local_file(request.url)
                if name is not None and name not in visit.local_files:
                    sizes = request.sizes()
                    visit.local_files[name] = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    visit.disk_files[name] = (self.html_dir / name).stat().st_size
            visit.charts = self.page.evaluate(CHART_PROBE)
            shot = ARTIFACTS / "screenshots" / (page.replace("/", "__")[: -len(".html")] + ".png")
            shot.parent.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(shot))  # the first screen, as the page opens
            visit.screenshot = str(shot)
            self.page.evaluate(EXPAND_ALL)
            try:
                self.page.wait_for_function(GLUE_SHOWN, timeout=5_000)
            except Exception:  # what is still hidden is reported by the glue test
                pass
            visit.glued = self.page.evaluate(GLUE_PROBE)
            # Opening a dropdown fades its content in; axe must not measure contrast mid-transition
            # (half-transparent text fails 4.5:1 at random, depending on timing).
            try:
                self.page.wait_for_function(
                    "() => document.getAnimations().every(a => a.playState !== 'running')", timeout=5_000)
            except Exception:  # a page with an endless animation: axe still runs and reports what it sees
                pass
            self.page.wait_for_timeout(100)
            self._auditing = True
            self.page.evaluate(self.axe_js)
            visit.axe = self.page.evaluate(AXE_RUN)
            self._auditing = False
            # Sideways overflow, with everything open: at the visit's width, then at a phone's (the layout
            # follows the new width without a reload; the charts redraw at it), then back.
            visit.overflow = {str(width): self._overflow_at(width) for width in sorted(OVERFLOW_WIDTHS, reverse=True)}
        finally:
            self._current = None
            self._auditing = False
        return visit

    def _overflow_at(self, width: int) -> dict:
        size = self.page.viewport_size
        if size["width"] != width:
            self.page.set_viewport_size({"width": width, "height": size["height"]})
            self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            self.page.wait_for_timeout(150)  # vega-embed redraws a chart on resize after a short delay
        result = self.page.evaluate(OVERFLOW_PROBE)
        if size["width"] != width:
            self.page.set_viewport_size(size)
        return result

    def new_context(self, **kwargs):
        """Another browser context on the same Chromium (requests to other hosts are blocked there too)."""
        self._start()
        context = self.browser.new_context(**kwargs)
        blocked: list[str] = []

        def route(r):
            parts = urlsplit(r.request.url)
            if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
                blocked.append(r.request.url)
                return r.abort("blockedbyclient")
            return r.continue_()

        context.route("**/*", route)
        context.blocked = blocked
        return context

    def close(self):
        if self._pw is not None:
            self.context.close()
            self.browser.close()
            self._pw.stop()


# --------------------------------------------------------------------------- reports
def write_reports(run: str, pages: list[str], axe_origin: str) -> None:
    """Write ``page-weights.json``/``.md`` and ``axe.json`` from this run's saved visits.

    Every worker calls this at its end; each reads all visits saved so far, so the last one to finish
    writes the complete report.
    """
    visits = [v for v in (load_visit(p, run) for p in pages) if v is not None]
    if not visits:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    users = Counter(f for v in visits for f in v.local_files)
    shared = {f for f, n in users.items() if n > 1}
    sizes = {f: s for v in visits for f, s in v.local_files.items()}
    rows = []
    for v in visits:
        own = sum(s for f, s in v.local_files.items() if f not in shared)
        rows.append({"page": v.page, "transferred_bytes": v.weight, "page_only_transferred_bytes": own,
                     "on_disk_bytes": v.disk_weight, "files": len(v.local_files)})
    shared_bytes = sum(sizes[f] for f in shared)
    report = {"budget_bytes": PAGE_BUDGET_BYTES, "pages_visited": len(visits), "shared_files": sorted(shared),
              "shared_transferred_bytes": shared_bytes, "site_transferred_bytes": sum(sizes.values()),
              "pages": rows}
    _write(ARTIFACTS / "page-weights.json", json.dumps(report, indent=2))
    lines = ["| page | transferred, empty cache (KB) | of which files no other page loads (KB) | on disk (KB) "
             "| files |", "| --- | ---: | ---: | ---: | ---: |"]
    lines += [f"| {r['page']} | {r['transferred_bytes'] / 1000:.0f} | {r['page_only_transferred_bytes'] / 1000:.0f} | "
              f"{r['on_disk_bytes'] / 1000:.0f} | {r['files']} |" for r in rows]
    lines.append(f"\nShared files (loaded by more than one page, each counted once): {len(shared)} files, "
                 f"{shared_bytes / 1000:.0f} KB transferred. All {len(visits)} pages together: "
                 f"{sum(sizes.values()) / 1000:.0f} KB. Budget per chapter page: "
                 f"{PAGE_BUDGET_BYTES / 1000:.0f} KB transferred with an empty cache.")
    _write(ARTIFACTS / "page-weights.md", "\n".join(lines) + "\n")
    _write(ARTIFACTS / "axe.json", json.dumps({"axe_source": axe_origin, "pages": {v.page: v.axe for v in visits}},
                                              indent=2))


def _write(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
