"""paradiplomacy.paper.synthesis: the three cases side by side and the article's conclusions (chapter 8).

Expected values come from the data files read with the csv module, from numbers of the article written out
literally, or from independent arithmetic (the Wilson formula with statistics.NormalDist, integer rounding).
"""
from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from reference import wilson

from paradiplomacy.data import load_data
from paradiplomacy.errors import DataValidationError, ParameterError
from paradiplomacy.paper import synthesis

DATA = Path(__file__).resolve().parents[2] / "data"
N = 410


@pytest.fixture(scope="module")
def data():
    return load_data(DATA)


@pytest.fixture(scope="module")
def res(data):
    return synthesis.results(data)


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def hand_wilson(p: float, n: int, confidence: float) -> tuple[float, float]:
    """The tests' one textbook Wilson interval (tests/reference.py) for a share p, in percent."""
    low, high = wilson(p * n, n, confidence)
    return 100 * low, 100 * high


def tenths(k: int, n: int) -> int:
    """100*k/n in tenths of a percent, rounded half up, with integers only."""
    return (2000 * k + n) // (2 * n)


def fits(printed: str, n: int = N) -> list[int]:
    """Counts k of n whose 100*k/n, rounded half up to the printed decimals, prints as ``printed`` (integers only)."""
    scale = 10 ** (len(printed.split(".")[1]) if "." in printed else 0)
    target = int(Decimal(printed) * scale)
    return [k for k in range(n + 1) if (200 * scale * k + n) // (2 * n) == target]


# ----------------------------------------------------------------------------- favourable shares
def test_favourable_shares_cover_every_country_and_item_in_order(data):
    frame = synthesis.favourable_shares(data)
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


def test_favourable_shares_flip_japan_friendliness_items(data):
    frame = synthesis.favourable_shares(data, confidence=0.9).set_index(["country", "item"])
    gov = frame.loc[("Japan", "government_friendly")]
    assert gov["polarity"] == "disagree" and gov["printed"] == "63.2"
    assert gov["favourable_label"] == "36.8"
    assert frame.loc[("Japan", "people_friendly"), "favourable_label"] == "49.8"
    # 259 / 410 is the only count printing as 63.2, so 151 respondents gave a favourable answer
    assert [k for k in range(N + 1) if tenths(k, N) == 632] == [259]
    assert gov["favourable_count"] == N - 259 == 151
    assert gov["favourable_count_min"] == gov["favourable_count_max"] == 151
    low, high = hand_wilson(151 / N, N, 0.9)
    assert (gov["ci_low"], gov["ci_high"]) == (pytest.approx(low, abs=1e-9), pytest.approx(high, abs=1e-9))
    assert frame.loc[("Japan", "important_economy"), "favourable"] == pytest.approx(59.8)  # agree item: not flipped


def test_favourable_shares_flag_the_impossible_kyrgyz_share(data, res):
    row = synthesis.favourable_shares(data).set_index(["country", "item"]).loc[("Kyrgyzstan", "government_friendly")]
    # no whole number of 410 respondents prints as 96.5: 395 -> 96.3, 396 -> 96.6
    assert not [k for k in range(N + 1) if tenths(k, N) == 965]
    assert tenths(395, N) == 963 and tenths(396, N) == 966
    assert row["count_status"].startswith("impossible")
    assert pd.isna(row["favourable_count"]) and pd.isna(row["favourable_count_min"])
    low, high = hand_wilson(0.965, N, 0.95)
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(low, abs=1e-9), pytest.approx(high, abs=1e-9))
    values = res.values
    assert (values["x_kyrgyz_gov_printed"], values["x_kyrgyz_gov_below"], values["x_kyrgyz_gov_above"]) == (
        "96.5", "96.3", "96.6")
    impossible = [r["printed"] for r in rows("case_perceptions.csv") if not fits(r["printed"])]
    assert values["x_impossible_shares"] == len(impossible) == 1 and values["x_shares"] == 18


