"""reconstruct: counts consistent with printed percentages (hand-verified), distributions, pseudo-respondents."""
from __future__ import annotations

import pytest

from paradiplomacy.methods import reconstruct
from paradiplomacy.errors import ParameterError


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
    with pytest.raises(ParameterError):
        reconstruct.counts_for_percent("42.2", 0)
    with pytest.raises(ValueError):
        reconstruct.counts_for_percent("42.2%", 410)
    with pytest.raises(ParameterError):
        reconstruct.counts_for_percent("-1", 410)


def test_unique_reconstruction_table1_uzbekistan():
    printed = ["1.5", "5.6", "15.4", "32.0", "33.4", "12.2"]  # sums to 100.1
    rec = reconstruct.reconstruct_distribution(printed, 410)
    assert rec.unique and rec.status == "unique solution"
    assert rec.best == (6, 23, 63, 131, 137, 50) and sum(rec.best) == 410
    assert rec.check() is True
    table = rec.table(["1", "2", "3", "4", "5", "6"])
    assert list(table["recomputed"]) == printed


def test_figure1_reconstruction_fixes_the_integer_share():
    # 42.2 -> 173, 31.5 -> 129, 11.5 -> 47, 6.8 -> 28; so "8" must be 410 - 377 = 33
    rec = reconstruct.reconstruct_distribution(["42.2", "31.5", "11.5", "8", "6.8"], 410)
    assert rec.candidates[3] == [31, 32, 33, 34]
    assert rec.unique and rec.best == (173, 129, 47, 33, 28)


def test_ambiguous_reconstruction_and_best():
    # 50 / 41 / 9 (no decimals): 14 vectors; closest to the printed shares is 205 / 168 / 37
    rec = reconstruct.reconstruct_distribution(["50", "41", "9"], 410)
    assert len(rec.solutions) == 14 and not rec.unique and not rec.truncated
    assert rec.best == (205, 168, 37)
    assert rec.check()
    assert "14 solutions" in rec.status


def test_no_vector_fits_is_not_hidden():
    # 42.2 -> 173, 42.2 -> 173, 15.4 -> 63: the only candidates sum to 409, not 410
    rec = reconstruct.reconstruct_distribution(["42.2", "42.2", "15.4"], 410)
    assert rec.solutions == [] and rec.best is None and not rec.feasible
    assert rec.status.startswith("no count vector fits") and "409" in rec.status
    assert rec.check() is False
    assert rec.table()["count"].isna().all()
    impossible = reconstruct.reconstruct_distribution(["42.1", "57.9"], 410)
    assert impossible.best is None and "'42.1'" in impossible.status


def test_enumeration_cap():
    rec = reconstruct.reconstruct_distribution(["33", "33", "34"], 1000, limit=5)
    assert rec.truncated and len(rec.solutions) == 5 and not rec.unique
    assert "limit=5" in rec.status
    with pytest.raises(ParameterError):
        reconstruct.reconstruct_distribution(["50", "50"], 10, limit=0)


def test_pseudo_respondents():
    df = reconstruct.pseudo_respondents(["yes", "no"], [3, 2], item="q1")
    assert list(df.columns) == ["respondent", "item", "response", "provenance"]
    assert list(df["respondent"]) == [1, 2, 3, 4, 5]
    assert list(df["response"]) == ["yes", "yes", "yes", "no", "no"]
    assert set(df["provenance"]) == {"reconstructed from published percentages"}
    assert set(df["item"]) == {"q1"}
    with pytest.raises(ParameterError):
        reconstruct.pseudo_respondents(["a", "b"], [1])
    with pytest.raises(ParameterError):
        reconstruct.pseudo_respondents(["a"], [-1])
    with pytest.raises(ParameterError):
        reconstruct.pseudo_respondents(["a"], [1.5])


def _brute_force(printed: str, n: int) -> list[int]:
    """Independent reference: exact Fraction arithmetic, half-up = floor(x * 10^d + 1/2)."""
    from fractions import Fraction
    from math import floor

    d = len(printed.split(".")[1]) if "." in printed else 0
    target = Fraction(printed)
    return [k for k in range(n + 1) if Fraction(floor(Fraction(100 * k, n) * 10**d + Fraction(1, 2)), 10**d) == target]


@pytest.mark.parametrize("n", [1, 2, 3, 7, 19, 100, 410])
def test_counts_for_percent_matches_brute_force(n):
    values = [f"{x / 10:.1f}" for x in range(0, 1001, 19)] + [str(x) for x in range(0, 101, 7)] \
        + [f"{x / 100:.2f}" for x in range(0, 10001, 997)] + ["42.2", "42.1", "8", "12.5", "0.24", "0.25"]
    for printed in values:
        assert reconstruct.counts_for_percent(printed, n) == _brute_force(printed, n), (printed, n)
