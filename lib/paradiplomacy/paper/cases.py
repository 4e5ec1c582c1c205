"""The three country case studies of Section 5 (Kyrgyzstan, India, Japan): one builder for the three chapters.

:func:`results` gathers what a case chapter shows: the article's numbers for that country, the book's own numbers,
tables and charts. Counts of respondents behind printed percentages are *reconstructed from published percentages*
(:func:`paradiplomacy.methods.intervals.shares`), never survey records. The article's own tie counts
(``tie_counts.csv``, ``dyads.csv``) and AidData's yearly series (Custer et al. 2018, 2019) measure different things
at different dates, so they are set side by side with their reference dates, not merged.
"""
from __future__ import annotations

import math
from functools import partial

import pandas as pd

from paradiplomacy import charts
from paradiplomacy.data import Data, load_data
from paradiplomacy.errors import ParameterError
from paradiplomacy.methods import bounds, grim, intervals
from paradiplomacy.numbers import parse_printed
from paradiplomacy.paper.results import Results, format_p

__all__ = ["ITEM_LABELS", "ITEM_DESCRIPTIONS", "results"]

#: Short label of each perception item (fits a chart's axis), worded in the favourable direction.
ITEM_LABELS = {
    "government_friendly": "Government friendly",
    "people_friendly": "People friendly",
    "important_diplomacy": "Key to diplomacy",
    "important_economy": "Key to the economy",
    "important_sociocultural": "Sociocultural ties",
    "subnational_important": "Local ties matter",
}

#: What each perception item asks, in the book's words (for tables).
ITEM_DESCRIPTIONS = {
    "government_friendly": "The country's government is friendly towards China",
    "people_friendly": "The country's people are friendly towards China",
    "important_diplomacy": "The country is important for China's diplomacy",
    "important_economy": "The country is important for China's economic development",
    "important_sociocultural": "Social and cultural relations with the country are important for China",
    "subnational_important": "Subnational (provincial and city) ties matter for the overall relationship",
}

#: Dyads whose printed partner is a slip, with the name meant: the article prints "Chengdu–Bangladesh", and the
#: same paragraph dates Chengdu–Bangalore municipal relations to 2005 (see data/README.md).
PRINTED_NAME_FIXES = {"chengdu_bangladesh": "Bangalore"}

#: Outside survey -> (who answered, about which country, nearest item of the article's survey, which side of it).
OUTSIDE_SURVEYS = {
    "neafie_2024_kyrgyz_positive": ("Central Asian publics, Kyrgyz respondents", "China", "people_friendly",
                                    "favourable"),
    "yau_2024_kyrgyz_favorable": ("Kyrgyz public", "China", "people_friendly", "favourable"),
    "genron_2024_poor_impression": ("Chinese public", "Japan", "people_friendly", "unfavourable"),
    "genron_2024_relationship_poor": ("Chinese public", "Japan", "government_friendly", "unfavourable"),
    "genron_2024_will_deteriorate": ("Chinese public", "Japan", None, None),
}

#: Derived claims that restate printed case shares: claim -> (country, items); the value is the smallest of the
#: items' printed shares (a restatement such as "over 80%" must hold for each of them).
RESTATED = {
    "s52_people_friendly_restated": ("India", ("people_friendly",)),
    "s52_important_restated": ("India", ("important_diplomacy", "important_economy")),
    "s53_subnational_important_restated": ("Japan", ("subnational_important",)),
}

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
#: Frames holding transcribed claims, and the column with each claim's value.
_CLAIM_SOURCES = {"case_perceptions": "value", "external_surveys": "value", "tie_counts": "value",
                  "bilateral_context": "value", "text_facts": "value", "dyads": "year", "policy_timeline": "year"}
_AIDDATA = "AidData (cumulative)"
_NAMED = "Pairs named in the article (cumulative)"


