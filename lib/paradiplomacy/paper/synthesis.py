"""Cross-country comparison and the other computations of the analysis chapter (article Sections 6 and 7).

The functions here put the three case countries side by side on the six perception items, check the
Kyrgyzstan > India > Japan gradient item by item, rank the Table 1 countries by friendliness, set the Table 2
interview places against the article's "fieldwork in all four countries", line up the tie counts the article
and commentary 000 print, and count the claims of ``data/claims.csv`` by their expected replication status.

Everything is computed from the transcribed CSV files. Counts of respondents are *reconstructed from published
percentages* (:mod:`paradiplomacy.methods.reconstruct`); they are not the survey's raw data. The same respondents rated
all three countries, so nothing here is a significance test between countries; the paired tests bounded over all
joint tables are in :mod:`paradiplomacy.methods.bounds`.
"""
from __future__ import annotations

import numbers
from collections.abc import Sequence
from decimal import Decimal
from os import PathLike

from paradiplomacy.errors import ParameterError

__all__ = [
    "ITEM_LABELS", "TIE_TOTAL_IDS", "case_comparison", "gradient_summary", "friendliness_ranking",
    "least_friendly", "table1_comparison", "fieldwork_countries", "tie_totals", "ties_and_friendliness",
    "central_role", "claims_status_counts", "unresolved_claims",
]

#: Short labels (at most 24 characters, so chart axes do not truncate them) of the six case-study perception
#: items (``load.CASE_ITEMS``), in that order. Friendliness and importance are towards / for China.
ITEM_LABELS: dict[str, str] = {
    "government_friendly": "Government friendly",
    "people_friendly": "People friendly",
    "important_diplomacy": "Important for diplomacy",
    "important_economy": "Important for economy",
    "important_sociocultural": "Sociocultural important",
    "subnational_important": "Local ties important",
}

#: ``count_id`` values of ``tie_counts.csv`` that are a total of ties between China and one partner country.
TIE_TOTAL_IDS = ("usa_cpaffc_2024", "japan_clair_2017", "japan_cpaffc_2025", "russia_cpaffc_2024",
                 "kyrgyzstan_total_2025")


def case_comparison(data_dir: str | PathLike[str] | None = None, confidence: float = 0.95):
    """The three case countries on the six perception items, as favourable shares with Wilson intervals.

    For Japan the article prints the *unfriendly* share of the two friendliness items (``polarity ==
    "disagree"``); the favourable share is then ``100 - printed`` (exact decimal arithmetic), its count
    ``n - k`` and its interval the complement of the printed share's interval (the Wilson interval is
    symmetric under ``k -> n - k``). This assumes that every respondent gave either a friendly or an
    unfriendly answer.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files (default: the book's ``data/``).
    confidence : float, default 0.95
        Confidence level of the Wilson intervals, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row per country and item (countries in ``load.CASE_COUNTRIES`` order, items in
        ``load.CASE_ITEMS`` order) with ``country, item, item_label, polarity, printed`` (as printed),
        ``printed_value`` (float), ``favourable`` (percent, float), ``favourable_label`` (favourable share with
        the printed decimals, e.g. ``"36.8"``), ``count_status`` (``"unique"``, ``"ambiguous: ..."`` or
        ``"impossible with n = 410: ..."``, see :func:`paradiplomacy.methods.stats.proportion_table`),
        ``favourable_count`` (Int64, reconstructed from published percentages; <NA> when no count fits),
        ``favourable_count_min`` and ``favourable_count_max`` (Int64: range of counts consistent with the
        printed share), ``ci_low, ci_high`` (percent), ``claim_id`` and ``n``.

    Raises
    ------
    paradiplomacy.errors.ParameterError
        If ``confidence`` is not strictly between 0 and 1.
    FileNotFoundError
        If ``data_dir`` does not exist.
    """
    import pandas as pd

    from paradiplomacy.data import load
    from paradiplomacy.methods import stats
    from paradiplomacy.numbers import decimals_of, format_decimal, parse_printed
    from paradiplomacy.methods.reconstruct import counts_for_percent

    confidence = stats.validate_confidence(confidence)
    n = load.survey_n(data_dir)
    cases = load.load_case_perceptions(data_dir)
    cases = cases.assign(_c=cases["country"].map(load.CASE_COUNTRIES.index),
                         _i=cases["item"].map(load.CASE_ITEMS.index)).sort_values(["_c", "_i"])
    table = stats.proportion_table(list(cases["printed"]), n, confidence)
    rows = []
    for (_, case), (_, prop) in zip(cases.iterrows(), table.iterrows()):
        printed = case["printed"]
        flip = case["polarity"] == "disagree"
        fits = counts_for_percent(printed, n)
        count = None if pd.isna(prop["count"]) else int(prop["count"])
        share = Decimal(100) - parse_printed(printed) if flip else parse_printed(printed)
        low, high = (1 - prop["high"], 1 - prop["low"]) if flip else (prop["low"], prop["high"])
        if flip:
            count = None if count is None else n - count
            fits = sorted(n - k for k in fits)
        rows.append({
            "country": case["country"], "item": case["item"], "item_label": ITEM_LABELS[case["item"]],
            "polarity": case["polarity"], "printed": printed, "printed_value": float(case["value"]),
            "favourable": float(share), "favourable_label": format_decimal(share, decimals_of(printed)),
            "count_status": prop["count_status"], "favourable_count": count,
            "favourable_count_min": fits[0] if fits else None, "favourable_count_max": fits[-1] if fits else None,
            "ci_low": 100 * float(low), "ci_high": 100 * float(high), "claim_id": case["claim_id"], "n": n,
        })
    frame = pd.DataFrame(rows)
    for column in ("favourable_count", "favourable_count_min", "favourable_count_max"):
        frame[column] = frame[column].astype("Int64")
    return frame


