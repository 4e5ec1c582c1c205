"""checks: decimals, GRIM, sums within printed rounding, printed-vs-computed comparison (hand-verified cases)."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from paradiplomacy import numbers as checks
from paradiplomacy.methods import grim
from paradiplomacy.errors import ParameterError


@pytest.mark.parametrize("printed, decimals, half", [("10.0", 1, 0.05), ("71", 0, 0.5), ("2,500", 0, 0.5),
                                                     ("79.21", 2, 0.005), ("0.7", 1, 0.05)])
def test_decimals_and_half_unit(printed, decimals, half):
    assert checks.decimals_of(printed) == decimals
    assert checks.half_unit(printed) == pytest.approx(half, abs=1e-15)


@pytest.mark.parametrize("bad", ["42.2%", "abc", "2,50", "1,2345", "", " 4", "US$127.7"])
def test_parse_printed_rejects_non_numerals(bad):
    with pytest.raises(ValueError):
        checks.parse_printed(bad)


def test_parse_printed_keeps_exponent():
    assert checks.parse_printed("10.0") == Decimal("10.0")
    assert str(checks.parse_printed("10.0")) == "10.0"
    assert checks.parse_printed("2,500") == 2500


def test_round_ratio_is_exact_half_up():
    # 100 * 57 / 20000 = 0.285 exactly; half-up gives 0.29, while float round(0.285, 2) gives 0.28
    assert checks.round_ratio(100 * 57, 20000, 2) == Decimal("0.29")
    assert round(100 * 57 / 20000, 2) == 0.28  # the float pitfall the exact arithmetic avoids
    assert checks.round_ratio(100 * 57, 20000, 2, "half_even") == Decimal("0.28")
    assert checks.round_ratio(100 * 57, 20000, 2, "truncate") == Decimal("0.28")
    # 173/410 = 42.195...% -> 42.2
    assert checks.round_ratio(100 * 173, 410, 1) == Decimal("42.2")
    with pytest.raises(ParameterError):
        checks.round_ratio(1, 2, 1, "bankers")


def test_grim_consistent_case():
    # n = 410: k = 173 gives 42.195...% -> "42.2"
    r = grim.grim_percent("42.2", 410)
    assert r.consistent and r.counts == (173,) and r.decimals == 1
    assert 410 in r.feasible_n and r.n_feasible


def test_grim_impossible_case():
    # by hand: 42.1 needs 42.05 <= 100k/410 < 42.15, i.e. 172.405 <= k < 172.815: no integer k.
    # Neighbours: k = 172 -> 41.951...% -> "42.0", k = 173 -> "42.2".
    r = grim.grim_percent("42.1", 410)
    assert not r.consistent and r.counts == ()
    assert (r.nearest_below, r.nearest_above) == ("42.0", "42.2")
    assert 410 not in r.feasible_n
    # 8/19 = 42.105...% -> "42.1": n = 19 is feasible
    assert 19 in r.feasible_n


def test_grim_custom_range_and_ends():
    r = grim.grim_percent("50", 3, n_range=[2, 3, 4])
    # 50% needs k/3 in [0.495, 0.505): impossible for n = 3, possible for 2 and 4
    assert not r.consistent and r.feasible_n == (2, 4)
    assert grim.grim_percent("0.0", 410).nearest_below is None
    assert grim.grim_percent("100.0", 410).nearest_above is None
    with pytest.raises(ParameterError):
        grim.grim_percent("42.2", 0)


def test_sum_check_tolerance_bounds_inclusive():
    six = ["16.7", "16.7", "16.7", "16.7", "16.7", "16.8"]  # sum 100.3: exactly at the bound
    r = checks.sum_check(six)
    assert r.total == Decimal("100.3") and r.tolerance == Decimal("0.3") and r.ok
    over = six[:-1] + ["16.9"]  # 100.4
    assert not checks.sum_check(over).ok


def test_sum_check_coarsest_decimal_sets_tolerance():
    age = ["21", "35.1", "28.8", "15.1"]  # Table 3 age: one share printed without decimals -> 4 x 0.5
    r = checks.sum_check(age)
    assert r.tolerance == Decimal("2.0") and r.ok
    education = ["0.7", "10.7", "38.8", "45.9", "4.6"]  # Table 3 education sums to 100.7 > 100.25
    e = checks.sum_check(education)
    assert e.total == Decimal("100.7") and e.tolerance == Decimal("0.25") and not e.ok
    assert e.difference == Decimal("0.7")


def test_compare_value_statuses():
    bri = (77.6 + 86.2 + 84.2 + 74.6 + 71 + 81.7) / 6  # mean of printed % agree of the six BRI countries
    assert bri == pytest.approx(79.2166666, abs=1e-6)
    c = checks.compare_value("79.21", bri)
    assert c.status == "rounding" and c.rounded == "79.22" and c.within_one_unit and not c.rounds_to_printed
    assert checks.compare_value("48.82", (56.6 + 54.2 + 65 + 31.2 + 37.1) / 5).status == "reproduced"
    d = checks.compare_value("74.6", 37.8 + 31.5 + 9.3)  # Nepal: printed 74.6, distribution gives 78.6
    assert d.status == "discrepancy" and d.difference == pytest.approx(4.0)
    e = checks.compare_value("10.7", Fraction(100 * 41, 410))  # Table 3: 41/410 = 10.0%
    assert e.status == "discrepancy" and e.rounded == "10.0"


def test_compare_value_exact_half_up():
    assert checks.compare_value("0.29", Fraction(100 * 57, 20000)).status == "reproduced"
    assert checks.compare_value("2,500", 2500).status == "reproduced"
    assert checks.compare_value("4", 4.27).status == "reproduced"
    assert checks.compare_value("4", 4.5).rounded == "5"
    with pytest.raises(ParameterError):
        checks.compare_value("4", "4")
    with pytest.raises(ParameterError):
        checks.compare_value("4", float("nan"))


def test_docstring_examples():
    import doctest

    from paradiplomacy import errors
    from paradiplomacy.methods import reconstruct

    for module in (checks, reconstruct, errors):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__
