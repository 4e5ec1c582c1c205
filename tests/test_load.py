"""Loaders: the real data loads with the schema's dtypes, and every kind of broken input is reported with
file, row (line number, header = row 1) and column.

The broken-input tests copy the REAL data/ directory (fixture ``data_copy``) and break one thing each.
"""
from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pandas as pd
import pytest

from paradiplomacy.data import load
from paradiplomacy.errors import DataValidationError
from paradiplomacy.paths import PACKAGE_ROOT, resolve_data_dir


# ----------------------------------------------------------------------------------------- csv helpers
def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")


def set_cell(path: Path, line: int, column: str, value: str) -> str:
    """Set the field of ``column`` on file line ``line`` (header = line 1); return the old value."""
    rows = read_rows(path)
    j = rows[0].index(column)
    old = rows[line - 1][j]
    rows[line - 1][j] = value
    write_rows(path, rows)
    return old


def drop_column(path: Path, column: str) -> None:
    rows = read_rows(path)
    j = rows[0].index(column)
    write_rows(path, [r[:j] + r[j + 1:] for r in rows])


def add_column(path: Path, column: str, fill: str = "x") -> None:
    rows = read_rows(path)
    write_rows(path, [rows[0] + [column]] + [r + [fill] for r in rows[1:]])


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


# ----------------------------------------------------------------------------------------- per-file cases
# name -> (loader, column to drop, non-numeric (column, bad), key columns, enum (column, bad) or None)
CASES = {
    "table1": (load.load_table1, "value", ("value", "abc"), ("country", "response"), ("response_label", "neutral")),
    "table1_summary": (load.load_table1_summary, "value", ("value", "abc"), ("country", "statistic"),
                       ("statistic", "median")),
    "survey_design": (load.load_survey_design, "value", ("value", "abc"), ("parameter",), None),
    "survey_items": (load.load_survey_items, "value", ("value", "abc"), ("item_id", "group", "category"),
                     ("kind", "triple")),
    "case_perceptions": (load.load_case_perceptions, "value", ("value", "abc"), ("country", "item"),
                         ("polarity", "neutral")),
    "external_surveys": (load.load_external_surveys, "value", ("year", "2024a"), ("survey_id", "country", "item"),
                         ("country", "Atlantis")),
    "demographics": (load.load_demographics, "value", ("value", "abc"), ("characteristic", "order", "measure"),
                     ("measure", "median")),
    "interviews": (load.load_interviews, "date", ("number", "one"), ("number",), ("date_suffix", "d")),
    "dyads": (load.load_dyads, "year", ("year", "19x3"), ("dyad_id",), ("level_a", "village")),
    "tie_counts": (load.load_tie_counts, "value", ("value", "many"), ("count_id",), ("qualifier", "about")),
    "bilateral_context": (load.load_bilateral_context, "value", ("value", "abc"), ("indicator_id",),
                          ("unit", "furlongs")),
    "policy_timeline": (load.load_policy_timeline, "year", ("year", "early 1980s"), ("event_id",),
                        ("year_source", "guessed")),
    # bri_membership has no numeric column: its typed non-text columns are yes/no and a date
    "bri_membership": (load.load_bri_membership, "paper_group", ("as_of", "June 2025"), ("country",),
                       ("paper_group", "maybe")),
    "text_facts": (load.load_text_facts, "value", ("value", "abc"), ("fact_id",), ("topic", "gossip")),
    "aiddata": (load.load_aiddata, "year", ("sister_cities_cumulative", "many"), ("country", "year"), None),
    "claims": (load.load_claims, "value", ("value", "abc"), ("claim_id",), ("expected_status", "perhaps")),
}
NAMES = list(CASES)


def path_of(data: Path, name: str) -> Path:
    return data / load.FILES[name]


def rehash_if_aiddata(name: str, path: Path, monkeypatch) -> None:
    """The AidData file is sha256-pinned; to reach its schema checks, pin the broken copy's hash instead."""
    if name == "aiddata":
        monkeypatch.setattr(load, "AIDDATA_SHA256", hashlib.sha256(path.read_bytes()).hexdigest())


