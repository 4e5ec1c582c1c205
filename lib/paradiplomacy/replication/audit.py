"""Replication audit: every claim of ``data/claims.csv`` recomputed, plus the checks that are not claims.

:func:`run_audit` does not execute any chapter. It loads every data file once (:func:`paradiplomacy.data.load.load_all`)
and, for each claim of the registry,

* a ``transcribed`` claim takes its value from the tidy data row(s) that carry its ``claim_id``;
* a ``derived`` claim is recomputed by the lib function registered for it in :func:`claim_computations`
  (the Table 1 summaries with :func:`paradiplomacy.paper.friendliness.agree_share` / ``weighted_mean``, the Table 3
  percentages from the counts, the BRI averages with ``unweighted_group_means``, and so on);
* the two claims that cannot be recomputed from printed numbers get a reason instead of a value.

The comparison with the printed number is :func:`paradiplomacy.data.claims.compare_glued`, the rule the chapter
tests use, so the audit and the book cannot disagree. The observed status must equal the registry's
``expected_status``; :attr:`AuditReport.ok` is False otherwise (and ``python -m paradiplomacy audit`` exits 1).

The checks that are not claims have their own ids and expected outcomes (:data:`KNOWN_FINDINGS`): GRIM
granularity of every one-decimal survey percentage with n = 410, the sum of every printed distribution, every
Table 1 summary against its row, the BRI / non-BRI averages (which countries, rounding or truncation), figures
against the text, and names, labels and statements that contradict the rest of the paper. No value in ``data/``
is corrected: printed values stay as printed, and the recomputed value is shown beside it.
"""
from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass, field
from fractions import Fraction
from os import PathLike


__all__ = [
    "STATUS_LABELS", "CHECK_FAMILIES", "Explanation", "EXPLANATIONS", "KNOWN_FINDINGS", "NOT_COMPUTABLE",
    "PAPER_STATEMENTS", "Computation", "claim_computations", "audit_claims", "grim_checks", "sum_checks",
    "table1_summary_checks", "bri_checks", "figure_text_checks", "statement_checks", "all_checks",
    "AuditReport", "run_audit", "survey_intervals", "claims_display",
]

#: Reader-facing names of the four statuses of ``claims.csv``.
STATUS_LABELS = {"reproduced": "reproduced", "rounding": "within rounding", "discrepancy": "discrepancy",
                 "not_computable": "not computable"}
#: Families of checks that are not claims, in report order.
CHECK_FAMILIES = ("GRIM granularity", "Distribution sums", "Table 1 summaries", "BRI and non-BRI averages",
                  "Figures against the text", "Names, labels and statements")

_SURVEY_END = "2024-12-31"  # the survey ran in the last quarter of 2024 (s1_survey_final_quarter_2024)


@dataclass(frozen=True)
class Explanation:
    """Why a number does not reproduce, and whether it matters.

    Attributes
    ----------
    cause : str
        The most likely cause.
    consequence : str
        What it does to the article's argument.
    conclusion_changes : str
        ``"no"``, ``"weakens"`` or ``"yes"``: does the article's conclusion change?
    """

    cause: str
    consequence: str
    conclusion_changes: str = "no"


#: Explanations of the claims that do not reproduce exactly (keyed by claim_id).
EXPLANATIONS: dict[str, Explanation] = {
    "t3_education_2_pct": Explanation(
        "A keying slip in the percentage column. The count agrees with the sample size and with the other "
        "blocks, and the printed share would need three more respondents than the printed count.",
        "None: Table 3 only describes who answered. The education shares add up to more than 100 as a result."),
    "t1_kyrgyzstan_agree": Explanation(
        "Probably a slip. The printed value is neither the sum of the row's answers 4 to 6 nor a share that any "
        "whole number of the 410 respondents can produce.",
        "It enters the BRI average; with the row's own sum that average rises slightly, so the BRI gap widens."),
    "t1_nepal_agree": Explanation(
        "A typing slip in one digit (a 4 for an 8). The row itself sums to 100, so the distribution is the "
        "better record.",
        "It lowers the BRI average by about two-thirds of a point; corrected, the BRI gap widens."),
    "s31_bri_pct_agree": Explanation(
        "The unweighted mean of the six printed shares was cut off after two decimals instead of rounded.",
        "None: the difference is a few thousandths of a point."),
    "s5_bri_half_of_countries": Explanation(
        "Loose wording or an older membership count. About 150 partners out of the 193 UN member states (a "
        "denominator the paper does not print) is well over half.",
        "None: the argument needs only that the BRI is large and centrally steered."),
    "s4_continue_economic_text": Explanation(
        "Figure 2's description prints only the tallest bar. The text's share probably adds 'continue as normal' "
        "to 'continue in a limited way', but the first bar is printed nowhere.",
        "The qualitative point (economic ties are protected more) holds under both readings; the text's 'not "
        "significant' rests on numbers the reader cannot check, and the paired bounds show it depends on the "
        "unpublished joint answers.", "weakens"),
    "s4_continue_sociocultural_text": Explanation(
        "As for the economic share: the text's figure is not one of the bars Figure 2 prints.",
        "As for the economic share.", "weakens"),
}

