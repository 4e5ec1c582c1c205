"""The data package: every resource loads with the descriptor's dtypes, and every kind of broken input is reported
with file, row (line number, header = row 1), column, expected and found.

The broken-input tests copy the REAL data/ directory (fixture ``data_copy``) and break one thing each.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from reference import read_rows, write_rows

from paradiplomacy.data import load_data
from paradiplomacy.errors import DataValidationError
from paradiplomacy.paths import PACKAGE_ROOT, resolve_data_dir

DATA = Path(__file__).resolve().parents[2] / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}


# ----------------------------------------------------------------------------------------- csv helpers


def set_cell(path: Path, line: int, column: str, value: str) -> str:
    """Set the field of ``column`` on file line ``line`` (header = line 1); return the old value."""
    rows = read_rows(path)
    j = rows[0].index(column)
    old = rows[line - 1][j]
    rows[line - 1][j] = value
    write_rows(path, rows)
    return old


def lines_where(path: Path, **equal) -> list[int]:
    """File line numbers of the data rows whose columns equal the given values."""
    rows = read_rows(path)
    header = rows[0]
    return [i + 1 for i, r in enumerate(rows) if i > 0 and all(r[header.index(k)] == v for k, v in equal.items())]


def assert_names(exc: DataValidationError, path: Path, row, column: str | None) -> None:
    """The error names the file, the row(s) and the column, in its attributes and in its message."""
    msg = str(exc)
    assert path.name in msg and path.name in exc.file
    if isinstance(row, int):
        assert exc.row == row
        assert f"row {row}" in msg
    elif row is not None:
        assert tuple(exc.row) == tuple(row)
        assert all(str(r) in msg for r in row) and "rows " in msg
    if column is not None:
        assert exc.column == column
        assert f"column {column!r}" in msg
    assert "expected" in msg and "found" in msg


def path_of(data: Path, name: str) -> Path:
    return data / RESOURCES[name]["path"]


def broken(data: Path, name: str):
    """Load ``data`` (after re-pinning a hashed file's hash, to reach its other checks); return the error."""
    res = RESOURCES[name]
    if "hash" in res:
        descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
        digest = hashlib.sha256(path_of(data, name).read_bytes()).hexdigest()
        next(r for r in descriptor["resources"] if r["name"] == name)["hash"] = f"sha256:{digest}"
        (data / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        load_data(data)
    return err.value


# ----------------------------------------------------------------------------------------- per-file cases
# name -> (column to drop, non-numeric (column, bad), enum (column, bad) or None); the key columns are the
# descriptor's primary key. Resources not listed here get their case from the descriptor (see `case`).
CASES = {
    "table1": ("value", ("value", "abc"), ("response_label", "neutral")),
    "table1_summary": ("value", ("value", "abc"), ("statistic", "median")),
    "survey_design": ("value", ("value", "abc"), ("parameter", "n_guesses")),
    "survey_items": ("value", ("value", "abc"), ("kind", "triple")),
    "case_perceptions": ("value", ("value", "abc"), ("polarity", "neutral")),
    "external_surveys": ("value", ("year", "2024a"), ("country", "Atlantis")),
    "demographics": ("value", ("value", "abc"), ("measure", "median")),
    "interviews": ("date", ("number", "one"), ("date_suffix", "d")),
    "dyads": ("year", ("year", "19x3"), ("level_a", "village")),
    "tie_counts": ("value", ("value", "many"), ("qualifier", "about")),
    "bilateral_context": ("value", ("value", "abc"), ("unit", "furlongs")),
    "policy_timeline": ("year", ("year", "early 1980s"), ("year_source", "guessed")),
    # bri_membership has no numeric column: its typed non-text columns are yes/no and a date
    "bri_membership": ("paper_group", ("as_of", "June 2025"), ("paper_group", "maybe")),
    "text_facts": ("value", ("value", "abc"), ("qualifier", "roughly")),
    "aiddata": ("year", ("sister_cities_cumulative", "many"), None),
    "claims": ("value", ("value", "abc"), ("expected_status", "perhaps")),
}


def case(name: str):
    """The broken-file case of a resource: from CASES, else derived from its descriptor entry."""
    if name in CASES:
        return CASES[name]
    fields = RESOURCES[name]["schema"]["fields"]
    typed = next((f["name"] for f in fields if f["type"] != "string"), None)
    enum = next((f["name"] for f in fields if "enum" in f.get("constraints", {})), None)
    return fields[-1]["name"], (typed, "abc") if typed else None, (enum, "not-allowed") if enum else None


NAMES = list(RESOURCES)


def test_cases_name_real_resources():
    assert set(CASES) <= set(RESOURCES)


@pytest.mark.parametrize("name", NAMES)
def test_missing_column(name, data_copy):
    dropped = case(name)[0]
    path = path_of(data_copy, name)
    rows = read_rows(path)
    j = rows[0].index(dropped)
    write_rows(path, [r[:j] + r[j + 1:] for r in rows])
    assert_names(broken(data_copy, name), path, 1, dropped)


@pytest.mark.parametrize("name", NAMES)
def test_extra_column(name, data_copy):
    path = path_of(data_copy, name)
    rows = read_rows(path)
    write_rows(path, [rows[0] + ["extra"]] + [r + ["x"] for r in rows[1:]])
    assert_names(broken(data_copy, name), path, 1, "extra")


@pytest.mark.parametrize("name", [n for n in NAMES if case(n)[1] is not None])
def test_non_numeric_value(name, data_copy):
    column, bad = case(name)[1]
    path = path_of(data_copy, name)
    set_cell(path, 2, column, bad)
    err = broken(data_copy, name)
    assert_names(err, path, 2, column)
    assert err.found == bad and repr(bad) in str(err)


@pytest.mark.parametrize("name", [n for n in NAMES if RESOURCES[n]["schema"].get("primaryKey")
                                  and len(read_rows(DATA / RESOURCES[n]["path"])) > 2])
def test_duplicate_key(name, data_copy):
    key = RESOURCES[name]["schema"]["primaryKey"]
    key = [key] if isinstance(key, str) else key
    path = path_of(data_copy, name)
    rows = read_rows(path)
    for column in key:  # give line 3 the key of line 2
        set_cell(path, 3, column, rows[1][rows[0].index(column)])
    err = broken(data_copy, name)
    assert_names(err, path, (2, 3), key[-1])
    assert "duplicate" in str(err) and "unique key" in str(err)


@pytest.mark.parametrize("name", [n for n in NAMES if case(n)[2] is not None])
def test_unknown_enum_value(name, data_copy):
    column, bad = case(name)[2]
    path = path_of(data_copy, name)
    set_cell(path, 2, column, bad)
    err = broken(data_copy, name)
    assert_names(err, path, 2, column)
    assert err.found == bad and "one of" in str(err)


# ----------------------------------------------------------------------------------------- distributions
def _bump(path: Path, line: int, new: str) -> None:
    set_cell(path, line, "printed", new)
    set_cell(path, line, "value", new.replace(",", ""))


def test_table1_broken_sum(data_copy):
    path = path_of(data_copy, "table1")
    lines = lines_where(path, country="Uzbekistan")
    assert len(lines) == 6
    _bump(path, lines[0], "2.5")  # 1.5 -> 2.5: the six shares now sum to 101.1 > 100 + 6 x 0.05
    err = broken(data_copy, "table1")
    assert_names(err, path, lines, "printed")
    assert "101.1" in str(err) and "99.7..100.3" in str(err)


def test_survey_items_broken_sum(data_copy):
    path = path_of(data_copy, "survey_items")
    lines = lines_where(path, item_id="fig1_partner_factor", group="all")
    assert len(lines) == 5
    _bump(path, lines[0], "45.2")  # sum 103.0; tolerance 5 x 0.5 = 2.5 because '8' has no decimals
    err = broken(data_copy, "survey_items")
    assert_names(err, path, lines, "printed")
    assert "103.0" in str(err)


def test_survey_items_missing_category_of_distribution(data_copy):
    path = path_of(data_copy, "survey_items")
    rows = read_rows(path)
    del rows[lines_where(path, item_id="regulate_city", category="local_autonomy")[0] - 1]
    write_rows(path, rows)
    err = broken(data_copy, "survey_items")
    assert_names(err, path, lines_where(path, item_id="regulate_city"), "printed")
    assert "87.8" in str(err)  # 48.5 + 39.3: the missing category shows in the sum


def test_survey_items_groups_of_a_distribution_share_categories(data_copy):
    path = path_of(data_copy, "survey_items")
    rows = read_rows(path)
    del rows[lines_where(path, item_id="fig3_public_opinion", group="provincial_does", category="yes")[0] - 1]
    write_rows(path, rows)
    err = broken(data_copy, "survey_items")
    assert_names(err, path, lines_where(path, item_id="fig3_public_opinion", group="provincial_does")[0], "category")
    assert "no, yes" in str(err)


def test_survey_items_one_kind_per_item(data_copy):
    path = path_of(data_copy, "survey_items")
    line = lines_where(path, item_id="regulate_city")[1]
    set_cell(path, line, "kind", "single")
    assert_names(broken(data_copy, "survey_items"), path, line, "kind")


def test_demographics_broken_percent_sum(data_copy):
    path = path_of(data_copy, "demographics")
    lines = lines_where(path, characteristic="age", measure="percent")
    assert len(lines) == 4
    _bump(path, lines[0], "25")  # 21 -> 25: sum 104.0; tolerance 4 x 0.5 = 2 (the '21' has no decimals)
    assert_names(broken(data_copy, "demographics"), path, lines, "printed")


def test_demographics_counts_must_sum_to_n(data_copy):
    path = path_of(data_copy, "demographics")
    lines = lines_where(path, characteristic="gender", measure="count")
    assert len(lines) == 2
    _bump(path, lines[0], "209")  # 209 + 202 = 411 != 410
    err = broken(data_copy, "demographics")
    assert_names(err, path, lines, "value")
    assert "411" in str(err) and "410" in str(err)


def test_demographics_education_exception_is_pinned_to_the_printed_total(data_copy):
    # the paper's education shares sum to 100.7 (10.7% printed for 41/410 = 10.0%); accepted only at exactly 100.7
    path = path_of(data_copy, "demographics")
    line = lines_where(path, characteristic="education", category="Secondary school", measure="percent")[0]
    _bump(path, line, "10.8")
    err = broken(data_copy, "demographics")
    assert_names(err, path, lines_where(path, characteristic="education", measure="percent"), "printed")
    assert "100.8" in str(err)


# ----------------------------------------------------------------------------------------- other rules
def test_message_format_of_a_bad_number(data_copy):
    path = path_of(data_copy, "table1")
    set_cell(path, 7, "value", "abc")
    err = broken(data_copy, "table1")
    assert str(err).startswith(f"{err.file}, row 7, column 'value': expected a number")
    assert str(err).endswith("found 'abc'")


def test_value_must_equal_printed(data_copy):
    path = path_of(data_copy, "table1")
    printed = read_rows(path)[1][read_rows(path)[0].index("printed")]
    set_cell(path, 2, "value", str(float(printed) + 0.1))
    err = broken(data_copy, "table1")
    assert_names(err, path, 2, "value")
    assert repr(printed) in str(err)


def test_printed_must_be_a_number_token(data_copy):
    path = path_of(data_copy, "table1_summary")
    set_cell(path, 2, "printed", "4%")
    assert_names(broken(data_copy, "table1_summary"), path, 2, "printed")


def test_empty_required_field(data_copy):
    path = path_of(data_copy, "case_perceptions")
    set_cell(path, 4, "location", "")
    err = broken(data_copy, "case_perceptions")
    assert_names(err, path, 4, "location")
    assert "empty" in str(err)


def test_location_form_is_checked(data_copy):
    path = path_of(data_copy, "tie_counts")
    set_cell(path, 2, "location", "Section 5.1, para 1")
    assert_names(broken(data_copy, "tie_counts"), path, 2, "location")


def test_surrounding_whitespace_is_not_stripped_silently(data_copy):
    path = path_of(data_copy, "table1")
    set_cell(path, 5, "printed", " " + read_rows(path)[4][3])
    assert_names(broken(data_copy, "table1"), path, 5, "printed")


def test_wrong_column_order(data_copy):
    path = path_of(data_copy, "table1")
    rows = read_rows(path)
    i, j = rows[0].index("printed"), rows[0].index("value")
    for r in rows:
        r[i], r[j] = r[j], r[i]
    write_rows(path, rows)
    err = broken(data_copy, "table1")
    assert_names(err, path, 1, "printed")
    assert "position" in str(err)


def test_ragged_row(data_copy):
    path = path_of(data_copy, "bri_membership")
    rows = read_rows(path)
    rows[5] = rows[5] + ["surplus"]
    write_rows(path, rows)
    err = broken(data_copy, "bri_membership")
    assert_names(err, path, 6, None)
    assert "fields" in str(err)


def test_crlf_line_endings_rejected(data_copy):
    path = path_of(data_copy, "interviews")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    err = broken(data_copy, "interviews")
    assert_names(err, path, 1, None)
    assert "LF" in str(err)


def test_byte_order_mark_and_bad_utf8_rejected(data_copy):
    path = path_of(data_copy, "interviews")
    original = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + original)
    assert "byte-order mark" in str(broken(data_copy, "interviews"))
    path.write_bytes(original.replace(b"Table 2", b"Table \xff", 1))
    assert "UTF-8" in str(broken(data_copy, "interviews"))


def test_unneeded_quotes_are_rejected(data_copy):
    path = path_of(data_copy, "table1_summary")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace(",pct_agree,", ',"pct_agree",')  # file line 3
    assert '"pct_agree"' in lines[2]
    path.write_text("\n".join(lines), encoding="utf-8")
    err = broken(data_copy, "table1_summary")
    assert_names(err, path, 3, None)
    assert "QUOTE_MINIMAL" in str(err)


def test_qualifier_must_match_claim(data_copy):
    path = path_of(data_copy, "tie_counts")
    line = lines_where(path, qualifier="up to")[0]
    set_cell(path, line, "qualifier", "")
    assert_names(broken(data_copy, "tie_counts"), path, line, "qualifier")
    set_cell(path, line, "qualifier", "nearly")
    assert_names(broken(data_copy, "tie_counts"), path, line, "qualifier")


def test_every_table1_cell_is_present(data_copy):
    path = path_of(data_copy, "table1")
    write_rows(path, read_rows(path)[:-1])
    err = broken(data_copy, "table1")
    assert_names(err, path, None, "response")
    assert "USA, 6" in str(err)


def test_interviews_count_is_the_printed_number_of_interviews(data_copy):
    path = path_of(data_copy, "interviews")
    write_rows(path, read_rows(path)[:-1])
    err = broken(data_copy, "interviews")
    assert_names(err, path, 10, None)
    assert "10 data rows" in str(err) and "n_interviews_listed" in str(err)


def test_table1_response_label_must_match_legend(data_copy):
    path = path_of(data_copy, "table1")
    set_cell(path, 2, "response_label", "disagree")  # response 1 is 'strongly disagree'
    assert_names(broken(data_copy, "table1"), path, 2, "response_label")


def test_table1_claim_id_pattern(data_copy):
    path = path_of(data_copy, "table1")
    set_cell(path, 2, "claim_id", "t1_uzbekistan_mean")  # a claim, but not the one of this cell
    err = broken(data_copy, "table1")
    assert_names(err, path, 2, "claim_id")
    assert "t1_uzbekistan_r1" in str(err)


def test_unknown_claim_id(data_copy):
    path = path_of(data_copy, "tie_counts")
    set_cell(path, 3, "claim_id", "no_such_claim")
    err = broken(data_copy, "tie_counts")
    assert_names(err, path, 3, "claim_id")
    assert "claims.csv" in str(err)


def test_printed_token_must_appear_in_its_claim(data_copy):
    path = path_of(data_copy, "tie_counts")
    assert set_cell(path, 2, "printed", "999") != "999"
    set_cell(path, 2, "value", "999")
    assert_names(broken(data_copy, "tie_counts"), path, 2, "printed")


def test_claim_value_must_appear_in_its_printed_text(data_copy):
    path = path_of(data_copy, "claims")
    printed = read_rows(path)[1][read_rows(path)[0].index("printed")]
    set_cell(path, 2, "value", "123456")
    err = broken(data_copy, "claims")
    assert_names(err, path, 2, "value")
    assert repr(printed) in str(err)


def test_claims_discrepancy_needs_derived_kind_and_note(data_copy):
    path = path_of(data_copy, "claims")
    line = lines_where(path, expected_status="discrepancy")[0]
    set_cell(path, line, "note", "")
    assert_names(broken(data_copy, "claims"), path, line, "note")
    set_cell(path, line, "note", "restored")
    set_cell(path, line, "kind", "transcribed")
    assert_names(broken(data_copy, "claims"), path, line, "kind")


def test_broken_claims_file_is_the_error_reported(data_copy):
    claims = path_of(data_copy, "claims")
    set_cell(claims, 2, "chapter", "99_nowhere")
    assert_names(broken(data_copy, "claims"), claims, 2, "chapter")


def test_interview_date_printed_must_match_date(data_copy):
    path = path_of(data_copy, "interviews")
    set_cell(path, 2, "date", "2014-04-03")  # printed 'April 2, 2014'
    assert_names(broken(data_copy, "interviews"), path, 2, "date_printed")


@pytest.mark.parametrize("bad", ["2024-02-30", "2024-2-3"])
def test_invalid_iso_date(data_copy, bad):
    path = path_of(data_copy, "interviews")
    set_cell(path, 3, "date", bad)
    assert_names(broken(data_copy, "interviews"), path, 3, "date")


def test_dyad_year_needs_year_printed(data_copy):
    path = path_of(data_copy, "dyads")
    line = lines_where(path, dyad_id="tianjin_kobe")[0]
    set_cell(path, line, "year_printed", "")
    assert_names(broken(data_copy, "dyads"), path, line, "year")


def test_timeline_added_year_has_no_claim(data_copy):
    path = path_of(data_copy, "policy_timeline")
    line = lines_where(path, year_source="added")[0]
    set_cell(path, line, "claim_id", "s1_eisenhower_1956")
    assert_names(broken(data_copy, "policy_timeline"), path, line, "claim_id")


def test_yes_no_column(data_copy):
    path = path_of(data_copy, "bri_membership")
    set_cell(path, 4, "aiib_member", "Yes")
    err = broken(data_copy, "bri_membership")
    assert_names(err, path, 4, "aiib_member")
    assert "'yes' or 'no'" in str(err)


def test_hashed_file_modified_is_detected(data_copy):
    path = path_of(data_copy, "aiddata")
    rows = read_rows(path)
    rows[10][2] = str(int(rows[10][2]) + 1)  # a plausible edit: one count changed
    write_rows(path, rows)
    with pytest.raises(DataValidationError) as err:
        load_data(data_copy)
    assert path.name in str(err.value) and "modified" in str(err.value)
    assert RESOURCES["aiddata"]["hash"].split(":")[-1] in str(err.value)


def test_missing_file(data_copy):
    path_of(data_copy, "dyads").unlink()
    with pytest.raises(DataValidationError, match="dyads.csv.*no such file"):
        load_data(data_copy)


def test_resolve_data_dir_names_parameter(tmp_path):
    with pytest.raises(FileNotFoundError, match="data_dir") as err:
        resolve_data_dir(tmp_path / "nowhere")
    assert "nowhere" in str(err.value)
    assert resolve_data_dir(None) == (PACKAGE_ROOT / "data").resolve()


# ----------------------------------------------------------------------------------------- text_facts.csv
def test_text_facts_value_must_equal_printed(data_copy):
    path = path_of(data_copy, "text_facts")
    line = lines_where(path, fact_id="li_yang_model_elements")[0]
    set_cell(path, line, "value", "4")  # printed 5 ("five elements")
    err = broken(data_copy, "text_facts")
    assert_names(err, path, line, "value")
    assert "'5'" in str(err) and err.found == "4"


def test_text_facts_fraction_value_is_checked_exactly(data_copy):
    path = path_of(data_copy, "text_facts")
    line = lines_where(path, printed="1/3")[0]
    set_cell(path, line, "value", "0.3333")  # 1/3 must be written to exactly 10 decimals
    err = broken(data_copy, "text_facts")
    assert_names(err, path, line, "value")
    assert "'0.3333333333'" in str(err) and "10 decimals" in str(err)


@pytest.mark.parametrize("bad", ["2/6", "3/3", "one-third", "1/3%"])
def test_text_facts_printed_must_be_numeral_or_simple_fraction(data_copy, bad):
    path = path_of(data_copy, "text_facts")
    line = lines_where(path, printed="1/3")[0]
    set_cell(path, line, "printed", bad)
    err = broken(data_copy, "text_facts")
    assert_names(err, path, line, "printed")
    assert err.found == bad


def test_text_facts_fraction_must_match_the_claims_word(data_copy):
    path = path_of(data_copy, "text_facts")
    line = lines_where(path, printed="1/3")[0]
    set_cell(path, line, "printed", "1/4")
    set_cell(path, line, "value", "0.2500000000")
    err = broken(data_copy, "text_facts")
    assert_names(err, path, line, "printed")
    assert "More than one-third" in str(err)


def test_text_facts_unit_must_fit_topic(data_copy):
    path = path_of(data_copy, "text_facts")
    line = lines_where(path, topic="rank")[0]
    set_cell(path, line, "unit", "year")
    err = broken(data_copy, "text_facts")
    assert_names(err, path, line, "unit")
    assert "'rank'" in str(err) and "text_fact_units.csv" in str(err)


def test_text_facts_rank_must_be_whole(data_copy):
    path = path_of(data_copy, "text_facts")
    line = lines_where(path, topic="rank")[0]
    set_cell(path, line, "printed", "2.5")
    set_cell(path, line, "value", "2.5")
    assert_names(broken(data_copy, "text_facts"), path, line, "printed")


def test_text_facts_real_values():
    data = load_data()
    facts = data.text_facts.set_index("fact_id")
    share = facts.loc["east_asia_pacific_share_of_ties"]
    assert (share["printed"], share["qualifier"], share["unit"]) == ("1/3", "more than", "fraction")
    assert share["value"] == pytest.approx(1 / 3, abs=5e-11)
    assert facts.loc["li_yang_model_elements", "value"] == 5.0
    assert set(facts.loc[facts["topic"] == "rank", "unit"]) == {"rank"}
    # the Section 4 mention of Dunhuang-Aurangabad 2015 is a second printing; dyads.csv keeps the Section 5.2 one
    dyad = data.dyads.set_index("dyad_id").loc["dunhuang_aurangabad"]
    assert dyad["claim_id"] != facts.loc["dunhuang_aurangabad_agreement_year", "claim_id"]
    assert dyad["year"] == facts.loc["dunhuang_aurangabad_agreement_year", "value"] == 2015


# ----------------------------------------------------------------------------------------- the real data
DTYPES = {"integer": "int64", "year": "int64", "number": "float64", "boolean": "bool"}


def test_real_data_loads_with_descriptor_dtypes():
    data = load_data()
    assert data.names == tuple(RESOURCES)
    for name, res in RESOURCES.items():
        frame = data[name]
        assert list(frame.columns) == [f["name"] for f in res["schema"]["fields"]], name
        assert len(frame) > 0, name
        for f in res["schema"]["fields"]:
            dtype, required = str(frame[f["name"]].dtype), f.get("constraints", {}).get("required", False)
            if f["type"] == "date":
                assert pd.api.types.is_datetime64_any_dtype(frame[f["name"]]), (name, f["name"])
            elif f["type"] in DTYPES and (required or f["type"] in ("number", "boolean")):
                assert dtype == DTYPES[f["type"]], (name, f["name"], dtype)
            elif f["type"] in DTYPES:  # optional integers: NaN in float64; optional years: Int64
                assert dtype == ("Int64" if f["type"] == "year" else "float64"), (name, f["name"], dtype)
            else:
                assert pd.api.types.is_string_dtype(frame[f["name"]]), (name, f["name"], dtype)


def test_table1_real_values():
    data = load_data()
    t1 = data.table1
    assert t1.shape == (66, 7)
    assert tuple(t1["country"].drop_duplicates()) == data.enum("table1", "country")
    india6 = t1[(t1["country"] == "India") & (t1["response"] == 6)].iloc[0]
    assert india6["printed"] == "10.0" and india6["value"] == 10.0  # trailing zero kept in printed
    assert tuple(t1["response_label"].iloc[:6]) == data.enum("table1", "response_label")
    assert (t1.groupby("country")["value"].sum().round(1).between(99.7, 100.3)).all()


def test_survey_n_and_demographics():
    data = load_data()
    assert data.n == 410
    demo = data.demographics
    counts = demo[demo["measure"] == "count"].groupby("characteristic")["value"].sum()
    assert (counts == 410).all() and len(counts) == 4


def test_case_perceptions_and_aiddata():
    data = load_data()
    case_ = data.case_perceptions
    assert case_.shape[0] == 18 and set(case_["country"]) == {"Kyrgyzstan", "India", "Japan"}
    assert set(case_["item"]) == set(data.enum("case_perceptions", "item"))
    aid = data.aiddata
    assert aid["sister_cities_new"].isna().any()  # the East Asia & Pacific release has no yearly counts
    assert aid["sister_cities_new"].notna().any()


def test_every_claim_reference_resolves():
    data = load_data()
    ids = set(data.claims["claim_id"])
    used = set().union(*({c for c in data[n]["claim_id"] if c} for n in data.names
                         if n != "claims" and "claim_id" in data[n].columns))
    assert used and used <= ids


def test_loading_does_not_write(data_copy):
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in data_copy.iterdir()}
    load_data(data_copy)
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in data_copy.iterdir()}
    assert before == after


