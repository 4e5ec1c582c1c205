"""paradiplomacy.paper.opinion: Section 4 survey items, Figures 1-3, and the Section 4-5 tie counts (paired bounds: test_bounds).

Statistics are checked against independent computations written here (hand Wilson formula, exact half-up
rounding, brute-force enumeration of count vectors), never against other output of the code under test.
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from statistics import NormalDist

import pytest

from paradiplomacy.paper import opinion
from paradiplomacy.errors import ParameterError

N = 410


def hand_wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    """Wilson score interval written out from Wilson (1927), in percent."""
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * (centre - half), 100 * (centre + half)


def printed_pct(k: int, n: int, decimals: int) -> str:
    """100 k / n rounded half-up, as the paper would print it."""
    return str((Decimal(100 * k) / Decimal(n)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


# ------------------------------------------------------------------------------------------- item_shares
def test_figure1_counts_are_the_unique_reconstruction():
    fig1 = opinion.item_shares("fig1_partner_factor")
    assert list(fig1["printed"]) == ["42.2", "31.5", "11.5", "8", "6.8"]
    assert list(fig1["count"]) == [173, 129, 47, 33, 28]
    assert fig1["count"].sum() == N
    # every count prints back as the paper's share (independent half-up rounding)
    for count, printed in zip(fig1["count"], fig1["printed"]):
        decimals = len(printed.split(".")[1]) if "." in printed else 0
        assert printed_pct(int(count), N, decimals) == printed
    # "8" has no decimal, so several counts fit it on their own; only 33 makes the five add up to n
    assert fig1.set_index("printed").loc["8", "candidates"] == (31, 32, 33, 34)
    assert fig1["grim_consistent"].all()
    assert (fig1["provenance"] == "reconstructed from published percentages").all()
    assert fig1["claim_id"].str.startswith("fig1_").all()


@pytest.mark.parametrize("confidence", [0.95, 0.8, 0.99])
def test_item_intervals_match_hand_wilson(confidence):
    fig1 = opinion.item_shares("fig1_partner_factor", confidence=confidence)
    for row in fig1.itertuples():
        low, high = hand_wilson(int(row.count), N, confidence)
        assert row.ci_low == pytest.approx(low, abs=1e-9)
        assert row.ci_high == pytest.approx(high, abs=1e-9)
        assert row.ci_low < row.recomputed < row.ci_high


def test_single_share_with_several_counts_uses_the_closest():
    imp = opinion.item_shares("importance").set_index("category")
    # 97% of 410 = 397.7: counts 396..399 all print as "97"; 398 is the closest
    assert imp.loc["diplomatic_relations", "candidates"] == (396, 397, 398, 399)
    assert imp.loc["diplomatic_relations", "count"] == 398
    assert "one of 4" in imp.loc["diplomatic_relations", "count_status"]


def test_regulation_items_sum_and_reconstruct():
    province = opinion.distribution_check("regulate_province").iloc[0]
    city = opinion.distribution_check("regulate_city").iloc[0]
    assert province["total"] == pytest.approx(100) and province["sum_ok"] and province["grim_ok"]
    assert city["total"] == pytest.approx(100) and city["sum_ok"]
    # brute force: every (a, b, c) with a + b + c = 410 printing as 50 / 41 / 9
    brute = [(a, b, N - a - b) for a in range(N + 1) for b in range(N + 1 - a)
             if (printed_pct(a, N, 0), printed_pct(b, N, 0), printed_pct(N - a - b, N, 0)) == ("50", "41", "9")]
    assert province["n_solutions"] == len(brute) and len(brute) > 1
    assert city["n_solutions"] == 1 and city["best"] == (199, 161, 50)


def test_distribution_check_of_figure3_has_four_groups_each_unique():
    check = opinion.distribution_check("fig3_public_opinion")
    assert list(check["group"]) == ["provincial_should", "provincial_does", "municipal_should", "municipal_does"]
    assert check["sum_ok"].all() and (check["n_solutions"] == 1).all()


def test_distribution_check_rejects_single_items():
    with pytest.raises(ParameterError, match="importance"):
        opinion.distribution_check("importance")


@pytest.mark.parametrize("bad", ["fig4_partner_factor", "", None, 3])
def test_unknown_item_is_named(bad):
    with pytest.raises(ParameterError) as err:
        opinion.item_shares(bad)
    assert err.value.parameter == "item_id"
    assert repr(bad) in str(err.value)


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.2, "0.95"])
def test_bad_confidence_is_named(confidence):
    for call in (lambda: opinion.item_shares("importance", confidence=confidence),
                 lambda: opinion.tension_readings(confidence=confidence),
                 lambda: opinion.figure3_readings(confidence=confidence),
                 lambda: opinion.grew_up_share(confidence=confidence)):
        with pytest.raises(ParameterError) as err:
            call()
        assert err.value.parameter == "confidence"


def test_item_shares_reads_the_data_dir_it_is_given(data_copy):
    path = data_copy / "survey_items.csv"
    text = path.read_text(encoding="utf-8")
    # swap two Figure 1 values in the copy (claims.csv must follow, or the loader rejects the file)
    text = text.replace("shared_economic_interests,distribution,,42.2,42.2", "shared_economic_interests,distribution,,31.5,31.5", 1)
    text = text.replace("common_political_ideologies,distribution,,31.5,31.5", "common_political_ideologies,distribution,,42.2,42.2", 1)
    path.write_text(text, encoding="utf-8")
    claims = data_copy / "claims.csv"
    lines = claims.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("fig1_shared_economic_interests,"):
            lines[i] = line.replace(",42.2%,42.2,", ",31.5%,31.5,")
        elif line.startswith("fig1_common_political_ideologies,"):
            lines[i] = line.replace(",31.5%,31.5,", ",42.2%,42.2,")
    claims.write_text("".join(lines), encoding="utf-8")
    fig1 = opinion.item_shares("fig1_partner_factor", data_copy).set_index("category")
    assert fig1.loc["shared_economic_interests", "count"] == 129


# ------------------------------------------------------------------------------------------- Figures 2 and 3
def test_tension_readings_implied_bars():
    t = opinion.tension_readings().set_index(["domain", "answer"])
    assert t.loc[("economic", "continue as normal"), "printed"] == "15.6"
    assert t.loc[("sociocultural", "continue as normal"), "printed"] == "24.9"
    assert t.loc[("economic", "suspend or terminate"), "printed"] == "21.0"
    assert t.loc[("sociocultural", "suspend or terminate"), "printed"] == "26.1"
    for domain in ("economic", "sociocultural"):
        parts = t.loc[domain]
        # limited + normal + stop = all respondents (counts) and 100 (printed shares)
        assert parts.loc[["continue in a limited way", "continue as normal", "suspend or terminate"], "count"].sum() == N
        assert sum(Decimal(p) for p in parts.loc[["continue in a limited way", "continue as normal",
                                                   "suspend or terminate"], "printed"]) == 100
    assert t["count_matches"].all()
    assert t.loc[("economic", "continue (text)"), "count"] == 324  # 324 / 410 = 79.02
    assert t.loc[("sociocultural", "continue in a limited way"), "count"] == 201


def test_figure3_swapped_reading_is_the_no_bar():
    f3 = opinion.figure3_readings()
    printed = f3[f3["reading"] == "as printed"].set_index("group")
    swapped = f3[f3["reading"] == "labels swapped"].set_index("group")
    assert len(printed) == len(swapped) == 4
    for group in printed.index:
        assert printed.loc[group, "share_yes"] + swapped.loc[group, "share_yes"] == pytest.approx(100)
        assert printed.loc[group, "count_yes"] + swapped.loc[group, "count_yes"] == N
    assert swapped.loc["provincial_should", "share_yes"] == 76.3
    assert swapped.loc["municipal_does", "claim_id"] == "fig3_municipal_does_no"
    assert (printed["share_yes"] < 50).all() and (swapped["share_yes"] > 50).all()


# ------------------------------------------------------------------------------------------- other numbers
def test_grew_up_share_is_under_50():
    result = opinion.grew_up_share()
    assert result["groups"] == ("18–29", "30–39", "40–49")
    assert result["count"] == 86 + 144 + 118
    assert result["share"] == pytest.approx(100 * 348 / 410)
    assert printed_pct(348, 410, 0) == "85"
    low, high = hand_wilson(348, 410, 0.95)
    assert (result["ci_low"], result["ci_high"]) == pytest.approx((low, high), abs=1e-9)
    assert opinion.grew_up_share(under=40)["count"] == 86 + 144


@pytest.mark.parametrize("under", [45, 18, 60, "50", True])
def test_grew_up_share_rejects_ages_that_are_not_band_edges(under):
    with pytest.raises(ParameterError) as err:
        opinion.grew_up_share(under=under)
    assert err.value.parameter == "under"


def test_tie_totals_add_up():
    ties = opinion.tie_totals()
    assert (ties["custer_2018"], ties["added_by_2024"]) == (2500, 500)
    assert ties["total"] == 3000 == ties["total_printed"] and ties["consistent"]


def test_bri_share_of_countries():
    assert opinion.UN_MEMBER_STATES == 193
    assert "193" in opinion.UN_MEMBER_STATES_SOURCE
    assert opinion.bri_share_of_countries(150) == pytest.approx(77.720207, abs=1e-6)
    assert opinion.bri_share_of_countries(50, countries=100) == 50
    with pytest.raises(ParameterError) as err:
        opinion.bri_share_of_countries(200)
    assert err.value.parameter == "partners"
    with pytest.raises(ParameterError) as err:
        opinion.bri_share_of_countries(10, countries=0)
    assert err.value.parameter == "countries"


# ------------------------------------------------------------------------------------------- display helpers
def test_short_labels_fit_chart_axes():
    assert all(len(label) <= 20 for label in opinion.SHORT_LABELS.values())
    fig1 = opinion.item_shares("fig1_partner_factor")
    assert fig1["short"].str.len().le(20).all()
    assert fig1["short"].is_unique


def test_shares_table_shows_printed_beside_reconstruction():
    table = opinion.shares_table(opinion.item_shares("importance"))
    row = table.iloc[0]
    assert row["% (printed)"] == "97"
    assert row["Counts that fit the share"] == "396, 397, 398, 399"
    assert row["% (count / n)"] == f"{100 * 398 / 410:.2f}"
    low, high = hand_wilson(398, 410, 0.95)
    assert row["Wilson interval (%)"] == f"{low:.1f}–{high:.1f}"