def gradient_summary(frame, order: Sequence[str] | None = None):
    """Does the ordering ``order[0] > order[1] > ...`` hold on each item, and do neighbours' intervals overlap?

    Parameters
    ----------
    frame : pandas.DataFrame
        Long frame with columns ``country, item, favourable, ci_low, ci_high`` (one row per country and item),
        e.g. from :func:`case_comparison`. Optional columns ``favourable_count_min`` and
        ``favourable_count_max`` (integer counts) add the ``min_ordered_*`` columns.
    order : sequence of str, optional
        Countries from the expected highest to the lowest share; default ``load.CASE_COUNTRIES``
        (Kyrgyzstan, India, Japan).

    Returns
    -------
    pandas.DataFrame
        One row per item, in order of first appearance: ``item``, one column per country holding its
        favourable share, ``holds`` (True when every country's share is strictly above the next one's), and for
        each neighbouring pair ``a, b`` (lower-case names): ``gap_a_b`` (share of a minus share of b, percentage
        points), ``overlap_a_b`` (True when the two intervals share at least one point) and, when counts are
        given, ``min_ordered_a_b`` (Int64): the smallest number of respondents who must have given the
        favourable answer for ``a`` but not for ``b``, whatever the unpublished joint answers
        (``max(0, min count of a - max count of b)``; <NA> when a count is unknown).

    Raises
    ------
    paradiplomacy.errors.ParameterError
        If ``order`` has fewer than two distinct countries, a column is missing, or a country does not have
        exactly one row for every item.
    """
    import pandas as pd

    from paradiplomacy.data import load
    from paradiplomacy.methods.bounds import ordered_floor

    order = list(load.CASE_COUNTRIES if order is None else order)
    if len(order) < 2 or len(set(order)) != len(order):
        raise ParameterError("order", f"expected at least two distinct countries, found {order!r}")
    missing = {"country", "item", "favourable", "ci_low", "ci_high"} - set(frame.columns)
    if missing:
        raise ParameterError("frame", f"expected columns country, item, favourable, ci_low, ci_high; "
                                      f"missing {sorted(missing)}")
    sub = frame[frame["country"].isin(order)]
    items = list(dict.fromkeys(sub["item"]))
    cells = sub.groupby(["item", "country"]).size()
    bad = [(i, c) for i in items for c in order if cells.get((i, c), 0) != 1]
    if bad or not items:
        raise ParameterError("frame", f"expected exactly one row per item and country; problems at {bad[:3]!r}")
    counts = {"favourable_count_min", "favourable_count_max"} <= set(frame.columns)
    keyed = sub.set_index(["item", "country"])
    rows = []
    for item in items:
        row = {"item": item}
        shares = [float(keyed.loc[(item, c), "favourable"]) for c in order]
        row.update(dict(zip(order, shares)))
        row["holds"] = all(a > b for a, b in zip(shares, shares[1:]))
        for a, b in zip(order, order[1:]):
            ra, rb = keyed.loc[(item, a)], keyed.loc[(item, b)]
            key = f"{a.lower()}_{b.lower()}"
            row[f"gap_{key}"] = float(ra["favourable"]) - float(rb["favourable"])
            row[f"overlap_{key}"] = bool(ra["ci_low"] <= rb["ci_high"] and rb["ci_low"] <= ra["ci_high"])
            if counts:  # the Fréchet floor of the "a but not b" cell (paradiplomacy.methods.bounds)
                lo_a, hi_b = ra["favourable_count_min"], rb["favourable_count_max"]
                row[f"min_ordered_{key}"] = None if pd.isna(lo_a) or pd.isna(hi_b) else ordered_floor(lo_a, hi_b)
        rows.append(row)
    out = pd.DataFrame(rows)
    for column in out.columns:
        if column.startswith("min_ordered_"):
            out[column] = out[column].astype("Int64")
    return out


