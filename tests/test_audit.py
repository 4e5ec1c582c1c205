"""paradiplomacy.replication.audit: every claim recomputed without running a chapter, and the checks that are not claims.

Expected values are computed here independently of paradiplomacy (csv module, Fractions, brute force over counts)
and compared exactly, or with the tolerance stated at the assertion.
"""
from __future__ import annotations

import csv
import math
from fractions import Fraction
from pathlib import Path

import pytest

from paradiplomacy.replication import audit
from paradiplomacy.errors import DataValidationError

DATA = Path(__file__).resolve().parents[1] / "data"  # not `from conftest import DATA`: tests/browser has a conftest too
N = 410


def _csv(name: str, path=DATA) -> list[dict[str, str]]:
    with (path / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _possible(printed: str, n: int) -> bool:
    """Brute force: does some k in 0..n give 100k/n that rounds half-up to the printed one-decimal value?"""
    target = Fraction(printed)
    return any(Fraction(math.floor(Fraction(1000 * k, n) + Fraction(1, 2)), 10) == target for k in range(n + 1))


@pytest.fixture(scope="module")
def report():
    return audit.run_audit()


@pytest.fixture(scope="module")
def claims(report):
    return report.claims.set_index("claim_id")


@pytest.fixture(scope="module")
def checks(report):
    return report.checks.set_index("check_id")


# ------------------------------------------------------------------------------------------- the registry
def test_every_status_agrees_with_the_registry(report):
    registry = _csv("claims.csv")
    assert len(report.claims) == len(registry)
    expected = {r["claim_id"]: r["expected_status"] for r in registry}
    observed = dict(zip(report.claims["claim_id"], report.claims["status"]))
    assert observed == expected
    assert report.ok and report.claim_mismatches == [] and report.check_mismatches == []


def test_every_computable_claim_has_a_value_and_a_method(claims):
    computable = claims[claims["expected_status"] != "not_computable"]
    assert computable["computed"].notna().all()
    assert (computable["method"] != "").all()
    assert claims.loc[claims["kind"] == "transcribed", "method"].str.startswith("transcribed: ").all()


def test_transcribed_values_come_from_the_tidy_rows(claims):
    for row in _csv("table1_friendliness.csv"):
        assert claims.loc[row["claim_id"], "computed"] == float(row["value"])  # exact
    for row in _csv("dyads.csv"):
        if row["claim_id"]:
            assert claims.loc[row["claim_id"], "computed"] == float(row["year"])


def test_table3_secondary_school_discrepancy(claims):
    row = claims.loc["t3_education_2_pct"]
    count = next(int(r["value"]) for r in _csv("demographics.csv") if r["claim_id"] == "t3_education_2_count")
    assert row["status"] == "discrepancy" and row["printed"] == "10.7"
    assert row["computed"] == pytest.approx(100 * count / N, abs=1e-12)  # 41/410 = 10.0
    assert row["cause"] and row["conclusion_changes"] == "no"


@pytest.mark.parametrize("country, printed, recomputed", [("kyrgyzstan", "84.2", "84.4"), ("nepal", "74.6", "78.6")])
def test_table1_agree_discrepancies(claims, checks, country, printed, recomputed):
    shares = [r["printed"] for r in _csv("table1_friendliness.csv") if r["country"].lower() == country]
    assert sum(Fraction(s) for s in shares[3:]) == Fraction(recomputed)  # hand sum of answers 4-6
    row = claims.loc[f"t1_{country}_agree"]
    assert row["status"] == "discrepancy" and row["computed"] == pytest.approx(float(recomputed), abs=1e-12)
    assert checks.loc[f"t1summary.{country}.agree", "status"] == "finding"


def test_bri_average_is_truncated_not_rounded(claims, checks):
    agree = {r["country"]: Fraction(r["printed"]) for r in _csv("table1_summary.csv") if r["statistic"] == "pct_agree"}
    bri = [r["country"] for r in _csv("bri_membership.csv") if r["paper_group"] == "BRI"]
    mean = sum(agree[c] for c in bri) / len(bri)
    assert mean == Fraction(4753, 60)  # 475.3 / 6
    row = claims.loc["s31_bri_pct_agree"]
    assert row["status"] == "rounding" and row["computed"] == pytest.approx(float(mean), abs=1e-12)
    assert checks.loc["bri.bri_mean", "status"] == "finding"
    assert "truncated, not rounded" in checks.loc["bri.bri_mean", "result"]
    assert checks.loc["bri.non_bri_mean", "status"] == "ok"


def test_only_the_papers_grouping_reproduces_both_averages(checks):
    row = checks.loc["bri.grouping"]
    assert row["status"] == "finding" and row["result"].startswith("1 of 2046 splits")
    assert "Philippines" in row["result"]


@pytest.mark.parametrize("claim_id", ["s4_continue_economic_text", "s4_continue_sociocultural_text"])
def test_figure2_text_shares_are_not_computable(claims, claim_id):
    row = claims.loc[claim_id]
    assert row["status"] == "not_computable" and math.isnan(row["computed"])
    assert "Figure 2" in row["reason"]


def test_half_of_all_countries(claims):
    row = claims.loc["s5_bri_half_of_countries"]
    assert row["status"] == "discrepancy"
    assert row["computed"] == pytest.approx(100 * 150 / 193, abs=1e-12)


# ------------------------------------------------------------------------------------------- checks
def test_grim_findings_are_exactly_the_four_impossible_shares(checks):
    grim = checks[checks["family"] == "GRIM granularity"]
    found = sorted(grim.index[grim["status"] == "finding"])
    assert found == ["grim.kyrgyzstan_government_friendly", "grim.t1_kazakhstan_agree",
                     "grim.t1_kyrgyzstan_agree", "grim.t1_philippines_agree"]
    for check_id in found:
        assert not _possible(grim.loc[check_id, "printed"], N)  # brute force agrees
    for printed in ("86.1", "96.6", "42.2"):
        assert _possible(printed, N)
    assert "405 or 423" in grim.loc["grim.kyrgyzstan_government_friendly", "result"]
    assert _possible("96.5", 405) and _possible("96.5", 423)
    assert not any(_possible("96.5", m) for m in range(406, 423))


def test_grim_covers_every_one_decimal_survey_share(checks):
    one_decimal = set()
    for name in ("table1_friendliness.csv", "table1_summary.csv", "demographics.csv", "survey_items.csv",
                 "case_perceptions.csv"):
        for r in _csv(name):
            if "." in r["printed"] and r.get("measure", "percent") == "percent" and r.get("statistic") != "mean":
                one_decimal.add(r["claim_id"])
    grim = checks[checks["family"] == "GRIM granularity"]
    assert {i.removeprefix("grim.") for i in grim.index} == one_decimal


def test_sum_checks(checks):
    assert checks.loc["sum.table3_pct.education", "status"] == "finding"
    assert checks.loc["sum.table1.uzbekistan", "status"] == "ok" and "100.1" in checks.loc["sum.table1.uzbekistan",
                                                                                            "result"]
    for block in ("age", "gender", "education", "income"):
        assert checks.loc[f"sum.table3_count.{block}", "status"] == "ok"
    assert (checks[checks["family"] == "Distribution sums"]["status"] == "finding").sum() == 1


def test_figure3_labels_contradict_the_text(checks):
    row = checks.loc["figtext.figure3"]
    assert row["status"] == "finding" and "27.8" in row["result"] and "72.2" in row["result"]
    assert checks.loc["figtext.figure2", "status"] == "finding"
    assert "15.6 and 24.9" in checks.loc["figtext.figure2", "result"]  # 79.0 - 63.4 and 73.9 - 49.0
    assert checks.loc["figtext.figure1", "status"] == "ok"


@pytest.mark.parametrize("check_id", ["names.chengdu_bangladesh", "names.china_kazakhstan",
                                      "names.fieldwork_four_countries", "names.india_ndb", "names.tourist_rank",
                                      "names.japan_most_ties", "names.income_band_gap", "names.interview_dates"])
def test_name_and_statement_findings(checks, check_id):
    assert checks.loc[check_id, "status"] == "finding"
    assert checks.loc[check_id, "cause"]


def test_fieldwork_countries_from_table2(checks):
    places = {r["place"].rstrip(")").split(", ")[-1].replace("conducted in Hong Kong SAR", "China").replace(
        "Online Interview (", "") for r in _csv("interviews.csv")}
    assert places == {"China", "Kyrgyzstan"}
    assert checks.loc["names.fieldwork_four_countries", "computed"] == "2 (China, Kyrgyzstan)"


def test_every_known_finding_has_a_check(report):
    assert set(audit.KNOWN_FINDINGS) <= set(report.checks["check_id"])
    assert set(report.checks.loc[report.checks["status"] == "finding", "check_id"]) == set(audit.KNOWN_FINDINGS)


def test_summary_counts(report):
    summary = report.summary().set_index("status")
    assert summary.loc["discrepancy", "observed"] == 4 and summary.loc["not computable", "observed"] == 2
    assert summary.loc["within rounding", "observed"] == 1
    assert (summary["expected"] == summary["observed"]).all()


def test_text_and_json_reports(report):
    text = report.to_text()
    assert text.splitlines()[0].startswith("Replication audit of data/claims.csv: 271 claims")
    assert "Result: every claim and check came out as expected" in text
    data = report.to_dict()
    assert data["ok"] is True and len(data["claims"]) == 271
    assert data["claims"][0]["claim_id"] == "s1_eisenhower_1956"
    nc = next(c for c in data["claims"] if c["claim_id"] == "s4_continue_economic_text")
    assert nc["computed"] is None  # NaN is written as null


# ------------------------------------------------------------------------------------------- broken copies
def _swap_in(path, claims_path, replacements: dict[str, str], claim_edits: dict[str, tuple[str, str]]):
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    lines = claims_path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        cid = line.split(",", 1)[0]
        if cid in claim_edits:
            old, new = claim_edits[cid]
            assert old in line
            lines[i] = line.replace(old, new, 1)
    claims_path.write_text("".join(lines), encoding="utf-8")


def test_a_claim_that_stops_reproducing_fails_the_audit(data_copy):
    # swap Uzbekistan's answers 3 and 4 (the row still sums to 100): the printed % Agree no longer follows
    _swap_in(data_copy / "table1_friendliness.csv", data_copy / "claims.csv",
             {"Uzbekistan,3,moderately disagree,15.4,15.4": "Uzbekistan,3,moderately disagree,32.0,32.0",
              "Uzbekistan,4,moderately agree,32.0,32.0": "Uzbekistan,4,moderately agree,15.4,15.4"},
             {"t1_uzbekistan_r3": (",15.4,15.4,", ",32.0,32.0,"), "t1_uzbekistan_r4": (",32.0,32.0,", ",15.4,15.4,")})
    result = audit.run_audit(data_copy)
    assert not result.ok
    assert "t1_uzbekistan_agree" in result.claim_mismatches
    assert "t1summary.uzbekistan.agree" in result.check_mismatches


def test_a_finding_that_disappears_fails_the_audit(data_copy):
    _swap_in(data_copy / "case_perceptions.csv", data_copy / "claims.csv",
             {"Kyrgyzstan,government_friendly,agree,,96.5,96.5": "Kyrgyzstan,government_friendly,agree,,96.6,96.6"},
             {"kyrgyzstan_government_friendly": (",96.5%,96.5,", ",96.6%,96.6,")})
    result = audit.run_audit(data_copy)
    assert result.claim_mismatches == []
    assert result.check_mismatches == ["grim.kyrgyzstan_government_friendly"]


def test_invalid_data_is_reported(data_copy):
    path = data_copy / "table1_summary.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("pct_agree,84.2,84.2", "pct_agree,84.2,abc", 1),
                    encoding="utf-8")
    with pytest.raises(DataValidationError):
        audit.run_audit(data_copy)


# ------------------------------------------------------------------------------------------- the report chapter
@pytest.mark.notebook
def test_report_chapter_states_the_audit(tmp_path, report):
    """chapters/09_reproducibility.md runs under papermill and glues the audit's own counts."""
    from chapter_runner import execute
    from paradiplomacy.data import claims as claims_module

    glued = claims_module.glued_values(execute("09_reproducibility", tmp_path))
    assert not set(glued) & set(report.claims["claim_id"]), "the report chapter may glue book values only"
    for code in audit.STATUS_LABELS:
        assert glued[f"x_status_{code}"] == int((report.claims["status"] == code).sum())
    assert glued["x_findings"] == len(audit.KNOWN_FINDINGS)
    assert glued["x_audit_verdict"] == "every status came out as expected"
    assert glued["x_sweep_all_robust"] == "every"
