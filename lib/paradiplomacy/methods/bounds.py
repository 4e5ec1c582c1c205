"""Paired comparisons when only the margins are published: Fréchet bounds and the range of a test over them.

Every respondent answered every question, but the article prints each question on its own, so two shares of the
same respondents are *paired* and their joint table is unknown. This module is the book's one implementation of
what can still be said: :func:`frechet_bounds` (the overlap the margins allow); :func:`joint_tables` /
:func:`paired_bounds` (McNemar's test on *every* joint 2x2 table, with a verdict from :data:`VERDICTS`);
:func:`most_discordant` (the table least favourable to a difference); :func:`ordered_floor`; :func:`compare_pair`
(the same, checked with pingouin at the two extreme tables); and :func:`group_contrast` (a paired t-test of
"group A items against group B items", bounded over every joint distribution with the published margins).

Tests run on pseudo-respondent rows *reconstructed from published percentages* (never survey records) with
pingouin (``chi2_mcnemar``, ``ttest``); the p-value over the whole range of tables is computed with scipy's exact
binomial distribution, vectorised, which the tests check against hand formulas and pingouin.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import pandas as pd
from scipy.stats import binom, chi2
from scipy.stats import t as t_dist

from paradiplomacy.errors import ParameterError
from paradiplomacy.methods.intervals import validate_confidence
from paradiplomacy.methods.reconstruct import PROVENANCE
from paradiplomacy.numbers import check_count, check_n

__all__ = [
    "VERDICTS", "frechet_bounds", "joint_tables", "PairedBounds", "paired_bounds", "bounds_table",
    "most_discordant", "ordered_floor", "mcnemar_pingouin", "cohen_h", "compare_pair", "GroupContrast",
    "group_contrast", "comonotone_frame", "lattice_variance_floor", "span",
]

#: Possible verdicts of :func:`paired_bounds` and :func:`group_contrast`.
VERDICTS = ("significant for every joint table", "not significant for any joint table",
            "depends on the joint table")


def _verdict(significant_worst: bool, significant_best: bool) -> str:
    return VERDICTS[0] if significant_worst else VERDICTS[1] if not significant_best else VERDICTS[2]


def _alpha(confidence) -> float:
    return round(1 - validate_confidence(confidence), 12)


def _count_list(k, name: str, n: int) -> tuple[int, ...]:
    """``k`` (an int or a sequence of ints) as a sorted, non-empty tuple of distinct counts in ``0..n``."""
    values = list(k) if hasattr(k, "__iter__") and not isinstance(k, str) else [k]
    if not values:
        raise ParameterError(name, "expected at least one count")
    return tuple(sorted({check_count(v, n, name) for v in values}))


def span(low, high, spec: str) -> str:
    """A range formatted ``"lo to hi"`` with format ``spec``, or one value when both ends print alike."""
    a, b = format(low, spec), format(high, spec)
    return a if a == b else f"{a} to {b}"


# ------------------------------------------------------------------------------------------- 2x2 tables
def frechet_bounds(k1: int, k2: int, n: int) -> tuple[int, int]:
    """Smallest and largest number who can give both answers, knowing only the margins ``k1`` and ``k2`` of ``n``.

    >>> frechet_bounds(324, 303, 410)
    (217, 303)
    """
    n = check_n(n)
    k1, k2 = check_count(k1, n, "k1"), check_count(k2, n, "k2")
    return max(0, k1 + k2 - n), min(k1, k2)


def _mcnemar_rows(k1: int, k2: int, n: int, overlaps) -> dict:
    """Joint tables for the given overlaps and their McNemar statistics. The exact two-sided p-value is
    ``min(1, 2 P(X <= min(b, c)))`` with ``X ~ Binomial(b + c, 1/2)`` (what ``scipy.stats.binomtest`` gives)."""
    both = np.asarray(list(overlaps), dtype="int64")
    b, c = k1 - both, k2 - both
    d = b + c
    safe = np.where(d > 0, d, 1)
    stat = np.where(d > 0, (b - c) ** 2 / safe, 0.0)
    return {"k1": np.full(len(both), k1), "k2": np.full(len(both), k2), "n": np.full(len(both), n), "both": both,
            "first_only": b, "second_only": c, "neither": n - k1 - k2 + both, "discordant": d,
            "mcnemar_chi2": stat, "mcnemar_p": np.where(d > 0, chi2.sf(stat, 1), 1.0),
            "exact_p": np.where(d > 0, np.minimum(1.0, 2 * binom.cdf(np.minimum(b, c), safe, 0.5)), 1.0)}


def joint_tables(k1: int, k2: int, n: int) -> pd.DataFrame:
    """Every joint 2x2 table of two yes/no answers with margins ``k1`` and ``k2`` of ``n``, with McNemar tests.

    One row per overlap ``both`` between the Fréchet bounds: ``k1, k2, n, both, first_only, second_only,
    neither, discordant, mcnemar_chi2`` (``(b - c)^2 / (b + c)``, no continuity correction), ``mcnemar_p`` (1 df)
    and ``exact_p`` (exact two-sided McNemar). Both p-values are 1 with no discordant pairs.
    """
    low, high = frechet_bounds(k1, k2, n)
    return pd.DataFrame(_mcnemar_rows(int(k1), int(k2), int(n), range(low, high + 1)))


@dataclass(frozen=True)
class PairedBounds:
    """Range of a paired comparison of two shares of the same respondents (result of :func:`paired_bounds`).

    ``k1, k2`` are the counts considered (several when a printed share fits several); ``difference_*`` the
    range of ``100 * (k1 - k2) / n`` points; ``overlap_*`` the Fréchet bounds; ``exact_p_*`` / ``chi2_p_*`` the
    range of the exact / chi-square McNemar p-value over every joint table; ``verdict`` one of :data:`VERDICTS`
    (exact test at ``alpha``); ``discordant_needed`` the fewest respondents answering the two items differently
    among the tables where the test is NOT significant (None when it is significant for every table): a "no
    difference" conclusion needs at least that many. ``tables`` stacks every :func:`joint_tables` row.
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
    tables: pd.DataFrame = field(repr=False, compare=False)

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
    """How McNemar's test of two shares of the same ``n`` respondents could come out, given only the margins.

    ``k1`` / ``k2`` are the counts answering yes to each item, or every count consistent with a printed share;
    the test runs on every joint table for every pair of counts, at level ``alpha = 1 - confidence``. Errors name
    ``k1``, ``k2``, ``n`` or ``confidence``.
    """
    alpha = _alpha(confidence)
    n = check_n(n)
    first, second = _count_list(k1, "k1", n), _count_list(k2, "k2", n)
    tables = pd.concat([joint_tables(a, b, n) for a in first for b in second], ignore_index=True)
    significant = tables["exact_p"] < alpha
    diffs = [100 * (a - b) / n for a in first for b in second]
    return PairedBounds(n=n, k1=first, k2=second, alpha=alpha, difference_min=min(diffs),
                        difference_max=max(diffs), overlap_min=int(tables["both"].min()),
                        overlap_max=int(tables["both"].max()), exact_p_min=float(tables["exact_p"].min()),
                        exact_p_max=float(tables["exact_p"].max()), chi2_p_min=float(tables["mcnemar_p"].min()),
                        chi2_p_max=float(tables["mcnemar_p"].max()),
                        verdict=_verdict(significant.all(), significant.any()),
                        discordant_needed=None if significant.all() else
                        int(tables.loc[~significant, "discordant"].min()), tables=tables)