#: Checks (not claims) expected to report a finding, with their explanation. Every other check is expected ok.
KNOWN_FINDINGS: dict[str, Explanation] = {
    "grim.t1_kazakhstan_agree": Explanation(
        "% Agree is the sum of three rounded shares, and such a sum need not be a possible share itself; the "
        "reconstructed counts give a possible value one tenth lower.", "None."),
    "grim.t1_kyrgyzstan_agree": Explanation(
        "Neither a possible share nor the row sum: the same slip as the claim t1_kyrgyzstan_agree.",
        "As for that claim: the BRI average is slightly understated."),
    "grim.t1_philippines_agree": Explanation(
        "As for Kazakhstan: a sum of three rounded shares; the reconstructed counts give a possible value one "
        "tenth away.", "None."),
    "grim.kyrgyzstan_government_friendly": Explanation(
        "No whole number of 410 respondents gives this share. Either a typing slip (the nearest possible values "
        "are one or two tenths away) or the share was taken over fewer respondents, e.g. after dropping missing "
        "answers, which the paper does not report.",
        "None: the share is far above India's and Japan's whatever the count."),
    "sum.table3_pct.education": Explanation(
        "The slip in the secondary-school percentage (claim t3_education_2_pct).", "None."),
    "t1summary.kyrgyzstan.agree": Explanation(
        "See the claim t1_kyrgyzstan_agree.", "Slightly understates the BRI average."),
    "t1summary.nepal.agree": Explanation(
        "See the claim t1_nepal_agree.", "Understates the BRI average by about two-thirds of a point."),
    "bri.bri_mean": Explanation(
        "Truncated, not rounded, at two decimals.", "None."),
    "bri.grouping": Explanation(
        "The averages imply a grouping in which the Philippines, a BRI signatory since 2018, counts as non-BRI; "
        "the paper does not say why.",
        "Small: counting it as BRI lowers both averages, and the gap stays large and significant under every "
        "defensible grouping (see the sensitivity table)."),
    "figtext.figure2": Explanation(
        "The text's shares are probably 'continue as normal' plus 'continue in a limited way'; Figure 2's "
        "description gives only the second.",
        "The direction of the finding survives; its 'not significant' cannot be checked from what is printed.",
        "weakens"),
    "figtext.figure3": Explanation(
        "The yes/no labels of Figure 3's description are most likely swapped: swapped, every local bar shows a "
        "clear majority saying yes, in line with the text and the central-government answers.",
        "If the figure were right and the text wrong, the public-opinion leg of 'constrained liberalism' would "
        "collapse; with the labels swapped it stands.", "weakens"),
    "names.chengdu_bangladesh": Explanation(
        "Bangalore is meant: the same paragraph dates Chengdu–Bangalore municipal relations to 2005.", "None."),
    "names.china_kazakhstan": Explanation(
        "Kyrgyzstan is meant: the subsection, and the paragraph, are about China–Kyrgyzstan relations.", "None."),
    "names.fieldwork_four_countries": Explanation(
        "Table 2 places interviews only in China and Kyrgyzstan (two of them online from Hong Kong and "
        "Chongqing); none was held in India or Japan.",
        "The India and Japan cases rest on the survey and secondary sources, not on fieldwork there; the "
        "conclusion's claim of fieldwork support is overstated for them.", "weakens"),
    "names.tourist_rank": Explanation(
        "Two sources (a 2024 travel-industry ranking and a foreign-ministry figure of unstated year) rank Chinese "
        "visitors to Japan differently.", "None: context only."),
    "names.japan_most_ties": Explanation(
        "On CPAFFC's own counts the USA has more ties with China than Japan; the statement rests on older AidData "
        "and CLAIR figures, and the authors call the CPAFFC list incomplete.", "None for the survey results."),
    "names.india_ndb": Explanation(
        "The NDB does finance India, but India is not a BRI member, as the paper itself says in Section 5.2.",
        "None: a loose description of the bank."),
    "names.income_band_gap": Explanation(
        "The top band should read 'above 35,000'.", "None."),
    "names.interview_dates": Explanation(
        "One interview is dated after the survey had closed (and two ten years before it); Footnote 2 mentions "
        "earlier unpublished material.",
        "None for the survey; the interviews cannot have shaped the questionnaire, only its reading."),
}

#: Claims that cannot be recomputed from printed numbers, with the reason.
NOT_COMPUTABLE: dict[str, str] = {
    "s4_continue_economic_text": "Figure 2 prints only its tallest bar (63.4, 'continue in a limited way'); the "
                                 "text's 79.0 would need the unprinted 'continue as normal' bar.",
    "s4_continue_sociocultural_text": "Figure 2 prints only its tallest bar (49.0); the text's 73.9 would need the "
                                      "unprinted 'continue as normal' bar.",
}

#: Words of the paper that the data tables do not hold (they hold numbers), used by :func:`statement_checks`; one
#: entry is a close paraphrase (marked), to keep quotations short.
#: Each entry: (printed words, location). Quotations are kept short.
PAPER_STATEMENTS: dict[str, tuple[str, str]] = {
    "china_kazakhstan": ("China–Kazakhstan subnational relations", "Section 5.1, paragraph 7"),
    "section_51_heading": ("China–Kyrgyzstan subnational relations", "Section 5.1 (heading)"),
    "japan_most_ties": ("more subnational ties with Japan than with any other partner (paraphrased)",
                        "Section 4, paragraph 1"),
    "india_ndb": ("supports BRI members including India", "Section 3.1, paragraph 2"),
    "fieldwork": ("fieldwork interviews in all four countries", "Section 6, paragraph 6"),
    "figure3_text": ("a significant majority", "Section 4, paragraph 7"),
}


@dataclass(frozen=True)
class Computation:
    """How the audit obtains one claim's value.

    Attributes
    ----------
    value : float or None
        The value our code computes; None when it cannot be computed.
    method : str
        Where the value comes from (a data row, or the lib function and its inputs).
    reason : str
        Why no value can be computed (empty otherwise).
    """

    value: float | None
    method: str
    reason: str = ""


# ------------------------------------------------------------------------------------------- claims
#: Data frames of :func:`paradiplomacy.data.load.load_all` that carry a ``claim_id`` column, with their file names.
_CLAIM_FILES = ("table1", "table1_summary", "survey_design", "survey_items", "case_perceptions", "external_surveys",
                "demographics", "dyads", "tie_counts", "bilateral_context", "policy_timeline", "text_facts")


def _frac(printed: str) -> Fraction:
    from paradiplomacy.numbers import parse_printed

    return Fraction(parse_printed(printed))


def _survey_n(frames) -> int:
    design = frames["survey_design"]
    return int(design.loc[design["parameter"] == "n_respondents", "value"].iloc[0])


def _table1_rows(frames) -> dict[str, list[str]]:
    table = frames["table1"].sort_values(["response"], kind="stable")
    return {c: list(b["printed"]) for c, b in table.groupby("country", sort=False)}


