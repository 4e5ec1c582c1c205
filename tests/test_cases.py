"""paradiplomacy.paper.cases: the three case studies, checked against direct reads of data/ and hand formulas."""
from __future__ import annotations

import csv
import math
from pathlib import Path
from fractions import Fraction
from statistics import NormalDist

import pandas as pd
import pytest

from paradiplomacy.paper import cases
from paradiplomacy.errors import ParameterError

DATA = Path(__file__).resolve().parents[1] / "data"  # not `from conftest import DATA`: tests/browser has a conftest too

N = 410


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _wilson(k: float, n: int, confidence: float) -> tuple[float, float]:
    """Textbook Wilson score interval (percent), written out independently of paradiplomacy.methods.stats."""
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


def _counts_half_up(printed: str, n: int) -> list[int]:
    """Every k whose 100k/n, rounded half-up at the printed decimals, equals the printed value (exact)."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    target = Fraction(printed)
    scale = 10**decimals
    return [k for k in range(n + 1)
            if Fraction(math.floor(Fraction(100 * k, n) * scale + Fraction(1, 2)), scale) == target]


def _aiddata(country: str) -> list[dict[str, str]]:
    return sorted((r for r in _csv("aiddata_china_sister_cities.csv") if r["country"] == country),
                  key=lambda r: int(r["year"]))


# ------------------------------------------------------------------------------------------ country
@pytest.mark.parametrize("func", [cases.perception_table, cases.perception_bars, cases.table1_benchmark,
                                  cases.context_for, cases.dyads_for, cases.aiddata_series, cases.ties_since,
                                  cases.tie_series, cases.source_comparison, cases.external_surveys_for])
@pytest.mark.parametrize("bad", ["Kazakhstan", "", None, 3])
def test_unknown_country_is_a_parameter_error_naming_country(func, bad):
    with pytest.raises(ParameterError) as info:
        func(bad)
    assert info.value.parameter == "country"
    assert "Kyrgyzstan, India, Japan" in str(info.value)


def test_country_names_are_matched_without_regard_to_case():
    assert cases.validate_country("  japan ") == "Japan"
    assert cases.validate_country("KYRGYZSTAN") == "Kyrgyzstan"


def test_favourable_comparison_rejects_an_unknown_country_in_the_list():
    with pytest.raises(ParameterError, match="country"):
        cases.favourable_comparison(["India", "Nepal"])


# -------------------------------------------------------------------------------------- perceptions
@pytest.mark.parametrize("country", ["Kyrgyzstan", "India", "Japan"])
def test_perception_table_has_the_six_items_as_printed(country):
    table = cases.perception_table(country)
    rows = [r for r in _csv("case_perceptions.csv") if r["country"] == country]
    assert list(table["item"]) == ["government_friendly", "people_friendly", "important_diplomacy",
                                   "important_economy", "important_sociocultural", "subnational_important"]
    assert dict(zip(table["item"], table["printed"])) == {r["item"]: r["printed"] for r in rows}
    assert (table["n"] == N).all()


@pytest.mark.parametrize("confidence", [0.95, 0.8])
@pytest.mark.parametrize("country", ["Kyrgyzstan", "India", "Japan"])
def test_intervals_match_a_hand_wilson_formula(country, confidence):
    table = cases.perception_table(country, confidence=confidence)
    for row in table.itertuples():
        fits = _counts_half_up(row.printed, N)
        if fits:  # the count nearest printed * n / 100 when several fit
            k = min(fits, key=lambda c: abs(c - float(row.printed) * N / 100))
            assert row.count == k
        else:  # no count fits: the interval is taken around the printed share itself
            k = float(row.printed) * N / 100
        low, high = _wilson(k, N, confidence)
        assert row.ci_low == pytest.approx(low, abs=1e-9)
        assert row.ci_high == pytest.approx(high, abs=1e-9)


def test_grim_flags_only_kyrgyz_government_friendliness():
    flagged = []
    for country in ("Kyrgyzstan", "India", "Japan"):
        table = cases.perception_table(country)
        for row in table.itertuples():
            hand = _counts_half_up(row.printed, N)
            assert (row.grim == "consistent") == bool(hand), (country, row.item)
            if not hand:
                flagged.append((country, row.item))
    assert flagged == [("Kyrgyzstan", "government_friendly")]
    row = cases.perception_table("Kyrgyzstan").set_index("item").loc["government_friendly"]
    # 395/410 = 96.34 and 396/410 = 96.59: nothing rounds to 96.5
    assert "96.3 or 96.6" in row["grim_note"]
    assert row["count"] is pd.NA and row["count_status"].startswith("impossible")


def test_whole_number_share_is_ambiguous_and_says_so():
    row = cases.perception_table("Kyrgyzstan").set_index("item").loc["subnational_important"]
    assert _counts_half_up("90", N) == [367, 368, 369, 370, 371]
    assert row["count"] == 369  # the count nearest 0.90 * 410 = 369
    assert "367–371" in row["grim_note"] and "not a sharp test" in row["grim_note"]


def test_japan_friendliness_is_printed_as_unfriendly_and_complemented():
    table = cases.perception_table("Japan").set_index("item")
    for item, printed in [("government_friendly", "63.2"), ("people_friendly", "50.2")]:
        row = table.loc[item]
        k = _counts_half_up(printed, N)[0]
        assert row["polarity"] == "disagree" and row["printed"] == printed
        assert row["favourable"] == pytest.approx(100 - float(printed))
        assert row["favourable_count"] == N - k
        low, high = _wilson(N - k, N, 0.95)
        assert row["fav_ci_low"] == pytest.approx(low, abs=1e-9)
        assert row["fav_ci_high"] == pytest.approx(high, abs=1e-9)
        assert row["favourable_source"] == "100 − printed"
    importance = table.loc["important_diplomacy"]
    assert importance["favourable"] == importance["value"] and importance["favourable_source"] == "printed"


def test_perception_bars_show_printed_and_complement_for_japan_only():
    japan = cases.perception_bars("Japan")
    assert len(japan) == 8
    unfriendly = japan[japan["Share"] == cases.SERIES_UNFRIENDLY_PRINTED]
    assert sorted(unfriendly["label"]) == ["50.2", "63.2"]
    computed = japan[japan["Share"] == cases.SERIES_FAVOURABLE_COMPUTED]
    assert sorted(computed["label"]) == ["36.8", "49.8"]
    india = cases.perception_bars("India")
    assert len(india) == 6 and set(india["Share"]) == {cases.SERIES_FAVOURABLE_PRINTED}


def test_favourable_comparison_orders_the_countries():
    comp = cases.favourable_comparison()
    gov = comp[comp["Item"] == cases.ITEM_LABELS["government_friendly"]].set_index("Country")["favourable"]
    assert list(gov.index) == ["Kyrgyzstan", "India", "Japan"]
    assert gov["Kyrgyzstan"] > gov["India"] > gov["Japan"]
    assert gov["Japan"] == pytest.approx(36.8)


def test_table1_benchmark_recomputes_agree_from_the_distribution():
    rows = [r for r in _csv("table1_friendliness.csv") if r["country"] == "Kyrgyzstan" and int(r["response"]) >= 4]
    hand = sum(Fraction(r["printed"]) for r in rows)
    bench = cases.table1_benchmark("Kyrgyzstan")
    assert bench["agree_printed"] == "84.2"
    assert bench["agree_recomputed"] == pytest.approx(float(hand)) == pytest.approx(84.4)
    assert bench["government_friendly"] == 96.5


# ------------------------------------------------------------------------------------ context, dyads
def test_context_for_returns_only_that_country():
    rows = [r for r in _csv("bilateral_context.csv") if r["country"] == "India"]
    context = cases.context_for("India")
    assert sorted(context.index) == sorted(r["indicator_id"] for r in rows)


def test_india_dyads_three_three_four_and_bangalore_fix():
    dyads = cases.dyads_for("India")
    pairs = dyads[dyads["relationship"].isin(["sister_city", "sister_province"])]
    hand = {}
    for r in _csv("dyads.csv"):
        if "India" in (r["country_a"], r["country_b"]) and r["relationship"] != "municipal_relations":
            hand[int(r["year"])] = hand.get(int(r["year"]), 0) + 1
    assert hand == {2013: 3, 2014: 3, 2015: 4}
    assert pairs.groupby("year").size().to_dict() == hand
    fixed = dyads.set_index("dyad_id").loc["chengdu_bangladesh"]
    assert fixed["foreign_partner"] == "Bangladesh" and fixed["partner_meant"] == "Bangalore" and fixed["fixed"]
    assert fixed["label"] == "Chengdu–Bangalore* (sister city)"
    assert list(dyads["year"]) == sorted(dyads["year"])
    assert dyads["label"].is_unique


def test_japan_and_kyrgyz_dyads_put_the_chinese_partner_first():
    japan = cases.dyads_for("Japan").set_index("dyad_id")
    assert japan.loc["tianjin_kobe", "chinese_partner"] == "Tianjin" and japan.loc["tianjin_kobe", "year"] == 1973
    assert sorted(japan["year"]) == [1973, 1991, 1994]
    kyrgyz = cases.dyads_for("Kyrgyzstan")
    assert list(kyrgyz["label"]) == ["Urumqi–Bishkek (sister city)"]


# ------------------------------------------------------------------------------------------ AidData
@pytest.mark.parametrize("country", ["Kyrgyzstan", "India", "Japan"])
def test_aiddata_series_matches_a_direct_csv_read(country):
    rows = _aiddata(country)
    series = cases.aiddata_series(country)
    assert list(series["year"]) == [int(r["year"]) for r in rows]
    assert list(series["cumulative"]) == [int(r["sister_cities_cumulative"]) for r in rows]
    cum = [int(r["sister_cities_cumulative"]) for r in rows]
    assert [int(x) for x in series["added"].iloc[1:]] == [b - a for a, b in zip(cum, cum[1:])]
    assert series["added"].isna().iloc[0]


@pytest.mark.parametrize("country, before, total, formed", [
    ("Kyrgyzstan", 6, 19, 13), ("India", 0, 13, 13), ("Japan", 373, 377, 4)])
def test_ties_since_bri_against_a_hand_count(country, before, total, formed):
    rows = _aiddata(country)
    by_year = {int(r["year"]): int(r["sister_cities_cumulative"]) for r in rows}
    assert (by_year[2012], by_year[max(by_year)]) == (before, total)  # the expected values are the csv's
    result = cases.ties_since(country)
    assert result["from_year"] == 2013
    assert (result["before"], result["total"], result["formed"]) == (before, total, formed)
    assert result["share"] == pytest.approx(100 * formed / total)
    new = [r["sister_cities_new"] for r in rows if int(r["year"]) >= 2013]
    if all(new):
        assert result["new_reported_sum"] == sum(int(float(x)) for x in new) == formed
    else:
        assert result["new_reported_sum"] is None


@pytest.mark.parametrize("year", [2000, 2019, 1999, "2013", True])
def test_ties_since_rejects_years_outside_the_series(year):
    with pytest.raises(ParameterError) as info:
        cases.ties_since("Kyrgyzstan", year)
    assert info.value.parameter == "year"


def test_ties_since_other_year():
    assert cases.ties_since("Kyrgyzstan", 2008)["formed"] == 19 - 4


def test_source_comparison_kyrgyzstan_differences():
    counts = {r["count_id"]: float(r["value"]) for r in _csv("tie_counts.csv")}
    comp = cases.source_comparison("Kyrgyzstan").set_index("measure")
    total, post = counts["kyrgyzstan_total_2025"], counts["kyrgyzstan_post_bri_2025"]
    assert comp.loc["All ties", "difference"] == total - 19
    assert comp.loc["Formed from 2013 (after the BRI began)", "difference"] == post - 13
    assert comp.loc["Formed before 2013", "paper"] == total - post == 6
    assert comp.loc["Formed before 2013", "difference"] == 0


def test_source_comparison_india_by_year():
    comp = cases.source_comparison("India").set_index("measure")
    assert list(comp.loc[["Formed in 2013", "Formed in 2014", "Formed in 2015"], "difference"]) == [0, 0, -1]
    assert comp.loc["Formed 2016–2018", "aiddata"] == 2
    assert comp.loc["All ties", "paper"] == 10 and comp.loc["All ties", "aiddata"] == 13


def test_source_comparison_japan_clair_and_cpaffc():
    comp = cases.source_comparison("Japan").set_index("measure")
    assert comp.loc["All ties, CLAIR (2017)", "difference"] == 381 - 377
    assert comp.loc["All ties, CPAFFC (2025b)", "difference"] == 266 - 377
    assert math.isnan(comp.loc["Formed from 2013", "paper"]) and comp.loc["Formed from 2013", "aiddata"] == 4


def test_tie_series_puts_the_papers_counts_beside_aiddata():
    india = cases.tie_series("India")
    named = india[india["source"] != "AidData (cumulative)"]
    assert list(zip(named["year"], named["ties"])) == [(2013, 3.0), (2014, 6.0), (2015, 10.0)]
    assert set(india["kind"]) == {"series"}
    japan = cases.tie_series("Japan")
    points = japan[japan["kind"] == "point"]
    assert points.set_index("year")["ties"].to_dict() == {2017: 381.0, 2025: 266.0}
    assert sorted(points["label"]) == ["CLAIR 2017: 381", "CPAFFC 2025b: 266"]
    assert (japan.loc[japan["kind"] == "series", "source"] == "AidData (cumulative)").all()
    assert str(india["year"].dtype) == "int64"


# ---------------------------------------------------------------------------------- outside surveys
def test_external_surveys_are_put_beside_the_nearest_item():
    kyrgyz = cases.external_surveys_for("Kyrgyzstan").set_index("survey_id")
    assert kyrgyz.loc["neafie_2024_kyrgyz_positive", "gap"] == pytest.approx(74.0 - 95.1)
    assert kyrgyz.loc["yau_2024_kyrgyz_favorable", "asked_about"] == "China"
    japan = cases.external_surveys_for("Japan").set_index("survey_id")
    assert japan.loc["genron_2024_poor_impression", "paper_share"] == pytest.approx(50.2)
    assert japan.loc["genron_2024_relationship_poor", "paper_share"] == pytest.approx(63.2)
    assert math.isnan(japan.loc["genron_2024_will_deteriorate", "gap"])
    assert (japan["respondents"] == "Chinese public").all()
    assert cases.external_surveys_for("India").empty


# ------------------------------------------------------------------------------------------ helpers
def test_ordinal_words():
    assert [cases.ordinal(i) for i in (1, 2, 3.0, 7)] == ["first", "second", "third", "seventh"]
    for bad in (0, 11, 2.5, True, "2"):
        with pytest.raises(ParameterError, match="rank"):
            cases.ordinal(bad)


def test_bri_launch_year_comes_from_the_timeline():
    rows = {r["event_id"]: r for r in _csv("policy_timeline.csv")}
    assert cases.bri_launch_year() == int(rows["bri_launched"]["year"]) == 2013


def test_a_missing_data_dir_is_reported(tmp_path):
    with pytest.raises(FileNotFoundError, match="data_dir"):
        cases.perception_table("India", tmp_path / "nowhere")


def test_bad_confidence_is_a_parameter_error():
    with pytest.raises(ParameterError, match="confidence"):
        cases.perception_table("India", confidence=95)


def test_case_timeline_merges_dyads_and_milestones_without_repeats():
    events = {r["event_id"]: r for r in _csv("policy_timeline.csv")}
    india = cases.case_timeline("India")
    assert india["label"].is_unique and list(india["year"]) == sorted(india["year"])
    assert (india["origin"] == "dyads.csv").sum() == 11  # ten pairs and the 2005 municipal relations
    milestones = india[india["kind"] == "national milestone"]
    assert events["china_india_ties_begin"]["event"] not in set(milestones["label"])  # shown by the dyads
    assert {events["sino_indian_war"]["event"], events["bri_launched"]["event"]} <= set(milestones["label"])
    japan = cases.case_timeline("Japan")
    assert list(japan["year"]) == [1972, 1973, 1991, 1994, 2007, 2013, 2025]
    assert "Kyrgyzstan" not in " ".join(japan["label"])


def _mcnemar_least(k_a: int, k_b: int, n: int) -> tuple[int, float, float, float]:
    """Brute force over every joint 2x2 table with the given margins: the most discordant one."""
    best = None
    for both in range(0, min(k_a, k_b) + 1):
        only_a, only_b = k_a - both, k_b - both
        neither = n - both - only_a - only_b
        if neither < 0:
            continue
        disc = only_a + only_b
        if best is None or disc > best[0]:
            best = (disc, only_a, only_b)
    disc, only_a, only_b = best
    stat = (only_a - only_b) ** 2 / disc
    p = math.erfc(math.sqrt(stat / 2))  # chi-square with one degree of freedom
    exact = min(1.0, 2 * sum(math.comb(disc, i) for i in range(0, min(only_a, only_b) + 1)) / 2**disc)
    return disc, stat, p, exact


@pytest.mark.parametrize("item, a, b", [("people_friendly", "Kyrgyzstan", "India"),
                                        ("government_friendly", "India", "Japan"),
                                        ("subnational_important", "India", "Japan"),
                                        ("important_economy", "India", "Kyrgyzstan")])
def test_paired_contrast_least_favourable_table_by_brute_force(item, a, b):
    ka = cases.perception_table(a).set_index("item").loc[item, "favourable_count"]
    kb = cases.perception_table(b).set_index("item").loc[item, "favourable_count"]
    disc, stat, p, exact = _mcnemar_least(int(ka), int(kb), N)
    result = cases.paired_contrast(item, a, b)
    assert (result["k_a"], result["k_b"]) == (ka, kb)
    assert result["discordant_max"] == disc and result["discordant_min"] == abs(ka - kb)
    assert result["chi2_least"] == pytest.approx(stat)
    assert result["p_least"] == pytest.approx(p, rel=1e-9, abs=1e-300)
    assert result["p_exact_least"] == pytest.approx(exact, rel=1e-6, abs=1e-300)
    assert result["both_min"] == max(0, ka + kb - N) and result["both_max"] == min(ka, kb)


def test_paired_contrast_rejects_bad_arguments():
    with pytest.raises(ParameterError) as info:
        cases.paired_contrast("government_friendly", "Kyrgyzstan", "India")  # 96.5 fits no count
    assert info.value.parameter == "item"
    with pytest.raises(ParameterError, match="item"):
        cases.paired_contrast("friendly", "India", "Japan")
    with pytest.raises(ParameterError, match="country_b"):
        cases.paired_contrast("people_friendly", "India", "india")
    with pytest.raises(ParameterError, match="country"):
        cases.paired_contrast("people_friendly", "India", "Nepal")


def test_contrast_table_keeps_untestable_items_with_a_reason():
    table = cases.contrast_table("Kyrgyzstan", "India").set_index("item")
    assert len(table) == 6
    gov = table.loc["government_friendly"]
    assert math.isnan(gov["p_least"]) and "fits no whole number" in gov["note"]
    people = table.loc["people_friendly"]
    assert people["note"] == "" and people["k_a"] == 390 and people["k_b"] == 285
    with pytest.raises(ParameterError, match="item"):
        cases.contrast_table("India", "Japan", items=["nonsense"])
