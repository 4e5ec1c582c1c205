"""paradiplomacy.paper.cases: the three case studies, checked against direct reads of data/ and hand computations.

Expected values come from the CSV files read with :mod:`csv` (the article's numbers), textbook formulas
(tests/reference.py's Wilson interval) and brute-force enumeration (GRIM counts, McNemar over every joint table).
"""
from __future__ import annotations

import csv
import math
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from paradiplomacy.data import load_data
from paradiplomacy.errors import ParameterError
from paradiplomacy.paper import cases
from paradiplomacy.paper.results import format_p
from reference import wilson

DATA = Path(__file__).resolve().parents[2] / "data"
N = 410
COUNTRIES = ("Kyrgyzstan", "India", "Japan")
CHAPTERS = {"Kyrgyzstan": "05_kyrgyzstan", "India": "06_india", "Japan": "07_japan"}
ITEMS = ("government_friendly", "people_friendly", "important_diplomacy", "important_economy",
         "important_sociocultural", "subnational_important")


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _counts_half_up(printed: str, n: int = N) -> list[int]:
    """Every k whose 100k/n, rounded half-up at the printed decimals, equals the printed value (exact)."""
    scale = 10 ** (len(printed.split(".")[1]) if "." in printed else 0)
    target = Fraction(printed)
    return [k for k in range(n + 1)
            if Fraction(math.floor(Fraction(100 * k, n) * scale + Fraction(1, 2)), scale) == target]


def _count(printed: str) -> float:
    """The count used for an interval: the fitting count nearest the share, or the share itself if none fits."""
    fits = _counts_half_up(printed)
    return min(fits, key=lambda c: abs(c - float(printed) * N / 100)) if fits else float(printed) * N / 100


def _perceptions(country: str) -> dict[str, dict[str, str]]:
    return {r["item"]: r for r in _csv("case_perceptions.csv") if r["country"] == country}


def _aiddata(country: str) -> dict[int, int]:
    return {int(r["year"]): int(r["sister_cities_cumulative"]) for r in _csv("aiddata_china_sister_cities.csv")
            if r["country"] == country}


@pytest.fixture(scope="module")
def data():
    return load_data()


@pytest.fixture(scope="module")
def res(data):
    return {c: cases.results(data, c) for c in COUNTRIES}


# ------------------------------------------------------------------------------------------ parameters
@pytest.mark.parametrize("bad", ["Kazakhstan", "india", "", None, 3])
def test_unknown_country_is_a_parameter_error_naming_country(data, bad):
    with pytest.raises(ParameterError) as info:
        cases.results(data, bad)
    assert info.value.parameter == "country" and "Kyrgyzstan, India, Japan" in str(info.value)


@pytest.mark.parametrize("bad", [95, 0, 1.0, "0.95", True])
def test_bad_confidence_is_a_parameter_error(data, bad):
    with pytest.raises(ParameterError) as info:
        cases.results(data, "India", confidence=bad)
    assert info.value.parameter == "confidence"


# ------------------------------------------------------------------------------------------ claims
@pytest.mark.parametrize("country", COUNTRIES)
def test_every_claim_of_the_chapter_is_a_value_equal_to_the_registry(res, country):
    claims = [r for r in _csv("claims.csv") if r["chapter"] == CHAPTERS[country]]
    values = res[country].values
    assert {r["claim_id"] for r in claims} <= set(values)
    for r in claims:
        if r["kind"] == "transcribed":
            assert values[r["claim_id"]] == pytest.approx(float(r["value"]), abs=1e-12), r["claim_id"]


def test_derived_claims_are_recomputed_from_their_sources(res):
    context = {r["indicator_id"]: float(r["value"]) for r in _csv("bilateral_context.csv")}
    kyrgyz = res["Kyrgyzstan"].values
    share = 100 * context["kyrgyzstan_trade_with_china"] / context["kyrgyzstan_trade_total"]
    assert kyrgyz["s51_trade_china_share_2023"] == pytest.approx(share)
    assert share != context["kyrgyzstan_trade_china_share"]  # recomputed, not the transcribed 35
    first = min(int(r["year"]) for r in _csv("dyads.csv") if "Kyrgyzstan" in (r["country_a"], r["country_b"]))
    relations = next(int(r["year"]) for r in _csv("policy_timeline.csv")
                     if r["event_id"] == "china_kyrgyzstan_relations")
    assert kyrgyz["s51_subnational_one_year_after"] == first - relations == 1
    india, japan = _perceptions("India"), _perceptions("Japan")
    assert res["India"].values["s52_people_friendly_restated"] == float(india["people_friendly"]["value"])
    assert res["India"].values["s52_important_restated"] == min(
        float(india["important_diplomacy"]["value"]), float(india["important_economy"]["value"])) == 80.2
    assert res["Japan"].values["s53_subnational_important_restated"] == float(japan["subnational_important"]["value"])


