"""The Sphinx extension serves the chart assets from the book itself."""
from __future__ import annotations

import re

import book_assets as sphinx_ext


def test_write_assets_writes_a_self_contained_bundle(tmp_path):
    files = sphinx_ext.write_assets(tmp_path / "_static")
    names = sorted(p.name for p in files)
    assert names == sorted([sphinx_ext.BUNDLE_NAME, sphinx_ext.SCRIPT_NAME, sphinx_ext.STYLE_NAME,
                            sphinx_ext.BOOK_STYLE_NAME])
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
    assert set(app.events) == {"config-inited", "builder-inited", "source-read", "html-page-context", "build-finished"}
    assert app.directives == ["paradiplomacy-citation"]
    sphinx_ext._register(app)
    assert app.css == [sphinx_ext.STYLE_NAME, sphinx_ext.BOOK_STYLE_NAME] and app.js == []
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
    assert app.builder.scripts == [(sphinx_ext.BUNDLE_NAME, "defer"), (sphinx_ext.SCRIPT_NAME, "defer")]  # bundle first


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
                                         "repository_url": ""})
    sphinx_ext._configure(None, config)
    assert config.mathjax_path == sphinx_ext.MATHJAX_PATH and "://" not in config.mathjax_path
    assert config.html_theme_options["launch_buttons"]["binderhub_url"] == ""  # no repository: no button
    assert config.html_context["default_mode"] == "light"

    config = _Config(mathjax_path="custom/mathjax.js", html_context={"default_mode": "dark"},
                     html_theme_options={"launch_buttons": {"binderhub_url": "https://mybinder.org"},
                                         "repository_url": "https://github.com/owner/repo"})
    sphinx_ext._configure(None, config)
    assert config.mathjax_path == "custom/mathjax.js" and config.html_context["default_mode"] == "dark"
    assert config.html_theme_options["launch_buttons"]["binderhub_url"] == "https://mybinder.org"


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
