"""paradiplomacy.paper.synthesis: cross-country comparison and the analysis chapter's computations.

Expected values are computed here independently: CSV files read with the csv module, Wilson intervals from the
textbook formula with statistics.NormalDist, rounding with integer arithmetic.
"""
from __future__ import annotations

import csv
import math
from collections import Counter
from decimal import Decimal
from pathlib import Path
from statistics import NormalDist

import pandas as pd
import pytest

from paradiplomacy.paper import synthesis
from paradiplomacy.errors import DataValidationError, ParameterError

DATA = Path(__file__).resolve().parents[1] / "data"
N = 410


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def hand_wilson(p: float, n: int, confidence: float) -> tuple[float, float]:
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return 100 * (centre - half), 100 * (centre + half)


def tenths(k: int, n: int) -> int:
    """100*k/n in tenths of a percent, rounded half up, with integers only."""
    return (2000 * k + n) // (2 * n)


# ----------------------------------------------------------------------------- case_comparison
def test_case_comparison_covers_every_country_and_item_in_order():
    frame = synthesis.case_comparison()
    assert len(frame) == 18
    assert list(frame["country"].drop_duplicates()) == ["Kyrgyzstan", "India", "Japan"]
    assert list(frame["item"][:6]) == ["government_friendly", "people_friendly", "important_diplomacy",
                                       "important_economy", "important_sociocultural", "subnational_important"]
    printed = {(r["country"], r["item"]): r for r in rows("case_perceptions.csv")}
    for row in frame.itertuples():
        src = printed[(row.country, row.item)]
        expected = 100 - float(src["value"]) if src["polarity"] == "disagree" else float(src["value"])
        assert row.favourable == pytest.approx(expected, abs=1e-9)
        assert row.printed == src["printed"]


def test_case_comparison_flips_japan_friendliness_items():
    frame = synthesis.case_comparison(confidence=0.9).set_index(["country", "item"])
    gov = frame.loc[("Japan", "government_friendly")]
    assert gov["polarity"] == "disagree" and gov["printed"] == "63.2"
    assert gov["favourable_label"] == "36.8"
    assert frame.loc[("Japan", "people_friendly"), "favourable_label"] == "49.8"
    # 259 / 410 is the only count printing as 63.2, so 151 respondents gave a favourable answer
    assert [k for k in range(N + 1) if tenths(k, N) == 632] == [259]
    assert gov["favourable_count"] == N - 259 == 151
    low, high = hand_wilson(151 / N, N, 0.9)
    assert gov["ci_low"] == pytest.approx(low, abs=1e-9)
    assert gov["ci_high"] == pytest.approx(high, abs=1e-9)
    # agree-polarity items are not flipped
    assert frame.loc[("Japan", "important_economy"), "favourable"] == pytest.approx(59.8)


def test_case_comparison_flags_the_impossible_kyrgyz_share():
    frame = synthesis.case_comparison().set_index(["country", "item"])
    row = frame.loc[("Kyrgyzstan", "government_friendly")]
    # no whole number of 410 respondents prints as 96.5: 395 -> 96.3, 396 -> 96.6
    assert not [k for k in range(N + 1) if tenths(k, N) == 965]
    assert tenths(395, N) == 963 and tenths(396, N) == 966
    assert row["count_status"].startswith("impossible")
    assert pd.isna(row["favourable_count"]) and pd.isna(row["favourable_count_min"])
    low, high = hand_wilson(0.965, N, 0.95)
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(low, abs=1e-9), pytest.approx(high, abs=1e-9))


def test_case_comparison_whole_number_share_gives_a_range_of_counts():
    row = synthesis.case_comparison().set_index(["country", "item"]).loc[("Kyrgyzstan", "subnational_important")]
    fits = [k for k in range(N + 1) if (200 * k + N) // (2 * N) == 90]  # printed "90", no decimals
    assert (row["favourable_count_min"], row["favourable_count_max"]) == (min(fits), max(fits))
    assert row["favourable_label"] == "90"


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5, "0.95"])
def test_case_comparison_rejects_bad_confidence(confidence):
    with pytest.raises(ParameterError, match="confidence"):
        synthesis.case_comparison(confidence=confidence)


