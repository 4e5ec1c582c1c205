"""Sphinx extension: each chapter re-runs only when something it used changed, and a damaged cache is never served.

Jupyter Book (myst-nb + jupyter-cache) reuses a chapter's outputs while its *code cells* are unchanged. The outputs
also depend on what the code reads, which jupyter-cache does not see. This extension

* **records what each chapter used.** It executes the chapters itself (in parallel, one kernel each, longest
  first), with a probe around the chapter's cells: an audit hook collects every file the kernel opens inside the
  book and, at the end, every module of ``lib/`` it imported and the data files whose frames it took (the data
  layer validates a whole folder on load, so it says which files, or which rows or columns of a file, the chapter
  actually used). The probe cells are removed before the
  notebook is stored, so the cache holds exactly what myst-nb would have stored. Beside the cache it keeps
  ``paradiplomacy-chapters.json``: per chapter, the sha256 of each file it used, of the environment (interpreter
  and installed distributions) and of the stored notebook;
* **re-runs only what changed.** Before Sphinx reads the pages, a chapter whose used files, environment or code
  changed is executed again and Sphinx re-reads its page (the log names the file that changed). A change to CSS,
  templates, the Sphinx extensions or a data file the chapter never opened re-runs nothing;
* **never serves a damaged cache.** A stored notebook whose bytes differ from the recorded digest (edited or
  truncated) is discarded and re-executed; an unreadable cache database is deleted and rebuilt; a page built from
  outputs that have since changed (e.g. a tampered entry restored) is re-read. Each of these is said in the log.

Enable it in ``_config.yml`` under ``sphinx: local_extensions: {buildcache: _ext/}``. ``make book JOBS=n`` (the
environment variable ``PARADIPLOMACY_JOBS``) sets how many chapters run at once; 0 means one per core.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from os import PathLike
from pathlib import Path

__all__ = ["JOBS_ENV", "RECORDS_NAME", "environment_fingerprint", "distributions_only_in_test_lock", "rows_digest",
           "columns_digest", "execution_jobs", "ChapterCache", "cached_notebook", "setup"]

JOBS_ENV = "PARADIPLOMACY_JOBS"
RECORDS_NAME = "paradiplomacy-chapters.json"
_MARK = "PARADIPLOMACY-USED:"
_PROBE_START = (
    "import os as _pd_os, sys as _pd_sys\n_pd_used = set()\n"
    "def _pd_hook(event, args, _used=_pd_used, _abs=_pd_os.path.abspath):\n"
    "    if event == 'open' and args and isinstance(args[0], (str, bytes)):\n"
    "        _used.add(_abs(args[0] if isinstance(args[0], str) else args[0].decode(errors='replace')))\n"
    "_pd_sys.addaudithook(_pd_hook)\n")
_PROBE_END = (
    "import json as _pd_json\n"
    "_pd_data = _pd_sys.modules.get('paradiplomacy.data')\n"
    "print(" + repr(_MARK) + " + _pd_json.dumps({'files': sorted(_pd_used), 'modules': sorted("
    "str(getattr(m, '__file__', None)) for m in list(_pd_sys.modules.values()) if getattr(m, '__file__', None)), "
    "'data': _pd_data.used_files() if _pd_data is not None else None}))\n")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*==")


#: A wheel-installed distribution's metadata folder: ``<name>-<version>.dist-info``.
_DIST_INFO = re.compile(r"(.+)-([^-]+)\.dist-info")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked_names(path: Path) -> set[str]:
    """Normalised names of the distributions a lock file (``name==version`` lines) pins; empty if it is missing."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return set()
    return {_normalise(m.group(1)) for m in map(_REQUIREMENT.match, lines) if m}


def distributions_only_in_test_lock(root: str | PathLike[str] | None) -> set[str]:
    """Distributions the test lock adds to the book lock (``requirements-test.txt`` less ``requirements.txt``).

    A chapter cannot use them: ``make book`` installs the book lock only, so a chapter importing one would fail
    there. They are left out of :func:`environment_fingerprint`, so installing the test lock (``make setup-test``)
    does not make every chapter run again.
    """
    if root is None:
        return set()
    root = Path(root)
    book = _locked_names(root / "requirements.txt")
    return (_locked_names(root / "requirements-test.txt") - book) if book else set()


