"""Replication audit: derived claims recomputed, transcribed claims validated, and the consistency checks.

A *transcribed* claim is a number the article states as data; the loader already requires its rows to equal the
registry, so it is reported *validated at load* (with the consistency checks that use it), never reproduced. A
*derived* claim is recomputed by the section that states it (:func:`paradiplomacy.paper.section_results`, the
objects the chapters glue) and compared with the printed number by the chapter tests' rule
(:func:`paradiplomacy.data.claims.compare_glued`). Every observed status must equal ``expected_status``.

The checks that are not claims (GRIM granularity, distribution sums, Table 1 summaries, the BRI averages, figures
against the text, names and statements) have ids of the form ``family.subject``. Causes and consequences live in
``data/findings.csv``: a check listed there is expected to report a finding, every other one to pass. No value in
``data/`` is corrected: printed values stay as printed, and the recomputed value is shown beside them.
"""
from __future__ import annotations

import itertools
import json
import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial

import pandas as pd

from paradiplomacy import charts
from paradiplomacy.data import load_data
from paradiplomacy.data.claims import compare_glued
from paradiplomacy.methods import intervals
from paradiplomacy.methods.grim import grim_percent
from paradiplomacy.numbers import compare_value, decimals_of, format_decimal, parse_printed, round_decimal, sum_check
from paradiplomacy.paper import design, section_call, section_results
from paradiplomacy.paper.results import Results, in_words
from paradiplomacy.paths import display_path

__all__ = ["STATUS_LABELS", "VALIDATED", "CHECK_FAMILIES", "PAPER_STATEMENTS", "audit", "audit_claims",
           "grim_checks", "sum_checks", "table1_summary_checks", "bri_checks", "figure_text_checks",
           "statement_checks", "all_checks", "AuditReport", "run_audit", "survey_intervals", "claims_display",
           "results"]

#: Reader-facing names of the four statuses of ``claims.csv`` (for derived claims).
STATUS_LABELS = {"reproduced": "reproduced", "rounding": "within rounding", "discrepancy": "discrepancy",
                 "not_computable": "not computable"}
#: Label of a transcribed claim whose stated value equals its data row(s).
VALIDATED = "validated at load"
#: Families of checks that are not claims, in report order.
CHECK_FAMILIES = ("GRIM granularity", "Distribution sums", "Table 1 summaries", "BRI and non-BRI averages",
                  "Figures against the text", "Names, labels and statements")
#: Short quotations of the paper that no data table holds: key -> (printed words, location).
PAPER_STATEMENTS: dict[str, tuple[str, str]] = {
    "china_kazakhstan": ("China–Kazakhstan subnational relations", "Section 5.1, paragraph 7"),
    "section_51_heading": ("China–Kyrgyzstan subnational relations", "Section 5.1 (heading)"),
    "japan_most_ties": ("more subnational ties with Japan than with any other partner (paraphrased)",
                        "Section 4, paragraph 1"),
    "india_ndb": ("supports BRI members including India", "Section 3.1, paragraph 2"),
    "fieldwork": ("fieldwork interviews in all four countries", "Section 6, paragraph 6"),
    "figure3_text": ("a significant majority", "Section 4, paragraph 7"),
}
_SURVEY_END = pd.Timestamp("2024-12-31")  # the survey ran in the last quarter of 2024 (s1_survey_final_quarter_2024)
_EXPLAINED = ("cause", "consequence", "conclusion_changes")


# ------------------------------------------------------------------------------------------- claims
def _stated(data, sections: dict) -> dict[str, tuple[object, str]]:
    """claim id -> (value, chapter whose section states it): the claim's own chapter first, else any other."""
    out: dict = {}
    for cid, chapter in zip(data.claims["claim_id"], data.claims["chapter"]):
        for name in [chapter, *sections]:
            if name in sections and cid in sections[name].values:
                out[cid] = (sections[name].values[cid], name)
                break
    return out


def _resources_of(data) -> dict[str, list[str]]:
    """claim id -> resources whose rows carry it (the loader validates those rows against the registry)."""
    rows: dict = {}
    for name in data.names:
        if name not in ("claims", "findings") and "claim_id" in data[name].columns:
            for cid in dict.fromkeys(data[name]["claim_id"]):
                rows.setdefault(cid, []).append(name)
    return rows


def _findings(data, kind: str) -> pd.DataFrame:
    found = data.findings
    return found[found["kind"] == kind].set_index("finding_id")[list(_EXPLAINED)]


