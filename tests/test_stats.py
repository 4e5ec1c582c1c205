"""stats: every result checked against an independent computation with a stated tolerance."""
from __future__ import annotations

import math

import pytest
from scipy.stats import binomtest, chi2 as chi2_dist, norm

from paradiplomacy.methods import stats
from paradiplomacy.errors import ParameterError

CASES = [(173, 410, 0.95), (81, 263, 0.95), (0, 410, 0.95), (410, 410, 0.9), (3, 410, 0.99), (1, 2, 0.5)]


@pytest.mark.parametrize("k, n, conf", CASES)
def test_wilson_matches_scipy(k, n, conf):
    # independent: scipy.stats.binomtest(...).proportion_ci(method="wilson"); tolerance 1e-9
    ci = binomtest(k, n).proportion_ci(confidence_level=conf, method="wilson")
    low, high = stats.wilson_interval(k, n, conf)
    assert low == pytest.approx(ci.low, abs=1e-9)
    assert high == pytest.approx(ci.high, abs=1e-9)


def test_wilson_textbook_example():
    # k = 81, n = 263 -> (0.2553, 0.3662) to 4 decimals; tolerance 1e-4
    low, high = stats.wilson_interval(81, 263)
    assert (low, high) == pytest.approx((0.2553, 0.3662), abs=1e-4)


@pytest.mark.parametrize("k, n, conf", CASES)
def test_clopper_pearson_matches_scipy_exact(k, n, conf):
    # independent: binomtest(...).proportion_ci(method="exact"); tolerance 1e-9
    ci = binomtest(k, n).proportion_ci(confidence_level=conf, method="exact")
    low, high = stats.exact_interval(k, n, conf)
    assert low == pytest.approx(ci.low, abs=1e-9)
    assert high == pytest.approx(ci.high, abs=1e-9)


def test_exact_interval_edges():
    assert stats.exact_interval(0, 10)[0] == 0.0
    assert stats.exact_interval(10, 10)[1] == 1.0
    assert stats.wilson_interval(0, 10)[0] == 0.0


@pytest.mark.parametrize("bad", [95, 0, 1, 1.0, -0.1, True, "0.95", float("nan"), None])
def test_validate_confidence_rejects(bad):
    with pytest.raises(ParameterError) as err:
        stats.validate_confidence(bad, parameter="confidence")
    assert err.value.parameter == "confidence"


def test_validate_confidence_accepts_and_hints():
    assert stats.validate_confidence(0.9) == 0.9
    with pytest.raises(ParameterError, match="not a percentage"):
        stats.validate_confidence(95)
    with pytest.raises(ParameterError, match="level"):
        stats.validate_confidence(2, parameter="level")


def test_count_validation():
    with pytest.raises(ParameterError):
        stats.wilson_interval(11, 10)
    with pytest.raises(ParameterError):
        stats.wilson_interval(1.5, 10)
    with pytest.raises(ParameterError):
        stats.exact_interval(1, 0)


def test_proportion_table():
    df = stats.proportion_table(["42.2", "31.5", "11.5", "8", "6.8"], 410, confidence=0.9,
                                categories=["econ", "pol", "pers", "hist", "soc"])
    assert list(df.columns) == ["category", "printed", "share", "count", "count_status", "low", "high", "method",
                                "confidence", "n"]
    assert list(df["count"])[:3] == [173, 129, 47]
    assert df.loc[3, "count_status"] == "ambiguous: 31, 32, 33, 34" and df.loc[3, "count"] == 33  # 8% of 410 = 32.8
    low, high = stats.wilson_interval(173, 410, 0.9)
    assert (df.loc[0, "low"], df.loc[0, "high"]) == (low, high)
    assert set(df["method"]) == {"Wilson score"}
    exact = stats.proportion_table(["42.2"], 410, method="exact")
    assert exact.loc[0, "low"] == stats.exact_interval(173, 410)[0]


def test_proportion_table_impossible_share_is_flagged():
    df = stats.proportion_table(["42.1"], 410)
    assert df["count"].isna().all() and df.loc[0, "count_status"].startswith("impossible with n = 410")
    assert df.loc[0, "low"] < 0.421 < df.loc[0, "high"]
    with pytest.raises(ParameterError):
        stats.proportion_table(["42.2"], 410, method="wald")


def test_goodness_of_fit_against_hand_formula():
    observed = [173, 129, 47, 33, 28]
    props = [0.4, 0.3, 0.1, 0.1, 0.1]
    n = sum(observed)
    hand = sum((o - p * n) ** 2 / (p * n) for o, p in zip(observed, props))
    res = stats.goodness_of_fit(observed, props)
    assert res["chi2"] == pytest.approx(hand, rel=1e-12)
    assert res["dof"] == 4 and res["n"] == 410
    assert res["p"] == pytest.approx(chi2_dist.sf(hand, 4), rel=1e-9)
    equal = stats.goodness_of_fit([10, 20, 30])
    assert equal["chi2"] == pytest.approx(((10 - 20) ** 2 + 0 + (30 - 20) ** 2) / 20, rel=1e-12)
    assert "no continuity correction" in res["method"]


def test_goodness_of_fit_validation():
    with pytest.raises(ParameterError):
        stats.goodness_of_fit([10, 20], [0.5, 0.6])
    with pytest.raises(ParameterError):
        stats.goodness_of_fit([10, -1])
    with pytest.raises(ParameterError):
        stats.goodness_of_fit([10])
    with pytest.raises(ParameterError):
        stats.goodness_of_fit([10, 20], [1.0])


def test_two_proportions_against_hand_formulas():
    k1, n1, k2, n2 = 260, 410, 201, 410  # e.g. 63.4% vs 49.0% of 410
    res = stats.two_proportions(k1, n1, k2, n2, labels=("economic", "sociocultural"))
    p1, p2 = k1 / n1, k2 / n2
    pooled = (k1 + k2) / (n1 + n2)
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    # Pearson chi-square without continuity correction equals the pooled z squared (tolerance 1e-9 relative)
    assert res["z"] == pytest.approx(z, rel=1e-12)
    assert res["chi2"] == pytest.approx(z * z, rel=1e-9)
    assert res["p"] == pytest.approx(2 * norm.sf(abs(z)), rel=1e-9)
    # Yates: N (|ad - bc| - N/2)^2 / (r1 r2 c1 c2)
    a, b, c, d = k1, n1 - k1, k2, n2 - k2
    big_n = a + b + c + d
    yates = big_n * (abs(a * d - b * c) - big_n / 2) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    assert res["chi2_yates"] == pytest.approx(yates, rel=1e-9)
    assert res["chi2_yates"] < res["chi2"]
    assert res["cohen_h"] == pytest.approx(2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p2)), rel=1e-12)
    assert res["dof"] == 1 and "correction=False" in res["method"]


def test_two_proportions_validation():
    with pytest.raises(ParameterError):
        stats.two_proportions(5, 4, 1, 4)
    with pytest.raises(ParameterError):
        stats.two_proportions(0, 4, 0, 4)
