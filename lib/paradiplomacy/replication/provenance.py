"""Provenance of the data folder, computed from the files and ``datapackage.json``: rows and columns counted in the
files, checksums from the bytes, licences and sources from the descriptor, and the row counts ``README.md`` states
beside them (so a README that falls behind the data shows up in the book).
"""
from __future__ import annotations

import csv
import hashlib
import html
import json
import re
from pathlib import Path

import pandas as pd

from paradiplomacy.errors import DataValidationError, Found
from paradiplomacy.paper.results import Results
from paradiplomacy.paths import display_path

__all__ = ["DESCRIPTOR", "README", "count_records", "readme_row_counts", "file_inventory",
           "undescribed_files", "licence_table", "claims_summary", "results"]

#: File name of the Frictionless descriptor inside the data folder.
DESCRIPTOR = "datapackage.json"
#: File name of the data folder's README.
README = "README.md"
_README_ROW = re.compile(r"^\|\s*`([^`]+\.csv)`\s*\|.*\|\s*([\d,]+)\s*\|\s*$")


def _descriptor(data) -> dict:
    """The data package's ``datapackage.json`` (already validated by the loader)."""
    return json.loads((data.folder / DESCRIPTOR).read_text(encoding="utf-8"))


def count_records(path) -> tuple[int, int]:
    """``(records, columns)`` of a CSV file: records after the header (a quoted multi-line field counts once) and
    fields in the header. DataValidationError for an empty file."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            raise DataValidationError(display_path(path), None, None, "a header row", Found("an empty file"))
        return sum(1 for _ in reader), len(header)


def readme_row_counts(folder) -> dict[str, int]:
    """File name -> rows that ``README.md`` states, from its rows ``| `name.csv` | ... | rows |`` (empty without
    a README)."""
    path = Path(folder) / README
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
        match = _README_ROW.match(line)
        if match:
            counts.setdefault(match.group(1), int(match.group(2).replace(",", "")))
    return counts


def _names(items, key: str = "title") -> str:
    return "; ".join(str(i.get(key) or i.get("title") or i.get("name") or "") for i in items or [])


def file_inventory(data) -> pd.DataFrame:
    """One row per file of ``datapackage.json``: ``resource, file, title, rows, columns`` (counted), ``licence,
    source`` (the resource's or the package's), ``sha256``, ``hash_ok`` (None when no hash is declared),
    ``rows_readme`` and ``readme_agrees`` (<NA> when the README states no count). DataValidationError if a
    resource names a missing file."""
    folder = data.folder
    descriptor = _descriptor(data)
    stated = readme_row_counts(folder)
    rows = []
    for i, resource in enumerate(descriptor["resources"]):
        name = str(resource.get("path") or "")
        path = folder / name
        if not name or not path.is_file():
            raise DataValidationError(display_path(folder / DESCRIPTOR), None, f"resources[{i}].path",
                                      "the name of a file in the data folder", name or Found("an empty path"))
        records, columns = count_records(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        declared = str(resource.get("hash") or "")
        rows.append({"resource": resource.get("name", ""), "file": name, "title": resource.get("title", ""), "rows": records, "columns": columns,
                     "licence": _names(resource.get("licenses") or descriptor.get("licenses"), "name"),
                     "source": _names(resource.get("sources") or descriptor.get("sources")), "sha256": digest,
                     "hash_ok": (declared.removeprefix("sha256:") == digest) if declared else None,
                     "rows_readme": stated.get(name)})
    frame = pd.DataFrame(rows)
    frame["rows_readme"] = frame["rows_readme"].astype("Int64")
    frame["readme_agrees"] = (frame["rows_readme"] == frame["rows"]).astype("boolean")
    return frame


def undescribed_files(data) -> list[str]:
    """Files of the data folder that ``datapackage.json`` does not describe (besides itself, the README and
    hidden files), sorted."""
    described = {str(r.get("path")) for r in _descriptor(data)["resources"]}
    present = {p.name for p in data.folder.iterdir() if p.is_file() and not p.name.startswith(".")}
    return sorted(present - described - {DESCRIPTOR, README})


def licence_table(data) -> pd.DataFrame:
    """``licence, title, url, files`` (comma-joined): one row per licence of the descriptor, in order of first use."""
    descriptor = _descriptor(data)
    seen: dict[str, dict] = {}
    for resource in descriptor["resources"]:
        for lic in resource.get("licenses") or descriptor.get("licenses") or []:
            entry = seen.setdefault(str(lic.get("name", "")), {"licence": str(lic.get("name", "")),
                                    "title": lic.get("title", ""), "url": lic.get("path", ""), "files": []})
            entry["files"].append(str(resource.get("path")))
    return pd.DataFrame([{**e, "files": ", ".join(e["files"])} for e in seen.values()],
                        columns=["licence", "title", "url", "files"])


def claims_summary(data) -> pd.DataFrame:
    """The claims registry counted by chapter (book order) and expected status, with ``transcribed``, ``derived``
    and ``total`` columns and a final ``total`` row (ints)."""
    claims = data.claims
    table = pd.crosstab(claims["chapter"], claims["expected_status"]).reindex(
        index=list(data.enum("claims", "chapter")), columns=list(data.enum("claims", "expected_status")), fill_value=0)
    for kind in data.enum("claims", "kind"):
        table[kind] = claims[claims["kind"] == kind].groupby("chapter").size().reindex(table.index).fillna(0)
    table["total"] = claims.groupby("chapter").size().reindex(table.index).fillna(0)
    table.loc["total"] = table.sum()
    table = table.astype("int64").rename_axis(index="chapter", columns=None).reset_index()
    return table


def results(data) -> Results:
    """Everything the data appendix shows.

    Values: ``x_n_files, x_n_rows``, ``x_n_tables`` (tables other than AidData's, the claims registry and the
    audit's findings), ``x_aiddata_rows``, ``x_hash_mismatches`` (files whose bytes differ from
    their declared checksum; "none"), ``x_readme_disagrees`` (files whose README row count differs; "none"),
    ``x_undescribed`` ("none" or the names), ``x_n_claims, x_n_transcribed, x_n_derived, x_n_rounding,
    x_n_discrepancy, x_n_not_computable``. Tables (for display, five columns at most so that they read on a phone):
    ``inventory`` (a Styler: each file with what it holds, rows, README agreement; licences are in ``licences``), ``licences`` (a Styler: each
    licence's name links to its text), ``claims`` (the registry by chapter, "Chapter 1" ... "All chapters"),
    ``checksums`` (a Styler: each checksum may wrap between groups of eight characters).
    """
    inventory = file_inventory(data)
    summary = claims_summary(data).set_index("chapter")
    own = inventory[~inventory["resource"].isin(["aiddata", "claims", "findings"])]

    def names(files) -> str:
        return ", ".join(files) or "none"

    values = {"x_n_files": len(inventory), "x_n_rows": int(inventory["rows"].sum()), "x_n_tables": len(own),
              "x_aiddata_rows": int(inventory.set_index("resource").loc["aiddata", "rows"]),
              "x_hash_mismatches": names(inventory.loc[inventory["hash_ok"] == False, "file"]),  # noqa: E712
              "x_readme_disagrees": names(inventory.loc[inventory["readme_agrees"] == False, "file"]),  # noqa: E712
              "x_undescribed": names(undescribed_files(data)),
              **{f"x_n_{k}": int(summary.loc["total", k]) for k in ("transcribed", "derived", "rounding",
                                                                    "discrepancy", "not_computable")},
              "x_n_claims": int(summary.loc["total", "total"])}
    claims = summary.reset_index()
    chapters = ["All chapters" if c == "total" else f"Chapter {int(c[:2])}" if c[:2].isdigit() else c
                for c in claims["chapter"]]
    licences = licence_table(data)
    linked = [f'<a href="{html.escape(u)}">{html.escape(t or n)}</a>' if u else html.escape(t or n)
              for n, t, u in zip(licences["licence"], licences["title"], licences["url"])]
    sums = inventory[["file", "sha256"]].rename(columns={"file": "File", "sha256": "SHA-256"})
    tables = {
        # the file name above what it holds, so that the table keeps three columns on a phone
        "inventory": pd.DataFrame({
            "File and what it holds": [f"<code>{html.escape(f)}</code><br>{html.escape(str(t))}"
                                       for f, t in zip(inventory["file"], inventory["title"])],
            "Rows": inventory["rows"],
            "README agrees": ["—" if pd.isna(a) else "yes" if a else "no" for a in inventory["readme_agrees"]],
        }).style.hide(axis="index"),
        "licences": pd.DataFrame({"Licence": licences["licence"], "Name (with the licence text)": linked,
                                  "Files": licences["files"]}).style.hide(axis="index"),
        "claims": pd.DataFrame({"Chapter": chapters, "Transcribed": claims["transcribed"],
                                "Derived": claims["derived"],
                                "Expected not to reproduce": claims["total"] - claims["reproduced"],
                                "All": claims["total"]}),
        # <wbr> lets a checksum wrap on a narrow screen; copying it still gives the 64 characters in one piece
        "checksums": sums.style.hide(axis="index").format(
            {"SHA-256": lambda h: "<wbr>".join(h[i:i + 8] for i in range(0, len(h), 8))})}
    return Results("Data appendix", values, tables)
