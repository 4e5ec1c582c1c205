"""paradiplomacy.replication.provenance: the data appendix's inventory, counted from the files themselves."""
from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from paradiplomacy.data import load_data
from paradiplomacy.errors import DataValidationError
from paradiplomacy.replication import provenance

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
RESOURCES = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]


def _lines_minus_header(path: Path) -> int:
    """Independent count: physical lines minus the header (the data files have no multi-line fields)."""
    return len(path.read_text(encoding="utf-8").splitlines()) - 1


def test_inventory_counts_rows_and_columns_from_the_files():
    inventory = provenance.file_inventory(load_data())
    assert list(inventory["file"]) == [r["path"] for r in RESOURCES]
    for row in inventory.itertuples():
        path = DATA / row.file
        assert row.rows == _lines_minus_header(path), row.file
        with path.open(encoding="utf-8", newline="") as fh:
            assert row.columns == len(next(csv.reader(fh)))


def test_inventory_checksums_and_declared_hash():
    inventory = provenance.file_inventory(load_data()).set_index("file")
    aid = "aiddata_china_sister_cities.csv"
    assert inventory.loc[aid, "sha256"] == hashlib.sha256((DATA / aid).read_bytes()).hexdigest()
    assert inventory.loc[aid, "hash_ok"] is True
    assert inventory.drop(index=aid)["hash_ok"].isna().all()  # no other resource declares a hash
    assert inventory.loc[aid, "licence"] == "ODC-By-1.0"
    assert (inventory.drop(index=aid)["licence"] == "CC-BY-4.0").all()


def test_inventory_detects_a_modified_hashed_file(data_copy):
    data = load_data(data_copy)
    path = data_copy / "aiddata_china_sister_cities.csv"
    path.write_bytes(path.read_bytes() + b"\n")
    inventory = provenance.file_inventory(data).set_index("file")
    assert inventory.loc["aiddata_china_sister_cities.csv", "hash_ok"] is False


def test_inventory_agrees_with_the_readme_and_notices_when_it_does_not(data_copy):
    assert provenance.file_inventory(load_data())["readme_agrees"].dropna().all()
    readme = data_copy / "README.md"
    edited, n = re.subn(r"(\| `dyads\.csv` \|.*\| )22( \|)", r"\g<1>23\2", readme.read_text(encoding="utf-8"))
    assert n == 1
    readme.write_text(edited, encoding="utf-8")
    inventory = provenance.file_inventory(load_data(data_copy)).set_index("file")
    assert inventory.loc["dyads.csv", "rows_readme"] == 23
    assert not inventory.loc["dyads.csv", "readme_agrees"]
    assert inventory.drop(index="dyads.csv")["readme_agrees"].dropna().all()


def test_readme_row_counts_parse_the_dataset_list():
    counts = provenance.readme_row_counts(DATA)
    assert counts["aiddata_china_sister_cities.csv"] == 672
    assert counts["claims.csv"] == _lines_minus_header(DATA / "claims.csv")
    assert "datapackage.json" not in counts


def test_missing_resource_file_is_reported(data_copy):
    data = load_data(data_copy)
    (data_copy / "dyads.csv").unlink()
    with pytest.raises(DataValidationError) as info:
        provenance.file_inventory(data)
    assert info.value.file.endswith("datapackage.json") and "dyads.csv" in str(info.value)


def test_undescribed_files(data_copy):
    assert provenance.undescribed_files(load_data()) == []
    data = load_data(data_copy)
    (data_copy / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    assert provenance.undescribed_files(data) == ["extra.csv"]


def test_count_records_counts_a_multiline_field_once(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,"two\nlines"\n3,4\n', encoding="utf-8")
    assert provenance.count_records(path) == (2, 2)
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataValidationError, match="header"):
        provenance.count_records(tmp_path / "empty.csv")


def test_licence_table_groups_files_by_licence():
    table = provenance.licence_table(load_data()).set_index("licence")
    by_licence = Counter(lic["name"] for r in RESOURCES for lic in r["licenses"])
    assert set(table.index) == set(by_licence) == {"CC-BY-4.0", "ODC-By-1.0"}
    assert table.loc["ODC-By-1.0", "files"] == "aiddata_china_sister_cities.csv"
    assert len(table.loc["CC-BY-4.0", "files"].split(", ")) == by_licence["CC-BY-4.0"]


def test_claims_summary_matches_an_independent_count():
    with open(DATA / "claims.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by = Counter((r["chapter"], r["expected_status"]) for r in rows)
    summary = provenance.claims_summary(load_data()).set_index("chapter")
    for (chapter, status), k in by.items():
        assert summary.loc[chapter, status] == k
    assert summary.loc["total", "total"] == len(rows)
    for kind in ("derived", "transcribed"):
        assert summary.loc["total", kind] == sum(r["kind"] == kind for r in rows)
    assert summary.loc["02_chinese_paradiplomacy", "total"] == sum(r["chapter"] == "02_chinese_paradiplomacy"
                                                                   for r in rows)
    statuses = ["reproduced", "rounding", "discrepancy", "not_computable"]
    assert (summary[statuses].sum(axis=1) == summary["total"]).all()


def test_appendix_values():
    values = provenance.results(load_data()).values
    assert values["x_n_files"] == len(RESOURCES)
    assert values["x_n_rows"] == sum(_lines_minus_header(DATA / r["path"]) for r in RESOURCES)
    assert values["x_n_tables"] == len(RESOURCES) - 3  # all but AidData, the claims registry and the findings
    assert values["x_hash_mismatches"] == values["x_undescribed"] == "none"


def test_data_appendix_offers_every_file_for_download():
    page = (ROOT / "chapters" / "appendix_data.md").read_text(encoding="utf-8")
    targets = re.findall(r"\{download\}`[^`<]*<\.\./data/([^>]+)>`", page)
    assert {r["path"] for r in RESOURCES} | {"datapackage.json", "README.md"} <= set(targets)
    assert all((DATA / t).is_file() for t in targets)


def test_appendix_tables_read_on_a_phone():
    res = provenance.results(load_data())
    claims = res.tables["claims"]
    assert list(claims["Chapter"])[0] == "Chapter 1" and list(claims["Chapter"])[-1] == "All chapters"
    assert int(claims["All"].iloc[-1]) == res.values["x_n_claims"]
    assert (claims["Expected not to reproduce"].iloc[-1]
            == res.values["x_n_discrepancy"] + res.values["x_n_rounding"] + res.values["x_n_not_computable"])
    html = res.tables["checksums"].to_html()
    assert "<wbr>" in html and "<NA>" not in res.tables["inventory"].to_html()
    for name in ("inventory", "licences", "claims", "checksums"):
        table = res.tables[name]
        columns = table.columns if hasattr(table, "columns") else table.data.columns
        assert len(columns) <= 5, f"{name}: {len(columns)} columns"
