"""The Sphinx extension serves the chart assets from the book itself."""
from __future__ import annotations

import re

from paradiplomacy import sphinx_ext


def test_write_assets_writes_a_self_contained_bundle(tmp_path):
    files = sphinx_ext.write_assets(tmp_path / "_static")
    names = sorted(p.name for p in files)
    assert names == sorted([sphinx_ext.BUNDLE_NAME, sphinx_ext.SCRIPT_NAME, sphinx_ext.STYLE_NAME])
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
        self.js, self.css, self.events = [], [], []

    def add_js_file(self, name, **kw):
        self.js.append((name, kw.get("loading_method")))

    def add_css_file(self, name, **kw):
        self.css.append(name)

    def connect(self, event, fn):
        self.events.append(event)


def test_setup_registers_assets_for_html_only():
    app = _App("html")
    meta = sphinx_ext.setup(app)
    assert meta["parallel_read_safe"] and set(app.events) == {"builder-inited", "build-finished"}
    sphinx_ext._register(app)
    assert app.js == [(sphinx_ext.BUNDLE_NAME, "defer"), (sphinx_ext.SCRIPT_NAME, "defer")]  # bundle first
    assert app.css == [sphinx_ext.STYLE_NAME]
    latex = _App("latex")
    sphinx_ext._register(latex)
    assert latex.js == [] and latex.css == []
