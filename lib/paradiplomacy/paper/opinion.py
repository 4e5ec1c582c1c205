"""Section 4 of the article: Figures 1-3 and the other survey items on subnational relations.

The article prints each survey item as percentages of the same ``n`` respondents (``survey_design.csv``). This
module turns those percentages into tidy frames for chapter 4: counts *reconstructed from published
percentages* (never survey records), Wilson intervals, sum and GRIM checks, and the two readings of Figure 2 and
of Figure 3. Because every respondent answered every item, two items are compared with the paired tests of
:mod:`paradiplomacy.methods.bounds` (the range of McNemar's test over all joint tables that fit the published margins).

Nothing here reads the network; pandas and scipy are imported inside the functions that need them.
"""
from __future__ import annotations

import math
from decimal import Decimal
from os import PathLike

from paradiplomacy.errors import ParameterError

__all__ = [
    "UN_MEMBER_STATES", "UN_MEMBER_STATES_SOURCE", "CATEGORY_LABELS", "SHORT_LABELS", "GROUP_LABELS",
    "item_shares", "shares_table", "distribution_check", "tension_readings", "figure3_readings", "grew_up_share",
    "tie_totals", "bri_share_of_countries",
]

#: Number of member states of the United Nations. NOT printed in the article: the book uses it as the
#: denominator of "all countries" when checking Section 5's "approximately half of all countries" against the
#: approximately 150 BRI partners of Section 3.1. See :data:`UN_MEMBER_STATES_SOURCE`.
UN_MEMBER_STATES = 193
#: Source of :data:`UN_MEMBER_STATES`.
UN_MEMBER_STATES_SOURCE = ("United Nations, 'Member States' (https://www.un.org/en/about-us/member-states): "
                           "193 members since South Sudan was admitted on 14 July 2011")

#: Readable labels of the response categories of ``survey_items.csv``.
CATEGORY_LABELS: dict[str, str] = {
    "shared_economic_interests": "Shared economic interests",
    "common_political_ideologies": "Common political ideologies",
    "preexisting_personal_ties": "Pre-existing personal ties",
    "historical_cultural_ties": "Historical and cultural ties",
    "shared_social_recreational_interests": "Shared social or recreational interests",
    "continue_limited": "Continue in a limited way",
    "continue": "Continue (share given in the text)",
    "diplomatic_relations": "Diplomatic relations are important",
    "subnational_relations": "Subnational relations are important",
    "agree": "Agree",
    "central_regulation": "Strong central regulation",
    "central_initial_phase": "Central role in the initial phase",
    "local_autonomy": "Local autonomy",
    "no": "No",
    "yes": "Yes",
}
#: Short category labels (at most 20 characters) for chart axes, which truncate longer labels.
SHORT_LABELS: dict[str, str] = {
    "shared_economic_interests": "Economic interests",
    "common_political_ideologies": "Political ideologies",
    "preexisting_personal_ties": "Personal ties",
    "historical_cultural_ties": "History and culture",
    "shared_social_recreational_interests": "Social, recreational",
    "continue_limited": "Limited (Figure 2)",
    "continue": "Continue (text)",
    "diplomatic_relations": "Diplomatic",
    "subnational_relations": "Subnational",
    "central_regulation": "Strong regulation",
    "central_initial_phase": "Initial phase only",
    "local_autonomy": "Local autonomy",
}
#: Readable labels of the respondent groups / sub-questions of ``survey_items.csv``.
GROUP_LABELS: dict[str, str] = {
    "all": "All respondents",
    "economic": "Economic ties",
    "sociocultural": "Socio-cultural ties",
    "provincial_should": "Provincial (should)",
    "provincial_does": "Provincial (does)",
    "municipal_should": "Municipal (should)",
    "municipal_does": "Municipal (does)",
    "should": "Central (should)",
    "does": "Central (does)",
}