def friendliness_ranking(data_dir: str | PathLike[str] | None = None):
    """Table 1 countries ranked from least to most friendly, with printed and recomputed summaries.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        One row per Table 1 country, sorted by ``agree_recomputed`` ascending (ties keep the printed order):
        ``country, mean_printed`` (float), ``mean_recomputed`` (sum of response x share over the sum of the
        shares), ``agree_printed`` (string as printed), ``agree_value`` (float), ``agree_recomputed`` (sum of
        the printed shares of responses 4-6, exact), ``rank`` (1 = least friendly) and ``lowest_mean`` (True
        when the printed mean equals the smallest printed mean).
    """
    import pandas as pd

    from paradiplomacy.paper import friendliness
    from paradiplomacy.data import load

    dist = load.load_table1(data_dir)
    summary = load.load_table1_summary(data_dir).set_index(["country", "statistic"])
    rows = []
    for country in load.TABLE1_COUNTRIES:
        shares = list(dist[dist["country"] == country].sort_values("response")["printed"])
        agree = friendliness.agree_share(shares)
        mean = friendliness.weighted_mean(shares)
        rows.append({"country": country, "mean_printed": float(summary.loc[(country, "mean"), "value"]),
                     "mean_recomputed": float(mean),
                     "agree_printed": summary.loc[(country, "pct_agree"), "printed"],
                     "agree_value": float(summary.loc[(country, "pct_agree"), "value"]),
                     "agree_recomputed": float(agree)})
    frame = pd.DataFrame(rows).sort_values("agree_recomputed", kind="stable").reset_index(drop=True)
    frame["rank"] = range(1, len(frame) + 1)
    frame["lowest_mean"] = frame["mean_printed"] == frame["mean_printed"].min()
    return frame


def least_friendly(data_dir: str | PathLike[str] | None = None, k: int = 2):
    """The ``k`` Table 1 countries with the lowest recomputed percent agree.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.
    k : int, default 2
        How many countries to return (1 to the number of Table 1 countries).

    Returns
    -------
    pandas.DataFrame
        The first ``k`` rows of :func:`friendliness_ranking`.

    Raises
    ------
    paradiplomacy.errors.ParameterError
        If ``k`` is not a whole number between 1 and the number of Table 1 countries.
    """
    from paradiplomacy.data import load

    top = len(load.TABLE1_COUNTRIES)
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not 1 <= k <= top:
        raise ParameterError("k", f"expected a whole number from 1 to {top}, found {k!r}")
    return friendliness_ranking(data_dir).head(int(k)).reset_index(drop=True)


