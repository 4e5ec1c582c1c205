"""Sphinx extension that serves the charts' JavaScript and CSS from the book itself.

Charts are written into the executed chapters as static SVG plus their Vega-Lite spec (see
:func:`paradiplomacy.charts.figure_html`). This extension makes them interactive in the HTML build
without any request to another host:

* ``paradiplomacy-vega.js`` is a self-contained bundle of Vega, Vega-Lite and vega-embed produced by
  ``vl_convert.javascript_bundle`` (the same pinned PyPI package that renders the static SVGs), written
  into ``_static/`` of the build once per site and loaded from there by the pages that have a chart;
* ``paradiplomacy-charts.js`` and ``paradiplomacy-charts.css`` (shipped in ``paradiplomacy/static``) draw
  each chart with vega-embed, keep the static SVG for print and for readers without JavaScript.

It also keeps every page self-contained and reliable in a browser:

* ``paradiplomacy-book.css`` (also shipped in ``paradiplomacy/static``) holds the print stylesheet (a
  chapter prints without navigation, with whole tables and the static charts) and small accessibility
  fixes for the theme;
* math, if a page has any, is rendered by a MathJax copied into ``_static/mathjax`` from the npm package
  (``npm ci``, pinned in ``package-lock.json``) instead of MathJax from a CDN (:func:`copy_mathjax`);
* bibliography entries get the ARIA role their list requires (:func:`fix_citation_roles`);
* inline scripts that Sphinx 7.4 emits twice (sphinx-thebe's ``const THEBE_JS_URL`` declaration, a
  console error on every page) are written once (:func:`dedupe_scripts`);
* each chapter that cites works ends with its own reference list (:func:`chapter_bibliography`);
* every executed page can be downloaded as a notebook with its outputs, beside its MyST source
  (:func:`notebook_for_download`);
* the ``paradiplomacy-citation`` directive renders "how to cite this book" from ``CITATION.cff``
  (:class:`CitationDirective`), so the page and the file cannot disagree.

Enable it in ``_config.yml`` under ``sphinx: local_extensions: {book_assets: _ext/}``.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.util.docutils import SphinxDirective

__all__ = ["STATIC_DIR", "BUNDLE_NAME", "SCRIPT_NAME", "STYLE_NAME", "BOOK_STYLE_NAME", "CHART_MARKER", "MATHJAX_PATH",
           "MATHJAX_PARTS", "bundle_header", "vega_bundle", "write_assets", "find_mathjax", "copy_mathjax",
           "dedupe_scripts", "fix_citation_roles", "notebook_for_download", "chapter_bibliography",
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
        A JavaScript comment naming the vl-convert, Vega-Lite and vega-embed versions.
    """
    import vl_convert

    from paradiplomacy.charts import _vl_version

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

    from paradiplomacy.charts import _vl_version

    # The bundle declares top-level constants (``_``, ``n``, ...) that would clash with the page's other
    # classic scripts (Sphinx loads underscore.js as ``_``), so it runs inside a function scope; it
    # publishes only the three globals. Not an ES module, so the page also works from file://.
    body = vl_convert.javascript_bundle(vl_version=_vl_version())
    return bundle_header() + "(function () {\n" + body + "\n})();\n"


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
        The four files written or kept.
    """
    out = Path(static_out)
    out.mkdir(parents=True, exist_ok=True)
    bundle = out / BUNDLE_NAME
    header = bundle_header()
    current = bundle.is_file() and bundle.open(encoding="utf-8").readline() == header
    if not current:
        bundle.write_text(vega_bundle(), encoding="utf-8")
    written = [bundle]
    for name in (SCRIPT_NAME, STYLE_NAME, BOOK_STYLE_NAME):
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


def _configure(app, config) -> None:
    from sphinx.ext.mathjax import MATHJAX_URL

    if getattr(config, "mathjax_path", None) in (None, MATHJAX_URL):
        config.mathjax_path = MATHJAX_PATH  # never the CDN: served from _static (see copy_mathjax)
    options = getattr(config, "html_theme_options", None)
    if isinstance(options, dict):
        launch = options.get("launch_buttons") or {}
        if launch.get("binderhub_url") and not options.get("repository_url"):
            # sphinx-book-theme builds Binder links from the repository's address and fails without one:
            # the button waits until `repository.url` is set in _config.yml.
            options["launch_buttons"] = {**launch, "binderhub_url": ""}
            from sphinx.util import logging

            logging.getLogger(__name__).info(
                "[paradiplomacy] Binder button off until `repository.url` is set in _config.yml")
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


def _page_context(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if isinstance(body, str):
        context["body"] = fix_citation_roles(body)
        if CHART_MARKER in body:
            # Only pages with a chart load the Vega bundle (once per site: the browser caches it).
            app.builder.add_js_file(BUNDLE_NAME, defer="defer")
            app.builder.add_js_file(SCRIPT_NAME, defer="defer")
    if isinstance(context.get("script_files"), list):
        dedupe_scripts(context["script_files"])


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
    static = Path(app.outdir) / "_static"
    write_assets(static)
    math = app.env.get_domain("math")
    if math.has_equations():
        es5 = find_mathjax(app.srcdir)
        if es5 is None:
            from sphinx.util import logging

            logging.getLogger(__name__).warning(
                "a page has math, but MathJax is not installed: run `npm ci` in the book's root so the "
                "build can serve it from _static (the book loads nothing from another host)",
                type="paradiplomacy", subtype="mathjax")
        else:
            copy_mathjax(es5, static)


def setup(app):
    """Sphinx entry point: wire the book's assets, fixes and directive into the build.

    Parameters
    ----------
    app : sphinx.application.Sphinx
        The application.

    Returns
    -------
    dict
        Extension metadata (parallel safe).
    """
    from paradiplomacy import __version__

    app.connect("config-inited", _configure)
    app.connect("builder-inited", _register)
    app.connect("source-read", _source_read)
    app.connect("html-page-context", _offer_notebook, priority=400)  # before the theme's download menu
    app.connect("html-page-context", _page_context, priority=900)  # after the themes add their scripts
    app.connect("build-finished", _finish)
    app.add_directive("paradiplomacy-citation", CitationDirective)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
