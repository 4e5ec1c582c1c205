"""Every paired comparison of two shares the article draws, bounded over all joint tables.

Families (:data:`FAMILIES`): economic against socio-cultural ties if relations turn sour (the text's shares and
Figure 2's bars); provinces against cities (empowerment, the three regulation options, Figure 3); what governments
should do against what they do (Figure 3 and the central government); diplomatic against subnational relations;
and each pair of Kyrgyzstan, India and Japan on each case item (favourable shares; Japan's friendliness items are
complements of the printed unfriendly shares). The BRI / non-BRI comparison of Table 1 involves eleven items and
uses :func:`paradiplomacy.methods.bounds.group_contrast`.
"""
from __future__ import annotations

import math

import pandas as pd

from paradiplomacy.data import Data
from paradiplomacy.errors import ParameterError
from paradiplomacy.methods.bounds import VERDICTS, compare_pair, span
from paradiplomacy.methods.grim import grim_percent
from paradiplomacy.methods.intervals import validate_confidence
from paradiplomacy.methods.reconstruct import counts_for_percent
from paradiplomacy.paper.results import Results

__all__ = ["FAMILIES", "results", "comparison", "counts_or_neighbours"]

#: Families of comparisons, in the order of the article.
FAMILIES = ("Economic vs socio-cultural ties", "Provinces vs cities", "Should vs does",
            "Diplomatic vs subnational", "Kyrgyzstan vs India vs Japan")


def counts_or_neighbours(printed: str, n: int, complement: bool = False) -> tuple[tuple[int, ...], str]:
    """Counts of ``n`` behind a printed percentage, or those of its two nearest possible values when none fits.

    Returns the counts (of the other answer, ``n - k``, with ``complement``) and a note, ``""`` when counts fit.
    """
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


def _definitions(data: Data) -> list[dict]:
    """The comparisons, untested: ``family, comparison, first, second, k1, printed_first, k2, printed_second,
    note`` (``k1``, ``k2``: every count consistent with the printed share)."""
    n = data.n
    items = data.survey_items
    rows = []

    def item(item_id: str) -> dict:
        part = items[items["item_id"] == item_id]
        return {(r.group, r.category): (tuple(counts_for_percent(r.printed, n)), r.printed)
                for r in part.itertuples()}

    def add(family, label, first, second, one, two, note=""):
        rows.append({"family": family, "comparison": label, "first": first, "second": second, "k1": one[0],
                     "printed_first": one[1], "k2": two[0], "printed_second": two[1], "note": note})

    text, bars = item("tension_continue_text"), item("fig2_tension")
    add(FAMILIES[0], "Continue (text)", "economic", "socio-cultural", text["economic", "continue"],
        text["sociocultural", "continue"])
    add(FAMILIES[0], "Continue in a limited way (Figure 2)", "economic", "socio-cultural",
        bars["economic", "continue_limited"], bars["sociocultural", "continue_limited"])
    province, city = item("empower_province"), item("empower_city")
    for topic, group in (("economic", "economic"), ("socio-cultural", "sociocultural")):
        add(FAMILIES[1], f"May run own {topic} ties", "provinces", "cities", province[group, "agree"],
            city[group, "agree"])
    province, city = item("regulate_province"), item("regulate_city")
    for category, label in (("central_regulation", "Strong central regulation"),
                            ("central_initial_phase", "Central role at the start only"),
                            ("local_autonomy", "Local autonomy")):
        add(FAMILIES[1], label, "provinces", "cities", province["all", category], city["all", category])
    fig3 = item("fig3_public_opinion")
    for when in ("should", "does"):
        add(FAMILIES[1], f"Government {when} seek opinion (Figure 3 'yes')", "provincial", "municipal",
            fig3[f"provincial_{when}", "yes"], fig3[f"municipal_{when}", "yes"])
    for level in ("provincial", "municipal"):
        add(FAMILIES[2], f"{level.capitalize()} government (Figure 3 'yes')", "should", "does",
            fig3[f"{level}_should", "yes"], fig3[f"{level}_does", "yes"])
    central = item("central_public_opinion")
    add(FAMILIES[2], "Central government (text)", "should", "does", central["should", "yes"], central["does", "yes"])
    importance = item("importance")
    add(FAMILIES[3], "Important for China's relations", "diplomatic", "subnational",
        importance["all", "diplomatic_relations"], importance["all", "subnational_relations"])

    counts = {}
    for r in data.case_perceptions.itertuples():
        ks, note = counts_or_neighbours(r.printed, n, complement=r.polarity == "disagree")
        counts[r.country, r.item] = (ks, r.printed if r.polarity == "agree" else f"100 − {r.printed}", note)
    countries = data.enum("case_perceptions", "country")
    for case_item in data.enum("case_perceptions", "item"):
        for i, first in enumerate(countries):
            for second in countries[i + 1:]:
                (k1, p1, note1), (k2, p2, note2) = counts[first, case_item], counts[second, case_item]
                add(FAMILIES[4], f"{case_item.replace('_', ' ').capitalize()}: {first} vs {second}", first, second,
                    (k1, p1), (k2, p2), "; ".join(x for x in (note1, note2) if x))
    return rows