def test_whole_number_share_gives_a_range_of_counts(data):
    row = synthesis.favourable_shares(data).set_index(["country", "item"]).loc[("Kyrgyzstan", "subnational_important")]
    fits = [k for k in range(N + 1) if (200 * k + N) // (2 * N) == 90]  # printed "90", no decimals
    assert (row["favourable_count_min"], row["favourable_count_max"]) == (min(fits), max(fits))
    assert row["favourable_label"] == "90"


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5, "0.95"])
def test_bad_confidence_is_named(data, confidence):
    with pytest.raises(ParameterError, match="confidence"):
        synthesis.results(data, confidence=confidence)


def test_favourable_shares_follow_the_polarity_in_the_data(data_copy):
    path = data_copy / "case_perceptions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Japan,people_friendly,disagree,",
                                                             "Japan,people_friendly,agree,"), encoding="utf-8")
    claims = data_copy / "claims.csv"  # the registry says which items are printed with the opposite polarity
    lines = claims.read_text(encoding="utf-8").splitlines(keepends=True)
    claims.write_text("".join(line.replace(" (opposite polarity)", "") if line.startswith("japan_people_friendly,")
                              else line for line in lines), encoding="utf-8")
    frame = synthesis.favourable_shares(load_data(data_copy)).set_index(["country", "item"])
    assert frame.loc[("Japan", "people_friendly"), "favourable_label"] == "50.2"
    assert frame.loc[("Japan", "government_friendly"), "favourable_label"] == "36.8"


# ----------------------------------------------------------------------------- gradient
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
    out = synthesis.gradient_summary(toy_frame()).set_index("item")  # default order: X, Y, Z as they appear
    assert list(out.index) == ["a", "b", "c"]
    assert out["holds"].tolist() == [True, False, False]  # b: Y < Z; c: X == Y is not strict
    assert out.loc["a", "gap_x_y"] == 10 and out.loc["b", "gap_y_z"] == -10
    # a: [55, 65] vs [45, 55] touch at 55 -> overlap; [45, 55] vs [8, 12] -> none
    assert out.loc["a", "overlap_x_y"] and not out.loc["a", "overlap_y_z"]
    assert not out.loc["b", "overlap_x_y"] and out.loc["c", "overlap_x_y"]
    # at least 240 - 205 = 35 respondents favour X but not Y; a negative floor is reported as 0
    assert out.loc["a", "min_ordered_x_y"] == 35
    assert out.loc["b", "min_ordered_y_z"] == 0 and out.loc["c", "min_ordered_x_y"] == 0


def test_gradient_summary_without_counts_has_no_floor_columns():
    out = synthesis.gradient_summary(toy_frame().drop(columns=["favourable_count_min", "favourable_count_max"]),
                                     order=["X", "Y", "Z"])
    assert not [c for c in out.columns if c.startswith("min_ordered")]
    assert out["holds"].tolist() == [True, False, False]


def test_gradient_summary_rejects_bad_input():
    frame = toy_frame()
    for order in (["X"], ["X", "X"]):
        with pytest.raises(ParameterError, match="order"):
            synthesis.gradient_summary(frame, order=order)
    for bad in (frame.drop(columns="ci_low"), pd.concat([frame, frame.iloc[[0]]]), frame.iloc[1:]):
        with pytest.raises(ParameterError, match="frame"):
            synthesis.gradient_summary(bad, order=["X", "Y", "Z"])


