"""Sphinx extension that serves the book's JavaScript, CSS, icons and fonts from the book itself, and keeps each
page light.

Charts are written into the executed chapters as static SVG plus their Vega-Lite spec (see
:func:`paradiplomacy.charts.figure_html`). This extension makes them interactive in the HTML build
without any request to another host:

* ``paradiplomacy-vega.js`` is a self-contained bundle of Vega, Vega-Lite and vega-embed produced by
  ``vl_convert.javascript_bundle`` (the same pinned PyPI package that renders the static SVGs), written
  into ``_static/`` of the build once per site;
* ``paradiplomacy-charts.js`` (loaded, deferred, by the pages that have a chart) loads that bundle only when a
  chart comes near the screen and then draws it with vega-embed; until then, and in print and without
  JavaScript, the reader sees the static SVG. ``paradiplomacy-charts.css`` hides the static copy on screen
  once the interactive one is drawn.

It keeps every page light, self-contained and reliable in a browser (issue 13):

* no script or stylesheet a page does not use (:func:`prune_page_assets`): Thebe's (live code is off), and
  the copy-button, toggle-button, sphinx-design and exercise assets on pages without code, dropdowns, tabs
  or exercises; the remaining head scripts are deferred, so only the stylesheet and the few hundred bytes of
  ``documentation_options.js`` block the first paint;
* no 530 KiB Font Awesome script (:func:`slim_head`): the theme's own CSS draws its icons from the Font
  Awesome web fonts, and ``paradiplomacy-icons.css`` points the icons the pages use at a subset of those fonts
  of a few KiB (:func:`write_icon_fonts`);
* the search index (``searchindex.js``, about 100 KiB) and Sphinx's search scripts load on the search page
  only (:func:`slim_head`): the search box everywhere else submits to that page;
* math, if a page has any, is rendered by a MathJax copied into ``_static/mathjax`` from the npm package
  (``npm install mathjax@3``) instead of MathJax from a CDN (:func:`copy_mathjax`); no page has math today,
  so nothing is copied and no page loads MathJax;
* every page has a ``<meta name="description">`` (its first paragraph; :func:`page_description`) and the
  book's favicon (``html.favicon`` in ``_config.yml``, also copied to the site's root as ``favicon.ico``);
* ``paradiplomacy-book.css`` holds the print stylesheet (a chapter prints without navigation, with whole
  tables and the static charts) and small accessibility fixes for the theme; it does not render the content of
  a closed "Show code cell output" box (the theme would lay out its tables on every load), and
  ``paradiplomacy-book.js`` gives the outputs of a box keyboard access once it is opened, and shows a table too
  wide for the column (a phone) as stacked records;
* every page links one stylesheet, the site's stylesheets concatenated in order (:func:`bundle_styles`);
* bibliography entries get the ARIA role their list requires (:func:`fix_citation_roles`);
* inline scripts that Sphinx 7.4 emits twice are written once (:func:`dedupe_scripts`);
* each chapter that cites works ends with its own reference list (:func:`chapter_bibliography`);
* every executed page can be downloaded as a notebook with its outputs, beside its MyST source
  (:func:`notebook_for_download`);
* the ``paradiplomacy-citation`` directive renders "how to cite this book" from ``CITATION.cff``
  (:class:`CitationDirective`), so the page and the file cannot disagree;
* the Binder, repository and issue buttons appear only once ``repository.url`` names the repository (the
  GitHub Pages workflow sets it from the workflow's own repository; :func:`_configure`).

Enable it in ``_config.yml`` under ``sphinx: local_extensions: {book_assets: _ext/}``.
"""
from __future__ import annotations

import html as html_lib
import os
import re
import shutil
from pathlib import Path

from sphinx.util.docutils import SphinxDirective

__all__ = ["STATIC_DIR", "BUNDLE_NAME", "SCRIPT_NAME", "STYLE_NAME", "BOOK_STYLE_NAME", "BOOK_SCRIPT_NAME",
           "ICON_STYLE_NAME", "FAVICON_NAME", "CHART_MARKER", "MATHJAX_PATH", "MATHJAX_PARTS", "bundle_header",
           "vega_bundle", "write_assets", "speed_up_pybtex", "find_mathjax", "copy_mathjax", "dedupe_scripts", "prune_page_assets",
           "slim_head", "page_description", "icon_names", "fontawesome_codepoints", "stylesheet_icons",
           "write_icon_fonts", "bundle_styles", "fix_citation_roles", "notebook_for_download", "chapter_bibliography",
           "read_citation", "citation_text", "citation_bibtex", "CitationDirective", "setup"]

#: Folder with the extension's own static files.
STATIC_DIR = Path(__file__).resolve().parent / "static"
#: File name of the Vega / Vega-Lite / vega-embed bundle in ``_static/``.
BUNDLE_NAME = "paradiplomacy-vega.js"
#: File name of the script that makes the charts interactive.
SCRIPT_NAME = "paradiplomacy-charts.js"
#: What marks a page with a chart (see :func:`paradiplomacy.charts.figure_html`).
CHART_MARKER = '<figure class="paradiplomacy-chart"'
#: File name of the charts' stylesheet.
STYLE_NAME = "paradiplomacy-charts.css"
#: File name of the book's own stylesheet (print rules, accessibility fixes for the theme).
BOOK_STYLE_NAME = "paradiplomacy-book.css"
#: File name of the book's own script (keyboard access to the outputs of an opened "Show code cell output" box).
BOOK_SCRIPT_NAME = "paradiplomacy-book.js"
#: What marks a page with a closed output box (myst-nb's ``hide-output`` cells).
HIDDEN_OUTPUT_MARKER = re.compile(r'<details class="(?:[^"]*\s)?hide(?:\s[^"]*)?"')
#: What marks a page with a dropdown (a solution; sphinx-togglebutton folds it when the page loads).
DROPDOWN_MARKER = re.compile(r'<div class="(?:[^"]*\s)?dropdown(?:\s[^"]*)?"')
#: File name of the stylesheet that points the theme's icons at subsets of the Font Awesome fonts.
ICON_STYLE_NAME = "paradiplomacy-icons.css"
#: The book's favicon (``html.favicon`` in ``_config.yml`` points at it; also copied to the site's root).
FAVICON_NAME = "favicon.ico"
#: Where MathJax is served from, relative to ``_static`` (Sphinx's ``mathjax_path``).
MATHJAX_PATH = "mathjax/tex-mml-chtml.js"
#: The parts of the npm package's ``es5`` folder that ``tex-mml-chtml.js`` loads (itself, its fonts,
#: TeX extensions it may autoload, and the accessibility / menu components it may load on demand).
MATHJAX_PARTS = ("tex-mml-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions", "a11y", "sre", "ui")
#: Text appended to a chapter that cites works but has no reference list of its own.
#: A bullet list, not a citation list: the citations keep linking to the one citation list on the
#: Bibliography page, so no key is a citation target twice (no duplicate-citation warnings).
CHAPTER_BIBLIOGRAPHY = "\n\n## References\n\n```{bibliography}\n:filter: docname in docnames\n:list: bullet\n```\n"


