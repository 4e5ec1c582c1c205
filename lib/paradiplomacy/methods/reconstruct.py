"""Reconstruct respondent counts from published percentages.

Nothing here is survey data: the paper publishes percentages of ``n`` respondents, and these functions find the
integer counts that are *consistent* with them (exact arithmetic, half-up rounding by default). Respondent-level
tables made from such counts are labelled "reconstructed from published percentages" in every row.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from paradiplomacy.numbers import _check_mode, _check_n, _scaled_round, decimals_of, format_decimal, parse_printed, round_ratio
from paradiplomacy.errors import ParameterError

__all__ = ["PROVENANCE", "DEFAULT_LIMIT", "counts_for_percent", "Reconstruction", "reconstruct_distribution",
           "pseudo_respondents"]

#: Provenance string written into every pseudo-respondent row.
PROVENANCE = "reconstructed from published percentages"
#: Default cap on the number of count vectors enumerated by :func:`reconstruct_distribution`.
DEFAULT_LIMIT = 10_000


def counts_for_percent(printed: str, n: int, rounding: str = "half_up") -> list[int]:
    """All counts ``k`` in ``0..n`` whose percentage ``100*k/n`` rounds to the printed value.

    Parameters
    ----------
    printed : str
        Percentage as printed, without ``%`` (``"42.2"``, ``"8"``).
    n : int
        Number of respondents (positive).
    rounding : {"half_up", "half_even", "truncate"}
        Rounding rule assumed for the paper, half-up by default.

    Returns
    -------
    list of int
        Increasing; empty when the printed value is impossible with ``n`` respondents (GRIM-inconsistent).

    Notes
    -----
    The comparison is exact: ``100*k/n`` is rounded with integer arithmetic
    (:func:`paradiplomacy.numbers.round_ratio`) and compared with ``Decimal(printed)``. Only a window of ``k``
    around ``printed * n / 100`` is examined, which is sufficient because the rounded percentage is monotone
    in ``k``.

    Examples
    --------
    >>> counts_for_percent("42.2", 410)   # 173/410 = 42.195...%
    [173]
    >>> counts_for_percent("42.1", 410)   # 172 -> 41.95... -> "42.0", 173 -> "42.2"
    []
    """
    n = _check_n(n)
    target = parse_printed(printed)
    if target < 0:
        raise ParameterError("printed", f"expected a non-negative percentage, found {printed!r}")
    _check_mode(rounding)
    dec = decimals_of(printed)
    scaled = int(target.scaleb(dec))  # printed value in units of its last digit
    per = 100 * 10**dec  # 100k/n in those units is k * per / n
    # rounding moves a value by less than one unit, so only k with |k*per/n - scaled| <= 1 can match
    lo = max(0, (scaled - 1) * n // per - 1)
    hi = min(n, (scaled + 1) * n // per + 1)
    return [k for k in range(lo, hi + 1) if _scaled_round(100 * k, n, dec, rounding) == scaled]


@dataclass
class Reconstruction:
    """Count vectors consistent with a printed percentage distribution (result of :func:`reconstruct_distribution`).

    Attributes
    ----------
    printed : tuple of str
        The printed percentages, one per category.
    n : int
        Number of respondents.
    rounding : str
        Rounding rule assumed.
    candidates : list of list of int
        Per category, every count whose percentage rounds to its printed value.
    solutions : list of tuple of int
        Every choice of one candidate per category whose counts sum to ``n`` (at most ``limit``).
    truncated : bool
        True when enumeration stopped at ``limit``; :attr:`solutions` is then incomplete.
    best : tuple of int or None
        The solution closest to the printed shares (least squared difference of ``100*k/n`` from printed; ties
        broken by order of enumeration). ``None`` when no count vector fits: no near-miss is ever returned.
    status : str
        Plain-language outcome, e.g. ``"unique solution"``,
        ``"no count vector fits: counts consistent with each share sum to 411..411, not n = 410"``.
    limit : int
        The enumeration cap used.
    """

    printed: tuple[str, ...]
    n: int
    rounding: str
    candidates: list[list[int]]
    solutions: list[tuple[int, ...]]
    truncated: bool
    best: tuple[int, ...] | None
    status: str
    limit: int = field(default=DEFAULT_LIMIT, repr=False)

    @property
    def unique(self) -> bool:
        """Exactly one count vector fits (and enumeration was complete)."""
        return len(self.solutions) == 1 and not self.truncated

    @property
    def feasible(self) -> bool:
        """At least one count vector fits."""
        return bool(self.solutions)

    def check(self) -> bool:
        """Re-verify every solution from scratch.

        Returns
        -------
        bool
            True when there is at least one solution and, for every solution, the counts sum to ``n`` and each
            count's percentage rounds back to its printed value; False when there is no solution.

        Raises
        ------
        AssertionError
            If a stored solution does not round back (which would be a bug).
        """
        if not self.solutions:
            return False
        for sol in self.solutions:
            assert sum(sol) == self.n, f"solution {sol} sums to {sum(sol)}, not {self.n}"
            for k, p in zip(sol, self.printed, strict=True):
                got = round_ratio(100 * k, self.n, decimals_of(p), self.rounding)
                assert got == parse_printed(p), f"{k}/{self.n} rounds to {got}, not {p}"
        return True

    def table(self, categories: Sequence[str] | None = None):
        """The best solution as a DataFrame: category, printed, count, recomputed percentage, candidates.

        Parameters
        ----------
        categories : sequence of str, optional
            Category labels; default ``"1", "2", ...``.

        Returns
        -------
        pandas.DataFrame
            Columns ``category, printed, count, recomputed, candidates``; ``count`` and ``recomputed`` are
            missing (``<NA>`` / ``""``) when no vector fits.
        """
        import pandas as pd

        cats = [str(i + 1) for i in range(len(self.printed))] if categories is None else list(categories)
        if len(cats) != len(self.printed):
            raise ParameterError("categories", f"expected {len(self.printed)} labels, found {len(cats)}")
        counts = list(self.best) if self.best is not None else [None] * len(self.printed)
        recomputed = ["" if k is None else format_decimal(round_ratio(100 * k, self.n, decimals_of(p),
                                                                      self.rounding), decimals_of(p))
                      for k, p in zip(counts, self.printed)]
        return pd.DataFrame({
            "category": cats,
            "printed": list(self.printed),
            "count": pd.array(counts, dtype="Int64"),
            "recomputed": recomputed,
            "candidates": [", ".join(map(str, c)) for c in self.candidates],
        })


def reconstruct_distribution(printed: Sequence[str], n: int, rounding: str = "half_up",
                             limit: int = DEFAULT_LIMIT) -> Reconstruction:
    """Find every count vector that reproduces a printed percentage distribution.

    Parameters
    ----------
    printed : sequence of str
        Printed shares of all categories of one question (without ``%``).
    n : int
        Number of respondents who answered.
    rounding : {"half_up", "half_even", "truncate"}
        Rounding rule assumed.
    limit : int, default 10_000
        Stop after this many solutions and set ``truncated``.

    Returns
    -------
    Reconstruction
        See the class for the fields; when nothing fits, ``solutions`` is empty, ``best`` is None and
        ``status`` starts with ``"no count vector fits"``.
    """
    parts = tuple(printed)
    if not parts:
        raise ParameterError("printed", "expected at least one printed share")
    n = _check_n(n)
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
        mins = [c[0] for c in candidates]
        maxs = [c[-1] for c in candidates]
        suffix_min = [sum(mins[i:]) for i in range(len(parts) + 1)]
        suffix_max = [sum(maxs[i:]) for i in range(len(parts) + 1)]

        def walk(i: int, remaining: int, chosen: list[int]) -> bool:
            if i == len(parts):
                if remaining == 0:
                    solutions.append(tuple(chosen))
                    if len(solutions) >= limit:
                        return True
                return False
            for k in candidates[i]:
                rest = remaining - k
                if rest < suffix_min[i + 1]:
                    break
                if rest > suffix_max[i + 1]:
                    continue
                chosen.append(k)
                stop = walk(i + 1, rest, chosen)
                chosen.pop()
                if stop:
                    return True
            return False

        truncated = walk(0, n, [])
        if not solutions:
            status = (f"no count vector fits: counts consistent with each share sum to "
                      f"{suffix_min[0]}..{suffix_max[0]}, not n = {n}")
        elif len(solutions) == 1 and not truncated:
            status = "unique solution"
        else:
            more = f"at least {len(solutions)} (enumeration stopped at limit={limit})" if truncated \
                else str(len(solutions))
            status = f"{more} solutions; best = closest to the printed shares"
    best = None
    if solutions:
        targets = [Fraction(parse_printed(p)) for p in parts]
        best = min(solutions, key=lambda s: sum((Fraction(100 * k, n) - t) ** 2 for k, t in zip(s, targets)))
    return Reconstruction(printed=parts, n=n, rounding=rounding, candidates=candidates, solutions=solutions,
                          truncated=truncated, best=best, status=status, limit=limit)


def pseudo_respondents(categories: Sequence[str], counts: Sequence[int], item: str = "item"):
    """Expand counts into one row per (pseudo-)respondent.

    Parameters
    ----------
    categories : sequence of str
        Response categories.
    counts : sequence of int
        Count per category (non-negative integers), e.g. :attr:`Reconstruction.best`.
    item : str
        Name written in the ``item`` column.

    Returns
    -------
    pandas.DataFrame
        Columns ``respondent`` (1..N), ``item``, ``response``, ``provenance``; ``provenance`` is
        ``"reconstructed from published percentages"`` in every row. These are not survey records.
    """
    import pandas as pd

    cats = list(categories)
    cnts = list(counts)
    if len(cats) != len(cnts):
        raise ParameterError("counts", f"expected {len(cats)} counts (one per category), found {len(cnts)}")
    for c in cnts:
        if isinstance(c, bool) or not isinstance(c, int) or c < 0:
            # accept numpy integers too
            try:
                import numpy as np
                ok = isinstance(c, np.integer) and c >= 0
            except ImportError:  # pragma: no cover
                ok = False
            if not ok:
                raise ParameterError("counts", f"expected non-negative integers, found {c!r}")
    responses = [cat for cat, c in zip(cats, cnts) for _ in range(int(c))]
    total = len(responses)
    return pd.DataFrame({
        "respondent": pd.array(range(1, total + 1), dtype="int64"),
        "item": [item] * total,
        "response": responses,
        "provenance": [PROVENANCE] * total,
    })