def test_gradient_on_the_real_items(res):
    cases = rows("case_perceptions.csv")
    fav = {(r["country"], r["item"]): (100 - float(r["value"]) if r["polarity"] == "disagree" else float(r["value"]))
           for r in cases}
    items = list(dict.fromkeys(r["item"] for r in cases))
    values = res.values
    assert values["x_items"] == len(items) == 6
    assert values["x_gradient_holds"] == sum(fav[("Kyrgyzstan", i)] > fav[("India", i)] > fav[("Japan", i)]
                                             for i in items)
    assert values["x_gap_ki_min"] == pytest.approx(min(fav[("Kyrgyzstan", i)] - fav[("India", i)] for i in items))
    assert values["x_gap_ij_min"] == pytest.approx(min(fav[("India", i)] - fav[("Japan", i)] for i in items))
    # diplomacy: 368/410 and 352/410 have overlapping Wilson intervals; economy 85.4 vs 82.9 too; sociocultural not
    k_lo, k_hi = hand_wilson(368 / N, N, 0.95)
    i_lo, i_hi = hand_wilson(352 / N, N, 0.95)
    assert k_lo <= i_hi and i_lo <= k_hi
    assert hand_wilson(314 / N, N, 0.95)[1] < hand_wilson(352 / N, N, 0.95)[0]
    assert values["x_overlap_ki"] == 2 and values["x_overlap_ij"] == 0
    assert values["x_overlap_ki_items"] == "important for diplomacy and important for economy"
    assert values["x_floor_ki_diplomacy"] == 368 - 352
    table = res.tables["gradient_kyrgyzstan_india"].data.set_index("Item")
    column = "At least (people)"
    assert pd.isna(table.loc["Government friendly", column])  # 96.5 fits no count
    assert table.loc["Sociocultural important", column] == 352 - 314
    assert set(table["Intervals overlap"]) == {"yes", "no"}  # words, not booleans
    assert list(res.tables["gradient"].data["Order holds"]) == ["yes"] * 6


def test_the_confidence_level_moves_the_overlaps_not_the_floors(res, data):
    wide = synthesis.results(data, confidence=0.99).values
    assert wide["x_confidence_pct"] == "99" and res.values["x_confidence_pct"] == "95"
    assert wide["x_overlap_ki"] == 3 and wide["x_overlap_ij"] == 0  # the exercise's answer: sociocultural joins
    assert hand_wilson(314 / N, N, 0.99)[1] >= hand_wilson(352 / N, N, 0.99)[0]
    for name in ("x_floor_ki_diplomacy", "x_floor_ij_min", "x_gradient_holds"):
        assert wide[name] == res.values[name]


# ----------------------------------------------------------------------------- Table 1
def test_friendliness_ranking_recomputes_agree_and_mean(data):
    dist = rows("table1_friendliness.csv")
    agree = Counter()
    for r in dist:
        if int(r["response"]) >= 4:
            agree[r["country"]] += Decimal(r["printed"])
    ranking = synthesis.friendliness_ranking(data)
    assert len(ranking) == 11 and ranking["agree_recomputed"].is_monotonic_increasing
    assert list(ranking["rank"]) == list(range(1, 12))
    got = ranking.set_index("country")
    for country, value in agree.items():
        assert got.loc[country, "agree_recomputed"] == pytest.approx(float(value), abs=1e-9)
    japan = [Decimal(r["printed"]) for r in dist if r["country"] == "Japan"]
    assert got.loc["Japan", "mean_recomputed"] == pytest.approx(
        float(sum(s * i for i, s in enumerate(japan, start=1)) / sum(japan)), abs=1e-12)
    assert got.loc["Kyrgyzstan", "agree_recomputed"] == pytest.approx(84.4)
    assert got.loc["Kyrgyzstan", "agree_printed"] == "84.2"


