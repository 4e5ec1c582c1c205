"""Tests of two proportions from independent groups (intervals: :mod:`paradiplomacy.methods.intervals`; paired
shares of the same respondents: :mod:`paradiplomacy.methods.bounds`)."""
from __future__ import annotations

import math

from scipy.stats import chi2_contingency

from paradiplomacy.errors import ParameterError
from paradiplomacy.numbers import check_count, check_n

__all__ = ["two_proportions"]


def two_proportions(k1: int, n1: int, k2: int, n2: int, labels: tuple[str, str] = ("group 1", "group 2")) -> dict:
    """Pearson chi-square test of two proportions from two INDEPENDENT groups (``scipy.stats.chi2_contingency``).

    Not for two items answered by the *same* respondents: that needs a paired test (see
    :func:`paradiplomacy.methods.bounds.paired_bounds`).

    Returns
    -------
    dict
        ``p1, p2, difference`` (p1 - p2), ``z`` (pooled two-proportion z), ``chi2, p, dof`` (no continuity
        correction; ``chi2 == z**2``), ``chi2_yates, p_yates`` (Yates' correction), ``cohen_h``, ``n1, n2,
        labels, method``.
    """
    n1, n2 = check_n(n1, "n1"), check_n(n2, "n2")
    k1, k2 = check_count(k1, n1, "k1"), check_count(k2, n2, "k2")
    p1, p2 = k1 / n1, k2 / n2
    pooled = (k1 + k2) / (n1 + n2)
    if pooled in (0.0, 1.0):
        raise ParameterError("k1", "the test needs at least one success and one failure overall")
    table = [[k1, n1 - k1], [k2, n2 - k2]]
    chi2, p, dof, _ = chi2_contingency(table, correction=False)
    chi2_yates, p_yates, _, _ = chi2_contingency(table, correction=True)
    return {"p1": p1, "p2": p2, "difference": p1 - p2,
            "z": (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2)),
            "chi2": float(chi2), "p": float(p), "dof": int(dof), "chi2_yates": float(chi2_yates),
            "p_yates": float(p_yates), "cohen_h": 2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p2)),
            "n1": n1, "n2": n2, "labels": tuple(labels),
            "method": "Pearson chi-square test of independence (scipy.stats.chi2_contingency, correction=False; "
                      "chi2_yates/p_yates with Yates' correction); z = pooled two-proportion z test"}