# ----------------------------------------------------------------------------------------- claims coverage
def transcribed_claims_without_data_row(data_dir=None) -> set[str]:
    """Transcribed claims whose id no tidy file references (any column whose name starts with ``claim_id``)."""
    data = load_data(data_dir)
    referenced: set[str] = set()
    for name in data.names:
        if name in ("claims", "findings"):
            continue
        for column in data[name].columns:
            if column.startswith("claim_id"):
                referenced |= {c for c in data[name][column] if c}
    claims = data.claims
    return set(claims.loc[claims["kind"] == "transcribed", "claim_id"]) - referenced


def test_every_transcribed_claim_has_a_data_row():
    # chapters state transcribed numbers from the tidy files; a claim only in claims.csv would be compared with itself
    assert transcribed_claims_without_data_row() == set()


def test_transcribed_claim_without_data_row_is_detected(data_copy):
    path = path_of(data_copy, "text_facts")
    rows = read_rows(path)
    del rows[lines_where(path, fact_id="fieldwork_countries")[0] - 1]
    write_rows(path, rows)
    assert transcribed_claims_without_data_row(data_copy) == {"s6_fieldwork_four_countries"}


def test_minimal_fixture_is_valid(mini_data):
    data = load_data(mini_data)
    assert data.table1.shape == (66, 7)
    assert data.n == 410
