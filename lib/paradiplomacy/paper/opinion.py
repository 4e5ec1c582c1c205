"""Section 4 of the article: Figures 1-3, the other survey items on subnational relations, and the tie counts.

Every survey item is a set of percentages of the same ``n`` respondents (``survey_items.csv``, in file order).
Counts are *reconstructed from published percentages* (:func:`paradiplomacy.methods.intervals.shares`), never
survey records. Because every respondent answered every item, two items are compared with the paired bounds of
:mod:`paradiplomacy.methods.bounds` (McNemar's test over every joint table the published margins allow).
"""
from __future__ import annotations

from decimal import Decimal
from functools import partial

import pandas as pd

from paradiplomacy import charts
from paradiplomacy.errors import ParameterError
from paradiplomacy.methods import bounds, grim, intervals
from paradiplomacy.methods.reconstruct import reconstruct_distribution
from paradiplomacy.methods.stats import two_proportions
from paradiplomacy.numbers import compare_value, parse_printed, sum_check
from paradiplomacy.paper.results import Results, format_p

__all__ = ["UN_MEMBER_STATES", "UN_MEMBER_STATES_SOURCE", "results"]

#: Member states of the United Nations: the book's denominator of "all countries" for Section 5's "approximately
#: half of all countries" (NOT printed in the article).
UN_MEMBER_STATES = 193
UN_MEMBER_STATES_SOURCE = ("United Nations, 'Member States' (https://www.un.org/en/about-us/member-states): "
                           "193 members since South Sudan was admitted on 14 July 2011")

#: Answer categories of ``survey_items.csv``: (label for tables, short label of at most 20 characters for axes).
#: These label the Section 4 items only (the case-study items are labelled in ``paper.synthesis``).
LABELS: dict[str, tuple[str, str]] = {
    "shared_economic_interests": ("Shared economic interests", "Economic interests"),
    "common_political_ideologies": ("Common political ideologies", "Political ideologies"),
    "preexisting_personal_ties": ("Pre-existing personal ties", "Personal ties"),
    "historical_cultural_ties": ("Historical and cultural ties", "History and culture"),
    "shared_social_recreational_interests": ("Shared social or recreational interests", "Social, recreational"),
    "continue_limited": ("Continue in a limited way", "Limited (Figure 2)"),
    "continue": ("Continue (share given in the text)", "Continue (text)"),
    "diplomatic_relations": ("Diplomatic relations are important", "Diplomatic"),
    "subnational_relations": ("Subnational relations are important", "Subnational"),
    "agree": ("Agree", "Agree"),
    "central_regulation": ("Strong central regulation", "Strong regulation"),
    "central_initial_phase": ("Central role in the initial phase", "Initial phase only"),
    "local_autonomy": ("Local autonomy", "Local autonomy"),
    "no": ("No", "No"),
    "yes": ("Yes", "Yes"),
}
#: Sub-questions / respondent groups of ``survey_items.csv``.
GROUP_LABELS: dict[str, str] = {
    "all": "All respondents", "economic": "Economic ties", "sociocultural": "Socio-cultural ties",
    "provincial_should": "Provincial (should)", "provincial_does": "Provincial (does)",
    "municipal_should": "Municipal (should)", "municipal_does": "Municipal (does)",
    "should": "Central (should)", "does": "Central (does)",
}
#: The survey item whose claim is derived from Table 3 (recomputed here, not glued as printed).
GREW_UP_ITEM = "grew_up_reform_era"
_LEVELS = {"province": "Provinces", "city": "Cities"}
_ALT_CI = "Error bars show Wilson intervals around counts reconstructed from the published percentages."


def _items(data, confidence: float) -> pd.DataFrame:
    """Every transcribed share of ``survey_items.csv`` (file order) with its reconstructed count and interval."""
    rows = data.survey_items
    rows = rows[rows["item_id"] != GREW_UP_ITEM].reset_index(drop=True)
    est = intervals.shares(list(rows["printed"]), data.n, confidence)
    out = rows[["item_id", "exhibit", "group", "category", "kind", "printed", "value", "claim_id"]].copy()
    out["label"] = [LABELS[c][0] for c in out["category"]]
    out["short"] = [LABELS[c][1] for c in out["category"]]
    out["group_label"] = out["group"].map(GROUP_LABELS)
    out["share"] = out["value"].astype(float)
    for column in ("count", "count_min", "count_max", "count_status"):
        out[column] = est[column]
    out["ci_low"], out["ci_high"] = 100 * est["low"], 100 * est["high"]
    out["n"] = data.n
    return out