@pytest.mark.parametrize("country", COUNTRIES)
def test_values_are_plain_python_and_never_nan(res, country):
    for name, value in res[country].values.items():
        assert type(value) in (int, float, str), (name, type(value))
        assert not (isinstance(value, float) and math.isnan(value)), name


def test_ordinal_words_follow_the_printed_ranks(res):
    assert res["India"].values["x_s52_trade_partner_rank_word"] == "second"
    japan = res["Japan"].values
    assert (japan["x_s53_destination_rank_word"], japan["x_s53_seventh_dialogue_word"]) == ("third", "seventh")


# ------------------------------------------------------------------------------------- perceptions
@pytest.mark.parametrize("confidence", [0.95, 0.8])
@pytest.mark.parametrize("country", COUNTRIES)
def test_intervals_match_the_wilson_formula(data, country, confidence):
    result = cases.results(data, country, confidence=confidence)
    table = result.tables["perceptions"].data
    rows = _perceptions(country)
    assert list(table["% (printed)"]) == [rows[i]["printed"] for i in ITEMS]
    for item, shown in zip(ITEMS, table["Wilson interval (%)"]):
        low, high = wilson(_count(rows[item]["printed"]), N, confidence)
        assert shown == f"{100 * low:.1f}–{100 * high:.1f}", item
    assert result.values["x_confidence_pct"] == f"{100 * confidence:g}"


def test_grim_flags_only_the_kyrgyz_government_share(res):
    for country in COUNTRIES:
        ok = sum(bool(_counts_half_up(r["printed"])) for r in _perceptions(country).values())
        assert res[country].values["x_grim_ok"] == ok
    kyrgyz = res["Kyrgyzstan"].values
    assert "x_grim_bad_printed" not in res["India"].values
    # 395/410 = 96.34 and 396/410 = 96.59: nothing rounds to 96.5
    assert (kyrgyz["x_grim_bad_printed"], kyrgyz["x_grim_below"], kyrgyz["x_grim_above"]) == ("96.5", "96.3", "96.6")
    below = max(m for m in range(380, N) if any(round(Fraction(1000 * k, m)) == 965 for k in range(m + 1)))
    assert kyrgyz["x_grim_n_below"] == below
    grim = res["Kyrgyzstan"].tables["perceptions"].data["GRIM"]
    assert grim[0] == "fails (nearest 96.3 or 96.6)"
    assert _counts_half_up("90") == [367, 368, 369, 370, 371]
    assert grim[5] == "passes (whole number: not sharp)" and set(grim[1:5]) == {"passes"}
    # only Japan's table, which has printed unfriendly shares, says which share is printed and adds the favourable one
    assert "Printed share is" not in res["Kyrgyzstan"].tables["perceptions"].data.columns


def test_japan_friendliness_is_printed_as_unfriendly_and_complemented(res):
    japan = res["Japan"]
    table = japan.tables["perceptions"].data
    assert list(table["Printed share is"]) == ["unfriendly"] * 2 + ["agree"] * 4
    assert list(table["Favourable (%)"][:2]) == pytest.approx([100 - 63.2, 100 - 50.2])
    assert japan.values["x_gov_friendly"] == pytest.approx(36.8)
    k = _counts_half_up("50.2")[0]
    low, high = wilson(N - k, N)
    assert (japan.values["x_people_ci_low"], japan.values["x_people_ci_high"]) == pytest.approx((100 * low, 100 * high))
    assert japan.values["x_people_ci_low"] < 50 < japan.values["x_people_ci_high"]
    assert japan.values["x_other_gov_unfriendly_max"] == pytest.approx(100 - 65.1)  # India's complement


def test_lowest_item_and_the_descending_scale(res):
    kyrgyz = res["Kyrgyzstan"].values
    assert kyrgyz["x_lowest_item"] == cases.ITEM_LABELS["important_economy"]
    assert kyrgyz["x_lowest_ci_low"] == pytest.approx(100 * wilson(_count("84.9"), N)[0])
    fav = {c: [float(r["value"]) if r["polarity"] == "agree" else 100 - float(r["value"])
               for r in _perceptions(c).values()] for c in COUNTRIES}
    descending = sum(k > i > j for k, i, j in zip(fav["Kyrgyzstan"], fav["India"], fav["Japan"]))
    assert res["Japan"].values["x_items_descending"] == descending == 6


def test_table1_benchmark_adds_the_agreeing_columns(res):
    rows = [r for r in _csv("table1_friendliness.csv") if r["country"] == "Kyrgyzstan" and int(r["response"]) >= 4]
    kyrgyz = res["Kyrgyzstan"].values
    assert kyrgyz["x_t1_agree_printed"] == "84.2"
    assert kyrgyz["x_t1_agree_recomputed"] == pytest.approx(float(sum(Fraction(r["printed"]) for r in rows))) == 84.4
    assert kyrgyz["x_t1_gap"] == pytest.approx(96.5 - 84.4)


