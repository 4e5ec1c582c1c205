"""Sphinx extension that serves the charts' JavaScript and CSS from the book itself.

Charts are written into the executed chapters as static SVG plus their Vega-Lite spec (see
:func:`paradiplomacy.charts.figure_html`). This extension makes them interactive in the HTML build
without any request to another host:

* ``paradiplomacy-vega.js`` is a self-contained bundle of Vega, Vega-Lite and vega-embed produced by
  ``vl_convert.javascript_bundle`` (the same pinned PyPI package that renders the static SVGs), written
  into ``_static/`` of the build once per site and loaded once per page from there;
* ``paradiplomacy-charts.js`` and ``paradiplomacy-charts.css`` (shipped in ``paradiplomacy/static``) draw
  each chart with vega-embed, keep the static SVG for print and for readers without JavaScript.

Enable it in ``_config.yml`` under ``sphinx: extra_extensions: [paradiplomacy.sphinx_ext]``.
"""
from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["STATIC_DIR", "BUNDLE_NAME", "SCRIPT_NAME", "STYLE_NAME", "bundle_header", "vega_bundle", "write_assets",
           "setup"]

#: Folder with the extension's own static files.
STATIC_DIR = Path(__file__).resolve().parent / "static"
#: File name of the Vega / Vega-Lite / vega-embed bundle in ``_static/``.
BUNDLE_NAME = "paradiplomacy-vega.js"
#: File name of the script that makes the charts interactive.
SCRIPT_NAME = "paradiplomacy-charts.js"
#: File name of the charts' stylesheet.
STYLE_NAME = "paradiplomacy-charts.css"


def bundle_header() -> str:
    """First line of the bundle: which versions it was built from (used to reuse an up-to-date bundle).

    Returns
    -------
    str
        A JavaScript comment naming the vl-convert, Vega-Lite and vega-embed versions.
    """
    import vl_convert

    from .charts import _vl_version

    return (f"/* paradiplomacy chart bundle: vl-convert {vl_convert.__version__}, Vega-Lite {_vl_version()}, "
            f"Vega {vl_convert.get_vega_version()}, vega-embed {vl_convert.get_vega_embed_version()}; "
            "licences: BSD-3-Clause (Vega, Vega-Lite, vega-embed) */\n")


def vega_bundle() -> str:
    """The self-contained JavaScript bundle that defines ``window.vegaEmbed``, ``window.vega`` and ``window.vegaLite``.

    Returns
    -------
    str
        :func:`bundle_header` followed by ``vl_convert.javascript_bundle`` for the Vega-Lite version that
        Altair writes (so the specs in the pages and the library agree), wrapped in a function scope.
    """
    import vl_convert

    from .charts import _vl_version

    # The bundle declares top-level constants (``_``, ``n``, ...) that would clash with the page's other
    # classic scripts (Sphinx loads underscore.js as ``_``), so it runs inside a function scope; it
    # publishes only the three globals. Not an ES module, so the page also works from file://.
    body = vl_convert.javascript_bundle(vl_version=_vl_version())
    return bundle_header() + "(function () {\n" + body + "\n})();\n"


def write_assets(static_out: str | Path) -> list[Path]:
    """Write the bundle, script and stylesheet into a build's ``_static`` folder.

    The bundle (about 0.9 MB) is regenerated only when its header (the versions) differs from the file
    already there, so warm rebuilds do not pay for it.

    Parameters
    ----------
    static_out : str or path-like
        The ``_static`` folder of an HTML build (created if missing).

    Returns
    -------
    list of pathlib.Path
        The three files written or kept.
    """
    out = Path(static_out)
    out.mkdir(parents=True, exist_ok=True)
    bundle = out / BUNDLE_NAME
    header = bundle_header()
    current = bundle.is_file() and bundle.open(encoding="utf-8").readline() == header
    if not current:
        bundle.write_text(vega_bundle(), encoding="utf-8")
    written = [bundle]
    for name in (SCRIPT_NAME, STYLE_NAME):
        shutil.copyfile(STATIC_DIR / name, out / name)
        written.append(out / name)
    return written


def _register(app) -> None:
    if app.builder.format != "html":
        return
    app.add_js_file(BUNDLE_NAME, loading_method="defer")
    app.add_js_file(SCRIPT_NAME, loading_method="defer")
    app.add_css_file(STYLE_NAME)


def _finish(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        write_assets(Path(app.outdir) / "_static")


def setup(app):
    """Sphinx entry point: add the chart assets to every HTML page and write them at the end of the build.

    Parameters
    ----------
    app : sphinx.application.Sphinx
        The application.

    Returns
    -------
    dict
        Extension metadata (parallel safe).
    """
    from . import __version__

    app.connect("builder-inited", _register)
    app.connect("build-finished", _finish)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