def bundle_header() -> str:
    """First line of the bundle: which versions it was built from (used to reuse an up-to-date bundle).

    Returns
    -------
    str
        A JavaScript comment naming the vl-convert, Altair (whose schema version picks the Vega-Lite version the
        bundle holds), Vega and vega-embed versions. Altair's version is read from its installed metadata, not by
        importing it (half a second on every build).
    """
    from importlib import metadata

    import vl_convert

    return (f"/* paradiplomacy chart bundle: vl-convert {vl_convert.__version__}, Altair {metadata.version('altair')}, "
            f"Vega {vl_convert.get_vega_version()}, vega-embed {vl_convert.get_vega_embed_version()}; "
            "licences: BSD-3-Clause (Vega, Vega-Lite, vega-embed) */\n")


def vega_bundle() -> str:
    """The self-contained JavaScript bundle that defines ``window.vegaEmbed``, ``window.vega`` and ``window.vegaLite``.

    Returns
    -------
    str
        :func:`bundle_header`, a comment naming the Vega-Lite version, then ``vl_convert.javascript_bundle`` for
        the Vega-Lite version that Altair writes (so the specs in the pages and the library agree), wrapped in a
        function scope.
    """
    import vl_convert

    from paradiplomacy.charts import _vl_version

    # The bundle declares top-level constants (``_``, ``n``, ...) that would clash with the page's other
    # classic scripts (Sphinx loads underscore.js as ``_``), so it runs inside a function scope; it
    # publishes only the three globals. Not an ES module, so the page also works from file://.
    body = vl_convert.javascript_bundle(vl_version=_vl_version())
    return (bundle_header() + f"/* Vega-Lite {_vl_version()} */\n" + "(function () {\n" + body + "\n})();\n")


def write_assets(static_out: str | Path) -> list[Path]:
    """Write the bundle, script and stylesheets into a build's ``_static`` folder.

    The bundle (about 0.9 MB) is regenerated only when its header (the versions) differs from the file
    already there, so warm rebuilds do not pay for it.

    Parameters
    ----------
    static_out : str or path-like
        The ``_static`` folder of an HTML build (created if missing).

    Returns
    -------
    list of pathlib.Path
        The five files written or kept.
    """
    out = Path(static_out)
    out.mkdir(parents=True, exist_ok=True)
    bundle = out / BUNDLE_NAME
    header = bundle_header()
    current = bundle.is_file() and bundle.open(encoding="utf-8").readline() == header
    if not current:
        bundle.write_text(vega_bundle(), encoding="utf-8")
    written = [bundle]
    for name in (SCRIPT_NAME, STYLE_NAME, BOOK_STYLE_NAME, BOOK_SCRIPT_NAME):
        shutil.copyfile(STATIC_DIR / name, out / name)
        written.append(out / name)
    return written


def find_mathjax(root: str | Path) -> Path | None:
    """The ``es5`` folder of the MathJax npm package installed under `root`, if any.

    Parameters
    ----------
    root : str or path-like
        The folder holding ``package.json`` and ``node_modules`` (the book's root).

    Returns
    -------
    pathlib.Path or None
        ``<root>/node_modules/mathjax/es5`` when it holds ``tex-mml-chtml.js``, else None.
    """
    es5 = Path(root) / "node_modules" / "mathjax" / "es5"
    return es5 if (es5 / "tex-mml-chtml.js").is_file() else None


def copy_mathjax(es5: str | Path, static_out: str | Path) -> Path:
    """Copy the parts of MathJax that the book's pages load into ``<static_out>/mathjax``.

    Parameters
    ----------
    es5 : str or path-like
        The ``es5`` folder of the MathJax npm package (see :func:`find_mathjax`).
    static_out : str or path-like
        The ``_static`` folder of an HTML build.

    Returns
    -------
    pathlib.Path
        The ``mathjax`` folder written.
    """
    es5, dest = Path(es5), Path(static_out) / "mathjax"
    for part in MATHJAX_PARTS:
        source = es5 / part
        if source.is_dir():
            shutil.copytree(source, dest / part, dirs_exist_ok=True)
        elif source.is_file():
            (dest / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest / part)
    return dest


def dedupe_scripts(scripts: list) -> list:
    """Drop repeated inline scripts from a page's script list, in place.

    Sphinx 7.4 registers an inline script added after the builder starts twice (once with the file name
    ``None``, once with ``''``), so sphinx-thebe's ``const THEBE_JS_URL = ...`` is declared twice and every
    page logs "Identifier 'THEBE_JS_URL' has already been declared". Scripts are the same when their file
    name (``None`` and ``''`` alike), priority and attributes (including the body) are.

    Parameters
    ----------
    scripts : list
        The page's ``script_files`` (Sphinx ``_JavaScript`` objects or plain strings).

    Returns
    -------
    list
        The same list object, without repeats, order kept.
    """
    seen, kept = set(), []
    for script in scripts:
        attributes = getattr(script, "attributes", {}) or {}
        key = (getattr(script, "filename", script) or "", getattr(script, "priority", 500),
               tuple(sorted((k, str(v)) for k, v in attributes.items())))
        if key in seen:
            continue
        seen.add(key)
        kept.append(script)
    scripts[:] = kept
    return scripts


