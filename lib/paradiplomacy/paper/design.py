"""Assemble the article's exhibits (tables and figures) from the transcribed data.

Each function returns a tidy :class:`pandas.DataFrame` that puts the printed values
beside what this book recomputes from them, so a chapter only narrates and plots.
Counts that the article does not print are *reconstructed from published percentages*
and labelled as such.
"""
from __future__ import annotations

from os import PathLike

__all__ = ["table3_profile", "table3_sums", "interview_table"]


def table3_profile(data_dir: str | PathLike[str] | None = None, confidence: float = 0.95):
    """Table 3 (demographic profile) with recomputed percentages and intervals.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files (default: the book's ``data/``).
    confidence : float, default 0.95
        Confidence level of the Wilson interval for each category's share, in (0, 1).

    Returns
    -------
    pandas.DataFrame
        One row per category in printed order, with columns ``characteristic``,
        ``category``, ``order``, ``count`` (printed count, int), ``count_printed``,
        ``pct_printed`` (string as printed), ``pct_value`` (float), ``pct_recomputed``
        (100 * count / n), ``difference`` (recomputed minus printed), ``status``
        (``reproduced``, ``rounding`` or ``discrepancy``, see
        :func:`paradiplomacy.numbers.compare_value`), ``ci_low`` and ``ci_high`` (Wilson
        interval for the share, in percent), ``claim_count`` and ``claim_pct`` (ids in
        ``data/claims.csv``).

    Raises
    ------
    paradiplomacy.errors.ParameterError
        If ``confidence`` is not strictly between 0 and 1.
    FileNotFoundError
        If ``data_dir`` does not exist.
    """
    import pandas as pd

    from paradiplomacy import numbers as checks
    from paradiplomacy.data import load
    from paradiplomacy.methods import stats

    stats.validate_confidence(confidence)
    n = load.survey_n(data_dir)
    demo = load.load_demographics(data_dir)
    counts = demo[demo["measure"] == "count"].set_index(["characteristic", "order"])
    pcts = demo[demo["measure"] == "percent"].set_index(["characteristic", "order"])
    rows = []
    for key, c in counts.iterrows():
        p = pcts.loc[key]
        count = int(c["value"])
        recomputed = 100.0 * count / n
        comparison = checks.compare_value(p["printed"], recomputed)
        low, high = stats.wilson_interval(count, n, confidence)
        rows.append({
            "characteristic": key[0], "category": c["category"], "order": int(key[1]),
            "count": count, "count_printed": c["printed"],
            "pct_printed": p["printed"], "pct_value": float(p["value"]),
            "pct_recomputed": recomputed, "difference": recomputed - float(p["value"]),
            "status": comparison.status, "ci_low": 100 * low, "ci_high": 100 * high,
            "claim_count": c["claim_id"], "claim_pct": p["claim_id"],
        })
    return pd.DataFrame(rows)


def table3_sums(data_dir: str | PathLike[str] | None = None):
    """Sum checks for each block of Table 3: counts against n, percentages against 100.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        One row per characteristic with ``count_total``, ``n``, ``pct_total`` (sum of the
        printed percentages, exact decimal converted to float), ``pct_tolerance`` (the
        rounding allowance for that many printed shares) and ``pct_ok``.
    """
    import pandas as pd

    from paradiplomacy import numbers as checks
    from paradiplomacy.data import load

    n = load.survey_n(data_dir)
    demo = load.load_demographics(data_dir)
    rows = []
    for characteristic, block in demo.groupby("characteristic", sort=False):
        counts = block[block["measure"] == "count"]
        pcts = block[block["measure"] == "percent"]
        check = checks.sum_check(list(pcts["printed"]))
        rows.append({
            "characteristic": characteristic,
            "count_total": int(counts["value"].sum()), "n": n,
            "pct_total": float(check.total), "pct_tolerance": float(check.tolerance),
            "pct_ok": bool(check.ok),
        })
    return pd.DataFrame(rows)


def interview_table(data_dir: str | PathLike[str] | None = None):
    """Table 2 (anonymised interviewees) ready for display.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        Columns ``No.``, ``Interviewee``, ``Place``, ``Date`` (as printed, with the
        article's a/b/c suffix) and ``country`` (the country named in the place, for
        grouping; Hong Kong SAR counts as China).
    """
    from paradiplomacy.data import load

    table = load.load_interviews(data_dir)
    out = table.rename(columns={"number": "No.", "description": "Interviewee",
                                "place": "Place", "date_printed": "Date"})
    country = out["Place"].str.extract(r"(China|Kyrgyzstan|India|Japan|Hong Kong SAR)\)?\s*$", expand=False)
    out["country"] = country.replace({"Hong Kong SAR": "China"})
    return out[["No.", "Interviewee", "Place", "Date", "country"]]