def results(data: Data, country: str, confidence: float = 0.95) -> Results:
    """Everything the case chapter of ``country`` shows (Section 5.1, 5.2 or 5.3 of the article).

    Parameters
    ----------
    data : Data
        From :func:`paradiplomacy.data.load_data`.
    country : str
        One of ``data.enum("case_perceptions", "country")`` (``"Kyrgyzstan"``, ``"India"``, ``"Japan"``).
    confidence : float, default 0.95
        Level of the Wilson intervals around the survey shares, in (0, 1).

    Returns
    -------
    Results
        ``values``: every claim id of the country's chapter in ``claims.csv`` (transcribed claims as the data files
        hold them, years and counts as ints; the derived ones recomputed: China's share of Kyrgyz trade, the gap
        between diplomatic relations and the first Chinese–Kyrgyz dyad in ``dyads.csv``, and the restated shares
        of :data:`RESTATED`), and the book's own numbers:

        * survey: ``x_n``, ``x_confidence_pct`` (e.g. ``"95"``), ``x_items``, ``x_grim_ok`` (shares passing
          GRIM); for the first share that fails it ``x_grim_bad_printed``, ``x_grim_below``/``x_grim_above``
          (nearest possible shares with ``n``), ``x_grim_n_below`` (largest sample size below ``n`` that allows it);
          ``x_lowest_item`` (label of the lowest printed share) and ``x_lowest_ci_low``; favourable shares
          ``x_gov_friendly``, ``x_people_friendly`` and the latter's interval ``x_people_ci_low/high``;
          ``x_other_gov_unfriendly_max`` (largest unfriendly government share of the other cases);
          ``x_items_descending`` (items on which the cases' favourable shares fall in the enum order);
        * Table 1: ``x_t1_agree_printed`` (str), ``x_t1_agree_recomputed`` (answers 4-6 added), ``x_t1_gap``
          (favourable government share minus it);
        * AidData: ``x_bri_year``, ``x_aid_first_year``, ``x_aid_first``, ``x_aid_first_share`` (% of the last
          total), ``x_aid_last_year``, ``x_aid_before`` (stock the year before the BRI), ``x_aid_total``,
          ``x_aid_formed`` (since the BRI), ``x_aid_share_formed``; per row ``key`` of ``tables["sources"]``:
          ``x_diff_<key>`` (absolute article - AidData difference), ``x_paper_<key>``, ``x_aid_<key>``;
          ``x_paper_share_formed`` (% of the article's total formed after the BRI, where printed);
        * named pairs: ``x_pairs_total``, ``x_provinces``, ``x_pairs_<year>``, ``x_sister_city_<year>``; India:
          ``x_late_years`` (AidData years after the last named pair);
        * ``x_<claim>_word``: the ordinal word of each claim printed as one ("second largest ...");
        * contrast with the previous case of the enum (none for the first): ``x_compared_with``,
          ``x_gap_<item>`` (points, previous minus this), ``x_p_<item>`` (McNemar p of the least favourable joint
          table), ``x_p_max``;
        * outside surveys (where the article cites one with a comparable item): ``x_outside_gap_min/max``
          (article's share minus the outside one);
        * Kyrgyzstan ``x_tourists_2023_implied``; India ``x_visa_ratio_pct``; Japan ``x_visitors_drop_pct``,
          ``x_usa_cpaffc_2024``.

        ``tables`` (Stylers unless noted): ``perceptions``, ``sources``, ``outside``, ``context``, ``contrast``
        (not for the first case), ``aiddata`` and ``dyads`` (DataFrames). ``charts``: ``timeline``,
        ``perceptions``, ``ties``, ``comparison`` (the three cases side by side).

    Raises
    ------
    ParameterError
        Naming ``country`` or ``confidence``.
    """
    data = load_data(data)
    countries = data.enum("case_perceptions", "country")
    if country not in countries:
        raise ParameterError("country", f"expected one of {', '.join(countries)}, found {country!r}")
    confidence = intervals.validate_confidence(confidence)
    chapter = next(c for c in data.enum("claims", "chapter") if c.endswith("_" + country.lower()))
    mine = data.claims_of(chapter)  # only this chapter's rows of the registry (what the build cache notes)
    derived = set(mine.loc[mine["kind"] == "derived", "claim_id"])
    values = {k: v for k, v in _transcribed(data, set(mine["claim_id"])).items() if k not in derived}
    values.update(x_n=data.n, x_confidence_pct=f"{100 * confidence:g}")
    for claim in mine.itertuples():
        word = claim.printed.lower().replace("-", " ").split(" ")[0]
        if word in _ORDINALS and claim.claim_id in values:
            values[f"x_{claim.claim_id}_word"] = _ORDINALS[int(values[claim.claim_id]) - 1]
    res = Results(mine["location"].iloc[0].split(",")[0], values)

    every = {c: _items(data, c, confidence) for c in countries}
    items = every[country]
    _survey_values(values, data, country, every)
    columns = {"label": "Item", "printed_as": "Printed share is", "printed": "% (printed)",
               "count": "Reconstructed count", "grim_short": "GRIM", "interval": "Wilson interval (%)",
               "favourable": "Favourable (%)"}
    if not (items["polarity"] == "disagree").any():  # every printed share is the favourable one: no need to say so
        columns = {k: v for k, v in columns.items() if k not in ("printed_as", "favourable")}
    res.tables["perceptions"] = _show(
        items.assign(interval=items["ci_low"].map("{:.1f}".format) + "–" + items["ci_high"].map("{:.1f}".format),
                     printed_as=items["polarity"].map({"agree": "agree", "disagree": "unfriendly"}),
                     grim_short=[_grim_short(g) for g in items["grim_result"]]),
        columns, {"Favourable (%)": "{:.1f}"})
    res.charts["perceptions"] = partial(_perception_chart, items, country, values["x_confidence_pct"])
    res.charts["comparison"] = partial(_comparison_chart, every, values)

    position = countries.index(country)
    if position:
        _contrast(res, every[countries[position - 1]], items, (countries[position - 1], country), data.n)
    _outside(res, data, country, items)
    _ties(res, data, country)
    context = data.bilateral_context
    mine = context[context["country"] == country]
    res.tables["context"] = _show(
        mine.assign(shown=[_as_printed(q, p, u) for q, p, u in zip(mine["qualifier"], mine["printed"], mine["unit"])],
                    period=mine["period"].replace("", pd.NA)),
        {"indicator": "Indicator", "shown": "As printed", "period": "Period", "source": "Source"})
    _country_values(values, data, country, res.tables["dyads"])
    for claim, (who, names) in RESTATED.items():
        if who == country:
            values[claim] = _number(items.set_index("item").loc[list(names), "value"].min())
    missing = sorted(derived - set(values))
    if missing:
        raise RuntimeError(f"no computation for the derived claims {missing} of {chapter}")
    res.values = {k: _native(v) for k, v in values.items()}
    return res