def environment_fingerprint(root: str | PathLike[str] | None = None) -> str:
    """The interpreter and every installed distribution (``name==version``): outputs are reused only by the same.

    With ``root`` (the book), the distributions only its test lock adds (:func:`distributions_only_in_test_lock`) are left
    out: they cannot change what a chapter computes.
    """
    import platform

    skip = distributions_only_in_test_lock(root)
    dists = sorted(f"{name}=={version}" for name, version in installed_distributions() if name not in skip)
    return "\n".join([sys.version, platform.platform(aliased=True), *dists])


def installed_distributions() -> set[tuple[str, str]]:
    """(normalised name, version) of every distribution on ``sys.path``, as ``importlib.metadata`` finds them.

    Read from the ``<name>-<version>.dist-info`` folder names (the wheel standard), which takes milliseconds where
    parsing every METADATA file took about 0.3 s on each build; any other kind of entry (``.egg-info``) is read
    through ``importlib.metadata``.
    """
    from importlib import metadata

    found = set()
    for entry in sys.path:
        folder = Path(entry or ".")
        if not folder.is_dir():
            continue
        for info in folder.iterdir():
            named = _DIST_INFO.fullmatch(info.name)
            if named:
                found.add((_normalise(named.group(1)), named.group(2)))
            elif info.suffix == ".egg-info":
                dist = metadata.Distribution.at(info)
                found.add((_normalise(dist.metadata["Name"] or info.stem), dist.version))
    return found


def _csv_digest(path: str | PathLike[str], pick) -> str:
    """sha256 of ``[header, *pick(header, records)]`` of a CSV file (``pick`` chooses what a chapter used); a file
    that is gone, unreadable or lacks a column ``pick`` asks for gives a digest of its own (never equal to a
    recorded one, so the chapter runs again)."""
    import csv
    import io

    try:
        text = Path(path).read_bytes().decode("utf-8")
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header = next(reader, [])
        chosen = pick(header, reader)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError) as error:
        return f"unreadable: {type(error).__name__}"
    return hashlib.sha256(json.dumps([header, *chosen], ensure_ascii=False).encode("utf-8")).hexdigest()


def rows_digest(path: str | PathLike[str], column: str, values) -> str:
    """sha256 of a CSV file's header and of its records whose ``column`` holds one of ``values``, in file order.

    What a chapter that took only these rows (``Data.rows``) depends on (see :func:`_csv_digest` for a file that
    is gone or unreadable).
    """
    wanted = set(values)

    def pick(header, records):
        at = header.index(column)
        return [column, sorted(wanted), [record for record in records if len(record) > at and record[at] in wanted]]

    return _csv_digest(path, pick)


def columns_digest(path: str | PathLike[str], columns) -> str:
    """sha256 of a CSV file's header and of every record's cells in ``columns``, in file order.

    What a chapter that took only these columns (``Data.columns``) depends on (see :func:`_csv_digest` for a file
    that is gone or unreadable).
    """
    names = sorted(set(columns))

    def pick(header, records):
        at = [header.index(name) for name in names]
        return [names, [[record[i] if i < len(record) else None for i in at] for record in records]]

    return _csv_digest(path, pick)


def execution_jobs(configured: int | str | None = 0) -> int:
    """How many chapters to execute at once (``PARADIPLOMACY_JOBS`` wins; 0 = one per available core)."""
    from paradiplomacy.errors import ParameterError

    value = os.environ.get(JOBS_ENV) or configured or 0
    name = JOBS_ENV if os.environ.get(JOBS_ENV) else "paradiplomacy_execution_jobs"
    try:
        jobs = int(value)
    except (TypeError, ValueError):
        raise ParameterError(name, f"expected a whole number of parallel jobs, got {value!r}") from None
    if jobs < 0:
        raise ParameterError(name, f"expected 0 (one per core) or more, got {jobs}")
    if jobs == 0:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, jobs)