def _derived(frames, data_dir) -> dict[str, Computation]:
    """The registered recomputation of every derived claim (lib functions on the loaded frames)."""
    from paradiplomacy.paper import friendliness
    from paradiplomacy.paper import opinion

    n = _survey_n(frames)
    out: dict[str, Computation] = {}
    out["t2_n_interviews"] = Computation(float(len(frames["interviews"])), "rows of Table 2 (interviews.csv)")
    demo = frames["demographics"]
    counts = demo[demo["measure"] == "count"].set_index(["characteristic", "order"])["value"]
    for r in demo[demo["measure"] == "percent"].itertuples():
        k = int(counts[(r.characteristic, r.order)])
        out[r.claim_id] = Computation(float(Fraction(100 * k, n)), f"100 × {k} / {n} (Table 3 count)")
    rows = _table1_rows(frames)
    summary = frames["table1_summary"]
    for r in summary.itertuples():
        shares = rows[r.country]
        if r.statistic == "pct_agree":
            out[r.claim_id] = Computation(float(friendliness.agree_share(shares)),
                                          f"friendliness.agree_share: {' + '.join(shares[3:])}")
        else:
            out[r.claim_id] = Computation(float(friendliness.weighted_mean(shares)),
                                          "friendliness.weighted_mean of the printed row")
    membership = frames["bri_membership"]
    paper = tuple(membership.loc[membership["paper_group"] == "BRI", "country"])
    agree = {r.country: r.printed for r in summary[summary["statistic"] == "pct_agree"].itertuples()}
    means = friendliness.unweighted_group_means(agree, paper)
    out["s31_bri_pct_agree"] = Computation(float(means["BRI"]), "friendliness.unweighted_group_means, BRI: "
                                           + ", ".join(paper))
    out["s31_non_bri_pct_agree"] = Computation(float(means["non-BRI"]), "friendliness.unweighted_group_means, "
                                               "non-BRI: " + ", ".join(c for c in agree if c not in paper))
    for cid, reason in NOT_COMPUTABLE.items():
        out[cid] = Computation(None, "", reason)
    grew = opinion.grew_up_share(data_dir)
    out["s4_grew_up_reform_era"] = Computation(float(grew["share"]), f"opinion.grew_up_share: {grew['count']} "
                                               f"of {grew['n']} respondents under 50 (Table 3)")
    ties = opinion.tie_totals(data_dir)
    out["s5_agreements_3000"] = Computation(float(ties["total"]), "opinion.tie_totals: 2,500 + 500")
    context = frames["bilateral_context"].set_index("indicator_id")["value"]
    partners = float(context["bri_partner_countries"])
    out["s5_bri_half_of_countries"] = Computation(
        opinion.bri_share_of_countries(partners),
        f"opinion.bri_share_of_countries: {partners:g} partners / {opinion.UN_MEMBER_STATES} UN member states "
        "(193 is not printed in the paper)")
    dyads = frames["dyads"].set_index("dyad_id")
    timeline = frames["policy_timeline"].set_index("event_id")
    first, start = int(dyads.loc["urumqi_bishkek", "year"]), int(timeline.loc["china_kyrgyzstan_relations", "year"])
    out["s51_subnational_one_year_after"] = Computation(float(first - start), f"{first} (Urumqi–Bishkek) − {start}")
    trade, total = context["kyrgyzstan_trade_with_china"], context["kyrgyzstan_trade_total"]
    out["s51_trade_china_share_2023"] = Computation(float(100 * trade / total), f"100 × {trade:g} / {total:g}")
    cases = frames["case_perceptions"].set_index(["country", "item"])["value"]
    out["s52_people_friendly_restated"] = Computation(float(cases[("India", "people_friendly")]),
                                                      "restates india_people_friendly")
    out["s52_important_restated"] = Computation(
        float(min(cases[("India", "important_diplomacy")], cases[("India", "important_economy")])),
        "smaller of india_important_diplomacy and india_important_economy ('over' 80)")
    out["s53_subnational_important_restated"] = Computation(float(cases[("Japan", "subnational_important")]),
                                                            "restates japan_subnational_important")
    means_printed = summary[summary["statistic"] == "mean"]
    lowest = means_printed["value"] == means_printed["value"].min()
    out["s6_two_least_friendly"] = Computation(float(lowest.sum()), "Table 1 countries with the lowest printed "
                                               "mean: " + ", ".join(means_printed.loc[lowest, "country"]))
    assert set(out) <= set(frames["claims"]["claim_id"]), sorted(set(out) - set(frames["claims"]["claim_id"]))
    return out


def claim_computations(frames, data_dir=None) -> dict[str, Computation]:
    """How every claim of the registry is obtained by the book's code.

    Parameters
    ----------
    frames : dict
        From :func:`paradiplomacy.data.load.load_all`.
    data_dir : str or path-like, optional
        The same data directory (some lib functions take it rather than frames).

    Returns
    -------
    dict of str to Computation
        One entry per claim. A transcribed claim whose rows disagree, or that no tidy table holds, and a derived
        claim with no registered computation, get ``value=None`` and a reason (the audit then fails).
    """
    registry = frames["claims"]
    rows: dict[str, list[tuple[float, str]]] = {}
    from paradiplomacy.data.load import FILES

    for name in _CLAIM_FILES:
        frame = frames[name]
        column = "value" if "value" in frame.columns else "year"  # dyads and the timeline date their claims
        for cid, value in zip(frame["claim_id"], frame[column]):
            if isinstance(cid, str) and cid:
                rows.setdefault(cid, []).append((float(value), FILES[name]))
    derived = _derived(frames, data_dir)
    out = {}
    for claim in registry.itertuples():
        cid = claim.claim_id
        if claim.kind == "derived":
            out[cid] = derived.get(cid, Computation(None, "", "no computation is registered for this derived claim"))
            continue
        found = rows.get(cid, [])
        values = {v for v, _ in found}
        files = sorted({f for _, f in found})
        if not found:
            out[cid] = Computation(None, "", "no tidy data row carries this claim_id")
        elif len(values) > 1:
            out[cid] = Computation(None, "", f"its rows disagree: {sorted(values)}")
        else:
            out[cid] = Computation(values.pop(), f"transcribed: {', '.join(files)} ({len(found)} row"
                                                 f"{'s' if len(found) > 1 else ''})")
    return out