# -------------------------------------------------------------------------------------------- helpers
def _number(x):
    """A float, or an int when whole (so years and counts print without a decimal point)."""
    x = float(x)
    return int(x) if x.is_integer() else x


def _as_printed(qualifier, printed, unit) -> str:
    """A context figure as a reader would write it: ``"approximately US$5.5 billion"``, ``"35%"``, ``"10 agreements"``."""
    qualifier = "" if pd.isna(qualifier) else str(qualifier)
    unit = "" if pd.isna(unit) else str(unit)
    if unit == "percent":
        text = f"{printed}%"
    elif unit.startswith("USD "):
        text = f"US${printed} {unit[4:]}"
    else:
        text = f"{printed} {unit}"
    return f"{qualifier} {text}".strip()


def _native(x):
    """Python scalars only: glue writes a value's repr, and myst-nb reads it back with ``literal_eval``."""
    return x.item() if hasattr(x, "item") else x


def _transcribed(data: Data, claim_ids: set) -> dict:
    """Value of each claim in ``claim_ids`` as a data file holds it (a year for dyads and timeline events)."""
    out = {}
    for name, column in _CLAIM_SOURCES.items():
        frame = data[name]
        for cid, value in zip(frame["claim_id"], frame[column]):
            if isinstance(cid, str) and cid in claim_ids and not pd.isna(value):
                out[cid] = _number(value)
    return out


def _show(frame: pd.DataFrame, columns: dict, formats: dict | None = None):
    """A table as the chapter shows it: the chosen columns under readers' headers, no index."""
    return (frame[list(columns)].rename(columns=columns).reset_index(drop=True)
            .style.hide(axis="index").format(formats or {}, na_rep="—"))