# --------------------------------------------------------------------------- lighter pages (issue 13)
#: Scripts and stylesheets of Thebe (live code in the page), unused while ``launch_buttons.thebe`` is off.
THEBE_FILES = ("sphinx-thebe.js", "sphinx-thebe.css")
#: Assets that act on some markup only, by file name: a page without that markup in its body does not load them.
#: ``copybutton`` adds copy buttons to code blocks (``div.highlight``); ``togglebutton`` folds dropdowns
#: (``.toggle``, ``.admonition.dropdown``); ``design`` is sphinx-design (``sd-*`` classes); ``exercise`` styles
#: sphinx-exercise boxes; ``pygments`` colours code.
CONDITIONAL_ASSETS = {
    "copybutton": (("clipboard.min.js", "copybutton.js", "copybutton.css"), re.compile(r'class="highlight')),
    "togglebutton": (("togglebutton.js", "togglebutton.css"),
                     re.compile(r'class="(?:[^"]*\s)?(?:toggle|dropdown)(?:\s[^"]*)?"')),
    "design": (("design-tabs.js", "sphinx-design.min.css"), re.compile(r'class="(?:[^"]*\s)?sd-')),
    "exercise": (("exercise.css",), re.compile(r'class="(?:[^"]*\s)?(?:exercise|solution)(?:\s[^"]*)?"')),
    "pygments": (("pygments.css",), re.compile(r'class="highlight')),
}
#: Inline scripts that only configure an asset above (dropped with it).
INLINE_CONFIG = {"togglebutton": ("toggleHintShow", "toggleHintHide", "toggleOpenOnPrint", "togglebuttonSelector"),
                 "thebe": ("THEBE_JS_URL",)}
#: Head scripts that stay synchronous: inline scripts right after them use what they define.
KEEP_SYNCHRONOUS = ("documentation_options.js",)
#: On the search page: no result summaries from file:// (they are fetched, which browsers refuse there).
OFFLINE_SEARCH = 'if (location.protocol === "file:") { DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false; }'


def _asset_name(asset) -> str:
    return Path(str(getattr(asset, "filename", asset) or "")).name


def _inline_body(asset) -> str:
    return (getattr(asset, "attributes", {}) or {}).get("body", "") or ""


def prune_page_assets(scripts: list, styles: list, body: str, *, thebe: bool = False) -> list[str]:
    """Drop from one page the scripts and stylesheets it does not use, and defer the scripts it keeps; in place.

    Parameters
    ----------
    scripts : list
        The page's ``script_files`` (Sphinx ``_JavaScript`` objects).
    styles : list
        The page's ``css_files`` (Sphinx ``_CascadingStyleSheet`` objects).
    body : str
        The page's HTML body (the article, without the theme's navigation).
    thebe : bool
        Whether Thebe (live code) is on (``launch_buttons.thebe``); if not, its assets go.

    Returns
    -------
    list of str
        The names of the files and inline settings dropped, for the log.
    """
    from sphinx.builders.html._assets import _JavaScript

    unused = set() if thebe else set(THEBE_FILES)
    inline = [] if thebe else list(INLINE_CONFIG["thebe"])
    for name, (files, marker) in CONDITIONAL_ASSETS.items():
        if not marker.search(body):
            unused.update(files)
            inline.extend(INLINE_CONFIG.get(name, ()))
    dropped = []
    kept_scripts = []
    for script in scripts:
        name, text = _asset_name(script), _inline_body(script)
        if (name and name in unused) or (not name and text and any(key in text for key in inline)):
            dropped.append(name or text[:40])
            continue
        attributes = dict(getattr(script, "attributes", {}) or {})
        if (name and name not in KEEP_SYNCHRONOUS and not attributes.get("async") and not attributes.get("defer")
                and attributes.get("type", "text/javascript") in ("text/javascript", "")):
            # Deferred scripts run in document order once the page is parsed: none of the theme's or the
            # extensions' scripts needs to run earlier (they all wait for DOMContentLoaded).
            script = _JavaScript(script.filename, priority=script.priority, **{**attributes, "defer": "defer"})
        kept_scripts.append(script)
    scripts[:] = kept_scripts
    kept_styles = []
    for style in styles:
        if _asset_name(style) in unused:
            dropped.append(_asset_name(style))
            continue
        kept_styles.append(style)
    styles[:] = kept_styles
    return dropped


#: The theme's 530 KiB Font Awesome script (it swaps every ``<i class="fa-...">`` for an inline SVG); the
#: theme's stylesheet draws the same icons from the Font Awesome web fonts without it.
_FONTAWESOME_SCRIPT = re.compile(
    r'[ \t]*(?:<!-- So that users can add custom icons -->\s*)?'
    r'<script[^>]*\ssrc="[^"]*/scripts/fontawesome\.js[^"]*"[^>]*>'
    r'</script>[ \t]*\n?')
#: ``<link rel="preload">`` of the theme's two scripts: they are ``defer`` at the end of the body anyway, and
#: preloading them takes bandwidth from the stylesheets the first paint waits for.
_SCRIPT_PRELOADS = re.compile(
    r'[ \t]*(?:<!-- Pre-loaded scripts that we\'ll load fully later -->\s*)?'
    r'(?:<link rel="preload" as="script" href="[^"]*/scripts/(?:bootstrap|pydata-sphinx-theme)\.js[^"]*" />\s*)+')
#: Sphinx's search scripts and index, which pydata-sphinx-theme puts in every page's head for search-as-you-type.
_SEARCH_SCRIPTS = re.compile(
    r'[ \t]*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>'
    r'[ \t]*\n?')
#: The theme's ``styles/theme.css`` only ``@import``s ``basic.css``: one more round trip before the first paint.
_THEME_CSS = re.compile(r'(<link href="[^"]*_static/)styles/theme\.css(?:\?[^"]*)?(" rel="stylesheet" />)')


def slim_head(page_html: str, pagename: str) -> str:
    """A rendered page without the head scripts and round trips it does not need.

    Removes the theme's Font Awesome script (the theme's CSS and :func:`write_icon_fonts` draw the icons), the
    preloads of the theme's deferred scripts, and, except on the search page, Sphinx's search scripts and
    search index (the search box submits to the search page, which loads them, deferred); links ``basic.css``
    directly instead of through the theme's one-line ``theme.css``.

    Parameters
    ----------
    page_html : str
        The page as the theme rendered it.
    pagename : str
        The page's name (``search`` keeps the search scripts).

    Returns
    -------
    str
        The page, changed only in its ``<head>``.
    """
    head_end = page_html.find("</head>")
    if head_end < 0:
        return page_html
    head, rest = page_html[:head_end], page_html[head_end:]
    head = _FONTAWESOME_SCRIPT.sub("", head)
    head = _SCRIPT_PRELOADS.sub("", head)
    if pagename != "search":
        head = _SEARCH_SCRIPTS.sub("", head)
    else:  # deferred like the scripts they use (doctools.js, see prune_page_assets), in the same order
        head = _SEARCH_SCRIPTS.sub(lambda m: m.group(0).replace("<script src=", "<script defer src="), head)
    head = _THEME_CSS.sub(r"\1basic.css\2", head)
    return head + rest


#: Longest meta description (search engines show about 155-160 characters).
DESCRIPTION_CHARS = 160