def test_case_comparison_reads_the_data_dir_it_is_given(mini_data):
    frame = synthesis.case_comparison(mini_data).set_index(["country", "item"])
    assert frame.loc[("India", "government_friendly"), "favourable"] == pytest.approx(50.0)
    assert frame.loc[("Japan", "people_friendly"), "favourable"] == pytest.approx(49.8)


# ----------------------------------------------------------------------------- gradient_summary
def toy_frame():
    """Three items: a strict order, a reversed pair, and a tie."""
    data = [
        ("a", "X", 60, 55, 65, 240, 250), ("a", "Y", 50, 45, 55, 200, 205), ("a", "Z", 10, 8, 12, 40, 41),
        ("b", "X", 60, 55, 65, 240, 240), ("b", "Y", 20, 15, 25, 80, 80), ("b", "Z", 30, 25, 35, 120, 120),
        ("c", "X", 40, 30, 50, 160, 160), ("c", "Y", 40, 35, 45, 160, 160), ("c", "Z", 10, 5, 15, 40, 40),
    ]
    return pd.DataFrame(data, columns=["item", "country", "favourable", "ci_low", "ci_high",
                                       "favourable_count_min", "favourable_count_max"])


def test_gradient_summary_on_a_hand_made_frame():
    out = synthesis.gradient_summary(toy_frame(), order=["X", "Y", "Z"]).set_index("item")
    assert list(out.index) == ["a", "b", "c"]
    assert out["holds"].tolist() == [True, False, False]  # b: Y < Z; c: X == Y is not strict
    assert out.loc["a", "gap_x_y"] == 10 and out.loc["b", "gap_y_z"] == -10
    # a: [55, 65] vs [45, 55] touch at 55 -> overlap; [45, 55] vs [8, 12] -> none
    assert out.loc["a", "overlap_x_y"] and not out.loc["a", "overlap_y_z"]
    assert not out.loc["b", "overlap_x_y"] and out.loc["c", "overlap_x_y"]
    # at least 240 - 205 = 35 respondents favour X but not Y; a negative floor is reported as 0
    assert out.loc["a", "min_ordered_x_y"] == 35
    assert out.loc["b", "min_ordered_y_z"] == 0
    assert out.loc["c", "min_ordered_x_y"] == 0


def test_gradient_summary_without_counts_has_no_floor_columns():
    out = synthesis.gradient_summary(toy_frame().drop(columns=["favourable_count_min", "favourable_count_max"]),
                                     order=["X", "Y", "Z"])
    assert not [c for c in out.columns if c.startswith("min_ordered")]
    assert out["holds"].tolist() == [True, False, False]


def test_gradient_summary_on_the_real_items():
    cases = rows("case_perceptions.csv")
    fav = {(r["country"], r["item"]): (100 - float(r["value"]) if r["polarity"] == "disagree" else float(r["value"]))
           for r in cases}
    items = list(dict.fromkeys(r["item"] for r in cases))
    expected = [fav[("Kyrgyzstan", i)] > fav[("India", i)] > fav[("Japan", i)] for i in items]
    out = synthesis.gradient_summary(synthesis.case_comparison()).set_index("item")
    assert out["holds"].tolist() == expected
    # diplomacy: 368/410 and 352/410 have overlapping Wilson intervals; sociocultural 352 vs 314 do not
    k_lo, k_hi = hand_wilson(368 / N, N, 0.95)
    i_lo, i_hi = hand_wilson(352 / N, N, 0.95)
    assert k_lo <= i_hi and i_lo <= k_hi
    assert out.loc["important_diplomacy", "overlap_kyrgyzstan_india"]
    assert hand_wilson(314 / N, N, 0.95)[1] < hand_wilson(352 / N, N, 0.95)[0]
    assert not out.loc["important_sociocultural", "overlap_kyrgyzstan_india"]
    assert out.loc["important_sociocultural", "min_ordered_kyrgyzstan_india"] == 352 - 314
    assert pd.isna(out.loc["government_friendly", "min_ordered_kyrgyzstan_india"])  # 96.5 has no count


def test_gradient_summary_rejects_bad_input():
    frame = toy_frame()
    with pytest.raises(ParameterError, match="order"):
        synthesis.gradient_summary(frame, order=["X"])
    with pytest.raises(ParameterError, match="order"):
        synthesis.gradient_summary(frame, order=["X", "X"])
    with pytest.raises(ParameterError, match="frame"):
        synthesis.gradient_summary(frame.drop(columns="ci_low"), order=["X", "Y"])
    with pytest.raises(ParameterError, match="frame"):
        synthesis.gradient_summary(pd.concat([frame, frame.iloc[[0]]]), order=["X", "Y", "Z"])
    with pytest.raises(ParameterError, match="frame"):
        synthesis.gradient_summary(frame.iloc[1:], order=["X", "Y", "Z"])