# ------------------------------------------------------------------------------------------ ties
@pytest.mark.parametrize("country, before, total, formed", [
    ("Kyrgyzstan", 6, 19, 13), ("India", 0, 13, 13), ("Japan", 373, 377, 4)])
def test_aiddata_values_against_a_hand_count(res, country, before, total, formed):
    by_year = _aiddata(country)
    assert (by_year[2012], by_year[max(by_year)]) == (before, total)  # the expected values are the csv's
    values = res[country].values
    assert (values["x_aid_before"], values["x_aid_total"], values["x_aid_formed"]) == (before, total, formed)
    assert values["x_aid_share_formed"] == pytest.approx(100 * formed / total)
    assert (values["x_aid_first_year"], values["x_aid_first"]) == (min(by_year), by_year[min(by_year)])
    assert values["x_bri_year"] == 2013 and values["x_aid_last_year"] == max(by_year)
    aid = res[country].tables["aiddata"]
    years = sorted(by_year)
    assert list(aid["year"]) == years and aid["added"].isna().iloc[0]
    assert [int(x) for x in aid["added"].iloc[1:]] == [by_year[b] - by_year[a] for a, b in zip(years, years[1:])]


def test_kyrgyz_sources_agree_before_the_bri(res):
    counts = {r["count_id"]: int(r["value"]) for r in _csv("tie_counts.csv")}
    total, post = counts["kyrgyzstan_total_2025"], counts["kyrgyzstan_post_bri_2025"]
    values = res["Kyrgyzstan"].values
    assert values["x_diff_total"] == total - 19 and values["x_diff_formed"] == post - 13
    assert (values["x_paper_before"], values["x_diff_before"]) == (total - post, 0)
    assert values["x_paper_share_formed"] == pytest.approx(100 * post / total)
    table = res["Kyrgyzstan"].tables["sources"].data.set_index("Ties")
    assert table.loc["Formed before 2013", "Article"] == total - post


def test_india_sources_by_year_and_named_pairs(res):
    hand = {}
    for r in _csv("dyads.csv"):
        if "India" in (r["country_a"], r["country_b"]) and r["relationship"] != "municipal_relations":
            hand[int(r["year"])] = hand.get(int(r["year"]), 0) + 1
    assert hand == {2013: 3, 2014: 3, 2015: 4}
    values = res["India"].values
    assert {y: values[f"x_pairs_{y}"] for y in hand} == hand and values["x_pairs_total"] == 10
    assert values["x_provinces"] == 2 and values["x_sister_city_2015"] == 3
    aid = _aiddata("India")
    assert [values[f"x_aid_formed_{y}"] for y in hand] == [aid[y] - aid[y - 1] for y in hand] == [3, 3, 5]
    assert [values[f"x_diff_formed_{y}"] for y in hand] == [0, 0, 1]
    assert (values["x_aid_late"], values["x_late_years"]) == (aid[2018] - aid[2015], "2016–2018")
    assert (values["x_paper_total"], values["x_diff_total"]) == (10, 13 - 10)
    dyads = res["India"].tables["dyads"].set_index("dyad_id")
    fixed = dyads.loc["chengdu_bangladesh"]
    assert (fixed["foreign_partner"], fixed["partner_meant"]) == ("Bangladesh", "Bangalore")
    assert fixed["label"] == "Chengdu–Bangalore* (sister city)" and dyads["label"].is_unique


def test_japan_registers_differ(res):
    values = res["Japan"].values
    assert (values["x_paper_clair"], values["x_diff_clair"]) == (381, 381 - 377)
    assert (values["x_paper_cpaffc"], values["x_diff_cpaffc"]) == (266, 377 - 266)
    assert "x_paper_formed" not in values and values["x_aid_formed"] == 4
    table = res["Japan"].tables["sources"].data.set_index("Ties")
    assert math.isnan(table.loc["Formed from 2013 (after the BRI began)", "Article"])


def test_charts_timeline_and_ties(res):
    events = {r["event_id"]: r["event"] for r in _csv("policy_timeline.csv")}
    japan = res["Japan"].charts["timeline"].to_dict()["description"]
    assert japan.startswith("Timeline of 7 events from 1972 to 2025: 1972, ")
    india = res["India"].charts["timeline"].to_dict()["description"]
    assert events["china_india_ties_begin"] not in india  # the dyads show it
    assert events["sino_indian_war"] in india and "Chengdu–Bangalore* (sister city)" in india
    ties = res["Japan"].charts["ties"].to_dict()["description"]
    assert "CLAIR 2017: 381" in ties and "CPAFFC 2025b: 266" in ties
    assert "add up to 10 by 2015" in res["India"].charts["ties"].to_dict()["description"]
    assert set(res["Kyrgyzstan"].charts) == {"timeline", "perceptions", "ties", "comparison"}


