"""paradiplomacy.methods.stats: the independent-groups test, checked against hand formulas."""
from __future__ import annotations

import math

import pytest
from scipy.stats import norm

from paradiplomacy.errors import ParameterError
from paradiplomacy.methods import stats


def test_two_proportions_against_hand_formulas():
    k1, n1, k2, n2 = 260, 410, 201, 410  # 63.4% vs 49.0% of 410
    res = stats.two_proportions(k1, n1, k2, n2, labels=("economic", "sociocultural"))
    p1, p2 = k1 / n1, k2 / n2
    pooled = (k1 + k2) / (n1 + n2)
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    # Pearson chi-square without continuity correction equals the pooled z squared (relative tolerance 1e-9)
    assert res["z"] == pytest.approx(z, rel=1e-12)
    assert res["chi2"] == pytest.approx(z * z, rel=1e-9)
    assert res["p"] == pytest.approx(2 * norm.sf(abs(z)), rel=1e-9)
    # Yates: N (|ad - bc| - N/2)^2 / (r1 r2 c1 c2)
    a, b, c, d = k1, n1 - k1, k2, n2 - k2
    big_n = a + b + c + d
    yates = big_n * (abs(a * d - b * c) - big_n / 2) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    assert res["chi2_yates"] == pytest.approx(yates, rel=1e-9) and res["chi2_yates"] < res["chi2"]
    assert res["p_yates"] == pytest.approx(math.erfc(math.sqrt(yates / 2)), rel=1e-9)
    assert res["cohen_h"] == pytest.approx(2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p2)), rel=1e-12)
    assert res["dof"] == 1 and res["labels"] == ("economic", "sociocultural") and "correction=False" in res["method"]


def test_two_proportions_validation():
    for args, parameter in (((5, 4, 1, 4), "k1"), ((0, 4, 0, 4), "k1"), ((1, 4, 1, 0), "n2"), ((1, 4, 1.5, 4), "k2")):
        with pytest.raises(ParameterError) as err:
            stats.two_proportions(*args)
        assert err.value.parameter == parameter
