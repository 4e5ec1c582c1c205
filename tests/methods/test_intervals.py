"""paradiplomacy.methods.intervals against the independent textbook reference of tests/reference.py.

Tolerance: ``abs=1e-12`` on every interval end (the two computations differ only in floating-point rounding).
"""
from __future__ import annotations

import pytest

from paradiplomacy.errors import ParameterError
from paradiplomacy.methods import intervals
from reference import REFERENCE, clopper_pearson, wilson

TOL = 1e-12
CASES = [(173, 410, 0.95), (81, 263, 0.95), (0, 410, 0.95), (410, 410, 0.9), (3, 410, 0.99), (1, 2, 0.5),
         (0, 1, 0.95), (1, 1, 0.8), (172.61, 410, 0.95)]  # the last: a printed share times n (no count fits)


@pytest.mark.parametrize("method", ["wilson", "exact"])
@pytest.mark.parametrize("k, n, confidence", CASES)
def test_interval_matches_the_reference(k, n, confidence, method):
    low, high = intervals.interval(k, n, confidence, method)
    ref_low, ref_high = REFERENCE[method](k, n, confidence)
    assert low == pytest.approx(ref_low, abs=TOL) and high == pytest.approx(ref_high, abs=TOL)
    assert 0 <= low <= k / n <= high <= 1


def test_exact_interval_at_the_ends_is_closed():
    # Clopper-Pearson: the lower end is exactly 0 at k = 0 and the upper end exactly 1 at k = n
    assert intervals.interval(0, 410, 0.95, "exact")[0] == 0.0
    assert intervals.interval(410, 410, 0.95, "exact")[1] == 1.0
    assert intervals.interval(0, 410, 0.95, "exact")[1] == pytest.approx(1 - 0.025 ** (1 / 410), abs=TOL)


def test_wilson_textbook_example():
    # k = 81, n = 263 -> (0.2553, 0.3662) to 4 decimals (Wilson interval of the classic example); tolerance 1e-4
    assert intervals.interval(81, 263) == pytest.approx((0.2553, 0.3662), abs=1e-4)


@pytest.mark.parametrize("method", ["wilson", "exact"])
def test_shares_reconstructs_counts_and_intervals(method):
    printed = ["42.2", "31.5", "11.5", "8", "6.8", "42.1"]  # Figure 1's shares, and a share impossible with 410
    frame = intervals.shares(printed, 410, confidence=0.9, method=method,
                             labels=["econ", "pol", "pers", "hist", "soc", "bad"])
    assert list(frame.columns) == ["category", "printed", "share", "count", "count_min", "count_max",
                                   "count_status", "low", "high", "method", "confidence", "n"]
    assert list(frame["category"]) == ["econ", "pol", "pers", "hist", "soc", "bad"]
    # unique counts, by hand: 173/410 = 42.195%, 129/410 = 31.46%, 47/410 = 11.46%, 28/410 = 6.83%
    assert list(frame["count"])[:3] == [173, 129, 47] and frame.loc[4, "count"] == 28
    assert (frame.loc[0, "count_status"], frame.loc[0, "count_min"], frame.loc[0, "count_max"]) == ("unique", 173, 173)
    # "8": 31..34 all print as 8; 8% of 410 is 32.8, so 33 is used
    assert frame.loc[3, "count_status"] == "ambiguous: 31, 32, 33, 34" and frame.loc[3, "count"] == 33
    assert (frame.loc[3, "count_min"], frame.loc[3, "count_max"]) == (31, 34)
    # "42.1": no count of 410 fits; the interval is that of the printed share, 0.421 * 410 = 172.61
    bad = frame.loc[5]
    assert bad["count_status"] == "impossible with n = 410"
    assert frame.loc[5, ["count", "count_min", "count_max"]].isna().all()
    expected = [173, 129, 47, 33, 28, 0.421 * 410]
    for row, k in zip(frame.itertuples(), expected):
        ref_low, ref_high = REFERENCE[method](k, 410, 0.9)
        assert row.low == pytest.approx(ref_low, abs=TOL) and row.high == pytest.approx(ref_high, abs=TOL)
    assert set(frame["method"]) == {"Wilson score" if method == "wilson" else "Clopper-Pearson"}
    assert set(frame["confidence"]) == {0.9} and set(frame["n"]) == {410}


def test_shares_at_zero_and_all():
    frame = intervals.shares(["0.0", "100.0"], 410, method="exact")
    assert list(frame["count"]) == [0, 410]
    assert (frame.loc[0, "low"], frame.loc[1, "high"]) == (0.0, 1.0)
    assert frame.loc[0, "high"] == pytest.approx(clopper_pearson(0, 410)[1], abs=TOL)
    assert intervals.shares(["0.0"], 410).loc[0, "low"] == pytest.approx(wilson(0, 410)[0], abs=TOL)


def test_bad_arguments_are_named():
    for call, parameter in ((lambda: intervals.shares(["42.2"], 410, method="wald"), "method"),
                            (lambda: intervals.shares(["42.2"], 410, labels=["a", "b"]), "labels"),
                            (lambda: intervals.interval(411, 410), "k"),
                            (lambda: intervals.interval(1, 0), "n"),
                            (lambda: intervals.interval(1, 10.5), "n"),
                            (lambda: intervals.interval(1, 10, confidence=95), "confidence")):
        with pytest.raises(ParameterError) as err:
            call()
        assert err.value.parameter == parameter


@pytest.mark.parametrize("bad", [95, 0, 1, 1.0, -0.1, True, "0.95", float("nan"), None])
def test_validate_confidence_rejects(bad):
    with pytest.raises(ParameterError) as err:
        intervals.validate_confidence(bad, parameter="confidence")
    assert err.value.parameter == "confidence"


def test_validate_confidence_accepts_and_hints():
    assert intervals.validate_confidence(0.9) == 0.9
    with pytest.raises(ParameterError, match="not a percentage"):
        intervals.validate_confidence(95)
    with pytest.raises(ParameterError, match="level"):
        intervals.validate_confidence(2, parameter="level")