def audit_claims(frames, data_dir=None):
    """Every claim: printed value, computed value, difference and status, beside the expected status.

    Parameters
    ----------
    frames : dict
        From :func:`paradiplomacy.data.load.load_all`.
    data_dir : str or path-like, optional
        The same data directory.

    Returns
    -------
    pandas.DataFrame
        One row per claim in registry order: ``claim_id, chapter, location, kind, printed, value`` (the printed
        number), ``computed`` (NaN when not computable), ``difference`` (computed - value), ``status`` (observed:
        ``reproduced``, ``rounding``, ``discrepancy`` or ``not_computable``), ``status_label`` (see
        :data:`STATUS_LABELS`), ``expected_status``, ``ok`` (observed == expected), ``method``, ``reason`` (why
        not computable), ``cause``, ``consequence`` and ``conclusion_changes`` (from :data:`EXPLANATIONS`; empty
        for claims that reproduce).
    """
    import pandas as pd

    from paradiplomacy.data.claims import compare_glued

    registry = frames["claims"]
    comps = claim_computations(frames, data_dir)
    values = {cid: c.value for cid, c in comps.items() if c.value is not None}
    observed = {}
    for chapter in dict.fromkeys(registry["chapter"]):
        table = compare_glued(values, registry, chapter)
        observed.update(dict(zip(table["claim_id"], zip(table["observed_status"], table["difference"]))))
    rows = []
    for claim in registry.itertuples():
        comp = comps[claim.claim_id]
        status, diff = observed.get(claim.claim_id, ("not_computable", math.nan))
        explanation = EXPLANATIONS.get(claim.claim_id)
        rows.append({
            "claim_id": claim.claim_id, "chapter": claim.chapter, "location": claim.location, "kind": claim.kind,
            "printed": claim.printed, "value": float(claim.value),
            "computed": math.nan if comp.value is None else float(comp.value),
            "difference": float(diff), "status": status, "status_label": STATUS_LABELS.get(status, status),
            "expected_status": claim.expected_status, "ok": status == claim.expected_status,
            "method": comp.method, "reason": comp.reason,
            "cause": explanation.cause if explanation else "",
            "consequence": explanation.consequence if explanation else "",
            "conclusion_changes": explanation.conclusion_changes if explanation else "",
        })
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------------- checks
def _row(check_id, family, subject, location, printed, computed, status, result):
    explanation = KNOWN_FINDINGS.get(check_id)
    expected = "finding" if check_id in KNOWN_FINDINGS else ("info" if status == "info" else "ok")
    return {"check_id": check_id, "family": family, "subject": subject, "location": location,
            "printed": printed, "computed": computed, "status": status, "expected": expected,
            "matches": status == expected, "result": result,
            "cause": explanation.cause if explanation else "",
            "consequence": explanation.consequence if explanation else "",
            "conclusion_changes": explanation.conclusion_changes if explanation else ""}


def _survey_percentages(frames):
    """(claim_id, printed, location, source file) of every percentage of the n survey respondents."""
    out = []
    t1 = frames["table1"]
    out += [(r.claim_id, r.printed, r.location, "table1_friendliness.csv") for r in t1.itertuples()]
    s = frames["table1_summary"]
    out += [(r.claim_id, r.printed, r.location, "table1_summary.csv")
            for r in s[s["statistic"] == "pct_agree"].itertuples()]
    d = frames["demographics"]
    out += [(r.claim_id, r.printed, r.location, "demographics.csv") for r in d[d["measure"] == "percent"].itertuples()]
    out += [(r.claim_id, r.printed, r.location, "survey_items.csv") for r in frames["survey_items"].itertuples()]
    out += [(r.claim_id, r.printed, r.location, "case_perceptions.csv")
            for r in frames["case_perceptions"].itertuples()]
    return out


def grim_checks(frames, window: int = 60) -> list[dict]:
    """GRIM check of every one-decimal percentage of the survey's respondents.

    Parameters
    ----------
    frames : dict
        From :func:`paradiplomacy.data.load.load_all`.
    window : int, default 60
        Sample sizes searched on each side of n for the nearest n that would make an impossible share possible.

    Returns
    -------
    list of dict
        One row (see :func:`all_checks`) per one-decimal share printed as a percentage of the n respondents
        (Table 1, Table 3, Section 4 items and figures, case-study items); ``status`` is ``finding`` when no whole
        number of n respondents gives the printed value (half-up rounding). Whole-number shares are skipped: with
        n = 410 every whole percentage is possible.
    """
    from paradiplomacy.methods.grim import grim_percent
    from paradiplomacy.numbers import decimals_of

    n = _survey_n(frames)
    rows = []
    seen = set()
    for cid, printed, location, source in _survey_percentages(frames):
        if decimals_of(printed) != 1 or cid in seen:
            continue
        seen.add(cid)
        g = grim_percent(printed, n, n_range=range(max(2, n - window), n + window + 1))
        if g.consistent:
            fits = ", ".join(map(str, g.counts))
            rows.append(_row(f"grim.{cid}", CHECK_FAMILIES[0], cid, location, printed, fits, "ok",
                             f"possible: {fits} of {n}"))
        else:
            below = [m for m in g.feasible_n if m < n][-1:]
            above = [m for m in g.feasible_n if m > n][:1]
            sizes = " or ".join(str(m) for m in below + above) or "none nearby"
            rows.append(_row(f"grim.{cid}", CHECK_FAMILIES[0], cid, location, printed, "",
                             "finding", f"impossible with n = {n}: nearest possible {g.nearest_below} or "
                                        f"{g.nearest_above}; possible with n = {sizes}"))
    return rows


def sum_checks(frames) -> list[dict]:
    """Does every printed distribution add up (shares to 100 within rounding, Table 3 counts to n)?

    Parameters
    ----------
    frames : dict
        From :func:`paradiplomacy.data.load.load_all`.

    Returns
    -------
    list of dict
        Table 1 rows, Table 3 percentage and count blocks, and the distribution items of Section 4 (Figure 1, the
        two regulation questions, the four bars of Figure 3). ``status`` is ``finding`` when the sum is off by
        more than rounding can explain (:func:`paradiplomacy.numbers.sum_check`).
    """
    from paradiplomacy.numbers import sum_check

    n = _survey_n(frames)
    fam = CHECK_FAMILIES[1]
    rows = []
    for country, shares in _table1_rows(frames).items():
        s = sum_check(shares)
        off = "" if s.total == 100 else f" (off by {float(s.difference):+.1f}, within rounding)" if s.ok else ""
        rows.append(_row(f"sum.table1.{country.lower()}", fam, f"Table 1, {country}", "Table 1", " + ".join(shares),
                         f"{s.total}", "ok" if s.ok else "finding", f"sums to {s.total}{off}"))
    demo = frames["demographics"]
    for ch, block in demo.groupby("characteristic", sort=False):
        pct = list(block.loc[block["measure"] == "percent", "printed"])
        s = sum_check(pct)
        rows.append(_row(f"sum.table3_pct.{ch}", fam, f"Table 3 {ch}, percentages", "Table 3", " + ".join(pct),
                         f"{s.total}", "ok" if s.ok else "finding",
                         f"sums to {s.total} (rounding allows ±{s.tolerance})"))
        cnt = [int(v) for v in block.loc[block["measure"] == "count", "value"]]
        rows.append(_row(f"sum.table3_count.{ch}", fam, f"Table 3 {ch}, counts", "Table 3",
                         " + ".join(map(str, cnt)), str(sum(cnt)), "ok" if sum(cnt) == n else "finding",
                         f"counts sum to {sum(cnt)}, n = {n}"))
    items = frames["survey_items"]
    dist = items[items["kind"] == "distribution"]
    for (item, group), block in dist.groupby(["item_id", "group"], sort=False):
        printed = list(block["printed"])
        s = sum_check(printed)
        rows.append(_row(f"sum.{item}.{group}", fam, f"{item} ({group})", block["location"].iloc[0],
                         " + ".join(printed), f"{s.total}", "ok" if s.ok else "finding", f"sums to {s.total}"))
    return rows


