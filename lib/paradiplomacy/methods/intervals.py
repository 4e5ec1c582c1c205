"""Printed share -> reconstructed count -> confidence interval: the one implementation of that rule.

Intervals come from statsmodels' ``proportion_confint`` (``wilson``: Wilson score without continuity correction;
``exact``: Clopper-Pearson). Counts are *reconstructed from published percentages*
(:func:`paradiplomacy.methods.reconstruct.counts_for_percent`), never taken from survey records.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from paradiplomacy.errors import ParameterError
from paradiplomacy.methods.reconstruct import counts_for_percent
from paradiplomacy.numbers import parse_printed

__all__ = ["METHODS", "validate_confidence", "interval", "shares"]

#: Interval methods: our name -> (statsmodels method, label shown to readers).
METHODS = {"wilson": ("wilson", "Wilson score"), "exact": ("beta", "Clopper-Pearson")}


def validate_confidence(confidence, parameter: str = "confidence") -> float:
    """Return ``confidence`` as a float in (0, 1); otherwise raise ParameterError naming ``parameter``."""
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real):
        raise ParameterError(parameter, f"expected a number between 0 and 1 (e.g. 0.95), found {confidence!r}")
    value = float(confidence)
    if math.isnan(value) or not 0 < value < 1:
        hint = " (give a proportion such as 0.95, not a percentage)" if 1 < value <= 100 else ""
        raise ParameterError(parameter, f"expected 0 < {parameter} < 1, found {confidence!r}{hint}")
    return value


def _method(method: str) -> tuple[str, str]:
    if method not in METHODS:
        raise ParameterError("method", f"expected one of {tuple(METHODS)}, found {method!r}")
    return METHODS[method]


def interval(k: float, n: int, confidence: float = 0.95, method: str = "wilson") -> tuple[float, float]:
    """Confidence interval ``(low, high)`` (proportions) for ``k`` of ``n``.

    ``k`` is normally an integer count; a non-integer ``k`` (a printed share times ``n`` when no integer count
    fits the printed share) gives the interval of that share.
    """
    sm_method, _ = _method(method)
    confidence = validate_confidence(confidence)
    if isinstance(n, bool) or int(n) != n or n <= 0:
        raise ParameterError("n", f"expected a positive whole number of respondents, found {n!r}")
    if not 0 <= k <= n:
        raise ParameterError("k", f"expected 0 <= k <= n = {n}, found {k!r}")
    low, high = proportion_confint(k, int(n), alpha=1 - confidence, method=sm_method)
    return max(0.0, float(low)), min(1.0, float(high))


def shares(printed: Sequence[str], n: int, confidence: float = 0.95, method: str = "wilson",
           labels: Sequence[str] | None = None):
    """Reconstructed counts and intervals for printed percentages of ``n`` respondents.

    Parameters
    ----------
    printed : sequence of str
        Percentages as printed (``"42.2"``); each is reconstructed on its own.
    n : int
        Respondents.
    confidence : float
        Two-sided level, in (0, 1).
    method : {"wilson", "exact"}
    labels : sequence of str, optional
        One label per share (default: the printed strings).

    Returns
    -------
    pandas.DataFrame
        One row per share: ``category, printed, share`` (proportion), ``count`` (Int64, <NA> when no whole count
        of ``n`` rounds to the printed share), ``count_min, count_max`` (Int64: every count that does),
        ``count_status`` (``"unique"``, ``"ambiguous: 31, 32"`` - the count nearest ``share * n`` is used - or
        ``"impossible with n = 410"``: the interval is then that of the printed share itself), ``low, high``
        (proportions), ``method`` (its name for readers), ``confidence``, ``n``.
    """
    confidence = validate_confidence(confidence)
    _, label = _method(method)
    printed = list(printed)
    labels = list(printed if labels is None else labels)
    if len(labels) != len(printed):
        raise ParameterError("labels", f"expected {len(printed)} labels, found {len(labels)}")
    rows = []
    for name, token in zip(labels, printed):
        share = float(parse_printed(token)) / 100
        candidates = counts_for_percent(token, n)
        if len(candidates) == 1:
            count, status = candidates[0], "unique"
        elif candidates:
            count = min(candidates, key=lambda c: (abs(c - share * n), c))
            status = "ambiguous: " + ", ".join(map(str, candidates))
        else:
            count, status = None, f"impossible with n = {n}"
        low, high = interval(share * n if count is None else count, n, confidence, method)
        rows.append({"category": name, "printed": token, "share": share, "count": count,
                     "count_min": min(candidates, default=None), "count_max": max(candidates, default=None),
                     "count_status": status, "low": low, "high": high, "method": label,
                     "confidence": confidence, "n": n})
    frame = pd.DataFrame(rows)
    for column in ("count", "count_min", "count_max"):
        frame[column] = frame[column].astype("Int64")
    return frame
