"""paradiplomacy.numbers: printed tokens, decimals, exact rounding, sums within rounding, printed vs computed.

Expected values are worked out by hand in the comments (or come from the article's tables).
"""
from __future__ import annotations

import doctest
from decimal import Decimal
from fractions import Fraction

import pytest

from paradiplomacy import numbers
from paradiplomacy.errors import ParameterError


@pytest.mark.parametrize("printed, decimals, unit", [("10.0", 1, "0.1"), ("71", 0, "1"), ("2,500", 0, "1"),
                                                    ("79.21", 2, "0.01"), ("0.7", 1, "0.1")])
def test_decimals_and_unit(printed, decimals, unit):
    assert numbers.decimals_of(printed) == decimals
    assert numbers.unit_of(printed) == Decimal(unit)


@pytest.mark.parametrize("bad", ["42.2%", "abc", "2,50", "1,2345", "", " 4", "4\n", "US$127.7", None, 4])
def test_parse_printed_rejects_non_numerals(bad):
    assert not numbers.is_numeral(bad)
    with pytest.raises(ValueError):
        numbers.parse_printed(bad)


def test_parse_printed_keeps_exponent():
    assert str(numbers.parse_printed("10.0")) == "10.0"
    assert numbers.parse_printed("2,500") == 2500
    assert numbers.parse_printed("-1.5") == Decimal("-1.5")


def test_tokens_in_printed_text():
    assert numbers.tokens("US$127.7 billion") == [("127.7", 1, 1e9)]
    assert numbers.tokens("more than 2,500 ties in 2.4 Million people") == [("2,500", 0, 1.0), ("2.4", 1, 1e6)]
    assert numbers.tokens("79.21%") == [("79.21", 2, 1.0)]
    assert numbers.tokens("three") == []


def test_round_ratio_is_exact():
    # 100 * 57 / 20000 = 0.285 exactly; half-up gives 0.29, while float round(0.285, 2) gives 0.28
    assert numbers.round_ratio(100 * 57, 20000, 2) == Decimal("0.29")
    assert round(100 * 57 / 20000, 2) == 0.28  # the float pitfall the exact arithmetic avoids
    assert numbers.round_ratio(100 * 57, 20000, 2, "half_even") == Decimal("0.28")
    assert numbers.round_ratio(100 * 59, 20000, 2, "half_even") == Decimal("0.30")  # 0.295 -> even 0.30
    assert numbers.round_ratio(100 * 57, 20000, 2, "truncate") == Decimal("0.28")
    assert numbers.round_ratio(100 * 173, 410, 1) == Decimal("42.2")  # 42.195...
    with pytest.raises(ParameterError) as err:
        numbers.round_ratio(1, 2, 1, "bankers")
    assert err.value.parameter == "rounding"
    with pytest.raises(ValueError):
        numbers.round_ratio(1, 0, 1)


def test_round_decimal_reads_floats_as_written():
    assert numbers.round_decimal(2.675, 2) == Decimal("2.68")  # binary 2.67499999... is not what was meant
    assert numbers.round_decimal(Fraction(-1, 8), 2) == Decimal("-0.13")  # half away from zero
    assert numbers.round_decimal("0.25", 1, "half_even") == Decimal("0.2")
    assert numbers.format_decimal(Decimal("7"), 2) == "7.00"


def test_check_n_and_count():
    assert numbers.check_n(410) == 410
    for bad in (0, -1, 1.5, True, "410"):
        with pytest.raises(ParameterError) as err:
            numbers.check_n(bad, "size")
        assert err.value.parameter == "size"
    assert numbers.check_count(3.0, 5) == 3
    for bad in (6, -1, 1.5, True, "3"):
        with pytest.raises(ParameterError) as err:
            numbers.check_count(bad, 5, "k1")
        assert err.value.parameter == "k1"


def test_sum_check_tolerance_bounds_inclusive():
    six = ["16.7", "16.7", "16.7", "16.7", "16.7", "16.8"]  # sum 100.3: exactly at the bound
    r = numbers.sum_check(six)
    assert r.total == Decimal("100.3") and r.tolerance == Decimal("0.3") and r.ok
    assert not numbers.sum_check(six[:-1] + ["16.9"]).ok  # 100.4
    with pytest.raises(ParameterError):
        numbers.sum_check([])


def test_sum_check_coarsest_decimal_sets_tolerance():
    age = ["21", "35.1", "28.8", "15.1"]  # Table 3 age: one share printed without decimals -> 4 x 0.5
    r = numbers.sum_check(age)
    assert r.tolerance == Decimal("2.0") and r.ok
    education = ["0.7", "10.7", "38.8", "45.9", "4.6"]  # Table 3 education sums to 100.7 > 100.25
    e = numbers.sum_check(education)
    assert e.total == Decimal("100.7") and e.tolerance == Decimal("0.25") and not e.ok
    assert e.difference == Decimal("0.7")


def test_compare_value_statuses():
    bri = (77.6 + 86.2 + 84.2 + 74.6 + 71 + 81.7) / 6  # mean of printed % agree of the six BRI countries
    assert bri == pytest.approx(79.2166666, abs=1e-6)
    c = numbers.compare_value("79.21", bri)
    assert c.status == "rounding" and c.rounded == "79.22" and c.within_one_unit and not c.rounds_to_printed
    assert numbers.compare_value("48.82", (56.6 + 54.2 + 65 + 31.2 + 37.1) / 5).status == "reproduced"
    d = numbers.compare_value("74.6", 37.8 + 31.5 + 9.3)  # Nepal: printed 74.6, distribution gives 78.6
    assert d.status == "discrepancy" and d.difference == pytest.approx(4.0)
    e = numbers.compare_value("10.7", Fraction(100 * 41, 410))  # Table 3: 41/410 = 10.0%
    assert e.status == "discrepancy" and e.rounded == "10.0"


def test_compare_value_exact_half_up():
    assert numbers.compare_value("0.29", Fraction(100 * 57, 20000)).status == "reproduced"
    assert numbers.compare_value("2,500", 2500).status == "reproduced"
    assert numbers.compare_value("4", 4.27).status == "reproduced"
    assert numbers.compare_value("4", 4.5).rounded == "5"
    assert numbers.compare_value("4", Decimal("3.5")).status == "reproduced"
    for bad in ("4", float("nan"), Decimal("Infinity"), True):
        with pytest.raises(ParameterError) as err:
            numbers.compare_value("4", bad)
        assert err.value.parameter == "computed"


def test_docstring_examples():
    from paradiplomacy import errors
    from paradiplomacy.methods import bounds, reconstruct

    for module in (numbers, reconstruct, bounds, errors):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__