def table1_summary_checks(frames) -> list[dict]:
    """Every printed Table 1 "% Agree" and "Mean" against the distribution it summarises.

    Parameters
    ----------
    frames : dict
        From :func:`paradiplomacy.data.load.load_all`.

    Returns
    -------
    list of dict
        Two rows per country. % Agree: the sum of answers 4-6 rounded to the printed decimals; Mean: the weighted
        mean rounded to a whole number, with its distance from the nearest rounding boundary. ``status`` is
        ``finding`` unless :func:`paradiplomacy.numbers.compare_value` reproduces the printed number.
    """
    from paradiplomacy.numbers import compare_value
    from paradiplomacy.paper.friendliness import agree_share, weighted_mean

    fam = CHECK_FAMILIES[2]
    rows = []
    summary = frames["table1_summary"].set_index(["country", "statistic"])["printed"]
    for country, shares in _table1_rows(frames).items():
        agree = agree_share(shares)
        cmp = compare_value(summary[(country, "pct_agree")], agree)
        note = " (printed without a decimal)" if cmp.decimals == 0 else ""
        rows.append(_row(f"t1summary.{country.lower()}.agree", fam, f"{country} % Agree", "Table 1",
                         cmp.printed, f"{float(agree):.1f}", "ok" if cmp.status == "reproduced" else "finding",
                         f"row gives {float(agree):.1f}, rounds to {cmp.rounded}: {STATUS_LABELS[cmp.status]}{note}"))
        mean = weighted_mean(shares)
        cmp = compare_value(summary[(country, "mean")], mean)
        margin = abs(float(mean) - (math.floor(float(mean)) + 0.5))
        rows.append(_row(f"t1summary.{country.lower()}.mean", fam, f"{country} Mean", "Table 1", cmp.printed,
                         f"{float(mean):.3f}", "ok" if cmp.status == "reproduced" else "finding",
                         f"weighted mean {float(mean):.3f} rounds to {cmp.rounded} ({margin:.3f} from a rounding "
                         f"boundary): {STATUS_LABELS[cmp.status]}"))
    return rows


def bri_checks(frames) -> list[dict]:
    """The BRI / non-BRI averages of Section 3.1: which countries, and rounding or truncation.

    Parameters
    ----------
    frames : dict
        From :func:`paradiplomacy.data.load.load_all`.

    Returns
    -------
    list of dict
        ``bri.bri_mean`` and ``bri.non_bri_mean`` (printed against the unweighted mean of the printed % Agree,
        rounded and truncated), ``bri.grouping`` (how many of the 2046 splits of the eleven countries into two
        non-empty groups reproduce both printed averages, and whether the one that does matches BRI membership),
        and ``bri.row_sums`` (the two averages with each country's own row sum, shown beside the printed ones).
    """
    from paradiplomacy.numbers import format_decimal, round_decimal
    from paradiplomacy.paper.friendliness import agree_share, unweighted_group_means

    fam = CHECK_FAMILIES[3]
    claims = frames["claims"].set_index("claim_id")["printed"]
    printed = {"BRI": claims["s31_bri_pct_agree"].rstrip("%"), "non-BRI": claims["s31_non_bri_pct_agree"].rstrip("%")}
    summary = frames["table1_summary"]
    agree = {r.country: r.printed for r in summary[summary["statistic"] == "pct_agree"].itertuples()}
    membership = frames["bri_membership"]
    paper = tuple(membership.loc[membership["paper_group"] == "BRI", "country"])
    members = tuple(membership.loc[membership["bri_member"].astype(bool), "country"])
    means = unweighted_group_means(agree, paper)
    rows = []
    for group, cid in (("BRI", "bri.bri_mean"), ("non-BRI", "bri.non_bri_mean")):
        value = means[group]
        rounded = format_decimal(round_decimal(value, 2, "half_up"), 2)
        cut = format_decimal(round_decimal(value, 2, "truncate"), 2)
        how = ("rounded" if rounded == printed[group] else "truncated, not rounded" if cut == printed[group]
               else "neither rounded nor truncated")
        rows.append(_row(cid, fam, f"{group} average of printed % Agree", "Section 3.1, paragraph 5", printed[group],
                         f"{float(value):.4f}", "ok" if how == "rounded" else "finding",
                         f"mean {float(value):.4f}: rounds to {rounded}, truncates to {cut}; printed value is {how}"))
    countries = list(agree)
    matches = []
    for size in range(1, len(countries)):
        for group in itertools.combinations(countries, size):
            m = unweighted_group_means(agree, group)
            ok = all(printed[g] in (format_decimal(round_decimal(m[g], 2, "half_up"), 2),
                                    format_decimal(round_decimal(m[g], 2, "truncate"), 2)) for g in ("BRI", "non-BRI"))
            if ok:
                matches.append(group)
    splits = 2 ** len(countries) - 2
    unique = len(matches) == 1 and set(matches[0]) == set(paper)
    differ = sorted(set(members) ^ set(paper))
    rows.append(_row("bri.grouping", fam, "Countries behind the two averages", "Section 3.1, paragraph 5",
                     f"{printed['BRI']} / {printed['non-BRI']}", "; ".join(", ".join(m) for m in matches),
                     "finding" if differ or not unique else "ok",
                     f"{len(matches)} of {splits} splits reproduce both averages"
                     + (" (the paper's grouping)" if unique else "")
                     + (f"; it differs from BRI membership for {', '.join(differ)}" if differ else "")))
    rows_sum = {c: agree_share(s) for c, s in _table1_rows(frames).items()}
    fixed = unweighted_group_means(rows_sum, paper)
    rows.append(_row("bri.row_sums", fam, "The averages with each row's own % Agree", "Section 3.1, paragraph 5",
                     f"{printed['BRI']} / {printed['non-BRI']}", f"{float(fixed['BRI']):.2f} / {float(fixed['non-BRI']):.2f}",
                     "info", f"with the row sums (Nepal, Kyrgyzstan and Australia's decimal corrected in code, not in "
                             f"data/) the averages are {float(fixed['BRI']):.2f} and {float(fixed['non-BRI']):.2f}"))
    return rows


