"""paradiplomacy.replication.audit: derived claims recomputed by their sections, transcribed claims validated, checks.

Expected values come from the data files (csv module, Fractions, brute force over counts), never from the audit's
own constants: counts from claims.csv's kind and expected_status columns, expected findings from findings.csv.
"""
from __future__ import annotations

import csv
import json
import math
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from paradiplomacy.data import load_data
from paradiplomacy.errors import DataValidationError
from paradiplomacy.replication import audit

DATA = Path(__file__).resolve().parents[2] / "data"
N = 410


def _csv(name: str, path=DATA) -> list[dict[str, str]]:
    with (path / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _possible(printed: str, n: int) -> bool:
    """Brute force: does some k in 0..n give 100k/n that rounds half-up to the printed one-decimal value?"""
    target = Fraction(printed)
    return any(Fraction(math.floor(Fraction(1000 * k, n) + Fraction(1, 2)), 10) == target for k in range(n + 1))


REGISTRY = _csv("claims.csv")
FINDINGS = _csv("findings.csv")
CHECK_FINDINGS = sorted(r["finding_id"] for r in FINDINGS if r["kind"] == "check")


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
    assert list(report.claims["claim_id"]) == [r["claim_id"] for r in REGISTRY]
    assert dict(zip(report.claims["claim_id"], report.claims["status"])) == {
        r["claim_id"]: r["expected_status"] for r in REGISTRY}
    assert report.ok and report.claim_mismatches == [] and report.check_mismatches == []


def test_headline_counts_derived_claims_only(report):
    derived = Counter(r["expected_status"] for r in REGISTRY if r["kind"] == "derived")
    transcribed = sum(r["kind"] == "transcribed" for r in REGISTRY)
    counts = report.counts()
    assert counts["derived"] == sum(derived.values()) and counts["transcribed"] == transcribed == counts["validated"]
    for status in ("reproduced", "rounding", "discrepancy", "not_computable"):
        assert counts[status] == derived[status]
    assert report.headline.startswith(
        f"{sum(derived.values())} derived claims: {derived['reproduced']} reproduced, {derived['rounding']} within "
        f"rounding, {derived['discrepancy']} discrepancies, {derived['not_computable']} not computable; "
        f"{transcribed} transcribed claims validated at load")


def test_transcribed_claims_are_validated_not_reproduced(claims):
    transcribed = claims[claims["kind"] == "transcribed"]
    assert (transcribed["status_label"] == "validated at load").all()
    assert (claims.loc[claims["kind"] == "derived", "status_label"] != "validated at load").all()
    for row in _csv("table1_friendliness.csv"):  # the stated value is the transcription, exactly
        assert claims.loc[row["claim_id"], "computed"] == float(row["value"])


def test_derived_claims_name_the_section_that_computes_them(claims):
    derived = claims[claims["kind"] == "derived"]
    assert derived["source"].str.fullmatch(r"\w+\.results\(data(, '\w+')?\)").all()
    assert claims.loc["t1_nepal_agree", "source"] == "friendliness.results(data)"
    assert claims.loc["s51_trade_china_share_2023", "source"] == "cases.results(data, 'Kyrgyzstan')"
    computable = derived[derived["expected_status"] != "not_computable"]
    assert computable["computed"].notna().all()


def test_consistency_checks_are_counted_per_claim(claims, checks):
    uses = Counter(c for cs in checks["claims"] for c in cs)
    assert (claims["checks"] == [uses.get(c, 0) for c in claims.index]).all()
    r1 = next(r for r in _csv("table1_friendliness.csv") if r["country"] == "Nepal" and r["response"] == "1")
    assert {"sum.table1.nepal", "t1summary.nepal.agree", "t1summary.nepal.mean"} <= {
        i for i, cs in checks["claims"].items() if r1["claim_id"] in cs}
    assert (claims.loc[claims["kind"] == "transcribed", "checks"] > 0).sum() > 100


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
    assert row["printed"] == printed and checks.loc[f"t1summary.{country}.agree", "status"] == "finding"


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
    assert "Figure 2" in row["cause"] and row["conclusion_changes"] == "weakens"


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
    assert checks.loc["sum.table1.uzbekistan", "status"] == "ok"
    assert "100.1" in checks.loc["sum.table1.uzbekistan", "result"]
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


@pytest.mark.parametrize("check_id", CHECK_FINDINGS)
def test_every_expected_finding_is_found_and_explained(checks, check_id):
    row = checks.loc[check_id]
    assert row["status"] == "finding" and row["expected"] == "finding" and row["cause"] and row["consequence"]


def test_findings_are_exactly_those_of_findings_csv(report):
    found = report.checks.loc[report.checks["status"] == "finding", "check_id"]
    assert sorted(found) == CHECK_FINDINGS
    not_reproduced = {r["claim_id"] for r in REGISTRY if r["expected_status"] != "reproduced"}
    claim_rows = [r for r in FINDINGS if r["kind"] == "claim"]
    assert {r["finding_id"] for r in claim_rows} == not_reproduced
    assert all(r["claim_id"] == r["finding_id"] for r in claim_rows)


def test_summary_counts(report):
    summary = report.summary().set_index(["part", "status"])
    derived = Counter(r["expected_status"] for r in REGISTRY if r["kind"] == "derived")
    assert summary.loc[("derived claims", "discrepancy"), "observed"] == derived["discrepancy"]
    assert summary.loc[("derived claims", "not computable"), "observed"] == derived["not_computable"]
    assert summary.loc[("transcribed claims", "validated at load"), "observed"] == sum(
        r["kind"] == "transcribed" for r in REGISTRY)
    assert (summary["expected"] == summary["observed"]).all()


def test_text_and_json_reports(report):
    lines = report.to_text().splitlines()
    assert lines[0].startswith(f"Replication audit of data/claims.csv: {len(REGISTRY)} claims")
    assert lines[1] == report.headline
    assert "Result: every claim and check came out as expected" in lines
    data = json.loads(report.to_json())
    assert data["ok"] is True and len(data["claims"]) == len(REGISTRY) and data["headline"] == report.headline
    assert data["claims"][0]["claim_id"] == REGISTRY[0]["claim_id"]
    nc = next(c for c in data["claims"] if c["claim_id"] == "s4_continue_economic_text")
    assert nc["computed"] is None  # NaN is written as null
    assert isinstance(data["checks"][0]["claims"], list)


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


def test_expected_findings_come_from_findings_csv(data_copy):
    path = data_copy / "findings.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("bri.grouping,")), encoding="utf-8")
    result = audit.audit(load_data(data_copy))
    assert result.claim_mismatches == [] and result.check_mismatches == ["bri.grouping"]


def test_invalid_data_is_reported(data_copy):
    path = data_copy / "table1_summary.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("pct_agree,84.2,84.2", "pct_agree,84.2,abc", 1),
                    encoding="utf-8")
    with pytest.raises(DataValidationError):
        audit.run_audit(data_copy)