def table1_comparison(data_dir: str | PathLike[str] | None = None, confidence: float = 0.95):
    """Table 1 percent agree beside the case items on friendliness, for the three case countries.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.
    confidence : float, default 0.95
        Confidence level passed to :func:`case_comparison`.

    Returns
    -------
    pandas.DataFrame
        One row per case country (``load.CASE_COUNTRIES`` order): ``country, agree_printed, agree_recomputed``
        (Table 1, see :func:`friendliness_ranking`), ``government_friendly`` and ``people_friendly``
        (favourable shares of the Section 5 items, percent) and ``gap_government`` (``government_friendly -
        agree_recomputed``, percentage points).
    """
    import pandas as pd

    from paradiplomacy.data import load

    ranking = friendliness_ranking(data_dir).set_index("country")
    cases = case_comparison(data_dir, confidence).set_index(["country", "item"])
    rows = []
    for country in load.CASE_COUNTRIES:
        gov = float(cases.loc[(country, "government_friendly"), "favourable"])
        rows.append({"country": country, "agree_printed": ranking.loc[country, "agree_printed"],
                     "agree_recomputed": float(ranking.loc[country, "agree_recomputed"]),
                     "government_friendly": gov,
                     "people_friendly": float(cases.loc[(country, "people_friendly"), "favourable"]),
                     "gap_government": gov - float(ranking.loc[country, "agree_recomputed"])})
    return pd.DataFrame(rows)


def fieldwork_countries(data_dir: str | PathLike[str] | None = None):
    """Where the article's Table 2 places its interviews, for China and the three case countries.

    The country is the one named at the end of the printed place (as in
    :func:`paradiplomacy.paper.design.interview_table`); an online interview "conducted in Hong Kong SAR" counts as
    China (where the interviewer sat), whatever the interviewee's location.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        One row each for China, Kyrgyzstan, India and Japan: ``country, interviews, in_person, online``
        (integer counts; zero where Table 2 places no interview) and ``numbers`` (interview numbers, comma
        separated, empty when none).

    Raises
    ------
    paradiplomacy.errors.DataValidationError
        If a place names none of these countries (the loader's rules are applied first).
    """
    import pandas as pd

    from paradiplomacy.paper import design as exhibits
    from paradiplomacy.data import load
    from paradiplomacy.errors import DataValidationError
    from paradiplomacy.paths import display_path, resolve_data_dir

    table = exhibits.interview_table(data_dir)
    unplaced = table.index[table["country"].isna()]
    if len(unplaced):
        where = display_path(resolve_data_dir(data_dir) / load.FILES["interviews"])
        first = unplaced[0]
        raise DataValidationError(where, [int(i) + 2 for i in unplaced], "place",
                                  "a place ending in China, Kyrgyzstan, India, Japan or Hong Kong SAR",
                                  table.loc[first, "Place"])
    table = table.rename(columns={"No.": "number"}).assign(online=table["Place"].str.startswith("Online"))
    rows = []
    for country in ("China",) + tuple(load.CASE_COUNTRIES):
        sub = table[table["country"] == country]
        rows.append({"country": country, "interviews": len(sub), "in_person": int((~sub["online"]).sum()),
                     "online": int(sub["online"].sum()), "numbers": ", ".join(str(x) for x in sub["number"])})
    return pd.DataFrame(rows)


def tie_totals(data_dir: str | PathLike[str] | None = None):
    """Total counts of ties between China and one partner, as printed (rows :data:`TIE_TOTAL_IDS`).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        The rows of ``tie_counts.csv`` listed in :data:`TIE_TOTAL_IDS`, in that order, with the columns of
        :func:`paradiplomacy.data.load.load_tie_counts` plus ``source_short`` (``"CPAFFC"`` or ``"CLAIR"``).

    Raises
    ------
    paradiplomacy.errors.ParameterError
        If one of the expected rows is missing from the file.
    """
    from paradiplomacy.data import load

    ties = load.load_tie_counts(data_dir).set_index("count_id")
    missing = [c for c in TIE_TOTAL_IDS if c not in ties.index]
    if missing:
        raise ParameterError("data_dir", f"tie_counts.csv lacks the rows {missing}")
    out = ties.loc[list(TIE_TOTAL_IDS)].reset_index()
    out["source_short"] = out["source"].str.extract(r"(CPAFFC|CLAIR)", expand=False)
    return out


