"""frictionless, the reference implementation of Data Package and Table Schema, as an independent check of the loader.

The loader reads ``data/datapackage.json`` with its own reader of the part of Table Schema the descriptor uses
(``paradiplomacy.data.package``); frictionless is a test dependency only. Here frictionless validates the real
package and every resource, reads every cell, and judges a handful of broken copies: both must accept the real
package, read the same values, and reject each broken copy at the same file, row and field.
"""
from __future__ import annotations

import datetime
import json
import shutil
import stat
from decimal import Decimal
from pathlib import Path

import pytest
from frictionless import FrictionlessException, Package
from reference import read_rows, write_rows

from paradiplomacy.data import check_package, load_data
from paradiplomacy.data.package import CONSTRAINTS, TYPES
from paradiplomacy.errors import DataValidationError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}


def frictionless_errors(folder: Path) -> list[dict]:
    """frictionless's findings on ``folder/datapackage.json`` and every resource (empty when valid); a descriptor it
    cannot load is one finding without row or field."""
    try:
        report = Package(str(folder / "datapackage.json")).validate()
    except FrictionlessException as exc:
        return [{"type": exc.error.type, "message": exc.error.message}]
    found = [{"type": e.type, "message": e.message} for e in report.errors]
    for task in report.tasks:
        found += [{"type": e.type, "message": e.message, "resource": task.name,
                   "row": getattr(e, "row_number", None),
                   "field": getattr(e, "field_name", None) or ", ".join(getattr(e, "field_names", []))}
                  for e in task.errors]
    return found


def copy_of_data(tmp: Path) -> Path:
    dst = tmp / "data"
    shutil.copytree(DATA, dst)
    for path in dst.iterdir():  # the AidData extract is read-only in the repository
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return dst


def line_of(name: str, **equal) -> int:
    """File line (header = 1) of the first row of ``name`` whose columns equal ``equal`` (read with csv here)."""
    rows = read_rows(DATA / RESOURCES[name]["path"])
    return next(i + 1 for i, r in enumerate(rows) if i and all(r[rows[0].index(k)] == v for k, v in equal.items()))


# ------------------------------------------------------------------------------------------------ the real package
def test_frictionless_accepts_the_package_and_every_resource():
    assert frictionless_errors(DATA) == []
    load_data(DATA)  # and so does the loader


def test_the_descriptor_uses_only_what_the_reader_implements():
    """Every field type and constraint of the descriptor is one the reader implements (else it would refuse it),
    and the descriptor uses every one of them somewhere (else the reader would carry untested code)."""
    used_types = {f["type"] for r in DESCRIPTOR["resources"] for f in r["schema"]["fields"]}
    used = {(f["type"], c) for r in DESCRIPTOR["resources"] for f in r["schema"]["fields"]
            for c in f.get("constraints", {})}
    assert used_types == set(TYPES)
    implemented = {(t, c) for t, names in CONSTRAINTS.items() for c in names}
    assert used <= implemented
    assert {c for _, c in used} == {c for _, c in implemented}


def _plain(value):
    """frictionless's cell value in the loader's terms (numbers as float, the empty cell as None)."""
    return float(value) if isinstance(value, Decimal) else value


def test_every_cell_reads_as_frictionless_reads_it():
    _, tables, failures = check_package(DATA)
    assert failures == {}
    package = Package(str(DATA / "datapackage.json"))
    compared = 0
    for resource in package.resources:
        table = tables[resource.name]
        rows = resource.read_rows()
        assert [r.row_number for r in rows] == table.lines, resource.name
        for field in resource.schema.fields:
            theirs = [_plain(r[field.name]) for r in rows]
            ours = table.values[field.name]
            assert ours == theirs, (resource.name, field.name)
            assert [type(v) for v in ours] == [type(v) for v in theirs], (resource.name, field.name)
            compared += len(ours)
    # independent of both readers: one cell of each non-string type, read here from the files with csv
    def raw(name: str, column: str) -> str:
        rows = read_rows(DATA / RESOURCES[name]["path"])
        return rows[1][rows[0].index(column)]
    assert tables["table1"].values["value"][0] == float(raw("table1", "value"))
    assert tables["table1"].values["response"][0] == int(raw("table1", "response"))
    assert tables["interviews"].values["date"][0] == datetime.date.fromisoformat(raw("interviews", "date"))
    assert tables["bri_membership"].values["bri_member"][0] is (raw("bri_membership", "bri_member") == "yes")
    assert tables["aiddata"].values["year"][0] == int(raw("aiddata", "year"))
    assert compared > 5000


# ------------------------------------------------------------------------------------------------ broken copies
def _descriptor(change):
    def mutate(folder: Path) -> None:
        path = folder / "datapackage.json"
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        change({r["name"]: r for r in descriptor["resources"]})
        path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return mutate


def _field(resources: dict, name: str, column: str) -> dict:
    return next(f for f in resources[name]["schema"]["fields"] if f["name"] == column)