def test_every_file_has_cases():
    assert set(CASES) == set(load.SCHEMAS) == set(load.FILES)


@pytest.mark.parametrize("name", NAMES)
def test_missing_column(name, data_copy, monkeypatch):
    loader, dropped, *_ = CASES[name]
    path = path_of(data_copy, name)
    drop_column(path, dropped)
    rehash_if_aiddata(name, path, monkeypatch)
    with pytest.raises(DataValidationError) as err:
        loader(data_copy)
    assert_names(err.value, path, 1, dropped)


@pytest.mark.parametrize("name", NAMES)
def test_extra_column(name, data_copy, monkeypatch):
    loader, *_ = CASES[name]
    path = path_of(data_copy, name)
    add_column(path, "extra")
    rehash_if_aiddata(name, path, monkeypatch)
    with pytest.raises(DataValidationError) as err:
        loader(data_copy)
    assert_names(err.value, path, 1, "extra")


@pytest.mark.parametrize("name", NAMES)
def test_non_numeric_value(name, data_copy, monkeypatch):
    loader, _, (column, bad), *_ = CASES[name]
    path = path_of(data_copy, name)
    set_cell(path, 2, column, bad)
    rehash_if_aiddata(name, path, monkeypatch)
    with pytest.raises(DataValidationError) as err:
        loader(data_copy)
    assert_names(err.value, path, 2, column)
    assert err.value.found == bad
    assert repr(bad) in str(err.value)


@pytest.mark.parametrize("name", NAMES)
def test_duplicate_key(name, data_copy, monkeypatch):
    loader, _, _, key, _ = CASES[name]
    path = path_of(data_copy, name)
    rows = read_rows(path)
    for column in key:  # give line 3 the key of line 2
        set_cell(path, 3, column, rows[1][rows[0].index(column)])
    rehash_if_aiddata(name, path, monkeypatch)
    with pytest.raises(DataValidationError) as err:
        loader(data_copy)
    assert_names(err.value, path, (2, 3), key[-1])
    assert "duplicate" in str(err.value) and "unique key" in str(err.value)


@pytest.mark.parametrize("name", [n for n in NAMES if CASES[n][4] is not None])
def test_unknown_enum_value(name, data_copy, monkeypatch):
    loader, *_, (column, bad) = CASES[name]
    path = path_of(data_copy, name)
    set_cell(path, 2, column, bad)
    rehash_if_aiddata(name, path, monkeypatch)
    with pytest.raises(DataValidationError) as err:
        loader(data_copy)
    assert_names(err.value, path, 2, column)
    assert err.value.found == bad


# ----------------------------------------------------------------------------------------- distributions
def _bump(path: Path, line: int, new: str) -> None:
    set_cell(path, line, "printed", new)
    set_cell(path, line, "value", new.replace(",", ""))


def test_table1_broken_sum(data_copy):
    path = path_of(data_copy, "table1")
    lines = lines_where(path, country="Uzbekistan")
    assert len(lines) == 6
    _bump(path, lines[0], "2.5")  # 1.5 -> 2.5: the six shares now sum to 101.1 > 100 + 6 x 0.05
    with pytest.raises(DataValidationError) as err:
        load.load_table1(data_copy)
    assert_names(err.value, path, lines, "printed")
    assert "101.1" in str(err.value) and "99.7..100.3" in str(err.value)


def test_survey_items_broken_sum(data_copy):
    path = path_of(data_copy, "survey_items")
    lines = lines_where(path, item_id="fig1_partner_factor", group="all")
    assert len(lines) == 5
    first = read_rows(path)[lines[0] - 1][read_rows(path)[0].index("printed")]
    assert first == "42.2"
    _bump(path, lines[0], "45.2")  # sum 103.0; tolerance 5 x 0.5 = 2.5 because '8' has no decimals
    with pytest.raises(DataValidationError) as err:
        load.load_survey_items(data_copy)
    assert_names(err.value, path, lines, "printed")
    assert "103.0" in str(err.value)