def _candidates(row) -> list[int]:
    """Every count of ``n`` that rounds to the row's printed share."""
    return list(range(int(row["count_min"]), int(row["count_max"]) + 1))


def _interval_text(frame: pd.DataFrame) -> list[str]:
    """Each row's interval as ``"37.5–47.0"`` (percent)."""
    return [f"{lo:.1f}–{hi:.1f}" for lo, hi in zip(frame["ci_low"], frame["ci_high"])]


def _p_range(low: float, high: float) -> str:
    """A range of p-values as :func:`~paradiplomacy.paper.results.format_p` writes them (``"< 0.001 to 0.15"``)."""
    low_text, high_text = format_p(low), format_p(high)
    return low_text if low_text == high_text else f"{low_text} to {high_text}"


def _bounds_table(results: dict) -> pd.DataFrame:
    """:func:`paradiplomacy.methods.bounds.bounds_table` with its p-value range written by ``format_p``."""
    table = bounds.bounds_table(results)
    table["Exact McNemar p (range)"] = [_p_range(b.exact_p_min, b.exact_p_max) for b in results.values()]
    return table


def _shares_table(frame: pd.DataFrame, label: str = "label") -> pd.DataFrame:
    """Reader-facing columns: the printed share beside its reconstruction (a share no count fits shows "—")."""
    n = frame["n"]
    return pd.DataFrame({
        "Answer": frame[label],
        "% (printed)": frame["printed"],
        "Counts that fit the share": [", ".join(map(str, _candidates(r))) for _, r in frame.iterrows()],
        "Count (reconstructed)": frame["count"],
        "% (count / n)": [f"{100 * k / m:.2f}" for k, m in zip(frame["count"], n)],
        "Wilson interval (%)": _interval_text(frame),
    }).reset_index(drop=True)


def _checks(data) -> pd.DataFrame:
    """Sum check, GRIM check and count reconstruction of every distribution, one row per item and group."""
    rows = data.survey_items
    out = []
    for (item, group), block in rows[rows["kind"] == "distribution"].groupby(["item_id", "group"], sort=False):
        printed = list(block["printed"])
        check = sum_check(printed)
        rec = reconstruct_distribution(printed, data.n)
        out.append({"item_id": item, "group": group, "parts": " + ".join(printed), "total": float(check.total),
                    "tolerance": float(check.tolerance), "sum_ok": bool(check.ok),
                    "grim_ok": all(grim.grim_percent(p, data.n, n_range=(data.n,)).consistent for p in printed),
                    "n_solutions": len(rec.solutions), "best": rec.best, "status": rec.status})
    return pd.DataFrame(out)


def _tension(items: pd.DataFrame, n: int, confidence: float) -> pd.DataFrame:
    """Figure 2's printed bar, the text's larger "continue" share, and what the text implies if it adds both.

    If the text's share is the sum of the two "continue" bars, "continue as normal" is the difference (exact
    decimals, count = difference of reconstructed counts) and "suspend or terminate" the rest.
    """
    implied = "implied if the text adds both continue bars"
    out = []
    for domain in ("economic", "sociocultural"):
        limited = items[(items["item_id"] == "fig2_tension") & (items["group"] == domain)].iloc[0]
        text = items[(items["item_id"] == "tension_continue_text") & (items["group"] == domain)].iloc[0]
        k_lim, k_text = int(limited["count"]), int(text["count"])
        entries = [("continue in a limited way", "Figure 2 (printed)", limited["printed"], k_lim),
                   ("continue (text)", "text (printed)", text["printed"], k_text),
                   ("continue as normal", implied,
                    f"{parse_printed(text['printed']) - parse_printed(limited['printed']):f}", k_text - k_lim),
                   ("suspend or terminate", implied, f"{Decimal(100) - parse_printed(text['printed']):f}",
                    n - k_text)]
        for answer, source, printed, count in entries:
            low, high = intervals.interval(count, n, confidence)
            out.append({"domain": domain, "domain_label": GROUP_LABELS[domain], "answer": answer, "source": source,
                        "printed": printed, "share": float(printed), "count": count,
                        "ci_low": 100 * low, "ci_high": 100 * high})
    return pd.DataFrame(out)