def _shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut + "…"


def page_description(doctree, limit: int = DESCRIPTION_CHARS) -> str:
    """A page's description for ``<meta name="description">``: its first paragraph of prose, shortened.

    Paragraphs inside admonitions, exercises, sidebars, footnotes, citations, tables, captions and code-cell
    outputs are skipped, and so are paragraphs shorter than 40 characters (labels, not prose).

    Parameters
    ----------
    doctree : docutils.nodes.document or None
        The page's document.
    limit : int
        The longest description, in characters (cut at a word, with an ellipsis).

    Returns
    -------
    str
        The description, or "" when the page has no such paragraph.
    """
    if doctree is None:
        return ""
    from docutils import nodes

    skip = (nodes.Admonition, nodes.footnote, nodes.citation, nodes.sidebar, nodes.topic, nodes.table,
            nodes.caption, nodes.legend, nodes.field_list, nodes.docinfo, nodes.block_quote)
    for paragraph in doctree.findall(nodes.paragraph):
        parent, inside = paragraph.parent, False
        while parent is not None:
            classes = parent.get("classes", []) if isinstance(parent, nodes.Element) else []
            if isinstance(parent, skip) or any(c.startswith(("cell", "exercise", "solution", "admonition"))
                                               for c in classes):
                inside = True
                break
            parent = parent.parent
        if inside:
            continue
        text = _prose(paragraph)
        if len(text) >= 40:
            return _shorten(text, limit)
    return ""


def _prose(paragraph) -> str:
    """A paragraph's text without its citations and footnote marks (a description reads as a sentence)."""
    from docutils import nodes

    def cited(node) -> bool:
        while node is not None and node is not paragraph:
            if isinstance(node, (nodes.citation_reference, nodes.footnote_reference)) or (
                    isinstance(node, nodes.Element) and "bibtex-citation" in node.get("classes", [])):
                return True
            node = node.parent
        return False

    text = "".join(t.astext() for t in paragraph.findall(nodes.Text) if not cited(t.parent))
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)  # brackets left empty by a citation
    text = " ".join(text.split())
    return re.sub(r"\s+([.,;:!?)\]])", r"\1", re.sub(r"([(\[])\s+", r"\1", text))


# --------------------------------------------------------------------------- icons without the Font Awesome script
_FA_CLASS = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*")
#: ``.fa-bars:before{content:"\f0c9"}`` (several selectors may share one rule) in the theme's stylesheet.
_FA_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+:{1,2}before\s*,?\s*)+)\{\s*content:\s*\"\\([0-9a-fA-F]{2,6})\"")
#: The theme's Font Awesome web fonts: (file stem, CSS family, weight).
FONTAWESOME_FONTS = (("fa-solid-900", "Font Awesome 6 Free", 900), ("fa-regular-400", "Font Awesome 6 Free", 400),
                     ("fa-brands-400", "Font Awesome 6 Brands", 400))
#: Where the theme puts the fonts and its stylesheet, relative to ``_static``.
FONTAWESOME_DIR, THEME_STYLESHEET = "vendor/fontawesome/webfonts", "styles/pydata-sphinx-theme.css"


def icon_names(texts) -> set[str]:
    """The ``fa-*`` class names used in some HTML or JavaScript texts (icons, and modifiers such as ``fa-lg``)."""
    names = set()
    for text in texts:
        names.update(_FA_CLASS.findall(text))
    return names


def fontawesome_codepoints(css: str) -> dict[str, int]:
    """Icon name (``fa-bars``) to its code point in the Font Awesome fonts, from the theme's stylesheet."""
    points = {}
    for selectors, hexcode in _FA_RULE.findall(css):
        for name in re.findall(r"\.(fa-[a-z0-9-]+):", selectors):
            points.setdefault(name, int(hexcode, 16))
    return points


def _private_use(codepoint: int) -> bool:
    return 0xE000 <= codepoint <= 0xF8FF


def stylesheet_icons(css: str) -> set[int]:
    """Icon code points a stylesheet draws by itself (``content: "\\f107"``, ``--pst-icon-bell: ""``): every
    private-use character in it, except those of the ``.fa-*:before`` table, which only the icons a page
    names with a class use."""
    css = _FA_RULE.sub("", css)
    points = {int(h, 16) for h in re.findall(r"\\([0-9a-fA-F]{4,6})", css)}
    points |= {ord(c) for c in css if _private_use(ord(c))}
    return {p for p in points if _private_use(p)}


def write_icon_fonts(static_out: str | Path, texts) -> Path | None:
    """Write subsets of the theme's Font Awesome fonts, holding only the icons the book uses, and their CSS.

    ``paradiplomacy-icons.css`` declares each subset under the theme's own font family and weight with a
    ``unicode-range`` of just those icons. Browsers then take those icons from the subset (a few KiB) and
    would fetch the theme's full font only for an icon missing from the subset (the CSS stays correct for any
    icon). The icons kept are those the pages and scripts name with an ``fa-*`` class and those the
    stylesheets draw themselves (admonition icons, the "on this page" arrow). Needs fontTools (installed with
    matplotlib); without it, or without the theme's fonts, the CSS is written empty and the theme's full fonts
    are used.

    Parameters
    ----------
    static_out : str or path-like
        The ``_static`` folder of an HTML build (the theme's files already copied there).
    texts : iterable of str
        The built pages and scripts, searched for ``fa-*`` class names.

    Returns
    -------
    pathlib.Path or None
        The stylesheet written, or None when there was nothing to subset.
    """
    import hashlib

    static = Path(static_out)
    css_out = static / ICON_STYLE_NAME
    header = ("/* Font Awesome Free 6 icons used by this book, cut from the theme's fonts "
              "(book_assets.write_icon_fonts)."
              "\n * Icons: CC BY 4.0; fonts: SIL OFL 1.1 (https://fontawesome.com/license/free). */\n")
    theme_css = static / THEME_STYLESHEET
    if not theme_css.is_file():
        css_out.write_text(header, encoding="utf-8")
        return None
    points = fontawesome_codepoints(theme_css.read_text(encoding="utf-8"))
    wanted = {points[n] for n in icon_names(texts) if n in points}
    for sheet in static.rglob("*.css"):  # icons the theme's and extensions' stylesheets draw themselves
        if sheet.name != ICON_STYLE_NAME and "mathjax" not in sheet.parts:
            wanted |= stylesheet_icons(sheet.read_text(encoding="utf-8", errors="replace"))
    wanted = sorted(wanted)
    if not wanted:
        css_out.write_text(header, encoding="utf-8")
        return None
    # The subsets depend only on the icons wanted and the theme's fonts: a rebuild that changes neither keeps the
    # files it finds (the key is the stylesheet's last line).
    sources = [static / FONTAWESOME_DIR / f"{stem}.ttf" for stem, _, _ in FONTAWESOME_FONTS]
    digest = hashlib.sha256(repr(wanted).encode())
    for source in sources:
        digest.update(source.read_bytes() if source.is_file() else b"-")
    key = f"/* subsets of: {digest.hexdigest()[:16]} */\n"
    if css_out.is_file():
        kept = css_out.read_text(encoding="utf-8")
        fonts = re.findall(r"src:url\(([^)]+)\)", kept)
        if kept.endswith(key) and all((static / font).is_file() for font in fonts):
            return css_out
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:
        css_out.write_text(header, encoding="utf-8")
        return None
    import logging

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # its INFO lines flooded the build's output
    rules = []
    for stem, family, weight in FONTAWESOME_FONTS:
        source = static / FONTAWESOME_DIR / f"{stem}.ttf"
        if not source.is_file():
            continue
        font = TTFont(source)
        present = [cp for cp in wanted if cp in font.getBestCmap()]
        if not present:
            continue
        options = subset.Options()
        options.flavor, options.layout_features, options.name_IDs = "woff", [], ["*"]
        options.notdef_outline, options.hinting = True, False
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=present)
        subsetter.subset(font)
        target = f"paradiplomacy-{stem}.woff"
        font.flavor = "woff"
        font.save(static / target)
        ranges = ",".join(f"U+{cp:X}" for cp in present)
        rules.append(f'@font-face{{font-family:"{family}";font-style:normal;font-weight:{weight};font-display:block;'
                     f'src:url({target}) format("woff");unicode-range:{ranges}}}')
    css_out.write_text(header + "\n".join(rules) + "\n" + key, encoding="utf-8")
    return css_out


