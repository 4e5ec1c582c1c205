"""The data layer: the book's data package, validated once per folder and process, read through one object.

>>> from paradiplomacy.data import load_data
>>> data = load_data()            # the book's data/ folder (see paradiplomacy.paths.resolve_data_dir)
>>> data.table1                   # a copy of the validated frame; data["table1"] is the same
>>> data.enum("table1", "country")  # allowed values, from data/datapackage.json

``data/datapackage.json`` is the only schema: every resource it lists is read (:mod:`.package`) and checked
against it, then against the domain rules (:mod:`.rules`). Later calls return the cached :class:`Data` until
the bytes of a file of the folder change.
"""
from __future__ import annotations

import copy
import hashlib
import json
from os import PathLike
from pathlib import Path

import pandas as pd

from paradiplomacy.data import rules
from paradiplomacy.data.package import DESCRIPTOR, Table, check_foreign_keys, enum, read_descriptor, read_table
from paradiplomacy.errors import DataValidationError, Found
from paradiplomacy.paths import resolve_data_dir

__all__ = ["Data", "load_data", "check_package", "used_files", "DESCRIPTOR"]


class Data:
    """Validated frames of one data folder, by resource name (``table1``, ``claims``, ``aiddata``, ...).

    Every frame a caller takes is noted (:func:`used_files`), so the book's build cache re-runs a chapter only when
    a file it used changes, although the whole package is validated when it is loaded. A caller that needs only some
    rows of a file (a chapter's own claims of the registry) takes them with :meth:`rows`, :meth:`claims_of` or
    :meth:`claims_by_id`, and one that needs only some columns with :meth:`columns`: only those rows or columns are
    noted, so a change elsewhere in that file re-runs nothing.
    """

    def __init__(self, folder: Path, frames: dict, descriptor: dict):
        self._folder = folder
        self._frames = dict(frames)
        self._descriptor = descriptor
        self._paths = {r["name"]: folder / r["path"] for r in descriptor["resources"]}

    def field(self, resource: str, name: str) -> dict:
        """A copy of the descriptor's entry for field ``name`` of ``resource``."""
        res = next((r for r in self._descriptor["resources"] if r["name"] == resource), None)
        if res is None:
            raise KeyError(f"{DESCRIPTOR}: no resource {resource!r}")
        for field in res["schema"]["fields"]:
            if field["name"] == name:
                return copy.deepcopy(field)
        raise KeyError(f"{DESCRIPTOR}: resource {resource!r} has no field {name!r}")

    def enum(self, resource: str, name: str) -> tuple:
        """Allowed values of a field, in the descriptor's order (e.g. Table 1's countries in printed order)."""
        return enum(self._descriptor, resource, name)

    @property
    def folder(self) -> Path:
        """The data folder these frames were read from."""
        return self._folder

    @property
    def names(self) -> tuple[str, ...]:
        """Resource names, in package order."""
        return tuple(self._frames)

    @property
    def n(self) -> int:
        """Number of survey respondents (``n_respondents`` of ``survey_design.csv``)."""
        return rules.n_respondents(self["survey_design"])

    def _known(self, resource: str) -> pd.DataFrame:
        """The frame of ``resource`` (not noted as used); KeyError naming the folder and the known resources."""
        try:
            return self._frames[resource]
        except KeyError:
            raise KeyError(f"no resource {resource!r} in {self._folder}; known: {', '.join(self._frames)}") from None

    def __getitem__(self, name: str):
        frame = self._known(name)
        _USED.add(self._paths[name])
        return frame.copy()

    def rows(self, resource: str, column: str, values) -> pd.DataFrame:
        """The rows of ``resource`` whose ``column`` holds one of ``values`` (strings), in file order, indexed 0..n-1.

        Only these rows are noted for the build cache (with the column and values that chose them), not the whole
        file: the chapter depends on exactly the rows it got. ``column`` must be a string field of the descriptor
        (selection compares the text of the cells). Raises ``KeyError`` for an unknown resource or column and
        ``ValueError`` for a column that is not a string field or a value that is not a string.
        """
        frame = self._known(resource)
        field = self.field(resource, column)  # KeyError naming the resource and the column
        if field.get("type", "string") != "string":
            raise ValueError(f"{self._paths[resource].name}: column {column!r} is a {field.get('type')} field; "
                             "rows can be chosen by a string column only")
        chosen = [values] if isinstance(values, str) else list(values)
        bad = [v for v in chosen if not isinstance(v, str)]
        if bad:
            raise ValueError(f"{self._paths[resource].name}: values for column {column!r} must be strings, "
                             f"got {bad[0]!r}")
        _ROWS.setdefault(self._paths[resource], {}).setdefault(column, set()).update(chosen)
        return frame[frame[column].isin(chosen)].reset_index(drop=True)

    def columns(self, resource: str, names) -> pd.DataFrame:
        """Every row of ``resource`` but only the ``names`` columns, in file order.

        Only these columns are noted for the build cache: a chapter that counts the registry's claims by kind and
        status depends on those two columns, not on the printed values in the others. Raises ``KeyError`` naming
        the resource and the first unknown column.
        """
        frame = self._known(resource)
        chosen = [names] if isinstance(names, str) else list(names)
        for name in chosen:
            self.field(resource, name)  # KeyError naming the resource and the column
        _COLUMNS.setdefault(self._paths[resource], set()).update(chosen)
        return frame[chosen].copy()

    def claims_of(self, chapter: str) -> pd.DataFrame:
        """The rows of the claims registry (``claims.csv``) assigned to ``chapter`` (only these rows are noted)."""
        return self.rows("claims", "chapter", [chapter])

    def claims_by_id(self, claim_ids) -> pd.DataFrame:
        """The rows of the claims registry with these ``claim_id``s, in file order (only these rows are noted).

        Raises ``KeyError`` naming the file and every id it does not hold.
        """
        ids = [claim_ids] if isinstance(claim_ids, str) else list(claim_ids)
        found = self.rows("claims", "claim_id", ids)
        missing = sorted(set(ids) - set(found["claim_id"]))
        if missing:
            raise KeyError(f"{self._paths['claims'].name}: no claim_id {', '.join(map(repr, missing))}")
        return found

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as error:
            raise AttributeError(str(error)) from None

    def __repr__(self) -> str:
        return f"Data({str(self._folder)!r}, {len(self._frames)} resources)"