# -------------------------------------------------------------------------------- outside, contrasts
def test_outside_surveys_beside_the_nearest_item(res):
    kyrgyz = res["Kyrgyzstan"].values
    assert (kyrgyz["x_outside_gap_min"], kyrgyz["x_outside_gap_max"]) == pytest.approx((95.1 - 76.3, 95.1 - 74.0))
    japan = res["Japan"].tables["outside"].data
    assert list(japan["Article (%)"][:2]) == pytest.approx([50.2, 63.2]) and math.isnan(japan["Article (%)"][2])
    assert list(japan["Nearest item in the article"][:2]) == [
        "People friendly (unfriendly share)", "Government friendly (unfriendly share)"]
    assert pd.isna(japan["Nearest item in the article"][2])
    assert res["India"].tables["outside"].data.empty and "x_outside_gap_min" not in res["India"].values


def _mcnemar_least(k_a: int, k_b: int, n: int = N) -> tuple[float, float]:
    """Brute force over every joint 2x2 table with the given margins: McNemar of the most discordant one."""
    disc, only_a, only_b = max((k_a + k_b - 2 * both, k_a - both, k_b - both)
                               for both in range(min(k_a, k_b) + 1) if n - k_a - k_b + both >= 0)
    stat = (only_a - only_b) ** 2 / disc
    return stat, math.erfc(math.sqrt(stat / 2))  # chi-square with one degree of freedom


@pytest.mark.parametrize("country, other", [("India", "Kyrgyzstan"), ("Japan", "India")])
def test_contrast_with_the_previous_case_by_brute_force(res, country, other):
    values = res[country].values
    assert values["x_compared_with"] == other
    ps = []
    for item in ITEMS:
        printed = [_perceptions(c)[item] for c in (other, country)]
        fits = [_counts_half_up(r["printed"]) for r in printed]
        if not all(fits):
            assert f"x_p_{item}" not in values
            continue
        k = [min(f, key=lambda c: abs(c - float(r["printed"]) * N / 100)) for f, r in zip(fits, printed)]
        k = [c if r["polarity"] == "agree" else N - c for c, r in zip(k, printed)]
        stat, p = _mcnemar_least(*k)
        # the gap is between the favourable shares as printed (chapter 8's gradient table shows the same figure)
        fav = [float(r["printed"]) if r["polarity"] == "agree" else 100 - float(r["printed"]) for r in printed]
        assert values[f"x_gap_{item}"] == pytest.approx(fav[0] - fav[1])
        assert values[f"x_p_{item}"] == pytest.approx(p, rel=1e-9, abs=1e-300)
        assert values[f"x_p_{item}_text"] == format_p(p)
        ps.append(p)
    assert values["x_p_max"] == pytest.approx(max(ps), rel=1e-9)
    assert "contrast" not in res["Kyrgyzstan"].tables and "x_p_max" not in res["Kyrgyzstan"].values


def test_untestable_item_is_kept_with_a_note(res):
    table = res["India"].tables["contrast"].data.set_index("Item")
    gov = table.loc[cases.ITEM_LABELS["government_friendly"]]
    assert pd.isna(gov["p (least favourable)"]) and pd.isna(gov["Kyrgyzstan (count)"])
    assert gov["Gap (points)"] == pytest.approx(96.5 - 65.1)
    people = table.loc[cases.ITEM_LABELS["people_friendly"]]
    assert people["Kyrgyzstan (count)"] == 390 and people["p (least favourable)"] == "< 0.001"


# ---------------------------------------------------------------------------------- country extras
def test_country_specific_numbers(res):
    context = {r["claim_id"]: float(r["value"]) for r in _csv("bilateral_context.csv") if r["claim_id"]}
    assert res["Kyrgyzstan"].values["x_tourists_2023_implied"] == round(
        context["s51_chinese_tourists_2024"] / (1 + context["s51_tourist_growth_2024"] / 100), -3) == 82000
    assert res["India"].values["x_visa_ratio_pct"] == pytest.approx(
        100 * context["s52_visas_2024"] / context["s52_visas_prepandemic"])
    assert res["Japan"].values["x_visitors_drop_pct"] == pytest.approx(
        100 * (1 - context["s53_chinese_visitors"] / context["s53_chinese_visitors_2019"]))
    usa = next(int(r["value"]) for r in _csv("tie_counts.csv") if r["count_id"] == "usa_cpaffc_2024")
    assert res["Japan"].values["x_usa_cpaffc_2024"] == usa