# ------------------------------------------------------------------------------------------- helpers
def _check_item(item_id) -> None:
    from paradiplomacy.data.load import SURVEY_ITEMS

    if not isinstance(item_id, str) or item_id not in SURVEY_ITEMS:
        raise ParameterError("item_id", f"unknown survey item {item_id!r}; expected one of {sorted(SURVEY_ITEMS)}")


def _item_rows(item_id: str, data_dir):
    from paradiplomacy.data.load import load_survey_items

    _check_item(item_id)
    items = load_survey_items(data_dir)
    rows = items[items["item_id"] == item_id]
    if rows.empty:
        raise ParameterError("item_id", f"survey item {item_id!r} has no rows in survey_items.csv")
    return rows


# ------------------------------------------------------------------------------------------- items
def item_shares(item_id: str, data_dir: str | PathLike[str] | None = None, confidence: float = 0.95):
    """One survey item of Section 4 with reconstructed counts, GRIM checks and Wilson intervals.

    Parameters
    ----------
    item_id : str
        An item of :data:`paradiplomacy.data.load.SURVEY_ITEMS` (e.g. ``"fig1_partner_factor"``).
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files (default: the book's ``data/``).
    confidence : float, default 0.95
        Confidence level of the Wilson intervals, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row per printed share, in file order: ``item_id, group, group_label, category, label`` (from
        :data:`CATEGORY_LABELS`), ``short`` (from :data:`SHORT_LABELS`, for chart axes), ``printed``
        (as printed), ``share`` (float, percent), ``candidates`` (tuple of every count out of ``n`` that rounds
        to the printed share), ``grim_consistent`` (at least one candidate), ``count`` (Int64; for a
        distribution, the count of the reconstructed count vector closest to the printed shares among those
        summing to ``n``; for a single share, the candidate closest to ``share * n / 100``), ``count_status``,
        ``recomputed`` (``100 * count / n``), ``ci_low, ci_high`` (Wilson interval of ``count / n`` in percent),
        ``n``, ``claim_id`` and ``provenance`` (always "reconstructed from published percentages").

    Raises
    ------
    paradiplomacy.errors.ParameterError
        Unknown ``item_id`` (the message names it) or ``confidence`` outside (0, 1).
    """
    import pandas as pd

    from paradiplomacy.data.load import survey_n
    from paradiplomacy.methods.reconstruct import PROVENANCE, counts_for_percent, reconstruct_distribution
    from paradiplomacy.methods.stats import validate_confidence, wilson_interval

    confidence = validate_confidence(confidence)
    rows = _item_rows(item_id, data_dir)
    n = survey_n(data_dir)
    out = []
    for group, block in rows.groupby("group", sort=False):
        printed = list(block["printed"])
        candidates = [tuple(counts_for_percent(p, n)) for p in printed]
        if block["kind"].iloc[0] == "distribution":
            rec = reconstruct_distribution(printed, n)
            counts = list(rec.best) if rec.best is not None else [None] * len(printed)
            status = [rec.status] * len(printed)
        else:
            counts, status = [], []
            for p, cands in zip(printed, candidates):
                target = float(Decimal(p)) * n / 100
                counts.append(min(cands, key=lambda c: (abs(c - target), c)) if cands else None)
                status.append("unique" if len(cands) == 1 else
                              f"one of {len(cands)} counts (closest used)" if cands else "no count fits")
        for (_, row), cands, count, stat in zip(block.iterrows(), candidates, counts, status):
            low, high = wilson_interval(count, n, confidence) if count is not None else (math.nan, math.nan)
            out.append({
                "item_id": item_id, "group": group, "group_label": GROUP_LABELS.get(group, group),
                "category": row["category"], "label": CATEGORY_LABELS.get(row["category"], row["category"]),
                "short": SHORT_LABELS.get(row["category"], CATEGORY_LABELS.get(row["category"], row["category"])),
                "printed": row["printed"], "share": float(row["value"]), "candidates": cands,
                "grim_consistent": bool(cands), "count": count, "count_status": stat,
                "recomputed": math.nan if count is None else 100 * count / n,
                "ci_low": 100 * low, "ci_high": 100 * high, "n": n, "claim_id": row["claim_id"],
                "provenance": PROVENANCE,
            })
    frame = pd.DataFrame(out)
    frame["count"] = frame["count"].astype("Int64")
    return frame