def test_survey_items_missing_category_of_distribution(data_copy):
    path = path_of(data_copy, "survey_items")
    rows = read_rows(path)
    line = lines_where(path, item_id="regulate_city", category="local_autonomy")[0]
    del rows[line - 1]
    write_rows(path, rows)
    with pytest.raises(DataValidationError) as err:
        load.load_survey_items(data_copy)
    assert_names(err.value, path, lines_where(path, item_id="regulate_city"), "category")
    assert "local_autonomy" in str(err.value)


def test_demographics_broken_percent_sum(data_copy):
    path = path_of(data_copy, "demographics")
    lines = lines_where(path, characteristic="age", measure="percent")
    assert len(lines) == 4
    _bump(path, lines[0], "25")  # 21 -> 25: sum 104.0; tolerance 4 x 0.5 = 2 (the '21' has no decimals)
    with pytest.raises(DataValidationError) as err:
        load.load_demographics(data_copy)
    assert_names(err.value, path, lines, "printed")


def test_demographics_counts_must_sum_to_n(data_copy):
    path = path_of(data_copy, "demographics")
    lines = lines_where(path, characteristic="gender", measure="count")
    assert len(lines) == 2
    _bump(path, lines[0], "209")  # 209 + 202 = 411 != 410
    with pytest.raises(DataValidationError) as err:
        load.load_demographics(data_copy)
    assert_names(err.value, path, lines, "value")
    assert "411" in str(err.value) and "410" in str(err.value)


def test_demographics_education_exception_is_pinned_to_the_printed_total(data_copy):
    # the paper's education shares sum to 100.7 (10.7% printed for 41/410 = 10.0%); accepted only at exactly 100.7
    path = path_of(data_copy, "demographics")
    line = lines_where(path, characteristic="education", category="Secondary school", measure="percent")[0]
    _bump(path, line, "10.8")
    with pytest.raises(DataValidationError) as err:
        load.load_demographics(data_copy)
    assert_names(err.value, path, lines_where(path, characteristic="education", measure="percent"), "printed")
    assert "100.8" in str(err.value)


# ----------------------------------------------------------------------------------------- other rules
def test_message_format_of_a_bad_number(data_copy):
    path = path_of(data_copy, "table1")
    set_cell(path, 7, "value", "abc")
    with pytest.raises(DataValidationError) as err:
        load.load_table1(data_copy)
    assert str(err.value).startswith(f"{err.value.file}, row 7, column 'value': expected a number")
    assert str(err.value).endswith("found 'abc'")


def test_value_must_equal_printed(data_copy):
    path = path_of(data_copy, "table1")
    printed = read_rows(path)[1][read_rows(path)[0].index("printed")]
    set_cell(path, 2, "value", str(float(printed) + 0.1))
    with pytest.raises(DataValidationError) as err:
        load.load_table1(data_copy)
    assert_names(err.value, path, 2, "value")
    assert repr(printed) in str(err.value)


def test_printed_must_be_a_number_token(data_copy):
    path = path_of(data_copy, "table1_summary")
    set_cell(path, 2, "printed", "4%")
    with pytest.raises(DataValidationError) as err:
        load.load_table1_summary(data_copy)
    assert_names(err.value, path, 2, "printed")


def test_empty_required_field(data_copy):
    path = path_of(data_copy, "case_perceptions")
    set_cell(path, 4, "location", "")
    with pytest.raises(DataValidationError) as err:
        load.load_case_perceptions(data_copy)
    assert_names(err.value, path, 4, "location")
    assert "empty" in str(err.value)


def test_location_form_is_checked(data_copy):
    path = path_of(data_copy, "tie_counts")
    set_cell(path, 2, "location", "Section 5.1, para 1")
    with pytest.raises(DataValidationError) as err:
        load.load_tie_counts(data_copy)
    assert_names(err.value, path, 2, "location")


def test_surrounding_whitespace_is_not_stripped_silently(data_copy):
    path = path_of(data_copy, "table1")
    set_cell(path, 5, "printed", " " + read_rows(path)[4][3])
    with pytest.raises(DataValidationError) as err:
        load.load_table1(data_copy)
    assert_names(err.value, path, 5, "printed")


