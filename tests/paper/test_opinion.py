"""paradiplomacy.paper.opinion.results: Section 4's survey items, Figures 1-3, the tie counts and Section 5's totals.

Expected values come from the article (data files / claims.csv) or from independent computations written here
(hand Wilson formula, exact half-up rounding, brute-force count vectors, exact binomial sums), never from other
output of the code under test.
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from statistics import NormalDist

import pytest
from reference import wilson

from paradiplomacy.data import load_data
from paradiplomacy.errors import ParameterError
from paradiplomacy.paper import opinion

N = 410


@pytest.fixture(scope="module")
def data():
    return load_data()


@pytest.fixture(scope="module")
def res(data):
    return opinion.results(data)


def hand_wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    """The tests' one textbook Wilson interval (tests/reference.py), in percent."""
    low, high = wilson(k, n, confidence)
    return 100 * low, 100 * high


def printed_pct(k: int, n: int, decimals: int) -> str:
    """100 k / n rounded half-up, as the paper would print it."""
    return str((Decimal(100 * k) / Decimal(n)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def exact_mcnemar(b: int, c: int) -> float:
    """Exact two-sided McNemar p-value: 2 P(X <= min(b, c)), X ~ Binomial(b + c, 1/2), capped at 1."""
    d = b + c
    return min(1.0, 2 * sum(math.comb(d, i) for i in range(min(b, c) + 1)) / 2 ** d)


def item(res, item_id):
    items = res.tables["items"]
    return items[items["item_id"] == item_id].reset_index(drop=True)


# ------------------------------------------------------------------------------------------- claims
def test_every_claim_of_the_chapter_is_a_value(data, res):
    claims = data.claims[data.claims["chapter"] == "04_public_views"]
    assert set(claims["claim_id"]) <= set(res.values)
    for claim in claims.itertuples():
        value = res.values[claim.claim_id]
        if claim.kind == "transcribed" or claim.expected_status == "not_computable":
            assert value == pytest.approx(claim.value, abs=1e-9), claim.claim_id


def test_derived_claims_are_recomputed(data, res):
    # "approximately 85%": respondents under 50 in Table 3 (86 + 144 + 118 of 410)
    assert res.values["s4_grew_up_reform_era"] == pytest.approx(100 * (86 + 144 + 118) / N)
    assert printed_pct(348, N, 0) == "85" and res.values["x_grew_count"] == 348
    assert res.values["x_under40"] == pytest.approx(100 * (86 + 144) / N)
    # "3,000 agreements" = Custer et al.'s 2,500 + Wang's 500
    assert res.values["s5_agreements_3000"] == 3000 and res.values["x_ties_total_matches"] == "matches"
    # "approximately half of all countries": ~150 partners of the 193 UN members
    assert res.values["s5_bri_half_of_countries"] == pytest.approx(100 * 150 / 193)
    assert res.values["x_bri_status"] == "discrepancy" and res.values["x_half_members"] == 96.5


def test_values_are_numbers_or_short_strings(res):
    for name, value in res.values.items():
        assert isinstance(value, (int, float, str)) and not isinstance(value, bool), name
        assert not isinstance(value, str) or len(value) <= 40, f"{name} looks like prose: {value!r}"


# ------------------------------------------------------------------------------------------- Figure 1 and checks
def test_figure1_counts_are_the_unique_reconstruction(res):
    fig1 = item(res, "fig1_partner_factor")
    assert list(fig1["printed"]) == ["42.2", "31.5", "11.5", "8", "6.8"]
    assert list(fig1["count"]) == [173, 129, 47, 33, 28] and fig1["count"].sum() == N
    for count, printed in zip(fig1["count"], fig1["printed"]):
        decimals = len(printed.split(".")[1]) if "." in printed else 0
        assert printed_pct(int(count), N, decimals) == printed
    # "8" has no decimal: 31..34 all print as 8, only 33 makes the five add up to n
    eight = fig1[fig1["printed"] == "8"].iloc[0]
    assert (eight["count_min"], eight["count_max"]) == (31, 34)
    assert res.values["x_fig1_candidates_8"] == 4 and res.values["x_fig1_solutions"] == 1
    assert res.values["x_fig1_total"] == 100 and res.values["x_fig1_grim"] == "all"
    assert res.values["x_fig1_top_count"] == 173 and res.values["x_fig1_functional"] == pytest.approx(73.7)
    assert res.tables["fig1"]["Counts that fit the share"].iloc[3] == "31, 32, 33, 34"


@pytest.mark.parametrize("confidence", [0.95, 0.8, 0.99])
def test_item_intervals_match_hand_wilson(data, confidence):
    items = opinion.results(data, confidence=confidence).tables["items"]
    for row in items.itertuples():
        low, high = hand_wilson(int(row.count), N, confidence)
        assert (row.ci_low, row.ci_high) == pytest.approx((low, high), abs=1e-9)


def test_single_share_with_several_counts_uses_the_closest(res):
    imp = item(res, "importance").set_index("category")
    # 97% of 410 = 397.7: counts 396..399 all print as "97"; 398 is the closest
    assert (imp.loc["diplomatic_relations", "count_min"], imp.loc["diplomatic_relations", "count_max"]) == (396, 399)
    assert imp.loc["diplomatic_relations", "count"] == 398
    assert res.values["x_importance_candidates"] == 4 and res.values["x_importance_gap"] == 1


def test_regulation_items_sum_and_reconstruct(res):
    checks = res.tables["checks"].set_index("item_id")
    # brute force: every (a, b, c) with a + b + c = 410 printing as 50 / 41 / 9
    brute = [(a, b, N - a - b) for a in range(N + 1) for b in range(N + 1 - a)
             if (printed_pct(a, N, 0), printed_pct(b, N, 0), printed_pct(N - a - b, N, 0)) == ("50", "41", "9")]
    assert res.values["x_reg_prov_solutions"] == len(brute) > 1
    assert res.values["x_reg_city_solutions"] == 1 and checks.loc["regulate_city", "best"] == (199, 161, 50)
    assert res.values["x_reg_sums_ok"] == "both"
    assert res.values["x_prov_central_any"] == 91 and res.values["x_city_central_any"] == pytest.approx(87.8)
    # the per-share counts of every distribution add up to n
    items = res.tables["items"]
    for (_, _), block in items[items["kind"] == "distribution"].groupby(["item_id", "group"]):
        assert block["count"].sum() == N


def test_figure3_groups_each_reconstruct_uniquely(res):
    fig3 = res.tables["checks"].query("item_id == 'fig3_public_opinion'")
    assert list(fig3["group"]) == ["provincial_should", "provincial_does", "municipal_should", "municipal_does"]
    assert fig3["sum_ok"].all() and (fig3["n_solutions"] == 1).all()


# ------------------------------------------------------------------------------------------- Figure 2
def test_tension_implied_bars(res):
    table = res.tables["fig2"].set_index(["Ties", "Answer"])
    assert res.values["x_econ_normal"] == pytest.approx(79.0 - 63.4)
    assert res.values["x_soc_normal"] == pytest.approx(73.9 - 49.0)
    assert res.values["x_econ_stop"] == pytest.approx(21.0) and res.values["x_soc_stop"] == pytest.approx(26.1)
    for ties in ("Economic ties", "Socio-cultural ties"):
        parts = table.loc[ties].loc[["continue in a limited way", "continue as normal", "suspend or terminate"]]
        assert parts["Count (reconstructed)"].sum() == N
        assert sum(Decimal(p) for p in parts["%"]) == 100
        for count, printed in zip(parts["Count (reconstructed)"], parts["%"]):
            assert printed_pct(int(count), N, 1) == printed
    assert table.loc[("Economic ties", "continue (text)"), "Count (reconstructed)"] == 324


def test_text_and_bar_paired_bounds(res):
    v = res.values
    # text: 324 vs 303 of 410 -> overlap 217..303
    assert (v["x_text_overlap_min"], v["x_text_overlap_max"]) == (217, 303)
    assert (v["x_text_min_discordant"], v["x_text_max_discordant"]) == (21, 324 + 303 - 2 * 217)
    assert v["x_text_p_min"] == pytest.approx(exact_mcnemar(21, 0), rel=1e-9)
    assert v["x_text_p_max"] == pytest.approx(exact_mcnemar(324 - 217, 303 - 217), rel=1e-9)
    assert v["x_text_verdict"] == "depends on the joint table"
    assert v["x_text_needed_pct"] == pytest.approx(100 * v["x_text_needed"] / N)
    # bars: 260 vs 201; the chapter's prose says this holds whatever the overlap at the default level
    assert v["x_bar_diff"] == pytest.approx(100 * 59 / N)
    assert v["x_bar_p_max"] == pytest.approx(exact_mcnemar(260 - 51, 201 - 51), rel=1e-9)
    assert v["x_bar_p_max"] < 0.05
    assert v["x_bar_verdict"] == "significant for every joint table"


def test_naive_test_is_the_pooled_two_proportion_z(res):
    p1, p2, pooled = 324 / N, 303 / N, (324 + 303) / (2 * N)
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * 2 / N)
    assert res.values["x_naive_chi2"] == pytest.approx(z * z, rel=1e-9)
    assert res.values["x_naive_p"] == pytest.approx(2 * (1 - NormalDist().cdf(abs(z))), rel=1e-7)


# ------------------------------------------------------------------------------------------- regulation, Figure 3
def test_autonomy_provinces_vs_cities_runs_over_every_count(res):
    # provinces "9" fits 35..38 (printed_pct), cities 12.2 is 50; the smallest p is at the largest overlap
    fits = [k for k in range(N + 1) if printed_pct(k, N, 0) == "9"]
    assert fits == [35, 36, 37, 38]
    assert res.values["x_auton_p_min"] == pytest.approx(min(exact_mcnemar(0, 50 - k) for k in fits), rel=1e-9)
    assert res.values["x_auton_p_max"] == pytest.approx(max(exact_mcnemar(k, 50) for k in fits), rel=1e-9)
    assert res.values["x_auton_verdict"] == "depends on the joint table"


def test_figure3_readings_and_alignment(res):
    v = res.values
    assert (v["x_fig3_yes_max"], v["x_fig3_no_min"], v["x_fig3_no_max"]) == (27.8, 72.2, 79.5)
    assert v["x_municipal_gap"] == pytest.approx(100 * (114 - 84) / N)
    assert v["x_align_prov_verdict"] == "not significant for any joint table"
    # the chapter's prose says the municipal gap is significant whatever the overlap (default level)
    assert v["x_align_muni_p_max"] == pytest.approx(exact_mcnemar(84, 114), rel=1e-9)
    assert v["x_align_muni_p_max"] < 0.05
    assert v["x_align_muni_verdict"] == "significant for every joint table"
    table = res.tables["fig3"].set_index("Question")
    assert table.loc["Provincial (should)", "% yes as printed (Wilson interval)"].startswith("23.7  (")
    assert table.loc["Municipal (does)", "% yes if the labels are swapped (Wilson interval)"].startswith("72.2  (")


# ------------------------------------------------------------------------------------------- parameters, inputs
@pytest.mark.parametrize("confidence", [0, 1, 95, -0.2, "0.95"])
def test_bad_confidence_is_named(data, confidence):
    with pytest.raises(ParameterError) as err:
        opinion.results(data, confidence=confidence)
    assert err.value.parameter == "confidence"


def test_confidence_reaches_levels_and_verdicts(data):
    res = opinion.results(data, confidence=0.99)
    assert res.values["x_alpha"] == "0.01" and res.values["x_confidence_pct"] == "99"
    assert res.values["x_align_muni_verdict"] == "depends on the joint table"  # p up to 0.039 > 0.01


def test_results_read_the_data_folder_they_are_given(data_copy):
    path = data_copy / "survey_items.csv"
    text = path.read_text(encoding="utf-8")
    # swap two Figure 1 values in the copy (claims.csv must follow, or the loader rejects the file)
    for category, old, new in (("shared_economic_interests", "42.2", "31.5"),
                               ("common_political_ideologies", "31.5", "42.2")):
        text = text.replace(f"{category},distribution,,{old},{old}", f"{category},distribution,,{new},{new}", 1)
    path.write_text(text, encoding="utf-8")
    claims = data_copy / "claims.csv"
    lines = claims.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("fig1_shared_economic_interests,"):
            lines[i] = line.replace(",42.2%,42.2,", ",31.5%,31.5,")
        elif line.startswith("fig1_common_political_ideologies,"):
            lines[i] = line.replace(",31.5%,31.5,", ",42.2%,42.2,")
    claims.write_text("".join(lines), encoding="utf-8")
    res = opinion.results(load_data(data_copy))
    assert res.values["fig1_shared_economic_interests"] == 31.5
    assert item(res, "fig1_partner_factor").set_index("category").loc["shared_economic_interests", "count"] == 129


# ------------------------------------------------------------------------------------------- display
def test_every_category_of_the_schema_has_labels_that_fit_chart_axes(data):
    categories = data.enum("survey_items", "category")
    assert set(categories) <= set(opinion.LABELS)
    assert all(len(short) <= 20 for _, short in opinion.LABELS.values())


def test_charts_and_tables_the_chapter_shows(res):
    assert set(res.charts) == {"fig1", "fig2", "regulation", "fig3"}
    for chart in res.charts.values():
        assert chart.to_dict()["description"]
    row = res.tables["importance"].iloc[0]
    assert row["% (printed)"] == "97" and row["% (count / n)"] == f"{100 * 398 / N:.2f}"
    low, high = hand_wilson(398, N, 0.95)
    assert row["Wilson interval (%)"] == f"{low:.1f}–{high:.1f}"
    assert len(res.tables["fig2_bounds"]) == 2 and len(res.tables["regulation_bounds"]) == 2


def test_p_values_for_readers_are_written_by_format_p():
    res = opinion.results(load_data())
    v = res.values
    assert (v["x_text_p_min_text"], v["x_auton_p_min_text"]) == ("< 0.001", "< 0.001")  # were "9.5e-07", "6e-05"
    assert v["x_text_p_max_text"] == "0.15" and v["x_align_muni_p_max_text"] == "0.039"
    assert v["x_text_p_min"] == pytest.approx(9.5367431640625e-07)  # the number itself is still glued
    for name in ("fig2_bounds", "regulation_bounds", "fig3_bounds"):
        assert not res.tables[name]["Exact McNemar p (range)"].str.contains("e-").any(), name