# ----------------------------------------------------------------------------- Table 1
def test_friendliness_ranking_recomputes_agree_and_mean():
    dist = rows("table1_friendliness.csv")
    agree = {}
    for r in dist:
        if int(r["response"]) >= 4:
            agree[r["country"]] = agree.get(r["country"], Decimal(0)) + Decimal(r["printed"])
    ranking = synthesis.friendliness_ranking()
    assert len(ranking) == 11
    assert ranking["agree_recomputed"].is_monotonic_increasing
    got = ranking.set_index("country")
    for country, value in agree.items():
        assert got.loc[country, "agree_recomputed"] == pytest.approx(float(value), abs=1e-9)
    japan = [Decimal(r["printed"]) for r in dist if r["country"] == "Japan"]
    assert got.loc["Japan", "mean_recomputed"] == pytest.approx(
        float(sum(s * i for i, s in enumerate(japan, start=1)) / sum(japan)), abs=1e-12)
    assert got.loc["Kyrgyzstan", "agree_recomputed"] == pytest.approx(84.4)  # printed 84.2
    assert got.loc["Kyrgyzstan", "agree_printed"] == "84.2"


def test_least_friendly_are_japan_and_usa_and_only_they_have_the_lowest_mean():
    summary = rows("table1_summary.csv")
    means = {r["country"]: float(r["value"]) for r in summary if r["statistic"] == "mean"}
    lowest = {c for c, m in means.items() if m == min(means.values())}
    bottom = synthesis.least_friendly(k=2)
    assert list(bottom["country"]) == ["Japan", "USA"]
    assert set(bottom["country"]) == lowest
    ranking = synthesis.friendliness_ranking()
    assert set(ranking.loc[ranking["lowest_mean"], "country"]) == lowest
    assert list(synthesis.least_friendly(k=1)["country"]) == ["Japan"]


@pytest.mark.parametrize("k", [0, 12, 1.5, True, "2"])
def test_least_friendly_rejects_bad_k(k):
    with pytest.raises(ParameterError, match="'k'"):
        synthesis.least_friendly(k=k)


def test_table1_comparison_sets_table1_beside_the_government_item():
    out = synthesis.table1_comparison().set_index("country")
    assert list(out.index) == ["Kyrgyzstan", "India", "Japan"]
    assert out.loc["Japan", "government_friendly"] == pytest.approx(100 - 63.2)
    assert out.loc["Japan", "gap_government"] == pytest.approx(100 - 63.2 - (13.9 + 9.0 + 8.3))
    assert out.loc["India", "agree_recomputed"] == pytest.approx(25.4 + 21.2 + 10.0)
    assert (out["gap_government"] > 0).all()


# ----------------------------------------------------------------------------- fieldwork and ties
def test_fieldwork_countries_counts_table2_places():
    interviews = rows("interviews.csv")
    out = synthesis.fieldwork_countries().set_index("country")
    assert list(out.index) == ["China", "Kyrgyzstan", "India", "Japan"]
    assert out.loc["Kyrgyzstan", "interviews"] == sum(r["place"].endswith("Kyrgyzstan") for r in interviews) == 5
    assert out.loc["India", "interviews"] == out.loc["Japan", "interviews"] == 0
    assert out.loc["China", "online"] == sum(r["place"].startswith("Online") for r in interviews) == 2
    assert out["interviews"].sum() == len(interviews)
    assert out.loc["India", "numbers"] == ""
    assert int((out["interviews"] > 0).sum()) == 2


def test_fieldwork_countries_follows_the_data(data_copy):
    path = data_copy / "interviews.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"Osh, Kyrgyzstan"', '"Osaka, Japan"'),
                    encoding="utf-8")
    out = synthesis.fieldwork_countries(data_copy).set_index("country")
    assert out.loc["Japan", "interviews"] == 1 and out.loc["Japan", "numbers"] == "5"
    assert out.loc["Kyrgyzstan", "interviews"] == 4