def test_wrong_column_order(data_copy):
    path = path_of(data_copy, "table1")
    rows = read_rows(path)
    i, j = rows[0].index("printed"), rows[0].index("value")
    for r in rows:
        r[i], r[j] = r[j], r[i]
    write_rows(path, rows)
    with pytest.raises(DataValidationError) as err:
        load.load_table1(data_copy)
    assert_names(err.value, path, 1, "printed")
    assert "position" in str(err.value)


def test_ragged_row(data_copy):
    path = path_of(data_copy, "bri_membership")
    rows = read_rows(path)
    rows[5] = rows[5] + ["surplus"]
    write_rows(path, rows)
    with pytest.raises(DataValidationError) as err:
        load.load_bri_membership(data_copy)
    assert_names(err.value, path, 6, None)
    assert "fields" in str(err.value)


def test_crlf_line_endings_rejected(data_copy):
    path = path_of(data_copy, "interviews")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    with pytest.raises(DataValidationError) as err:
        load.load_interviews(data_copy)
    assert_names(err.value, path, 1, None)
    assert "LF" in str(err.value)


def test_unneeded_quotes_are_rejected(data_copy):
    path = path_of(data_copy, "table1_summary")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace(",pct_agree,", ',"pct_agree",')  # file line 3
    assert '"pct_agree"' in lines[2]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        load.load_table1_summary(data_copy)
    assert_names(err.value, path, 3, None)
    assert "QUOTE_MINIMAL" in str(err.value)


def test_qualifier_must_match_claim(data_copy):
    path = path_of(data_copy, "tie_counts")
    line = lines_where(path, qualifier="up to")[0]
    set_cell(path, line, "qualifier", "")
    with pytest.raises(DataValidationError) as err:
        load.load_tie_counts(data_copy)
    assert_names(err.value, path, line, "qualifier")
    set_cell(path, line, "qualifier", "nearly")
    with pytest.raises(DataValidationError) as err:
        load.load_tie_counts(data_copy)
    assert_names(err.value, path, line, "qualifier")


def test_row_count_is_checked(data_copy):
    path = path_of(data_copy, "table1")
    rows = read_rows(path)
    write_rows(path, rows[:-1])
    with pytest.raises(DataValidationError) as err:
        load.load_table1(data_copy)
    assert_names(err.value, path, 66, None)
    assert "66 data rows" in str(err.value)


def test_table1_response_label_must_match_legend(data_copy):
    path = path_of(data_copy, "table1")
    set_cell(path, 2, "response_label", "disagree")  # response 1 is 'strongly disagree'
    with pytest.raises(DataValidationError) as err:
        load.load_table1(data_copy)
    assert_names(err.value, path, 2, "response_label")


def test_table1_claim_id_pattern(data_copy):
    path = path_of(data_copy, "table1")
    set_cell(path, 2, "claim_id", "t1_somewhere_r1")
    with pytest.raises(DataValidationError) as err:
        load.load_table1(data_copy)
    assert_names(err.value, path, 2, "claim_id")
    assert "t1_uzbekistan_r1" in str(err.value)


def test_unknown_claim_id(data_copy):
    path = path_of(data_copy, "tie_counts")
    set_cell(path, 3, "claim_id", "no_such_claim")
    with pytest.raises(DataValidationError) as err:
        load.load_tie_counts(data_copy)
    assert_names(err.value, path, 3, "claim_id")
    assert "claims.csv" in str(err.value)


def test_printed_token_must_appear_in_its_claim(data_copy):
    path = path_of(data_copy, "tie_counts")
    old = set_cell(path, 2, "printed", "999")
    set_cell(path, 2, "value", "999")
    assert old != "999"
    with pytest.raises(DataValidationError) as err:
        load.load_tie_counts(data_copy)
    assert_names(err.value, path, 2, "printed")