# ---------------------------------------------------------------------------------------- perceptions
def _items(data: Data, country: str, confidence: float) -> pd.DataFrame:
    """The six perception items of ``country``, with reconstructed counts, GRIM and Wilson intervals.

    Columns: ``item, label, description, polarity`` (``agree``: the printed share is the favourable one;
    ``disagree``: the unfriendly one), ``printed, value, claim_id, count`` (<NA> when no count of ``n`` fits),
    ``count_status, grim`` (a note), ``grim_result`` (a GrimResult), ``ci_low, ci_high`` (percent), and the same on
    the favourable footing: ``favourable`` (100 minus the printed share for ``disagree``; this assumes every
    respondent answered on one side of a scale with no middle option), ``favourable_count, fav_ci_low,
    fav_ci_high, favourable_source``. The Wilson interval of ``n - k`` mirrors that of ``k``.
    """
    n = data.n
    rows = data.case_perceptions
    rows = (rows[rows["country"] == country].set_index("item")
            .reindex(list(data.enum("case_perceptions", "item"))).reset_index())
    shares = intervals.shares(list(rows["printed"]), n, confidence)
    grims = [grim.grim_percent(p, n, n_range=range(n - 30, n + 31)) for p in rows["printed"]]
    out = rows[["item", "polarity", "printed", "value", "claim_id"]].copy()
    out.insert(1, "label", out["item"].map(ITEM_LABELS))
    out.insert(2, "description", out["item"].map(ITEM_DESCRIPTIONS))
    out["count"] = shares["count"].array
    out["count_status"] = shares["count_status"].to_numpy()
    out["grim"] = [_grim_note(g) for g in grims]
    out["grim_result"] = grims
    out["ci_low"], out["ci_high"] = 100 * shares["low"].to_numpy(), 100 * shares["high"].to_numpy()
    flip = out["polarity"] == "disagree"
    out["favourable"] = out["value"].where(~flip, 100 - out["value"])
    out["favourable_count"] = out["count"].where(~flip, n - out["count"])
    out["fav_ci_low"] = out["ci_low"].where(~flip, 100 - out["ci_high"])
    out["fav_ci_high"] = out["ci_high"].where(~flip, 100 - out["ci_low"])
    out["favourable_source"] = flip.map({False: "printed", True: "100 − printed"})
    return out


def _grim_short(g) -> str:
    """GRIM in a few words, for a table a phone can show: "passes", "passes (whole number)" or "fails"."""
    if not g.consistent:
        return f"fails (nearest {g.nearest_below} or {g.nearest_above})"
    return "passes (whole number: not sharp)" if g.decimals == 0 else "passes"


def _grim_note(g) -> str:
    if g.consistent:
        fits = str(g.counts[0]) if len(g.counts) == 1 else f"{g.counts[0]}–{g.counts[-1]}"
        sharp = "; a whole-number share: not a sharp test" if g.decimals == 0 else ""
        return f"consistent (k = {fits} of {g.n}{sharp})"
    sizes = [m for m in g.feasible_n if m < g.n][-1:] + [m for m in g.feasible_n if m > g.n][:1]
    where = f"; possible with n = {' or '.join(map(str, sizes))}" if sizes else ""
    return f"impossible with n = {g.n}: nearest possible {g.nearest_below} or {g.nearest_above}{where}"


def _survey_values(values: dict, data: Data, country: str, every: dict) -> None:
    """The ``x_`` values of the survey items and of the Table 1 benchmark (see :func:`results`)."""
    items, grims = every[country], list(every[country]["grim_result"])
    values["x_items"] = len(items)
    values["x_grim_ok"] = sum(g.consistent for g in grims)
    bad = [g for g in grims if not g.consistent]
    if bad:
        below = [m for m in bad[0].feasible_n if m < data.n]
        values.update(x_grim_bad_printed=bad[0].printed, x_grim_below=bad[0].nearest_below,
                      x_grim_above=bad[0].nearest_above)
        if below:
            values["x_grim_n_below"] = below[-1]
    lowest = items.loc[items["value"].idxmin()]
    values.update(x_lowest_item=lowest["label"], x_lowest_ci_low=float(lowest["ci_low"]))
    by_item = items.set_index("item")
    values["x_gov_friendly"] = float(by_item.loc["government_friendly", "favourable"])
    values["x_people_friendly"] = float(by_item.loc["people_friendly", "favourable"])
    values["x_people_ci_low"] = float(by_item.loc["people_friendly", "fav_ci_low"])
    values["x_people_ci_high"] = float(by_item.loc["people_friendly", "fav_ci_high"])
    values["x_other_gov_unfriendly_max"] = max(100 - float(t.set_index("item").loc["government_friendly", "favourable"])
                                               for c, t in every.items() if c != country)
    wide = pd.DataFrame({c: t["favourable"].to_numpy() for c, t in every.items()})
    values["x_items_descending"] = int((wide.diff(axis=1).iloc[:, 1:] < 0).all(axis=1).sum())
    summary, table1 = data.table1_summary, data.table1
    values["x_t1_agree_printed"] = summary.loc[(summary["country"] == country)
                                               & (summary["statistic"] == "pct_agree"), "printed"].iloc[0]
    agree = table1.loc[(table1["country"] == country) & (table1["response"] >= 4), "printed"]  # answers 4-6 agree
    values["x_t1_agree_recomputed"] = float(sum(parse_printed(p) for p in agree))
    values["x_t1_gap"] = values["x_gov_friendly"] - values["x_t1_agree_recomputed"]