def _figure3(items: pd.DataFrame) -> pd.DataFrame:
    """Figure 3 as printed ("yes" bars) and with its yes/no labels swapped ("no" bars read as yes)."""
    fig3 = items[items["item_id"] == "fig3_public_opinion"]
    parts = [fig3[fig3["category"] == category].assign(reading=reading)
             for reading, category in (("as printed", "yes"), ("labels swapped", "no"))]
    return pd.concat(parts, ignore_index=True).rename(columns={"group_label": "bar", "share": "share_yes"})


def _share_under(data, under: int) -> tuple[int, float]:
    """Respondents younger than ``under`` (a Table 3 age-band edge): count and percent of ``n``."""
    demo = data.demographics
    ages = demo[(demo["characteristic"] == "age") & (demo["measure"] == "count")].sort_values("order")
    lower = [int(label.rstrip("+").split("–")[0]) for label in ages["category"]]
    if under not in lower[1:]:
        raise ParameterError("under", f"expected the lower edge of a Table 3 age band, one of {lower[1:]}, "
                                      f"found {under!r}")
    count = int(ages.loc[[lo < under for lo in lower], "value"].sum())
    return count, 100 * count / data.n


def _world_agreement_total(data) -> dict:
    """China's subnational agreements worldwide: Custer et al.'s count + the later additions = Section 5's total."""
    ties = data.tie_counts.set_index("count_id")["value"]
    custer, added = int(ties["world_custer_2018"]), int(ties["world_added_by_2024"])
    return {"custer_2018": custer, "added_by_2024": added, "total": custer + added,
            "total_printed": int(ties["world_total_2024"])}