def test_the_two_least_friendly_are_japan_and_usa_on_both_measures(res):
    """Claim s6_two_least_friendly (2, the USA and Japan), and the bottom two by percent agree are the same pair."""
    summary = rows("table1_summary.csv")
    means = {r["country"]: float(r["value"]) for r in summary if r["statistic"] == "mean"}
    lowest = {c for c, m in means.items() if m == min(means.values())}
    claim = next(r for r in rows("claims.csv") if r["claim_id"] == "s6_two_least_friendly")
    values = res.values
    assert values["s6_two_least_friendly"] == len(lowest) == float(claim["value"]) == 2
    assert values["x_least_friendly_names"] == "Japan and USA" and lowest == {"Japan", "USA"}
    assert values["x_agree_japan_t1"] == pytest.approx(13.9 + 9.0 + 8.3)
    assert values["x_agree_usa_t1"] == pytest.approx(14.9 + 16.6 + 5.6)
    assert (values["x_third_country"], values["x_third_agree"]) == ("Philippines", pytest.approx(25.9 + 20.7 + 7.6))
    assert (values["x_lowest_mean"], values["x_other_mean"]) == (3, 4)
    assert values["x_t1_countries"] == 11


def test_table1_beside_the_government_item(res):
    values = res.values
    assert values["x_t1_agree_india"] == pytest.approx(25.4 + 21.2 + 10.0)
    assert values["x_t1_agree_kyrgyzstan"] == pytest.approx(35.4 + 33.9 + 15.1)
    assert values["x_t1_agree_kyrgyzstan_printed"] == "84.2"
    gaps = [96.5 - (35.4 + 33.9 + 15.1), 66.1 - (25.4 + 21.2 + 10.0), 100 - 63.2 - (13.9 + 9.0 + 8.3)]
    assert values["x_gap_government_min"] == pytest.approx(min(gaps))
    assert values["x_gap_government_max"] == pytest.approx(max(gaps))
    assert list(res.tables["table1"].data["Country"]) == ["Kyrgyzstan", "India", "Japan"]


def test_gaps_are_the_figures_the_case_chapters_glue(res, data):
    """Chapter 6 and chapter 8 state the Kyrgyzstan-India economy gap: both must show the same number (4.7)."""
    from paradiplomacy.paper import cases

    for country, pair in (("India", "ki"), ("Japan", "ij")):
        case = cases.results(data, country).values
        for item in synthesis.CASE_ITEM_LABELS:
            if f"x_gap_{item}" in case:
                assert res.values[f"x_gap_{pair}_{item}"] == pytest.approx(case[f"x_gap_{item}"], abs=1e-12), item
    assert f"{res.values['x_gap_ki_important_economy']:.1f}" == "4.7"


def test_reader_tables_have_no_raw_booleans_ids_or_missing_cells(res, data):
    """Every table chapter 8 shows: no True/False, no claim ids or file names; missing values show as a dash."""
    from paradiplomacy.replication import audit

    tables = dict(res.tables, unresolved=synthesis.reader_unresolved(audit.registry_status(data).tables["unresolved"]))
    claim_ids = set(data.claims["claim_id"])
    for name, styler in tables.items():
        frame = styler.data
        assert not any(pd.api.types.is_bool_dtype(frame[c]) for c in frame.columns), name
        cells = {str(v) for v in frame.to_numpy().ravel()}
        assert not cells & claim_ids and not any(c.endswith((".csv", ".md")) or "_" in c for c in cells), name
        html = styler.to_html()
        assert "nan" not in html.lower().split() and "&lt;NA&gt;" not in html and "<NA>" not in html, name
    shown = tables["unresolved"].data
    assert shown["Chapter"].str.match(r"Chapter \d+$").all() and "not_computable" not in set(shown["Status"])


# ----------------------------------------------------------------------------- Section 6's lessons
def test_central_role_adds_the_two_central_options(data, res):
    items = [r for r in rows("survey_items.csv") if r["item_id"] in ("regulate_province", "regulate_city")]
    out = synthesis.central_role(data).set_index("level")
    for level in ("province", "city"):
        mine = {r["category"]: Decimal(r["printed"]) for r in items if r["item_id"] == f"regulate_{level}"}
        central = float(mine["central_regulation"] + mine["central_initial_phase"])
        assert out.loc[level, "central_any"] == res.values[f"x_central_{level}"] == central
        assert out.loc[level, "local_autonomy"] == res.values[f"x_autonomy_{level}"] == float(mine["local_autonomy"])
    assert out.loc["province", "central_any"] > out.loc["city", "central_any"]