def _perception_chart(items: pd.DataFrame, country: str, level: str):
    rows = []
    for r in items.itertuples():
        if r.polarity == "agree":
            rows.append((r.label, "Favourable share, as printed", r.value, r.ci_low, r.ci_high, r.printed))
        else:
            rows += [(r.label, "Favourable share, computed as 100 − printed", r.favourable, r.fav_ci_low,
                      r.fav_ci_high, f"{r.favourable:.1f}"),
                     (r.label, "Unfriendly share, as printed", r.value, r.ci_low, r.ci_high, r.printed)]
    bars = pd.DataFrame(rows, columns=["Item", "Share", "share", "ci_low", "ci_high", "label"])
    listed = "; ".join(f"{b.Item}, {b.Share.lower()}: {b.label}%" for b in bars.itertuples())
    return charts.grouped_bars(
        bars, category="Item", group="Share", share="share", ci_low="ci_low", ci_high="ci_high", printed="label",
        axis_title="Share of respondents (%)", title=f"Chinese respondents' views of {country}",
        description=f"Horizontal bars for the six survey items about {country}, each with a {level}% Wilson "
                    f"error bar. {listed}.")


def _comparison_chart(every: dict, values: dict):
    frame = pd.concat([pd.DataFrame({"Item": t["label"], "Country": c, "favourable": t["favourable"],
                                     "fav_ci_low": t["fav_ci_low"], "fav_ci_high": t["fav_ci_high"]})
                       for c, t in every.items()], ignore_index=True)
    frame["label"] = frame["favourable"].map("{:.1f}".format)
    names = list(every)
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    return charts.grouped_bars(
        frame, category="Item", group="Country", share="favourable", ci_low="fav_ci_low", ci_high="fav_ci_high",
        printed="label", axis_title="Favourable share of respondents (%)",
        title=f"{listed} through Chinese respondents' eyes",
        description=f"Grouped horizontal bars: for each of the six survey items, the favourable share for "
                    f"{listed}, each with a Wilson error bar. The shares fall in that order on "
                    f"{values['x_items_descending']} of the {values['x_items']} items.")