#: Files of resources whose frames were taken in this process (plus the descriptors), see :func:`used_files`.
_USED: set[Path] = set()
#: Rows taken with :meth:`Data.rows`: file -> column -> the values that chose them.
_ROWS: dict[Path, dict[str, set[str]]] = {}
#: Columns taken with :meth:`Data.columns`: file -> column names.
_COLUMNS: dict[Path, set[str]] = {}


def used_files() -> dict:
    """The data folders loaded in this process, the files of theirs whose content a caller took, and the rows taken.

    The build cache (``_ext/buildcache.py``) asks this at the end of a chapter's run: a chapter depends on these
    files (and its folder's ``datapackage.json``), not on every file that validation opened. ``rows`` maps a file
    of which only some rows were taken (:meth:`Data.rows`) to ``{column: [values]}``: the chapter depends on the
    rows whose column holds one of the values. ``columns`` maps a file of which only some columns were taken
    (:meth:`Data.columns`) to their names: the chapter depends on every row of those columns. A file also in
    ``files`` was taken whole, which wins.
    """
    whole = {str(p) for p in _USED} | {str(f / DESCRIPTOR) for f in _CACHE}
    return {"folders": sorted(str(f) for f in _CACHE), "files": sorted(whole),
            "rows": {str(p): {c: sorted(v) for c, v in sorted(cols.items())}
                     for p, cols in sorted(_ROWS.items()) if str(p) not in whole},
            "columns": {str(p): sorted(names) for p, names in sorted(_COLUMNS.items()) if str(p) not in whole}}


