"""paradiplomacy.methods.bounds: Fréchet bounds, McNemar over every joint table, the group contrast.

Every statistic is checked against an independent computation written here: brute-force enumeration of joint
tables, ``math.comb`` for the exact McNemar test, ``math.erfc`` / scipy for chi-square tails, ``scipy.stats``
for the t-test, and hand formulas for Cohen's h and the variance floor. Tolerances are stated at each assertion:
exact (``==``) for counts, ``abs=1e-12`` for p-values computed two ways in double precision, ``rel=1e-9`` where a
statistic passes through pingouin's float pipeline.
"""
from __future__ import annotations

import itertools
import math
from statistics import NormalDist, stdev

import pandas as pd
import pytest
from scipy.stats import chi2 as chi2_dist
from scipy.stats import ttest_1samp

from paradiplomacy.data import load_data
from paradiplomacy.errors import ParameterError
from paradiplomacy.methods import bounds, reconstruct

N = 410

def hand_exact_mcnemar(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value: 2 * P(X <= min(b, c)), X ~ Binomial(b + c, 1/2), capped at 1."""
    d = b + c
    if d == 0:
        return 1.0
    tail = sum(math.comb(d, i) for i in range(min(b, c) + 1)) / 2**d
    return min(1.0, 2 * tail)


def brute_tables(k1: int, k2: int, n: int):
    """All 2x2 tables (a, b, c, d) with a + b + c + d = n, a + b = k1, a + c = k2 (no shortcut)."""
    return [(a, b, c, d) for a, b, c in itertools.product(range(n + 1), repeat=3)
            if (d := n - a - b - c) >= 0 and a + b == k1 and a + c == k2]


@pytest.mark.parametrize("k1, k2, n", [(5, 3, 8), (7, 6, 9), (0, 4, 6), (6, 6, 6), (2, 5, 7), (4, 4, 10)])
def test_joint_tables_match_brute_force(k1, k2, n):
    brute = brute_tables(k1, k2, n)
    tables = bounds.joint_tables(k1, k2, n)
    got = sorted(zip(tables["both"], tables["first_only"], tables["second_only"], tables["neither"]))
    assert got == sorted(brute)
    assert bounds.frechet_bounds(k1, k2, n) == (min(t[0] for t in brute), max(t[0] for t in brute))
    for row in tables.itertuples():
        b, c = row.first_only, row.second_only
        assert row.exact_p == pytest.approx(hand_exact_mcnemar(b, c), abs=1e-12)
        if b + c:
            assert row.mcnemar_chi2 == pytest.approx((b - c) ** 2 / (b + c))
            assert row.mcnemar_p == pytest.approx(float(chi2_dist.sf((b - c) ** 2 / (b + c), 1)))
        else:
            assert row.mcnemar_p == 1.0


@pytest.mark.parametrize("k1, k2, n, confidence", [(9, 3, 12, 0.95), (8, 7, 12, 0.95), (10, 2, 12, 0.9),
                                                   ([6, 7], [2, 3], 10, 0.95)])
def test_paired_bounds_match_brute_force(k1, k2, n, confidence):
    ks1 = k1 if isinstance(k1, list) else [k1]
    ks2 = k2 if isinstance(k2, list) else [k2]
    ps = [hand_exact_mcnemar(b, c) for x in ks1 for y in ks2 for (_, b, c, _) in brute_tables(x, y, n)]
    overlaps = [a for x in ks1 for y in ks2 for (a, _, _, _) in brute_tables(x, y, n)]
    result = bounds.paired_bounds(k1, k2, n, confidence)
    alpha = 1 - confidence
    assert result.exact_p_min == pytest.approx(min(ps), abs=1e-12)
    assert result.exact_p_max == pytest.approx(max(ps), abs=1e-12)
    assert (result.overlap_min, result.overlap_max) == (min(overlaps), max(overlaps))
    expected = ("significant for every joint table" if max(ps) < alpha else
                "not significant for any joint table" if min(ps) >= alpha else "depends on the joint table")
    assert result.verdict == expected


def test_paired_bounds_on_the_papers_figure2_numbers():
    text = bounds.paired_bounds(324, 303, N)  # 79.0 vs 73.9 (the text)
    assert (text.overlap_min, text.overlap_max) == (217, 303)
    assert text.verdict == "depends on the joint table"
    # maximal overlap: 21 respondents said continue for economic ties only, none the reverse
    assert text.exact_p_min == pytest.approx(2 * 0.5**21)
    assert text.exact_p_max > 0.05
    assert text.discordant_needed is not None and text.discordant_needed > 21
    bars = bounds.paired_bounds(260, 201, N)  # 63.4 vs 49.0 (Figure 2)
    assert bars.significant_always and bars.discordant_needed is None
    assert bars.difference_min == pytest.approx(100 * 59 / N)


def test_paired_bounds_rejects_bad_counts():
    with pytest.raises(ParameterError) as err:
        bounds.paired_bounds(11, 3, 10)
    assert err.value.parameter == "k1"
    with pytest.raises(ParameterError) as err:
        bounds.paired_bounds(1, [], 10)
    assert err.value.parameter == "k2"
    with pytest.raises(ParameterError) as err:
        bounds.joint_tables(1, 1, 0)
    assert err.value.parameter == "n"


def test_bounds_table_rows_and_errors():
    table = bounds.bounds_table({"a": bounds.paired_bounds(9, 3, 12), "b": bounds.paired_bounds(5, 5, 12)})
    assert list(table["Comparison"]) == ["a", "b"]
    assert table.loc[1, "Difference (points)"] == "0.0"
    assert table.loc[0, "Answering yes to both (Fréchet range)"] == "0 to 3"
    with pytest.raises(ParameterError) as err:
        bounds.bounds_table({"a": 0.5})
    assert err.value.parameter == "bounds"


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.2, "0.95"])
def test_bad_confidence_is_named(confidence):
    counts = {"A": 3, "B": 2}
    for call in (lambda: bounds.paired_bounds(3, 2, 5, confidence=confidence),
                 lambda: bounds.compare_pair(3, 2, 5, confidence=confidence),
                 lambda: bounds.group_contrast(counts, ["A"], 5, confidence=confidence)):
        with pytest.raises(ParameterError) as err:
            call()
        assert err.value.parameter == "confidence"


# ------------------------------------------------------------------------------------------- one table
@pytest.mark.parametrize("k1, k2, n", [(5, 3, 8), (7, 6, 9), (324, 303, 410), (128, 352, 410), (0, 0, 4)])
def test_most_discordant_is_the_brute_force_maximum(k1, k2, n):
    brute = brute_tables(k1, k2, n) if n < 20 else [(a, k1 - a, k2 - a, n - k1 - k2 + a)
                                                      for a in range(0, min(k1, k2) + 1) if n - k1 - k2 + a >= 0]
    a, b, c, _ = max(brute, key=lambda t: t[1] + t[2])
    least = bounds.most_discordant(k1, k2, n)
    assert (least["first_only"], least["second_only"], least["discordant_max"]) == (b, c, b + c)  # exact
    assert least["discordant_min"] == abs(k1 - k2)
    assert least["exact_p"] == pytest.approx(hand_exact_mcnemar(b, c), abs=1e-12)
    if b + c:
        stat = (b - c) ** 2 / (b + c)
        assert least["chi2"] == pytest.approx(stat, rel=1e-12)
        assert least["p"] == pytest.approx(math.erfc(math.sqrt(stat / 2)), rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("a, b, expected", [(240, 205, 35), (80, 120, 0), ([368, 370], [352, 353], 15),
                                            (None, 3, None), (pd.NA, 3, None), (5, float("nan"), None)])
def test_ordered_floor_by_hand(a, b, expected):
    assert bounds.ordered_floor(a, b) == expected


def test_mcnemar_pingouin_against_hand_formulas():
    """pingouin.chi2_mcnemar on pseudo-respondents gives the textbook statistic and the exact binomial p."""
    for both, b, c, neither in [(217, 107, 86, 0), (303, 21, 0, 86), (10, 3, 9, 5)]:
        got = bounds.mcnemar_pingouin(both, b, c, neither)
        stat = (b - c) ** 2 / (b + c)
        assert got["chi2"] == pytest.approx(stat, rel=1e-9)
        assert got["p_approx"] == pytest.approx(math.erfc(math.sqrt(stat / 2)), rel=1e-9)
        assert got["p_exact"] == pytest.approx(hand_exact_mcnemar(b, c), rel=1e-9)
        assert got["odds_ratio"] == (math.inf if c == 0 else b / c)
    none = bounds.mcnemar_pingouin(5, 0, 0, 5)
    assert none["p_exact"] == 1.0 and none["discordant"] == 0


def test_pseudo_respondents_are_labelled_reconstructed():
    frame = bounds._pair_frame(2, 1, 3, 4)
    assert len(frame) == 10 and frame["first"].sum() == 3 and frame["second"].sum() == 5
    assert ((frame["first"] == 1) & (frame["second"] == 1)).sum() == 2
    assert (frame["provenance"] == "reconstructed from published percentages").all()
    with pytest.raises(ParameterError) as err:
        bounds._pair_frame(-1, 0, 0, 0)
    assert err.value.parameter == "both"


def test_cohen_h_by_hand():
    assert bounds.cohen_h(0.5, 0.5) == 0
    # h = 2 asin sqrt(.79) - 2 asin sqrt(.739), written out with acos: asin(x) = pi/2 - acos(x)
    hand = 2 * (math.pi / 2 - math.acos(math.sqrt(0.79))) - 2 * (math.pi / 2 - math.acos(math.sqrt(0.739)))
    assert bounds.cohen_h(0.79, 0.739) == pytest.approx(hand, abs=1e-12)
    with pytest.raises(ParameterError) as err:
        bounds.cohen_h(1.2, 0.3)
    assert err.value.parameter == "p1"


def test_compare_pair_pingouin_agrees_with_the_scipy_range():
    row = bounds.compare_pair(324, 303, N)
    # the largest p-value sits at the lower Fréchet bound (most discordant) and the smallest at the upper one
    assert row["pingouin_p_max"] == pytest.approx(hand_exact_mcnemar(324 - 217, 303 - 217), rel=1e-9)
    assert row["pingouin_p_min"] == pytest.approx(hand_exact_mcnemar(21, 0), rel=1e-9)
    assert row["exact_p_max"] == pytest.approx(row["pingouin_p_max"], rel=1e-9)
    h = 2 * math.asin(math.sqrt(324 / N)) - 2 * math.asin(math.sqrt(303 / N))
    assert row["cohen_h_min"] == pytest.approx(h, abs=1e-12) == row["cohen_h_max"]
    assert row["odds_ratio_min"] == pytest.approx(107 / 86) and row["odds_ratio_max"] == math.inf


# ------------------------------------------------------------------------------------------- many items
def _all_couplings(counts: dict, n: int):
    """Every n x items 0/1 matrix with the given column sums, as lists of rows (brute force, tiny n only)."""
    columns = [list(itertools.combinations(range(n), k)) for k in counts.values()]
    for choice in itertools.product(*columns):
        yield [[int(i in chosen) for chosen in choice] for i in range(n)]


def test_group_contrast_sd_bounds_by_brute_force():
    counts = {"A1": 3, "A2": 2, "B1": 2}
    n = 5
    sds = []
    for matrix in _all_couplings(counts, n):
        contrast = [(r[0] + r[1]) / 2 - r[2] for r in matrix]
        sds.append(stdev(contrast))
    result = bounds.group_contrast(counts, ["A1", "A2"], n)
    assert result.sd_max == pytest.approx(max(sds), rel=1e-12)  # the comonotone table is the maximum
    assert result.sd_min <= min(sds) + 1e-12  # the lattice floor is a valid lower bound
    assert result.difference == pytest.approx(100 * ((3 + 2) / 2 / 5 - 2 / 5))


def test_lattice_variance_floor_by_hand():
    # lattice {j/2 - l/1}: ..., 0, 0.5, 1; mean 0.3 -> neighbours 0 and 0.5 -> 0.3 * 0.2
    assert bounds.lattice_variance_floor(0.3, 2, 1) == pytest.approx(0.06, abs=1e-12)
    assert bounds.lattice_variance_floor(0.5, 2, 1) == 0
    with pytest.raises(ParameterError) as err:
        bounds.lattice_variance_floor(2, 2, 1)
    assert err.value.parameter == "mean"


def test_group_contrast_on_table1_against_scipy():
    data = load_data()
    table1, membership = data.table1, data.bri_membership
    counts = {}
    for country, rows in table1.groupby("country", sort=False):  # agree = answers 4-6 of the reconstructed counts
        best = reconstruct.reconstruct_distribution(list(rows.sort_values("response")["printed"]), N).best
        counts[country] = sum(best[3:])
    paper = list(membership.loc[membership["paper_group"] == "BRI", "country"])
    result = bounds.group_contrast(counts, paper, N)
    bri = [counts[c] / N for c in paper]
    rest = [counts[c] / N for c in counts if c not in paper]
    assert result.difference == pytest.approx(100 * (sum(bri) / len(bri) - sum(rest) / len(rest)), abs=1e-12)
    frame = bounds.comonotone_frame(counts, paper, N)
    for country, k in counts.items():
        assert frame[country].sum() == k  # the margins are kept exactly
    scipy_t = ttest_1samp(frame["contrast"], 0)
    assert result.t_min == pytest.approx(float(scipy_t.statistic), rel=1e-9)
    assert result.p_max == pytest.approx(float(scipy_t.pvalue), rel=1e-6, abs=1e-300)
    z = NormalDist().inv_cdf(0.975)
    assert result.ci_low == pytest.approx(result.difference - 100 * z * result.sd_max / math.sqrt(N), abs=0.05)
    assert result.sd_min <= result.sd_independent <= result.sd_max
    assert result.verdict == "significant for every joint table"


def test_group_contrast_rejects_bad_groups():
    with pytest.raises(ParameterError) as err:
        bounds.group_contrast({"A": 1, "B": 2}, ["A", "B"], 5)
    assert err.value.parameter == "group_a"
    with pytest.raises(ParameterError) as err:
        bounds.group_contrast({"A": 1, "B": 2}, ["C"], 5)
    assert err.value.parameter == "group_a"