def figure_text_checks(frames) -> list[dict]:
    """Do the figures' descriptions say what the text says about them?

    Parameters
    ----------
    frames : dict
        From :func:`paradiplomacy.data.load.load_all`.

    Returns
    -------
    list of dict
        ``figtext.figure2``: the text's "continue" shares against the bars Figure 2 prints (and the "continue as
        normal" shares the text would imply); ``figtext.figure3``: the largest "yes" share of Figure 3 against the
        text's majority, with the yes/no labels swapped as the alternative reading; ``figtext.figure1``: Figure 1's
        two largest slices against the order the text gives (consistent).
    """
    items = frames["survey_items"]
    fam = CHECK_FAMILIES[4]
    get = items.set_index(["item_id", "group", "category"])["printed"]
    rows = []
    text = {g: get[("tension_continue_text", g, "continue")] for g in ("economic", "sociocultural")}
    bars = {g: get[("fig2_tension", g, "continue_limited")] for g in ("economic", "sociocultural")}
    implied = {g: _frac(text[g]) - _frac(bars[g]) for g in text}
    same = all(text[g] == bars[g] for g in text)
    rows.append(_row("figtext.figure2", fam, "Figure 2 against Section 4, paragraph 4", "Figure 2 (alt text)",
                     f"text {text['economic']} / {text['sociocultural']}",
                     f"Figure 2 {bars['economic']} / {bars['sociocultural']}", "ok" if same else "finding",
                     "the text cites Figure 2 for shares the figure does not print; if the text adds both 'continue' "
                     f"bars, 'continue as normal' is {float(implied['economic']):.1f} and "
                     f"{float(implied['sociocultural']):.1f}"))
    fig3 = items[items["item_id"] == "fig3_public_opinion"]
    yes = fig3[fig3["category"] == "yes"]
    no = fig3[fig3["category"] == "no"]
    central = items[items["item_id"] == "central_public_opinion"]
    majority = (yes["value"] > 50).all()
    swapped = (no["value"] > 50).all()
    rows.append(_row("figtext.figure3", fam, "Figure 3 against Section 4, paragraph 7", "Figure 3 (alt text)",
                     PAPER_STATEMENTS["figure3_text"][0], f"largest 'yes' {yes['value'].max():g}",
                     "ok" if majority else "finding",
                     f"'yes' is at most {yes['value'].max():g} on the four bars, no majority; with the labels swapped "
                     f"every bar is at least {no['value'].min():g}" + (", a majority" if swapped else "")
                     + f", like the central-government answers ({', '.join(central['printed'])})"))
    fig1 = items[items["item_id"] == "fig1_partner_factor"].sort_values("value", ascending=False, kind="stable")
    top = list(fig1["category"].iloc[:2])
    said = ["shared_economic_interests", "common_political_ideologies"]
    rows.append(_row("figtext.figure1", fam, "Figure 1 against Section 4, paragraph 3", "Figure 1 (alt text)",
                     "economic reasons, then political ideologies", " then ".join(fig1["printed"].iloc[:2]),
                     "ok" if top == said else "finding",
                     "the two largest slices are " + " and ".join(t.replace("_", " ") for t in top)
                     + (", in the order the text gives" if top == said else ", not the text's order")))
    return rows


def statement_checks(frames) -> list[dict]:
    """Names, labels and statements that contradict the rest of the paper or the tables.

    Parameters
    ----------
    frames : dict
        From :func:`paradiplomacy.data.load.load_all` (plus the short quotations of :data:`PAPER_STATEMENTS`).

    Returns
    -------
    list of dict
        ``names.chengdu_bangladesh`` (a dyad partner printed as a country name), ``names.china_kazakhstan`` (a
        country named in a subsection whose every data row concerns another), ``names.fieldwork_four_countries``
        (Section 6 against Table 2), ``names.tourist_rank`` (two ranks of the same visitors), ``names.japan_most_ties``
        (the largest partner against CPAFFC's counts), ``names.india_ndb`` (India as a BRI member),
        ``names.income_band_gap`` (Table 3's top income band) and ``names.interview_dates`` (Table 2's dates against
        the survey period).
    """
    fam = CHECK_FAMILIES[5]
    rows = []
    dyads = frames["dyads"].set_index("dyad_id")
    known = set(frames["aiddata"]["country"]) | set(frames["bri_membership"]["country"])
    for dyad_id, d in dyads.iterrows():
        for side in ("a", "b"):
            partner, country = d[f"partner_{side}"], d[f"country_{side}"]
            if partner in known and partner != country:
                same_city = dyads[(dyads["partner_a"] == d["partner_a"]) & (dyads.index != dyad_id)]
                other = ", ".join(f"{r.partner_a}–{r.partner_b} ({int(r.year)})" for r in same_city.itertuples()
                                  if r.year == r.year)
                rows.append(_row(f"names.{dyad_id}", fam, f"{d['partner_a']}–{d['partner_b']}", d["location"],
                                 partner, country, "finding",
                                 f"'{partner}' is a country, not a city of {country}"
                                 + (f"; the same paragraph names {other}" if other else "")))
    name, where = PAPER_STATEMENTS["china_kazakhstan"]
    heading = PAPER_STATEMENTS["section_51_heading"][0]
    located = []
    for key in ("case_perceptions", "dyads", "tie_counts", "bilateral_context", "policy_timeline"):
        f = frames[key]
        sub = f[f["location"].str.startswith("Section 5.1")]
        for col in [c for c in f.columns if c == "country" or c.startswith("country_") or c == "partner"]:
            located += list(sub[col])
    countries = sorted(set(located) - {"China", "World"})
    named = name.split(" ")[0].split("–")[1]
    rows.append(_row("names.china_kazakhstan", fam, name, where, named, ", ".join(countries),
                     "finding" if named not in countries else "ok",
                     f"the subsection is headed '{heading}' and every data row located in it concerns "
                     f"{', '.join(countries)}"))
    facts = frames["text_facts"].set_index("fact_id")
    said = int(facts.loc["fieldwork_countries", "value"])
    table = _interview_places(frames)
    places = sorted(set(table["country"].dropna()))
    rows.append(_row("names.fieldwork_four_countries", fam, PAPER_STATEMENTS["fieldwork"][0],
                     PAPER_STATEMENTS["fieldwork"][1], str(said), f"{len(places)} ({', '.join(places)})",
                     "ok" if len(places) >= said else "finding",
                     f"Table 2 places interviews in {len(places)} countries: {', '.join(places)}"))
    cohort = facts.loc["chinese_rank_among_tourists_to_japan_2024"]
    source = facts.loc["china_rank_as_tourist_source_to_japan"]
    rows.append(_row("names.tourist_rank", fam, "Rank of Chinese visitors to Japan",
                     f"{cohort['location']}; {source['location']}", f"{int(cohort['value'])} / {int(source['value'])}",
                     "", "ok" if cohort["value"] == source["value"] else "finding",
                     f"ranked {int(cohort['value'])} in one paragraph and {int(source['value'])} in another"))
    ties = frames["tie_counts"].set_index("count_id")
    usa, japan = int(ties.loc["usa_cpaffc_2024", "value"]), int(ties.loc["japan_cpaffc_2025", "value"])
    clair = int(ties.loc["japan_clair_2017", "value"])
    rows.append(_row("names.japan_most_ties", fam, PAPER_STATEMENTS["japan_most_ties"][0],
                     PAPER_STATEMENTS["japan_most_ties"][1], f"Japan {japan} (CPAFFC)", f"USA {usa} (CPAFFC)",
                     "finding" if usa > japan else "ok",
                     f"on CPAFFC's counts the USA ({usa}, via commentary 000) exceeds Japan ({japan}); CLAIR's "
                     f"{clair} for Japan would support the statement"))
    bri = frames["bri_membership"].set_index("country")
    india_member = bool(bri.loc["India", "bri_member"])
    rows.append(_row("names.india_ndb", fam, PAPER_STATEMENTS["india_ndb"][0], PAPER_STATEMENTS["india_ndb"][1],
                     "India as a BRI member", f"bri_member = {'yes' if india_member else 'no'}",
                     "ok" if india_member else "finding",
                     "India has not joined the BRI (bri_membership.csv, and Section 5.2 of the paper)"))
    demo = frames["demographics"]
    income = list(dict.fromkeys(demo.loc[demo["characteristic"] == "income", "category"]))
    upper = int(income[-2].split("–")[1].replace(",", ""))
    lower = int(income[-1].replace(">", "").replace(",", "").strip())
    rows.append(_row("names.income_band_gap", fam, "Table 3 income bands", "Table 3", f"{income[-2]}; {income[-1]}",
                     "", "ok" if lower == upper else "finding",
                     f"the last two bands end at {upper:,} and start above {lower:,}, so {lower:,} is in neither"))
    dates = frames["interviews"]
    late = dates[dates["date"] > _SURVEY_END]
    early = dates[dates["date"] < "2015-01-01"]
    rows.append(_row("names.interview_dates", fam, "Table 2 dates against the survey (late 2024)", "Table 2",
                     ", ".join(late["date_printed"]), f"{len(late)} after, {len(early)} before 2015",
                     "finding" if len(late) else "ok",
                     f"{len(late)} interview dated after the survey closed ({', '.join(late['date_printed'])}); "
                     f"{len(early)} dated 2014"))
    return rows