def test_figure1_top_categories(res):
    fig1 = sorted((r for r in rows("survey_items.csv") if r["item_id"] == "fig1_partner_factor"),
                  key=lambda r: -float(r["value"]))
    assert res.values["x_fig1_top_category"] == "shared economic interests" == fig1[0]["category"].replace("_", " ")
    assert (res.values["x_fig1_top_share"], res.values["x_fig1_second_share"]) == (42.2, 31.5)


# ----------------------------------------------------------------------------- ties
#: Totals of ties between China and one partner, as data/tie_counts.csv transcribes them from the article
#: (Section 5.1; Section 5.3 and footnote 4) and commentary 000 (paragraph 2): count_id -> (partner, value, source).
PARTNER_TOTALS = {
    "usa_cpaffc_2024": ("USA", 287, "CPAFFC"),
    "japan_clair_2017": ("Japan", 381, "CLAIR"),
    "japan_cpaffc_2025": ("Japan", 266, "CPAFFC"),
    "russia_cpaffc_2024": ("Russia", 167, "CPAFFC"),
    "kyrgyzstan_total_2025": ("Kyrgyzstan", 28, "CPAFFC"),
}


def test_partner_tie_totals_are_the_printed_partner_totals(data):
    totals = synthesis.partner_tie_totals(data)
    got = {r.count_id: (r.partner, int(r.value), r.source_short) for r in totals.itertuples()}
    assert got == PARTNER_TOTALS
    csv_rows = {r["count_id"]: r for r in rows("tie_counts.csv")}
    for count_id, (partner, value, _) in PARTNER_TOTALS.items():
        assert (csv_rows[count_id]["partner"], float(csv_rows[count_id]["value"])) == (partner, value)


def test_tie_values(res):
    claims = {r["claim_id"]: float(r["value"]) for r in rows("claims.csv")}
    values = res.values
    for claim in ("c000_usa_ties_2024", "c000_russia_ties_2024", "c000_cancelled_2015", "c000_cancelled_2015_usa"):
        assert values[claim] == claims[claim]
    assert (values["c000_usa_ties_2024"], values["c000_russia_ties_2024"]) == (287, 167)
    assert values["x_cancelled_usa_share"] == pytest.approx(100 * 9 / 40)
    assert (values["x_japan_ties_clair"], values["x_japan_ties_cpaffc"], values["x_kyrgyz_ties"]) == (381, 266, 28)
    assert values["x_usa_minus_japan_cpaffc"] == 287 - 266


def test_ties_and_friendliness(data, res):
    aid = [r for r in rows("aiddata_china_sister_cities.csv") if r["country"] == "Japan"]
    last = max(aid, key=lambda r: int(r["year"]))
    out = synthesis.ties_and_friendliness(data).set_index("country")
    assert out.loc["Japan", "ties_aiddata"] == int(last["sister_cities_cumulative"]) == res.values["x_aiddata_top_ties"]
    assert out.loc["Japan", "aiddata_year"] == int(last["year"]) == res.values["x_aiddata_top_year"]
    assert pd.isna(out.loc["USA", "ties_aiddata"]) and out.loc["USA", "ties_cpaffc"] == 287
    assert out.loc["Japan", "ties_cpaffc"] == 266  # CPAFFC only: the CLAIR count is another source
    assert pd.isna(out.loc["India", "ties_cpaffc"]) and out.loc["India", "cpaffc_as_of"] == ""
    assert list(out.index[:2]) == ["Japan", "USA"]
    covered = {r["country"] for r in rows("aiddata_china_sister_cities.csv")}
    assert res.values["x_aiddata_missing"] == " and ".join(c for c in out.index if c not in covered)
    assert res.values["x_aiddata_top"] == "Japan"


