"""Provenance of the data folder: what each file holds, how big it is, where it comes from, under which licence.

Everything is computed from the files themselves and from the Frictionless descriptor
``data/datapackage.json``: row and column counts are counted in the CSV files (never copied from
documentation), checksums are computed from the bytes, and licences and sources are read from the
descriptor. :func:`file_inventory` also compares the row counts with the ones that ``data/README.md``
states, so a README that falls behind the data shows up in the book.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from os import PathLike
from pathlib import Path

from paradiplomacy.errors import DataValidationError, Found

__all__ = ["DESCRIPTOR", "README", "read_descriptor", "count_records", "readme_row_counts", "file_inventory",
           "undescribed_files", "licence_table", "claims_summary"]

#: File name of the Frictionless descriptor inside the data folder.
DESCRIPTOR = "datapackage.json"
#: File name of the data folder's README.
README = "README.md"

_README_ROW = re.compile(r"^\|\s*`([^`]+\.csv)`\s*\|.*\|\s*([\d,]+)\s*\|\s*$")


def _dir(data_dir) -> Path:
    from paradiplomacy.paths import resolve_data_dir

    return resolve_data_dir(data_dir)


def read_descriptor(data_dir: str | PathLike[str] | None = None) -> dict:
    """Read ``datapackage.json``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data folder (default: the book's ``data/``).

    Returns
    -------
    dict
        The parsed descriptor.

    Raises
    ------
    DataValidationError
        If the descriptor is missing, is not valid JSON, or has no ``resources`` list.
    """
    from paradiplomacy.paths import display_path

    path = _dir(data_dir) / DESCRIPTOR
    shown = display_path(path)
    if not path.is_file():
        raise DataValidationError(shown, None, None, "a Frictionless data-package descriptor", Found("no such file"))
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataValidationError(shown, exc.lineno, None, "valid JSON", Found(exc.msg)) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise DataValidationError(shown, None, "resources", "a list of resources", Found("none"))
    return descriptor


def count_records(path: str | PathLike[str]) -> tuple[int, int]:
    """Count the data records and columns of a CSV file.

    Parameters
    ----------
    path : str or path-like
        A CSV file with one header row.

    Returns
    -------
    tuple of int
        ``(records, columns)``: records after the header (a quoted field spanning lines counts once), and
        fields in the header.

    Raises
    ------
    DataValidationError
        If the file is empty (no header).
    """
    from paradiplomacy.paths import display_path

    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            raise DataValidationError(display_path(path), None, None, "a header row", Found("an empty file"))
        return sum(1 for _ in reader), len(header)


def readme_row_counts(data_dir: str | PathLike[str] | None = None) -> dict[str, int]:
    """Row counts that ``data/README.md`` states in its dataset list.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data folder.

    Returns
    -------
    dict
        File name -> stated number of rows, for every table row of the form
        ``| `name.csv` | ... | rows |``. Empty when the README is missing.
    """
    path = _dir(data_dir) / README
    if not path.is_file():
        return {}
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _README_ROW.match(line)
        if match:
            counts.setdefault(match.group(1), int(match.group(2).replace(",", "")))
    return counts


def _names(items, field: str = "title") -> str:
    return "; ".join(str(i.get(field) or i.get("title") or i.get("name") or "") for i in items or [])


def file_inventory(data_dir: str | PathLike[str] | None = None):
    """One row per data file described in ``datapackage.json``, with sizes counted from the files.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data folder (default: the book's ``data/``).

    Returns
    -------
    pandas.DataFrame
        In descriptor order, columns

        * ``file`` - path inside the data folder;
        * ``title`` - the resource's title;
        * ``rows`` and ``columns`` - counted in the file (header excluded from ``rows``);
        * ``licence`` - short licence name(s) such as ``CC-BY-4.0``, from the resource (or the package when the
          resource has none);
        * ``source`` - source title(s) from the resource (or the package);
        * ``sha256`` - the file's checksum;
        * ``hash_ok`` - whether it equals the ``hash`` the descriptor declares (``None`` when none is declared);
        * ``rows_readme`` - the row count ``data/README.md`` states (``<NA>`` when it states none);
        * ``readme_agrees`` - ``rows == rows_readme`` (``<NA>`` when the README states no count).

    Raises
    ------
    DataValidationError
        If the descriptor is unreadable, or a resource names a file that does not exist.
    """
    import pandas as pd

    from paradiplomacy.paths import display_path

    folder = _dir(data_dir)
    descriptor = read_descriptor(folder)
    stated = readme_row_counts(folder)
    rows = []
    for i, resource in enumerate(descriptor["resources"]):
        name = resource.get("path")
        path = folder / str(name)
        if not name or not path.is_file():
            raise DataValidationError(display_path(folder / DESCRIPTOR), None, f"resources[{i}].path",
                                      "the name of a file in the data folder", name or Found("an empty path"))
        records, columns = count_records(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        declared = str(resource.get("hash") or "")
        rows.append({
            "file": str(name), "title": resource.get("title", ""), "rows": records, "columns": columns,
            "licence": _names(resource.get("licenses") or descriptor.get("licenses"), "name"),
            "source": _names(resource.get("sources") or descriptor.get("sources")),
            "sha256": digest,
            "hash_ok": (declared.removeprefix("sha256:") == digest) if declared else None,
            "rows_readme": stated.get(str(name)),
        })
    frame = pd.DataFrame(rows)
    frame["rows_readme"] = frame["rows_readme"].astype("Int64")
    frame["readme_agrees"] = (frame["rows_readme"] == frame["rows"]).astype("boolean")
    return frame


def undescribed_files(data_dir: str | PathLike[str] | None = None) -> list[str]:
    """Files in the data folder that ``datapackage.json`` does not describe.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data folder.

    Returns
    -------
    list of str
        Sorted file names, leaving out the descriptor itself and ``README.md`` (documentation) and hidden files.
    """
    folder = _dir(data_dir)
    described = {str(r.get("path")) for r in read_descriptor(folder)["resources"]}
    present = {p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}
    return sorted(present - described - {DESCRIPTOR, README})


def licence_table(data_dir: str | PathLike[str] | None = None):
    """Licences of the data files, one row per licence, from ``datapackage.json``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data folder.

    Returns
    -------
    pandas.DataFrame
        Columns ``licence`` (short name), ``title``, ``url`` and ``files`` (the data files under it, joined by
        ", "), ordered by the first file that uses each licence.
    """
    import pandas as pd

    descriptor = read_descriptor(data_dir)
    seen: dict[str, dict] = {}
    for resource in descriptor["resources"]:
        for lic in resource.get("licenses") or descriptor.get("licenses") or []:
            name = str(lic.get("name", ""))
            entry = seen.setdefault(name, {"licence": name, "title": lic.get("title", ""),
                                           "url": lic.get("path", ""), "files": []})
            entry["files"].append(str(resource.get("path")))
    return pd.DataFrame([{**e, "files": ", ".join(e["files"])} for e in seen.values()],
                        columns=["licence", "title", "url", "files"])


def claims_summary(data_dir: str | PathLike[str] | None = None):
    """The claims registry counted by chapter and expected status.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data folder.

    Returns
    -------
    pandas.DataFrame
        One row per chapter (in book order) plus a final ``total`` row; one column per expected status
        (``reproduced``, ``rounding``, ``discrepancy``, ``not_computable``), then ``derived`` (claims the
        article computed from other printed numbers) and ``total``. Counts are ints.
    """
    import pandas as pd

    from paradiplomacy.data.load import CHAPTERS, CLAIM_STATUSES, load_claims

    claims = load_claims(data_dir)
    table = pd.crosstab(claims["chapter"], claims["expected_status"])
    table = table.reindex(index=list(CHAPTERS), columns=list(CLAIM_STATUSES), fill_value=0)
    table["derived"] = claims[claims["kind"] == "derived"].groupby("chapter").size().reindex(table.index).fillna(0)
    table["total"] = claims.groupby("chapter").size().reindex(table.index).fillna(0)
    table.loc["total"] = table.sum()
    table = table.astype("int64").reset_index().rename(columns={"index": "chapter"})
    table.columns.name = None
    return table
