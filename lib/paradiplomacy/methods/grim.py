"""GRIM (Brown & Heathers 2017): can a printed percentage arise from a whole number of the ``n`` respondents?"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from paradiplomacy.methods.reconstruct import counts_for_percent
from paradiplomacy.numbers import check_n, decimals_of, format_decimal, parse_printed, round_ratio

__all__ = ["GrimResult", "grim_percent"]


@dataclass(frozen=True)
class GrimResult:
    """Result of :func:`grim_percent`.

    ``counts`` are the ``k`` in ``0..n`` whose ``100*k/n`` rounds to ``printed`` (``consistent`` when there is
    one); ``nearest_below`` / ``nearest_above`` the closest percentages achievable with ``n`` at the printed
    decimals (None at the ends of 0-100); ``feasible_n`` the searched sample sizes that can give ``printed``.
    """

    printed: str
    n: int
    decimals: int
    consistent: bool
    counts: tuple[int, ...]
    nearest_below: str | None
    nearest_above: str | None
    feasible_n: tuple[int, ...] = field(repr=False)


def grim_percent(printed: str, n: int, n_range: Iterable[int] | None = None,
                 rounding: str = "half_up") -> GrimResult:
    """GRIM test of a printed percentage (no ``%``) for ``n`` respondents.

    ``n_range`` are the sample sizes searched for :attr:`GrimResult.feasible_n` (default 2..2000); ``rounding``
    is how the authors are assumed to have rounded. With ``n = 410`` one respondent is 0.2439... points, so
    ``k = 172`` gives 42.0 and ``k = 173`` gives 42.2: ``"42.2"`` is consistent and ``"42.1"`` is not.
    """
    n = check_n(n)
    dec = decimals_of(printed)
    target = parse_printed(printed)
    counts = counts_for_percent(printed, n, rounding=rounding)
    approx = int(target * n / 100)
    achievable = (round_ratio(100 * k, n, dec, rounding) for k in range(min(n, approx + 2), -1, -1))
    below = next((format_decimal(p, dec) for p in achievable if p < target), None)
    achievable = (round_ratio(100 * k, n, dec, rounding) for k in range(max(0, approx - 2), n + 1))
    above = next((format_decimal(p, dec) for p in achievable if p > target), None)
    sizes = range(2, 2001) if n_range is None else (int(m) for m in n_range)
    feasible = tuple(m for m in sizes if m > 0 and counts_for_percent(printed, m, rounding=rounding))
    return GrimResult(printed=printed, n=n, decimals=dec, consistent=bool(counts), counts=tuple(counts),
                      nearest_below=below, nearest_above=above, feasible_n=feasible)