class ChapterCache:
    """The jupyter-cache folder of a book plus the record of what each chapter used.

    Parameters
    ----------
    folder : path
        The jupyter-cache folder (``_build/.jupyter_cache``).
    root : path
        The book's root: used files inside it are recorded relative to it.
    say : callable
        Where messages go (the Sphinx log).
    """

    def __init__(self, folder: str | PathLike[str], root: str | PathLike[str], say=print):
        from jupyter_cache import get_cache

        self.folder, self.root, self.say = Path(folder), Path(root).resolve(), say
        #: Folder -> its resolved path (see _inside).
        self._folders: dict[str, str] = {}
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            self.cache = get_cache(self.folder)
            self.cache.list_cache_records()
        except Exception as error:  # a damaged global.db: start again rather than fail every later build
            self.say(f"[buildcache] the notebook cache in {self.folder} is unreadable ({type(error).__name__}); "
                     "discarded: every chapter is executed again")
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
            self.cache = get_cache(self.folder)
        self.records_path = self.folder / RECORDS_NAME
        try:
            self.records = json.loads(self.records_path.read_text(encoding="utf-8"))
            assert isinstance(self.records, dict)
        except FileNotFoundError:
            self.records = {}
        except (ValueError, AssertionError, OSError):
            self.say(f"[buildcache] {self.records_path.name} is unreadable: every chapter is executed again")
            self.records = {}
        self._env = None

    @property
    def env_digest(self) -> str:
        if self._env is None:
            self._env = hashlib.sha256(environment_fingerprint(self.root).encode()).hexdigest()
        return self._env

    def _notebook_path(self, record) -> Path:
        return self.cache._get_notebook_path_cache(record.hashkey)

    def stored_digest(self, notebook) -> str | None:
        """sha256 of the stored executed notebook that matches ``notebook``'s code, or None."""
        try:
            path = self._notebook_path(self.cache.match_cache_notebook(notebook))
            return _sha(path) if path.is_file() else None
        except KeyError:
            return None

    def why_stale(self, key: str, notebook, discard: bool = True) -> str | None:
        """Why the chapter ``key`` must be executed again (None when its stored outputs are current).

        A stale entry is removed from the cache unless ``discard`` is false (the tests only look).
        """
        try:
            record = self.cache.match_cache_notebook(notebook)
        except KeyError:
            return "its code is not in the cache"
        entry = self.records.get(key)
        path = self._notebook_path(record)
        if not entry or entry.get("notebook") is None:
            reason = "nothing records what it used"
        elif not path.is_file() or _sha(path) != entry["notebook"]:
            reason = "its stored notebook was changed or damaged since it was executed: discarded"
        elif entry.get("environment") != self.env_digest:
            reason = "the Python environment changed"
        else:
            changed = [f"{name} (which it used) {'changed' if (self.root / name).is_file() else 'is gone'}"
                       for name, digest in entry.get("files", {}).items()
                       if not (self.root / name).is_file() or _sha(self.root / name) != digest]
            changed += [f"{name}: the rows with {part['column']} = {_shown(part['values'])} (which it used) "
                        f"{'changed' if (self.root / name).is_file() else 'are gone'}"
                        for name, parts in entry.get("rows", {}).items() for part in parts
                        if rows_digest(self.root / name, part["column"], part["values"]) != part["sha256"]]
            changed += [f"{name}: the column{'s' * (len(part['columns']) > 1)} {', '.join(part['columns'])} "
                        f"(which it used) {'changed' if (self.root / name).is_file() else 'are gone'}"
                        for name, part in entry.get("columns", {}).items()
                        if columns_digest(self.root / name, part["columns"]) != part["sha256"]]
            reason = "; ".join(changed) or None
            if reason is None:
                return None
        if not discard:
            return reason
        try:
            self.cache.remove_cache(record.pk)
        except KeyError:  # its notebook file is already gone: drop the record alone
            from jupyter_cache.cache.db import NbCacheRecord

            NbCacheRecord.remove_records([record.pk], self.cache.db)
        return reason

    def store(self, key: str, source: Path, notebook, read_fmt, used: dict, seconds: float) -> None:
        """Store an executed notebook (probe cells removed) and what it used."""
        from jupyter_cache.base import CacheBundleIn

        stage = (self.cache.add_nb_to_project(str(source), read_data=read_fmt) if read_fmt is not None
                 else self.cache.add_nb_to_project(str(source)))
        record = self.cache.cache_notebook_bundle(
            CacheBundleIn(notebook, stage.uri, data={"execution_seconds": seconds}), check_validity=False,
            overwrite=True)
        files, rows = {}, {}
        opened = used.get("files", [])
        data = used.get("data")
        if data:  # the data layer validates every file of a folder but says which ones (or rows) the chapter took
            folders = tuple(os.path.join(os.path.normpath(folder), "") for folder in data["folders"])
            opened = [f for f in opened if not (os.path.normpath(f) + os.sep).startswith(folders)]
            opened += data["files"]
        for name in [*opened, *used.get("modules", [])]:
            relative = self._inside(name)
            if relative is not None:
                files[relative] = _sha(self.root / relative)
        for name, columns in ((data or {}).get("rows") or {}).items():
            relative = self._inside(name)
            if relative is not None and relative not in files:  # a file also taken whole depends on every row
                rows[relative] = [{"column": column, "values": sorted(values),
                                   "sha256": rows_digest(self.root / relative, column, values)}
                                  for column, values in sorted(columns.items())]
        columns = {}
        for name, names in ((data or {}).get("columns") or {}).items():
            relative = self._inside(name)
            if relative is not None and relative not in files:  # a file also taken whole depends on every column
                columns[relative] = {"columns": sorted(names), "sha256": columns_digest(self.root / relative, names)}
        self.records[key] = {"files": dict(sorted(files.items())), "rows": dict(sorted(rows.items())),
                             "columns": dict(sorted(columns.items())),
                             "environment": self.env_digest, "notebook": _sha(self._notebook_path(record)),
                             "seconds": round(seconds, 2)}
        self.records_path.write_text(json.dumps(self.records, indent=1, sort_keys=True), encoding="utf-8")


    def _inside(self, name: str) -> str | None:
        """``name`` relative to the book when it is a source file inside it (not a build output or the .venv)."""
        # Called for each of the ~3,000 modules a chapter imports, so with os.path strings rather than pathlib, and
        # each folder resolved once (a file's own name only when it is a symbolic link).
        if not os.path.isabs(name) or name.endswith(".pyc") or f"{os.sep}__pycache__{os.sep}" in name:
            return None
        folder, base = os.path.split(name)
        if folder not in self._folders:
            self._folders[folder] = os.path.realpath(folder)
        resolved = os.path.realpath(name) if os.path.islink(name) else os.path.join(self._folders[folder], base)
        root = str(self.root)
        if not resolved.startswith(root + os.sep):
            return None  # outside the book: covered by the environment digest
        relative = resolved[len(root) + 1:]
        if relative.split(os.sep, 1)[0] in ("_build", ".venv", ".git") or not os.path.isfile(resolved):
            return None
        return Path(relative).as_posix()