def test_claim_value_must_appear_in_its_printed_text(data_copy):
    path = path_of(data_copy, "claims")
    printed = read_rows(path)[1][read_rows(path)[0].index("printed")]
    set_cell(path, 2, "value", "123456")
    with pytest.raises(DataValidationError) as err:
        load.load_claims(data_copy)
    assert_names(err.value, path, 2, "value")
    assert repr(printed) in str(err.value)


def test_claims_discrepancy_needs_derived_kind_and_note(data_copy):
    path = path_of(data_copy, "claims")
    line = lines_where(path, expected_status="discrepancy")[0]
    set_cell(path, line, "note", "")
    with pytest.raises(DataValidationError) as err:
        load.load_claims(data_copy)
    assert_names(err.value, path, line, "note")
    set_cell(path, line, "note", "restored")
    set_cell(path, line, "kind", "transcribed")
    with pytest.raises(DataValidationError) as err:
        load.load_claims(data_copy)
    assert_names(err.value, path, line, "kind")


def test_broken_claims_file_breaks_dependent_loaders(data_copy):
    claims = path_of(data_copy, "claims")
    set_cell(claims, 2, "chapter", "99_nowhere")
    with pytest.raises(DataValidationError) as err:
        load.load_table1(data_copy)
    assert_names(err.value, claims, 2, "chapter")


def test_interview_date_printed_must_match_date(data_copy):
    path = path_of(data_copy, "interviews")
    set_cell(path, 2, "date", "2014-04-03")  # printed 'April 2, 2014'
    with pytest.raises(DataValidationError) as err:
        load.load_interviews(data_copy)
    assert_names(err.value, path, 2, "date_printed")


def test_invalid_iso_date(data_copy):
    path = path_of(data_copy, "interviews")
    set_cell(path, 3, "date", "2024-02-30")
    with pytest.raises(DataValidationError) as err:
        load.load_interviews(data_copy)
    assert_names(err.value, path, 3, "date")


def test_dyad_year_needs_year_printed(data_copy):
    path = path_of(data_copy, "dyads")
    line = lines_where(path, dyad_id="tianjin_kobe")[0]
    set_cell(path, line, "year_printed", "")
    with pytest.raises(DataValidationError) as err:
        load.load_dyads(data_copy)
    assert_names(err.value, path, line, "year")


def test_timeline_added_year_has_no_claim(data_copy):
    path = path_of(data_copy, "policy_timeline")
    line = lines_where(path, year_source="added")[0]
    set_cell(path, line, "claim_id", "s1_eisenhower_1956")
    with pytest.raises(DataValidationError) as err:
        load.load_policy_timeline(data_copy)
    assert_names(err.value, path, line, "claim_id")


def test_yes_no_column(data_copy):
    path = path_of(data_copy, "bri_membership")
    set_cell(path, 4, "aiib_member", "Yes")
    with pytest.raises(DataValidationError) as err:
        load.load_bri_membership(data_copy)
    assert_names(err.value, path, 4, "aiib_member")


def test_aiddata_modified_file_is_detected(data_copy):
    path = path_of(data_copy, "aiddata")
    rows = read_rows(path)
    rows[10][2] = str(int(rows[10][2]) + 1)  # a plausible edit: one count changed
    write_rows(path, rows)
    with pytest.raises(DataValidationError) as err:
        load.load_aiddata(data_copy)
    assert path.name in str(err.value) and "modified" in str(err.value)
    assert load.AIDDATA_SHA256 in str(err.value)


def test_missing_file(data_copy):
    (data_copy / load.FILES["dyads"]).unlink()
    with pytest.raises(FileNotFoundError, match="dyads.csv"):
        load.load_dyads(data_copy)


def test_resolve_data_dir_names_parameter(tmp_path):
    with pytest.raises(FileNotFoundError, match="data_dir") as err:
        resolve_data_dir(tmp_path / "nowhere")
    assert "nowhere" in str(err.value)
    assert resolve_data_dir(None) == (PACKAGE_ROOT / "data").resolve()