# --------------------------------------------------------------------------- one stylesheet per site
#: Name of the stylesheet that holds, in order, every stylesheet the pages link (``.<hash>.css``).
STYLE_BUNDLE_PREFIX = "paradiplomacy-styles"
_STYLE_LINK = re.compile(r'[ \t]*<link (?:rel="stylesheet" type="text/css" href="([^"]+)"'
                         r'|href="([^"]+)" rel="stylesheet") ?/>[ \t]*\n?')
_BUNDLE_HEADER = re.compile(r"/\* paradiplomacy style bundle: ([^*]*)\*/")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def _rebase_urls(css: str, member: str) -> str:
    """`css` of ``_static/<member>`` with its relative ``url()``s rewritten relative to ``_static/``."""
    import posixpath

    base = posixpath.dirname(member)
    if not base:
        return css

    def rebase(match):
        quote, url = match.groups()
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", url, flags=re.I):
            return match.group(0)
        return f"url({quote}{posixpath.normpath(posixpath.join(base, url))}{quote})"

    return _CSS_URL.sub(rebase, css)


def _page_styles(page: Path, static: Path, head: str) -> tuple[list[str], list[re.Match]]:
    """The stylesheets (paths relative to ``_static``) that a page's head links, and the link tags."""
    members, tags = [], []
    for match in _STYLE_LINK.finditer(head):
        href = (match.group(1) or match.group(2)).split("?", 1)[0].split("#", 1)[0]
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|/)", href, flags=re.I):
            continue  # another host or an absolute path: left alone
        target = (page.parent / href).resolve()
        try:
            rel = target.relative_to(static.resolve()).as_posix()
        except ValueError:
            continue
        if rel.startswith(STYLE_BUNDLE_PREFIX + "."):
            old = _BUNDLE_HEADER.search(target.read_text(encoding="utf-8")[:4000]) if target.is_file() else None
            if old is None:
                continue
            members.extend(old.group(1).split())
        elif target.is_file():
            members.append(rel)
        else:
            continue
        tags.append(match)
    return members, tags


def bundle_styles(outdir: str | Path) -> Path | None:
    """Replace the stylesheets every page links with one stylesheet for the whole site.

    A page of the theme links a dozen small stylesheets, each a round trip before the first paint on a phone.
    This concatenates them, in the order the pages link them (the cascade is unchanged), into
    ``_static/paradiplomacy-styles.<hash>.css`` (relative ``url()``\\ s rebased), links that file instead
    from every page, and deletes bundles no page uses any more. The first line of the bundle lists its
    parts, so a later build re-creates it from the current files, for pages written by earlier builds too.
    Links to other hosts and stylesheets with a ``media`` attribute are left as they are.

    Parameters
    ----------
    outdir : str or path-like
        The HTML output folder (``<build>/html``) after Sphinx has written the pages and copied ``_static``.

    Returns
    -------
    pathlib.Path or None
        The bundle written, or None when no page links a local stylesheet.
    """
    import hashlib

    outdir = Path(outdir)
    static = outdir / "_static"
    pages = {}
    order: list[str] = []
    for page in sorted(outdir.rglob("*.html")):
        if "_static" in page.relative_to(outdir).parts:
            continue
        text = page.read_text(encoding="utf-8")
        head_end = text.find("</head>")
        if head_end < 0:
            continue
        members, tags = _page_styles(page, static, text[:head_end])
        if not tags:
            continue
        pages[page] = (text, head_end, tags)
        # Merge into the site's order, keeping each page's order: a new stylesheet goes right after the one
        # it follows on this page (Sphinx links the same stylesheets in the same order on every page).
        previous = None
        for member in members:
            if member not in order:
                order.insert(order.index(previous) + 1 if previous in order else len(order), member)
            previous = member
    if not pages:
        return None
    parts = [f"/* paradiplomacy style bundle: {' '.join(order)} */\n"]
    for member in order:
        text = re.sub(r'^\s*@charset\s+"[^"]*";', "", (static / member).read_text(encoding="utf-8"))
        if re.search(r"@import\b", text):
            return None  # an @import must open a stylesheet: this one cannot be concatenated
        parts.append(f"/* ---- {member} */\n")
        parts.append(_rebase_urls(text, member).rstrip() + "\n")
    css = "".join(parts)
    name = f"{STYLE_BUNDLE_PREFIX}.{hashlib.sha256(css.encode('utf-8')).hexdigest()[:12]}.css"
    bundle = static / name
    if not bundle.is_file() or bundle.read_text(encoding="utf-8") != css:
        bundle.write_text(css, encoding="utf-8")
    for page, (text, head_end, tags) in pages.items():
        href = os.path.relpath(bundle, page.parent).replace(os.sep, "/")
        link = f'<link rel="stylesheet" type="text/css" href="{href}" />\n'
        head = text[:head_end]
        pieces, last = [], 0
        for i, tag in enumerate(tags):
            pieces.append(head[last:tag.start()])
            if i == 0:
                pieces.append(link)
            last = tag.end()
        pieces.append(head[last:])
        new = "".join(pieces) + text[head_end:]
        if new != text:
            page.write_text(new, encoding="utf-8")
    for old in static.glob(f"{STYLE_BUNDLE_PREFIX}.*.css"):
        if old != bundle:
            old.unlink()
    return bundle