def check_package(folder: Path) -> tuple[dict, dict[str, Table], dict[str, DataValidationError]]:
    """Read and check every resource of ``folder``; return ``(descriptor, tables, failures)``.

    A descriptor error is raised. A resource whose file breaks its schema or rules is in ``failures``; one that
    depends on a failed resource (foreign key, :data:`rules.NEEDS`) fails with an error whose ``blocked_by``
    names that resource.
    """
    descriptor, fields = read_descriptor(folder)
    tables: dict[str, Table] = {}
    failures: dict[str, DataValidationError] = {}
    for res in descriptor["resources"]:
        try:
            tables[res["name"]] = read_table(folder, res, fields[res["name"]])
        except DataValidationError as error:
            failures[res["name"]] = error
    pending, done = list(tables), set()
    while pending:
        ready = [n for n in pending if not (rules.needs(tables[n]) - done - failures.keys())] or pending[:1]
        for name in ready:
            pending.remove(name)
            table = tables[name]
            blocked = next((n for n in rules.needs(table) if n in failures), None)
            absent = sorted(rules.needs(table) - tables.keys() - failures.keys())
            if absent:
                failures[name] = table.error(None, None, f"resource {absent[0]!r} in {DESCRIPTOR} (this file is "
                                                         "checked against it)", Found("none"))
                continue
            if blocked is not None:
                other = failures[blocked].file
                failures[name] = DataValidationError(table.file, None, None, f"a valid {other} to check it against",
                                                     Found(f"{other} is invalid"))
                failures[name].blocked_by = other
                continue
            try:
                check_foreign_keys(table, tables)
                rules.check(table, tables, descriptor)
                rules.check_links(table, tables, descriptor)
                done.add(name)
            except DataValidationError as error:
                failures[name] = error
    return descriptor, tables, failures


_CACHE: dict[Path, tuple[str, Data]] = {}


def _signature(folder: Path) -> str | None:
    """A digest of what :func:`check_package` reads in ``folder`` (the descriptor, the files it lists, the names of
    the folder's CSV files); ``None`` when the descriptor cannot be read (then nothing is cached). Only these files
    are read: a wrong ``data_dir`` such as ``/`` is not hashed whole."""
    try:
        text = (folder / DESCRIPTOR).read_bytes()
        paths = {r["path"] for r in json.loads(text)["resources"] if isinstance(r["path"], str)}
    except (OSError, ValueError, TypeError, KeyError):
        return None
    digest = hashlib.sha256(text)
    try:
        for name in sorted(paths | {p.name for p in folder.glob("*.csv")}):
            path = folder / name
            digest.update(b"\0" + name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"\0missing"))
    except OSError:
        return None
    return digest.hexdigest()


def load_data(data_dir: str | PathLike[str] | Data | None = None) -> Data:
    """Load and validate a data folder once; return the cached :class:`Data` while its files are unchanged.

    ``data_dir``: the folder (default: the ``data/`` folder of the book being built,
    :func:`paradiplomacy.paths.resolve_data_dir`); a :class:`Data` is returned as it is.

    Raises :class:`~paradiplomacy.errors.DataValidationError` naming the file, row, column, what was expected and
    what was found (the first file that fails on its own; a broken ``datapackage.json`` is named as such).
    """
    if isinstance(data_dir, Data):
        return data_dir
    folder = resolve_data_dir(data_dir)
    signature = _signature(folder)
    cached = _CACHE.get(folder)
    if cached is None or signature is None or cached[0] != signature:
        descriptor, tables, failures = check_package(folder)
        root = [e for e in failures.values() if not hasattr(e, "blocked_by")]
        if failures:
            raise (root or list(failures.values()))[0]
        frames = {name: table.frame for name, table in tables.items()}
        cached = (signature, Data(folder, frames, descriptor))
        _CACHE[folder] = cached
    return cached[1]
