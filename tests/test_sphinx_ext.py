"""The Sphinx extension serves the chart assets from the book itself."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import book_assets as sphinx_ext


def test_write_assets_writes_a_self_contained_bundle(tmp_path):
    files = sphinx_ext.write_assets(tmp_path / "_static")
    names = sorted(p.name for p in files)
    assert names == sorted([sphinx_ext.BUNDLE_NAME, sphinx_ext.SCRIPT_NAME, sphinx_ext.STYLE_NAME,
                            sphinx_ext.BOOK_STYLE_NAME, sphinx_ext.BOOK_SCRIPT_NAME])
    bundle = (tmp_path / "_static" / sphinx_ext.BUNDLE_NAME).read_text(encoding="utf-8")
    assert bundle.startswith("/* paradiplomacy chart bundle:")
    for name in ("window.vegaEmbed", "window.vega", "window.vegaLite"):
        assert name in bundle
    # The bundle never loads code from elsewhere: no import statements or script URLs.
    assert not re.search(r"^\s*import\s", bundle, flags=re.M)
    assert "cdn.jsdelivr" not in bundle and "unpkg.com" not in bundle


def test_bundle_is_reused_when_versions_match(tmp_path):
    static = tmp_path / "_static"
    sphinx_ext.write_assets(static)
    bundle = static / sphinx_ext.BUNDLE_NAME
    bundle.write_text(sphinx_ext.bundle_header() + "/* kept */", encoding="utf-8")
    sphinx_ext.write_assets(static)
    assert bundle.read_text(encoding="utf-8").endswith("/* kept */")
    bundle.write_text("/* paradiplomacy chart bundle: an older version */\n", encoding="utf-8")
    sphinx_ext.write_assets(static)
    assert "window.vegaEmbed" in bundle.read_text(encoding="utf-8")


def test_script_reads_the_spec_that_charts_embed():
    """The script looks for exactly the markup that charts.figure_html writes."""
    script = (sphinx_ext.STATIC_DIR / sphinx_ext.SCRIPT_NAME).read_text(encoding="utf-8")
    assert "figure.paradiplomacy-chart" in script and "script.vega-lite-spec" in script
    assert "actions: false" in script  # no links to the online Vega editor
    import altair as alt
    import pandas as pd

    from paradiplomacy import charts

    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").properties(description="d", title="t")
    html = charts.figure_html(chart)
    assert '<figure class="paradiplomacy-chart"' in html and 'class="vega-lite-spec"' in html


class _Builder:
    def __init__(self, fmt):
        self.format = fmt


class _App:
    def __init__(self, fmt):
        self.builder = _Builder(fmt)
        self.js, self.css, self.events, self.directives = [], [], [], []

    def add_js_file(self, name, **kw):
        self.js.append((name, kw.get("loading_method")))

    def add_css_file(self, name, **kw):
        self.css.append(name)

    def connect(self, event, fn, priority=500):
        self.events.append(event)

    def add_directive(self, name, cls):
        self.directives.append(name)


def test_setup_registers_assets_for_html_only():
    app = _App("html")
    meta = sphinx_ext.setup(app)
    assert meta["parallel_read_safe"]
    # Pages are written again when the module that shapes them changes: its env_version follows its source.
    import hashlib

    source = Path(sphinx_ext.__file__).read_bytes()
    assert meta["env_version"] == int(hashlib.sha256(source).hexdigest()[:12], 16)
    assert set(app.events) == {"config-inited", "builder-inited", "source-read", "html-page-context", "build-finished"}
    assert app.directives == ["paradiplomacy-citation"]
    sphinx_ext._register(app)
    assert app.css == [sphinx_ext.STYLE_NAME, sphinx_ext.BOOK_STYLE_NAME, sphinx_ext.ICON_STYLE_NAME] and app.js == []
    latex = _App("latex")
    sphinx_ext._register(latex)
    assert latex.js == [] and latex.css == []


class _PageBuilder:
    def __init__(self):
        self.scripts = []

    def add_js_file(self, name, **kw):
        self.scripts.append((name, kw.get("defer")))


def test_only_pages_with_a_chart_load_the_chart_scripts():
    app = _App("html")
    app.builder = _PageBuilder()
    context = {"body": "<p>text</p>", "script_files": []}
    sphinx_ext._page_context(app, "intro", "page.html", context, None)
    assert app.builder.scripts == []
    html = charts_figure()
    sphinx_ext._page_context(app, "chapters/x", "page.html", {"body": html, "script_files": []}, None)
    # The chart script alone: it loads the Vega bundle itself, when a chart comes near the screen.
    assert app.builder.scripts == [(sphinx_ext.SCRIPT_NAME, "defer")]
    app.builder.scripts = []
    hidden = ('<details class="admonition hide below-input"><summary>s</summary>'
              '<div class="cell_output">x</div></details>')
    sphinx_ext._page_context(app, "chapters/y", "page.html", {"body": hidden, "script_files": []}, None)
    assert app.builder.scripts == [(sphinx_ext.BOOK_SCRIPT_NAME, "defer")]  # keyboard access once opened


def test_chart_script_loads_the_bundle_only_for_a_chart_on_screen():
    script = (sphinx_ext.STATIC_DIR / sphinx_ext.SCRIPT_NAME).read_text(encoding="utf-8")
    assert "IntersectionObserver" in script and f'"{sphinx_ext.BUNDLE_NAME}"' in script
    assert "document.currentScript" in script  # the bundle is found beside the script (file:// too)
    assert "import(" not in script and "fetch(" not in script  # a classic script: works from file://


def charts_figure() -> str:
    import altair as alt
    import pandas as pd

    from paradiplomacy import charts

    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").properties(description="d", title="t")
    return charts.figure_html(chart)


# --------------------------------------------------------------------------- page fixes
def test_inline_scripts_registered_twice_are_written_once():
    """Sphinx 7.4 keeps sphinx-thebe's inline `const THEBE_JS_URL` twice (file name None and ''), which is
    a SyntaxError in the browser; files and different bodies are all kept, in order."""
    from sphinx.builders.html._assets import _JavaScript

    thebe = 'const THEBE_JS_URL = "x"'
    scripts = [_JavaScript("_static/a.js"), _JavaScript(None, body=thebe), _JavaScript("_static/b.js", defer="defer"),
               _JavaScript("", body=thebe), _JavaScript("", body="let other = 1;"), _JavaScript("_static/a.js")]
    same = sphinx_ext.dedupe_scripts(scripts)
    assert same is scripts
    assert [(s.filename, s.attributes.get("body")) for s in scripts] == [
        ("_static/a.js", None), (None, thebe), ("_static/b.js", None), ("", "let other = 1;")]


def test_citation_entries_become_list_items():
    body = ('<div role="list" class="citation-list">\n'
            '<div class="citation" id="id1" role="doc-biblioentry">x</div></div>')
    fixed = sphinx_ext.fix_citation_roles(body)
    assert 'role="listitem"' in fixed and "doc-biblioentry" not in fixed and 'role="list"' in fixed


def test_chapters_that_cite_get_their_own_reference_list():
    text = "(ch-x)=\n# T\n\nSee {cite:p}`source2025`.\n"
    out = sphinx_ext.chapter_bibliography("chapters/01_introduction", text)
    assert out.startswith(text.rstrip("\n")) and out.endswith(sphinx_ext.CHAPTER_BIBLIOGRAPHY)
    assert ":filter: docname in docnames" in out and ":list: bullet" in out  # no second citation target per key
    assert sphinx_ext.chapter_bibliography("chapters/glossary", "# G\nno citations\n") == "# G\nno citations\n"
    assert sphinx_ext.chapter_bibliography("intro", text) == text  # only chapters
    own = text + "\n```{bibliography}\n```\n"
    assert sphinx_ext.chapter_bibliography("chapters/x", own) == own  # a chapter's own list wins


# --------------------------------------------------------------------------- configuration
class _Config:
    def __init__(self, **values):
        self.__dict__.update(values)


def test_configuration_keeps_every_asset_local_and_binder_honest():
    from sphinx.ext.mathjax import MATHJAX_URL

    config = _Config(mathjax_path=MATHJAX_URL, html_context={},
                     html_theme_options={"launch_buttons": {"binderhub_url": "https://mybinder.org", "thebe": False},
                                         "repository_url": "", "use_repository_button": True,
                                         "use_issues_button": True})
    sphinx_ext._configure(None, config)
    assert config.mathjax_path == sphinx_ext.MATHJAX_PATH and "://" not in config.mathjax_path
    assert config.html_theme_options["launch_buttons"]["binderhub_url"] == ""  # no repository: no button
    assert config.html_theme_options["use_repository_button"] is False
    assert config.html_theme_options["use_issues_button"] is False
    assert config.html_context["default_mode"] == "light"

    config = _Config(mathjax_path="custom/mathjax.js", html_context={"default_mode": "dark"},
                     html_theme_options={"launch_buttons": {"binderhub_url": "https://mybinder.org"},
                                         "repository_url": "https://github.com/owner/repo",
                                         "use_repository_button": True, "use_issues_button": True})
    sphinx_ext._configure(None, config)
    assert config.mathjax_path == "custom/mathjax.js" and config.html_context["default_mode"] == "dark"
    assert config.html_theme_options["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert config.html_theme_options["use_repository_button"] and config.html_theme_options["use_issues_button"]


def test_mathjax_is_found_in_node_modules_and_copied(tmp_path):
    assert sphinx_ext.find_mathjax(tmp_path) is None
    es5 = tmp_path / "node_modules" / "mathjax" / "es5"
    (es5 / "output" / "chtml" / "fonts" / "woff-v2").mkdir(parents=True)
    (es5 / "tex-mml-chtml.js").write_text("/* mathjax */", encoding="utf-8")
    (es5 / "output" / "chtml" / "fonts" / "woff-v2" / "MathJax_Main-Regular.woff").write_bytes(b"w")
    (es5 / "tex-svg-full.js").write_text("not needed", encoding="utf-8")
    assert sphinx_ext.find_mathjax(tmp_path) == es5
    dest = sphinx_ext.copy_mathjax(es5, tmp_path / "_static")
    assert (tmp_path / "_static" / sphinx_ext.MATHJAX_PATH).read_text(encoding="utf-8") == "/* mathjax */"
    assert (dest / "output" / "chtml" / "fonts" / "woff-v2" / "MathJax_Main-Regular.woff").is_file()
    assert not (dest / "tex-svg-full.js").exists()


# --------------------------------------------------------------------------- downloads
def test_executed_notebook_is_offered_with_its_outputs(tmp_path):
    import nbformat

    outdir = tmp_path / "_build" / "html"
    assert sphinx_ext.notebook_for_download(outdir, "chapters/x") is None  # not executed: nothing offered
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1", outputs=[
        nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=1)])])
    executed = tmp_path / "_build" / "jupyter_execute" / "chapters" / "x.ipynb"
    executed.parent.mkdir(parents=True)
    nbformat.write(nb, executed)
    copy = sphinx_ext.notebook_for_download(outdir, "chapters/x", cache_path="")
    assert copy == outdir / "_sources" / "chapters" / "x.ipynb"
    assert nbformat.read(copy, as_version=4).cells[0].outputs[0]["data"]["text/plain"] == "2"


def test_outputs_come_back_from_the_execution_cache(tmp_path):
    """With `execute_notebooks: cache`, myst-nb's jupyter_execute copy has no outputs: they are merged
    back from the jupyter-cache."""
    import nbformat
    from jupyter_cache import get_cache

    cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("x")]
    bare = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "P"}})
    ran = nbformat.from_dict(nbformat.v4.new_notebook(cells=[dict(c) for c in cells], metadata=bare.metadata))
    ran.cells[1].outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=2)]
    cache = get_cache(str(tmp_path / "cache"))
    cache.cache_notebook_bundle(_bundle(ran), check_validity=False)
    executed = tmp_path / "_build" / "jupyter_execute" / "page.ipynb"
    executed.parent.mkdir(parents=True)
    nbformat.write(bare, executed)
    copy = sphinx_ext.notebook_for_download(tmp_path / "_build" / "html", "page", cache_path=tmp_path / "cache")
    assert nbformat.read(copy, as_version=4).cells[1].outputs[0]["data"]["text/plain"] == "1"


def _bundle(nb):
    from jupyter_cache.base import CacheBundleIn

    return CacheBundleIn(nb, "page.ipynb")


# --------------------------------------------------------------------------- how to cite
def test_citation_is_rendered_from_citation_cff():
    from pathlib import Path

    cff = sphinx_ext.read_citation(Path(__file__).resolve().parents[1] / "CITATION.cff")
    text = sphinx_ext.citation_text(cff)
    assert cff["title"] in text and f"version {cff['version']}" in text and str(cff["date-released"])[:4] in text
    bib = sphinx_ext.citation_bibtex(cff)
    assert bib.startswith(f"@software{{paradiplomacy{str(cff['date-released'])[:4]},")
    assert "author = {{The paradiplomacy replication team}}" in bib  # a group author stays one name
    assert bib.count("{") == bib.count("}")


def test_citation_file_problems_are_named(tmp_path):
    import pytest

    from paradiplomacy.errors import DataValidationError

    with pytest.raises(DataValidationError, match="CITATION.cff"):
        sphinx_ext.read_citation(tmp_path / "CITATION.cff")
    (tmp_path / "CITATION.cff").write_text("cff-version: 1.2.0\ntitle: T\nauthors: [{name: A}]\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="version"):
        sphinx_ext.read_citation(tmp_path / "CITATION.cff")


def test_a_small_sphinx_build_uses_no_other_host(tmp_path):
    """A page with math loads MathJax from _static (copied from node_modules), never from a CDN; the
    citation directive renders CITATION.cff; the thebe-style inline script is written once."""
    import shutil
    from pathlib import Path

    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    shutil.copyfile(Path(__file__).resolve().parents[1] / "CITATION.cff", src / "CITATION.cff")
    es5 = src / "node_modules" / "mathjax" / "es5"
    es5.mkdir(parents=True)
    (es5 / "tex-mml-chtml.js").write_text("/* local mathjax */", encoding="utf-8")
    (src / "conf.py").write_text(f"import sys\nsys.path.insert(0, {str(Path(__file__).resolve().parents[1] / '_ext')!r})\nextensions = ['book_assets']\nexclude_patterns = ['node_modules']\n",
                                 encoding="utf-8")
    (src / "index.rst").write_text("Title\n=====\n\n.. math:: a^2 + b^2 = c^2\n\n.. paradiplomacy-citation::\n",
                                   encoding="utf-8")
    out = tmp_path / "out"
    app = Sphinx(str(src), str(src), str(out), str(tmp_path / "doctrees"), "html", status=None, warning=None,
                 freshenv=True, warningiserror=True)
    app.add_js_file(None, body="const ONCE = 1;")  # registered after the builder started, like sphinx-thebe's
    app.build()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "_static/mathjax/tex-mml-chtml.js" in page and "cdn.jsdelivr" not in page
    assert (out / "_static" / "mathjax" / "tex-mml-chtml.js").is_file()
    assert page.count("const ONCE = 1;") == 1
    assert "@software{paradiplomacy" in re.sub(r"<[^>]+>", "", page) and "_static/paradiplomacy-book.css" in page
    assert not re.search(r'<script[^>]+src="https?://', page)
    # Every page describes itself (its first paragraph of prose, or the front page's).
    assert re.search(r'<meta name="description" content="[^"]{10,}"', page)
    search = (out / "search.html").read_text(encoding="utf-8")
    assert re.search(r'<meta name="description" content="[^"]{10,}"', search)


# --------------------------------------------------------------------------- lighter pages (issue 13)
def _scripts_and_styles():
    from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

    scripts = [_JavaScript("_static/documentation_options.js"), _JavaScript("_static/doctools.js"),
               _JavaScript("_static/clipboard.min.js"), _JavaScript("_static/copybutton.js"),
               _JavaScript(None, body="let toggleHintShow = 'Click to show';"),
               _JavaScript("_static/togglebutton.js"), _JavaScript(None, body="var togglebuttonSelector = '.toggle';"),
               _JavaScript("_static/design-tabs.js"),
               _JavaScript(None, body='const THEBE_JS_URL = "https://unpkg.com/thebe"'),
               _JavaScript("_static/sphinx-thebe.js", **{"async": "async"}),
               _JavaScript(None, body="DOCUMENTATION_OPTIONS.pagename = 'x';"),
               _JavaScript("_static/paradiplomacy-charts.js", defer="defer")]
    styles = [_CascadingStyleSheet(f"_static/{name}") for name in (
        "pygments.css", "togglebutton.css", "copybutton.css", "sphinx-thebe.css", "exercise.css",
        "sphinx-design.min.css", "paradiplomacy-book.css")]
    return scripts, styles


def _names(assets):
    return [a.filename.split("/")[-1] if a.filename else a.attributes["body"][:12] for a in assets]


def test_a_page_loads_only_the_assets_its_markup_uses():
    scripts, styles = _scripts_and_styles()
    dropped = sphinx_ext.prune_page_assets(scripts, styles, "<p>Prose only.</p>")
    assert _names(scripts) == ["documentation_options.js", "doctools.js", "DOCUMENTATIO", "paradiplomacy-charts.js"]
    assert _names(styles) == ["paradiplomacy-book.css"]
    assert "sphinx-thebe.js" in dropped and "clipboard.min.js" in dropped
    # Every kept file script is deferred except documentation_options.js (inline scripts below use it).
    defer = {s.filename.split("/")[-1]: s.attributes.get("defer") for s in scripts if s.filename}
    assert defer == {"documentation_options.js": None, "doctools.js": "defer", "paradiplomacy-charts.js": "defer"}

    scripts, styles = _scripts_and_styles()
    body = ('<div class="highlight"><pre>x</pre></div><div class="solution dropdown admonition">s</div>'
            '<div class="sd-tab-set">t</div>')
    sphinx_ext.prune_page_assets(scripts, styles, body)
    assert {"copybutton.js", "togglebutton.js", "design-tabs.js", "let toggleHi"} <= set(_names(scripts))
    assert "sphinx-thebe.js" not in _names(scripts) and "const THEBE_" not in _names(scripts)
    assert set(_names(styles)) == {"pygments.css", "togglebutton.css", "copybutton.css", "exercise.css",
                                   "sphinx-design.min.css", "paradiplomacy-book.css"}

    scripts, styles = _scripts_and_styles()
    sphinx_ext.prune_page_assets(scripts, styles, "", thebe=True)  # live code on: Thebe stays
    assert "sphinx-thebe.js" in _names(scripts) and "sphinx-thebe.css" in _names(styles)


HEAD = """<html><head>
  <link href="../_static/styles/theme.css?digest=abc" rel="stylesheet" />
