"""Small, explicit statistics on published shares.

Every function states its method. Intervals are for a binomial proportion ``k / n``; tests are Pearson
chi-square tests **without** continuity correction unless a result key says ``yates``. Numbers are taken from
the numeric outputs of scipy / pingouin, never from their rounded display.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

from paradiplomacy.errors import ParameterError

__all__ = ["validate_confidence", "wilson_interval", "exact_interval", "proportion_table", "goodness_of_fit",
           "two_proportions", "INTERVAL_METHODS"]

#: Interval methods accepted by :func:`proportion_table`.
INTERVAL_METHODS = ("wilson", "exact")


def validate_confidence(confidence, parameter: str = "confidence") -> float:
    """Check a confidence level.

    Parameters
    ----------
    confidence : float
        Must be a real number with ``0 < confidence < 1`` (e.g. 0.95).
    parameter : str
        Name used in the error (e.g. the papermill parameter's name).

    Returns
    -------
    float
        ``confidence`` as float.

    Raises
    ------
    ParameterError
        For booleans, non-numbers, NaN, and values outside the open interval (0, 1) - including 95 given
        instead of 0.95.
    """
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real):
        raise ParameterError(parameter, f"expected a number between 0 and 1 (e.g. 0.95), found {confidence!r}")
    value = float(confidence)
    if math.isnan(value) or not 0 < value < 1:
        hint = " (give a proportion such as 0.95, not a percentage)" if 1 < value <= 100 else ""
        raise ParameterError(parameter, f"expected 0 < {parameter} < 1, found {confidence!r}{hint}")
    return value


def _check_counts(k, n, k_name: str = "k", n_name: str = "n") -> tuple[int, int]:
    for name, v in ((k_name, k), (n_name, n)):
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not float(v).is_integer():
            raise ParameterError(name, f"expected an integer count, found {v!r}")
    k, n = int(k), int(n)
    if n <= 0:
        raise ParameterError(n_name, f"expected a positive sample size, found {n}")
    if not 0 <= k <= n:
        raise ParameterError(k_name, f"expected 0 <= {k_name} <= {n_name} = {n}, found {k}")
    return k, n


def _z(confidence: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(1 - (1 - confidence) / 2))


def wilson_interval(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (no continuity correction).

    Parameters
    ----------
    k : int
        Successes (0 <= k <= n).
    n : int
        Trials.
    confidence : float, default 0.95
        Two-sided confidence level.

    Returns
    -------
    (float, float)
        ``(low, high)`` as proportions in [0, 1].

    Notes
    -----
    With ``p = k/n`` and ``z = Phi^-1(1 - alpha/2)``:
    ``(p + z^2/2n +/- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)``.
    """
    k, n = _check_counts(k, n)
    z = _z(validate_confidence(confidence))
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def exact_interval(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Clopper-Pearson ("exact") interval from beta quantiles.

    Parameters
    ----------
    k : int
        Successes (0 <= k <= n).
    n : int
        Trials.
    confidence : float, default 0.95
        Two-sided confidence level.

    Returns
    -------
    (float, float)
        ``(Beta(alpha/2; k, n-k+1), Beta(1-alpha/2; k+1, n-k))``, with 0 for ``k = 0`` and 1 for ``k = n``.
    """
    from scipy.stats import beta

    k, n = _check_counts(k, n)
    alpha = 1 - validate_confidence(confidence)
    low = 0.0 if k == 0 else float(beta.ppf(alpha / 2, k, n - k + 1))
    high = 1.0 if k == n else float(beta.ppf(1 - alpha / 2, k + 1, n - k))
    return low, high


def proportion_table(percent_printed: Sequence[str], n: int, confidence: float = 0.95, method: str = "wilson",
                     categories: Sequence[str] | None = None):
    """Confidence intervals for printed percentages of ``n`` respondents.

    Each share's count is reconstructed on its own with
    :func:`paradiplomacy.methods.reconstruct.counts_for_percent` (the marginal interval of one share does not need the
    other shares to add up).

    Parameters
    ----------
    percent_printed : sequence of str
        Printed percentages (``"42.2"``).
    n : int
        Number of respondents.
    confidence : float, default 0.95
        Two-sided confidence level.
    method : {"wilson", "exact"}
        Wilson score (no continuity correction) or Clopper-Pearson.
    categories : sequence of str, optional
        Labels; default the printed strings.

    Returns
    -------
    pandas.DataFrame
        One row per share: ``category, printed, share`` (printed / 100), ``count`` (Int64; <NA> when no count
        fits), ``count_status`` (``"unique"``, ``"ambiguous: 31, 32, ..."`` - the count closest to
        ``printed * n / 100`` is used - or ``"impossible with n = 410: interval from the printed share"``),
        ``low, high`` (proportions), ``method``, ``confidence``, ``n``.
    """
    import pandas as pd

    from paradiplomacy.numbers import parse_printed
    from paradiplomacy.methods.reconstruct import counts_for_percent

    confidence = validate_confidence(confidence)
    if method not in INTERVAL_METHODS:
        raise ParameterError("method", f"expected one of {INTERVAL_METHODS}, found {method!r}")
    shares = list(percent_printed)
    labels = list(shares if categories is None else categories)
    if len(labels) != len(shares):
        raise ParameterError("categories", f"expected {len(shares)} labels, found {len(labels)}")
    rows = []
    for label, printed in zip(labels, shares):
        share = float(parse_printed(printed)) / 100
        cands = counts_for_percent(printed, n)
        if len(cands) == 1:
            count, status = cands[0], "unique"
        elif cands:
            count = min(cands, key=lambda c: (abs(c - share * n), c))
            status = "ambiguous: " + ", ".join(map(str, cands))
        else:
            count, status = None, f"impossible with n = {n}: interval from the printed share"
        if count is not None:
            low, high = (wilson_interval if method == "wilson" else exact_interval)(count, n, confidence)
        else:
            low, high = _interval_from_share(share, n, confidence, method)
        rows.append({"category": label, "printed": printed, "share": share, "count": count,
                     "count_status": status, "low": low, "high": high,
                     "method": "Wilson score" if method == "wilson" else "Clopper-Pearson",
                     "confidence": confidence, "n": n})
    frame = pd.DataFrame(rows)
    frame["count"] = frame["count"].astype("Int64")
    return frame


def _interval_from_share(share: float, n: int, confidence: float, method: str) -> tuple[float, float]:
    """Interval from a non-integer ``share * n`` (used only when no integer count fits)."""
    if method == "wilson":
        z = _z(confidence)
        denom = 1 + z * z / n
        centre = (share + z * z / (2 * n)) / denom
        half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / denom
        return max(0.0, centre - half), min(1.0, centre + half)
    from scipy.stats import beta

    x = share * n
    alpha = 1 - confidence
    low = 0.0 if x <= 0 else float(beta.ppf(alpha / 2, x, n - x + 1))
    high = 1.0 if x >= n else float(beta.ppf(1 - alpha / 2, x + 1, n - x))
    return low, high


def goodness_of_fit(observed_counts: Sequence[int], expected_props: Sequence[float] | None = None) -> dict:
    """Pearson chi-square goodness-of-fit test (``scipy.stats.chisquare``; no continuity correction).

    Parameters
    ----------
    observed_counts : sequence of int
        Counts per category (non-negative integers, at least two categories).
    expected_props : sequence of float, optional
        Expected proportions (non-negative, summing to 1 within 1e-9); default equal proportions.

    Returns
    -------
    dict
        ``chi2, dof, p, n, observed, expected`` (expected counts) and ``method``. pingouin has no
        goodness-of-fit test, hence scipy.
    """
    from scipy.stats import chisquare

    raw = list(observed_counts)
    if len(raw) < 2 or any(isinstance(c, bool) or not isinstance(c, numbers.Real) or not float(c).is_integer()
                           or c < 0 for c in raw):
        raise ParameterError("observed_counts", f"expected at least two non-negative integer counts, found {raw!r}")
    observed = [int(c) for c in raw]
    total = sum(observed)
    if total == 0:
        raise ParameterError("observed_counts", "expected a positive total")
    if expected_props is None:
        props = [1 / len(observed)] * len(observed)
    else:
        props = [float(p) for p in expected_props]
        if len(props) != len(observed):
            raise ParameterError("expected_props", f"expected {len(observed)} proportions, found {len(props)}")
        if any(p < 0 for p in props) or abs(sum(props) - 1) > 1e-9:
            raise ParameterError("expected_props", f"expected non-negative proportions summing to 1, found sum "
                                                   f"{sum(props)!r}")
    expected = [p * total for p in props]
    result = chisquare(observed, f_exp=expected)
    return {"chi2": float(result.statistic), "dof": len(observed) - 1, "p": float(result.pvalue), "n": total,
            "observed": observed, "expected": expected,
            "method": "Pearson chi-square goodness of fit (scipy.stats.chisquare), no continuity correction"}


def two_proportions(k1: int, n1: int, k2: int, n2: int, labels: tuple[str, str] = ("group 1", "group 2")) -> dict:
    """Compare two proportions from two INDEPENDENT groups.

    The counts are expanded into respondent-level rows (labelled as reconstructed, see
    :func:`paradiplomacy.methods.reconstruct.pseudo_respondents`) and tested with ``pingouin.chi2_independence``, which
    applies Yates' continuity correction to 2x2 tables by default; here both are reported explicitly.
    Do not use this for two items answered by the *same* respondents (that needs a paired test and the
    respondent-level data the paper does not publish).

    Parameters
    ----------
    k1, n1 : int
        Successes and size of group 1.
    k2, n2 : int
        Successes and size of group 2.
    labels : (str, str)
        Group names.

    Returns
    -------
    dict
        ``p1, p2, difference`` (p1 - p2), ``z`` (pooled two-proportion z), ``chi2, p, dof`` (Pearson, no
        correction; ``chi2 == z**2``), ``chi2_yates, p_yates`` (with Yates' correction), ``cohen_h``
        (``2 asin sqrt p1 - 2 asin sqrt p2``), ``n1, n2, method``.
    """
    import pandas as pd
    import pingouin

    from paradiplomacy.methods.reconstruct import pseudo_respondents

    k1, n1 = _check_counts(k1, n1, "k1", "n1")
    k2, n2 = _check_counts(k2, n2, "k2", "n2")
    p1, p2 = k1 / n1, k2 / n2
    pooled = (k1 + k2) / (n1 + n2)
    if pooled in (0.0, 1.0):
        raise ParameterError("k1", "the test needs at least one success and one failure overall")
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    g1 = pseudo_respondents(["yes", "no"], [k1, n1 - k1], item="outcome").assign(group=labels[0])
    g2 = pseudo_respondents(["yes", "no"], [k2, n2 - k2], item="outcome").assign(group=labels[1])
    data = pd.concat([g1, g2], ignore_index=True)
    _, _, plain = pingouin.chi2_independence(data, x="group", y="response", correction=False)
    _, _, yates = pingouin.chi2_independence(data, x="group", y="response", correction=True)
    row = plain.loc[plain["test"] == "pearson"].iloc[0]
    row_y = yates.loc[yates["test"] == "pearson"].iloc[0]
    return {
        "p1": p1, "p2": p2, "difference": p1 - p2, "z": z,
        "chi2": float(row["chi2"]), "p": float(row["pval"]), "dof": int(row["dof"]),
        "chi2_yates": float(row_y["chi2"]), "p_yates": float(row_y["pval"]),
        "cohen_h": 2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p2)),
        "n1": n1, "n2": n2, "labels": tuple(labels),
        "method": "Pearson chi-square test of independence (pingouin.chi2_independence, correction=False; "
                  "chi2_yates/p_yates with Yates' correction) on reconstructed respondent-level rows; "
                  "z = pooled two-proportion z test",
    }