def _contrast(res: Results, before: pd.DataFrame, items: pd.DataFrame, names: tuple, n: int) -> None:
    """Paired contrast of each item's favourable share with the previous case (McNemar, least favourable table).

    The same respondents answered about both countries and the joint table is not published, so McNemar's test is
    taken on the joint table with the most discordant respondents among all that fit the two reconstructed
    margins (:func:`paradiplomacy.methods.bounds.most_discordant`): if even that p-value is small, the difference
    does not depend on the unknown overlap.
    """
    rows = []
    for item, label, k_a, k_b, f_a, f_b in zip(items["item"], items["label"], before["favourable_count"],
                                               items["favourable_count"], before["favourable"], items["favourable"]):
        # the gap between the favourable shares as printed (or 100 minus printed): the figure chapter 8 shows too
        row = {"item": item, "label": label, "k_a": k_a, "k_b": k_b, "difference": float(f_a) - float(f_b),
               "note": ""}
        if pd.isna(k_a) or pd.isna(k_b):
            row["note"] = f"a printed share fits no whole number of the {n} respondents"
        else:
            least = bounds.most_discordant(int(k_a), int(k_b), n)
            row.update(discordant_min=least["discordant_min"], discordant_max=least["discordant_max"],
                       discordant=f"{least['discordant_min']:.0f}–{least['discordant_max']:.0f}",
                       chi2=least["chi2"], p=least["p"], p_text=format_p(least["p"]), exact_p=least["exact_p"])
            res.values[f"x_gap_{item}"] = row["difference"]
            res.values[f"x_p_{item}"] = least["p"]
            res.values[f"x_p_{item}_text"] = row["p_text"]
        rows.append(row)
    frame = pd.DataFrame(rows)
    res.values.update(x_compared_with=names[0], x_p_max=float(frame["p"].max()),
                      x_p_max_text=format_p(float(frame["p"].max())))
    res.tables["contrast"] = _show(
        frame, {"label": "Item", "k_a": f"{names[0]} (count)", "k_b": f"{names[1]} (count)",
                "difference": "Gap (points)", "discordant": "Answering differently",
                "p_text": "p (least favourable)"},
        {"Gap (points)": "{:.1f}"})


def _outside(res: Results, data: Data, country: str, items: pd.DataFrame) -> None:
    """Outside surveys the article cites for ``country``, beside its own nearest figure (context, not a test)."""
    ext = data.external_surveys
    mine = ext[ext["country"] == country].reset_index(drop=True)
    by_item = items.set_index("item")
    meta = [OUTSIDE_SURVEYS.get(s, ("", "", None, None)) for s in mine["survey_id"]]
    mine["respondents"], mine["asked_about"] = [m[0] for m in meta], [m[1] for m in meta]
    mine["paper_item"] = [None if m[2] is None else by_item.loc[m[2], "label"]
                          + (" (unfriendly share)" if m[3] == "unfavourable" else "") for m in meta]
    fav = [math.nan if m[2] is None else float(by_item.loc[m[2], "favourable"]) for m in meta]
    mine["paper_share"] = [f if m[3] != "unfavourable" else 100 - f for f, m in zip(fav, meta)]
    mine["gap"] = mine["value"] - mine["paper_share"]
    gaps = (mine["paper_share"] - mine["value"]).dropna()
    if len(gaps):
        res.values.update(x_outside_gap_min=float(gaps.min()), x_outside_gap_max=float(gaps.max()))
    res.tables["outside"] = _show(
        mine, {"source": "Survey", "item": "Finding", "printed": "% (printed)",
               "paper_item": "Nearest item in the article", "paper_share": "Article (%)",
               "gap": "Outside minus article (points)"},
        {"Article (%)": "{:.1f}", "Outside minus article (points)": "{:+.1f}"})


# ---------------------------------------------------------------------------------------- ties
def _dyads(data: Data, country: str) -> pd.DataFrame:
    """The subnational pairs the article names between China and ``country``, by year, Chinese partner first.

    Adds ``chinese_partner``, ``foreign_partner`` (as printed), ``partner_meant`` (:data:`PRINTED_NAME_FIXES`) and
    ``label`` (``"Chengdu–Bangalore* (sister city)"``: an asterisk marks a corrected slip).
    """
    d = data.dyads
    d = d[(d["country_a"] == country) | (d["country_b"] == country)].copy()
    china_first = d["country_a"] == "China"
    d["chinese_partner"] = d["partner_a"].where(china_first, d["partner_b"])
    d["foreign_partner"] = d["partner_b"].where(china_first, d["partner_a"])
    d["partner_meant"] = [PRINTED_NAME_FIXES.get(i, p) for i, p in zip(d["dyad_id"], d["foreign_partner"])]
    star = d["dyad_id"].isin(list(PRINTED_NAME_FIXES)).map({True: "*", False: ""})
    d["label"] = (d["chinese_partner"] + "–" + d["partner_meant"] + star + " ("
                  + d["relationship"].str.replace("_", " ") + ")")
    return d.sort_values(["year", "dyad_id"], kind="stable").reset_index(drop=True)