def test_partner_tie_totals_need_their_rows(data_copy):
    path = data_copy / "tie_counts.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("russia_cpaffc_2024,")), encoding="utf-8")
    with pytest.raises(DataValidationError, match="russia_cpaffc_2024"):
        synthesis.partner_tie_totals(load_data(data_copy))


# ----------------------------------------------------------------------------- fieldwork
def test_fieldwork_countries_count_table2_places(data, res):
    interviews = rows("interviews.csv")
    out = synthesis.fieldwork_countries(data).set_index("country")
    assert list(out.index) == ["China", "Kyrgyzstan", "India", "Japan"]
    assert out.loc["Kyrgyzstan", "interviews"] == sum(r["place"].endswith("Kyrgyzstan") for r in interviews) == 5
    assert out.loc["India", "interviews"] == out.loc["Japan", "interviews"] == 0
    assert out.loc["China", "online"] == sum(r["place"].startswith("Online") for r in interviews) == 2
    assert out["interviews"].sum() == len(interviews)
    assert out.loc["India", "numbers"] == ""
    values = res.values
    assert values["s6_fieldwork_four_countries"] == 4
    assert (values["x_fieldwork_table2"], values["x_fieldwork_table2_names"]) == (2, "China and Kyrgyzstan")
    assert (values["x_fieldwork_missing"], values["x_fieldwork_online"]) == ("India and Japan", 2)


def test_fieldwork_countries_follow_the_data(data_copy):
    path = data_copy / "interviews.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"Osh, Kyrgyzstan"', '"Osaka, Japan"'),
                    encoding="utf-8")
    out = synthesis.fieldwork_countries(load_data(data_copy)).set_index("country")
    assert out.loc["Japan", "interviews"] == 1 and out.loc["Japan", "numbers"] == "5"
    assert out.loc["Kyrgyzstan", "interviews"] == 4


def test_fieldwork_countries_reject_a_place_without_country(data_copy):
    path = data_copy / "interviews.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"Osh, Kyrgyzstan"', '"Osh, Atlantis"'),
                    encoding="utf-8")
    with pytest.raises(DataValidationError, match="row 6, column 'place'"):
        synthesis.fieldwork_countries(load_data(data_copy))


# ----------------------------------------------------------------------------- the whole section
def test_results_glue_every_claim_of_chapter_8_with_its_registered_value(res):
    registry = [r for r in rows("claims.csv") if r["chapter"] == "08_analysis"]
    assert registry
    for r in registry:
        assert res.values[r["claim_id"]] == pytest.approx(float(r["value"])), r["claim_id"]
    others = {r["claim_id"] for r in rows("claims.csv") if r["chapter"] != "08_analysis"}
    assert not set(res.values) & others
    assert all(name.startswith("x_") for name in set(res.values) - {r["claim_id"] for r in registry})
    assert all(type(v) in (int, float, str) for v in res.values.values())  # plain values: glued reprs stay plain
    assert set(res.tables) == {"comparison", "gradient", "gradient_kyrgyzstan_india", "gradient_india_japan", "table1",
                               "ties", "fieldwork"}
    assert set(res.charts) == {"comparison"}


def test_japan_favourable_values(res):
    assert res.values["x_fav_japan_government_friendly"] == pytest.approx(100 - 63.2)
    assert res.values["x_japan_gov_unfriendly"] == 63.2 and res.values["x_japan_people_unfriendly"] == 50.2
    assert res.values["x_n"] == N


def test_case_item_labels_cover_the_case_items_and_fit_a_chart_axis():
    items = list(dict.fromkeys(r["item"] for r in rows("case_perceptions.csv")))
    assert list(synthesis.CASE_ITEM_LABELS) == items
    assert all(0 < len(label) <= 24 for label in synthesis.CASE_ITEM_LABELS.values())
    assert len(set(synthesis.CASE_ITEM_LABELS.values())) == len(items)
