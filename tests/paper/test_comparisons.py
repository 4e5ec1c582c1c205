"""paradiplomacy.paper.comparisons: the article's paired comparisons, checked by hand enumeration.

The exact McNemar p-value is written out with ``math.comb`` (tolerance ``abs=1e-12``; ``rel=1e-9`` where pingouin
computes it); counts come from the printed shares of data/survey_items.csv and data/case_perceptions.csv.
"""
from __future__ import annotations

import math

import pytest

from paradiplomacy.data import load_data
from paradiplomacy.errors import ParameterError
from paradiplomacy.methods.bounds import VERDICTS
from paradiplomacy.paper import comparisons

N = 410


def hand_exact_mcnemar(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value: 2 * P(X <= min(b, c)), X ~ Binomial(b + c, 1/2), capped at 1."""
    if b + c == 0:
        return 1.0
    return min(1.0, 2 * sum(math.comb(b + c, i) for i in range(min(b, c) + 1)) / 2 ** (b + c))


@pytest.fixture(scope="module")
def res():
    return comparisons.results(load_data())


@pytest.fixture(scope="module")
def table(res):
    return res.tables["comparisons"].set_index("comparison")


def test_families_and_verdicts(table):
    assert list(dict.fromkeys(table["family"])) == list(comparisons.FAMILIES)
    assert table.loc["Continue (text)", "verdict"] == "depends on the joint table"
    assert table.loc["Continue in a limited way (Figure 2)", "verdict"] == "significant for every joint table"
    assert table.loc["Municipal government (Figure 3 'yes')", "verdict"] == "significant for every joint table"
    assert table.loc["Provincial government (Figure 3 'yes')", "verdict"] == "not significant for any joint table"
    assert table.loc["Local autonomy", "verdict"] == "depends on the joint table"
    india_japan = table[table.index.str.endswith("India vs Japan")]
    assert len(india_japan) == 6 and (india_japan["verdict"] == "significant for every joint table").all()
    assert table.loc["Important diplomacy: Kyrgyzstan vs India", "verdict"] == "depends on the joint table"


def test_counts_come_from_the_printed_shares(table):
    text = table.loc["Continue (text)"]  # 79.0 -> 324/410 = 79.02%, 73.9 -> 303/410 = 73.90%
    assert (text["printed_first"], text["printed_second"], text["k1"], text["k2"]) == ("79.0", "73.9", (324,), (303,))
    assert (text["overlap_min"], text["overlap_max"]) == (324 + 303 - N, 303)


def test_neighbouring_counts_for_the_impossible_share(table):
    row = table.loc["Government friendly: Kyrgyzstan vs India"]
    assert row["k1"] == (395, 396) and "impossible" in row["note"]  # 96.5 is impossible with 410
    japan = table.loc["Government friendly: India vs Japan"]
    assert japan["k2"] == (N - 259,) and japan["printed_second"] == "100 − 63.2"  # complement of 259/410 = 63.17%


def test_counts_or_neighbours_by_hand():
    counts, note = comparisons.counts_or_neighbours("96.5", N)
    assert counts == (395, 396)  # 395/410 = 96.34 -> "96.3", 396/410 = 96.59 -> "96.6"
    assert round(100 * 395 / N, 1) == 96.3 and round(100 * 396 / N, 1) == 96.6
    assert "impossible" in note
    assert comparisons.counts_or_neighbours("63.2", N, complement=True) == ((N - 259,), "")


def test_p_ranges_match_hand_enumeration(table):
    for label in ("Local autonomy", "Continue (text)", "People friendly: India vs Japan"):
        row = table.loc[label]
        ps = [hand_exact_mcnemar(a - both, b - both) for a in row["k1"] for b in row["k2"]
              for both in range(max(0, a + b - N), min(a, b) + 1)]
        assert row["exact_p_min"] == pytest.approx(min(ps), abs=1e-12)
        assert row["exact_p_max"] == pytest.approx(max(ps), abs=1e-12)
        assert row["pingouin_p_max"] == pytest.approx(max(ps), rel=1e-9)


def test_values_count_the_table(res, table):
    values = res.values
    assert values["x_pairs_total"] == len(table) == 31
    assert [values[f"x_pairs_verdict_{i}"] for i in range(3)] == [int((table["verdict"] == v).sum()) for v in VERDICTS]
    assert sum(values[f"x_pairs_verdict_{i}"] for i in range(3)) == 31
    assert values["x_case_pairs"] == 18 and values["x_levels_total"] == 7  # 6 items x 3 pairs; 7 provinces vs cities
    assert values["x_japan_pairs"] == 12 and values["x_japan_pairs_robust"] == 12
    assert values["x_case_depends"].split("; ") == list(
        table.index[(table["family"] == comparisons.FAMILIES[4]) & (table["verdict"] == VERDICTS[2])])
    # "Continue (text)": p from the most discordant table (b = 107, c = 86) down to 2 * 0.5**21 (b = 21, c = 0)
    assert values["x_text_p_low"] == pytest.approx(2 * 0.5**21, abs=1e-12)
    assert values["x_text_p_high"] == pytest.approx(hand_exact_mcnemar(107, 86), abs=1e-12)
    assert values["x_text_needed"] == table.loc["Continue (text)", "discordant_needed"]
    assert values["x_fig2_verdict"] == VERDICTS[0] and values["x_municipal_verdict"] == VERDICTS[0]
    assert all(isinstance(v, (int, float, str)) and not isinstance(v, bool) for v in values.values())


def test_display_formats_ranges(res):
    shown = res.tables["display"].set_index("Comparison")
    assert shown.loc["Continue (text)", "Both (range)"] == "217 to 303"
    assert shown.loc["Continue (text)", "Shares"] == "79.0 vs 73.9"
    assert shown.loc["Continue (text)", "Odds ratio (range)"].endswith("to ∞")
    assert shown.loc["Continue (text)", "Difference"] == "+5.1"  # 100 * 21 / 410


def test_one_comparison_by_label(table):
    data = load_data()
    row = comparisons.comparison(data, "Continue (text)")
    assert row["k1"] == (324,) and row["k2"] == (303,) and row.name == "Continue (text)"
    assert row["exact_p_max"] == table.loc["Continue (text)", "exact_p_max"]
    with pytest.raises(ParameterError) as err:
        comparisons.comparison(data, "Continue", parameter="example")
    assert err.value.parameter == "example" and "Continue (text)" in str(err.value)


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.2, "0.95"])
def test_bad_confidence_is_named(confidence):
    for call in (lambda: comparisons.results(load_data(), confidence),
                 lambda: comparisons.comparison(load_data(), "Continue (text)", confidence)):
        with pytest.raises(ParameterError) as err:
            call()
        assert err.value.parameter == "confidence"


@pytest.mark.notebook
def test_method_note_runs_and_names_a_bad_example(tmp_path):
    """chapters/10_bounds_method.md: the worked example matches paired_bounds; a bad `example` is named."""
    import papermill

    from chapter_runner import execute
    from paradiplomacy.data import claims
    from paradiplomacy.methods import bounds

    glued = claims.glued_values(execute("10_bounds_method", tmp_path))
    direct = bounds.paired_bounds(324, 303, N)
    assert (glued["x_both_low"], glued["x_both_high"]) == (direct.overlap_min, direct.overlap_max)
    assert glued["x_verdict"] == direct.verdict and glued["x_needed"] == direct.discordant_needed
    with pytest.raises(papermill.PapermillExecutionError) as info:
        execute("10_bounds_method", tmp_path / "bad", {"example": "Nonsense"})
    assert "example" in f"{info.value.ename}: {info.value.evalue}"