def _ties(res: Results, data: Data, country: str) -> None:
    """Dyads, timeline, AidData's series and the article's counts beside it (tables, charts and values)."""
    values = res.values
    dyads = _dyads(data, country)
    res.tables["dyads"] = dyads
    events = data.policy_timeline
    launch = int(events.loc[events["event_id"] == "bri_launched", "year"].iloc[0])
    dated = dyads[dyads["year"].notna()]
    # milestones: events naming the country ("sino_indian" names India) and the BRI's launch, unless a dyad shows them
    named = events["event_id"].str.contains(country.lower()[:5]) | (events["event_id"] == "bri_launched")
    events = events[named & ~events["claim_id"].isin(set(dated["claim_id"]))]
    timeline = pd.concat([
        pd.DataFrame({"year": dated["year"].astype("int64"), "label": dated["label"],
                      "kind": dated["relationship"].str.replace("_", " ")}),
        pd.DataFrame({"year": events["year"].astype("int64"), "label": events["event"], "kind": "national milestone"}),
    ], ignore_index=True).sort_values("year", kind="stable").reset_index(drop=True)
    res.charts["timeline"] = partial(charts.timeline,
        timeline, date="year", label="label", group="kind",
        title=f"China and {country}: milestones and local pairs",
        description=f"Timeline of {len(timeline)} events from {timeline['year'].min()} to {timeline['year'].max()}: "
                    + "; ".join(f"{y}, {lab}" for y, lab in zip(timeline["year"], timeline["label"])) + ".")

    aid = data.aiddata
    aid = (aid[aid["country"] == country].sort_values("year").reset_index(drop=True)
           .rename(columns={"sister_cities_cumulative": "cumulative", "sister_cities_new": "new_reported"}))
    aid["added"] = aid["cumulative"].diff().astype("Int64")
    res.tables["aiddata"] = aid = aid[["year", "cumulative", "new_reported", "added"]]
    stock = aid.set_index("year")["cumulative"]
    first, last = int(stock.index.min()), int(stock.index.max())
    before, total = int(stock[launch - 1]), int(stock[last])
    values.update(x_bri_year=launch, x_aid_first_year=first, x_aid_first=int(stock[first]),
                  x_aid_first_share=100 * int(stock[first]) / total, x_aid_last_year=last, x_aid_before=before,
                  x_aid_total=total, x_aid_formed=total - before, x_aid_share_formed=100 * (total - before) / total)

    pairs = dyads[dyads["relationship"].isin(["sister_city", "sister_province"])]
    values.update(x_pairs_total=len(pairs), x_provinces=int((pairs["relationship"] == "sister_province").sum()))
    for year, group in pairs[pairs["year"].notna()].groupby("year"):
        values[f"x_pairs_{year}"] = len(group)
        values[f"x_sister_city_{year}"] = int((group["relationship"] == "sister_city").sum())

    rows = []

    def add(key, measure, paper, source, as_of, aiddata, years, basis):
        rows.append({"key": key, "measure": measure, "paper": math.nan if paper is None else float(paper),
                     "paper_source": source, "paper_as_of": as_of, "aiddata": int(aiddata), "aiddata_years": years,
                     "basis": basis})

    series = pd.DataFrame({"year": aid["year"], "ties": aid["cumulative"].astype(float), "source": _AIDDATA})
    counts = data.tie_counts
    counts = counts[counts["partner"] == country]
    totals, post = counts[~counts["measure"].str.contains("after")], counts[counts["measure"].str.contains("after")]
    if country == "India":  # the article prints no total: count the pairs it names, year by year
        per_year = pairs.groupby("year").size()
        last_named, src = int(per_year.index.max()), "article (named pairs)"
        added = aid.set_index("year")["added"]
        for y in range(launch, last_named + 1):
            add(f"formed_{y}", f"Formed in {y}", per_year.get(y, 0), src, str(y), added[y], str(y), "named pairs")
        late = f"{last_named + 1}–{last}"
        add("late", f"Formed {late}", 0, src, "none named", total - stock[last_named], late, "named pairs")
        add("total", "All ties", len(pairs), src, f"{launch}–{last_named}", total, f"to {last}", "named pairs")
        add("before", f"Formed before {launch}", (pairs["year"] < launch).sum(), src, f"before {launch}", before,
            f"to {launch - 1}", "named pairs")
        values["x_late_years"] = late
        series = pd.concat([series, pd.DataFrame({"year": per_year.index.astype("int64"),
                                                  "ties": per_year.cumsum().astype(float), "source": _NAMED})],
                           ignore_index=True)
        totals = totals.iloc[0:0]
    else:
        for r in totals.itertuples():
            key, measure = ("total", "All ties") if len(totals) == 1 else (r.source.split()[0].lower(),
                                                                           f"All ties, {r.source}")
            add(key, measure, r.value, r.source, r.as_of, total, f"to {last}", "printed")
        p = post.iloc[0] if len(post) else None
        add("formed", f"Formed from {launch} (after the BRI began)", None if p is None else p["value"],
            "not printed" if p is None else p["source"], "" if p is None else p["as_of"], total - before,
            f"{launch}–{last}", "not printed" if p is None else "printed")
        if p is not None and len(totals) == 1:
            t = totals.iloc[0]
            add("before", f"Formed before {launch}", t["value"] - p["value"], t["source"], t["as_of"], before,
                f"to {launch - 1}", f"computed ({t['printed']} − {p['printed']})")
            values["x_paper_share_formed"] = 100 * p["value"] / t["value"]
    sources = pd.DataFrame(rows)
    sources["difference"] = sources["paper"] - sources["aiddata"]
    sources["paper_as_of"] = sources["paper_as_of"].replace("", pd.NA)
    for r in sources.itertuples():
        values.setdefault(f"x_aid_{r.key}", r.aiddata)
        if not math.isnan(r.paper):
            values.update({f"x_paper_{r.key}": _number(r.paper), f"x_diff_{r.key}": _number(abs(r.difference))})
    res.tables["sources"] = _show(
        sources, {"measure": "Ties", "paper": "Article", "paper_as_of": "As of", "aiddata": "AidData",
                  "aiddata_years": "AidData years", "difference": "Article − AidData"},
        {"Article": "{:.0f}", "Article − AidData": "{:+.0f}"})

    points = pd.DataFrame({"year": [int(str(a)[:4]) for a in totals["as_of"]], "ties": totals["value"].astype(float),
                           "label": [f"{s.replace('(', '').replace(')', '')}: {p}"
                                     for s, p in zip(totals["source"], totals["printed"])]})
    text = (f"AidData's cumulative count of China–{country} sister-city ties is {before} in {launch - 1} and "
            f"{total} in {last}; a dashed rule marks the BRI's launch in {launch}.")
    style = dict(x="year", y="ties", series="source", rule_at=launch, rule_label="BRI launched",
                 y_title=f"Sister-city ties with {country}", title=f"China–{country} sister-city ties, two sources")
    if len(points):
        res.charts["ties"] = partial(charts.series_with_points,
            series, points, point_label="label", **style,
            description=f"Line chart. {text} Diamonds mark the article's totals: {', '.join(points['label'])}.")
    else:
        res.charts["ties"] = partial(charts.line_series,
            series, **style, description=f"Two cumulative lines. {text} The pairs the article names add up to "
                                         f"{len(pairs)} by {int(pairs['year'].max())}.")