def notebook_for_download(outdir: str | Path, pagename: str, cache_path: str | Path | None = None) -> Path | None:
    """Write a page's executed notebook, outputs included, next to its source in ``_sources``.

    myst-nb writes each executed page to ``<build>/jupyter_execute/<page>.ipynb``, but when outputs come
    from the execution cache (``execute_notebooks: cache``) that file holds the code without its
    outputs. The outputs are merged back in from the jupyter-cache at `cache_path`, so readers download
    the notebook as it ran. sphinx-book-theme lists ``_sources/<page>.ipynb`` in its download menu.

    Parameters
    ----------
    outdir : str or path-like
        The HTML output folder (``<build>/html``).
    pagename : str
        The page (``chapters/01_introduction``).
    cache_path : str or path-like, optional
        The jupyter-cache folder myst-nb used (its ``execution_cache_path``).

    Returns
    -------
    pathlib.Path or None
        The notebook written, or None when the page was not executed (nothing to offer).
    """
    import nbformat

    outdir = Path(outdir)
    executed = outdir.parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        return None
    notebook = nbformat.read(executed, as_version=4)
    has_outputs = any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    if not has_outputs and cache_path and Path(cache_path).is_dir():
        from jupyter_cache import get_cache

        try:
            _, notebook = get_cache(str(cache_path)).merge_match_into_notebook(notebook)
        except KeyError:  # not in the cache (e.g. executed with caching off): offer it as it is
            pass
    target = outdir / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    return target


def chapter_bibliography(docname: str, source: str) -> str:
    """A chapter's source with its own reference list appended, when it cites works and has none.

    Parameters
    ----------
    docname : str
        The Sphinx document name (``chapters/01_introduction``); only ``chapters/*`` get a list.
    source : str
        The MyST source.

    Returns
    -------
    str
        `source`, followed by a ``## References`` section with a ``{bibliography}`` bullet list filtered
        to the works the chapter cites (sphinxcontrib-bibtex's ``docname in docnames``) if it uses a
        ``{cite...}`` role and has no ``{bibliography}`` directive yet; otherwise `source` unchanged.
    """
    if not docname.startswith("chapters/") or "{cite" not in source or "{bibliography}" in source:
        return source
    return source.rstrip("\n") + CHAPTER_BIBLIOGRAPHY


def read_citation(path: str | Path) -> dict:
    """Read ``CITATION.cff``.

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    dict
        Its YAML content.

    Raises
    ------
    paradiplomacy.errors.DataValidationError
        If the file is missing or lacks ``title``, ``version``, ``authors`` or ``date-released``.
    """
    import yaml

    from paradiplomacy.errors import DataValidationError, Found

    path = Path(path)
    if not path.is_file():
        raise DataValidationError(str(path), None, None, "a CITATION.cff file (the how-to-cite page is "
                                  "rendered from it)", Found("no such file"))
    cff = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key in ("title", "version", "authors", "date-released"):
        if not cff.get(key):
            raise DataValidationError(str(path), None, key, "a value", Found("nothing"))
    return cff


def _names(authors: list[dict]) -> list[str]:
    names = []
    for author in authors:
        if author.get("name"):
            names.append(str(author["name"]))
        else:
            names.append(" ".join(str(author[k]) for k in ("given-names", "family-names") if author.get(k)))
    return names


def _year(cff: dict) -> str:
    return str(cff["date-released"])[:4]


def citation_text(cff: dict) -> str:
    """The recommended citation of the book, in author-year style.

    Parameters
    ----------
    cff : dict
        ``CITATION.cff`` as read by :func:`read_citation`.

    Returns
    -------
    str
        "Authors (year). Title (version X)." followed by the repository or URL when the file gives one.
    """
    text = f"{'; '.join(_names(cff['authors']))} ({_year(cff)}). {cff['title']} (version {cff['version']})."
    where = cff.get("repository-code") or cff.get("url")
    return f"{text} {where}" if where else text


def citation_bibtex(cff: dict) -> str:
    """A BibTeX ``@software`` entry for the book.

    Parameters
    ----------
    cff : dict
        ``CITATION.cff`` as read by :func:`read_citation`.

    Returns
    -------
    str
        The entry, keyed ``paradiplomacy<year>``.
    """
    fields = {"author": " and ".join("{" + n + "}" for n in _names(cff["authors"])), "title": "{" + cff["title"] + "}",
              "year": _year(cff), "version": str(cff["version"]), "note": "Replication book; see CITATION.cff"}
    where = cff.get("repository-code") or cff.get("url")
    if where:
        fields["url"] = str(where)
    if cff.get("doi"):
        fields["doi"] = str(cff["doi"])
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())  # names and title double-braced: kept as is
    return f"@software{{paradiplomacy{_year(cff)},\n{body}\n}}"


def _citation_nodes(cff: dict):
    from docutils import nodes

    out = [nodes.paragraph("", "", nodes.strong("", citation_text(cff)))]
    out.append(nodes.paragraph("", "In BibTeX:"))
    block = nodes.literal_block(citation_bibtex(cff), citation_bibtex(cff))
    block["language"] = "bibtex"
    out.append(block)
    licences = cff.get("license")
    if licences:
        licences = licences if isinstance(licences, list) else [licences]
        out.append(nodes.paragraph("", f"Licences: {', '.join(map(str, licences))}."))
    refs = cff.get("references") or []
    if refs:
        out.append(nodes.paragraph("", "Please also cite what the book builds on:"))
        items = nodes.bullet_list()
        for ref in refs:
            names = "; ".join(_names(ref.get("authors", [])))
            year = f" ({ref['year']})" if ref.get("year") else ""
            text = f"{names}{year}. {ref.get('title', '')}."
            if ref.get("license"):
                text += f" Licence: {ref['license']}."
            items += nodes.list_item("", nodes.paragraph("", text))
        out.append(items)
    return out