def ties_and_friendliness(data_dir: str | PathLike[str] | None = None):
    """Table 1 friendliness beside two independent counts of ties with China (goes beyond the article).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        One row per Table 1 country, least friendly first (order of :func:`friendliness_ranking`):
        ``country, rank, agree_recomputed``; ``ties_aiddata`` and ``aiddata_year`` (Int64; the latest
        cumulative sister-city count of the AidData extract and its year, <NA> for countries it does not
        cover); ``ties_cpaffc`` and ``cpaffc_as_of`` (the CPAFFC total printed by the article or commentary
        000, <NA>/empty when none is printed).
    """
    import pandas as pd

    from paradiplomacy.data import load

    ranking = friendliness_ranking(data_dir)
    aid = load.load_aiddata(data_dir).sort_values("year").groupby("country").tail(1).set_index("country")
    ties = tie_totals(data_dir)
    cpaffc = ties[ties["source_short"] == "CPAFFC"].set_index("partner")
    out = ranking[["country", "rank", "agree_recomputed"]].copy()
    out["ties_aiddata"] = pd.array([aid.loc[c, "sister_cities_cumulative"] if c in aid.index else None
                                    for c in out["country"]], dtype="Int64")
    out["aiddata_year"] = pd.array([aid.loc[c, "year"] if c in aid.index else None for c in out["country"]],
                                   dtype="Int64")
    out["ties_cpaffc"] = pd.array([cpaffc.loc[c, "value"] if c in cpaffc.index else None for c in out["country"]],
                                  dtype="Int64")
    out["cpaffc_as_of"] = [cpaffc.loc[c, "as_of"] if c in cpaffc.index else "" for c in out["country"]]
    return out


def central_role(data_dir: str | PathLike[str] | None = None):
    """Preferred central role in provincial and municipal foreign relations (Section 4's three-way question).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        Two rows (``level`` = ``"province"``, ``"city"``) with the printed shares ``central_regulation,
        central_initial_phase, local_autonomy`` (float) and ``central_any`` (the first two added, exact).
    """
    import pandas as pd

    from paradiplomacy.data import load
    from paradiplomacy.numbers import parse_printed

    items = load.load_survey_items(data_dir)
    rows = []
    for level in ("province", "city"):
        sub = items[items["item_id"] == f"regulate_{level}"].set_index("category")["printed"]
        shares = {k: parse_printed(sub[k]) for k in ("central_regulation", "central_initial_phase", "local_autonomy")}
        rows.append({"level": level, **{k: float(v) for k, v in shares.items()},
                     "central_any": float(shares["central_regulation"] + shares["central_initial_phase"])})
    return pd.DataFrame(rows)


def claims_status_counts(data_dir: str | PathLike[str] | None = None):
    """Number of claims in ``claims.csv`` by expected replication status.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        One row per status of ``load.CLAIM_STATUSES`` (in that order, zero rows kept): ``expected_status``,
        ``claims`` (int), ``transcribed`` and ``derived`` (how many of them are of each kind).
    """
    import pandas as pd

    from paradiplomacy.data import load

    registry = load.load_claims(data_dir)
    rows = []
    for status in load.CLAIM_STATUSES:
        sub = registry[registry["expected_status"] == status]
        rows.append({"expected_status": status, "claims": len(sub),
                     "transcribed": int((sub["kind"] == "transcribed").sum()),
                     "derived": int((sub["kind"] == "derived").sum())})
    return pd.DataFrame(rows)


def unresolved_claims(data_dir: str | PathLike[str] | None = None):
    """The claims that the book does not reproduce exactly (status other than ``reproduced``).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        ``claim_id, chapter, location, printed, expected_status, note`` in registry order.
    """
    from paradiplomacy.data import load

    registry = load.load_claims(data_dir)
    cols = ["claim_id", "chapter", "location", "printed", "expected_status", "note"]
    return registry.loc[registry["expected_status"] != "reproduced", cols].reset_index(drop=True)
