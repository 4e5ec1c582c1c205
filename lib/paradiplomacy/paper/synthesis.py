"""Sections 6 and 7 of the article: the three cases side by side, and what the article concludes from them.

The three case countries on the six perception items (favourable shares with intervals), the Kyrgyzstan > India
> Japan gradient item by item, Table 1's least friendly countries beside their ties with China, the central role
respondents favour, and the fieldwork the article says backs its findings. Counts are *reconstructed from
published percentages*, not survey records. The same respondents rated all three countries, so nothing here is a
significance test between countries: the paired tests over every joint table are in
:mod:`paradiplomacy.methods.bounds`.
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import partial

import pandas as pd

from paradiplomacy import charts
from paradiplomacy.paper import design
from paradiplomacy.data import Data
from paradiplomacy.errors import DataValidationError, ParameterError
from paradiplomacy.methods import grim, intervals
from paradiplomacy.methods.bounds import ordered_floor
from paradiplomacy.numbers import decimals_of, format_decimal, parse_printed
from paradiplomacy.paper.friendliness import agree_share, weighted_mean
from paradiplomacy.paper.results import Results
from paradiplomacy.paths import display_path

__all__ = [
    "CASE_ITEM_LABELS", "TIE_TOTAL_IDS", "results", "favourable_shares", "gradient_summary", "friendliness_ranking",
    "partner_tie_totals", "ties_and_friendliness", "central_role", "fieldwork_countries", "reader_unresolved",
]

#: Short labels (at most 24 characters, so chart axes do not truncate them) of the six case-study perception
#: items of ``case_perceptions.csv``, worded in the favourable direction (friendly towards / important for China).
CASE_ITEM_LABELS: dict[str, str] = {
    "government_friendly": "Government friendly",
    "people_friendly": "People friendly",
    "important_diplomacy": "Important for diplomacy",
    "important_economy": "Important for economy",
    "important_sociocultural": "Sociocultural important",
    "subnational_important": "Local ties important",
}

#: ``count_id`` values of ``tie_counts.csv`` that total the ties between China and one partner country (the
#: file has no column that says so: other rows count a subset, a period or the world).
TIE_TOTAL_IDS = ("usa_cpaffc_2024", "japan_clair_2017", "japan_cpaffc_2025", "russia_cpaffc_2024",
                 "kyrgyzstan_total_2025")

_FAVOURABLE_CHART = (
    "Favourable answers about Kyrgyzstan, India and Japan on six items",
    "Grouped horizontal bars, one cluster per survey item and one bar per case country, showing the share of "
    "respondents giving the favourable answer, with error bars for a Wilson confidence interval on counts "
    "reconstructed from published percentages. Kyrgyzstan has the longest bar on every item, India the middle one "
    "and Japan the shortest; the gaps are widest on the two friendliness items. Japan's friendliness shares are "
    "one hundred minus the unfriendly shares the article prints.",
)


def results(data: Data, confidence: float = 0.95) -> Results:
    """Everything chapter 8 glues and shows.

    Values (besides the claim ids ``s6_two_least_friendly``, ``s6_fieldwork_four_countries`` and the four
    ``c000_*`` tie counts of commentary 000):

    * survey: ``x_n``, ``x_confidence_pct`` (e.g. ``"95"``), ``x_items`` (perception items);
    * ``x_fav_<country>_<item>``: favourable share (percent) of each case country and item;
      ``x_japan_gov_unfriendly``, ``x_japan_people_unfriendly``: Japan's printed unfriendly shares;
    * GRIM: ``x_kyrgyz_gov_printed`` (as printed), ``x_kyrgyz_gov_below`` / ``_above`` (nearest shares possible
      with ``n``), ``x_impossible_shares`` (shares no count fits) of ``x_shares``;
    * gradient (``ki`` = Kyrgyzstan-India, ``ij`` = India-Japan): ``x_gradient_holds`` (items with the strict
      order), ``x_overlap_ki``, ``x_overlap_ij`` (items whose intervals overlap), ``x_overlap_ki_items`` (their
      labels, lower case, joined by "and"), ``x_gap_ki_min``, ``x_gap_ij_min`` (smallest gaps, points),
      ``x_floor_ki_diplomacy``, ``x_floor_ij_min`` (fewest respondents who must have ranked them in order);
      ``x_gap_ki_<item>``, ``x_gap_ij_<item>`` (each item's gap, points: the same figure as the case chapters'
      ``x_gap_<item>``);
    * Table 1: ``x_t1_countries``, ``x_t1_agree_<case country>`` (recomputed percent agree),
      ``x_t1_agree_kyrgyzstan_printed``, ``x_gap_government_min`` / ``_max`` (government item minus Table 1);
      ``x_least_friendly_names`` (the two lowest percent agree), ``x_agree_japan_t1``, ``x_agree_usa_t1`` (their
      shares, lowest first), ``x_third_country``, ``x_third_agree``, ``x_lowest_mean``, ``x_other_mean``
      (smallest printed mean, and smallest of the other countries);
    * lessons: ``x_fig1_top_category``, ``x_fig1_top_share``, ``x_fig1_second_share`` (Figure 1);
      ``x_central_province`` / ``_city`` (central regulation or initial-phase role, added) and
      ``x_autonomy_province`` / ``_city``;
    * ties: ``x_japan_ties_clair``, ``x_japan_ties_cpaffc``, ``x_kyrgyz_ties``, ``x_usa_minus_japan_cpaffc``,
      ``x_cancelled_usa_share`` (percent); AidData: ``x_aiddata_top`` / ``_second`` (countries with the most
      sister cities), ``x_aiddata_top_ties``, ``x_aiddata_top_year``, ``x_aiddata_second_ties``,
      ``x_aiddata_missing`` (Table 1 countries AidData does not cover);
    * fieldwork: ``x_fieldwork_table2`` (case-study countries plus China where Table 2 places an interview),
      ``x_fieldwork_table2_names``, ``x_fieldwork_missing``, ``x_fieldwork_online``.

    Tables: ``comparison``, ``gradient`` (shares and whether the order holds), ``gradient_kyrgyzstan_india`` and
    ``gradient_india_japan`` (gap, overlap, floor per neighbouring pair), ``table1``, ``ties``, ``fieldwork``
    (display-ready Stylers); chart:
    ``comparison``.

    Raises
    ------
    paradiplomacy.errors.ParameterError
        If ``confidence`` is not strictly between 0 and 1.
    """
    confidence = intervals.validate_confidence(confidence)
    res = Results("Sections 6-7", values={"x_n": data.n, "x_confidence_pct": f"{100 * confidence:g}"})
    fav = _cases(data, confidence, res)
    _table1(data, fav, res)
    _lessons(data, res)
    _ties(data, res)
    _fieldwork(data, res)
    return res


def _show(frame: pd.DataFrame, columns: dict[str, str]):
    """``frame[columns]`` with readers' headers, no index, floats to one decimal, booleans as yes/no and missing
    values as a dash."""
    shown = frame[list(columns)].copy()
    for column in shown.columns:
        if pd.api.types.is_bool_dtype(shown[column]):
            shown[column] = shown[column].map({True: "yes", False: "no"})
    return shown.rename(columns=columns).reset_index(drop=True).style.hide(axis="index").format(
        precision=1, na_rep="—")


def _and(names) -> str:
    return " and ".join(names)


# ----------------------------------------------------------------------------------------- the three cases
def favourable_shares(data: Data, confidence: float = 0.95) -> pd.DataFrame:
    """The case countries on the perception items as favourable shares, with counts and intervals.

    Where the article prints the *unfriendly* share (``polarity == "disagree"``, Japan's friendliness items) the
    favourable share is ``100 - printed`` (exact), its counts ``n - k`` and its interval the mirror image of the
    printed share's; this assumes every respondent answered friendly or unfriendly.

    Returns
    -------
    pandas.DataFrame
        One row per country and item (descriptor order): ``country, item, item_label, polarity, printed,
        claim_id, printed_value, favourable`` (percent), ``favourable_label`` (at the printed decimals),
        ``count_status`` (of the printed share, :func:`paradiplomacy.methods.intervals.shares`),
        ``favourable_count, favourable_count_min, favourable_count_max`` (Int64, <NA> when no count fits),
        ``ci_low, ci_high`` (percent) and ``n``.
    """
    confidence = intervals.validate_confidence(confidence)
    n = data.n
    cases = data.case_perceptions.sort_values(["country", "item"], key=lambda column: column.map(
        {v: i for i, v in enumerate(data.enum("case_perceptions", column.name))})).reset_index(drop=True)
    fit = intervals.shares(list(cases["printed"]), n, confidence)
    keep = pd.Series(cases["polarity"] != "disagree")
    out = cases[["country", "item", "polarity", "printed", "claim_id"]].copy()
    out.insert(2, "item_label", out["item"].map(CASE_ITEM_LABELS))
    out["printed_value"] = cases["value"].astype(float)
    share = [parse_printed(p) if k else Decimal(100) - parse_printed(p) for p, k in zip(cases["printed"], keep)]
    out["favourable"] = [float(s) for s in share]
    out["favourable_label"] = [format_decimal(s, decimals_of(p)) for s, p in zip(share, cases["printed"])]
    out["count_status"] = fit["count_status"]
    out["favourable_count"] = fit["count"].where(keep, n - fit["count"])
    out["favourable_count_min"] = fit["count_min"].where(keep, n - fit["count_max"])
    out["favourable_count_max"] = fit["count_max"].where(keep, n - fit["count_min"])
    out["ci_low"] = 100 * fit["low"].where(keep, 1 - fit["high"])
    out["ci_high"] = 100 * fit["high"].where(keep, 1 - fit["low"])
    out["n"] = n
    return out


def gradient_summary(frame: pd.DataFrame, order: Sequence[str] | None = None) -> pd.DataFrame:
    """Does ``order[0] > order[1] > ...`` hold on each item, and do neighbours' intervals overlap?

    ``frame`` is long (``country, item, favourable, ci_low, ci_high``; optional ``favourable_count_min`` and
    ``favourable_count_max`` add the floors), e.g. :func:`favourable_shares`; ``order`` defaults to the countries
    in order of first appearance. Returns one row per item: ``item``, each country's share, ``holds`` (strict
    order) and, per neighbouring pair ``a, b`` (lower case): ``gap_a_b`` (points), ``overlap_a_b`` (the intervals
    share a point) and ``min_ordered_a_b`` (Int64: the Fréchet floor of respondents favourable to ``a`` but not
    ``b``, whatever the unpublished joint answers; <NA> when a count is unknown).

    Raises
    ------
    paradiplomacy.errors.ParameterError
        If ``order`` has fewer than two distinct countries, a column is missing, or a country lacks exactly one
        row per item.
    """
    missing = {"country", "item", "favourable", "ci_low", "ci_high"} - set(frame.columns)
    if missing:
        raise ParameterError("frame", f"expected columns country, item, favourable, ci_low, ci_high; "
                                      f"missing {sorted(missing)}")
    order = list(dict.fromkeys(frame["country"]) if order is None else order)
    if len(order) < 2 or len(set(order)) != len(order):
        raise ParameterError("order", f"expected at least two distinct countries, found {order!r}")
    sub = frame[frame["country"].isin(order)]
    items = list(dict.fromkeys(sub["item"]))
    cells = sub.groupby(["item", "country"]).size()
    bad = [(i, c) for i in items for c in order if cells.get((i, c), 0) != 1]
    if bad or not items:
        raise ParameterError("frame", f"expected exactly one row per item and country; problems at {bad[:3]!r}")
    floors = {"favourable_count_min", "favourable_count_max"} <= set(frame.columns)
    keyed = sub.set_index(["item", "country"])
    rows = []
    for item in items:
        shares = [float(keyed.loc[(item, c), "favourable"]) for c in order]
        row = {"item": item, **dict(zip(order, shares)), "holds": all(a > b for a, b in zip(shares, shares[1:]))}
        for a, b in zip(order, order[1:]):
            ra, rb = keyed.loc[(item, a)], keyed.loc[(item, b)]
            key = f"{a.lower()}_{b.lower()}"
            row[f"gap_{key}"] = float(ra["favourable"]) - float(rb["favourable"])
            row[f"overlap_{key}"] = bool(ra["ci_low"] <= rb["ci_high"] and rb["ci_low"] <= ra["ci_high"])
            if floors:
                row[f"min_ordered_{key}"] = ordered_floor(ra["favourable_count_min"], rb["favourable_count_max"])
        rows.append(row)
    out = pd.DataFrame(rows)
    for column in [c for c in out.columns if c.startswith("min_ordered_")]:
        out[column] = out[column].astype("Int64")
    return out


def _cases(data: Data, confidence: float, res: Results) -> pd.DataFrame:
    fav = favourable_shares(data, confidence)
    values = res.values
    values["x_items"] = int(fav["item"].nunique())
    for row in fav.itertuples():
        values[f"x_fav_{row.country.lower()}_{row.item}"] = float(row.favourable)
    keyed = fav.set_index(["country", "item"])
    values["x_japan_gov_unfriendly"] = float(keyed.loc[("Japan", "government_friendly"), "printed_value"])
    values["x_japan_people_unfriendly"] = float(keyed.loc[("Japan", "people_friendly"), "printed_value"])
    printed = keyed.loc[("Kyrgyzstan", "government_friendly"), "printed"]
    test = grim.grim_percent(printed, data.n, n_range=(data.n,))
    values.update(x_kyrgyz_gov_printed=printed, x_kyrgyz_gov_below=test.nearest_below,
                  x_kyrgyz_gov_above=test.nearest_above,
                  x_impossible_shares=int(fav["count_status"].str.startswith("impossible").sum()), x_shares=len(fav))
    res.charts["comparison"] = partial(charts.grouped_bars,
        fav.rename(columns={"country": "Country"}), category="item_label", group="Country", share="favourable",
        ci_low="ci_low", ci_high="ci_high", printed="favourable_label", title=_FAVOURABLE_CHART[0],
        description=_FAVOURABLE_CHART[1])
    interval = fav["ci_low"].map("{:.1f}".format) + "–" + fav["ci_high"].map("{:.1f}".format)
    res.tables["comparison"] = _show(fav.assign(interval=interval), {
        "country": "Country", "item_label": "Item", "printed": "% (printed)", "favourable_label": "% favourable",
        "favourable_count": "Favourable count (reconstructed)", "interval": "Wilson interval (%)"})

    kyrgyz, india, japan = data.enum("case_perceptions", "country")
    grad = gradient_summary(fav, order=[kyrgyz, india, japan])
    ki, ij = f"{kyrgyz.lower()}_{india.lower()}", f"{india.lower()}_{japan.lower()}"
    labels = grad["item"].map(CASE_ITEM_LABELS)
    floors = grad.set_index("item")
    values.update(
        x_gradient_holds=int(grad["holds"].sum()), x_overlap_ki=int(grad[f"overlap_{ki}"].sum()),
        x_overlap_ij=int(grad[f"overlap_{ij}"].sum()),
        x_overlap_ki_items=_and(label[0].lower() + label[1:] for label in labels[grad[f"overlap_{ki}"]]),
        x_gap_ki_min=float(grad[f"gap_{ki}"].min()), x_gap_ij_min=float(grad[f"gap_{ij}"].min()),
        x_floor_ij_min=int(grad[f"min_ordered_{ij}"].min()),
        x_floor_ki_diplomacy=int(floors.loc["important_diplomacy", f"min_ordered_{ki}"]))
    for pair, key in (("ki", ki), ("ij", ij)):  # the gap of each item, as the case chapters' contrasts give it
        values.update({f"x_gap_{pair}_{item}": float(gap) for item, gap in zip(grad["item"], grad[f"gap_{key}"])})
    res.tables["gradient"] = _show(grad.assign(label=labels), {
        "label": "Item", kyrgyz: f"{kyrgyz} (%)", india: f"{india} (%)", japan: f"{japan} (%)",
        "holds": "Order holds"})
    for key, (a, b) in ((ki, (kyrgyz, india)), (ij, (india, japan))):
        res.tables[f"gradient_{key}"] = _show(grad.assign(label=labels), {
            "label": "Item", f"gap_{key}": "Gap (points)", f"overlap_{key}": "Intervals overlap",
            f"min_ordered_{key}": "At least (people)"})
    return fav


# ----------------------------------------------------------------------------------------- Table 1
def friendliness_ranking(data: Data) -> pd.DataFrame:
    """Table 1 countries from least to most friendly (recomputed percent agree; ties keep the printed order).

    Columns: ``country, mean_printed, mean_recomputed`` (:func:`paradiplomacy.paper.friendliness.weighted_mean`),
    ``agree_printed`` (as printed), ``agree_recomputed`` (:func:`~paradiplomacy.paper.friendliness.agree_share`),
    ``rank`` (1 = least friendly) and ``lowest_mean`` (the printed mean is the smallest printed).
    """
    table = data.table1.sort_values("response", kind="stable")
    summary = data.table1_summary.set_index(["country", "statistic"])
    rows = []
    for country in data.enum("table1", "country"):
        shares = list(table.loc[table["country"] == country, "printed"])
        rows.append({"country": country, "mean_printed": float(summary.loc[(country, "mean"), "value"]),
                     "mean_recomputed": float(weighted_mean(shares)),
                     "agree_printed": summary.loc[(country, "pct_agree"), "printed"],
                     "agree_recomputed": float(agree_share(shares))})
    out = pd.DataFrame(rows).sort_values("agree_recomputed", kind="stable").reset_index(drop=True)
    out["rank"] = range(1, len(out) + 1)
    out["lowest_mean"] = out["mean_printed"] == out["mean_printed"].min()
    return out


def _table1(data: Data, fav: pd.DataFrame, res: Results) -> None:
    fav = fav.set_index(["country", "item"])
    ranking = friendliness_ranking(data)
    keyed = ranking.set_index("country")
    rows = []
    for country in data.enum("case_perceptions", "country"):
        agree, gov = float(keyed.loc[country, "agree_recomputed"]), fav.loc[(country, "government_friendly")]
        rows.append({"country": country, "agree_printed": keyed.loc[country, "agree_printed"],
                     "agree_recomputed": agree, "government_friendly": float(gov["favourable"]),
                     "people_friendly": float(fav.loc[(country, "people_friendly"), "favourable"]),
                     "gap_government": float(gov["favourable"]) - agree})
        res.values[f"x_t1_agree_{country.lower()}"] = agree
    t1 = pd.DataFrame(rows)
    bottom, lowest = ranking.head(2), ranking["lowest_mean"]
    res.values.update(
        x_t1_countries=len(ranking), x_t1_agree_kyrgyzstan_printed=keyed.loc["Kyrgyzstan", "agree_printed"],
        x_gap_government_min=float(t1["gap_government"].min()), x_gap_government_max=float(t1["gap_government"].max()),
        s6_two_least_friendly=int(lowest.sum()), x_least_friendly_names=_and(bottom["country"]),
        x_agree_japan_t1=float(bottom["agree_recomputed"].iloc[0]),
        x_agree_usa_t1=float(bottom["agree_recomputed"].iloc[1]),
        x_third_country=ranking.loc[2, "country"], x_third_agree=float(ranking.loc[2, "agree_recomputed"]),
        x_lowest_mean=int(ranking["mean_printed"].min()), x_other_mean=int(ranking.loc[~lowest, "mean_printed"].min()))
    res.tables["table1"] = _show(t1, {
        "country": "Country", "agree_printed": "Table 1 % agree (printed)",
        "agree_recomputed": "Table 1 % agree (answers 4–6)", "government_friendly": "Government friendly (%)",
        "gap_government": "Government item minus Table 1 (points)"})


# ----------------------------------------------------------------------------------------- Section 6's lessons
def central_role(data: Data) -> pd.DataFrame:
    """Preferred central role in provincial and municipal foreign relations (Section 4's three-way question).

    Two rows (``level`` = ``province``, ``city``): the printed shares ``central_regulation,
    central_initial_phase, local_autonomy`` and ``central_any`` (the first two added exactly).
    """
    items = data.survey_items
    rows = []
    for level in ("province", "city"):
        sub = items[items["item_id"] == f"regulate_{level}"].set_index("category")["printed"]
        shares = {k: parse_printed(sub[k]) for k in ("central_regulation", "central_initial_phase", "local_autonomy")}
        rows.append({"level": level, **{k: float(v) for k, v in shares.items()},
                     "central_any": float(shares["central_regulation"] + shares["central_initial_phase"])})
    return pd.DataFrame(rows)


def _lessons(data: Data, res: Results) -> None:
    items = data.survey_items
    fig1 = items[items["item_id"] == "fig1_partner_factor"].sort_values("value", ascending=False, kind="stable")
    central = central_role(data).set_index("level")
    res.values.update(
        x_fig1_top_share=float(fig1["value"].iloc[0]), x_fig1_second_share=float(fig1["value"].iloc[1]),
        x_fig1_top_category=fig1["category"].iloc[0].replace("_", " "),
        x_central_province=float(central.loc["province", "central_any"]),
        x_central_city=float(central.loc["city", "central_any"]),
        x_autonomy_province=float(central.loc["province", "local_autonomy"]),
        x_autonomy_city=float(central.loc["city", "local_autonomy"]))


# ----------------------------------------------------------------------------------------- ties
def partner_tie_totals(data: Data) -> pd.DataFrame:
    """Printed totals of ties between China and one partner (rows :data:`TIE_TOTAL_IDS`, in that order).

    The rows of ``tie_counts.csv`` plus ``source_short`` (``"CPAFFC"`` or ``"CLAIR"``).

    Raises
    ------
    paradiplomacy.errors.DataValidationError
        If one of the rows is missing from the file.
    """
    ties = data.tie_counts.set_index("count_id")
    missing = [c for c in TIE_TOTAL_IDS if c not in ties.index]
    if missing:
        raise DataValidationError(display_path(data.folder / "tie_counts.csv"), None, "count_id",
                                  "a row for each partner total " + ", ".join(TIE_TOTAL_IDS), f"no {missing}")
    out = ties.loc[list(TIE_TOTAL_IDS)].reset_index()
    out["source_short"] = out["source"].str.extract(r"(CPAFFC|CLAIR)", expand=False)
    return out


def ties_and_friendliness(data: Data) -> pd.DataFrame:
    """Table 1 friendliness beside two counts of ties with China (AidData goes beyond the article).

    One row per Table 1 country, least friendly first: ``country, rank, agree_recomputed``; ``ties_aiddata``,
    ``aiddata_year`` (Int64: AidData's latest cumulative sister-city count and its year, <NA> where it does not
    cover the country); ``ties_cpaffc``, ``cpaffc_as_of`` (the CPAFFC total printed by the article or commentary
    000; <NA> / empty when none).
    """
    aid = data.aiddata.sort_values("year").groupby("country").tail(1).set_index("country")
    ties = partner_tie_totals(data)
    cpaffc = ties[ties["source_short"] == "CPAFFC"].set_index("partner")
    out = friendliness_ranking(data)[["country", "rank", "agree_recomputed"]]
    countries = out["country"]
    out["ties_aiddata"] = pd.array(countries.map(aid["sister_cities_cumulative"]), dtype="Int64")
    out["aiddata_year"] = pd.array(countries.map(aid["year"]), dtype="Int64")
    out["ties_cpaffc"] = pd.array(countries.map(cpaffc["value"]), dtype="Int64")
    out["cpaffc_as_of"] = countries.map(cpaffc["as_of"]).fillna("")
    return out


def _ties(data: Data, res: Results) -> None:
    counts = data.tie_counts.set_index("claim_id")["value"]
    for claim in ("c000_usa_ties_2024", "c000_russia_ties_2024", "c000_cancelled_2015", "c000_cancelled_2015_usa"):
        res.values[claim] = int(counts[claim])
    totals = partner_tie_totals(data).set_index("count_id")["value"]
    both = ties_and_friendliness(data)
    aid = both.dropna(subset=["ties_aiddata"]).sort_values("ties_aiddata", ascending=False, kind="stable")
    res.values.update(
        x_cancelled_usa_share=float(100 * counts["c000_cancelled_2015_usa"] / counts["c000_cancelled_2015"]),
        x_japan_ties_clair=int(totals["japan_clair_2017"]), x_japan_ties_cpaffc=int(totals["japan_cpaffc_2025"]),
        x_kyrgyz_ties=int(totals["kyrgyzstan_total_2025"]),
        x_usa_minus_japan_cpaffc=int(totals["usa_cpaffc_2024"] - totals["japan_cpaffc_2025"]),
        x_aiddata_top=aid["country"].iloc[0], x_aiddata_top_ties=int(aid["ties_aiddata"].iloc[0]),
        x_aiddata_top_year=int(aid["aiddata_year"].iloc[0]), x_aiddata_second=aid["country"].iloc[1],
        x_aiddata_second_ties=int(aid["ties_aiddata"].iloc[1]),
        x_aiddata_missing=_and(both.loc[both["ties_aiddata"].isna(), "country"]))
    def with_date(count, when):
        return pd.NA if pd.isna(count) else f"{int(count)} ({when})"

    res.tables["ties"] = _show(both.assign(
        aiddata=[with_date(c, y) for c, y in zip(both["ties_aiddata"], both["aiddata_year"])],
        cpaffc=[with_date(c, d) for c, d in zip(both["ties_cpaffc"], both["cpaffc_as_of"])]), {
        "country": "Country", "rank": "Rank (1 = least friendly)", "agree_recomputed": "Table 1 % agree",
        "aiddata": "Sister cities, AidData (year)", "cpaffc": "Sister dyads, CPAFFC (as of)"})


# ----------------------------------------------------------------------------------------- fieldwork
def fieldwork_countries(data: Data) -> pd.DataFrame:
    """Where the article's Table 2 places its interviews, for China and the case-study countries.

    The country is the one named at the end of the printed place; an online interview "conducted in Hong Kong
    SAR" counts as China (where the interviewer sat). Columns: ``country, interviews, in_person, online``
    (counts, zero where Table 2 places none) and ``numbers`` (interview numbers, comma separated).

    Raises
    ------
    paradiplomacy.errors.DataValidationError
        If a place names none of these countries.
    """
    table = design.interview_places(data)
    countries = ("China",) + data.enum("case_perceptions", "country")
    online = table["online"]
    rows = []
    for country in countries:
        here = table["country"] == country
        rows.append({"country": country, "interviews": int(here.sum()), "in_person": int((here & ~online).sum()),
                     "online": int((here & online).sum()),
                     "numbers": ", ".join(str(x) for x in table.loc[here, "number"])})
    return pd.DataFrame(rows)


def _fieldwork(data: Data, res: Results) -> None:
    facts = data.text_facts.set_index("claim_id")["value"]
    fieldwork = fieldwork_countries(data)
    visited = fieldwork["interviews"] > 0
    res.values.update(
        s6_fieldwork_four_countries=int(facts["s6_fieldwork_four_countries"]), x_fieldwork_table2=int(visited.sum()),
        x_fieldwork_table2_names=_and(fieldwork.loc[visited, "country"]),
        x_fieldwork_missing=_and(fieldwork.loc[~visited, "country"]), x_fieldwork_online=int(fieldwork["online"].sum()))
    res.tables["fieldwork"] = _show(fieldwork.assign(numbers=fieldwork["numbers"].replace("", pd.NA)), {
        "country": "Country", "interviews": "Interviews in Table 2", "in_person": "In person", "online": "Online",
        "numbers": "Interview numbers"})


# ----------------------------------------------------------------------------------------- claims bookkeeping
#: Readers' words for the registry's ``expected_status`` values.
STATUS_WORDS = {"reproduced": "reproduced", "rounding": "differs by rounding", "discrepancy": "discrepancy",
                "not_computable": "cannot be recomputed"}


def reader_unresolved(table):
    """The claims that do not reproduce (``paradiplomacy.replication.audit.registry_status``'s ``unresolved``
    table, a DataFrame or its Styler) as a reader sees them: no claim ids or file names, the chapter as a number
    ("Chapter 3"), the status in words (:data:`STATUS_WORDS`).
    """
    frame = table.data if hasattr(table, "data") else table
    shown = pd.DataFrame({
        "Chapter": ["Chapter " + str(int(c.split("_", 1)[0])) if c[:2].isdigit() else c for c in frame["Chapter"]],
        "Where printed": frame["Where printed"], "Printed": frame["Printed"],
        "Status": frame["Status"].map(STATUS_WORDS).fillna(frame["Status"]), "Why": frame["Why"]})
    return shown.style.hide(axis="index").format(na_rep="—")