# ----------------------------------------------------------------------------------------- the real data
def test_real_data_loads_with_schema_dtypes(data_copy):
    frames = load.load_all(data_copy)
    assert list(frames) == list(load.FILES)
    for name, frame in frames.items():
        schema = load.SCHEMAS[name]
        assert list(frame.columns) == list(schema.header), name
        assert len(frame) > 0, name
        for col in schema.columns:
            dtype = frame[col.name].dtype
            if col.kind == "value" or col.kind == "float" or col.kind == "intnan":
                assert dtype == "float64", (name, col.name)
            elif col.kind == "int":
                assert str(dtype) == ("int64" if col.required else "Int64"), (name, col.name)
            elif col.kind == "yesno":
                assert dtype == bool, (name, col.name)
            elif col.kind == "date":
                assert pd.api.types.is_datetime64_any_dtype(dtype), (name, col.name)
            else:
                assert pd.api.types.is_string_dtype(dtype), (name, col.name)


def test_table1_real_values():
    t1 = load.load_table1()
    assert t1.shape == (66, 7)
    assert tuple(t1["country"].drop_duplicates()) == load.TABLE1_COUNTRIES
    india6 = t1[(t1["country"] == "India") & (t1["response"] == 6)].iloc[0]
    assert india6["printed"] == "10.0" and india6["value"] == 10.0  # trailing zero kept in printed
    assert set(t1["response_label"]) == set(load.RESPONSE_LABELS)
    assert (t1.groupby("country")["value"].sum().round(1).between(99.7, 100.3)).all()


def test_survey_n_and_demographics():
    assert load.survey_n() == 410
    demo = load.load_demographics()
    counts = demo[demo["measure"] == "count"].groupby("characteristic")["value"].sum()
    assert (counts == 410).all() and len(counts) == 4


def test_case_perceptions_and_aiddata():
    case = load.load_case_perceptions()
    assert case.shape[0] == 18 and set(case["country"]) == set(load.CASE_COUNTRIES)
    assert set(case["item"]) == set(load.CASE_ITEMS)
    aid = load.load_aiddata()
    assert aid["sister_cities_new"].isna().any()  # the East Asia & Pacific release has no yearly counts
    assert aid["sister_cities_new"].notna().any()


def test_every_claim_reference_resolves():
    frames = load.load_all()
    ids = set(frames["claims"]["claim_id"])
    used = set()
    for name, frame in frames.items():
        if "claim_id" in frame.columns and name != "claims":
            used |= {c for c in frame["claim_id"] if c}
    assert used and used <= ids


def test_loaders_do_not_write(data_copy):
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in data_copy.iterdir()}
    load.load_all(data_copy)
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in data_copy.iterdir()}
    assert before == after


def test_numbers_in_text():
    assert 2500.0 in load.numbers_in_text("more than 2,500")
    assert {2.4, 2.4e6} <= set(load.numbers_in_text("2.4 million"))
    assert 3.0 in load.numbers_in_text("three dyads")
    assert 7.0 in load.numbers_in_text("seventh high-level dialogue")
    assert 33.3 in load.numbers_in_text("More than one-third")
    assert 12.0 not in load.numbers_in_text("three dyads")


# ----------------------------------------------------------------------------------------- text_facts.csv
def test_text_facts_value_must_equal_printed(data_copy):
    path = path_of(data_copy, "text_facts")
    line = lines_where(path, fact_id="li_yang_model_elements")[0]
    set_cell(path, line, "value", "4")  # printed 5 ("five elements")
    with pytest.raises(DataValidationError) as err:
        load.load_text_facts(data_copy)
    assert_names(err.value, path, line, "value")
    assert "'5'" in str(err.value) and err.value.found == "4"


def test_text_facts_fraction_value_is_checked_exactly(data_copy):
    path = path_of(data_copy, "text_facts")
    line = lines_where(path, printed="1/3")[0]
    set_cell(path, line, "value", "0.3333")  # 1/3 must be written to exactly 10 decimals
    with pytest.raises(DataValidationError) as err:
        load.load_text_facts(data_copy)
    assert_names(err.value, path, line, "value")
    assert "'0.3333333333'" in str(err.value) and "10 decimals" in str(err.value)