def results(data, confidence: float = 0.95) -> Results:
    """Everything chapter 4 shows: Section 4's survey items, Figures 1-3, the tie counts and Section 5's totals.

    ``values`` holds every claim id of chapter ``04_public_views`` (transcribed shares as printed; the derived
    ``s4_grew_up_reform_era``, ``s5_agreements_3000`` and ``s5_bri_half_of_countries`` recomputed) and these book
    values (p-values are floats, verdicts one of :data:`paradiplomacy.methods.bounds.VERDICTS`):

    * ``x_n``, ``x_confidence_pct`` ("95"), ``x_alpha`` ("0.05"), ``x_point_respondents`` (respondents per
      percentage point);
    * ``x_ties_total_matches``: "matches" / "does not match" (2,500 + 500 against the printed 3,000);
    * Figure 1: ``x_fig1_top_count``, ``x_fig1_top_low``, ``x_fig1_top_high`` (largest slice, interval in %),
      ``x_fig1_total`` (sum of the printed shares), ``x_fig1_grim`` ("all" / "not all" possible with ``n``),
      ``x_fig1_solutions`` (count vectors reproducing the figure), ``x_fig1_candidates_8`` (counts fitting the
      share printed without decimals), ``x_fig1_functional`` (first two shares added);
    * importance: ``x_importance_gap`` (points; ``x_importance_gap_points`` rounded), ``x_importance_candidates``
      (counts fitting the first share);
    * Figure 2: ``x_econ_normal``, ``x_soc_normal``, ``x_econ_stop``, ``x_soc_stop`` (implied shares if the
      text adds both "continue" bars); ``x_naive_chi2``, ``x_naive_p`` (independent-samples test, wrong here);
      paired bounds of the text's shares ``x_text_overlap_min/max``, ``x_text_min/max_discordant``,
      ``x_text_p_min/max``, ``x_text_needed`` (fewest discordant respondents for "not significant"),
      ``x_text_needed_pct``, ``x_text_verdict``; of Figure 2's bars ``x_bar_diff``, ``x_bar_p_max``,
      ``x_bar_verdict``;
    * ``x_grew_count`` (respondents under 50), ``x_under40`` (% under 40);
    * regulation: ``x_reg_prov_total``, ``x_reg_city_total``, ``x_reg_prov_solutions``, ``x_reg_city_solutions``,
      ``x_reg_sums_ok`` ("both" / "not both"), ``x_prov_central_any``, ``x_city_central_any`` (% wanting some
      central role); local autonomy, provinces vs cities: ``x_auton_p_min/max``, ``x_auton_verdict``;
    * Figure 3: ``x_fig3_yes_max`` (largest printed yes), ``x_fig3_no_min/max`` (printed no shares);
      should vs does: ``x_municipal_gap`` (points), ``x_align_prov_verdict``, ``x_align_muni_verdict``,
      ``x_align_muni_p_max``; each p-value also as ``<name>_text`` (:func:`~paradiplomacy.paper.results.format_p`);
    * BRI: ``x_bri_partners``, ``x_un_members``, ``x_bri_share`` (%), ``x_half_members``, ``x_bri_status``
      (status of the recomputed share against the printed "half").

    ``tables``: ``items`` (every share with count, candidates range and interval), ``checks`` (distributions),
    ``fig1``, ``importance``, ``empower`` (printed beside reconstructed), ``fig2``, ``fig2_bounds``,
    ``regulation_bounds``, ``fig3``, ``fig3_bounds``. ``charts``: ``fig1``, ``fig2``, ``regulation``, ``fig3``.

    Raises ParameterError naming ``confidence`` outside (0, 1).
    """
    confidence = intervals.validate_confidence(confidence)
    n = data.n
    items = _items(data, confidence)
    checks = _checks(data).set_index(["item_id", "group"])
    item = {name: block.reset_index(drop=True) for name, block in items.groupby("item_id", sort=False)}
    v: dict = {"x_n": n, "x_confidence_pct": f"{100 * confidence:g}", "x_alpha": f"{1 - confidence:.2g}",
               "x_point_respondents": n / 100}
    v.update({row.claim_id: float(row.value) for row in items.itertuples()})
    tables: dict = {"items": items, "checks": checks.reset_index()}
    chart: dict = {}

    # Section 4, paragraphs 1-2 and Section 5, paragraph 1: ties worldwide
    ties = _world_agreement_total(data)
    v["s4_ties_custer_2500"], v["s4_ties_added_by_2024"] = ties["custer_2018"], ties["added_by_2024"]
    v["s5_agreements_3000"] = ties["total"]
    v["x_ties_total_matches"] = "matches" if ties["total"] == ties["total_printed"] else "does not match"
    timeline = data.policy_timeline
    v["s4_first_tie_1973"] = int(timeline.loc[timeline["claim_id"] == "s4_first_tie_1973", "year"].item())
    facts = data.text_facts.set_index("claim_id")["value"]
    v["s4_share_east_asia_pacific"] = float(facts["s4_share_east_asia_pacific"])
    v["s4_dunhuang_aurangabad_2015"] = int(facts["s4_dunhuang_aurangabad_2015"])

    # Figure 1
    fig1, check1 = item["fig1_partner_factor"], checks.loc[("fig1_partner_factor", "all")]
    top = fig1.loc[fig1["share"].idxmax()]
    whole = fig1[~fig1["printed"].str.contains(".", regex=False)].iloc[0]
    v.update({"x_fig1_top_count": int(top["count"]), "x_fig1_top_low": top["ci_low"],
              "x_fig1_top_high": top["ci_high"], "x_fig1_total": check1["total"],
              "x_fig1_grim": "all" if check1["grim_ok"] else "not all",
              "x_fig1_solutions": int(check1["n_solutions"]), "x_fig1_candidates_8": len(_candidates(whole)),
              "x_fig1_functional": float(sum(parse_printed(p) for p in fig1["printed"].iloc[:2]))})
    tables["fig1"] = _shares_table(fig1)
    chart["fig1"] = partial(charts.part_to_whole,
        fig1, category="short", share="share", printed="printed", ci_low="ci_low", ci_high="ci_high",
        title="Most important aspect when choosing a partner abroad",
        description=(
            "Horizontal bars of the five answers to the article's Figure 1 question, largest first: shared "
            "economic interests, common political ideologies, pre-existing personal ties, historical and "
            f"cultural ties, and shared social or recreational interests. {_ALT_CI} Economic interests lead "
            "clearly; the last three answers together are smaller than political ideology alone."))

    # importance of diplomatic and subnational relations
    importance = item["importance"]
    v["x_importance_gap"] = float(importance["share"].iloc[0] - importance["share"].iloc[1])
    v["x_importance_gap_points"] = int(round(v["x_importance_gap"]))  # whole points, spelled out in the prose
    v["x_importance_candidates"] = len(_candidates(importance.iloc[0]))
    tables["importance"] = _shares_table(importance)

    # Figure 2 and the text's shares
    tension = _tension(items, n, confidence)
    by = tension.set_index(["domain", "answer"])
    for domain, short in (("economic", "econ"), ("sociocultural", "soc")):
        v[f"x_{short}_normal"] = by.loc[(domain, "continue as normal"), "share"]
        v[f"x_{short}_stop"] = by.loc[(domain, "suspend or terminate"), "share"]
    shown = tension[~tension["source"].str.startswith("implied")]
    chart["fig2"] = partial(charts.grouped_bars,
        shown.assign(answer=shown["answer"].map({"continue in a limited way": LABELS["continue_limited"][1],
                                                 "continue (text)": LABELS["continue"][1]}),
                     Ties=shown["domain_label"]),
        category="answer", group="Ties", share="share", printed="printed", ci_low="ci_low", ci_high="ci_high",
        title="If relations turned confrontational, existing ties should...",
        description=(
            "Grouped bars for economic and socio-cultural ties. The first pair is the only bar Figure 2's "
            "description prints, 'continue in a limited way'; the second pair is the larger share the article's "
            f"text gives for ties that should continue. {_ALT_CI} Economic ties get the higher share in both "
            "pairs."))
    tables["fig2"] = pd.DataFrame({
        "Ties": tension["domain_label"], "Answer": tension["answer"], "Where the number comes from": tension["source"],
        "%": tension["printed"], "Count (reconstructed)": tension["count"],
        "Wilson interval (%)": _interval_text(tension)})
    count = by["count"]
    econ, soc = int(count["economic", "continue (text)"]), int(count["sociocultural", "continue (text)"])
    naive = two_proportions(econ, n, soc, n, labels=("economic", "socio-cultural"))
    text = bounds.paired_bounds(econ, soc, n, confidence)
    bar = bounds.paired_bounds(int(count["economic", "continue in a limited way"]),
                               int(count["sociocultural", "continue in a limited way"]), n, confidence)
    discordant = text.tables["discordant"]
    v.update({"x_naive_chi2": naive["chi2"], "x_naive_p": naive["p"], "x_text_overlap_min": text.overlap_min,
              "x_text_overlap_max": text.overlap_max, "x_text_min_discordant": int(discordant.min()),
              "x_text_max_discordant": int(discordant.max()), "x_text_p_min": text.exact_p_min,
              "x_text_p_max": text.exact_p_max, "x_text_needed": text.discordant_needed or 0,
              "x_text_needed_pct": 100 * (text.discordant_needed or 0) / n, "x_text_verdict": text.verdict,
              "x_bar_diff": bar.difference_min, "x_bar_p_max": bar.exact_p_max, "x_bar_verdict": bar.verdict})
    tables["fig2_bounds"] = _bounds_table({
        "Continue (text): economic vs socio-cultural": text,
        "Continue in a limited way (Figure 2): economic vs socio-cultural": bar})

    # Section 4, paragraph 5: respondents who grew up with the ties (Table 3)
    v["x_grew_count"], v["s4_grew_up_reform_era"] = _share_under(data, 50)
    v["x_under40"] = _share_under(data, 40)[1]

    # local initiative and central oversight
    empower = pd.concat([item[i].assign(level=_LEVELS[i.rsplit("_", 1)[1]])
                         for i in ("empower_province", "empower_city")], ignore_index=True)
    tables["empower"] = _shares_table(empower.assign(answer=empower["level"] + ": " + empower["group_label"]),
                                      label="answer")
    regulation = pd.concat([item[i].assign(Level=_LEVELS[i.rsplit("_", 1)[1]])
                            for i in ("regulate_province", "regulate_city")], ignore_index=True)
    prov, city = (checks.loc[(i, "all")] for i in ("regulate_province", "regulate_city"))
    central_any = {level: float(sum(parse_printed(p) for p in block["printed"].iloc[:2]))
                   for level, block in regulation.groupby("Level", sort=False)}
    v.update({"x_reg_prov_total": prov["total"], "x_reg_city_total": city["total"],
              "x_reg_prov_solutions": int(prov["n_solutions"]), "x_reg_city_solutions": int(city["n_solutions"]),
              "x_reg_sums_ok": "both" if prov["sum_ok"] and city["sum_ok"] else "not both",
              "x_prov_central_any": central_any["Provinces"], "x_city_central_any": central_any["Cities"]})
    shares = list(regulation["share"])
    chart["regulation"] = partial(charts.grouped_bars,
        regulation, category="short", group="Level", share="share", printed="printed", ci_low="ci_low",
        ci_high="ci_high", title="How should the centre oversee local ties abroad?",
        description=(
            "Grouped bars comparing answers about provinces and about cities for three options: strong central "
            "regulation, a central role in the initial phase only, and local autonomy. " + _ALT_CI + " Strong "
            f"regulation is the largest answer for both levels ({shares[0]:g} and {shares[3]:g} percent); "
            f"autonomy is the smallest ({shares[2]:g} and {shares[5]:g} percent), slightly larger for cities."))
    by_level = {level: block.set_index("category") for level, block in regulation.groupby("Level", sort=False)}
    level_bounds = {
        f"{LABELS[cat][0]}: provinces vs cities": bounds.paired_bounds(
            _candidates(by_level["Provinces"].loc[cat]), _candidates(by_level["Cities"].loc[cat]), n, confidence)
        for cat in ("central_regulation", "local_autonomy")}
    autonomy = level_bounds[f"{LABELS['local_autonomy'][0]}: provinces vs cities"]
    v.update({"x_auton_p_min": autonomy.exact_p_min, "x_auton_p_max": autonomy.exact_p_max,
              "x_auton_verdict": autonomy.verdict})
    tables["regulation_bounds"] = _bounds_table(level_bounds)

    # Figure 3 and the central government
    readings, central = _figure3(items), item["central_public_opinion"]
    printed, swapped = (readings.loc[readings["reading"] == r, "share_yes"] for r in ("as printed", "labels swapped"))
    v.update({"x_fig3_yes_max": printed.max(), "x_fig3_no_min": swapped.min(), "x_fig3_no_max": swapped.max()})
    panel = pd.concat([
        readings.assign(Reading=readings["reading"].map({"as printed": "Figure 3 as printed",
                                                         "labels swapped": "Yes/no labels swapped"})),
        central.assign(bar=central["group_label"], Reading="Central government (text)", share_yes=central["share"]),
    ], ignore_index=True)
    chart["fig3"] = partial(charts.grouped_bars,
        panel, category="bar", group="Reading", share="share_yes", printed="printed", ci_low="ci_low",
        ci_high="ci_high", title="Share saying government should / does seek public opinion",
        description=(
            "Grouped bars for four questions about provincial and municipal governments and two about the "
            "central government. For the local questions, one bar shows the share answering yes as Figure 3 "
            f"prints it (at most {printed.max():.1f} percent) and one shows it with the yes and no labels "
            f"swapped (at least {swapped.min():.1f} percent). The central-government shares from the text, at "
            f"least {central['share'].min():.1f} percent, are close to the swapped reading. {_ALT_CI}"))
    cells = [f"{p}  ({i})" for p, i in zip(readings["printed"], _interval_text(readings))]
    tables["fig3"] = (readings.assign(value=cells)
                      .pivot(index="bar", columns="reading", values="value").loc[readings["bar"].unique()]
                      .reset_index()
                      .rename(columns={"bar": "Question", "as printed": "% yes as printed (Wilson interval)",
                                       "labels swapped": "% yes if the labels are swapped (Wilson interval)"}))
    tables["fig3"].columns.name = None
    yes = readings[readings["reading"] == "as printed"].set_index("group")
    align = {f"{level.capitalize()}: should vs does": bounds.paired_bounds(
        _candidates(yes.loc[f"{level}_should"]), _candidates(yes.loc[f"{level}_does"]), n, confidence)
        for level in ("provincial", "municipal")}
    muni = align["Municipal: should vs does"]
    v.update({"x_municipal_gap": abs(muni.difference_min),
              "x_align_prov_verdict": align["Provincial: should vs does"].verdict,
              "x_align_muni_verdict": muni.verdict, "x_align_muni_p_max": muni.exact_p_max})
    tables["fig3_bounds"] = _bounds_table(align)

    # p-values as the prose shows them ("< 0.001" or two significant digits)
    v.update({f"{name}_text": format_p(v[name]) for name in (
        "x_naive_p", "x_text_p_min", "x_text_p_max", "x_bar_p_max", "x_auton_p_min", "x_auton_p_max",
        "x_align_muni_p_max")})

    # Section 5, paragraph 2: "approximately half of all countries" against Section 3.1's partner count
    partners = int(data.bilateral_context.set_index("indicator_id").loc["bri_partner_countries", "value"])
    share = 100 * partners / UN_MEMBER_STATES
    claimed = float(data.claims_by_id("s5_bri_half_of_countries")["value"].iloc[0])
    v.update({"x_bri_partners": partners, "x_un_members": UN_MEMBER_STATES, "x_bri_share": share,
              "x_half_members": UN_MEMBER_STATES / 2, "s5_bri_half_of_countries": share,
              "x_bri_status": compare_value(f"{claimed:g}", share).status})
    v = {name: value.item() if hasattr(value, "item") else value for name, value in v.items()}  # numpy -> Python
    return Results("Section 4", values=v, tables=tables, charts=chart)
