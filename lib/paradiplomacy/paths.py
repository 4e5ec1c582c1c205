"""Filesystem locations of the package, the repository and its ``data/`` directory."""
from __future__ import annotations

from os import PathLike
from pathlib import Path

__all__ = ["PACKAGE_DIR", "REPO_ROOT", "DATA_DIR", "resolve_data_dir", "display_path"]

#: Directory of the installed (editable) package, ``lib/paradiplomacy``.
PACKAGE_DIR = Path(__file__).resolve().parent
#: Repository root (``lib/paradiplomacy/paths.py`` -> two levels up from ``lib``).
REPO_ROOT = Path(__file__).resolve().parents[2]
#: The repository's data directory.
DATA_DIR = REPO_ROOT / "data"


def resolve_data_dir(data_dir: str | PathLike[str] | None = None) -> Path:
    """Return the data directory to read from.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Directory holding the CSV files. ``None`` means :data:`DATA_DIR` (``<repo>/data``).

    Returns
    -------
    pathlib.Path
        The resolved, existing directory.

    Raises
    ------
    FileNotFoundError
        If the directory does not exist; the message names the parameter ``data_dir`` and the path.
    NotADirectoryError
        If ``data_dir`` exists but is not a directory.
    """
    path = DATA_DIR if data_dir is None else Path(data_dir)
    path = path.expanduser().resolve()
    if not path.exists():
        raise FileNotFoundError(f"data_dir: directory {str(path)!r} does not exist")
    if not path.is_dir():
        raise NotADirectoryError(f"data_dir: {str(path)!r} is not a directory")
    return path


def display_path(path: str | PathLike[str]) -> str:
    """Return ``path`` for messages: relative to the repository root when inside it, else absolute.

    Parameters
    ----------
    path : str or path-like
        A file path.

    Returns
    -------
    str
        E.g. ``"data/table1_friendliness.csv"`` for a file of the repository's data directory.
    """
    p = Path(path).resolve()
    try:
        return p.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return p.as_posix()