def _shown(values: list[str]) -> str:
    return ", ".join(values[:3]) + (f" (and {len(values) - 3} more)" if len(values) > 3 else "")


def run_with_probe(notebook, cwd: Path, timeout: int, allow_errors: bool = False):
    """Execute ``notebook`` with the probe cells; return (executed notebook without them, used, result)."""
    import copy

    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    probed = copy.deepcopy(notebook)
    probed.cells.insert(0, nbformat.v4.new_code_cell(_PROBE_START))
    probed.cells.append(nbformat.v4.new_code_cell(_PROBE_END))
    result = single_nb_execution(probed, cwd=str(cwd), allow_errors=allow_errors, timeout=timeout,
                                 meta_override=True)
    used = {}
    for output in probed.cells[-1].get("outputs", []):
        for line in str(output.get("text", "")).splitlines():
            if line.startswith(_MARK):
                used = json.loads(line[len(_MARK):])
    del probed.cells[0], probed.cells[-1]
    count = 0
    for cell in probed.cells:
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = count
    return probed, used, result


def cached_notebook(source: str | PathLike[str], root: str | PathLike[str] | None = None):
    """A chapter with the book's cached outputs merged in, when they are current (else None).

    Tests reuse the build's outputs through this: only outputs whose code, used files and environment all match
    what is on disk now are returned.
    """
    from myst_nb.core.read import read_myst_markdown_notebook

    from paradiplomacy import paths

    root = Path(root) if root is not None else paths.book_root()
    folder = root / "_build" / ".jupyter_cache"
    if not (folder / "global.db").is_file():
        return None
    try:
        path = Path(source).resolve()
        cache = ChapterCache(folder, root, say=lambda message: None)
        notebook = read_myst_markdown_notebook(path.read_text("utf8"), add_source_map=True, path=str(path))
        key = path.relative_to(root.resolve()).with_suffix("").as_posix()
        if cache.why_stale(key, notebook, discard=False) is not None:
            return None
        return cache.cache.merge_match_into_notebook(notebook)[1]
    except Exception:  # unreadable cache or page: the caller executes the page itself
        return None


