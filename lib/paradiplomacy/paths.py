"""Where the book's files are: the checkout being built, and its ``data/`` folder.

Data paths resolve from the book checkout a chapter runs in (the nearest folder, from the working directory
upwards, holding ``_config.yml`` and ``data/datapackage.json``), never from wherever the package happens to be
installed: a copy of the book built with another copy's ``.venv`` still reads its own data. Outside any
checkout, the checkout that holds this package is used.
"""
from __future__ import annotations

from os import PathLike
from pathlib import Path

__all__ = ["PACKAGE_DIR", "PACKAGE_ROOT", "book_root", "data_dir", "resolve_data_dir", "display_path"]

#: Directory of the package, ``lib/paradiplomacy``.
PACKAGE_DIR = Path(__file__).resolve().parent
#: The checkout that holds this package (``lib/paradiplomacy/paths.py`` -> two levels up from ``lib``).
PACKAGE_ROOT = PACKAGE_DIR.parents[1]


def _is_book(folder: Path) -> bool:
    return (folder / "_config.yml").is_file() and (folder / "data" / "datapackage.json").is_file()


def book_root(start: str | PathLike[str] | None = None) -> Path:
    """The book checkout that contains ``start`` (default: the working directory), else :data:`PACKAGE_ROOT`."""
    here = Path.cwd() if start is None else Path(start)
    here = here.expanduser().resolve()
    for folder in (here, *here.parents):
        if _is_book(folder):
            return folder
    return PACKAGE_ROOT


def data_dir() -> Path:
    """The ``data/`` folder of :func:`book_root`."""
    return book_root() / "data"


def resolve_data_dir(data_dir: str | PathLike[str] | None = None) -> Path:
    """Return the data directory to read from.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Directory holding the CSV files. ``None`` means the ``data/`` folder of the book checkout that holds the
        working directory (:func:`book_root`).

    Raises
    ------
    paradiplomacy.errors.ParameterError
        If ``data_dir`` is not a non-empty path (the message names the parameter ``data_dir``).
    FileNotFoundError, NotADirectoryError
        If it does not exist or is not a directory (the message names ``data_dir`` and the path).
    """
    from paradiplomacy.errors import ParameterError

    if data_dir is None:
        return globals()["data_dir"]()
    if isinstance(data_dir, bool) or not isinstance(data_dir, (str, PathLike)) or str(data_dir).strip() == "":
        raise ParameterError("data_dir", f"expected the path of a folder of data files, found {data_dir!r}")
    path = Path(data_dir).expanduser().resolve()
    if not path.exists():
        raise FileNotFoundError(f"data_dir: directory {str(path)!r} does not exist")
    if not path.is_dir():
        raise NotADirectoryError(f"data_dir: {str(path)!r} is not a directory")
    return path


def display_path(path: str | PathLike[str]) -> str:
    """``path`` for messages: relative to the book checkout when inside it, else absolute."""
    p = Path(path).resolve()
    for root in (book_root(), PACKAGE_ROOT):
        try:
            return p.relative_to(root).as_posix()
        except ValueError:
            continue
    return p.as_posix()