def _country_values(values: dict, data: Data, country: str, dyads: pd.DataFrame) -> None:
    """Numbers only one case chapter uses, computed from the values already gathered."""
    if country == "Kyrgyzstan":
        trade, total = values["s51_trade_with_china_2023"], values["s51_trade_total_2023"]
        values["s51_trade_china_share_2023"] = 100 * trade / total
        # the first tie is the earliest dated dyad (dyads.csv); relations from policy_timeline.csv
        values["s51_subnational_one_year_after"] = int(dyads["year"].min()) - values["s51_relations_january_1992"]
        growth = 1 + values["s51_tourist_growth_2024"] / 100  # rounded to a thousand, like the 2024 figure
        values["x_tourists_2023_implied"] = _number(round(values["s51_chinese_tourists_2024"] / growth, -3))
    elif country == "India":
        values["x_visa_ratio_pct"] = 100 * values["s52_visas_2024"] / values["s52_visas_prepandemic"]
    elif country == "Japan":
        values["x_visitors_drop_pct"] = 100 * (1 - values["s53_chinese_visitors"] / values["s53_chinese_visitors_2019"])
        counts = data.tie_counts.set_index("count_id")["value"]
        values["x_usa_cpaffc_2024"] = _number(counts["usa_cpaffc_2024"])
