"""data/datapackage.json is the one schema: it describes every file, validates with frictionless, is read (and
checked) by the loader, and nothing in lib/, the tests or the docs repeats its constraints."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from paradiplomacy.data import Data, load_data
from paradiplomacy.errors import DataValidationError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def fields_named(name: str) -> list[tuple[str, dict]]:
    return [(r["name"], f) for r in DESCRIPTOR["resources"] for f in r["schema"]["fields"] if f["name"] == name]


def edit_descriptor(folder: Path, change) -> None:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    change({r["name"]: r for r in descriptor["resources"]}, descriptor)
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def field(resources: dict, resource: str, name: str) -> dict:
    return next(f for f in resources[resource]["schema"]["fields"] if f["name"] == name)


# ----------------------------------------------------------------------------------------- the descriptor
def test_every_csv_is_described():
    described = {Path(r["path"]).name for r in DESCRIPTOR["resources"]}
    on_disk = {p.name for p in DATA.glob("*.csv")}
    assert on_disk == described, f"not described: {on_disk - described}; described but missing: {described - on_disk}"
    for resource in DESCRIPTOR["resources"]:
        assert resource.get("licenses"), f"{resource['name']} has no licence"
        fields = [f["name"] for f in resource["schema"]["fields"]]
        header = (DATA / resource["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert fields == header, f"{resource['path']}: schema fields {fields} != header {header}"


def test_frictionless_validate_passes():
    exe = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(exe), "validate", "--json", str(DATA / "datapackage.json")],
                            capture_output=True, text=True, cwd=DATA)
    report = json.loads(result.stdout)
    errors = [(t.get("name"), e["message"]) for t in report.get("tasks", []) for e in t.get("errors", [])]
    assert report["valid"], f"frictionless found errors: {errors[:10]}"
    assert result.returncode == 0


def test_every_claim_id_is_a_foreign_key_into_claims():
    for resource in DESCRIPTOR["resources"]:
        if resource["name"] == "claims":
            continue
        linked = [fk["fields"] for fk in resource["schema"].get("foreignKeys", [])
                  if fk["reference"]["resource"] == "claims"]
        for f in resource["schema"]["fields"]:
            if f["name"] == "claim_id":
                assert f["name"] in linked or [f["name"]] in linked, resource["name"]


def test_repeated_vocabularies_agree():
    # Table Schema cannot share a field definition between resources: where one is repeated, the copies must agree
    for name in ("location", "qualifier"):
        found = {json.dumps(f.get("constraints", {}).get("pattern") or f.get("constraints", {}).get("enum"))
                 for r, f in fields_named(name) if r != "interviews"}
        assert len(found) == 1, (name, found)
    table1 = [f["constraints"]["enum"] for r, f in fields_named("country") if r in ("table1", "table1_summary")]
    named = [f for _, f in fields_named("country") + fields_named("country_a") + fields_named("country_b")
             + fields_named("partner") if "enum" in f.get("constraints", {})]
    assert table1[0] == table1[1] == field({r["name"]: r for r in DESCRIPTOR["resources"]}, "bri_membership",
                                           "country")["constraints"]["enum"]
    places = [f["constraints"]["enum"] for f in named if len(f["constraints"]["enum"]) > 11]
    assert places and all(p == places[0] for p in places) and places[0][:11] == table1[0]


def test_the_chronology_is_one_span():
    """Every year of the article's chronology has the same bounds (1949 to the article's 2025): the ranges of the
    year fields and the year alternation of the date patterns (Table Schema cannot share one definition)."""
    years = {(r["name"], f["name"]): (f["constraints"]["minimum"], f["constraints"]["maximum"])
             for r in DESCRIPTOR["resources"] for f in r["schema"]["fields"] if f["type"] == "year"}
    assert years.pop(("aiddata", "year")) == (2000, 2018)  # the span of the two AidData releases
    assert set(years.values()) == {(1949, 2025)}, years
    span = "(1949|19[5-9][0-9]|20[01][0-9]|202[0-5])"
    dated = {(r, n): f["constraints"]["pattern"] for r, f in
             [(r["name"], f) for r in DESCRIPTOR["resources"] for f in r["schema"]["fields"]]
             for n in [f["name"]] if (r, n) in {("tie_counts", "as_of"), ("bilateral_context", "period"),
                                                 ("policy_timeline", "date_printed"), ("dyads", "year_printed")}}
    assert len(dated) == 4 and all(span in pattern for pattern in dated.values()), dated
    import re

    assert [y for y in range(1900, 2100) if re.fullmatch(span, str(y))] == list(range(1949, 2026))


# ----------------------------------------------------------------------------------------- a broken descriptor
@pytest.mark.parametrize("breakage, expected", [
    (lambda p: p.unlink(), "no such file"),
    (lambda p: p.write_text(p.read_text(encoding="utf-8")[:5000], encoding="utf-8"), "valid JSON"),
    (lambda p: p.write_text("[]", encoding="utf-8"), "'resources'"),
    (lambda p: p.write_text(p.read_text(encoding="utf-8").replace('"type": "integer"', '"type": "int"', 1),
                            encoding="utf-8"), "not supported"),
    (lambda p: p.write_text(p.read_text(encoding="utf-8").replace('"resource": "claims"', '"resource": "claim"', 1),
                            encoding="utf-8"), "foreign keys"),
    (lambda p: p.write_text(p.read_text(encoding="utf-8").replace('"primaryKey": [\n          "country",',
                                                                  '"primaryKey": [\n          "nation",', 1),
                            encoding="utf-8"), "match the fields"),
])
def test_broken_descriptor_is_an_error_naming_it(data_copy, breakage, expected):
    breakage(data_copy / "datapackage.json")
    with pytest.raises(DataValidationError) as err:
        load_data(data_copy)
    assert err.value.file.endswith("datapackage.json") and expected in str(err.value)


def test_a_missing_resource_file_is_named(data_copy):
    edit_descriptor(data_copy, lambda res, d: res["dyads"].update(path="dyadz.csv"))
    (data_copy / "dyads.csv").rename(data_copy / "dyads.old")
    with pytest.raises(DataValidationError, match="dyadz.csv.*listed in datapackage.json.*no such file"):
        load_data(data_copy)


def test_a_csv_the_descriptor_does_not_list_is_named(data_copy):
    edit_descriptor(data_copy, lambda res, d: d["resources"].remove(res["dyads"]))
    with pytest.raises(DataValidationError, match="datapackage.json: expected a resource for every CSV file.*"
                                                  "dyads.csv not listed"):
        load_data(data_copy)


# ----------------------------------------------------------------------------------------- the only schema
def test_changing_an_enum_changes_what_validates(data_copy):
    edit_descriptor(data_copy, lambda res, d: field(res, "table1", "country")["constraints"]["enum"].remove("USA"))
    with pytest.raises(DataValidationError) as err:
        load_data(data_copy)
    assert err.value.column == "country" and err.value.found == "USA" and "one of 'Uzbekistan'" in str(err.value)


def test_rules_read_their_vocabulary_from_the_descriptor(data_copy):
    def swap(res, d):  # Table 1's printed order is the enum's order; the order and legend rules follow it
        countries = field(res, "table1", "country")["constraints"]["enum"]
        countries[3], countries[4] = countries[4], countries[3]
    edit_descriptor(data_copy, swap)
    with pytest.raises(DataValidationError, match="'Nepal' next"):
        load_data(data_copy)


def test_changing_a_pattern_or_a_hash_changes_what_validates(data_copy):
    edit_descriptor(data_copy, lambda res, d: field(res, "tie_counts", "as_of")["constraints"].update(pattern="[0-9]{4}"))
    with pytest.raises(DataValidationError, match="tie_counts.csv.*column 'as_of'.*pattern"):
        load_data(data_copy)
    edit_descriptor(data_copy, lambda res, d: field(res, "tie_counts", "as_of")["constraints"].pop("pattern"))
    load_data(data_copy)
    edit_descriptor(data_copy, lambda res, d: res["aiddata"].update(hash="sha256:" + "0" * 64))
    with pytest.raises(DataValidationError, match="the file was modified"):
        load_data(data_copy)


def _string_literals(tree) -> list[tuple[int, tuple[str, ...]]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and node.elts and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            out.append((node.lineno, tuple(e.value for e in node.elts)))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value.split()) >= 3:
            out.append((node.lineno, tuple(node.value.split())))
    return out


def test_no_enum_of_the_descriptor_is_repeated_in_lib():
    enums = {(r["name"], f["name"]): set(f["constraints"]["enum"]) for r in DESCRIPTOR["resources"]
             for f in r["schema"]["fields"] if len(f.get("constraints", {}).get("enum", ())) >= 3}
    copies = []
    for path in sorted((ROOT / "lib").rglob("*.py")):
        for line, values in _string_literals(ast.parse(path.read_text(encoding="utf-8"))):
            for where, allowed in enums.items():
                if len(values) >= 3 and set(values) == allowed:
                    copies.append(f"{path.relative_to(ROOT)}:{line} repeats the enum of {where}")
    assert not copies, "\n".join(copies)


def test_hashes_and_patterns_are_written_once():
    written = [r["hash"].split(":")[-1] for r in DESCRIPTOR["resources"] if "hash" in r]
    written += sorted({f["constraints"]["pattern"] for _, f in fields_named("location") if "pattern" in f["constraints"]})
    texts = [p for folder in ("lib", "tests", "chapters", "_ext") for p in (ROOT / folder).rglob("*")
             if p.suffix in (".py", ".md", ".json", ".yml")] + list(ROOT.glob("*.md")) + [DATA / "README.md"]
    for token in written:
        assert [p.relative_to(ROOT) for p in texts if token in p.read_text(encoding="utf-8")] == []


# ----------------------------------------------------------------------------------------- Data and its cache
def test_load_data_is_cached_until_a_file_changes(data_copy):
    first = load_data(data_copy)
    assert load_data(data_copy) is first and load_data(first) is first
    path = data_copy / "table1_summary.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Uzbekistan,mean,4,4", "Uzbekistan,mean,5,5"), encoding="utf-8")  # same size
    with pytest.raises(DataValidationError):  # t1_uzbekistan_mean prints 4
        load_data(data_copy)
    path.write_text(text.replace("Uzbekistan,mean,4,4", "Uzbekistan,mean,4,4.0"), encoding="utf-8")
    again = load_data(data_copy)  # an error is not cached; a valid change is read
    assert again is not first and again.table1_summary.equals(first.table1_summary)
    path.write_text(text, encoding="utf-8")
    assert load_data(data_copy) is not again


def test_data_gives_copies_and_descriptor_entries(data_copy):
    data = load_data(data_copy)
    frame = data.table1
    frame.loc[0, "value"] = -1
    assert data.table1.loc[0, "value"] != -1
    assert isinstance(data, Data) and data.folder == data_copy.resolve()
    entry = data.field("table1", "country")
    entry["constraints"]["enum"].clear()
    assert data.enum("table1", "country")[0] == "Uzbekistan"
    with pytest.raises(KeyError, match="no enum"):
        data.enum("table1", "printed")
    with pytest.raises(AttributeError, match="no resource 'nothing'"):
        data.nothing
