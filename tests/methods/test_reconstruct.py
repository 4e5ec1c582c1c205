"""paradiplomacy.methods.reconstruct: counts consistent with printed percentages (hand-verified and brute force)."""
from __future__ import annotations

from fractions import Fraction
from math import floor

import pytest

from paradiplomacy.errors import ParameterError
from paradiplomacy.methods import reconstruct


def _half_up(printed: str, k: int, n: int) -> Fraction:
    """Independent reference: ``100 k / n`` rounded half-up at the printed decimals, floor(x * 10^d + 1/2)."""
    d = len(printed.split(".")[1]) if "." in printed else 0
    return Fraction(floor(Fraction(100 * k, n) * 10**d + Fraction(1, 2)), 10**d)


def _brute_force(printed: str, n: int) -> list[int]:
    return [k for k in range(n + 1) if _half_up(printed, k, n) == Fraction(printed)]


def _fits(solution, printed, n) -> bool:
    """A solution sums to n and every count rounds back to its printed share (checked independently)."""
    return sum(solution) == n and all(_half_up(p, k, n) == Fraction(p) for k, p in zip(solution, printed))


def test_counts_for_percent_hand_cases():
    assert reconstruct.counts_for_percent("42.2", 410) == [173]  # 42.195...
    assert reconstruct.counts_for_percent("42.1", 410) == []     # 172 -> 41.95, 173 -> 42.20
    # "8" (no decimals): 30 -> 7.32, 31 -> 7.56, 34 -> 8.29, 35 -> 8.54
    assert reconstruct.counts_for_percent("8", 410) == [31, 32, 33, 34]
    assert reconstruct.counts_for_percent("0.0", 410) == [0]
    assert reconstruct.counts_for_percent("100.0", 410) == [410]


def test_counts_for_percent_rounding_rules_at_an_exact_half():
    # 1/8 = 12.5% exactly
    assert reconstruct.counts_for_percent("13", 8) == [1]
    assert reconstruct.counts_for_percent("12", 8) == []
    assert reconstruct.counts_for_percent("12", 8, rounding="half_even") == [1]
    assert reconstruct.counts_for_percent("12", 8, rounding="truncate") == [1]
    # 57/20000 = 0.285% exactly: half-up -> 0.29 (a float round() would give 0.28)
    assert 57 in reconstruct.counts_for_percent("0.29", 20000)
    assert 57 not in reconstruct.counts_for_percent("0.28", 20000)


def test_counts_for_percent_rejects_bad_input():
    for call, parameter in ((lambda: reconstruct.counts_for_percent("42.2", 0), "n"),
                            (lambda: reconstruct.counts_for_percent("-1", 410), "printed"),
                            (lambda: reconstruct.counts_for_percent("200", 410, rounding="up"), "rounding")):
        with pytest.raises(ParameterError) as err:
            call()
        assert err.value.parameter == parameter
    with pytest.raises(ValueError):
        reconstruct.counts_for_percent("42.2%", 410)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 19, 100, 410])
def test_counts_for_percent_matches_brute_force(n):
    values = [f"{x / 10:.1f}" for x in range(0, 1001, 19)] + [str(x) for x in range(0, 101, 7)] \
        + [f"{x / 100:.2f}" for x in range(0, 10001, 997)] + ["42.2", "42.1", "8", "12.5", "0.24", "0.25"]
    for printed in values:
        assert reconstruct.counts_for_percent(printed, n) == _brute_force(printed, n), (printed, n)


def test_unique_reconstruction_table1_uzbekistan():
    printed = ["1.5", "5.6", "15.4", "32.0", "33.4", "12.2"]  # Table 1, Uzbekistan: sums to 100.1
    rec = reconstruct.reconstruct_distribution(printed, 410)
    assert rec.unique and rec.feasible and rec.status == "unique solution"
    assert rec.best == (6, 23, 63, 131, 137, 50) and _fits(rec.best, printed, 410)


def test_figure1_reconstruction_fixes_the_integer_share():
    # 42.2 -> 173, 31.5 -> 129, 11.5 -> 47, 6.8 -> 28; so "8" must be 410 - 377 = 33
    rec = reconstruct.reconstruct_distribution(["42.2", "31.5", "11.5", "8", "6.8"], 410)
    assert rec.candidates[3] == [31, 32, 33, 34]
    assert rec.unique and rec.best == (173, 129, 47, 33, 28)


def test_ambiguous_reconstruction_and_best():
    # 50 / 41 / 9 (no decimals): brute force over every pair of the first two counts finds 14 vectors;
    # the closest to the printed shares is 205 / 168 / 37
    printed = ["50", "41", "9"]
    brute = [(a, b, 410 - a - b) for a in range(411) for b in range(411 - a) if _fits((a, b, 410 - a - b), printed, 410)]
    rec = reconstruct.reconstruct_distribution(printed, 410)
    assert sorted(rec.solutions) == sorted(brute) and len(brute) == 14
    assert not rec.unique and not rec.truncated and "14 solutions" in rec.status
    assert rec.best == (205, 168, 37)


def test_no_vector_fits_is_not_hidden():
    # 42.2 -> 173, 42.2 -> 173, 15.4 -> 63: the only candidates sum to 409, not 410
    rec = reconstruct.reconstruct_distribution(["42.2", "42.2", "15.4"], 410)
    assert rec.solutions == [] and rec.best is None and not rec.feasible
    assert rec.status.startswith("no count vector fits") and "409" in rec.status
    impossible = reconstruct.reconstruct_distribution(["42.1", "57.9"], 410)
    assert impossible.best is None and "'42.1'" in impossible.status


def test_enumeration_cap():
    rec = reconstruct.reconstruct_distribution(["33", "33", "34"], 1000, limit=5)
    assert rec.truncated and len(rec.solutions) == 5 and not rec.unique
    assert "limit=5" in rec.status and all(_fits(s, ["33", "33", "34"], 1000) for s in rec.solutions)
    for bad, parameter in (({"limit": 0}, "limit"), ({"printed": []}, "printed")):
        with pytest.raises(ParameterError) as err:
            reconstruct.reconstruct_distribution(**{"printed": ["50", "50"], "n": 10, **bad})
        assert err.value.parameter == parameter
