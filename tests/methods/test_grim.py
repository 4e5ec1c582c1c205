"""paradiplomacy.methods.grim: GRIM consistency of printed percentages (hand-verified cases)."""
from __future__ import annotations

from fractions import Fraction

import pytest

from paradiplomacy.errors import ParameterError
from paradiplomacy.methods import grim


def test_grim_consistent_case():
    # n = 410: k = 173 gives 42.195...% -> "42.2"
    r = grim.grim_percent("42.2", 410)
    assert r.consistent and r.counts == (173,) and r.decimals == 1
    assert 410 in r.feasible_n


def test_grim_impossible_case():
    # by hand: 42.1 needs 42.05 <= 100k/410 < 42.15, i.e. 172.405 <= k < 172.815: no integer k.
    # Neighbours: k = 172 -> 41.951...% -> "42.0", k = 173 -> "42.2".
    r = grim.grim_percent("42.1", 410)
    assert not r.consistent and r.counts == ()
    assert (r.nearest_below, r.nearest_above) == ("42.0", "42.2")
    assert 410 not in r.feasible_n
    assert 19 in r.feasible_n  # 8/19 = 42.105...% -> "42.1"


def test_grim_custom_range_and_ends():
    r = grim.grim_percent("50", 3, n_range=[2, 3, 4])
    # 50% needs k/3 in [0.495, 0.505): impossible for n = 3, possible for 2 and 4
    assert not r.consistent and r.feasible_n == (2, 4)
    assert grim.grim_percent("0.0", 410).nearest_below is None
    assert grim.grim_percent("100.0", 410).nearest_above is None
    with pytest.raises(ParameterError):
        grim.grim_percent("42.2", 0)


def test_half_up_and_half_even_never_disagree_at_n_410():
    # 100k/410 = 10k/41 and 41 is prime to 10, so no percentage of 410 respondents ends exactly in a 5:
    # the rounding rule cannot change GRIM's answer for n = 410 itself (checked here with fractions).
    for k in range(411):
        for decimals in range(4):
            scaled = Fraction(100 * k, 410) * 10**decimals
            assert scaled - int(scaled) != Fraction(1, 2)


def test_grim_rounds_half_up_by_default():
    # 1/16 = 6.25% exactly: half-up prints "6.3", half-even "6.2", so "6.3" is possible with 16 respondents.
    small = grim.grim_percent("6.3", 16)
    assert small.consistent and small.counts == (1,)
    assert not grim.grim_percent("6.3", 16, rounding="half_even").consistent


def test_grim_at_n_410_searches_other_sizes_half_up():
    # For n = 410 the rule shows in the sample sizes that could give the printed value: n = 16 (1/16 = 6.25%)
    # and its multiples give "6.3" only when halves round up.
    at_410 = grim.grim_percent("6.3", 410)
    assert {16, 32, 48} <= set(at_410.feasible_n)
    assert 16 not in grim.grim_percent("6.3", 410, rounding="half_even").feasible_n
