"""Sphinx extension: a build cache that never serves stale outputs, and parallel execution of the chapters.

Jupyter Book (through myst-nb and jupyter-cache) reuses a chapter's executed outputs when the chapter's
*code cells* are unchanged. The chapters' outputs also depend on files the code reads, which jupyter-cache
does not see: the transcribed numbers in ``data/``, the library in ``lib/`` and the pinned environment.
This extension closes that gap and uses the machine's cores:

* **Keyed cache.** On ``config-inited`` it hashes the content of every input the chapters depend on
  (:data:`DEFAULT_INPUTS`, the :mod:`paradiplomacy` package actually imported, its data folder, and a
  fingerprint of the Python interpreter and installed distributions) and points myst-nb's
  ``nb_execution_cache_path`` at ``<cache base>/<hash>``. Any change to those inputs gives a new path. The
  path is an ``env`` configuration value, so Sphinx re-reads every page, and every chapter is executed
  afresh (or taken from the cache that matches exactly these inputs). Touching a file without changing
  its content changes nothing. Older cache folders are pruned (:func:`prune`).
* **Parallel execution.** On ``env-before-read-docs`` it finds the notebook pages Sphinx is about to read
  whose outputs are not in the cache, executes them concurrently (one kernel each, up to
  :func:`execution_jobs` at a time, longest first) and stores them in the cache exactly as myst-nb would.
  myst-nb then finds every page cached while it reads them one by one. A chapter that fails here is left
  uncached, so myst-nb executes it again and reports the error as usual.

Enable it in ``_config.yml`` under ``sphinx: local_extensions: {buildcache: _ext/}``. Options
(Sphinx configuration values): ``paradiplomacy_cache_inputs`` (glob patterns relative to the book's root,
default :data:`DEFAULT_INPUTS`), ``paradiplomacy_cache_keep`` (cache folders kept, default
:data:`DEFAULT_KEEP`) and ``paradiplomacy_execution_jobs`` (0 = one per available core); the environment
variable ``PARADIPLOMACY_JOBS`` overrides the last one (``make book JOBS=1``).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from os import PathLike
from pathlib import Path

from paradiplomacy.errors import ParameterError

__all__ = [
    "DEFAULT_INPUTS", "DEFAULT_KEEP", "IGNORED_NAMES", "JOBS_ENV", "LOG_NAME", "input_files", "environment_fingerprint",
    "content_hash", "cache_key", "cached_notebook", "prune", "execution_jobs", "setup",
]

#: Files the chapters' outputs depend on besides their own code, as glob patterns relative to the book's root.
DEFAULT_INPUTS: tuple[str, ...] = (
    "data/**/*", "lib/**/*", "requirements.txt", "pyproject.toml", "environment.yml",
)
#: How many cache folders (one per input hash) are kept, the current one included.
DEFAULT_KEEP = 3
#: File and folder names never hashed (byte-code and editor or notebook litter).
IGNORED_NAMES = frozenset({"__pycache__", ".ipynb_checkpoints", ".DS_Store", ".pytest_cache"})
#: Environment variable that sets the number of chapters executed at once.
JOBS_ENV = "PARADIPLOMACY_JOBS"
#: File (in the cache base folder) that records each build's inputs hash and what was executed.
LOG_NAME = "buildcache-log.json"
_TIMINGS = "buildcache-timings.json"
_KEY_RE = re.compile(r"^[0-9a-f]{16}$")


def _ignored(path: Path) -> bool:
    return any(part in IGNORED_NAMES or part.endswith((".egg-info", ".pyc")) for part in path.parts)


def input_files(root: str | PathLike[str], patterns: Iterable[str] = DEFAULT_INPUTS) -> list[Path]:
    """List the files under ``root`` that match ``patterns``.

    Parameters
    ----------
    root : str or path-like
        Folder the patterns are relative to (the book's root).
    patterns : iterable of str
        Glob patterns such as ``"data/**/*"`` or ``"requirements.txt"``; patterns that match nothing are
        ignored.

    Returns
    -------
    list of pathlib.Path
        Regular files, sorted, without byte-code, ``__pycache__`` or notebook checkpoints.
    """
    root = Path(root)
    found = {p for pattern in patterns for p in root.glob(pattern)
             if p.is_file() and not _ignored(p.relative_to(root))}
    return sorted(found)


def environment_fingerprint() -> str:
    """Describe the running interpreter and every installed distribution.

    Returns
    -------
    str
        The Python version and platform, then one ``name==version`` line per installed distribution
        (sorted). Executed outputs are only reused by the same environment.
    """
    import platform
    from importlib import metadata

    dists = sorted({f"{(d.metadata['Name'] or '').lower()}=={d.version}" for d in metadata.distributions()})
    return "\n".join([sys.version, platform.platform(aliased=True), *dists])


def content_hash(root: str | PathLike[str], patterns: Iterable[str] = DEFAULT_INPUTS,
                 extra_dirs: Iterable[str | PathLike[str]] = (), environment: str = "") -> tuple[str, int]:
    """Hash the content (not the timestamps) of a book's inputs.

    Parameters
    ----------
    root : str or path-like
        The book's root folder.
    patterns : iterable of str
        Glob patterns relative to ``root`` (see :func:`input_files`).
    extra_dirs : iterable of path-like
        Further folders hashed in full, e.g. the imported package when it lives outside ``root``.
        Folders inside ``root`` that the patterns already cover are not counted twice.
    environment : str
        Extra text mixed into the hash (see :func:`environment_fingerprint`).

    Returns
    -------
    tuple of (str, int)
        The first 16 hexadecimal digits of a SHA-256 over every file's relative path and content, and the
        number of files hashed.
    """
    root = Path(root).resolve()
    files = {p.resolve() for p in input_files(root, patterns)}
    for folder in extra_dirs:
        files.update(p.resolve() for p in input_files(Path(folder), ["**/*"]))
    digest = hashlib.sha256()
    for path in sorted(files):
        try:
            name = path.relative_to(root).as_posix()
        except ValueError:
            name = path.as_posix()
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(environment.encode("utf-8"))
    return digest.hexdigest()[:16], len(files)


def cache_key(root: str | PathLike[str], patterns: Iterable[str] = DEFAULT_INPUTS) -> tuple[str, int]:
    """The inputs hash of a book as the extension computes it.

    Parameters
    ----------
    root : str or path-like
        The book's root folder.
    patterns : iterable of str
        Glob patterns relative to ``root``.

    Returns
    -------
    tuple of (str, int)
        The hash and the number of files, covering ``patterns``, the imported :mod:`paradiplomacy` package
        and its default data folder (wherever they are) and :func:`environment_fingerprint`.
    """
    from paradiplomacy import paths

    return content_hash(root, patterns, extra_dirs=[paths.PACKAGE_DIR, Path(root) / "data"],
                        environment=environment_fingerprint())


def cached_notebook(source: str | PathLike[str], root: str | PathLike[str] | None = None,
                    patterns: Iterable[str] = DEFAULT_INPUTS):
    """The executed notebook of a page, taken from the book's build cache if it matches the current inputs.

    A chapter's outputs are in the cache folder of the current inputs hash (:func:`cache_key`) only if the
    build executed exactly the chapter's current code on exactly the current ``data/``, ``lib/`` and
    environment; they are then what a fresh run would produce, and tests may reuse them.

    Parameters
    ----------
    source : str or path-like
        The page's MyST Markdown file, e.g. ``chapters/01_introduction.md``.
    root : str or path-like, optional
        The book's root folder (default: the repository, :data:`paradiplomacy.paths.book_root`).
    patterns : iterable of str
        The inputs hashed by the build (``paradiplomacy_cache_inputs``; default :data:`DEFAULT_INPUTS`).

    Returns
    -------
    nbformat.NotebookNode or None
        The page with the cached outputs merged in, or None when the book was not built with the current
        inputs and code (or the cache cannot be read).
    """
    from paradiplomacy import paths

    root = Path(root) if root is not None else paths.book_root()
    folder = root / "_build" / ".jupyter_cache" / cache_key(root, patterns)[0]
    if not (folder / "global.db").is_file():
        return None
    try:
        from jupyter_cache import get_cache
        from myst_nb.core.read import read_myst_markdown_notebook

        path = Path(source).resolve()
        notebook = read_myst_markdown_notebook(path.read_text("utf8"), add_source_map=True, path=str(path))
        return get_cache(folder).merge_match_into_notebook(notebook)[1]
    except Exception:  # no match (KeyError), unreadable cache or page: the caller executes the page itself
        return None


def prune(base: str | PathLike[str], keep: int = DEFAULT_KEEP, current: str | None = None) -> list[Path]:
    """Delete the least recently used cache folders of ``base``.

    Parameters
    ----------
    base : str or path-like
        Folder holding one sub-folder per inputs hash.
    keep : int
        Number of hash folders kept (at least 1), the most recently used ones; ``current`` is always kept.
    current : str, optional
        Name of the folder in use.

    Returns
    -------
    list of pathlib.Path
        The folders deleted. Only folders named like a hash (16 hexadecimal digits) are ever touched.

    Raises
    ------
    ParameterError
        If ``keep`` is smaller than 1.
    """
    if int(keep) < 1:
        raise ParameterError("paradiplomacy_cache_keep", f"must be at least 1, got {keep!r}")
    base = Path(base)
    if not base.is_dir():
        return []
    folders = [p for p in base.iterdir() if p.is_dir() and _KEY_RE.match(p.name) and p.name != current]
    folders.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    removed = folders[int(keep) - (1 if current else 0):]
    for folder in removed:
        shutil.rmtree(folder, ignore_errors=True)
    return removed


def execution_jobs(configured: int | str | None = 0) -> int:
    """Number of chapters to execute at once.

    Parameters
    ----------
    configured : int or str, optional
        The ``paradiplomacy_execution_jobs`` setting; 0 or None means one per available core. The
        environment variable :data:`JOBS_ENV`, when set and not empty, takes precedence.

    Returns
    -------
    int
        At least 1.

    Raises
    ------
    ParameterError
        If the value is not a whole number of at least 0.
    """
    value = os.environ.get(JOBS_ENV) or configured or 0
    name = JOBS_ENV if os.environ.get(JOBS_ENV) else "paradiplomacy_execution_jobs"
    try:
        jobs = int(value)
    except (TypeError, ValueError):
        raise ParameterError(name, f"expected a whole number of parallel jobs, got {value!r}") from None
    if jobs < 0:
        raise ParameterError(name, f"expected 0 (one per core) or more, got {jobs}")
    if jobs == 0:
        cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)
        jobs = len(cores)
    return max(1, jobs)


# --------------------------------------------------------------------------- Sphinx side
def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _on_config_inited(app, config) -> None:
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    started = time.perf_counter()
    key, n_files = cache_key(app.srcdir, config.paradiplomacy_cache_inputs)
    configured = config.nb_execution_cache_path
    base = Path(configured) if configured else Path(app.outdir).parent / ".jupyter_cache"
    if not base.is_absolute():
        base = Path(app.srcdir) / base
    folder = base / key
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)  # most recently used
    removed = prune(base, config.paradiplomacy_cache_keep, current=key)
    config.nb_execution_cache_path = str(folder)
    app._paradiplomacy_cache = {"key": key, "files": n_files, "folder": str(folder), "base": str(base),
                                "pruned": [p.name for p in removed], "hash_seconds": time.perf_counter() - started,
                                "executed": [], "failed": [], "cached": []}
    logger.info(f"[paradiplomacy.buildcache] inputs hash {key} over {n_files} files; jupyter-cache at {folder}"
                + (f"; pruned {len(removed)} old cache folder(s)" if removed else ""))


def _notebook_of(env, docname: str):
    """The notebook myst-nb will build from a page (None if the page is not executed through the cache)."""
    from pathlib import PurePosixPath

    from myst_nb.core.config import NbParserConfig
    from myst_nb.core.nb_to_tokens import nb_node_to_dict
    from myst_nb.core.read import create_nb_reader

    path = Path(env.doc2path(docname))
    nb_config: NbParserConfig = env.mystnb_config
    text = path.read_text(encoding=env.config.source_encoding)
    reader = create_nb_reader(str(path), env.myst_config, nb_config, text)
    if reader is None:
        return None
    notebook = reader.read(text)
    kernel = notebook.metadata.get("kernelspec", {}).get("name")
    for rgx, alias in (nb_config.kernel_rgx_aliases or {}).items():
        if kernel is not None and re.fullmatch(rgx, kernel):
            notebook.metadata["kernelspec"]["name"] = alias
            break
    if nb_config.metadata_key in notebook.metadata:
        overrides = nb_node_to_dict(notebook.metadata[nb_config.metadata_key])
        overrides.pop("output_folder", None)
        try:
            nb_config = nb_config.copy(**overrides)
        except Exception:  # myst-nb reports bad overrides when it reads the page
            return None
    if nb_config.execution_mode != "cache":
        return None
    if any(PurePosixPath(path.as_posix()).match(p) for p in nb_config.execution_excludepatterns):
        return None
    return path, notebook, reader.read_fmt, nb_config


def _execute_one(notebook, path: Path, nb_config):
    """Execute one notebook the way myst-nb's cache client does (runs in a worker thread)."""
    from contextlib import nullcontext
    from tempfile import TemporaryDirectory

    from jupyter_cache.executors.utils import single_nb_execution

    context = TemporaryDirectory() if nb_config.execution_in_temp else nullcontext(str(path.parent))
    with context as cwd:
        return single_nb_execution(notebook, cwd=os.path.abspath(cwd), allow_errors=nb_config.execution_allow_errors,
                                   timeout=nb_config.execution_timeout, meta_override=True)


def _on_env_before_read_docs(app, env, docnames: list[str]) -> None:
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    state = getattr(app, "_paradiplomacy_cache", None)
    nb_config = getattr(env, "mystnb_config", None)
    if state is None or nb_config is None or nb_config.execution_mode != "cache":
        return
    jobs = execution_jobs(app.config.paradiplomacy_execution_jobs)
    cache = get_cache(nb_config.execution_cache_path)
    todo = []
    for docname in sorted(docnames):
        found = _notebook_of(env, docname)
        if found is None:
            continue
        path, notebook, read_fmt, doc_config = found
        try:
            cache.match_cache_notebook(notebook)
            state["cached"].append(docname)
        except KeyError:
            todo.append((docname, path, notebook, read_fmt, doc_config))
    if jobs < 2 or len(todo) < 2:  # nothing to gain: myst-nb executes the page itself while reading it
        return
    timings_file = Path(state["base"]) / _TIMINGS
    timings = _read_json(timings_file)
    todo.sort(key=lambda item: -float(timings.get(item[0], 1e9)))  # longest (or never timed) first
    logger.info(f"[paradiplomacy.buildcache] executing {len(todo)} notebooks, {min(jobs, len(todo))} at a time: "
                + ", ".join(item[0] for item in todo))
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
        futures = {pool.submit(_execute_one, nb, path, cfg): (doc, path, nb, fmt)
                   for doc, path, nb, fmt, cfg in todo}
        for future in as_completed(futures):
            docname, path, notebook, read_fmt = futures[future]
            try:
                result = future.result()
            except Exception as error:  # kernel failed to start, etc.: myst-nb will retry and report
                result, failure = None, f"{type(error).__name__}: {error}"
            else:
                failure = None if result.err is None else type(result.err).__name__
            if failure is not None:
                state["failed"].append(docname)
                logger.info(f"[paradiplomacy.buildcache] {docname}: execution failed ({failure}); "
                            "left for myst-nb to execute and report")
                continue
            stage = (cache.add_nb_to_project(str(path), read_data=read_fmt) if read_fmt is not None
                     else cache.add_nb_to_project(str(path)))
            cache.cache_notebook_bundle(CacheBundleIn(notebook, stage.uri, data={"execution_seconds": result.time}),
                                        check_validity=False, overwrite=True)
            timings[docname] = round(result.time, 2)
            state["executed"].append(docname)
            logger.info(f"[paradiplomacy.buildcache] {docname}: executed in {result.time:.1f} s and cached")
    state["parallel_seconds"] = time.perf_counter() - started
    state["jobs"] = min(jobs, len(todo))
    try:
        timings_file.write_text(json.dumps(timings, indent=1, sort_keys=True), encoding="utf-8")
    except OSError:
        pass
    logger.info(f"[paradiplomacy.buildcache] {len(state['executed'])} notebooks executed in "
                f"{state['parallel_seconds']:.1f} s")


def _on_doctree_read(app, doctree) -> None:
    """Give ``jupyter_execute/<page>.ipynb`` its outputs when myst-nb took the page from the cache.

    myst-nb 1.4 writes the notebook it parsed, which holds outputs only if myst-nb executed it itself; on a
    cache hit the outputs are in a merged copy, so the executed notebook offered for download (the ``.ipynb``
    button) would have none. This writes the cached outputs there, without the glue data, as myst-nb does
    after executing a page.
    """
    import nbformat
    from jupyter_cache import get_cache
    from myst_nb.ext.glue import extract_glue_data_cell

    env = app.env
    nb_config = getattr(env, "mystnb_config", None)
    if getattr(app, "_paradiplomacy_cache", None) is None or nb_config is None or nb_config.execution_mode != "cache":
        return
    target = Path(nb_config.output_folder).joinpath(*env.docname.split("/")[:-1], env.docname.split("/")[-1] + ".ipynb")
    if not target.is_file():
        return
    written = nbformat.read(target, as_version=4)
    if any(cell.get("outputs") for cell in written.cells if cell.cell_type == "code"):
        return  # myst-nb executed the page itself: the file is complete
    found = _notebook_of(env, env.docname)
    if found is None:
        return
    try:
        merged = get_cache(nb_config.execution_cache_path).merge_match_into_notebook(found[1])[1]
    except KeyError:
        return
    for cell in merged.cells:
        if cell.cell_type == "code":
            extract_glue_data_cell(cell)
    target.write_text(nbformat.writes(merged), encoding="utf-8")


def _on_build_finished(app, exception) -> None:
    state = getattr(app, "_paradiplomacy_cache", None)
    if state is None:
        return
    record = {k: v for k, v in state.items() if k != "base"}
    record.update(finished=time.strftime("%Y-%m-%dT%H:%M:%S"), succeeded=exception is None)
    log = Path(state["base"]) / LOG_NAME
    history = _read_json(log).get("builds", [])[-19:]
    try:
        log.write_text(json.dumps({"builds": [*history, record]}, indent=1), encoding="utf-8")
    except OSError:
        pass


def setup(app):
    """Sphinx entry point: key the notebook cache on the book's inputs and execute chapters in parallel.

    Parameters
    ----------
    app : sphinx.application.Sphinx
        The application (myst-nb must be loaded too, as it is in every Jupyter Book).

    Returns
    -------
    dict
        Extension metadata (parallel safe).
    """
    from paradiplomacy import __version__

    app.add_config_value("paradiplomacy_cache_inputs", list(DEFAULT_INPUTS), "env", [list, tuple])
    app.add_config_value("paradiplomacy_cache_keep", DEFAULT_KEEP, "", [int])
    app.add_config_value("paradiplomacy_execution_jobs", 0, "", [int, str])
    # Priority 900: run after every other config-inited handler, so the final cache path is the keyed one.
    app.connect("config-inited", _on_config_inited, priority=900)
    app.connect("env-before-read-docs", _on_env_before_read_docs)
    app.connect("doctree-read", _on_doctree_read)
    app.connect("build-finished", _on_build_finished)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