def _tested(row: dict, n: int, confidence: float) -> dict:
    fixed = {key: row[key] for key in ("family", "comparison", "first", "second", "printed_first",
                                       "printed_second", "note")}
    return {**fixed, **compare_pair(row["k1"], row["k2"], n, confidence)}


def comparison(data: Data, label: str, confidence: float = 0.95, parameter: str = "comparison") -> pd.Series:
    """One row of ``results(data).tables["comparisons"]``, chosen by its ``comparison`` label.

    An unknown label raises ParameterError naming ``parameter`` (e.g. a chapter parameter) and listing the labels.
    """
    confidence = validate_confidence(confidence)
    rows = {row["comparison"]: row for row in _definitions(data)}
    if not isinstance(label, str) or label not in rows:
        raise ParameterError(parameter, f"expected one of {list(rows)}, found {label!r}")
    return pd.Series(_tested(rows[label], data.n, confidence), name=label).drop("comparison")


def _display(frame: pd.DataFrame) -> pd.DataFrame:
    def ratio(v):
        return "∞" if math.isinf(v) else "—" if math.isnan(v) else f"{v:.2f}"

    def spans(low, high, spec):
        return [span(a, b, spec) for a, b in zip(frame[low], frame[high])]

    return pd.DataFrame({
        "Family": frame["family"], "Comparison": frame["comparison"],
        "Shares": [f"{a} vs {b}" for a, b in zip(frame["printed_first"], frame["printed_second"])],
        "Difference": spans("difference_min", "difference_max", "+.1f"),
        "Both (range)": spans("overlap_min", "overlap_max", "d"),
        "McNemar p (range)": spans("exact_p_min", "exact_p_max", ".2g"),
        "Cohen's h": spans("cohen_h_min", "cohen_h_max", "+.2f"),
        "Odds ratio (range)": [ratio(a) if ratio(a) == ratio(b) else f"{ratio(a)} to {ratio(b)}"
                               for a, b in zip(frame["odds_ratio_min"], frame["odds_ratio_max"])],
        "Verdict": frame["verdict"],
    }).reset_index(drop=True)


def results(data: Data, confidence: float = 0.95) -> Results:
    """Every paired comparison the article draws, tested over all joint tables at level ``1 - confidence``.

    Tables: ``comparisons`` (one row per comparison: ``family, comparison, first, second, printed_first,
    printed_second, note`` - e.g. why neighbouring counts are used - and the keys of
    :func:`paradiplomacy.methods.bounds.compare_pair`, counts as tuples ``k1, k2``) and ``display`` (the
    reader-facing columns; a range shows as ``"lo to hi"``, or one value when its ends agree).

    Values: ``x_pairs_total``; ``x_pairs_verdict_0/1/2`` (how many comparisons get each of
    :data:`~paradiplomacy.methods.bounds.VERDICTS`: significant for every joint table, for none, depends);
    ``x_case_pairs``, ``x_case_robust`` (case-country pairs significant for every table), ``x_case_depends``
    (their labels whose verdict depends, joined by "; "); ``x_levels_total``, ``x_levels_depends`` (provinces vs
    cities); ``x_japan_pairs``, ``x_japan_pairs_robust`` (pairs with Japan, and those significant for every
    table); for "Continue (text)": ``x_text_p_low``, ``x_text_p_high`` (exact McNemar p range),
    ``x_text_needed`` (fewest discordant respondents a "no difference" needs; 0 when none can); ``x_fig2_verdict`` and
    ``x_municipal_verdict`` (verdicts of Figure 2's bars and of the municipal should/does comparison).
    """
    confidence = validate_confidence(confidence)
    frame = pd.DataFrame([_tested(row, data.n, confidence) for row in _definitions(data)])
    by_label = frame.set_index("comparison")
    verdicts = frame["verdict"]
    cases = frame["family"] == FAMILIES[4]
    levels = frame["family"] == FAMILIES[1]
    japan = cases & frame["comparison"].str.endswith("vs Japan")
    text = by_label.loc["Continue (text)"]
    values = {
        "x_pairs_total": len(frame),
        **{f"x_pairs_verdict_{i}": int((verdicts == v).sum()) for i, v in enumerate(VERDICTS)},
        "x_case_pairs": int(cases.sum()),
        "x_case_robust": int((cases & (verdicts == VERDICTS[0])).sum()),
        "x_case_depends": "; ".join(frame.loc[cases & (verdicts == VERDICTS[2]), "comparison"]),
        "x_levels_total": int(levels.sum()),
        "x_levels_depends": int((levels & (verdicts == VERDICTS[2])).sum()),
        "x_japan_pairs": int(japan.sum()),
        "x_japan_pairs_robust": int((japan & (verdicts == VERDICTS[0])).sum()),
        "x_text_p_low": float(text["exact_p_min"]),
        "x_text_p_high": float(text["exact_p_max"]),
        "x_text_needed": 0 if pd.isna(text["discordant_needed"]) else int(text["discordant_needed"]),
        "x_fig2_verdict": by_label.loc["Continue in a limited way (Figure 2)", "verdict"],
        "x_municipal_verdict": by_label.loc["Municipal government (Figure 3 'yes')", "verdict"],
    }
    return Results("Paired comparisons", values=values, tables={"comparisons": frame, "display": _display(frame)})
