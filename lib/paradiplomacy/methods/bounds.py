"""Paired comparisons when only the margins are published: Fréchet bounds and the range of a test over them.

Every respondent of the article's survey answered every question, but the article prints each question on its
own. Two shares of the same respondents are therefore *paired*, and the joint table (how many gave answer 1 to
both questions, and so on) is unknown. This module is the book's one implementation of what can still be said:

* :func:`frechet_bounds` - the smallest and largest overlap the two margins allow;
* :func:`joint_tables` / :func:`paired_bounds` - McNemar's test on *every* joint 2x2 table between those bounds,
  and the verdict "significant for every joint table", "not significant for any" or "depends on the joint table";
* :func:`most_discordant` - the single table least favourable to a difference (used by the case chapters);
* :func:`ordered_floor` - the fewest respondents who must favour one item but not the other;
* :func:`group_contrast` - the same idea for the article's BRI / non-BRI comparison, where each respondent rated
  eleven countries: a paired t-test of the per-respondent contrast, with the largest and smallest standard
  deviation that any joint distribution with the published margins allows;
* :func:`paper_comparisons` - every paired comparison the article draws, in one table.

Tests run on pseudo-respondent rows *reconstructed from published percentages* (never survey records) with
pingouin (``chi2_mcnemar``, ``ttest``); the p-value over the whole range of tables is computed with scipy's exact
binomial test, which the unit tests check against hand formulas and pingouin. pandas, scipy and pingouin are
imported inside the functions that need them.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from os import PathLike

from paradiplomacy.errors import ParameterError

__all__ = [
    "VERDICTS", "frechet_bounds", "joint_tables", "PairedBounds", "paired_bounds", "bounds_table",
    "most_discordant", "ordered_floor", "pair_frame", "mcnemar_pingouin", "cohen_h", "counts_or_neighbours",
    "compare_pair", "GroupContrast", "group_contrast", "comonotone_frame", "lattice_variance_floor",
    "paper_comparisons", "paper_comparison", "comparisons_display", "FAMILIES",
]

#: Possible verdicts of :func:`paired_bounds` and :func:`group_contrast`.
VERDICTS = ("significant for every joint table", "not significant for any joint table",
            "depends on the joint table")

#: Families of :func:`paper_comparisons`, in the order of the article.
FAMILIES = ("Economic vs socio-cultural ties", "Provinces vs cities", "Should vs does",
            "Diplomatic vs subnational", "Kyrgyzstan vs India vs Japan")


def _check_n(n, name: str = "n") -> int:
    from paradiplomacy.numbers import _check_n as check

    return check(n, name)


def _count(k, name: str, n: int) -> int:
    from paradiplomacy.methods.stats import _check_counts

    return _check_counts(k, n, name, "n")[0]


def _count_list(k, name: str, n: int) -> tuple[int, ...]:
    """``k`` (an int or a sequence of ints) as a sorted, non-empty tuple of distinct counts in ``0..n``."""
    values = list(k) if hasattr(k, "__iter__") and not isinstance(k, str) else [k]
    if not values:
        raise ParameterError(name, "expected at least one count")
    return tuple(sorted({_count(v, name, n) for v in values}))


# ------------------------------------------------------------------------------------------- 2x2 tables
def frechet_bounds(k1: int, k2: int, n: int) -> tuple[int, int]:
    """Smallest and largest number of respondents who can give both answers, knowing only the margins.

    Parameters
    ----------
    k1, k2 : int
        Respondents giving answer 1 (to the first item) and answer 2 (to the second), out of ``n``.
    n : int
        Respondents who answered both items.

    Returns
    -------
    (int, int)
        ``(max(0, k1 + k2 - n), min(k1, k2))``.

    Examples
    --------
    >>> frechet_bounds(324, 303, 410)
    (217, 303)
    """
    n = _check_n(n, "n")
    k1, k2 = _count(k1, "k1", n), _count(k2, "k2", n)
    return max(0, k1 + k2 - n), min(k1, k2)


def _mcnemar_rows(k1: int, k2: int, n: int, overlaps) -> dict:
    """Joint tables for the given overlaps and their McNemar statistics (vectorised scipy; checked against hand
    formulas and pingouin in the tests). The exact two-sided p-value is ``min(1, 2 P(X <= min(b, c)))`` with
    ``X ~ Binomial(b + c, 1/2)``, which is what ``scipy.stats.binomtest`` computes for p = 1/2."""
    import numpy as np
    from scipy.stats import binom, chi2

    both = np.asarray(list(overlaps), dtype="int64")
    b, c = k1 - both, k2 - both
    d = b + c
    safe = np.where(d > 0, d, 1)
    stat = np.where(d > 0, (b - c) ** 2 / safe, 0.0)
    return {"k1": np.full(len(both), k1), "k2": np.full(len(both), k2), "n": np.full(len(both), n), "both": both,
            "first_only": b, "second_only": c, "neither": n - k1 - k2 + both, "discordant": d,
            "mcnemar_chi2": stat, "mcnemar_p": np.where(d > 0, chi2.sf(stat, 1), 1.0),
            "exact_p": np.where(d > 0, np.minimum(1.0, 2 * binom.cdf(np.minimum(b, c), safe, 0.5)), 1.0)}


def _mcnemar_row(k1: int, k2: int, n: int, both: int) -> dict:
    """One joint table and its McNemar statistics (see :func:`_mcnemar_rows`)."""
    rows = _mcnemar_rows(k1, k2, n, [both])
    return {key: (float(v[0]) if key in ("mcnemar_chi2", "mcnemar_p", "exact_p") else int(v[0]))
            for key, v in rows.items()}


def joint_tables(k1: int, k2: int, n: int):
    """Every joint 2x2 table of two yes/no answers with margins ``k1`` and ``k2`` out of ``n``, with McNemar tests.

    Parameters
    ----------
    k1, k2 : int
        Respondents answering yes to the first and to the second item.
    n : int
        Respondents (each answered both items).

    Returns
    -------
    pandas.DataFrame
        One row per possible overlap ``both`` from the lower to the upper Fréchet bound: ``k1, k2, n, both,
        first_only, second_only, neither, discordant`` (first_only + second_only), ``mcnemar_chi2``
        (``(b - c)^2 / (b + c)``, no continuity correction), ``mcnemar_p`` (its chi-square p-value, 1 df),
        ``exact_p`` (exact two-sided McNemar test: binomial test of ``b`` out of ``b + c`` at 1/2). With no
        discordant pairs both p-values are 1.
    """
    import pandas as pd

    low, high = frechet_bounds(k1, k2, n)
    return pd.DataFrame(_mcnemar_rows(int(k1), int(k2), int(n), range(low, high + 1)))


@dataclass(frozen=True)
class PairedBounds:
    """Range of a paired comparison of two shares of the same respondents (result of :func:`paired_bounds`).

    Attributes
    ----------
    n : int
        Respondents.
    k1, k2 : tuple of int
        Counts considered for each share (several when the printed share fits several counts).
    alpha : float
        Significance level, ``1 - confidence``.
    difference_min, difference_max : float
        Range of the difference of the two shares, ``100 * (k1 - k2) / n`` percentage points.
    overlap_min, overlap_max : int
        Fréchet bounds of the number answering yes to both (over all counts considered).
    exact_p_min, exact_p_max : float
        Range of the exact McNemar p-value over all joint tables.
    chi2_p_min, chi2_p_max : float
        Range of the McNemar chi-square p-value (no continuity correction).
    verdict : str
        One of :data:`VERDICTS`, based on the exact test at level ``alpha``.
    discordant_needed : int or None
        Fewest respondents answering the two items differently among the joint tables where the exact test is
        NOT significant (None when it is significant for every table): a "no difference" conclusion needs at
        least this many such respondents.
    tables : pandas.DataFrame
        Every joint table considered (:func:`joint_tables`, stacked).
    """

    n: int
    k1: tuple[int, ...]
    k2: tuple[int, ...]
    alpha: float
    difference_min: float
    difference_max: float
    overlap_min: int
    overlap_max: int
    exact_p_min: float
    exact_p_max: float
    chi2_p_min: float
    chi2_p_max: float
    verdict: str
    discordant_needed: int | None
    tables: object = field(repr=False, compare=False)

    @property
    def significant_always(self) -> bool:
        """The exact test rejects equality at ``alpha`` for every joint table."""
        return self.verdict == VERDICTS[0]

    @property
    def significant_never(self) -> bool:
        """The exact test rejects equality at ``alpha`` for no joint table."""
        return self.verdict == VERDICTS[1]


def paired_bounds(k1: int | Sequence[int], k2: int | Sequence[int], n: int,
                  confidence: float = 0.95) -> PairedBounds:
    """How a paired (McNemar) test of two shares of the same respondents could come out, given only the margins.

    The article publishes each item on its own, so the number who said yes to both is unknown. It lies between
    the Fréchet bounds; this function runs the McNemar test on every joint table in that range (and, when a
    printed share fits several counts, for every such count) and reports the range of p-values.

    Parameters
    ----------
    k1, k2 : int or sequence of int
        Respondents answering yes to the first / second item, or every count consistent with the printed share
        (e.g. the ``candidates`` column of :func:`paradiplomacy.paper.opinion.item_shares`).
    n : int
        Respondents.
    confidence : float, default 0.95
        The test's level is ``alpha = 1 - confidence``.

    Returns
    -------
    PairedBounds

    Raises
    ------
    paradiplomacy.errors.ParameterError
        Bad counts (naming ``k1``, ``k2`` or ``n``) or ``confidence`` outside (0, 1).
    """
    import pandas as pd

    from paradiplomacy.methods.stats import validate_confidence

    alpha = round(1 - validate_confidence(confidence), 12)
    n = _check_n(n, "n")
    first, second = _count_list(k1, "k1", n), _count_list(k2, "k2", n)
    tables = pd.concat([joint_tables(a, b, n) for a in first for b in second], ignore_index=True)
    significant = tables["exact_p"] < alpha
    verdict = VERDICTS[0] if significant.all() else VERDICTS[1] if not significant.any() else VERDICTS[2]
    diffs = [100 * (a - b) / n for a in first for b in second]
    needed = None if significant.all() else int(tables.loc[~significant, "discordant"].min())
    return PairedBounds(n=n, k1=first, k2=second, alpha=alpha, difference_min=min(diffs),
                        difference_max=max(diffs), overlap_min=int(tables["both"].min()),
                        overlap_max=int(tables["both"].max()), exact_p_min=float(tables["exact_p"].min()),
                        exact_p_max=float(tables["exact_p"].max()), chi2_p_min=float(tables["mcnemar_p"].min()),
                        chi2_p_max=float(tables["mcnemar_p"].max()), verdict=verdict,
                        discordant_needed=needed, tables=tables)


def bounds_table(bounds: dict):
    """One row per paired comparison: the difference, the Fréchet range of the overlap and the range of p-values.

    Parameters
    ----------
    bounds : dict of str to PairedBounds
        Comparison label -> :func:`paired_bounds` result.

    Returns
    -------
    pandas.DataFrame
        ``Comparison, Difference (points), Answering yes to both (Fréchet range), Exact McNemar p (range),
        Verdict at level <alpha>``; ranges are formatted ``"lo to hi"`` (a single value when both ends agree).
    """
    import pandas as pd

    def span(lo, hi, spec):
        a, b = format(lo, spec), format(hi, spec)
        return a if a == b else f"{a} to {b}"

    if not isinstance(bounds, dict) or not all(isinstance(b, PairedBounds) for b in bounds.values()):
        raise ParameterError("bounds", "expected a dict of labels to paired_bounds() results")
    return pd.DataFrame([{
        "Comparison": label,
        "Difference (points)": span(b.difference_min, b.difference_max, ".1f"),
        "Answering yes to both (Fréchet range)": span(b.overlap_min, b.overlap_max, "d"),
        "Exact McNemar p (range)": span(b.exact_p_min, b.exact_p_max, ".2g"),
        f"Verdict at level {b.alpha:g}": b.verdict,
    } for label, b in bounds.items()])


def most_discordant(k1: int, k2: int, n: int) -> dict:
    """The joint table least favourable to a difference: the one with the most respondents answering differently.

    With ``d = k1 - k2`` fixed by the margins, McNemar's statistic ``d^2 / (b + c)`` is smallest (and its
    p-value largest) when ``b + c`` is largest, i.e. when the overlap sits at its lower Fréchet bound.

    Parameters
    ----------
    k1, k2 : int
        Respondents answering yes to the first and to the second item.
    n : int
        Respondents.

    Returns
    -------
    dict
        ``both_min, both_max`` (Fréchet bounds), ``discordant_min`` (``|k1 - k2|``), ``discordant_max``,
        ``first_only, second_only`` of the most discordant table, ``chi2`` (no continuity correction), ``p``
        (chi-square, 1 df) and ``exact_p`` (exact two-sided McNemar) of that table.
    """
    low, high = frechet_bounds(k1, k2, n)
    row = _mcnemar_row(int(k1), int(k2), int(n), low)
    return {"both_min": low, "both_max": high, "discordant_min": abs(int(k1) - int(k2)),
            "discordant_max": row["discordant"], "first_only": row["first_only"],
            "second_only": row["second_only"], "chi2": row["mcnemar_chi2"], "p": row["mcnemar_p"],
            "exact_p": row["exact_p"]}


def ordered_floor(counts_a, counts_b) -> int | None:
    """Fewest respondents who must give the answer for ``a`` but not for ``b``, whatever the joint table.

    The Fréchet bound of the "a only" cell is ``k_a - min(k_a, k_b) = max(0, k_a - k_b)``; when a printed share
    fits several counts, the smallest value over all of them is returned.

    Parameters
    ----------
    counts_a, counts_b : int, sequence of int, or None
        Count(s) consistent with each printed share. ``None`` or a missing value (pandas ``NA``) means unknown.

    Returns
    -------
    int or None
        ``max(0, min(counts_a) - max(counts_b))``; None when a count is unknown.
    """
    def as_list(k):
        if k is None:
            return None
        values = list(k) if hasattr(k, "__iter__") and not isinstance(k, str) else [k]
        try:
            if not values or any(v is None or v != v for v in values):  # NaN / NA compare unequal
                return None
        except TypeError:  # pandas NA raises on bool()
            return None
        return [int(v) for v in values]

    a, b = as_list(counts_a), as_list(counts_b)
    if a is None or b is None:
        return None
    return max(0, min(a) - max(b))


# ------------------------------------------------------------------------------------------- pingouin
def pair_frame(both: int, first_only: int, second_only: int, neither: int, names: tuple[str, str] = ("first", "second")):
    """One row per pseudo-respondent of a joint 2x2 table (for pingouin).

    Parameters
    ----------
    both, first_only, second_only, neither : int
        Cells of the joint table (non-negative).
    names : (str, str)
        Column names of the two yes/no answers.

    Returns
    -------
    pandas.DataFrame
        ``respondent``, the two answer columns (1 = yes, 0 = no) and ``provenance`` ("reconstructed from
        published percentages" in every row): these are not survey records.
    """
    import pandas as pd

    from paradiplomacy.methods.reconstruct import PROVENANCE

    cells = {"both": both, "first_only": first_only, "second_only": second_only, "neither": neither}
    for name, v in cells.items():
        if isinstance(v, bool) or not isinstance(v, (int,)) and not float(v).is_integer() or v < 0:
            raise ParameterError(name, f"expected a non-negative whole number, found {v!r}")
    pattern = [(1, 1)] * int(both) + [(1, 0)] * int(first_only) + [(0, 1)] * int(second_only) + [(0, 0)] * int(neither)
    frame = pd.DataFrame(pattern, columns=list(names), dtype="int64")
    frame.insert(0, "respondent", range(1, len(frame) + 1))
    frame["provenance"] = PROVENANCE
    return frame


def mcnemar_pingouin(both: int, first_only: int, second_only: int, neither: int) -> dict:
    """McNemar's test of one joint table with ``pingouin.chi2_mcnemar`` on pseudo-respondent rows.

    Parameters
    ----------
    both, first_only, second_only, neither : int
        Cells of the joint table.

    Returns
    -------
    dict
        ``chi2`` and ``p_approx`` without continuity correction (``pingouin.chi2_mcnemar(..., correction=False)``),
        ``p_exact`` (exact binomial), ``odds_ratio`` (``first_only / second_only``, the
        paired odds ratio; ``inf`` when ``second_only`` is 0) and ``discordant``. With no discordant respondents
        the test is undefined (pingouin refuses it): p-values are then 1 and the statistics 0.
    """
    import pingouin

    frame = pair_frame(both, first_only, second_only, neither)
    discordant = int(first_only) + int(second_only)
    odds = math.inf if second_only == 0 and first_only > 0 else (first_only / second_only if second_only else math.nan)
    if discordant == 0:
        return {"chi2": 0.0, "p_approx": 1.0, "p_exact": 1.0, "odds_ratio": odds, "discordant": 0}
    _, plain = pingouin.chi2_mcnemar(frame, "first", "second", correction=False)
    return {"chi2": float(plain["chi2"].iloc[0]), "p_approx": float(plain["p_approx"].iloc[0]),
            "p_exact": float(plain["p_exact"].iloc[0]), "odds_ratio": odds, "discordant": discordant}


def cohen_h(p1: float, p2: float) -> float:
    """Cohen's h for two proportions: ``2 asin(sqrt(p1)) - 2 asin(sqrt(p2))``.

    Parameters
    ----------
    p1, p2 : float
        Proportions in [0, 1].

    Returns
    -------
    float
        Positive when ``p1 > p2``; 0.2, 0.5 and 0.8 are Cohen's "small", "medium" and "large".
    """
    for name, p in (("p1", p1), ("p2", p2)):
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
            raise ParameterError(name, f"expected a proportion between 0 and 1, found {p!r}")
    return 2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p2))


def counts_or_neighbours(printed: str, n: int, complement: bool = False) -> tuple[tuple[int, ...], str]:
    """Counts of ``n`` respondents behind a printed percentage, or its two nearest neighbours when none fits.

    Parameters
    ----------
    printed : str
        Percentage as printed (``"96.5"``).
    n : int
        Respondents.
    complement : bool, default False
        Return the counts of the *other* answer (``n - k``), for a share printed in the opposite polarity.

    Returns
    -------
    (tuple of int, str)
        The counts and a note: ``""`` when counts fit; otherwise the two counts whose shares print as the nearest
        possible values below and above, and a note saying so (the share is impossible with ``n``, see
        :func:`paradiplomacy.methods.grim.grim_percent`).
    """
    from paradiplomacy.methods.grim import grim_percent
    from paradiplomacy.methods.reconstruct import counts_for_percent

    counts = counts_for_percent(printed, n)
    note = ""
    if not counts:
        g = grim_percent(printed, n, n_range=(n,))
        counts = sorted(set(counts_for_percent(g.nearest_below, n)[-1:] + counts_for_percent(g.nearest_above, n)[:1]))
        note = (f"{printed} is impossible with n = {n}; the nearest possible shares {g.nearest_below} and "
                f"{g.nearest_above} (counts {', '.join(map(str, counts))}) are used")
    if complement:
        counts = sorted(n - k for k in counts)
    return tuple(counts), note


def compare_pair(k1, k2, n: int, confidence: float = 0.95) -> dict:
    """A paired comparison of two shares over every joint table, with pingouin at the two extreme tables.

    Parameters
    ----------
    k1, k2 : int or sequence of int
        Count(s) consistent with each printed share.
    n : int
        Respondents.
    confidence : float, default 0.95
        Level ``alpha = 1 - confidence`` of the verdict.

    Returns
    -------
    dict
        The fields of :class:`PairedBounds` (without ``tables``) plus ``cohen_h_min, cohen_h_max`` (over the
        counts; fixed by the margins, whatever the joint table), ``odds_ratio_min, odds_ratio_max`` (paired odds
        ratio over every joint table; ``inf`` when a table has no respondent in the second-only cell),
        ``pingouin_p_min`` / ``pingouin_p_max`` (pingouin's exact McNemar p-value at the table with the smallest
        / largest scipy p-value) and ``pingouin_chi2_least`` (pingouin's uncorrected statistic at the largest-p
        table).
    """
    b = paired_bounds(k1, k2, n, confidence)
    t = b.tables
    low_row, high_row = t.loc[t["exact_p"].idxmin()], t.loc[t["exact_p"].idxmax()]
    at_low = mcnemar_pingouin(int(low_row["both"]), int(low_row["first_only"]), int(low_row["second_only"]),
                              int(low_row["neither"]))
    at_high = mcnemar_pingouin(int(high_row["both"]), int(high_row["first_only"]), int(high_row["second_only"]),
                               int(high_row["neither"]))
    hs = [cohen_h(a / n, c / n) for a in b.k1 for c in b.k2]
    ratios = [math.inf if c == 0 and a > 0 else (a / c if c else math.nan)
              for a, c in zip(t["first_only"], t["second_only"])]
    finite = [r for r in ratios if not math.isnan(r)]
    return {"n": b.n, "k1": b.k1, "k2": b.k2, "alpha": b.alpha, "difference_min": b.difference_min,
            "difference_max": b.difference_max, "overlap_min": b.overlap_min, "overlap_max": b.overlap_max,
            "exact_p_min": b.exact_p_min, "exact_p_max": b.exact_p_max, "chi2_p_min": b.chi2_p_min,
            "chi2_p_max": b.chi2_p_max, "verdict": b.verdict, "discordant_needed": b.discordant_needed,
            "cohen_h_min": min(hs), "cohen_h_max": max(hs),
            "odds_ratio_min": min(finite) if finite else math.nan, "odds_ratio_max": max(finite) if finite else math.nan,
            "pingouin_p_min": at_low["p_exact"], "pingouin_p_max": at_high["p_exact"],
            "pingouin_chi2_least": at_high["chi2"]}


# ------------------------------------------------------------------------------------------- many items
@dataclass(frozen=True)
class GroupContrast:
    """A paired test of "group A items versus group B items", bounded over all joint distributions.

    Each respondent ``i`` answered every item ``c`` (1 = agree). The contrast is
    ``X_i = mean of the A answers - mean of the B answers``; its mean ``D`` is the difference of the unweighted
    group means of the items' shares and is fixed by the margins. Its standard deviation is not: it depends on how
    each respondent's answers go together, which the article does not publish.

    Attributes
    ----------
    n : int
        Respondents.
    group_a, group_b : tuple of str
        Items in each group.
    counts : dict of str to int
        Count agreeing per item (reconstructed from published percentages).
    difference : float
        ``100 * D`` (percentage points).
    sd_max : float
        Largest possible sample standard deviation of ``X`` (ddof 1): the comonotone joint distribution, in which
        respondents are lined up once and each item's agreers are the first ``k`` (group A) or last ``k``
        (group B) of them (maximal in the convex order).
    sd_min : float
        A floor for the standard deviation: ``X`` takes values on the lattice ``j / |A| - l / |B|``, and a
        variable on a lattice with mean ``D`` has variance at least ``(D - a)(b - D)`` for the neighbouring lattice
        points ``a <= D <= b`` (0 when ``D`` is a lattice point).
    sd_independent : float
        Standard deviation if each respondent answered the items independently (a reference, not a bound).
    t_min, p_max : float
        One-sample t statistic of ``X`` against 0 at ``sd_max`` and its two-sided p-value (pingouin.ttest on the
        comonotone pseudo-respondents): the least favourable case for a difference.
    t_max, p_min : float
        The same at ``sd_min`` (``inf`` and 0 when the floor is 0): the most favourable case.
    dz_min, dz_max : float
        Cohen's d_z = D / sd at ``sd_max`` and ``sd_min``.
    ci_low, ci_high : float
        Widest confidence interval of ``100 * D`` over all joint distributions (at ``sd_max``), in points.
    alpha : float
        Level of the verdict.
    verdict : str
        One of :data:`VERDICTS`.
    """

    n: int
    group_a: tuple[str, ...]
    group_b: tuple[str, ...]
    counts: dict
    difference: float
    sd_max: float
    sd_min: float
    sd_independent: float
    t_min: float
    p_max: float
    t_max: float
    p_min: float
    dz_min: float
    dz_max: float
    ci_low: float
    ci_high: float
    alpha: float
    verdict: str


def comonotone_frame(counts: Mapping[str, int], group_a: Sequence[str], n: int):
    """Pseudo-respondents of the joint distribution that makes the group contrast as variable as possible.

    Parameters
    ----------
    counts : mapping of str to int
        Respondents agreeing, per item.
    group_a : sequence of str
        Items of group A; every other item of ``counts`` is in group B.
    n : int
        Respondents.

    Returns
    -------
    pandas.DataFrame
        One row per respondent: one 0/1 column per item (respondent ``i`` agrees with an A item when
        ``i <= k`` and with a B item when ``i > n - k``), ``mean_a``, ``mean_b``, ``contrast`` (``mean_a -
        mean_b``) and ``provenance`` ("reconstructed from published percentages").
    """
    import numpy as np
    import pandas as pd

    from paradiplomacy.methods.reconstruct import PROVENANCE

    n = _check_n(n, "n")
    items = list(counts)
    a = [c for c in items if c in set(group_a)]
    b = [c for c in items if c not in set(group_a)]
    if not a or not b:
        raise ParameterError("group_a", "both groups need at least one item")
    rank = np.arange(1, n + 1)
    data = {}
    for item in items:
        k = _count(counts[item], "counts", n)
        data[item] = (rank <= k if item in a else rank > n - k).astype("int64")
    frame = pd.DataFrame(data)
    frame.insert(0, "respondent", rank)
    frame["mean_a"] = frame[a].mean(axis=1)
    frame["mean_b"] = frame[b].mean(axis=1)
    frame["contrast"] = frame["mean_a"] - frame["mean_b"]
    frame["provenance"] = PROVENANCE
    return frame


def lattice_variance_floor(mean: float | Fraction, size_a: int, size_b: int) -> float:
    """Smallest variance of a variable on ``{j/size_a - l/size_b}`` with the given mean (a lower bound).

    Parameters
    ----------
    mean : float or Fraction
        The mean ``D`` (between -1 and 1).
    size_a, size_b : int
        Number of items in each group.

    Returns
    -------
    float
        ``(D - a)(b - D)`` for the largest lattice point ``a <= D`` and smallest ``b >= D`` (population variance).
        Any distribution on the lattice with mean ``D`` has at least this variance: a two-point distribution on
        the neighbours of ``D`` achieves it.
    """
    for name, v in (("size_a", size_a), ("size_b", size_b)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise ParameterError(name, f"expected a positive integer, found {v!r}")
    d = Fraction(mean) if not isinstance(mean, float) else Fraction(mean).limit_denominator(10**12)
    points = sorted({Fraction(j, size_a) - Fraction(l, size_b) for j in range(size_a + 1) for l in range(size_b + 1)})
    if not points[0] <= d <= points[-1]:
        raise ParameterError("mean", f"expected a mean between {float(points[0])} and {float(points[-1])}, found {mean!r}")
    below = max(p for p in points if p <= d)
    above = min(p for p in points if p >= d)
    return float((d - below) * (above - d))


def group_contrast(counts: Mapping[str, int], group_a: Sequence[str], n: int,
                   confidence: float = 0.95) -> GroupContrast:
    """Paired test of group A against group B items, bounded over every joint distribution with these margins.

    The respondent is the unit: ``X_i`` is respondent ``i``'s share of A items agreed with minus their share of
    B items, and the test is a one-sample t-test of ``X`` against 0 (a paired t-test of the two per-respondent
    means). Its numerator is fixed by the published margins; its standard error is not, so the function reports
    the test at the largest standard deviation any joint distribution allows (computed exactly, pingouin on the
    comonotone pseudo-respondents) and at a floor for the smallest.

    Parameters
    ----------
    counts : mapping of str to int
        Respondents agreeing with each item (e.g. Table 1's countries), reconstructed from published percentages.
    group_a : sequence of str
        Items in group A (e.g. the BRI countries); the rest of ``counts`` form group B.
    n : int
        Respondents.
    confidence : float, default 0.95
        Level of the interval; the verdict uses ``alpha = 1 - confidence``.

    Returns
    -------
    GroupContrast

    Raises
    ------
    paradiplomacy.errors.ParameterError
        Unknown items in ``group_a``, an empty group, bad counts, or ``confidence`` outside (0, 1).
    """
    import pingouin
    from scipy.stats import t as t_dist

    from paradiplomacy.methods.stats import validate_confidence

    confidence = validate_confidence(confidence)
    alpha = round(1 - confidence, 12)
    n = _check_n(n, "n")
    unknown = [c for c in group_a if c not in counts]
    if unknown:
        raise ParameterError("group_a", f"items {unknown} have no count")
    a = tuple(c for c in counts if c in set(group_a))
    b = tuple(c for c in counts if c not in set(group_a))
    if not a or not b:
        raise ParameterError("group_a", "both groups need at least one item")
    ks = {c: _count(counts[c], "counts", n) for c in counts}
    d = sum((Fraction(ks[c], n) for c in a), Fraction(0)) / len(a) - sum((Fraction(ks[c], n) for c in b), Fraction(0)) / len(b)
    frame = comonotone_frame(ks, a, n)
    res = pingouin.ttest(frame["contrast"].to_numpy(), 0)
    t_min, p_max = float(res["T"].iloc[0]), float(res["p_val"].iloc[0])
    sd_max = float(frame["contrast"].std(ddof=1))
    floor = lattice_variance_floor(d, len(a), len(b)) * n / (n - 1)
    sd_min = math.sqrt(floor)
    t_max = math.inf if sd_min == 0 else float(d) / (sd_min / math.sqrt(n))
    p_min = 0.0 if sd_min == 0 else float(2 * t_dist.sf(abs(t_max), n - 1))
    var_ind = sum((Fraction(ks[c], n) * (1 - Fraction(ks[c], n))) for c in a) / len(a) ** 2 \
        + sum((Fraction(ks[c], n) * (1 - Fraction(ks[c], n))) for c in b) / len(b) ** 2
    half = float(t_dist.ppf(1 - alpha / 2, n - 1)) * sd_max / math.sqrt(n)
    significant_worst, significant_best = p_max < alpha, p_min < alpha
    verdict = VERDICTS[0] if significant_worst else VERDICTS[1] if not significant_best else VERDICTS[2]
    return GroupContrast(n=n, group_a=a, group_b=b, counts=ks, difference=100 * float(d), sd_max=sd_max,
                         sd_min=sd_min, sd_independent=math.sqrt(float(var_ind) * n / (n - 1)), t_min=t_min,
                         p_max=p_max, t_max=t_max, p_min=p_min, dz_min=float(d) / sd_max,
                         dz_max=math.inf if sd_min == 0 else float(d) / sd_min,
                         ci_low=100 * (float(d) - half), ci_high=100 * (float(d) + half), alpha=alpha, verdict=verdict)


# ------------------------------------------------------------------------------------------- the article
def _item_counts(items, item_id: str, n: int) -> dict:
    """``(group, category) -> (counts consistent with the printed share, printed)`` for one survey item."""
    from paradiplomacy.methods.reconstruct import counts_for_percent

    rows = items[items["item_id"] == item_id]
    return {(r.group, r.category): (tuple(counts_for_percent(r.printed, n)), r.printed) for r in rows.itertuples()}


def paper_comparisons(data_dir: str | PathLike[str] | None = None, confidence: float = 0.95):
    """Every paired comparison of two shares the article draws, bounded over all joint tables.

    Families (:data:`FAMILIES`): economic against socio-cultural ties if relations turn sour (the text's shares and
    Figure 2's bars); provinces against cities (empowerment, the three regulation options, Figure 3); what
    governments should do against what they do (Figure 3 and the central government); diplomatic against
    subnational relations; and each pair of Kyrgyzstan, India and Japan on each of the six case items (favourable
    shares; Japan's friendliness items are complements of the printed unfriendly shares). The BRI / non-BRI
    comparison of Table 1 involves eleven items and is in :func:`group_contrast`.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.
    confidence : float, default 0.95
        Level of the verdicts (``alpha = 1 - confidence``).

    Returns
    -------
    pandas.DataFrame
        One row per comparison: ``family, comparison, first, second, printed_first, printed_second, note`` (e.g.
        why neighbouring counts are used) and the keys of :func:`compare_pair` (counts as tuples ``k1, k2``).
    """
    import pandas as pd

    from paradiplomacy.data import load
    from paradiplomacy.methods import stats

    confidence = stats.validate_confidence(confidence)
    n = load.survey_n(data_dir)
    items = load.load_survey_items(data_dir)
    rows = []

    def add(family, comparison, first, second, k1, p1, k2, p2, note=""):
        result = compare_pair(k1, k2, n, confidence)
        rows.append({"family": family, "comparison": comparison, "first": first, "second": second,
                     "printed_first": p1, "printed_second": p2, "note": note, **result})

    text = _item_counts(items, "tension_continue_text", n)
    bars = _item_counts(items, "fig2_tension", n)
    fam = FAMILIES[0]
    add(fam, "Continue (text)", "economic", "socio-cultural", *text[("economic", "continue")],
        *text[("sociocultural", "continue")])
    add(fam, "Continue in a limited way (Figure 2)", "economic", "socio-cultural",
        *bars[("economic", "continue_limited")], *bars[("sociocultural", "continue_limited")])

    fam = FAMILIES[1]
    for topic, group in (("economic", "economic"), ("socio-cultural", "sociocultural")):
        prov = _item_counts(items, "empower_province", n)[(group, "agree")]
        city = _item_counts(items, "empower_city", n)[(group, "agree")]
        add(fam, f"May run own {topic} ties", "provinces", "cities", *prov, *city)
    prov, city = _item_counts(items, "regulate_province", n), _item_counts(items, "regulate_city", n)
    for category, label in (("central_regulation", "Strong central regulation"),
                            ("central_initial_phase", "Central role at the start only"),
                            ("local_autonomy", "Local autonomy")):
        add(fam, label, "provinces", "cities", *prov[("all", category)], *city[("all", category)])
    fig3 = _item_counts(items, "fig3_public_opinion", n)
    for when in ("should", "does"):
        add(fam, f"Government {when} seek opinion (Figure 3 'yes')", "provincial", "municipal",
            *fig3[(f"provincial_{when}", "yes")], *fig3[(f"municipal_{when}", "yes")])

    fam = FAMILIES[2]
    for level in ("provincial", "municipal"):
        add(fam, f"{level.capitalize()} government (Figure 3 'yes')", "should", "does",
            *fig3[(f"{level}_should", "yes")], *fig3[(f"{level}_does", "yes")])
    central = _item_counts(items, "central_public_opinion", n)
    add(fam, "Central government (text)", "should", "does", *central[("should", "yes")],
        *central[("does", "yes")])

    importance = _item_counts(items, "importance", n)
    add(FAMILIES[3], "Important for China's relations", "diplomatic", "subnational",
        *importance[("all", "diplomatic_relations")], *importance[("all", "subnational_relations")])

    cases_frame = load.load_case_perceptions(data_dir)
    counts = {}
    for r in cases_frame.itertuples():
        ks, note = counts_or_neighbours(r.printed, n, complement=r.polarity == "disagree")
        shown = r.printed if r.polarity == "agree" else f"100 − {r.printed}"
        counts[(r.country, r.item)] = (ks, shown, note)
    countries = list(load.CASE_COUNTRIES)
    pairs = [(countries[i], countries[j]) for i in range(len(countries)) for j in range(i + 1, len(countries))]
    for item in load.CASE_ITEMS:
        for first, second in pairs:
            k1, p1, note1 = counts[(first, item)]
            k2, p2, note2 = counts[(second, item)]
            add(FAMILIES[4], f"{item.replace('_', ' ').capitalize()}: {first} vs {second}", first, second,
                k1, p1, k2, p2, "; ".join(x for x in (note1, note2) if x))
    return pd.DataFrame(rows)


def paper_comparison(label: str, data_dir: str | PathLike[str] | None = None, confidence: float = 0.95,
                     parameter: str = "comparison"):
    """One row of :func:`paper_comparisons`, chosen by its ``comparison`` label.

    Parameters
    ----------
    label : str
        E.g. ``"Continue (text)"`` or ``"People friendly: India vs Japan"``.
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.
    confidence : float, default 0.95
        Level of the verdict.
    parameter : str, default "comparison"
        Name used in the error message (e.g. a chapter parameter's name).

    Returns
    -------
    pandas.Series
        The row, with ``comparison`` as its name.

    Raises
    ------
    paradiplomacy.errors.ParameterError
        Naming ``parameter`` when ``label`` is not a comparison label (the message lists them).
    """
    table = paper_comparisons(data_dir, confidence).set_index("comparison")
    if not isinstance(label, str) or label not in table.index:
        raise ParameterError(parameter, f"expected one of {list(table.index)}, found {label!r}")
    return table.loc[label]


def comparisons_display(frame):
    """Reader-facing columns of :func:`paper_comparisons`.

    Parameters
    ----------
    frame : pandas.DataFrame
        Result of :func:`paper_comparisons` (or a subset of its rows).

    Returns
    -------
    pandas.DataFrame
        ``Family, Comparison, Shares`` (as printed), ``Difference`` (points), ``Both (range)`` (the Fréchet range
        of the overlap), ``McNemar p (range)`` (exact test), ``Cohen's h, Odds ratio (range)`` (paired odds ratio)
        and ``Verdict``; a range is shown as ``"lo to hi"``, or as one value when its ends agree.
    """
    import pandas as pd

    def span(lo, hi, spec):
        a, b = format(lo, spec), format(hi, spec)
        return a if a == b else f"{a} to {b}"

    def ratio(v):
        return "∞" if math.isinf(v) else "—" if math.isnan(v) else f"{v:.2f}"

    return pd.DataFrame({
        "Family": frame["family"], "Comparison": frame["comparison"],
        "Shares": [f"{a} vs {b}" for a, b in zip(frame["printed_first"], frame["printed_second"])],
        "Difference": [span(a, b, "+.1f") for a, b in zip(frame["difference_min"], frame["difference_max"])],
        "Both (range)": [span(a, b, "d") for a, b in zip(frame["overlap_min"], frame["overlap_max"])],
        "McNemar p (range)": [span(a, b, ".2g") for a, b in zip(frame["exact_p_min"], frame["exact_p_max"])],
        "Cohen's h": [span(a, b, "+.2f") for a, b in zip(frame["cohen_h_min"], frame["cohen_h_max"])],
        "Odds ratio (range)": [ratio(a) if ratio(a) == ratio(b) else f"{ratio(a)} to {ratio(b)}"
                               for a, b in zip(frame["odds_ratio_min"], frame["odds_ratio_max"])],
        "Verdict": frame["verdict"],
    }).reset_index(drop=True)