def test_fieldwork_countries_rejects_a_place_without_country(data_copy):
    path = data_copy / "interviews.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"Osh, Kyrgyzstan"', '"Osh, Atlantis"'),
                    encoding="utf-8")
    with pytest.raises(DataValidationError, match="row 6, column 'place'"):
        synthesis.fieldwork_countries(data_copy)


def test_tie_totals_and_ties_and_friendliness():
    ties = {r["count_id"]: float(r["value"]) for r in rows("tie_counts.csv")}
    totals = synthesis.tie_totals()
    assert list(totals["count_id"]) == list(synthesis.TIE_TOTAL_IDS)
    assert dict(zip(totals["count_id"], totals["value"])) == {c: ties[c] for c in synthesis.TIE_TOTAL_IDS}
    assert ties["usa_cpaffc_2024"] > ties["japan_cpaffc_2025"]  # same source: the USA has more
    assert set(totals.loc[totals["partner"] == "Japan", "source_short"]) == {"CLAIR", "CPAFFC"}

    aid = [r for r in rows("aiddata_china_sister_cities.csv") if r["country"] == "Japan"]
    last = max(aid, key=lambda r: int(r["year"]))
    out = synthesis.ties_and_friendliness().set_index("country")
    assert out.loc["Japan", "ties_aiddata"] == int(last["sister_cities_cumulative"])
    assert out.loc["Japan", "aiddata_year"] == int(last["year"])
    assert pd.isna(out.loc["USA", "ties_aiddata"]) and out.loc["USA", "ties_cpaffc"] == 287
    assert pd.isna(out.loc["India", "ties_cpaffc"]) and out.loc["India", "cpaffc_as_of"] == ""
    assert list(out.index[:2]) == ["Japan", "USA"]


def test_tie_totals_needs_its_rows(data_copy):
    path = data_copy / "tie_counts.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("russia_cpaffc_2024,")), encoding="utf-8")
    with pytest.raises(ParameterError, match="russia_cpaffc_2024"):
        synthesis.tie_totals(data_copy)


def test_central_role_adds_the_two_central_options():
    items = [r for r in rows("survey_items.csv") if r["item_id"] in ("regulate_province", "regulate_city")]
    out = synthesis.central_role().set_index("level")
    for level in ("province", "city"):
        mine = {r["category"]: Decimal(r["printed"]) for r in items if r["item_id"] == f"regulate_{level}"}
        assert out.loc[level, "central_any"] == float(mine["central_regulation"] + mine["central_initial_phase"])
        assert out.loc[level, "local_autonomy"] == float(mine["local_autonomy"])
    assert out.loc["province", "central_any"] > out.loc["city", "central_any"]


# ----------------------------------------------------------------------------- claims
def test_claims_status_counts_match_a_hand_count():
    registry = rows("claims.csv")
    by_status = Counter(r["expected_status"] for r in registry)
    out = synthesis.claims_status_counts().set_index("expected_status")
    assert list(out.index) == ["reproduced", "rounding", "discrepancy", "not_computable"]
    for status in out.index:
        assert out.loc[status, "claims"] == by_status.get(status, 0)
        assert out.loc[status, "derived"] == sum(r["kind"] == "derived" and r["expected_status"] == status
                                                 for r in registry)
    assert out["claims"].sum() == len(registry)
    assert (out["transcribed"] + out["derived"] == out["claims"]).all()


def test_claims_status_counts_keep_empty_statuses(mini_data):
    out = synthesis.claims_status_counts(mini_data).set_index("expected_status")
    assert out.loc["not_computable", "claims"] == 0
    assert out.loc["rounding", "claims"] == 11  # the minimal data mark every Table 1 mean as rounding


def test_unresolved_claims_lists_every_non_reproduced_claim():
    expected = [r["claim_id"] for r in rows("claims.csv") if r["expected_status"] != "reproduced"]
    out = synthesis.unresolved_claims()
    assert list(out["claim_id"]) == expected
    assert "t3_education_2_pct" in expected and (out["note"] != "").all()


def test_item_labels_cover_the_case_items_and_fit_a_chart_axis():
    items = list(dict.fromkeys(r["item"] for r in rows("case_perceptions.csv")))
    assert list(synthesis.ITEM_LABELS) == items
    assert all(0 < len(label) <= 24 for label in synthesis.ITEM_LABELS.values())
    assert len(set(synthesis.ITEM_LABELS.values())) == len(items)