class CitationDirective(SphinxDirective):
    """``paradiplomacy-citation``: render the book's citation from ``CITATION.cff``.

    The optional argument is the file's path relative to the book root (default ``CITATION.cff``). The
    output is the recommended citation, a BibTeX entry, the licences and the works to cite alongside.
    """

    has_content = False
    optional_arguments = 1

    def run(self):
        from paradiplomacy.errors import DataValidationError

        path = Path(self.env.srcdir) / (self.arguments[0] if self.arguments else "CITATION.cff")
        self.env.note_dependency(str(path))
        try:
            cff = read_citation(path)
        except DataValidationError as exc:
            raise self.error(str(exc)) from exc
        return _citation_nodes(cff)


#: sphinx-book-theme's buttons that link to the repository; they need ``repository_url`` (the theme fails without).
REPOSITORY_BUTTONS = ("use_repository_button", "use_issues_button", "use_edit_page_button", "use_source_button")


def _configure(app, config) -> None:
    from sphinx.ext.mathjax import MATHJAX_URL
    from sphinx.util import logging

    if getattr(config, "mathjax_path", None) in (None, MATHJAX_URL):
        config.mathjax_path = MATHJAX_PATH  # never the CDN: served from _static (see copy_mathjax)
    options = getattr(config, "html_theme_options", None)
    if isinstance(options, dict) and not options.get("repository_url"):
        # sphinx-book-theme builds the Binder, repository and issue links from the repository's address and
        # fails without one: the buttons wait until `repository.url` is set (the GitHub Pages workflow sets it
        # from the repository it runs in), so a local build links to no other host.
        launch = options.get("launch_buttons") or {}
        off = [k for k in REPOSITORY_BUTTONS if options.get(k) not in (None, False, "false", "False")]
        if launch.get("binderhub_url"):
            options["launch_buttons"] = {**launch, "binderhub_url": ""}
            off.append("Binder")
        for key in REPOSITORY_BUTTONS:
            if key in options:
                options[key] = False
        if off:
            logging.getLogger(__name__).info(
                f"[paradiplomacy] {', '.join(off)} off until `repository.url` is set in _config.yml")
    context = getattr(config, "html_context", None)
    if isinstance(context, dict):
        # pydata-sphinx-theme reads the colour mode from the template context and logs "Got invalid theme
        # mode" on every page when none is set; light is what the charts' contrast is checked against.
        context.setdefault("default_mode", "light")


def _register(app) -> None:
    if app.builder.format != "html":
        return
    app.add_css_file(STYLE_NAME)
    app.add_css_file(BOOK_STYLE_NAME)
    app.add_css_file(ICON_STYLE_NAME)
    templates = getattr(app.builder, "templates", None)
    render = getattr(templates, "render", None)
    if render is not None and not getattr(render, "_paradiplomacy", False):
        # Every page goes through the theme's templates; the head they write is trimmed here (slim_head).
        def render_slim(template, context):
            output = render(template, context)
            return slim_head(output, context.get("pagename", "")) if template.endswith(".html") else output

        render_slim._paradiplomacy = True
        templates.render = render_slim


def _source_read(app, docname, source) -> None:
    source[0] = chapter_bibliography(docname, source[0])


def fix_citation_roles(body: str) -> str:
    """Give bibliography entries the ARIA role their list requires.

    docutils writes a citation list as ``<div role="list">`` holding ``<div role="doc-biblioentry">``
    entries; DPUB-ARIA has deprecated ``doc-biblioentry``, so assistive technology (and axe-core's
    critical rule *aria-required-children*) no longer sees list items in that list. ``listitem`` is the
    role ``doc-biblioentry`` was a kind of.

    Parameters
    ----------
    body : str
        A page's HTML body.

    Returns
    -------
    str
        The body with ``role="doc-biblioentry"`` replaced by ``role="listitem"``.
    """
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


#: A table exhibit: a {glue:figure} whose glued output holds a table (charts scale to the column instead).
_TABLE_EXHIBIT = re.compile(r'(<figure class="[^"]*" id="([^"]+)">\s*)<div class="output text_html">(?=(?:(?!</figure>).)*?<table)',
                            re.S)


def scrollable_exhibits(body: str) -> str:
    """Let a keyboard reach a table exhibit that scrolls sideways.

    A table wider than the text column scrolls inside its exhibit (``paradiplomacy-book.css``); a scrolling region
    must be focusable so that it can be scrolled without a mouse (WCAG 2.1.1; axe-core's
    *scrollable-region-focusable*). Each table exhibit's output box gets ``tabindex="0"`` and a region role named
    by the exhibit's label.
    """
    def focusable(match: re.Match) -> str:
        end = body.find("</figure>", match.end())
        number = re.search(r'<span class="caption-number">([^<]+)</span>', body[match.end():end])
        name = number.group(1).strip() if number else match.group(2)
        return (f'{match.group(1)}<div class="output text_html" tabindex="0" role="region" '
                f'aria-label="{html_lib.escape(name, quote=True)}">')

    return _TABLE_EXHIBIT.sub(focusable, body)


_EXHIBIT_NUMBER = re.compile(r'<span class="caption-number">Exhibit [^<]*</span>')


def unnumbered_exhibits(body: str) -> str:
    """Drop the exhibit numbers of a page outside the numbered chapters (front matter, guide, appendices).

    Sphinx numbers the figures of all unnumbered pages with one running counter ("Exhibit 3" on the first exhibit
    of the data appendix), which reads like a reference to another chapter's exhibits. There the caption alone
    names the exhibit; its label (the figure's id) stays, so a link to it still works.
    """
    return _EXHIBIT_NUMBER.sub("", body)


def _description(app, pagename, doctree) -> str:
    """The page's description, or the front page's for pages without prose (search, index)."""
    own = page_description(doctree)
    if own or getattr(app, "env", None) is None:
        return own
    cache = app.__dict__.setdefault("_paradiplomacy_descriptions", {})  # this build only (the env is pickled)
    root = app.config.root_doc
    if root not in cache:
        try:
            cache[root] = page_description(app.env.get_and_resolve_doctree(root, app.builder))
        except Exception:  # noqa: BLE001 (no front page: fall back to the title)
            cache[root] = ""
    return cache[root] or _shorten(str(app.config.project or ""))