def _interview_places(frames):
    """Table 2 with a ``country`` column (as :func:`paradiplomacy.paper.design.interview_table`), from loaded frames.

    Parameters
    ----------
    frames : dict
        From :func:`paradiplomacy.data.load.load_all`.

    Returns
    -------
    pandas.DataFrame
        ``place`` and ``country`` (the country named at the end of the place; Hong Kong SAR counts as China).
    """
    table = frames["interviews"][["number", "place"]].copy()
    country = table["place"].str.extract(r"(China|Kyrgyzstan|India|Japan|Hong Kong SAR)\)?\s*$", expand=False)
    table["country"] = country.replace({"Hong Kong SAR": "China"})
    return table


def all_checks(frames):
    """Every check that is not a claim, in :data:`CHECK_FAMILIES` order.

    Parameters
    ----------
    frames : dict
        From :func:`paradiplomacy.data.load.load_all`.

    Returns
    -------
    pandas.DataFrame
        ``check_id, family, subject, location, printed, computed, status`` (``ok``, ``finding`` or ``info``),
        ``expected`` (``finding`` for the ids of :data:`KNOWN_FINDINGS`, ``info`` for informational rows, else
        ``ok``), ``matches``, ``result`` (what was found), ``cause, consequence, conclusion_changes``.
    """
    import pandas as pd

    rows = (grim_checks(frames) + sum_checks(frames) + table1_summary_checks(frames) + bri_checks(frames)
            + figure_text_checks(frames) + statement_checks(frames))
    frame = pd.DataFrame(rows)
    dupes = frame["check_id"][frame["check_id"].duplicated()]
    if len(dupes):  # pragma: no cover - a programming error
        raise ValueError(f"check ids used twice: {sorted(set(dupes))}")
    return frame


