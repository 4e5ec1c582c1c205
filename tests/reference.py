"""Independent reference intervals for tests: textbook formulas, not the statsmodels code the package uses.

* Wilson score interval without continuity correction (Wilson 1927; Agresti & Coull 1998, eq. 2), with the normal
  quantile from :class:`statistics.NormalDist`.
* Clopper-Pearson ("exact") interval from beta quantiles (``scipy.stats.beta``), 0 at ``k = 0`` and 1 at ``k = n``.

``k`` may be a non-integer (a printed share times ``n``), as in ``paradiplomacy.methods.intervals``.
"""
from __future__ import annotations

from pathlib import Path

import io

import csv

import math
from statistics import NormalDist

from scipy.stats import beta


def wilson(k: float, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """``(p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)``, ``p = k/n``, ``z = Φ⁻¹(1 - α/2)``, within [0, 1]."""
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def clopper_pearson(k: float, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """``(Beta(α/2; k, n-k+1), Beta(1-α/2; k+1, n-k))``, with 0 for ``k = 0`` and 1 for ``k = n``."""
    alpha = 1 - confidence
    low = 0.0 if k == 0 else float(beta.ppf(alpha / 2, k, n - k + 1))
    high = 1.0 if k == n else float(beta.ppf(1 - alpha / 2, k + 1, n - k))
    return low, high


REFERENCE = {"wilson": wilson, "exact": clopper_pearson}


# --------------------------------------------------------------------------- plain CSV access for tests
def read_rows(path: Path) -> list[list[str]]:
    """The rows of a CSV file as the csv module reads them (no package code involved)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    """Write rows as the data files are written (QUOTE_MINIMAL, LF)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