def shares_table(shares, label: str = "label"):
    """Reader-facing columns of an :func:`item_shares` frame (printed share beside the reconstruction).

    Parameters
    ----------
    shares : pandas.DataFrame
        Result of :func:`item_shares` (several items may be concatenated).
    label : str, default "label"
        Column used for the first column, ``Answer`` (e.g. ``"group_label"``).

    Returns
    -------
    pandas.DataFrame
        ``Answer, % (printed), Counts that fit the share, Count (reconstructed), % (count / n), GRIM,
        Wilson interval (%)``; the interval is formatted ``"37.5–47.0"`` and the recomputed share has two decimals.
    """
    import pandas as pd

    def fmt(low, high):
        return f"{low:.1f}–{high:.1f}"

    return pd.DataFrame({
        "Answer": list(shares[label]),
        "% (printed)": list(shares["printed"]),
        "Counts that fit the share": [", ".join(map(str, c)) for c in shares["candidates"]],
        "Count (reconstructed)": list(shares["count"]),
        "% (count / n)": [f"{x:.2f}" for x in shares["recomputed"]],
        "GRIM": ["consistent" if ok else "impossible" for ok in shares["grim_consistent"]],
        "Wilson interval (%)": [fmt(lo, hi) for lo, hi in zip(shares["ci_low"], shares["ci_high"])],
    })


def distribution_check(item_id: str, data_dir: str | PathLike[str] | None = None):
    """Sum check, GRIM check and count reconstruction of a distribution item, one row per group.

    Parameters
    ----------
    item_id : str
        A ``distribution`` item of :data:`paradiplomacy.data.load.SURVEY_ITEMS` (``fig1_partner_factor``,
        ``regulate_province``, ``regulate_city``, ``fig3_public_opinion``).
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        ``item_id, group, parts`` (the printed shares joined with " + "), ``total`` (exact sum as float),
        ``tolerance`` (rounding allowance, :func:`paradiplomacy.numbers.sum_check`), ``sum_ok``, ``grim_ok``
        (every share is possible with ``n`` respondents), ``n_solutions`` (count vectors summing to ``n`` that
        reproduce every share), ``best`` (tuple, the closest one, or None) and ``status``.

    Raises
    ------
    paradiplomacy.errors.ParameterError
        Unknown ``item_id``, or an item that is not a distribution.
    """
    import pandas as pd

    from paradiplomacy.methods.grim import grim_percent
    from paradiplomacy.numbers import sum_check
    from paradiplomacy.data.load import SURVEY_ITEMS, survey_n
    from paradiplomacy.methods.reconstruct import reconstruct_distribution

    _check_item(item_id)
    if SURVEY_ITEMS[item_id][0] != "distribution":
        raise ParameterError("item_id", f"survey item {item_id!r} is a single share, not a distribution")
    rows = _item_rows(item_id, data_dir)
    n = survey_n(data_dir)
    out = []
    for group, block in rows.groupby("group", sort=False):
        printed = list(block["printed"])
        check = sum_check(printed)
        rec = reconstruct_distribution(printed, n)
        out.append({"item_id": item_id, "group": group, "parts": " + ".join(printed),
                    "total": float(check.total), "tolerance": float(check.tolerance), "sum_ok": bool(check.ok),
                    "grim_ok": all(grim_percent(p, n, n_range=(n,)).consistent for p in printed),
                    "n_solutions": len(rec.solutions), "best": rec.best, "status": rec.status})
    return pd.DataFrame(out)