def bounds_table(bounds: dict) -> pd.DataFrame:
    """One row per labelled :func:`paired_bounds` result: difference, Fréchet range, p-value range, verdict."""
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

    With ``k1 - k2`` fixed, McNemar's ``(b - c)^2 / (b + c)`` is smallest when ``b + c`` is largest, i.e. at
    the lower Fréchet bound. Returns ``both_min, both_max, discordant_min`` (``|k1 - k2|``), ``discordant_max``,
    ``first_only, second_only`` of that table and its ``chi2`` (no correction), ``p`` (1 df) and ``exact_p``.
    """
    low, high = frechet_bounds(k1, k2, n)
    row = {key: v[0] for key, v in _mcnemar_rows(int(k1), int(k2), int(n), [low]).items()}
    return {"both_min": low, "both_max": high, "discordant_min": abs(int(k1) - int(k2)),
            "discordant_max": int(row["discordant"]), "first_only": int(row["first_only"]),
            "second_only": int(row["second_only"]), "chi2": float(row["mcnemar_chi2"]),
            "p": float(row["mcnemar_p"]), "exact_p": float(row["exact_p"])}


def ordered_floor(counts_a, counts_b) -> int | None:
    """Fewest respondents who must give the answer for ``a`` but not for ``b``, whatever the joint table.

    That is the Fréchet bound ``max(0, k_a - k_b)``, minimised over every count consistent with each share
    (``max(0, min(counts_a) - max(counts_b))``); None when a count is unknown (None, NaN or pandas NA).
    """
    def as_list(k):
        values = [] if k is None else list(k) if hasattr(k, "__iter__") and not isinstance(k, str) else [k]
        try:
            if not values or any(v is None or v != v for v in values):  # NaN / NA compare unequal
                return None
        except TypeError:  # pandas NA raises on bool()
            return None
        return [int(v) for v in values]

    a, b = as_list(counts_a), as_list(counts_b)
    return None if a is None or b is None else max(0, min(a) - max(b))


# ------------------------------------------------------------------------------------------- pingouin
def _pair_frame(both: int, first_only: int, second_only: int, neither: int) -> pd.DataFrame:
    """One row per pseudo-respondent of a joint table: ``respondent, first, second`` (1 = yes), ``provenance``."""
    cells = {"both": both, "first_only": first_only, "second_only": second_only, "neither": neither}
    for name, v in cells.items():
        if isinstance(v, bool) or not float(v).is_integer() or v < 0:
            raise ParameterError(name, f"expected a non-negative whole number, found {v!r}")
    pattern = [(1, 1)] * int(both) + [(1, 0)] * int(first_only) + [(0, 1)] * int(second_only) + [(0, 0)] * int(neither)
    frame = pd.DataFrame(pattern, columns=["first", "second"], dtype="int64")
    frame.insert(0, "respondent", range(1, len(frame) + 1))
    frame["provenance"] = PROVENANCE
    return frame


def mcnemar_pingouin(both: int, first_only: int, second_only: int, neither: int) -> dict:
    """McNemar's test of one joint table with ``pingouin.chi2_mcnemar`` on pseudo-respondent rows.

    Returns ``chi2`` and ``p_approx`` (no continuity correction), ``p_exact``, ``odds_ratio`` (``first_only /
    second_only``, the paired odds ratio; ``inf`` when only the second cell is 0) and ``discordant``. With no
    discordant respondents pingouin refuses the test: p-values are then 1 and the statistic 0.
    """
    frame = _pair_frame(both, first_only, second_only, neither)
    discordant = int(first_only) + int(second_only)
    odds = math.inf if second_only == 0 and first_only > 0 else (first_only / second_only if second_only else math.nan)
    if discordant == 0:
        return {"chi2": 0.0, "p_approx": 1.0, "p_exact": 1.0, "odds_ratio": odds, "discordant": 0}
    import pingouin  # imported on first use: a second of start-up that most callers never need

    _, plain = pingouin.chi2_mcnemar(frame, "first", "second", correction=False)
    return {"chi2": float(plain["chi2"].iloc[0]), "p_approx": float(plain["p_approx"].iloc[0]),
            "p_exact": float(plain["p_exact"].iloc[0]), "odds_ratio": odds, "discordant": discordant}


def cohen_h(p1: float, p2: float) -> float:
    """Cohen's h, ``2 asin(sqrt(p1)) - 2 asin(sqrt(p2))`` (0.2, 0.5, 0.8: "small", "medium", "large")."""
    for name, p in (("p1", p1), ("p2", p2)):
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
            raise ParameterError(name, f"expected a proportion between 0 and 1, found {p!r}")
    return 2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p2))


