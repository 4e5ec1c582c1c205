"""Counts reconstructed from published percentages.

Nothing here is survey data: the paper publishes percentages of ``n`` respondents, and these functions find the
whole counts *consistent* with them (exact arithmetic, half-up rounding by default). Respondent-level rows made
from such counts carry :data:`PROVENANCE` in every row.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from paradiplomacy.errors import ParameterError
from paradiplomacy.numbers import check_n, check_rounding, decimals_of, parse_printed, round_ratio

__all__ = ["PROVENANCE", "DEFAULT_LIMIT", "counts_for_percent", "Reconstruction", "reconstruct_distribution"]

#: Written into every row of pseudo-respondents.
PROVENANCE = "reconstructed from published percentages"
#: Default cap on the count vectors enumerated by :func:`reconstruct_distribution`.
DEFAULT_LIMIT = 10_000


def counts_for_percent(printed: str, n: int, rounding: str = "half_up") -> list[int]:
    """Every count ``k`` in ``0..n`` whose percentage ``100*k/n`` rounds to the printed value (increasing).

    Empty when the printed value is impossible with ``n`` respondents (GRIM-inconsistent). The rounding is exact;
    only a window of ``k`` around ``printed * n / 100`` is examined, which suffices because the rounded
    percentage is monotone in ``k``.

    >>> counts_for_percent("42.2", 410)   # 173/410 = 42.195...%
    [173]
    >>> counts_for_percent("42.1", 410)   # 172 -> 41.95... -> "42.0", 173 -> "42.2"
    []
    """
    n = check_n(n)
    target = parse_printed(printed)
    if target < 0:
        raise ParameterError("printed", f"expected a non-negative percentage, found {printed!r}")
    check_rounding(rounding)
    dec = decimals_of(printed)
    scaled = int(target.scaleb(dec))  # the printed value in units of its last digit
    per = 100 * 10**dec  # 100k/n in those units is k * per / n; rounding moves it by less than one unit
    lo, hi = max(0, (scaled - 1) * n // per - 1), min(n, (scaled + 1) * n // per + 1)
    return [k for k in range(lo, hi + 1) if round_ratio(100 * k, n, dec, rounding) == target]


@dataclass
class Reconstruction:
    """Count vectors consistent with a printed distribution (result of :func:`reconstruct_distribution`).

    ``candidates`` holds, per category, every count whose percentage rounds to its printed value; ``solutions``
    every choice of one candidate per category summing to ``n`` (at most ``limit``; ``truncated`` when the
    enumeration stopped there). ``best`` is the solution closest to the printed shares (least squared difference
    of ``100*k/n``; ties by order of enumeration), None when nothing fits: no near-miss is ever returned.
    ``status`` says the outcome in words, e.g. ``"unique solution"``.
    """

    printed: tuple[str, ...]
    n: int
    rounding: str
    candidates: list[list[int]]
    solutions: list[tuple[int, ...]]
    truncated: bool
    best: tuple[int, ...] | None
    status: str

    @property
    def unique(self) -> bool:
        """Exactly one count vector fits (and the enumeration was complete)."""
        return len(self.solutions) == 1 and not self.truncated

    @property
    def feasible(self) -> bool:
        """At least one count vector fits."""
        return bool(self.solutions)


def reconstruct_distribution(printed: Sequence[str], n: int, rounding: str = "half_up",
                             limit: int = DEFAULT_LIMIT) -> Reconstruction:
    """Every count vector of ``n`` respondents that reproduces the printed shares of one question (no ``%``)."""
    parts = tuple(printed)
    if not parts:
        raise ParameterError("printed", "expected at least one printed share")
    n = check_n(n)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ParameterError("limit", f"expected a positive integer, found {limit!r}")
    candidates = [counts_for_percent(p, n, rounding) for p in parts]
    empty = [p for p, c in zip(parts, candidates) if not c]
    solutions: list[tuple[int, ...]] = []
    truncated = False
    if empty:
        status = ("no count vector fits: " + ", ".join(repr(p) for p in empty)
                  + f" cannot be a percentage of n = {n} respondents")
    else:
        suffix_min = [sum(c[0] for c in candidates[i:]) for i in range(len(parts) + 1)]
        suffix_max = [sum(c[-1] for c in candidates[i:]) for i in range(len(parts) + 1)]

        def walk(i: int, remaining: int, chosen: list[int]) -> bool:
            """Depth-first enumeration pruned by the suffix bounds; True when ``limit`` is reached."""
            if i == len(parts):
                if remaining == 0:
                    solutions.append(tuple(chosen))
                    return len(solutions) >= limit
                return False
            for k in candidates[i]:
                rest = remaining - k
                if rest < suffix_min[i + 1]:
                    break
                if rest <= suffix_max[i + 1] and walk(i + 1, rest, chosen + [k]):
                    return True
            return False

        truncated = walk(0, n, [])
        if not solutions:
            status = (f"no count vector fits: counts consistent with each share sum to "
                      f"{suffix_min[0]}..{suffix_max[0]}, not n = {n}")
        elif len(solutions) == 1 and not truncated:
            status = "unique solution"
        else:
            more = (f"at least {len(solutions)} (enumeration stopped at limit={limit})" if truncated
                    else str(len(solutions)))
            status = f"{more} solutions; best = closest to the printed shares"
    best = None
    if solutions:
        targets = [Fraction(parse_printed(p)) for p in parts]
        best = min(solutions, key=lambda s: sum((Fraction(100 * k, n) - t) ** 2 for k, t in zip(s, targets)))
    return Reconstruction(printed=parts, n=n, rounding=rounding, candidates=candidates, solutions=solutions,
                          truncated=truncated, best=best, status=status)