# ------------------------------------------------------------------------------------------- report
@dataclass
class AuditReport:
    """Result of :func:`run_audit`.

    Attributes
    ----------
    claims : pandas.DataFrame
        :func:`audit_claims`.
    checks : pandas.DataFrame
        :func:`all_checks`.
    data_dir : str
        The data directory audited (as shown to the reader).
    """

    claims: object
    checks: object
    data_dir: str
    missing_findings: list = field(default_factory=list)

    @property
    def claim_mismatches(self) -> list[str]:
        """Claims whose observed status differs from ``expected_status``."""
        return list(self.claims.loc[~self.claims["ok"], "claim_id"])

    @property
    def check_mismatches(self) -> list[str]:
        """Checks whose outcome differs from the expected one (a known finding no longer found, or a new one),
        plus known findings whose check did not run at all."""
        return list(self.checks.loc[~self.checks["matches"], "check_id"]) + list(self.missing_findings)

    @property
    def ok(self) -> bool:
        """True when every claim and every check came out as expected."""
        return not self.claim_mismatches and not self.check_mismatches

    def summary(self):
        """Counts by status: expected (registry) and observed (this audit), then findings per check family.

        Returns
        -------
        pandas.DataFrame
            ``section`` (``claims`` or ``checks``), ``status`` (reader-facing label or check family),
            ``expected``, ``observed``.
        """
        import pandas as pd

        rows = []
        for code, label in STATUS_LABELS.items():
            rows.append({"section": "claims", "status": label,
                         "expected": int((self.claims["expected_status"] == code).sum()),
                         "observed": int((self.claims["status"] == code).sum())})
        for family in CHECK_FAMILIES:
            sub = self.checks[self.checks["family"] == family]
            rows.append({"section": "checks", "status": f"{family}: findings of {len(sub)} checks",
                         "expected": int((sub["expected"] == "finding").sum()),
                         "observed": int((sub["status"] == "finding").sum())})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        """The whole report as JSON-ready data (NaN becomes None)."""
        def clean(records):
            return [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
                    for r in records]

        return {"data_dir": self.data_dir, "ok": self.ok, "claim_mismatches": self.claim_mismatches,
                "check_mismatches": self.check_mismatches,
                "summary": self.summary().to_dict("records"),
                "claims": clean(self.claims.to_dict("records")), "checks": clean(self.checks.to_dict("records"))}

    def to_json(self) -> str:
        """:meth:`to_dict` as an indented JSON string."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        """Plain-text report: summary counts first, then every claim, the explanations and every check."""
        lines = [f"Replication audit of {self.data_dir}/claims.csv: {len(self.claims)} claims, "
                 f"{len(self.checks)} further checks", ""]
        summary = self.summary()
        lines.append(f"{'':60}{'expected':>9}{'observed':>9}")
        for r in summary.itertuples():
            lines.append(f"{r.section + ': ' + r.status:60}{r.expected:>9}{r.observed:>9}")
        verdict = ("every claim and check came out as expected" if self.ok else
                   f"NOT AS EXPECTED: claims {self.claim_mismatches}, checks {self.check_mismatches}")
        lines += ["", f"Result: {verdict}", "", "CLAIMS (printed | computed | difference | status)"]
        for r in self.claims.itertuples():
            computed = "—" if math.isnan(r.computed) else f"{r.computed:.6g}"
            diff = "" if math.isnan(r.difference) else f"{r.difference:+.4g}"
            flag = "" if r.ok else f"   <-- expected {STATUS_LABELS[r.expected_status]}"
            lines.append(f"  {r.claim_id:42} {r.printed[:28]:28} {computed:>12} {diff:>10}  {r.status_label}{flag}")
        lines += ["", "NOT REPRODUCED EXACTLY"]
        for r in self.claims[self.claims["status"] != "reproduced"].itertuples():
            lines.append(f"  {r.claim_id} ({r.location}): {r.status_label}. {r.reason or r.method}")
            if r.cause:
                lines.append(f"      cause: {r.cause}")
                lines.append(f"      consequence: {r.consequence} Conclusion changes: {r.conclusion_changes}.")
        for family in CHECK_FAMILIES:
            sub = self.checks[self.checks["family"] == family]
            lines += ["", f"CHECKS: {family.upper()} ({int((sub['status'] == 'finding').sum())} findings of "
                          f"{len(sub)})"]
            for r in sub.itertuples():
                flag = "" if r.matches else f"   <-- expected {r.expected}"
                lines.append(f"  {r.check_id:44} {r.status:8} {r.result}{flag}")
                if r.cause and r.status == "finding":
                    lines.append(f"      cause: {r.cause} Consequence: {r.consequence}")
        return "\n".join(lines)


def run_audit(data_dir: str | PathLike[str] | None = None) -> AuditReport:
    """Audit every claim and run every check (no chapter is executed).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files (default: the book's ``data/``).

    Returns
    -------
    AuditReport

    Raises
    ------
    paradiplomacy.errors.DataValidationError
        If a data file is invalid (from the loaders).
    FileNotFoundError
        If ``data_dir`` does not exist.
    """
    from paradiplomacy.data import load
    from paradiplomacy.paths import display_path, resolve_data_dir

    directory = resolve_data_dir(data_dir)
    frames = load.load_all(directory)
    claims = audit_claims(frames, directory)
    checks = all_checks(frames)
    missing = sorted(set(KNOWN_FINDINGS) - set(checks["check_id"]))
    return AuditReport(claims=claims, checks=checks, data_dir=display_path(directory), missing_findings=missing)


# ------------------------------------------------------------------------------------------- display
def claims_display(claims, only_unreproduced: bool = False):
    """Reader-facing columns of :func:`audit_claims` (printed and computed side by side).

    Parameters
    ----------
    claims : pandas.DataFrame
        :attr:`AuditReport.claims`.
    only_unreproduced : bool, default False
        Keep only the claims whose status is not ``reproduced``, with their explanation.

    Returns
    -------
    pandas.DataFrame
        ``Claim, Chapter, Printed, Computed, Difference, Status, Expected`` (plus ``Why`` - the reason or cause -,
        ``Consequence`` and ``Conclusion changes?`` when ``only_unreproduced``). Numbers are formatted as text
        (up to six significant digits; "—" when not computable).
    """
    import pandas as pd

    sub = claims[claims["status"] != "reproduced"] if only_unreproduced else claims
    out = pd.DataFrame({
        "Claim": sub["claim_id"], "Chapter": sub["chapter"], "Printed": sub["printed"],
        "Computed": ["—" if math.isnan(v) else f"{v:.6g}" for v in sub["computed"]],
        "Difference": ["" if math.isnan(v) else f"{v:+.3g}" for v in sub["difference"]],
        "Status": sub["status_label"], "Expected": sub["expected_status"].map(STATUS_LABELS),
    })
    if only_unreproduced:
        out["Why"] = [r or c for r, c in zip(sub["reason"], sub["cause"])]
        out["Consequence"] = list(sub["consequence"])
        out["Conclusion changes?"] = list(sub["conclusion_changes"])
    return out.reset_index(drop=True)


def survey_intervals(data_dir: str | PathLike[str] | None = None, confidence: float = 0.95):
    """A confidence interval for every survey proportion the article prints, by two methods.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.
    confidence : float, default 0.95
        Two-sided level.

    Returns
    -------
    pandas.DataFrame
        One row per printed share of the n respondents (Table 1 answers and % Agree, Table 3, the Section 4 items
        and Figures 1-3, the case-study items; a printed number covering two items appears once): ``claim_id,
        source, location, printed, count`` (reconstructed from published percentages; the closest count when
        several fit), ``count_status``, ``wilson_low, wilson_high`` (Wilson score, percent) and ``exact_low,
        exact_high`` (Clopper-Pearson, percent). For a share no count can produce, the interval is computed from
        the printed share itself (see :func:`paradiplomacy.methods.stats.proportion_table`).
    """
    import pandas as pd

    from paradiplomacy.data import load
    from paradiplomacy.methods import stats

    confidence = stats.validate_confidence(confidence)
    frames = load.load_all(data_dir)
    n = _survey_n(frames)
    seen, rows = set(), []
    for cid, printed, location, source in _survey_percentages(frames):
        if cid not in seen:
            seen.add(cid)
            rows.append((cid, source, location, printed))
    printed = [r[3] for r in rows]
    wilson = stats.proportion_table(printed, n, confidence, "wilson")
    exact = stats.proportion_table(printed, n, confidence, "exact")
    return pd.DataFrame({
        "claim_id": [r[0] for r in rows], "source": [r[1] for r in rows], "location": [r[2] for r in rows],
        "printed": printed, "count": wilson["count"].array, "count_status": list(wilson["count_status"]),
        "wilson_low": 100 * wilson["low"].to_numpy(), "wilson_high": 100 * wilson["high"].to_numpy(),
        "exact_low": 100 * exact["low"].to_numpy(), "exact_high": 100 * exact["high"].to_numpy(),
    })