def tension_readings(data_dir: str | PathLike[str] | None = None, confidence: float = 0.95):
    """Figure 2 and the text's shares side by side, with what the "combined" reading implies.

    Figure 2's alternative text prints only the "continue in a limited way" bar for each kind of tie; the text
    prints larger shares (79.0 and 73.9) for ties that should "continue". If the text's share is the sum of the
    two "continue" bars, the "continue as normal" bar is the difference and "suspend or terminate" the rest.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.
    confidence : float, default 0.95
        Confidence level of the Wilson intervals.

    Returns
    -------
    pandas.DataFrame
        Four rows per kind of tie (``domain``: economic, sociocultural): ``answer`` ("continue in a limited way",
        "continue (text)", "continue as normal", "suspend or terminate"), ``source`` ("Figure 2 (printed)",
        "text (printed)", "implied if the text adds both continue bars"), ``printed`` (the printed token, or the
        implied value computed exactly from printed decimals), ``share`` (percent), ``count`` (reconstructed;
        implied counts are differences of reconstructed counts), ``count_matches`` (the implied count rounds to
        the implied share), ``ci_low, ci_high`` (Wilson, percent) and ``claim_id`` (empty for implied rows).

    Raises
    ------
    paradiplomacy.errors.ParameterError
        If ``confidence`` is not strictly between 0 and 1.
    """
    import pandas as pd

    from paradiplomacy.numbers import round_ratio
    from paradiplomacy.methods.stats import wilson_interval

    bars = item_shares("fig2_tension", data_dir, confidence).set_index("group")
    text = item_shares("tension_continue_text", data_dir, confidence).set_index("group")
    n = int(bars["n"].iloc[0])
    out = []
    for domain in ("economic", "sociocultural"):
        limited, total = bars.loc[domain], text.loc[domain]
        normal = Decimal(total["printed"]) - Decimal(limited["printed"])
        stop = Decimal(100) - Decimal(total["printed"])
        entries = [("continue in a limited way", "Figure 2 (printed)", limited["printed"], int(limited["count"]),
                    limited["claim_id"]),
                   ("continue (text)", "text (printed)", total["printed"], int(total["count"]), total["claim_id"]),
                   ("continue as normal", "implied if the text adds both continue bars", f"{normal:f}",
                    int(total["count"]) - int(limited["count"]), ""),
                   ("suspend or terminate", "implied if the text adds both continue bars", f"{stop:f}",
                    n - int(total["count"]), "")]
        for answer, source, printed, count, claim in entries:
            low, high = wilson_interval(count, n, confidence)
            out.append({"domain": domain, "domain_label": GROUP_LABELS[domain], "answer": answer,
                        "source": source, "printed": printed, "share": float(Decimal(printed)), "count": count,
                        "count_matches": round_ratio(100 * count, n, 1) == Decimal(printed),
                        "ci_low": 100 * low, "ci_high": 100 * high, "claim_id": claim})
    return pd.DataFrame(out)


def figure3_readings(data_dir: str | PathLike[str] | None = None, confidence: float = 0.95):
    """Figure 3 as printed and with its yes/no labels swapped (the reading the article's text implies).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.
    confidence : float, default 0.95
        Confidence level of the Wilson intervals.

    Returns
    -------
    pandas.DataFrame
        Two rows per bar (``bar``: "Provincial (should)", ...), one per ``reading`` ("as printed", "labels
        swapped"): ``share_yes`` (percent answering yes under that reading), ``printed`` (the printed token
        behind it), ``count_yes`` (reconstructed), ``ci_low, ci_high`` (Wilson, percent) and ``claim_id`` of the
        printed share used.

    Raises
    ------
    paradiplomacy.errors.ParameterError
        If ``confidence`` is not strictly between 0 and 1.
    """
    import pandas as pd

    shares = item_shares("fig3_public_opinion", data_dir, confidence)
    out = []
    for reading, printed_label in (("as printed", "yes"), ("labels swapped", "no")):
        part = shares[shares["category"] == printed_label]
        for _, row in part.iterrows():
            out.append({"bar": row["group_label"], "group": row["group"], "reading": reading,
                        "printed": row["printed"], "share_yes": row["share"], "count_yes": int(row["count"]),
                        "ci_low": row["ci_low"], "ci_high": row["ci_high"], "claim_id": row["claim_id"]})
    return pd.DataFrame(out)