# --------------------------------------------------------------------------- Sphinx side
def _notebook_of(env, docname: str):
    """(path, notebook, read format, per-page config) of a page executed through the cache, else None."""
    from pathlib import PurePosixPath

    from myst_nb.core.nb_to_tokens import nb_node_to_dict
    from myst_nb.core.read import create_nb_reader

    path = Path(env.doc2path(docname))
    nb_config = env.mystnb_config
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


def _logger():
    from sphinx.util import logging

    return logging.getLogger(__name__)


def _state(app, env):
    """The build's ChapterCache and plan, created on first use."""
    state = getattr(app, "_paradiplomacy_cache", None)
    nb_config = getattr(env, "mystnb_config", None)
    if state is None and nb_config is not None and nb_config.execution_mode == "cache":
        folder = Path(nb_config.execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
        if not folder.is_absolute():
            folder = Path(app.srcdir) / folder
        state = app._paradiplomacy_cache = {"cache": ChapterCache(folder, app.srcdir, say=_logger().info),
                                            "todo": {}, "executed": [], "failed": []}
    return state


def _plan(app, env, docnames) -> dict:
    """Chapters among ``docnames`` to execute, with the reason (checked once per chapter and build)."""
    state = _state(app, env)
    if state is None:
        return {}
    cache: ChapterCache = state["cache"]
    checked = state.setdefault("checked", {})
    for docname in sorted(set(docnames) - set(checked)):
        found = checked[docname] = _notebook_of(env, docname)
        if found is None:
            continue
        reason = cache.why_stale(docname, found[1])
        if reason is not None:
            state["todo"][docname] = (reason, found)
    return state["todo"]


def _on_env_get_outdated(app, env, added, changed, removed):
    """Pages to re-read: chapters to re-execute, and pages built from other outputs than those now stored."""
    state = _state(app, env)
    if state is None:
        return []
    existing = [d for d in env.found_docs if d not in added and d not in removed]
    todo = _plan(app, env, existing)
    used = getattr(env, "paradiplomacy_outputs", {})
    stale = set(todo)
    for docname, digest in used.items():
        if docname in existing and docname not in stale:
            found = state["checked"][docname]  # read by _plan above, not executed yet
            if found is not None and state["cache"].stored_digest(found[1]) != digest:
                _logger().info(f"[buildcache] {docname}: the page was built from other outputs than the stored "
                               "ones; re-reading it")
                stale.add(docname)
    return sorted(stale)


def _execute(item, nb_config):
    docname, (reason, (path, notebook, read_fmt, _)) = item
    started = time.perf_counter()
    executed, used, result = run_with_probe(notebook, path.parent, nb_config.execution_timeout,
                                            nb_config.execution_allow_errors)
    return docname, path, executed, read_fmt, used, result, time.perf_counter() - started


def _on_env_before_read_docs(app, env, docnames: list[str]) -> None:
    from concurrent.futures import ThreadPoolExecutor, as_completed

    state = _state(app, env)
    if state is None:
        return
    todo = {d: t for d, t in _plan(app, env, docnames).items() if d in docnames}
    if not todo:
        _logger().info("[buildcache] every chapter's stored outputs are current: nothing to execute")
        return
    cache: ChapterCache = state["cache"]
    nb_config = env.mystnb_config
    jobs = min(execution_jobs(app.config.paradiplomacy_execution_jobs), len(todo))
    order = sorted(todo.items(), key=lambda item: -float(cache.records.get(item[0], {}).get("seconds", 1e9)))
    for docname, (reason, _) in order:
        _logger().info(f"[buildcache] {docname}: executing ({reason})")
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for future in as_completed([pool.submit(_execute, item, nb_config) for item in order]):
            try:
                docname, path, executed, read_fmt, used, result, seconds = future.result()
                failure = None if result.err is None else f"{type(result.err).__name__}: {result.err}"
            except Exception as error:  # the kernel did not start, etc.
                docname, failure = None, f"{type(error).__name__}: {error}"
            if failure is not None:
                state["failed"].append(docname)
                _logger().info(f"[buildcache] {docname or 'a chapter'}: execution failed ({failure[:300]}); "
                               "left for myst-nb to execute and report")
                continue
            cache.store(docname, path, executed, read_fmt, used, seconds)
            state["executed"].append(docname)
            _logger().info(f"[buildcache] {docname}: executed in {seconds:.1f} s, used "
                           f"{len(cache.records[docname]['files'])} files of the book; cached")
    _logger().info(f"[buildcache] {len(state['executed'])} of {len(todo)} chapters executed in "
                   f"{time.perf_counter() - started:.1f} s, {jobs} at a time")


def _on_doctree_read(app, doctree) -> None:
    """Remember which stored outputs the page was built from; give the downloadable .ipynb its outputs."""
    import nbformat
    from myst_nb.ext.glue import extract_glue_data_cell

    env = app.env
    state = _state(app, env)
    found = _notebook_of(env, env.docname) if state is not None else None
    if found is None:
        return
    cache: ChapterCache = state["cache"]
    if not hasattr(env, "paradiplomacy_outputs"):
        env.paradiplomacy_outputs = {}
    env.paradiplomacy_outputs[env.docname] = cache.stored_digest(found[1])
    nb_config = env.mystnb_config
    target = Path(nb_config.output_folder).joinpath(*env.docname.split("/")[:-1], env.docname.split("/")[-1] + ".ipynb")
    if not target.is_file():
        return
    written = nbformat.read(target, as_version=4)
    if any(cell.get("outputs") for cell in written.cells if cell.cell_type == "code"):
        return  # myst-nb executed the page itself: the file is complete
    try:
        merged = cache.cache.merge_match_into_notebook(found[1])[1]
    except KeyError:
        return
    for cell in merged.cells:
        if cell.cell_type == "code":
            extract_glue_data_cell(cell)
    target.write_text(nbformat.writes(merged), encoding="utf-8")


def _on_purge(app, env, docname) -> None:
    getattr(env, "paradiplomacy_outputs", {}).pop(docname, None)


def _on_merge(app, env, docnames, other) -> None:
    mine = env.__dict__.setdefault("paradiplomacy_outputs", {})
    mine.update({d: v for d, v in getattr(other, "paradiplomacy_outputs", {}).items() if d in docnames})


def setup(app):
    app.add_config_value("paradiplomacy_execution_jobs", 0, "", [int, str])
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("env-before-read-docs", _on_env_before_read_docs)
    app.connect("doctree-read", _on_doctree_read)
    app.connect("env-purge-doc", _on_purge)
    app.connect("env-merge-info", _on_merge)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