def compare_pair(k1, k2, n: int, confidence: float = 0.95) -> dict:
    """:func:`paired_bounds` as a dict (without ``tables``), with effect sizes and pingouin's check.

    Adds ``cohen_h_min, cohen_h_max`` (over the counts; fixed by the margins), ``odds_ratio_min,
    odds_ratio_max`` (paired odds ratio over every joint table), ``pingouin_p_min`` / ``pingouin_p_max``
    (pingouin's exact McNemar p at the tables with the smallest / largest scipy p-value) and
    ``pingouin_chi2_least`` (pingouin's uncorrected statistic at the largest-p table).
    """
    b = paired_bounds(k1, k2, n, confidence)
    t = b.tables
    at_low, at_high = (mcnemar_pingouin(*(int(row[c]) for c in ("both", "first_only", "second_only", "neither")))
                       for row in (t.loc[t["exact_p"].idxmin()], t.loc[t["exact_p"].idxmax()]))
    hs = [cohen_h(a / n, c / n) for a in b.k1 for c in b.k2]
    ratios = [math.inf if c == 0 and a > 0 else (a / c if c else math.nan)
              for a, c in zip(t["first_only"], t["second_only"])]
    finite = [r for r in ratios if not math.isnan(r)]
    fields = {key: value for key, value in vars(b).items() if key != "tables"}
    return {**fields, "cohen_h_min": min(hs), "cohen_h_max": max(hs),
            "odds_ratio_min": min(finite) if finite else math.nan,
            "odds_ratio_max": max(finite) if finite else math.nan,
            "pingouin_p_min": at_low["p_exact"], "pingouin_p_max": at_high["p_exact"],
            "pingouin_chi2_least": at_high["chi2"]}