# ------------------------------------------------------------------------------------------- the report chapter
@pytest.mark.notebook
def test_report_chapter_states_the_derived_figures(tmp_path):
    """chapters/09_reproducibility.md runs under papermill and glues the derived counts of claims.csv."""
    from chapter_runner import execute
    from paradiplomacy.data import claims as claims_module

    glued = claims_module.glued_values(execute("09_reproducibility", tmp_path))
    assert not set(glued) & {r["claim_id"] for r in REGISTRY}, "the report chapter may glue book values only"
    derived = Counter(r["expected_status"] for r in REGISTRY if r["kind"] == "derived")
    for status in ("reproduced", "rounding", "discrepancy", "not_computable"):
        assert glued[f"x_derived_{status}"] == derived[status]
    assert glued["x_transcribed"] == sum(r["kind"] == "transcribed" for r in REGISTRY)
    assert glued["x_findings"] == len(CHECK_FINDINGS) and glued["x_audit_mismatches"] == 0
    assert glued["x_sweep_robust"] == glued["x_sweep_groupings"]


def test_registry_status_counts_derived_claims_apart_from_transcribed_ones():
    import csv
    from collections import Counter

    from paradiplomacy.data import load_data
    from paradiplomacy.paths import PACKAGE_ROOT

    with open(PACKAGE_ROOT / "data" / "claims.csv", encoding="utf-8", newline="") as f:
        registry = list(csv.DictReader(f))
    derived = Counter(r["expected_status"] for r in registry if r["kind"] == "derived")
    status = audit.registry_status(load_data())
    assert status.values == {
        "x_registry_derived_reproduced": derived["reproduced"], "x_registry_derived_rounding": derived["rounding"],
        "x_registry_derived_discrepancy": derived["discrepancy"],
        "x_registry_derived_not_computable": derived["not_computable"], "x_registry_total": len(registry),
        "x_registry_derived": sum(derived.values()),
        "x_registry_transcribed": sum(r["kind"] == "transcribed" for r in registry)}
    unresolved = status.tables["unresolved"].data
    assert list(unresolved["Claim"]) == [r["claim_id"] for r in registry if r["expected_status"] != "reproduced"]
    assert "t3_education_2_pct" in set(unresolved["Claim"]) and (unresolved["Why"] != "").all()


def test_reader_tables_name_places_not_claim_ids():
    """Chapter 9's reader tables describe numbers by what and where; only the registry lookups show ids (labelled)."""
    res = audit.results(load_data())
    ids = set(load_data().claims["claim_id"])
    for name in ("summary", "unreproduced", "explained", "families", "findings", "findings_explained"):
        table = res.tables[name]
        cells = {str(c) for c in table.to_numpy().ravel()}
        words = {w.strip(".,;()") for c in cells for w in c.split()}
        assert not (words & ids), f"{name} shows claim ids {sorted(words & ids)}"
        assert not any(c in {"<NA>", "nan", "None", "True", "False"} for c in cells), f"{name}: raw missing values"
        assert len(table.columns) <= 4, f"{name}: {len(table.columns)} columns"
    for name in ("claims", "checks", "intervals"):
        assert res.tables[name].columns[0].endswith("id (registry)")
    assert "See the value printed in Table 1, 84.2." in set(res.tables["findings_explained"]["Most likely cause"])
    for key in ("derived_discrepancy", "grim_findings", "audit_mismatches", "intervals_from_share"):
        assert res.values[f"x_{key}_in_words"] in {"zero", "one", "two", "three", "four", "five", "six", "seven",
                                                    "eight", "nine"} | {str(n) for n in range(10, 300)}
