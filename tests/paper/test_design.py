"""paradiplomacy.paper.design: chapter 1's numbers, Table 2 and Table 3, checked against the article and by hand."""
from __future__ import annotations

import csv
import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from paradiplomacy.data import load_data
from paradiplomacy.errors import ParameterError
from paradiplomacy.paper import design
from reference import wilson  # tests/reference.py: textbook formula

ROOT = Path(__file__).resolve().parents[2]


def _csv(name: str) -> list[dict]:
    with open(ROOT / "data" / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def res():
    return design.results(load_data())


def test_every_claim_of_chapter_1_is_a_value_and_transcribed_ones_equal_the_registry(res):
    claims = [c for c in _csv("claims.csv") if c["chapter"] == "01_introduction"]
    assert {c["claim_id"] for c in claims} <= set(res.values)
    for claim in claims:
        if claim["kind"] == "transcribed":
            assert res.values[claim["claim_id"]] == float(claim["value"]), claim["claim_id"]
    assert res.values["t2_n_interviews"] == 10  # Table 2 numbers its rows 1 to 10


def test_table3_shares_are_the_printed_counts_over_410(res):
    rows = {(r["characteristic"], r["order"], r["measure"]): r for r in _csv("demographics.csv")}
    for (characteristic, order, measure), row in rows.items():
        if measure == "count":
            pct = rows[(characteristic, order, "percent")]
            assert res.values[pct["claim_id"]] == pytest.approx(100 * int(row["printed"]) / 410, abs=1e-12)
            assert res.values[row["claim_id"]] == int(row["printed"])
    profile = res.tables["profile"].set_index("category")
    assert len(profile) == 16 and profile.groupby("characteristic")["count"].sum().eq(410).all()
    secondary = profile.loc["Secondary school"]  # printed 10.7 % of 410, but 41 / 410 = 10.0 %
    assert (secondary["count"], secondary["pct_printed"], secondary["status"]) == (41, "10.7", "discrepancy")
    assert (profile.drop(index="Secondary school")["status"] == "reproduced").all()
    assert profile.loc["18–29", "pct_printed"] == "21"  # 86 / 410 = 20.98, printed without decimals


def test_book_values_of_table3(res):
    v = res.values
    assert (v["x_secondary_printed"], v["x_secondary_count"]) == ("10.7", 41)
    printed = [r["printed"] for r in _csv("demographics.csv") if r["characteristic"] == "education"
               and r["measure"] == "percent"]
    assert v["x_education_pct_total"] == str(sum(map(Decimal, printed))) == "100.7"
    assert (v["x_blocks"], v["x_blocks_summing_to_n"], v["x_rows_total"], v["x_rows_reproduced"]) == (4, 4, 16, 15)


def test_intervals_match_the_wilson_formula_at_another_level():
    res = design.results(load_data(), confidence=0.8)
    low, high = wilson(208, 410, 0.8)  # Table 3: 208 women
    female = res.tables["profile"].set_index("category").loc["Female"]
    assert female["ci_low"] == pytest.approx(100 * low, abs=1e-9)
    assert female["ci_high"] == pytest.approx(100 * high, abs=1e-9)
    assert res.values["x_confidence_pct"] == "80"
    assert f"{100 * low:.1f}–{100 * high:.1f}" in res.tables["table3"].to_html()


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.1, "0.95"])
def test_bad_confidence_is_refused_by_name(confidence):
    with pytest.raises(ParameterError, match="confidence"):
        design.results(load_data(), confidence=confidence)


def test_granularity_of_one_decimal_shares(res):
    shares = {math.floor(Fraction(1000 * k, 410) + Fraction(1, 2)) for k in range(411)}  # half-up, in 0.1 points
    assert res.values["x_possible_count"] == len(shares) == 411
    assert res.values["x_possible_share"] == pytest.approx(100 * 411 / 1001)
    assert res.values["x_step_pct"] == pytest.approx(100 / 410)


def test_table2_places_each_interview(res):
    table = res.tables["interviews"]
    assert list(table["No."]) == list(range(1, 11))
    assert table["country"].notna().all()
    assert table.loc[table["No."] == 8, "country"].item() == "China"  # online, conducted in Hong Kong SAR
    v = res.values
    assert (v["x_interviews_kyrgyzstan"], v["x_interviews_china"], v["x_interviews_online"]) == (5, 5, 2)
    assert list(res.tables["table2"].data.columns) == ["Number", "Interviewee description", "Location", "Date"]
    assert (v["x_interview_first"], v["x_interview_last"]) == ("April 2, 2014", "April 2, 2025")


def test_table3_as_printed_has_the_article_rows_columns_and_tokens(res):
    table = res.tables["table3_printed"].data
    assert list(table.columns) == ["Individual characteristics", "No. of samples", "%"]
    assert len(table) == 16 + 4  # sixteen groups under four block headings
    headings = table[table["No. of samples"] == ""]["Individual characteristics"].tolist()
    assert headings == ["Age range", "Gender", "Education level", "Monthly income (RMB)"]
    rows = {r["Individual characteristics"]: (r["No. of samples"], r["%"]) for _, r in table.iterrows()}
    assert rows["18–29"] == ("86", "21") and rows["Secondary school"] == ("41", "10.7")
    assert rows["10,001–20,000"] == ("168", "41.0") and rows["> 35,001"] == ("26", "6.3")


def test_table3_checks_are_narrow_and_readable(res):
    check, shown = res.tables["table3_check"].data, res.tables["table3_intervals"].data
    assert len(check.columns) <= 5 and len(shown.columns) <= 4
    assert set(check["Status"]) == {"reproduced", "discrepancy"}
    assert check.set_index("Group").loc["Secondary school", "% (count / n)"] == "10.00"
    assert "Wilson interval (%, 95% level)" in shown.columns


def test_results_follow_the_data_folder(data_copy):
    path = data_copy / "demographics.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Female,1,count,208,208", "Female,1,count,209,209")
                    .replace("Male,2,count,202,202", "Male,2,count,201,201"), encoding="utf-8")
    claims = data_copy / "claims.csv"
    lines = claims.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith(("t3_gender_1_count,", "t3_gender_2_count,")):
            lines[i] = line.replace(",208,208,", ",209,209,").replace(",202,202,", ",201,201,")
    claims.write_text("".join(lines), encoding="utf-8")
    res = design.results(load_data(data_copy))
    assert res.values["t3_gender_1_count"] == 209
    assert res.values["t3_gender_1_pct"] == pytest.approx(100 * 209 / 410)