# ------------------------------------------------------------------------------------------- many items
@dataclass(frozen=True)
class GroupContrast:
    """A paired test of "group A items versus group B items", bounded over all joint distributions.

    Respondent ``i``'s contrast ``X_i`` is their mean answer (1 = agree) over the A items minus that over the B
    items. Its mean ``D`` is fixed by the margins; its standard deviation is not. ``difference`` is ``100 * D``
    points. ``sd_max`` is the largest possible sample SD (ddof 1): the comonotone joint distribution
    (:func:`comonotone_frame`, maximal in the convex order); ``sd_min`` a floor (:func:`lattice_variance_floor`;
    0 when ``D`` is a lattice point); ``sd_independent`` the SD if the items were answered independently (a
    reference, not a bound). ``t_min, p_max`` is the one-sample t-test at ``sd_max`` (pingouin on the comonotone
    pseudo-respondents; least favourable), ``t_max, p_min`` at ``sd_min`` (``inf`` and 0 for a zero floor);
    ``dz_min, dz_max`` Cohen's d_z at those SDs; ``ci_low, ci_high`` the widest interval of ``100 * D`` (points).
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


def _groups(items, group_a: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    a = tuple(c for c in items if c in set(group_a))
    b = tuple(c for c in items if c not in set(group_a))
    if not a or not b:
        raise ParameterError("group_a", "both groups need at least one item")
    return a, b


def comonotone_frame(counts: Mapping[str, int], group_a: Sequence[str], n: int) -> pd.DataFrame:
    """Pseudo-respondents of the joint distribution that makes the group contrast as variable as possible.

    Respondent ``i`` agrees with an A item when ``i <= k`` and with a B item when ``i > n - k``. Columns: one 0/1
    column per item, ``mean_a``, ``mean_b``, ``contrast`` and ``provenance``.
    """
    n = check_n(n)
    a, b = _groups(list(counts), group_a)
    rank = np.arange(1, n + 1)
    frame = pd.DataFrame({item: ((rank <= k) if item in a else (rank > n - k)).astype("int64")
                          for item, k in ((item, check_count(counts[item], n, "counts")) for item in counts)})
    frame.insert(0, "respondent", rank)
    frame["mean_a"] = frame[list(a)].mean(axis=1)
    frame["mean_b"] = frame[list(b)].mean(axis=1)
    frame["contrast"] = frame["mean_a"] - frame["mean_b"]
    frame["provenance"] = PROVENANCE
    return frame


def lattice_variance_floor(mean: float | Fraction, size_a: int, size_b: int) -> float:
    """Smallest population variance of a variable on ``{j/size_a - l/size_b}`` with mean ``D``.

    That is ``(D - a)(b - D)`` for the neighbouring lattice points ``a <= D <= b``: a two-point distribution on
    them achieves it, and any distribution on the lattice with mean ``D`` has at least that variance.
    """
    for name, v in (("size_a", size_a), ("size_b", size_b)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise ParameterError(name, f"expected a positive integer, found {v!r}")
    d = Fraction(mean) if not isinstance(mean, float) else Fraction(mean).limit_denominator(10**12)
    points = sorted({Fraction(j, size_a) - Fraction(m, size_b) for j in range(size_a + 1) for m in range(size_b + 1)})
    if not points[0] <= d <= points[-1]:
        raise ParameterError("mean", f"expected a mean between {float(points[0])} and {float(points[-1])}, "
                                     f"found {mean!r}")
    below = max(p for p in points if p <= d)
    above = min(p for p in points if p >= d)
    return float((d - below) * (above - d))


def group_contrast(counts: Mapping[str, int], group_a: Sequence[str], n: int,
                   confidence: float = 0.95) -> GroupContrast:
    """Paired test of group A against group B items, bounded over every joint distribution with these margins.

    ``counts`` are the respondents agreeing with each item (e.g. Table 1's countries, reconstructed from
    published percentages); ``group_a`` names the A items (the rest form group B). The respondent is the unit:
    a one-sample t-test of the per-respondent contrast against 0, at the largest and at a floor of the smallest
    standard deviation the margins allow. Errors name ``group_a``, ``counts``, ``n`` or ``confidence``.
    """
    alpha = _alpha(confidence)
    n = check_n(n)
    unknown = [c for c in group_a if c not in counts]
    if unknown:
        raise ParameterError("group_a", f"items {unknown} have no count")
    a, b = _groups(list(counts), group_a)
    ks = {c: check_count(counts[c], n, "counts") for c in counts}
    share = {c: Fraction(k, n) for c, k in ks.items()}
    d = sum(share[c] for c in a) / len(a) - sum(share[c] for c in b) / len(b)
    frame = comonotone_frame(ks, a, n)
    import pingouin

    res = pingouin.ttest(frame["contrast"].to_numpy(), 0)
    t_min, p_max = float(res["T"].iloc[0]), float(res["p_val"].iloc[0])
    sd_max = float(frame["contrast"].std(ddof=1))
    sd_min = math.sqrt(lattice_variance_floor(d, len(a), len(b)) * n / (n - 1))
    t_max = math.inf if sd_min == 0 else float(d) / (sd_min / math.sqrt(n))
    p_min = 0.0 if sd_min == 0 else float(2 * t_dist.sf(abs(t_max), n - 1))
    var_ind = sum(share[c] * (1 - share[c]) for c in a) / len(a) ** 2 \
        + sum(share[c] * (1 - share[c]) for c in b) / len(b) ** 2
    half = float(t_dist.ppf(1 - alpha / 2, n - 1)) * sd_max / math.sqrt(n)
    return GroupContrast(n=n, group_a=a, group_b=b, counts=ks, difference=100 * float(d), sd_max=sd_max,
                         sd_min=sd_min, sd_independent=math.sqrt(float(var_ind) * n / (n - 1)), t_min=t_min,
                         p_max=p_max, t_max=t_max, p_min=p_min, dz_min=float(d) / sd_max,
                         dz_max=math.inf if sd_min == 0 else float(d) / sd_min,
                         ci_low=100 * (float(d) - half), ci_high=100 * (float(d) + half), alpha=alpha,
                         verdict=_verdict(p_max < alpha, p_min < alpha))
