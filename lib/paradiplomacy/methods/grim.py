"""GRIM: can a printed percentage arise from a whole number of the ``n`` respondents?"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from paradiplomacy.methods.reconstruct import counts_for_percent
from paradiplomacy.numbers import _check_n, decimals_of, format_decimal, parse_printed, round_ratio

__all__ = ["GrimResult", "grim_percent"]


@dataclass(frozen=True)
class GrimResult:
    """Result of :func:`grim_percent`.

    Attributes
    ----------
    printed : str
        The percentage as printed.
    n : int
        Sample size tested.
    decimals : int
        Printed decimals.
    consistent : bool
        True when some count ``k`` in ``0..n`` gives ``100*k/n`` that rounds (half-up) to ``printed``.
    counts : tuple of int
        Those counts.
    nearest_below, nearest_above : str or None
        Closest percentages achievable with ``n`` (at the printed decimals) strictly below / above the printed
        value, or None at the ends of the 0-100 range.
    feasible_n : tuple of int
        The sample sizes in the searched range for which the printed value is achievable.
    n_range : tuple of int
        The sample sizes searched.
    """

    printed: str
    n: int
    decimals: int
    consistent: bool
    counts: tuple[int, ...]
    nearest_below: str | None
    nearest_above: str | None
    feasible_n: tuple[int, ...] = field(repr=False)
    n_range: tuple[int, ...] = field(repr=False)

    @property
    def n_feasible(self) -> bool:
        """Whether ``n`` itself is among :attr:`feasible_n` (same as :attr:`consistent`)."""
        return self.n in self.feasible_n or self.consistent


def grim_percent(printed: str, n: int, n_range: Iterable[int] | None = None,
                 rounding: str = "half_up") -> GrimResult:
    """GRIM test for a printed percentage: can ``k`` out of ``n`` respondents give this number?

    Parameters
    ----------
    printed : str
        Percentage as printed, without ``%`` (``"42.2"``).
    n : int
        Number of respondents.
    n_range : iterable of int, optional
        Sample sizes to search for :attr:`GrimResult.feasible_n`; default ``range(2, 2001)``.
    rounding : {"half_up", "half_even", "truncate"}
        How the authors are assumed to have rounded.

    Returns
    -------
    GrimResult

    Examples
    --------
    With ``n = 410`` one respondent is 0.2439... points, so ``k = 172`` gives 42.0 and ``k = 173`` gives
    42.2: ``"42.2"`` is consistent and ``"42.1"`` is not.
    """
    n = _check_n(n)
    dec = decimals_of(printed)
    target = parse_printed(printed)
    counts = counts_for_percent(printed, n, rounding=rounding)
    # nearest achievable printed values below/above
    approx = int(target * n / 100)
    below = above = None
    for k in range(min(n, approx + 2), -1, -1):
        p = round_ratio(100 * k, n, dec, rounding)
        if p < target:
            below = format_decimal(p, dec)
            break
    for k in range(max(0, approx - 2), n + 1):
        p = round_ratio(100 * k, n, dec, rounding)
        if p > target:
            above = format_decimal(p, dec)
            break
    ns = tuple(range(2, 2001)) if n_range is None else tuple(int(m) for m in n_range)
    feasible = tuple(m for m in ns if m > 0 and counts_for_percent(printed, m, rounding=rounding))
    return GrimResult(printed=printed, n=n, decimals=dec, consistent=bool(counts), counts=tuple(counts),
                      nearest_below=below, nearest_above=above, feasible_n=feasible, n_range=ns)
