"""The data layer: the book's data package, validated once per folder and process, read through one object.

>>> from paradiplomacy.data import load_data
>>> data = load_data()            # the book's data/ folder (see paradiplomacy.paths.resolve_data_dir)
>>> data.table1                   # a copy of the validated frame; data["table1"] is the same
>>> data.n                        # respondents of the survey (410)

Every frame is validated against ``data/datapackage.json`` and the domain rules when the folder is first loaded;
later calls return the cached frames (as copies, so a caller cannot change what the next one reads) until a file
of the folder changes.
"""
from __future__ import annotations

import json
from os import PathLike
from pathlib import Path

from paradiplomacy.paths import resolve_data_dir

__all__ = ["Data", "load_data"]


class Data:
    """Validated frames of one data folder, by resource name (``table1``, ``claims``, ``aiddata``, ...)."""

    def __init__(self, folder: Path, frames: dict, descriptor: dict):
        self._folder = folder
        self._frames = dict(frames)
        self._descriptor = descriptor

    def field(self, resource: str, name: str) -> dict:
        """The descriptor's entry for field ``name`` of ``resource`` (``datapackage.json``)."""
        for res in self._descriptor["resources"]:
            if res["name"] == resource:
                for field in res["schema"]["fields"]:
                    if field["name"] == name:
                        return field
                raise KeyError(f"datapackage.json: resource {resource!r} has no field {name!r}")
        raise KeyError(f"datapackage.json: no resource {resource!r}")

    def enum(self, resource: str, name: str) -> tuple[str, ...]:
        """Allowed values of a field, in the descriptor's order (e.g. Table 1's countries in printed order)."""
        return tuple(self.field(resource, name)["constraints"]["enum"])

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
        design = self._frames["survey_design"]
        return int(design.loc[design["parameter"] == "n_respondents", "value"].iloc[0])

    def __getitem__(self, name: str):
        try:
            return self._frames[name].copy()
        except KeyError:
            raise KeyError(f"no resource {name!r} in {self._folder}; known: {', '.join(self._frames)}") from None

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as error:
            raise AttributeError(str(error)) from None

    def __repr__(self) -> str:
        return f"Data({str(self._folder)!r}, {len(self._frames)} resources)"


_CACHE: dict[Path, tuple[tuple, Data]] = {}


def _signature(folder: Path) -> tuple:
    return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir() if p.is_file()))


def load_data(data_dir: str | PathLike[str] | Data | None = None) -> Data:
    """Load and validate a data folder once; return the cached :class:`Data` while its files are unchanged.

    Parameters
    ----------
    data_dir : str, path-like, Data or None
        The folder (default: the ``data/`` folder of the book being built, see
        :func:`paradiplomacy.paths.resolve_data_dir`). A :class:`Data` is returned as it is.

    Raises
    ------
    paradiplomacy.errors.DataValidationError
        Naming the file, row, column, what was expected and what was found.
    """
    if isinstance(data_dir, Data):
        return data_dir
    from paradiplomacy.data.load import load_all

    folder = resolve_data_dir(data_dir)
    signature = _signature(folder)
    cached = _CACHE.get(folder)
    if cached is None or cached[0] != signature:
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        cached = (signature, Data(folder, load_all(folder), descriptor))
        _CACHE[folder] = cached
    return cached[1]