# ------------------------------------------------------------------------------------------- other numbers
def grew_up_share(data_dir: str | PathLike[str] | None = None, under: int = 50, confidence: float = 0.95) -> dict:
    """Share of respondents younger than ``under`` in Table 3 (the article's "approximately 85%").

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.
    under : int, default 50
        Age limit; must be the lower edge of one of Table 3's age bands (30, 40 or 50).
    confidence : float, default 0.95
        Confidence level of the Wilson interval.

    Returns
    -------
    dict
        ``groups`` (age bands included), ``count``, ``n``, ``share`` (percent), ``ci_low, ci_high`` (percent).

    Raises
    ------
    paradiplomacy.errors.ParameterError
        If ``under`` is not a band edge, or ``confidence`` is outside (0, 1).
    """
    from paradiplomacy.data.load import load_demographics, survey_n
    from paradiplomacy.methods.stats import validate_confidence, wilson_interval

    confidence = validate_confidence(confidence)
    demo = load_demographics(data_dir)
    ages = demo[(demo["characteristic"] == "age") & (demo["measure"] == "count")].sort_values("order")
    lower = [int(label.replace("+", "").split("–")[0]) for label in ages["category"]]
    edges = lower[1:]
    if isinstance(under, bool) or not isinstance(under, int) or under not in edges:
        raise ParameterError("under", f"expected the lower edge of a Table 3 age band, one of {edges}, found {under!r}")
    keep = ages[[lo < under for lo in lower]]
    n = survey_n(data_dir)
    count = int(keep["value"].sum())
    low, high = wilson_interval(count, n, confidence)
    return {"groups": tuple(keep["category"]), "count": count, "n": n, "share": 100 * count / n,
            "ci_low": 100 * low, "ci_high": 100 * high}


def tie_totals(data_dir: str | PathLike[str] | None = None) -> dict:
    """China's subnational ties worldwide: Custer et al.'s count, the later additions and their sum.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    dict
        ``custer_2018`` (2,500), ``added_by_2024`` (500), ``total`` (their sum, computed), ``total_printed``
        (the total Section 5 prints) and ``consistent`` (``total == total_printed``).
    """
    from paradiplomacy.data.load import load_tie_counts

    ties = load_tie_counts(data_dir).set_index("count_id")
    custer = int(ties.loc["world_custer_2018", "value"])
    added = int(ties.loc["world_added_by_2024", "value"])
    printed = int(ties.loc["world_total_2024", "value"])
    return {"custer_2018": custer, "added_by_2024": added, "total": custer + added, "total_printed": printed,
            "consistent": custer + added == printed}


def bri_share_of_countries(partners: int | float, countries: int = UN_MEMBER_STATES) -> float:
    """BRI partners as a percentage of all countries (by default the UN's member states).

    Parameters
    ----------
    partners : int or float
        Number of BRI partner countries (Section 3.1 prints approximately 150).
    countries : int, default :data:`UN_MEMBER_STATES`
        Number of countries in the world used as the denominator (not printed in the article).

    Returns
    -------
    float
        ``100 * partners / countries``.

    Raises
    ------
    paradiplomacy.errors.ParameterError
        If ``countries`` is not positive or ``partners`` is negative or larger than ``countries``.
    """
    if isinstance(countries, bool) or not isinstance(countries, int) or countries <= 0:
        raise ParameterError("countries", f"expected a positive integer, found {countries!r}")
    if isinstance(partners, bool) or not isinstance(partners, (int, float)) or not 0 <= partners <= countries:
        raise ParameterError("partners", f"expected a number between 0 and {countries}, found {partners!r}")
    return 100 * partners / countries