@pytest.mark.parametrize("bad", ["2/6", "3/3", "one-third", "1/3%"])
def test_text_facts_printed_must_be_numeral_or_simple_fraction(data_copy, bad):
    path = path_of(data_copy, "text_facts")
    line = lines_where(path, printed="1/3")[0]
    set_cell(path, line, "printed", bad)
    with pytest.raises(DataValidationError) as err:
        load.load_text_facts(data_copy)
    assert_names(err.value, path, line, "printed")
    assert err.value.found == bad


def test_text_facts_fraction_must_match_the_claims_word(data_copy):
    path = path_of(data_copy, "text_facts")
    line = lines_where(path, printed="1/3")[0]
    set_cell(path, line, "printed", "1/4")
    set_cell(path, line, "value", "0.2500000000")
    with pytest.raises(DataValidationError) as err:
        load.load_text_facts(data_copy)
    assert_names(err.value, path, line, "printed")
    assert "More than one-third" in str(err.value)


def test_text_facts_unit_must_fit_topic(data_copy):
    path = path_of(data_copy, "text_facts")
    line = lines_where(path, topic="rank")[0]
    set_cell(path, line, "unit", "year")
    with pytest.raises(DataValidationError) as err:
        load.load_text_facts(data_copy)
    assert_names(err.value, path, line, "unit")
    assert "'rank'" in str(err.value)


def test_text_facts_rank_must_be_whole(data_copy):
    path = path_of(data_copy, "text_facts")
    line = lines_where(path, topic="rank")[0]
    set_cell(path, line, "printed", "2.5")
    set_cell(path, line, "value", "2.5")
    with pytest.raises(DataValidationError) as err:
        load.load_text_facts(data_copy)
    assert_names(err.value, path, line, "value")


def test_text_facts_real_values():
    facts = load.load_text_facts().set_index("fact_id")
    share = facts.loc["east_asia_pacific_share_of_ties"]
    assert (share["printed"], share["qualifier"], share["unit"]) == ("1/3", "more than", "fraction")
    assert share["value"] == pytest.approx(1 / 3, abs=5e-11)
    assert facts.loc["li_yang_model_elements", "value"] == 5.0
    assert set(facts.loc[facts["topic"] == "rank", "unit"]) == {"rank"}
    # the Section 4 mention of Dunhuang-Aurangabad 2015 is a second printing; dyads.csv keeps the Section 5.2 one
    dyad = load.load_dyads().set_index("dyad_id").loc["dunhuang_aurangabad"]
    assert dyad["claim_id"] != facts.loc["dunhuang_aurangabad_agreement_year", "claim_id"]
    assert dyad["year"] == facts.loc["dunhuang_aurangabad_agreement_year", "value"] == 2015


# ----------------------------------------------------------------------------------------- claims coverage
def transcribed_claims_without_data_row(data_dir=None) -> set[str]:
    """Transcribed claims whose id no tidy file references (any column whose name starts with ``claim_id``)."""
    frames = load.load_all(data_dir)
    referenced: set[str] = set()
    for name, frame in frames.items():
        if name in ("claims", "aiddata"):
            continue
        for column in frame.columns:
            if column.startswith("claim_id"):
                referenced |= {c for c in frame[column] if c}
    claims = frames["claims"]
    return set(claims.loc[claims["kind"] == "transcribed", "claim_id"]) - referenced


def test_every_transcribed_claim_has_a_data_row():
    # chapters state transcribed numbers from the tidy files; a claim only in claims.csv would be compared with itself
    assert transcribed_claims_without_data_row() == set()


def test_transcribed_claim_without_data_row_is_detected(data_copy):
    path = path_of(data_copy, "text_facts")
    rows = read_rows(path)
    line = lines_where(path, fact_id="fieldwork_countries")[0]
    del rows[line - 1]
    write_rows(path, rows)
    assert transcribed_claims_without_data_row(data_copy) == {"s6_fieldwork_four_countries"}


def test_minimal_fixture_is_valid(mini_data):
    frames = load.load_all(mini_data)
    assert frames["table1"].shape == (66, 7)
    assert load.survey_n(mini_data) == 410