def _page_context(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if isinstance(body, str):
        context["body"] = body = scrollable_exhibits(fix_citation_roles(body))
        if doctree is not None and not getattr(app.env, "toc_secnumbers", {}).get(pagename):
            context["body"] = body = unnumbered_exhibits(body)
        if CHART_MARKER in body:
            # Only pages with a chart load the chart script; it loads the Vega bundle when a chart is near
            # the screen (once per site: the browser caches it).
            app.builder.add_js_file(SCRIPT_NAME, defer="defer")
        if HIDDEN_OUTPUT_MARKER.search(body) or DROPDOWN_MARKER.search(body) or "<table" in body:
            # Keyboard access to folded outputs and dropdowns; tables too wide for a phone as stacked records.
            app.builder.add_js_file(BOOK_SCRIPT_NAME, defer="defer")
    if pagename == "search" and app.builder.format == "html":
        # Opened from file:// (a downloaded copy), the search page still finds pages, but a browser refuses
        # to fetch other files for the summaries under each result: list the results without them.
        app.builder.add_js_file(None, body=OFFLINE_SEARCH)
    scripts, styles = context.get("script_files"), context.get("css_files")
    if isinstance(scripts, list):
        dedupe_scripts(scripts)
        if isinstance(styles, list):
            config = getattr(app, "config", None)
            launch = (getattr(config, "html_theme_options", None) or {}).get("launch_buttons") or {}
            prune_page_assets(scripts, styles, body if isinstance(body, str) else "",
                              thebe=str(launch.get("thebe", False)).lower() == "true")
    metatags = context.get("metatags") or ""  # pages without a source (search, index) have none
    if isinstance(metatags, str) and 'name="description"' not in metatags:
        description = _description(app, pagename, doctree)
        if description:
            context["metatags"] = (metatags + f'\n<meta name="description" '
                                   f'content="{html_lib.escape(description, quote=True)}" />')


def _offer_notebook(app, pagename, templatename, context, doctree) -> None:
    # Runs before sphinx-book-theme builds its download menu (priority 501), which lists
    # ``_sources/<page>.ipynb`` next to the .md source when ``ipynb_source`` is set.
    if app.builder.format != "html" or context.get("ipynb_source"):
        return
    config = getattr(app.env, "mystnb_config", None)
    executed = notebook_for_download(Path(app.outdir), pagename, getattr(config, "execution_cache_path", None))
    if executed is not None:
        context["ipynb_source"] = pagename + ".ipynb"


def _finish(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    write_assets(static)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in outdir.rglob("*.html")
             if "_static" not in p.parts]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in static.rglob("*.js")
              if p.name not in ("fontawesome.js", BUNDLE_NAME) and "mathjax" not in p.parts]
    write_icon_fonts(static, texts)
    bundle_styles(outdir)
    favicon = static / FAVICON_NAME
    if favicon.is_file():
        # Browsers and crawlers that ignore <link rel="icon"> ask for /favicon.ico.
        shutil.copyfile(favicon, outdir / FAVICON_NAME)
    math = app.env.get_domain("math")
    if math.has_equations():
        es5 = find_mathjax(app.srcdir)
        if es5 is None:
            from sphinx.util import logging

            logging.getLogger(__name__).warning(
                "a page has math, but MathJax is not installed: run `npm install --save-dev mathjax@3` in the "
                "book's root so the build can serve it from _static (the book loads nothing from another host)",
                type="paradiplomacy", subtype="mathjax")
        else:
            copy_mathjax(es5, static)


def speed_up_pybtex() -> bool:
    """Make sphinxcontrib-bibtex's formatting of the references, which runs on every build, take a fraction of the time.

    On each build (even one that reads no page) sphinxcontrib-bibtex formats every reference again with pybtex:
    about 1.7 s of a 5 s rebuild here. Two lookups inside pybtex account for most of it, and both give the same
    answer every time within one build, so each answer is kept:

    * ``pybtex.plugin._load_entry_point`` scans every installed package's entry points for a style plugin on
      each use (about a hundred times). It is wrapped in ``functools.cache``: a plugin that is not found is looked
      for again next time, and registering one at run time (``pybtex.plugin.register_plugin``, which pybtex looks
      at first) forgets every kept answer.
    * ``Text.from_latex`` decodes each field's LaTeX (``codecs.decode(latex, "ulatex")``, latexcodec's tokenizer)
      every time: 2,750 decodes of 394 different strings for this book. The decoded string (immutable) is kept;
      the rich-text object is still made anew for each call, as pybtex does.

    Idempotent. Returns whether pybtex is installed.
    """
    import codecs
    import functools

    try:
        from pybtex import plugin, richtext
        from pybtex.markup import LaTeXParser
    except ImportError:
        return False
    if hasattr(plugin._load_entry_point, "cache_clear"):
        return True
    lookup = plugin._load_entry_point = functools.cache(plugin._load_entry_point)
    register = plugin.register_plugin

    @functools.wraps(register)
    def register_plugin(*args, **kwargs):
        lookup.cache_clear()
        return register(*args, **kwargs)

    plugin.register_plugin = register_plugin

    import importlib

    importlib.import_module("latexcodec")  # registers the "ulatex" codec, as from_latex does

    @functools.cache
    def decoded(latex: str) -> str:
        return codecs.decode(latex, "ulatex")

    def from_latex(cls, latex):
        return LaTeXParser(decoded(latex)).parse()

    from_latex.__doc__ = richtext.Text.from_latex.__doc__
    richtext.Text.from_latex = classmethod(from_latex)
    return True


def setup(app):
    """Sphinx entry point: wire the book's assets, fixes and directive into the build.

    Parameters
    ----------
    app : sphinx.application.Sphinx
        The application.

    Returns
    -------
    dict
        Extension metadata (parallel safe; ``env_version`` from :func:`writer_version`).
    """
    from paradiplomacy import __version__

    speed_up_pybtex()
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _register)
    app.connect("source-read", _source_read)
    app.connect("html-page-context", _offer_notebook, priority=400)  # before the theme's download menu
    app.connect("html-page-context", _page_context, priority=900)  # after the themes add their scripts
    app.connect("build-finished", _finish, priority=900)  # after the other extensions copy their files
    app.add_directive("paradiplomacy-citation", CitationDirective)
    return {"version": __version__, "env_version": writer_version(), "parallel_read_safe": True,
            "parallel_write_safe": True}


def writer_version() -> int:
    """A number that changes whenever this module's source does (the first 48 bits of its sha256).

    This module shapes every page as Sphinx writes it (scripts and styles kept or dropped, exhibits made
    keyboard-reachable, descriptions). Sphinx rewrites only the pages whose sources changed, so after a change here
    the old pages would stay. Given as the extension's ``env_version``, it makes Sphinx start a fresh environment
    and write every page again when it changes (no chapter is executed again: their outputs come from the cache).
    """
    import hashlib

    return int(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12], 16)