#: One broken cell in each of several resources: (resource, file line, column, new text, frictionless error type,
#: what the loader's message must say it expected).
CELLS = [
    ("table1", line_of("table1", country="Japan", response="3"), "value", "abc", "type-error", "expected a number"),
    ("case_perceptions", 3, "value", "100.5", "constraint-error", "expected a value <= 100"),
    ("table1_summary", 2, "country", "Atlantis", "constraint-error", "expected one of 'Uzbekistan'"),
    ("external_surveys", 2, "location", "Table 9", "constraint-error", "expected text matching the pattern"),
    ("interviews", 3, "date", "2014-02-30", "type-error", "expected an ISO date"),
    ("bri_membership", 4, "aiib_member", "maybe", "type-error", "expected 'yes' or 'no'"),
    ("dyads", 2, "partner_a", "", "constraint-error", "expected a value (the field is required)"),
    ("policy_timeline", 2, "year", "1900", "constraint-error", "expected a value >= 1949"),
    ("tie_counts", 2, "claim_id", "no_such_claim", "foreign-key", "expected a claim_id listed in"),
]


def test_broken_cells_are_rejected_by_both_at_the_same_row_and_field(tmp_path):
    folder = copy_of_data(tmp_path)
    for name, line, column, text, *_ in CELLS:
        path = folder / RESOURCES[name]["path"]
        rows = read_rows(path)
        assert rows[line - 1][rows[0].index(column)] != text
        rows[line - 1][rows[0].index(column)] = text
        write_rows(path, rows)
    path = folder / RESOURCES["text_fact_units"]["path"]  # and a duplicate primary key: the first row again
    rows = read_rows(path)
    write_rows(path, rows + [rows[1]])
    expected = {name: (line, column, kind) for name, line, column, _, kind, _ in CELLS}
    expected["text_fact_units"] = (len(rows) + 1, "unit", "primary-key")
    words = {name: said for name, *_, said in CELLS} | {"text_fact_units": "expected a unique key (topic, unit)"}

    theirs = {}
    for error in frictionless_errors(folder):
        assert error.get("resource") in expected and error["resource"] not in theirs, error
        theirs[error["resource"]] = (error["row"], error["field"] or None, error["type"])
    # frictionless names no field for a duplicate key (the loader names the key's last field)
    assert theirs == {n: (r, None if k == "primary-key" else c, k) for n, (r, c, k) in expected.items()}

    _, _, failures = check_package(folder)
    ours = {}
    for name, error in failures.items():
        if getattr(error, "blocked_by", None):  # a resource checked against a broken one (text_facts)
            continue
        assert Path(error.file).name == RESOURCES[name]["path"] and words[name] in str(error), str(error)
        row = error.row if isinstance(error.row, int) else error.row[-1]  # a duplicate: the later row
        ours[name] = (row, error.column, expected[name][2])
    assert ours == expected


BROKEN_DESCRIPTORS = {
    "a field type that does not exist": lambda r: _field(r, "table1", "response").update(type="int"),
    "a primary key naming no field": lambda r: r["table1"]["schema"].update(primaryKey=["nation", "response"]),
    "a constraint the type does not have":
        lambda r: _field(r, "dyads", "note").setdefault("constraints", {}).update(minimum=3),
    "a foreign key from no field": lambda r: r["dyads"]["schema"]["foreignKeys"][0].update(fields="claim"),
}


@pytest.mark.parametrize("label", BROKEN_DESCRIPTORS)
def test_a_broken_descriptor_is_rejected_by_both(tmp_path, label):
    folder = copy_of_data(tmp_path)
    _descriptor(BROKEN_DESCRIPTORS[label])(folder)
    with pytest.raises(DataValidationError) as ours:
        load_data(folder)
    assert Path(ours.value.file).name == "datapackage.json" and ours.value.row is None, str(ours.value)
    theirs = frictionless_errors(folder)
    assert theirs and all(e.get("row") is None for e in theirs), theirs


def test_a_whole_value_must_match_the_pattern_where_frictionless_anchors_only_its_ends(tmp_path):
    """The one place where the reader is stricter than frictionless, on purpose. Table Schema says a value must
    match the whole pattern; frictionless compiles ``^<pattern>$``, so a pattern with a top-level ``|`` (such as
    ``period`` of ``bilateral_context``) is anchored only at its two ends: frictionless accepts a period that
    merely starts with a year."""
    pattern = _field(RESOURCES, "bilateral_context", "period")["constraints"]["pattern"]
    assert "|before the pandemic" in pattern  # the top-level alternative
    line = line_of("bilateral_context", period="2019")
    folder = copy_of_data(tmp_path)
    path = folder / RESOURCES["bilateral_context"]["path"]
    rows = read_rows(path)
    rows[line - 1][rows[0].index("period")] = "2019 onwards"
    write_rows(path, rows)
    assert frictionless_errors(folder) == []
    with pytest.raises(DataValidationError) as ours:
        load_data(folder)
    assert (ours.value.row, ours.value.column) == (line, "period") and "pattern" in str(ours.value)
