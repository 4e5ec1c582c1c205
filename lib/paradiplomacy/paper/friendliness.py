"""Table 1 (how friendly respondents find eleven countries) and the article's BRI / non-BRI comparison.

The article prints, for each of the eleven countries of its Table 1, the distribution of answers on a six-point
agreement scale, a mean (as a whole number) and a "% Agree". In Section 3.1 it then compares the average
"% Agree" of countries on and off the Belt and Road Initiative (79.21 against 48.82). Everything here is
recomputed from those printed numbers:

* :func:`table1_check` puts each printed row beside its recomputation (row sum, % agree = responses 4-6,
  weighted mean) with a status from :func:`paradiplomacy.numbers.compare_value`, and a Wilson interval for the
  share agreeing, based on counts **reconstructed from published percentages** (never survey records);
* :func:`grim_table1` asks of every printed percentage whether some whole number of the 410 respondents gives it;
* :func:`group_means` / :func:`bri_comparison` recompute the two averages (unweighted means of the countries'
  % agree) for the article's grouping and for alternatives; :func:`validate_bri_countries` checks the chapter
  parameter ``bri_countries`` that chooses a grouping.

Arithmetic on printed numbers is exact (:class:`decimal.Decimal` / :class:`fractions.Fraction`); floats are
produced only at the end, for display and glue.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from os import PathLike

from paradiplomacy.errors import ParameterError

__all__ = [
    "AGREE_RESPONSES",
    "GROUPS",
    "paper_bri_countries",
    "member_bri_countries",
    "validate_bri_countries",
    "agree_share",
    "weighted_mean",
    "unweighted_group_means",
    "table1_check",
    "table1_long",
    "grim_table1",
    "group_means",
    "bri_comparison",
    "membership_table",
]

#: Responses counted as agreeing on the 6-point scale (moderately agree, agree, strongly agree).
AGREE_RESPONSES = (4, 5, 6)
#: Names of the two groups compared in Section 3.1.
GROUPS = ("BRI", "non-BRI")

_DataDir = str | PathLike[str] | None


# ----------------------------------------------------------------------------------------------- groupings
def paper_bri_countries(data_dir: _DataDir = None) -> tuple[str, ...]:
    """The countries the article's averages treat as BRI countries.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files (default: the book's ``data/``).

    Returns
    -------
    tuple of str
        Countries whose ``paper_group`` in ``bri_membership.csv`` is ``"BRI"``, in Table 1 order
        (Uzbekistan, Kazakhstan, Kyrgyzstan, Nepal, Indonesia, Singapore).
    """
    from paradiplomacy.data.load import load_bri_membership

    table = load_bri_membership(data_dir)
    return tuple(table.loc[table["paper_group"] == "BRI", "country"])


def member_bri_countries(data_dir: _DataDir = None) -> tuple[str, ...]:
    """The Table 1 countries that are BRI members by the public lists (``bri_member`` column).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    tuple of str
        In Table 1 order. Unlike :func:`paper_bri_countries` this includes the Philippines, which signed a BRI
        memorandum in 2018.
    """
    from paradiplomacy.data.load import load_bri_membership

    table = load_bri_membership(data_dir)
    return tuple(table.loc[table["bri_member"].astype(bool), "country"])


def validate_bri_countries(bri_countries, data_dir: _DataDir = None) -> tuple[str, ...]:
    """Check the chapter parameter ``bri_countries`` and return the BRI group it selects.

    Parameters
    ----------
    bri_countries : list or tuple of str, or None
        Table 1 country names to count as BRI countries; every other Table 1 country forms the non-BRI group.
        ``None`` means the article's grouping (:func:`paper_bri_countries`).
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files (read only when ``bri_countries`` is None).

    Returns
    -------
    tuple of str
        The BRI group in Table 1 order.

    Raises
    ------
    ParameterError
        Naming ``bri_countries``, when it is not a list or tuple of strings (a single string is refused too:
        pass a list), names a country that is not in Table 1 (the message lists the allowed names), names a
        country twice, or leaves either group empty.
    """
    from paradiplomacy.data.load import TABLE1_COUNTRIES

    if bri_countries is None:
        return paper_bri_countries(data_dir)
    allowed = ", ".join(TABLE1_COUNTRIES)
    if not isinstance(bri_countries, (list, tuple)) or not all(isinstance(c, str) for c in bri_countries):
        raise ParameterError(
            "bri_countries",
            f"expected a list of Table 1 country names such as ['Kyrgyzstan', 'Nepal'] (with papermill use "
            f"-y \"bri_countries: [Kyrgyzstan, Nepal]\"), found {bri_countries!r}")
    unknown = [c for c in bri_countries if c not in TABLE1_COUNTRIES]
    if unknown:
        raise ParameterError("bri_countries",
                             f"unknown country name(s) {unknown}; the allowed names are: {allowed}")
    repeated = sorted({c for c in bri_countries if list(bri_countries).count(c) > 1})
    if repeated:
        raise ParameterError("bri_countries", f"each country may be listed once, found repeated {repeated}")
    if not bri_countries:
        raise ParameterError("bri_countries", "the list is empty, which leaves the BRI group empty; "
                                              f"name at least one of: {allowed}")
    if len(bri_countries) == len(TABLE1_COUNTRIES):
        raise ParameterError("bri_countries", "all eleven Table 1 countries are listed, which leaves the non-BRI "
                                              "group empty; leave at least one out")
    chosen = set(bri_countries)
    return tuple(c for c in TABLE1_COUNTRIES if c in chosen)


# ----------------------------------------------------------------------------------------------- arithmetic
def _exact(value) -> Fraction:
    """A printed string, Decimal, int, float or Fraction as an exact Fraction (floats via their repr)."""
    from paradiplomacy.numbers import parse_printed

    if isinstance(value, Fraction):
        return value
    if isinstance(value, str):
        return Fraction(parse_printed(value))
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def agree_share(distribution: Sequence) -> Fraction:
    """Share agreeing: the sum of the printed shares of responses 4, 5 and 6.

    Parameters
    ----------
    distribution : sequence of six str or numbers
        Printed shares of responses 1..6 (percent).

    Returns
    -------
    fractions.Fraction
        Exact sum of the last three shares, e.g. ``Fraction(844, 10)`` for Kyrgyzstan's 35.4 + 33.9 + 15.1.

    Raises
    ------
    ParameterError
        If ``distribution`` does not have six entries.
    """
    parts = list(distribution)
    if len(parts) != 6:
        raise ParameterError("distribution", f"expected six shares (responses 1-6), found {len(parts)}")
    return sum((_exact(parts[r - 1]) for r in AGREE_RESPONSES), Fraction(0))


def weighted_mean(distribution: Sequence) -> Fraction:
    """Mean score on the 1-6 scale implied by a printed distribution.

    Parameters
    ----------
    distribution : sequence of six str or numbers
        Printed shares of responses 1..6 (percent).

    Returns
    -------
    fractions.Fraction
        ``sum(r * share_r) / sum(share_r)``: the shares are weights, normalised by their own total so that a
        row printed as 99.9 or 100.1 is not biased.

    Raises
    ------
    ParameterError
        If ``distribution`` does not have six entries or its shares sum to zero.
    """
    parts = [_exact(p) for p in distribution]
    if len(parts) != 6:
        raise ParameterError("distribution", f"expected six shares (responses 1-6), found {len(parts)}")
    total = sum(parts, Fraction(0))
    if total <= 0:
        raise ParameterError("distribution", "the shares sum to zero")
    return sum((r * p for r, p in enumerate(parts, start=1)), Fraction(0)) / total


def unweighted_group_means(shares: Mapping[str, object], bri_countries: Sequence[str]) -> dict[str, Fraction]:
    """Unweighted means of per-country shares inside and outside a BRI group (the article's method).

    Parameters
    ----------
    shares : mapping of str to str or number
        Country -> % agree (printed string or number).
    bri_countries : sequence of str
        Countries of the BRI group; every other key of ``shares`` is non-BRI.

    Returns
    -------
    dict
        ``{"BRI": Fraction, "non-BRI": Fraction}``, each the plain average of its countries' shares (every
        country counts once, whatever its share).

    Raises
    ------
    ParameterError
        If a BRI country is missing from ``shares`` or either group is empty.
    """
    missing = [c for c in bri_countries if c not in shares]
    if missing:
        raise ParameterError("bri_countries", f"no share given for {missing}")
    chosen = set(bri_countries)
    groups = {"BRI": [c for c in shares if c in chosen], "non-BRI": [c for c in shares if c not in chosen]}
    out = {}
    for name, members in groups.items():
        if not members:
            raise ParameterError("bri_countries", f"the {name} group is empty")
        out[name] = sum((_exact(shares[c]) for c in members), Fraction(0)) / len(members)
    return out


# ----------------------------------------------------------------------------------------------- Table 1
def table1_check(data_dir: _DataDir = None, confidence: float = 0.95):
    """Table 1 row by row: printed numbers beside their recomputation, with a Wilson interval for % agree.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files (default: the book's ``data/``).
    confidence : float, default 0.95
        Level of the Wilson interval, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row per country in printed order. Columns:

        * ``country``, ``paper_group`` (``"BRI"`` / ``"non-BRI"`` as the article's averages imply);
        * ``r1`` .. ``r6``: the printed shares (strings as printed) and ``distribution`` (them joined by spaces);
        * ``dist_sum`` (exact sum of the six printed shares, as float) and ``sum_ok`` (within 6 x 0.05 of 100);
        * ``agree_printed`` (str), ``agree_recomputed`` (responses 4-6 summed), ``agree_difference``
          (recomputed minus printed), ``agree_rounded`` (recomputed, rounded to the printed decimals),
          ``agree_status`` (``reproduced`` / ``rounding`` / ``discrepancy``);
        * ``mean_printed`` (str), ``mean_recomputed`` (:func:`weighted_mean`), ``mean_rounded``,
          ``mean_status``;
        * ``counts``: the count vector of responses 1-6 reconstructed from published percentages (the one
          closest to the printed shares, see :func:`paradiplomacy.methods.reconstruct.reconstruct_distribution`),
          ``reconstruction`` (its status text), ``agree_count`` (respondents choosing 4-6 in that vector),
          ``agree_count_pct`` (100 x agree_count / n), ``ci_low`` and ``ci_high`` (Wilson interval for the
          share agreeing, in percent), ``n``;
        * ``agree_claim``, ``mean_claim``: claim ids in ``data/claims.csv``.

    Raises
    ------
    ParameterError
        If ``confidence`` is not strictly between 0 and 1.
    """
    import pandas as pd

    from paradiplomacy import numbers as checks
    from paradiplomacy.data import load
    from paradiplomacy.methods import reconstruct
    from paradiplomacy.methods import stats

    confidence = stats.validate_confidence(confidence)
    n = load.survey_n(data_dir)
    table = load.load_table1(data_dir)
    summary = load.load_table1_summary(data_dir).set_index(["country", "statistic"])
    groups = load.load_bri_membership(data_dir).set_index("country")["paper_group"]
    rows = []
    for country, block in table.groupby("country", sort=False):
        printed = list(block.sort_values("response")["printed"])
        agree_row, mean_row = summary.loc[(country, "pct_agree")], summary.loc[(country, "mean")]
        agree = agree_share(printed)
        mean = weighted_mean(printed)
        agree_cmp = checks.compare_value(agree_row["printed"], agree)
        mean_cmp = checks.compare_value(mean_row["printed"], mean)
        total = checks.sum_check(printed)
        fit = reconstruct.reconstruct_distribution(printed, n)
        if fit.best is not None:
            counts, status = tuple(int(k) for k in fit.best), fit.status
            k_agree = sum(counts[r - 1] for r in AGREE_RESPONSES)
        else:  # no count vector fits: fall back to the count nearest the recomputed share
            counts, status = None, fit.status
            k_agree = int(round(float(agree) * n / 100))
        low, high = stats.wilson_interval(k_agree, n, confidence)
        row = {"country": country, "paper_group": groups.get(country, "")}
        row.update({f"r{r}": p for r, p in enumerate(printed, start=1)})
        row.update({
            "distribution": " ".join(printed),
            "dist_sum": float(total.total), "sum_ok": bool(total.ok),
            "agree_printed": agree_row["printed"], "agree_recomputed": float(agree),
            "agree_difference": float(agree - _exact(agree_row["printed"])),
            "agree_rounded": agree_cmp.rounded, "agree_status": agree_cmp.status,
            "mean_printed": mean_row["printed"], "mean_recomputed": float(mean),
            "mean_rounded": mean_cmp.rounded, "mean_status": mean_cmp.status,
            "counts": counts, "reconstruction": status,
            "agree_count": k_agree, "agree_count_pct": 100 * k_agree / n,
            "ci_low": 100 * low, "ci_high": 100 * high, "n": n,
            "agree_claim": agree_row["claim_id"], "mean_claim": mean_row["claim_id"],
        })
        rows.append(row)
    return pd.DataFrame(rows)


def table1_long(data_dir: _DataDir = None, confidence: float = 0.95):
    """Table 1 distributions in long form for :func:`paradiplomacy.charts.likert_diverging`.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.
    confidence : float, default 0.95
        Level of the Wilson interval attached to each country's agree total.

    Returns
    -------
    pandas.DataFrame
        One row per country and response: ``country``, ``response`` (1-6), ``response_label`` (the legend's
        words), ``printed`` (str), ``share`` (float), ``claim_id`` and the country's ``ci_low`` / ``ci_high``
        (percent) repeated on its six rows.
    """
    from paradiplomacy.data import load

    table = load.load_table1(data_dir)
    ci = table1_check(data_dir, confidence).set_index("country")[["ci_low", "ci_high"]]
    out = table[["country", "response", "response_label", "printed", "value", "claim_id"]].rename(
        columns={"value": "share"})
    return out.join(ci, on="country").reset_index(drop=True)


def grim_table1(data_dir: _DataDir = None):
    """GRIM check of every percentage printed in Table 1 against the survey's sample size.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        One row per printed percentage (66 shares of responses 1-6, then the 11 % agree values):
        ``country``, ``column`` (``"1"`` .. ``"6"`` or ``"% agree"``), ``kind`` (``"share"`` for one response,
        ``"sum of shares"`` for % agree, which the article obtained by adding three rounded shares),
        ``printed``, ``decimals``, ``consistent`` (some whole number k of n respondents gives 100k/n rounding
        half-up to the printed value), ``counts`` (those k, comma-joined), ``nearest`` (closest achievable
        values below / above when inconsistent) and ``n``.
    """
    import pandas as pd

    from paradiplomacy import numbers as checks
    from paradiplomacy.methods import grim
    from paradiplomacy.data import load

    n = load.survey_n(data_dir)
    table = load.load_table1(data_dir)
    summary = load.load_table1_summary(data_dir)
    cells = [(r.country, str(r.response), "share", r.printed) for r in table.itertuples()]
    cells += [(r.country, "% agree", "sum of shares", r.printed)
              for r in summary[summary["statistic"] == "pct_agree"].itertuples()]
    rows = []
    for country, column, kind, printed in cells:
        res = grim.grim_percent(printed, n, n_range=(n,))
        rows.append({"country": country, "column": column, "kind": kind, "printed": printed,
                     "decimals": res.decimals, "consistent": res.consistent,
                     "counts": ", ".join(map(str, res.counts)),
                     "nearest": "" if res.consistent else f"{res.nearest_below} or {res.nearest_above}", "n": n})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------- BRI vs non-BRI
def group_means(data_dir: _DataDir = None, bri_countries=None, source: str = "printed") -> dict:
    """The two group averages of % agree for one grouping.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.
    bri_countries : list or tuple of str, optional
        BRI group (checked with :func:`validate_bri_countries`); None = the article's grouping.
    source : {"printed", "recomputed"}
        Average the printed % agree column, or the % agree recomputed from each row (responses 4-6).

    Returns
    -------
    dict
        ``"BRI"`` and ``"non-BRI"`` (floats), ``"BRI_exact"`` and ``"non-BRI_exact"`` (Fractions),
        ``"BRI_rounded"`` and ``"non-BRI_rounded"`` (strings, two decimals, exact half-up rounding),
        ``"bri_countries"`` and ``"non_bri_countries"`` (tuples in Table 1 order).

    Raises
    ------
    ParameterError
        For an invalid ``bri_countries`` (naming it) or ``source``.
    """
    from paradiplomacy.data.load import TABLE1_COUNTRIES

    if source not in ("printed", "recomputed"):
        raise ParameterError("source", f"expected 'printed' or 'recomputed', found {source!r}")
    chosen = validate_bri_countries(bri_countries, data_dir)
    shares = _agree_by_country(data_dir, source)
    means = unweighted_group_means(shares, chosen)
    from paradiplomacy.numbers import format_decimal, round_decimal

    return {"BRI": float(means["BRI"]), "non-BRI": float(means["non-BRI"]),
            "BRI_exact": means["BRI"], "non-BRI_exact": means["non-BRI"],
            "BRI_rounded": format_decimal(round_decimal(means["BRI"], 2), 2),
            "non-BRI_rounded": format_decimal(round_decimal(means["non-BRI"], 2), 2),
            "bri_countries": chosen, "non_bri_countries": tuple(c for c in TABLE1_COUNTRIES if c not in chosen)}


def _agree_by_country(data_dir: _DataDir, source: str) -> dict[str, Fraction]:
    from paradiplomacy.data.load import load_table1, load_table1_summary

    if source == "printed":
        summary = load_table1_summary(data_dir)
        agree = summary[summary["statistic"] == "pct_agree"]
        return {c: _exact(p) for c, p in zip(agree["country"], agree["printed"])}
    table = load_table1(data_dir)
    return {country: agree_share(list(block.sort_values("response")["printed"]))
            for country, block in table.groupby("country", sort=False)}


def bri_comparison(data_dir: _DataDir = None, bri_countries=None):
    """The article's BRI / non-BRI averages beside alternative groupings and inputs.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.
    bri_countries : list or tuple of str, optional
        A grouping chosen by the reader. When it differs from both built-in groupings, two more scenarios
        (``selected_printed``, ``selected_recomputed``) are added.

    Returns
    -------
    pandas.DataFrame
        Two rows (BRI, non-BRI) per scenario, in this order:

        * ``paper_printed``: the article's grouping and printed % agree (what the article did);
        * ``paper_recomputed``: the same grouping, % agree recomputed from each row;
        * ``members_printed`` / ``members_recomputed``: BRI membership by the public lists (the Philippines
          counted as BRI);
        * optionally ``selected_printed`` / ``selected_recomputed``.

        Columns: ``scenario``, ``scenario_label`` (a phrase), ``scenario_short`` (a chart label of at most 17 characters,
        e.g. ``"Members, row sums"``),
        ``grouping``, ``source``, ``group``, ``countries`` (comma-joined), ``n_countries``, ``mean``
        (float), ``mean_rounded`` and ``mean_truncated`` (two decimals, half-up and cut off), ``printed`` (the
        article's figure, only on the ``paper_printed`` rows, else ""), ``status``
        (:func:`paradiplomacy.numbers.compare_value` against the printed figure, else "").
    """
    import pandas as pd

    from paradiplomacy import numbers as checks
    from paradiplomacy.data import load

    paper = paper_bri_countries(data_dir)
    members = member_bri_countries(data_dir)
    chosen = validate_bri_countries(bri_countries, data_dir)
    extra = ", ".join(c for c in members if c not in paper)  # BRI members the article counts as non-BRI
    groupings = [("paper", "the article's grouping", "Article", paper),
                 ("members", "BRI members by the public lists" + (f" ({extra} as BRI)" if extra else ""),
                  "Members", members)]
    if chosen not in (paper, members):
        groupings.append(("selected", "the grouping chosen by the bri_countries parameter", "Chosen", chosen))
    claims = load.load_claims(data_dir).set_index("claim_id")
    printed = {"BRI": claims.loc["s31_bri_pct_agree", "printed"].rstrip("%"),
               "non-BRI": claims.loc["s31_non_bri_pct_agree", "printed"].rstrip("%")}
    source_label = {"printed": "printed % agree", "recomputed": "% agree recomputed from each row"}
    source_short = {"printed": "printed", "recomputed": "row sums"}
    by_source = {source: _agree_by_country(data_dir, source) for source in ("printed", "recomputed")}
    rows = []
    for key, grouping_label, short, group in groupings:
        for source, shares in by_source.items():
            means = unweighted_group_means(shares, group)
            for name in GROUPS:
                members_of = [c for c in shares if (c in group) == (name == "BRI")]
                value = means[name]
                is_paper = key == "paper" and source == "printed"
                rows.append({
                    "scenario": f"{key}_{source}", "scenario_label": f"{grouping_label}, {source_label[source]}",
                    "scenario_short": f"{short}, {source_short[source]}",
                    "grouping": key, "source": source, "group": name,
                    "countries": ", ".join(members_of), "n_countries": len(members_of), "mean": float(value),
                    "mean_rounded": checks.format_decimal(checks.round_decimal(value, 2, "half_up"), 2),
                    "mean_truncated": checks.format_decimal(checks.round_decimal(value, 2, "truncate"), 2),
                    "printed": printed[name] if is_paper else "",
                    "status": checks.compare_value(printed[name], value).status if is_paper else "",
                })
    return pd.DataFrame(rows)


def membership_table(data_dir: _DataDir = None):
    """BRI, AIIB and NDB membership of the Table 1 countries beside the article's grouping.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        Columns ``Country``, ``BRI``, ``AIIB``, ``NDB`` (``"yes"`` / ``"no"``), ``Article's group``,
        ``Group matches BRI membership`` (``"yes"`` / ``"no"``), ``Note`` (the file's ``reason``) and
        ``as_of`` (the date the memberships refer to, ``YYYY-MM-DD``).
    """
    import pandas as pd

    from paradiplomacy.data.load import load_bri_membership

    table = load_bri_membership(data_dir)

    def yes(series):
        return series.astype(bool).map({True: "yes", False: "no"})

    matches = table["bri_member"].astype(bool) == (table["paper_group"] == "BRI")
    return pd.DataFrame({
        "Country": table["country"], "BRI": yes(table["bri_member"]), "AIIB": yes(table["aiib_member"]),
        "NDB": yes(table["ndb_member"]), "Article's group": table["paper_group"],
        "Group matches BRI membership": yes(matches), "Note": table["reason"],
        "as_of": table["as_of"].dt.strftime("%Y-%m-%d"),
    })