def audit_claims(data, sections: dict, checks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every claim beside its expected status: derived ones as their section computes them, transcribed ones as stated.

    Returns one row per claim in registry order: ``claim_id, chapter, location, kind, printed, value`` (the printed
    number), ``computed`` (the section's value; NaN when not computable), ``difference``, ``status`` (observed, as
    :func:`~paradiplomacy.data.claims.compare_glued`), ``status_label`` (:data:`STATUS_LABELS`, or
    :data:`VALIDATED` for a transcribed claim stated as in its data row), ``expected_status``, ``ok``, ``source``
    (the ``results()`` call; for a transcribed claim also the resources whose rows carry it), ``checks`` (consistency checks using the
    claim, from ``checks``) and ``cause, consequence, conclusion_changes`` (``data/findings.csv``).
    """
    registry = data.claims
    stated = _stated(data, sections)
    rows = _resources_of(data)
    values = {cid: value for cid, (value, _) in stated.items()}
    observed = {}
    for chapter in dict.fromkeys(registry["chapter"]):
        table = compare_glued(values, registry, chapter)
        observed.update(zip(table["claim_id"], zip(table["observed_status"], table["difference"])))
    used = {} if checks is None else pd.Series([c for cs in checks["claims"] for c in cs]).value_counts()
    explained = _findings(data, "claim")
    out = []
    for claim in registry.itertuples():
        cid = claim.claim_id
        status, diff = observed.get(cid, ("not_computable", math.nan))
        computed = claim.value + (0.0 if math.isnan(diff) else diff) if status in STATUS_LABELS else math.nan
        source = section_call(stated[cid][1]) if cid in stated else "no section states it"
        if claim.kind == "transcribed":
            source = f"data rows: {', '.join(rows.get(cid, ['none']))}; stated by {source}"
        label = VALIDATED if claim.kind == "transcribed" and status == "reproduced" else STATUS_LABELS.get(status, status)
        why = explained.loc[cid] if cid in explained.index else dict.fromkeys(_EXPLAINED, "")
        out.append({"claim_id": cid, "chapter": claim.chapter, "location": claim.location, "kind": claim.kind,
                    "printed": claim.printed, "value": float(claim.value),
                    "computed": math.nan if status == "not_computable" else float(computed),
                    "difference": float(diff),
                    "status": status, "status_label": label, "expected_status": claim.expected_status,
                    "ok": status == claim.expected_status, "source": source, "checks": int(used.get(cid, 0)),
                    **{k: why[k] for k in _EXPLAINED}})
    return pd.DataFrame(out)


# ------------------------------------------------------------------------------------------- checks
def _row(check_id, family, subject, location, printed, computed, status, result, claims=()) -> dict:
    return {"check_id": check_id, "family": family, "subject": subject, "location": location,
            "printed": str(printed), "computed": str(computed), "status": status, "result": result,
            "claims": tuple(c for c in claims if isinstance(c, str) and c)}


def _survey_percentages(data) -> list[tuple[str, str, str]]:
    """(claim_id, printed, location) of every percentage of the survey's respondents, each claim once."""
    summary, demo = data.table1_summary, data.demographics
    frames = [data.table1, summary[summary["statistic"] == "pct_agree"], demo[demo["measure"] == "percent"],
              data.survey_items, data.case_perceptions]
    out = {}
    for frame in frames:
        for r in frame.itertuples():
            out.setdefault(r.claim_id, (r.claim_id, r.printed, r.location))
    return list(out.values())


def _table1_rows(data) -> dict[str, pd.DataFrame]:
    table = data.table1.sort_values("response", kind="stable")
    return {country: block for country, block in table.groupby("country", sort=False)}


def grim_checks(data, window: int = 60) -> list[dict]:
    """GRIM: can a whole number of the n respondents give each one-decimal survey share? A finding names the nearest
    possible values and sample sizes (within ``window`` of n); with n = 410 every whole percentage is possible."""
    n, rows = data.n, []
    for cid, printed, location in _survey_percentages(data):
        if decimals_of(printed) != 1:
            continue
        g = grim_percent(printed, n, n_range=range(max(2, n - window), n + window + 1))
        if g.consistent:
            fits = ", ".join(map(str, g.counts))
            rows.append(_row(f"grim.{cid}", CHECK_FAMILIES[0], cid, location, printed, fits, "ok",
                             f"possible: {fits} of {n}", [cid]))
            continue
        sizes = [m for m in g.feasible_n if m < n][-1:] + [m for m in g.feasible_n if m > n][:1]
        rows.append(_row(f"grim.{cid}", CHECK_FAMILIES[0], cid, location, printed, "", "finding",
                         f"impossible with n = {n}: nearest possible {g.nearest_below} or {g.nearest_above}; "
                         f"possible with n = {' or '.join(map(str, sizes)) or 'none nearby'}", [cid]))
    return rows


def sum_checks(data) -> list[dict]:
    """Does every printed distribution add up: Table 1 rows and Table 3 percentages to 100 within rounding
    (:func:`paradiplomacy.numbers.sum_check`), Table 3 counts to n exactly, and the distributions of Section 4?"""
    fam, n, rows = CHECK_FAMILIES[1], data.n, []
    for country, block in _table1_rows(data).items():
        s = sum_check(list(block["printed"]))
        off = f" (off by {float(s.difference):+.1f}, within rounding)" if s.ok and s.total != 100 else ""
        rows.append(_row(f"sum.table1.{country.lower()}", fam, f"Table 1, {country}", "Table 1",
                         " + ".join(block["printed"]), s.total, "ok" if s.ok else "finding",
                         f"sums to {s.total}{off}", block["claim_id"]))
    for ch, block in data.demographics.groupby("characteristic", sort=False):
        pct, cnt = block[block["measure"] == "percent"], block[block["measure"] == "count"]
        s = sum_check(list(pct["printed"]))
        rows.append(_row(f"sum.table3_pct.{ch}", fam, f"Table 3 {ch}, percentages", "Table 3",
                         " + ".join(pct["printed"]), s.total, "ok" if s.ok else "finding",
                         f"sums to {s.total} (rounding allows ±{s.tolerance})", pct["claim_id"]))
        total = int(cnt["value"].sum())
        rows.append(_row(f"sum.table3_count.{ch}", fam, f"Table 3 {ch}, counts", "Table 3",
                         " + ".join(cnt["printed"]), total, "ok" if total == n else "finding",
                         f"counts sum to {total}, n = {n}", cnt["claim_id"]))
    items = data.survey_items
    for (item, group), block in items[items["kind"] == "distribution"].groupby(["item_id", "group"], sort=False):
        s = sum_check(list(block["printed"]))
        rows.append(_row(f"sum.{item}.{group}", fam, f"{item} ({group})", block["location"].iloc[0],
                         " + ".join(block["printed"]), s.total, "ok" if s.ok else "finding", f"sums to {s.total}",
                         block["claim_id"]))
    return rows


def table1_summary_checks(data, sections: dict) -> list[dict]:
    """Every printed Table 1 "% Agree" and "Mean" against the value chapter 3's section computes from its row
    (:func:`paradiplomacy.numbers.compare_value`); for the mean, its distance from the nearest rounding boundary."""
    fam, rows = CHECK_FAMILIES[2], []
    stated = _stated(data, sections)
    summary = data.table1_summary.set_index(["country", "statistic"])
    for country, block in _table1_rows(data).items():
        for statistic, key in (("pct_agree", "agree"), ("mean", "mean")):
            cid, printed = summary.loc[(country, statistic), ["claim_id", "printed"]]
            value = float(stated[cid][0])
            cmp = compare_value(printed, value)
            if key == "agree":
                detail = f"row gives {value:.1f}, rounds to {cmp.rounded}"
                detail += " (printed without a decimal)" if cmp.decimals == 0 else ""
            else:
                margin = abs(value - (math.floor(value) + 0.5))
                detail = f"weighted mean {value:.3f} rounds to {cmp.rounded} ({margin:.3f} from a rounding boundary)"
            rows.append(_row(f"t1summary.{country.lower()}.{key}", fam, f"{country} {statistic}", "Table 1",
                             printed, f"{value:.{1 if key == 'agree' else 3}f}",
                             "ok" if cmp.status == "reproduced" else "finding",
                             f"{detail}: {STATUS_LABELS[cmp.status]}", [*block["claim_id"], cid]))
    return rows


def _rounded_or_cut(value, printed: str) -> str:
    ways = {"rounded": "half_up", "truncated, not rounded": "truncate"}
    return next((how for how, mode in ways.items() if format_decimal(round_decimal(value, 2, mode), 2) == printed),
                "neither rounded nor truncated")


def bri_checks(data, sections: dict) -> list[dict]:
    """The BRI / non-BRI averages of Section 3.1: rounding or truncation of chapter 3's recomputed averages, and
    which of the 2046 splits of the eleven countries into two groups reproduce both printed averages."""
    fam, stated = CHECK_FAMILIES[3], _stated(data, sections)
    claims = data.claims.set_index("claim_id")["printed"].str.rstrip("%")
    summary = data.table1_summary
    agree = summary[summary["statistic"] == "pct_agree"]
    shares = {r.country: Fraction(parse_printed(r.printed)) for r in agree.itertuples()}
    membership = data.bri_membership
    paper = set(membership.loc[membership["paper_group"] == "BRI", "country"])
    members = set(membership.loc[membership["bri_member"].astype(bool), "country"])
    rows = []
    for group, cid, check_id in (("BRI", "s31_bri_pct_agree", "bri.bri_mean"),
                                 ("non-BRI", "s31_non_bri_pct_agree", "bri.non_bri_mean")):
        value = float(stated[cid][0])
        how = _rounded_or_cut(value, claims[cid])
        rows.append(_row(check_id, fam, f"{group} average of printed % Agree", "Section 3.1, paragraph 5",
                         claims[cid], f"{value:.4f}", "ok" if how == "rounded" else "finding",
                         f"mean {value:.4f}: the printed value is {how}", [cid, *agree["claim_id"]]))
    matches = []
    for size in range(1, len(shares)):
        for group in itertools.combinations(shares, size):
            rest = [c for c in shares if c not in group]
            means = (sum(shares[c] for c in group) / len(group), sum(shares[c] for c in rest) / len(rest))
            if all(_rounded_or_cut(m, claims[c]) != "neither rounded nor truncated"
                   for m, c in zip(means, ("s31_bri_pct_agree", "s31_non_bri_pct_agree"))):
                matches.append(group)
    unique = len(matches) == 1 and set(matches[0]) == paper
    differ = sorted(members ^ paper)
    rows.append(_row("bri.grouping", fam, "Countries behind the two averages", "Section 3.1, paragraph 5",
                     f"{claims['s31_bri_pct_agree']} / {claims['s31_non_bri_pct_agree']}",
                     "; ".join(", ".join(m) for m in matches), "finding" if differ or not unique else "ok",
                     f"{len(matches)} of {2 ** len(shares) - 2} splits reproduce both averages"
                     + (" (the paper's grouping)" if unique else "")
                     + (f"; it differs from BRI membership for {', '.join(differ)}" if differ else ""),
                     ["s31_bri_pct_agree", "s31_non_bri_pct_agree", *agree["claim_id"]]))
    return rows


def figure_text_checks(data, sections: dict) -> list[dict]:
    """Do the figures' descriptions say what the text says? Figure 2's bars against the text's "continue" shares,
    Figure 3's "yes" shares against the text's majority (labels swapped as the alternative), Figure 1's order;
    the shares implied and the extremes of Figure 3 are chapter 4's (``opinion.results``)."""
    items, fam, rows, ch4 = data.survey_items, CHECK_FAMILIES[4], [], sections["04_public_views"].values
    get = items.set_index(["item_id", "group", "category"])
    text = {g: get.loc[("tension_continue_text", g, "continue")] for g in ("economic", "sociocultural")}
    bars = {g: get.loc[("fig2_tension", g, "continue_limited")] for g in ("economic", "sociocultural")}
    same = all(text[g]["printed"] == bars[g]["printed"] for g in text)
    rows.append(_row("figtext.figure2", fam, "Figure 2 against Section 4, paragraph 4", "Figure 2 (alt text)",
                     f"text {text['economic']['printed']} / {text['sociocultural']['printed']}",
                     f"Figure 2 {bars['economic']['printed']} / {bars['sociocultural']['printed']}",
                     "ok" if same else "finding",
                     "the text cites Figure 2 for shares the figure does not print; if the text adds both 'continue' "
                     f"bars, 'continue as normal' is {ch4['x_econ_normal']:.1f} and {ch4['x_soc_normal']:.1f}",
                     [r["claim_id"] for r in (*text.values(), *bars.values())]))
    fig3 = items[items["item_id"] == "fig3_public_opinion"]
    central = items[items["item_id"] == "central_public_opinion"]
    rows.append(_row("figtext.figure3", fam, "Figure 3 against Section 4, paragraph 7", "Figure 3 (alt text)",
                     PAPER_STATEMENTS["figure3_text"][0], f"largest 'yes' {ch4['x_fig3_yes_max']:g}",
                     "ok" if ch4["x_fig3_yes_max"] > 50 else "finding",
                     f"'yes' is at most {ch4['x_fig3_yes_max']:g} on the four bars, no majority; with the labels "
                     f"swapped every bar is at least {ch4['x_fig3_no_min']:g}"
                     + (", a majority" if ch4["x_fig3_no_min"] > 50 else "")
                     + f", like the central-government answers ({', '.join(central['printed'])})",
                     [*fig3["claim_id"], *central["claim_id"]]))
    fig1 = items[items["item_id"] == "fig1_partner_factor"].sort_values("value", ascending=False, kind="stable")
    top = list(fig1["category"].iloc[:2])
    said = ["shared_economic_interests", "common_political_ideologies"]
    rows.append(_row("figtext.figure1", fam, "Figure 1 against Section 4, paragraph 3", "Figure 1 (alt text)",
                     "economic reasons, then political ideologies", " then ".join(fig1["printed"].iloc[:2]),
                     "ok" if top == said else "finding", "the two largest slices are "
                     + " and ".join(t.replace("_", " ") for t in top)
                     + (", in the order the text gives" if top == said else ", not the text's order"),
                     fig1["claim_id"]))
    return rows


def statement_checks(data) -> list[dict]:
    """Names, labels and statements that contradict the rest of the paper or its tables: a dyad partner printed as
    a country, a country named in a subsection about another, fieldwork countries against Table 2, two ranks of the
    same visitors, Japan's ties against CPAFFC's counts, India as a BRI member, Table 3's top income band, and
    Table 2's dates against the survey period."""
    fam, rows = CHECK_FAMILIES[5], []
    dyads = data.dyads.set_index("dyad_id")
    known = set(data.aiddata["country"]) | set(data.bri_membership["country"])
    for dyad_id, d in dyads.iterrows():
        for side in ("a", "b"):
            partner, country = d[f"partner_{side}"], d[f"country_{side}"]
            if partner in known and partner != country:
                same = dyads[(dyads["partner_a"] == d["partner_a"]) & (dyads.index != dyad_id) & dyads["year"].notna()]
                other = ", ".join(f"{r.partner_a}–{r.partner_b} ({int(r.year)})" for r in same.itertuples())
                rows.append(_row(f"names.{dyad_id}", fam, f"{d['partner_a']}–{d['partner_b']}", d["location"],
                                 partner, country, "finding", f"'{partner}' is a country, not a city of {country}"
                                 + (f"; the same paragraph names {other}" if other else ""), [d["claim_id"]]))
    name, where = PAPER_STATEMENTS["china_kazakhstan"]
    located = []
    for key in ("case_perceptions", "dyads", "tie_counts", "bilateral_context", "policy_timeline"):
        frame = data[key]
        sub = frame[frame["location"].str.startswith("Section 5.1")]
        for column in [c for c in frame.columns if c == "country" or c.startswith("country_") or c == "partner"]:
            located += list(sub[column])
    countries = sorted(set(located) - {"China", "World"})
    named = name.split(" ")[0].split("–")[1]
    rows.append(_row("names.china_kazakhstan", fam, name, where, named, ", ".join(countries),
                     "finding" if named not in countries else "ok",
                     f"the subsection is headed '{PAPER_STATEMENTS['section_51_heading'][0]}' and every data row "
                     f"located in it concerns {', '.join(countries)}"))
    facts = data.text_facts.set_index("fact_id")
    said = facts.loc["fieldwork_countries"]
    places = sorted(set(design.interview_places(data)["country"]))
    rows.append(_row("names.fieldwork_four_countries", fam, *PAPER_STATEMENTS["fieldwork"], int(said["value"]),
                     f"{len(places)} ({', '.join(places)})", "ok" if len(places) >= said["value"] else "finding",
                     f"Table 2 places interviews in {len(places)} countries: {', '.join(places)}",
                     [said["claim_id"]]))
    cohort, source = facts.loc["chinese_rank_among_tourists_to_japan_2024"], facts.loc["china_rank_as_tourist_source_to_japan"]
    rows.append(_row("names.tourist_rank", fam, "Rank of Chinese visitors to Japan",
                     f"{cohort['location']}; {source['location']}", f"{cohort['value']:g} / {source['value']:g}", "",
                     "ok" if cohort["value"] == source["value"] else "finding",
                     f"ranked {cohort['value']:g} in one paragraph and {source['value']:g} in another",
                     [cohort["claim_id"], source["claim_id"]]))
    ties = data.tie_counts.set_index("count_id")
    usa, japan, clair = (ties.loc[k] for k in ("usa_cpaffc_2024", "japan_cpaffc_2025", "japan_clair_2017"))
    rows.append(_row("names.japan_most_ties", fam, *PAPER_STATEMENTS["japan_most_ties"],
                     f"Japan {japan['value']:g} (CPAFFC)", f"USA {usa['value']:g} (CPAFFC)",
                     "finding" if usa["value"] > japan["value"] else "ok",
                     f"on CPAFFC's counts the USA ({usa['value']:g}, via commentary 000) exceeds Japan "
                     f"({japan['value']:g}); CLAIR's {clair['value']:g} for Japan would support the statement",
                     [usa["claim_id"], japan["claim_id"], clair["claim_id"]]))
    india = bool(data.bri_membership.set_index("country").loc["India", "bri_member"])
    rows.append(_row("names.india_ndb", fam, *PAPER_STATEMENTS["india_ndb"], "India as a BRI member",
                     f"bri_member = {'yes' if india else 'no'}", "ok" if india else "finding",
                     "India has not joined the BRI (bri_membership.csv, and Section 5.2 of the paper)"))
    income = data.demographics[data.demographics["characteristic"] == "income"]
    bands = list(dict.fromkeys(income["category"]))
    upper = int(bands[-2].split("–")[1].replace(",", ""))
    lower = int(bands[-1].replace(">", "").replace(",", "").strip())
    rows.append(_row("names.income_band_gap", fam, "Table 3 income bands", "Table 3", f"{bands[-2]}; {bands[-1]}", "",
                     "ok" if lower == upper else "finding",
                     f"the last two bands end at {upper:,} and start above {lower:,}, so {lower:,} is in neither",
                     income["claim_id"]))
    dates = data.interviews
    late, early = dates[dates["date"] > _SURVEY_END], dates[dates["date"] < pd.Timestamp("2015-01-01")]
    rows.append(_row("names.interview_dates", fam, "Table 2 dates against the survey (late 2024)", "Table 2",
                     ", ".join(late["date_printed"]), f"{len(late)} after, {len(early)} before 2015",
                     "finding" if len(late) else "ok",
                     f"{len(late)} interview dated after the survey closed ({', '.join(late['date_printed'])}); "
                     f"{len(early)} dated 2014"))
    return rows


def all_checks(data, sections: dict) -> pd.DataFrame:
    """Every check that is not a claim, in :data:`CHECK_FAMILIES` order, with its expectation and explanation.

    Columns: ``check_id, family, subject, location, printed, computed, status`` (``ok`` or ``finding``),
    ``result`` (what was found), ``claims`` (ids of the claims the check uses), ``expected`` (``finding`` for the
    checks of ``data/findings.csv``, else ``ok``), ``matches`` and ``cause, consequence, conclusion_changes``.
    """
    frame = pd.DataFrame(grim_checks(data) + sum_checks(data) + table1_summary_checks(data, sections)
                         + bri_checks(data, sections) + figure_text_checks(data, sections) + statement_checks(data))
    known = _findings(data, "check")
    frame["expected"] = ["finding" if c in known.index else "ok" for c in frame["check_id"]]
    frame["matches"] = frame["status"] == frame["expected"]
    explained = known.reindex(frame["check_id"]).fillna("").reset_index(drop=True)
    return pd.concat([frame, explained], axis=1)


# ------------------------------------------------------------------------------------------- report
@dataclass
class AuditReport:
    """Result of :func:`run_audit`: ``claims`` (:func:`audit_claims`), ``checks`` (:func:`all_checks`), the
    ``data_dir`` audited (as shown to readers) and ``missing_findings`` (checks of findings.csv that did not run)."""

    claims: pd.DataFrame
    checks: pd.DataFrame
    data_dir: str
    missing_findings: list = field(default_factory=list)

    @property
    def claim_mismatches(self) -> list[str]:
        """Claims whose observed status differs from ``expected_status``."""
        return list(self.claims.loc[~self.claims["ok"], "claim_id"])

    @property
    def check_mismatches(self) -> list[str]:
        """Checks whose outcome differs from the expected one, plus expected findings whose check did not run."""
        return list(self.checks.loc[~self.checks["matches"], "check_id"]) + list(self.missing_findings)

    @property
    def ok(self) -> bool:
        """True when every claim and every check came out as expected."""
        return not self.claim_mismatches and not self.check_mismatches

    def counts(self, observed: bool = True) -> dict:
        """Derived claims by status (observed, or expected by the registry), and transcribed claims."""
        column = "status" if observed else "expected_status"
        derived = self.claims[self.claims["kind"] == "derived"][column].value_counts()
        transcribed = self.claims[self.claims["kind"] == "transcribed"]
        return {"derived": int(derived.sum()), **{code: int(derived.get(code, 0)) for code in STATUS_LABELS},
                "transcribed": len(transcribed),
                "validated": int((transcribed[column] == "reproduced").sum()),
                "transcribed_checked": int((transcribed["checks"] > 0).sum())}

    @property
    def headline(self) -> str:
        """The audit in one line, derived claims first (transcriptions are validated, not reproduced)."""
        c = self.counts()
        return (f"{c['derived']} derived claims: {c['reproduced']} reproduced, {c['rounding']} within rounding, "
                f"{c['discrepancy']} discrepancies, {c['not_computable']} not computable; {c['validated']} "
                f"transcribed claims validated at load ({c['transcribed_checked']} of them used by consistency checks)")

    def summary(self) -> pd.DataFrame:
        """``part, status, expected, observed``: derived claims by status, transcribed claims validated, and the
        findings of each check family."""
        seen, expected = self.counts(), self.counts(observed=False)
        rows = [{"part": "derived claims", "status": label, "expected": expected[code], "observed": seen[code]}
                for code, label in STATUS_LABELS.items()]
        rows.append({"part": "transcribed claims", "status": VALIDATED, "expected": expected["validated"],
                     "observed": seen["validated"]})
        for family in CHECK_FAMILIES:
            sub = self.checks[self.checks["family"] == family]
            rows.append({"part": "checks", "status": f"{family}: findings of {len(sub)}",
                         "expected": int((sub["expected"] == "finding").sum()),
                         "observed": int((sub["status"] == "finding").sum())})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        """The whole report as JSON-ready data (NaN becomes None)."""
        def clean(frame):
            return [{k: (None if isinstance(v, float) and math.isnan(v) else list(v) if isinstance(v, tuple) else v)
                     for k, v in r.items()} for r in frame.to_dict("records")]

        return {"data_dir": self.data_dir, "ok": self.ok, "headline": self.headline, "counts": self.counts(),
                "claim_mismatches": self.claim_mismatches, "check_mismatches": self.check_mismatches,
                "summary": self.summary().to_dict("records"), "claims": clean(self.claims),
                "checks": clean(self.checks)}

    def to_json(self) -> str:
        """:meth:`to_dict` as an indented JSON string."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        """Plain-text report: the headline and summary counts first, then the derived claims, the transcribed
        claims, the findings explained, and every check."""
        lines = [f"Replication audit of {self.data_dir}/claims.csv: {len(self.claims)} claims, "
                 f"{len(self.checks)} further checks", self.headline, "", f"{'':60}{'expected':>9}{'observed':>9}"]
        lines += [f"{r.part + ': ' + r.status:60}{r.expected:>9}{r.observed:>9}" for r in self.summary().itertuples()]
        verdict = ("every claim and check came out as expected" if self.ok else
                   f"NOT AS EXPECTED: claims {self.claim_mismatches}, checks {self.check_mismatches}")
        lines += ["", f"Result: {verdict}"]
        for kind, title in (("derived", "recomputed (printed | computed | difference | status | by)"),
                            ("transcribed", "validated at load (printed | status | checks using it | source)")):
            lines += ["", f"{kind.upper()} CLAIMS, {title}"]
            for r in self.claims[self.claims["kind"] == kind].itertuples():
                numbers = (f"{'—' if math.isnan(r.computed) else f'{r.computed:.6g}':>12} "
                           f"{'' if math.isnan(r.difference) else f'{r.difference:+.4g}':>10}  "
                           if kind == "derived" else "")
                lines.append(f"  {r.claim_id:42} {r.printed[:24]:24} {numbers}{r.status_label:16} "
                             + ("" if kind == "derived" else f"{r.checks:>3}  ") + r.source
                             + ("" if r.ok else f"   <-- expected {STATUS_LABELS[r.expected_status]}"))
        lines += ["", "NOT REPRODUCED EXACTLY"]
        for r in self.claims[self.claims["status"] != "reproduced"].itertuples():
            lines += [f"  {r.claim_id} ({r.location}): {r.status_label}.", f"      cause: {r.cause}",
                      f"      consequence: {r.consequence} Conclusion changes: {r.conclusion_changes}."]
        for family in CHECK_FAMILIES:
            sub = self.checks[self.checks["family"] == family]
            lines += ["", f"CHECKS: {family.upper()} ({int((sub['status'] == 'finding').sum())} findings of "
                          f"{len(sub)})"]
            for r in sub.itertuples():
                lines.append(f"  {r.check_id:44} {r.status:8} {r.result}"
                             + ("" if r.matches else f"   <-- expected {r.expected}"))
                if r.status == "finding" and r.cause:
                    lines.append(f"      cause: {r.cause} Consequence: {r.consequence}")
        return "\n".join(lines)


def audit(data, sections: dict | None = None) -> AuditReport:
    """Audit every claim and run every check on loaded ``data`` (``sections`` default: :func:`section_results`)."""
    sections = section_results(data) if sections is None else sections
    checks = all_checks(data, sections)
    missing = sorted(set(_findings(data, "check").index) - set(checks["check_id"]))
    return AuditReport(audit_claims(data, sections, checks), checks, display_path(data.folder), missing)


def run_audit(data_dir=None) -> AuditReport:
    """Command-line entry: load ``data_dir`` (default the book's ``data/``) and :func:`audit` it; no chapter runs.

    Raises DataValidationError for an invalid data file and FileNotFoundError when ``data_dir`` does not exist.
    """
    return audit(load_data(data_dir))


# ------------------------------------------------------------------------------------------- chapter 9
def claims_display(claims: pd.DataFrame) -> pd.DataFrame:
    """Reader-facing columns of :func:`audit_claims`: printed and computed side by side, with the explanation."""
    return pd.DataFrame({
        "Claim": claims["claim_id"], "Chapter": claims["chapter"], "Where printed": claims["location"], "Kind": claims["kind"],
        "Printed": claims["printed"],
        "Computed": ["—" if math.isnan(v) else f"{v:.6g}" for v in claims["computed"]],
        "Difference": ["" if math.isnan(v) else f"{v:+.3g}" for v in claims["difference"]],
        "Status": claims["status_label"], "Expected": claims["expected_status"].map(STATUS_LABELS),
        "Computed by": claims["source"], "Checks using it": claims["checks"], "Why": claims["cause"],
        "Consequence": claims["consequence"], "Conclusion changes?": claims["conclusion_changes"],
    }).reset_index(drop=True)


def registry_lookup(shown: pd.DataFrame) -> pd.DataFrame:
    """The registry as a replicator looks it up (chapter 9): the claim id, labelled as such, with the printed and
    computed values and the status (four columns, readable on a phone; the location is in ``claims.csv``)."""
    return shown[["Claim", "Printed", "Computed", "Status"]].rename(
        columns={"Claim": "Claim id (registry)"}).reset_index(drop=True)


def _short_descriptions(data, claim_ids) -> list[str]:
    """The registry's description of each claim, without the location prefix ("Table 1: ...") it often repeats."""
    described = data.claims.set_index("claim_id")["description"]
    return [str(described[c]).split(": ", 1)[-1] for c in claim_ids]


_CONCLUSION = {"no": "The conclusion stands.", "weakens": "A step of the argument is weakened.",
               "yes": "The conclusion changes."}


def _readable(text, registry: pd.DataFrame):
    """``text`` with each claim id it names ("the claim t1_nepal_agree") replaced by where and what the article
    prints ("the value printed in Table 1, 74.6"), for reader tables."""
    if not isinstance(text, str):
        return text
    where = registry.set_index("claim_id")

    def place(match):
        row = where.loc[match.group(2)]
        return f"the value printed in {row['location']}, {row['printed']}"
    return re.sub(r"\b(the claim |claim )?(" + "|".join(map(re.escape, sorted(where.index, key=len, reverse=True)))
                  + r")\b", place, text)


def _explained(what, frame: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """Three reader columns for findings: what, the most likely cause, and what it does to the argument (with
    whether the conclusion changes, in words). Claim ids in the explanations become places in the article."""
    effect = [f"{c} {_CONCLUSION.get(str(k), '')}".strip() if isinstance(c, str) else _CONCLUSION.get(str(k), "—")
              for c, k in zip(frame["consequence"], frame["conclusion_changes"])]
    return pd.DataFrame({"Finding": list(what), "Most likely cause": [_readable(c, registry) for c in frame["cause"]],
                         "What it does to the argument": [_readable(e, registry) for e in effect]})


def survey_intervals(data, confidence: float = 0.95) -> pd.DataFrame:
    """Wilson and Clopper-Pearson intervals (percent, :func:`~paradiplomacy.methods.intervals.shares`) for every
    survey share the article prints: ``claim_id, location, printed, count, count_status, wilson_low, ...``."""
    ids, printed, where = zip(*_survey_percentages(data))
    wilson = intervals.shares(printed, data.n, confidence, "wilson", ids)
    exact = intervals.shares(printed, data.n, confidence, "exact", ids)
    return pd.DataFrame({"claim_id": ids, "location": where, "printed": printed, "count": wilson["count"].array,
                         "count_status": wilson["count_status"], "wilson_low": 100 * wilson["low"],
                         "wilson_high": 100 * wilson["high"], "exact_low": 100 * exact["low"],
                         "exact_high": 100 * exact["high"]})


def results(data, confidence: float = 0.95) -> Results:
    """Chapter 9's audit and intervals (its paired comparisons and BRI sweep: ``paper.comparisons.results``,
    :func:`paradiplomacy.replication.sensitivity.results`).

    Values: ``x_n, x_confidence_pct, x_alpha, x_claims_total, x_derived, x_transcribed, x_derived_<status>``,
    ``x_derived_reproduced_pct``, ``x_transcribed_checked`` (used by a check), ``x_checks_total, x_findings,
    x_audit_mismatches``, ``x_<claim>_printed / _computed`` for the slips discussed, ``x_bri_partners``,
    ``x_weakening`` (claims whose finding weakens a step), ``x_<grim|sums|names>_total / _findings``,
    ``x_grim_impossible``; ``x_intervals_total, x_intervals_from_share, x_interval_width_min/max,
    x_exact_wider_max``; ``x_<count>_in_words`` for the counts the prose spells out (:func:`in_words`: words below
    ten, digits from ten on, so that an edited copy of the data never leaves the prose without its value). Tables: ``summary, unreproduced, explained, families, findings, findings_explained``
    (reader tables: descriptions and locations, no ids), ``claims, checks, intervals`` (registry lookups for
    replicators: the id column is labelled as such; five or six columns, so that they read on a phone); chart
    ``status``.
    """
    confidence = intervals.validate_confidence(confidence)
    report = audit(data)
    claims, checks, counts = report.claims, report.checks, report.counts()
    v: dict = {"x_n": data.n, "x_confidence_pct": f"{100 * confidence:g}", "x_alpha": f"{1 - confidence:.2g}",
               "x_claims_total": len(claims), "x_derived": counts["derived"], "x_transcribed": counts["transcribed"],
               **{f"x_derived_{code}": counts[code] for code in STATUS_LABELS},
               "x_derived_reproduced_pct": 100 * counts["reproduced"] / counts["derived"],
               "x_transcribed_checked": counts["transcribed_checked"], "x_checks_total": len(checks),
               "x_findings": int((checks["status"] == "finding").sum()),
               "x_audit_mismatches": len(report.claim_mismatches) + len(report.check_mismatches),
               "x_weakening": int((claims["conclusion_changes"] == "weakens").sum())}
    by_claim = claims.set_index("claim_id")
    for cid in ("t3_education_2_pct", "t1_kyrgyzstan_agree", "t1_nepal_agree", "s31_bri_pct_agree",
                "s5_bri_half_of_countries"):
        v[f"x_{cid}_printed"] = by_claim.loc[cid, "printed"].rstrip("%")
        v[f"x_{cid}_computed"] = float(by_claim.loc[cid, "computed"])
    context = data.bilateral_context.set_index("indicator_id")["value"]
    v["x_bri_partners"] = int(context["bri_partner_countries"])
    for key, family in (("grim", 0), ("sums", 1), ("names", 5)):
        sub = checks[checks["family"] == CHECK_FAMILIES[family]]
        v[f"x_{key}_total"], v[f"x_{key}_findings"] = len(sub), int((sub["status"] == "finding").sum())
    grim = checks[(checks["family"] == CHECK_FAMILIES[0]) & (checks["status"] == "finding")]
    v["x_grim_impossible"] = ", ".join(grim["subject"])
    # counts that can pass ten on an edited copy of the data, spelled out for prose whatever their size
    for key in ("derived_rounding", "derived_discrepancy", "derived_not_computable", "audit_mismatches", "weakening",
                "grim_findings", "sums_findings", "names_findings"):
        v[f"x_{key}_in_words"] = in_words(v[f"x_{key}"])
    derived = claims[claims["kind"] == "derived"]
    shares = derived["status_label"].value_counts().reindex(list(STATUS_LABELS.values()), fill_value=0)
    status = pd.DataFrame({"Status": shares.index, "share": 100 * shares.to_numpy() / len(derived)})
    shown = claims_display(claims)
    unreproduced = claims[claims["status"].ne("reproduced")]
    found = checks[checks["status"] != "ok"]
    summary = report.summary()
    tables = {"summary": pd.DataFrame({"What": summary["part"].str.capitalize() + ": " + summary["status"],
                                       "Expected (registry)": summary["expected"],
                                       "Observed (this run)": summary["observed"]}),
              "claims": registry_lookup(shown),
              "unreproduced": pd.DataFrame({
                  "Number (where printed)": [f"{d} ({w})" for d, w in zip(
                      _short_descriptions(data, unreproduced["claim_id"]), unreproduced["location"])],
                  "Printed → computed": [f"{p} → {c}" for p, c in zip(unreproduced["printed"],
                                                                      shown.loc[unreproduced.index, "Computed"])],
                  "Status": unreproduced["status_label"].to_numpy()}),
              "explained": _explained([f"{w}: {d}" for w, d in zip(
                  unreproduced["location"], _short_descriptions(data, unreproduced["claim_id"]))], unreproduced,
                  data.claims),
              "families": checks.groupby("family", sort=False).agg(
                  Checks=("check_id", "size"), Findings=("status", lambda s: int((s == "finding").sum())))
              .reset_index().rename(columns={"family": "Family"}),
              "findings": pd.DataFrame({"Kind of check": found["family"].to_numpy(),
                                        "Printed (where)": [f"{p} ({w})" for p, w in zip(found["printed"],
                                                                                         found["location"])],
                                        "What the check found": found["result"].to_numpy()}),
              "findings_explained": _explained([f"{w}, printed {p}" for w, p in zip(found["location"], found["printed"])],
                                               found, data.claims),
              "checks": checks[["check_id", "printed", "status", "result"]].rename(columns={
                  "check_id": "Check id (registry)", "printed": "Printed", "status": "Status",
                  "result": "Result"}).reset_index(drop=True)}
    chart = {"status": partial(charts.part_to_whole,
        status, category="Status", share="share", sort=False,
        title="Replication status of the article's derived numbers",
        description=("Horizontal bars giving the share of the article's derived numbers (those it computed from other "
                     "printed numbers) in each status: reproduced, within rounding, discrepancy and not computable. "
                     "Most are reproduced; the other three bars are small. Transcribed numbers are not shown: they "
                     "are validated when the data load, not reproduced."),
        axis_title="Share of derived numbers (%)")}

    spans = survey_intervals(data, confidence)
    widths = spans["wilson_high"] - spans["wilson_low"]
    v.update({"x_intervals_total": len(spans), "x_intervals_from_share": int(spans["count"].isna().sum()),
              "x_intervals_from_share_in_words": in_words(int(spans["count"].isna().sum())),
              "x_interval_width_min": float(widths.min()), "x_interval_width_max": float(widths.max()),
              "x_exact_wider_max": float(((spans["exact_high"] - spans["exact_low"]) - widths).max())})
    span = {name: spans[f"{key}_low"].map("{:.1f}".format) + "–" + spans[f"{key}_high"].map("{:.1f}".format)
            for key, name in (("wilson", "Wilson (%)"), ("exact", "Clopper–Pearson (%)"))}
    tables["intervals"] = spans.assign(**span)[["claim_id", "printed", "count", *span]].rename(columns={
        "claim_id": "Claim id (registry)", "printed": "% (printed)", "count": "Count (reconstructed)"})

    return Results("Replication audit", v, tables, chart)


def registry_status(data) -> Results:
    """What the registry expects of its claims, derived and transcribed apart (chapter 8's closing count).

    Values ``x_registry_total``, ``x_registry_transcribed`` (validated when the data load, not reproductions),
    ``x_registry_derived`` and ``x_registry_derived_<status>`` for every expected status of the descriptor; table
    ``unresolved``: the claims whose expected status is not ``reproduced``, in registry order.
    """
    # Only what the counts and the table show is taken (Data.columns, Data.rows), so the build cache re-runs
    # chapter 8 when a claim's kind or status changes, not when a printed number of a reproduced claim does.
    registry = data.columns("claims", ["kind", "expected_status"])
    derived = registry[registry["kind"] == "derived"]
    counts = derived["expected_status"].value_counts()
    statuses = data.enum("claims", "expected_status")
    values = {f"x_registry_derived_{s}": int(counts.get(s, 0)) for s in statuses}
    values.update(x_registry_total=len(registry), x_registry_derived=len(derived),
                  x_registry_transcribed=int((registry["kind"] == "transcribed").sum()))
    unresolved = data.rows("claims", "expected_status", [s for s in statuses if s != "reproduced"])[
        ["claim_id", "chapter", "location", "printed", "expected_status", "note"]]
    shown = unresolved.rename(columns={"claim_id": "Claim", "chapter": "Chapter", "location": "Where printed",
                                       "printed": "Printed", "expected_status": "Status", "note": "Why"})
    return Results("Replication status", values=values,
                   tables={"unresolved": shown.style.hide(axis="index")})