<link href="../_static/styles/pydata-sphinx-theme.css?digest=abc" rel="stylesheet" />
  <!-- So that users can add custom icons -->
  <script defer src="../_static/scripts/fontawesome.js?digest=abc"></script>
  <!-- Pre-loaded scripts that we'll load fully later -->
  <link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=abc" />
<link rel="preload" as="script" href="../_static/scripts/pydata-sphinx-theme.js?digest=abc" />
    <script src="../_static/searchtools.js"></script>
    <script src="../_static/language_data.js"></script>
    <script src="../searchindex.js"></script>
  </head><body><i class="fa-solid fa-bars"></i><p>searchindex.js is mentioned in the text</p>
  <script defer src="../_static/scripts/bootstrap.js?digest=abc"></script></body></html>"""


def test_the_head_loads_no_icon_script_and_no_search_index_outside_the_search_page():
    page = sphinx_ext.slim_head(HEAD, "chapters/x")
    assert "fontawesome.js" not in page and 'rel="preload"' not in page
    assert "searchtools.js" not in page and '<script src="../searchindex.js">' not in page
    assert '<link href="../_static/basic.css" rel="stylesheet" />' in page and "styles/theme.css" not in page
    assert "pydata-sphinx-theme.css" in page and page.endswith(HEAD[HEAD.index("</head>"):])  # body untouched
    search = sphinx_ext.slim_head(HEAD, "search")
    assert '<script defer src="../searchindex.js"></script>' in search and "fontawesome.js" not in search


def test_description_is_the_first_paragraph_of_prose():
    from docutils.core import publish_doctree

    doctree = publish_doctree(".. note::\n\n   An aside that is long enough to be a description, but it is a note.\n\n"
                              "Short.\n\n"
                              "The first real paragraph says what the page is about [1]_, and it goes on for a "
                              "while, well past the length that a search engine shows in its results for a page, "
                              "so that it has to be shortened.\n\n"
                              ".. [1] A footnote.\n")
    text = sphinx_ext.page_description(doctree)
    assert text.startswith("The first real paragraph says what the page is about, and it")
    assert len(text) <= sphinx_ext.DESCRIPTION_CHARS and text.endswith("…")
    assert sphinx_ext.page_description(None) == ""


def _theme_static():
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def test_icons_come_from_small_subsets_of_the_theme_fonts(tmp_path):
    import pytest

    pytest.importorskip("fontTools")
    theme = _theme_static()
    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    shutil.copyfile(theme / "styles" / "pydata-sphinx-theme.css", static / "styles" / "pydata-sphinx-theme.css")
    shutil.copytree(theme / "vendor" / "fontawesome" / "webfonts", static / "vendor" / "fontawesome" / "webfonts")
    css = (static / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    points = sphinx_ext.fontawesome_codepoints(css)
    assert points["fa-bars"] == 0xF0C9 and points["fa-magnifying-glass"] == points["fa-search"] == 0xF002
    drawn = sphinx_ext.stylesheet_icons(css)  # admonition icons etc., drawn by the stylesheet itself
    assert drawn and 0xF0C9 not in drawn
    assert sphinx_ext.icon_names(['<i class="fa-solid fa-bars"></i>', 'x.className = "fa-brands fa-github"']) == {
        "fa-solid", "fa-bars", "fa-brands", "fa-github"}
    out = sphinx_ext.write_icon_fonts(static, ['<i class="fa-solid fa-bars"></i> <i class="fab fa-github"></i>'])
    rules = out.read_text(encoding="utf-8")
    assert "U+F0C9" in rules and "U+F09B" in rules and 'font-family:"Font Awesome 6 Brands"' in rules
    solid = static / "paradiplomacy-fa-solid-900.woff"
    full = static / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2"
    assert solid.is_file() and solid.stat().st_size < 20_000 < full.stat().st_size
    from fontTools.ttLib import TTFont

    assert 0xF0C9 in TTFont(solid).getBestCmap() and 0xF1C1 not in TTFont(solid).getBestCmap()

    # A rebuild wanting the same icons keeps the subsets; another icon, or a lost subset, makes them again.
    kept = solid.stat().st_mtime_ns
    same = sphinx_ext.write_icon_fonts(static, ['<i class="fa-solid fa-bars"></i> <i class="fab fa-github"></i>'])
    assert same.read_text(encoding="utf-8") == rules and solid.stat().st_mtime_ns == kept
    more = sphinx_ext.write_icon_fonts(static, ['<i class="fa-solid fa-bars fa-file-pdf"></i> <i class="fab fa-github"></i>'])
    assert "U+F1C1" in more.read_text(encoding="utf-8") and 0xF1C1 in TTFont(solid).getBestCmap()
    solid.unlink()
    sphinx_ext.write_icon_fonts(static, ['<i class="fa-solid fa-bars fa-file-pdf"></i> <i class="fab fa-github"></i>'])
    assert solid.is_file()


def test_pybtex_looks_each_plugin_up_once_until_one_is_registered():
    from pybtex import plugin

    assert sphinx_ext.speed_up_pybtex() and sphinx_ext.speed_up_pybtex()  # twice: wrapped once
    plugin._load_entry_point.cache_clear()
    first = plugin.find_plugin("pybtex.style.formatting", "plain")
    assert plugin.find_plugin("pybtex.style.formatting", "plain") is first
    assert plugin._load_entry_point.cache_info().hits >= 1

    class Mine(first):
        pass

    try:
        plugin.register_plugin("pybtex.style.formatting", "paradiplomacy-test", Mine)
        assert plugin._load_entry_point.cache_info().currsize == 0  # registering forgot the kept answers
        assert plugin.find_plugin("pybtex.style.formatting", "paradiplomacy-test") is Mine
    finally:
        plugin._RUNTIME_PLUGINS.get("pybtex.style.formatting", {}).pop("paradiplomacy-test", None)
        plugin._load_entry_point.cache_clear()


def test_pybtex_decodes_latex_as_before_and_each_string_once(monkeypatch):
    import codecs

    from pybtex.markup import LaTeXParser
    from pybtex.richtext import Text

    sphinx_ext.speed_up_pybtex()
    samples = ["Paradiplomacy in {China}", "Li~and Yang --- a {\\'e}tude, pp.~3--9", "``quoted''", "plain"]
    for latex in samples:
        reference = LaTeXParser(codecs.decode(latex, "ulatex")).parse()  # what pybtex itself does
        first, second = Text.from_latex(latex), Text.from_latex(latex)
        assert first == reference == second and first is not second
        assert first.render_as("text") == reference.render_as("text")
    decodes = []
    real = codecs.decode
    monkeypatch.setattr(codecs, "decode", lambda text, codec: decodes.append(text) or real(text, codec))
    fresh = "A string no other test decodes: {\\\"u}ber~3--4"
    assert Text.from_latex(fresh) == Text.from_latex(fresh) and decodes == [fresh]


def test_every_page_links_one_stylesheet_that_keeps_the_cascade(tmp_path):
    out = tmp_path / "html"
    static = out / "_static"
    (static / "styles").mkdir(parents=True)
    (out / "chapters").mkdir()
    (static / "basic.css").write_text("p { color: black; }\n", encoding="utf-8")
    (static / "styles" / "theme.css").write_text('@charset "utf-8";\n.i { src: url(../vendor/f.woff); }\n'
                                                 'a { background: url("data:image/svg+xml;x") }\n', encoding="utf-8")
    (static / "pygments.css").write_text(".hll { color: red; }\n", encoding="utf-8")
    (static / "book.css").write_text("p { color: navy; }\n", encoding="utf-8")
    head = ('<link href="{p}_static/basic.css" rel="stylesheet" />\n'
            '<link href="{p}_static/styles/theme.css?digest=1" rel="stylesheet" />\n{extra}'
            '<link rel="stylesheet" type="text/css" href="{p}_static/book.css?v=2" />\n'
            '<link media="print" rel="stylesheet" type="text/css" href="{p}_static/print.css" />\n'
            '<link rel="stylesheet" type="text/css" href="https://example.org/x.css" />\n')
    pygments = '<link rel="stylesheet" type="text/css" href="{p}_static/pygments.css" />\n'
    (out / "intro.html").write_text(f"<html><head>{head.format(p='', extra='')}</head><body>book.css</body></html>",
                                    encoding="utf-8")
    chapter = out / "chapters" / "x.html"
    chapter.write_text(f"<html><head>{head.format(p='../', extra=pygments.format(p='../'))}</head><body></body></html>",
                       encoding="utf-8")
    bundle = sphinx_ext.bundle_styles(out)
    css = bundle.read_text(encoding="utf-8")
    parts = css.splitlines()[0]
    assert parts == "/* paradiplomacy style bundle: basic.css styles/theme.css pygments.css book.css */"  # page order
    assert css.index("color: black") < css.index("url(vendor/f.woff)") < css.index(".hll") < css.index("navy")
    assert '@charset' not in css and 'url("data:image/svg+xml;x")' in css
    for page, prefix in ((out / "intro.html", ""), (chapter, "../")):
        html = page.read_text(encoding="utf-8")
        assert html.count('rel="stylesheet"') == 3, html  # the bundle, the print sheet, the other host's sheet
        assert f'href="{prefix}_static/{bundle.name}"' in html and "book.css?v" not in html
        assert 'media="print"' in html and "https://example.org/x.css" in html
    # A later build: a changed stylesheet gives a new bundle, pages written earlier follow, the old one goes.
    (static / "book.css").write_text("p { color: teal; }\n", encoding="utf-8")
    again = sphinx_ext.bundle_styles(out)
    assert again != bundle and not bundle.exists() and "teal" in again.read_text(encoding="utf-8")
    assert again.name in chapter.read_text(encoding="utf-8") and again.name in (out / "intro.html").read_text()
    assert sphinx_ext.bundle_styles(out) == again  # nothing changed: same bundle


def test_table_exhibits_that_may_scroll_can_be_reached_by_keyboard():
    body = ('<figure class="align-default" id="ex-a">\n<div class="output text_html"><table><tr><td>1</td></tr></table>'
            '</div>\n<figcaption>\n<p><span class="caption-number">Exhibit 3.4 </span><span class="caption-text">A.</span>'
            '</p>\n</figcaption>\n</figure>\n'
            '<figure class="align-default" id="ex-b">\n<div class="output text_html"><figure class="paradiplomacy-chart">'
            '<svg></svg></figure></div>\n<figcaption><p><span class="caption-number">Exhibit 3.5 </span></p></figcaption>'
            '\n</figure>\n<p><table></table></p>')
    out = sphinx_ext.scrollable_exhibits(body)
    assert out.count('tabindex="0"') == 1  # the table exhibit only: not the chart, not a table outside an exhibit
    assert '<div class="output text_html" tabindex="0" role="region" aria-label="Exhibit 3.4">' in out
    assert '<figure class="align-default" id="ex-b">\n<div class="output text_html"><figure' in out


def test_exhibits_outside_the_numbered_chapters_lose_their_running_number():
    body = ('<figcaption><p><span class="caption-number">Exhibit 3 </span><span class="caption-text">Files.</span>'
            '</p></figcaption><p><span class="caption-number">Exercise 2.1 </span></p>')
    out = sphinx_ext.unnumbered_exhibits(body)
    assert out == ('<figcaption><p><span class="caption-text">Files.</span></p></figcaption>'
                   '<p><span class="caption-number">Exercise 2.1 </span></p>')
