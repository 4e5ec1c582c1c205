"""How much do the article's conclusions depend on what it does not publish: which countries count as BRI, and
how respondents' answers go together (the joint tables, :func:`bounds_note`, chapter 10)?

Three countries' BRI status is arguable (:data:`ARGUABLE`; reasons in ``bri_membership.csv``). :func:`direct_table`
computes the comparison under each of the eight groupings by calling chapter 3's ``friendliness.results``;
:func:`run_sweep` runs chapter 3 itself once per grouping with papermill and :func:`compare_sweep` checks that the
two agree (``make sensitivity``).
"""
from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from paradiplomacy import charts
from paradiplomacy.data import load_data
from paradiplomacy.data.claims import glued_values
from paradiplomacy.errors import ParameterError
from paradiplomacy.methods import bounds, intervals
from paradiplomacy.paper import comparisons, friendliness
from paradiplomacy.paper.results import Results, format_p
from paradiplomacy.paths import book_root

__all__ = ["ARGUABLE", "SWEEP_CHAPTER", "SWEEP_GLUES", "Classification", "classifications", "direct_table",
           "run_sweep", "compare_sweep", "results", "bounds_note", "p_span", "paired_display"]

#: Table 1 countries whose BRI status is arguable.
ARGUABLE = ("Philippines", "Singapore", "Australia")
#: The chapter run by :func:`run_sweep`.
SWEEP_CHAPTER = "03_policy_bri"
#: Values of chapter 3 (``friendliness.results``) collected per grouping -> column of :func:`direct_table`.
SWEEP_GLUES: dict[str, str] = {
    "x_bri_group_mean": "bri_mean", "x_non_bri_group_mean": "non_bri_mean", "x_bri_gap": "gap",
    "x_bri_group_mean_rows": "bri_mean_rows", "x_non_bri_group_mean_rows": "non_bri_mean_rows",
    "x_bri_gap_rows": "gap_rows", "x_bri_test_count_gap": "count_gap", "x_bri_test_ci_low": "ci_low",
    "x_bri_test_ci_high": "ci_high", "x_bri_test_t_min": "t_min", "x_bri_test_p_max": "p_max",
    "x_bri_test_dz_min": "dz_min", "x_bri_test_sd_ratio": "sd_ratio", "x_bri_test_verdict": "verdict",
}


@dataclass(frozen=True)
class Classification:
    """One grouping of the Table 1 countries (``bri`` in Table 1 order); ``short`` is a chart label (<= 24 chars)."""

    key: str
    label: str
    short: str
    bri: tuple[str, ...]
    is_paper: bool
    is_membership: bool


def classifications(data) -> list[Classification]:
    """The unambiguous BRI countries plus each combination of :data:`ARGUABLE`: eight groupings, the article's
    first, then the membership lists', then the rest. ParameterError (``data_dir``) if ``bri_membership.csv``
    makes another country ambiguous."""
    countries = data.enum("table1", "country")
    paper, members = set(friendliness.paper_bri_countries(data)), set(friendliness.member_bri_countries(data))
    ambiguous = sorted((paper ^ members) - set(ARGUABLE))
    if ambiguous:
        raise ParameterError("data_dir", f"bri_membership.csv makes {ambiguous} ambiguous as well")
    core = {c for c in countries if c in paper and c in members and c not in ARGUABLE}
    out = []
    for flags in itertools.product((False, True), repeat=len(ARGUABLE)):
        chosen = core | {c for c, f in zip(ARGUABLE, flags) if f}
        bri = tuple(c for c in countries if c in chosen)
        is_paper, is_members = chosen == paper, chosen == members
        name = "The article's grouping" if is_paper else "BRI membership lists" if is_members else "Alternative"
        short = ("Article" if is_paper else "Membership lists" if is_members else
                 "+".join(c[:3] for c, f in zip(ARGUABLE, flags) if f) or "Core only")
        out.append(Classification(
            key="_".join(f"{c[:2].lower()}-{'in' if f else 'out'}" for c, f in zip(ARGUABLE, flags)),
            label=f"{name}: " + ", ".join(f"{c} {'in' if f else 'out'}" for c, f in zip(ARGUABLE, flags)),
            short=short, bri=bri, is_paper=is_paper, is_membership=is_members))
    return sorted(out, key=lambda c: (not c.is_paper, not c.is_membership, c.key))


def direct_table(data, confidence: float = 0.95) -> pd.DataFrame:
    """Chapter 3's grouping values under every grouping, as ``friendliness.results(data, confidence,
    bri_countries=...)`` computes them (:func:`paradiplomacy.paper.friendliness.grouping_values` on one Table 1
    check): ``key, label, short, is_paper, is_membership, bri_countries, n_bri`` and one column per value of
    :data:`SWEEP_GLUES`."""
    data = load_data(data)  # the command line passes a folder
    confidence = intervals.validate_confidence(confidence)
    t1 = friendliness.table1_check(data, confidence)  # the same under every grouping: made once
    rows = []
    for cl in classifications(data):
        chosen = friendliness.validate_bri_countries(list(cl.bri), data)
        values = friendliness.grouping_values(t1, chosen, data.n, confidence)
        rows.append({"key": cl.key, "label": cl.label, "short": cl.short, "is_paper": cl.is_paper,
                     "is_membership": cl.is_membership, "bri_countries": ", ".join(cl.bri), "n_bri": len(cl.bri),
                     **{column: values[name] for name, column in SWEEP_GLUES.items()}})
    return pd.DataFrame(rows)


def run_sweep(out_dir, data_dir=None, keys=None, confidence: float = 0.95) -> pd.DataFrame:
    """Run chapter 3 once per grouping with papermill (its ``bri_countries`` parameter); collect its glued values.

    Writes the executed notebooks, ``sensitivity.csv`` and ``sensitivity.json`` to ``out_dir``; returns one row
    per grouping: ``key, bri_countries``, one column per name of :data:`SWEEP_GLUES`, ``notebook``.
    ParameterError names ``keys`` (unknown grouping) or ``confidence``.
    """
    import jupytext  # the notebook tools are imported here, not with the module: chapter 9 and the audit,
    import nbformat  # which import this module, never run the sweep
    import papermill

    confidence = intervals.validate_confidence(confidence)
    chosen = classifications(load_data(data_dir))
    if keys is not None:
        unknown = [k for k in keys if k not in {c.key for c in chosen}]
        if unknown:
            raise ParameterError("keys", f"unknown grouping(s) {unknown}; expected some of {[c.key for c in chosen]}")
        chosen = [c for c in chosen if c.key in set(keys)]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    chapters = book_root() / "chapters"
    source = out / f"{SWEEP_CHAPTER}.input.ipynb"
    nbformat.write(jupytext.read(chapters / f"{SWEEP_CHAPTER}.md"), source)
    rows = []
    for cl in chosen:
        target = out / f"{SWEEP_CHAPTER}.{cl.key}.ipynb"
        parameters = {"bri_countries": list(cl.bri), "confidence": confidence}
        if data_dir is not None:
            parameters["data_dir"] = str(Path(data_dir).resolve())
        papermill.execute_notebook(str(source), str(target), parameters=parameters, kernel_name="python3",
                                   cwd=str(chapters), progress_bar=False, log_output=False)
        glued = glued_values(target)
        rows.append({"key": cl.key, "bri_countries": ", ".join(cl.bri),
                     **{name: glued.get(name) for name in SWEEP_GLUES}, "notebook": str(target)})
    frame = pd.DataFrame(rows)
    frame.to_csv(out / "sensitivity.csv", index=False)
    (out / "sensitivity.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")
    return frame


def compare_sweep(sweep: pd.DataFrame, direct: pd.DataFrame, tolerance: float = 1e-9) -> pd.DataFrame:
    """The papermill sweep against the direct computation: one row per grouping and value, ``key, glue, swept,
    direct, ok`` (numbers within ``tolerance``: glued values pass through ``repr`` and back; strings equal)."""
    by_key = direct.set_index("key")
    rows = []
    for r in sweep.to_dict("records"):
        for name, column in SWEEP_GLUES.items():
            swept, expected = r.get(name), by_key.loc[r["key"], column]
            ok = (swept == expected if isinstance(expected, str) else
                  swept is not None and math.isclose(float(swept), float(expected), rel_tol=0, abs_tol=tolerance))
            rows.append({"key": r["key"], "glue": name, "swept": swept, "direct": expected, "ok": bool(ok)})
    return pd.DataFrame(rows)


def results(data, confidence: float = 0.95) -> Results:
    """Chapter 9's BRI sections: the contrast with the article's grouping (chapter 3's test) and the sweep.

    Values: ``x_group_gap, x_group_sd_ratio, x_group_t_min, x_group_dz_min, x_group_ci_low/high,
    x_group_verdict``; ``x_core_bri, x_never_bri`` (BRI in every / no grouping), ``x_sweep_groupings,
    x_sweep_gap_min/max, x_sweep_smallest`` (label), ``x_sweep_robust`` (groupings significant for every joint
    table), ``x_sweep_ci_low_min``. Tables ``sweep_averages`` (the groupings, named by the arguable countries they count as
    BRI, and the article's statistic, also with the rows' own sums) and ``sweep_tests`` (the paired test), at most
    five columns each so that they read on a phone; chart ``sweep``.
    """
    sweep = direct_table(data, confidence)
    paper = sweep[sweep["is_paper"]].iloc[0].to_dict()
    v = {f"x_group_{k}": paper[c] if c == "verdict" else float(paper[c]) for k, c in (("gap", "count_gap"), ("sd_ratio", "sd_ratio"), ("t_min", "t_min"),
                                                ("dz_min", "dz_min"), ("ci_low", "ci_low"), ("ci_high", "ci_high"),
                                                ("verdict", "verdict"))}
    countries = data.enum("table1", "country")
    groups = [set(b.split(", ")) for b in sweep["bri_countries"]]
    v.update({"x_core_bri": ", ".join(c for c in countries if all(c in g for g in groups)),
              "x_never_bri": ", ".join(c for c in countries if not any(c in g for g in groups)),
              "x_sweep_groupings": len(sweep), "x_sweep_gap_min": float(sweep["gap"].min()),
              "x_sweep_gap_max": float(sweep["gap"].max()), "x_sweep_smallest": sweep.loc[sweep["gap"].idxmin(), "label"],
              "x_sweep_robust": int((sweep["verdict"] == bounds.VERDICTS[0]).sum()),
              "x_sweep_ci_low_min": float(sweep["ci_low"].min())})
    counted = [", ".join(c for c in ARGUABLE if c in g) or "none of them" for g in groups]
    named = [f"{label} ({c})" if paper or lists else c for label, c, paper, lists in
             zip(sweep["short"], counted, sweep["is_paper"], sweep["is_membership"])]
    contrast = [f"{g:.1f} ({lo:.1f} to {hi:.1f})" for g, lo, hi in zip(sweep["count_gap"], sweep["ci_low"], sweep["ci_high"])]
    two = "{:.2f}".format
    averages = pd.DataFrame({"Arguable countries counted as BRI": named,
                             "BRI (%)": sweep["bri_mean"].map(two), "Non-BRI (%)": sweep["non_bri_mean"].map(two),
                             "Gap": sweep["gap"].map(two), "Gap, row sums": sweep["gap_rows"].map(two)}).reset_index(drop=True)
    tests = pd.DataFrame({"Arguable countries counted as BRI": named,
                          "Respondents' contrast (widest interval)": contrast,
                          "Verdict": sweep["verdict"]}).reset_index(drop=True)
    chart = partial(charts.grouped_bars,
        sweep.assign(Measure="Respondents' contrast, widest interval"), category="short", group="Measure",
        share="count_gap", ci_low="ci_low", ci_high="ci_high",
        title=f"BRI minus non-BRI friendliness under {len(sweep)} groupings of the countries",
        description=(
            "Horizontal bars, one per grouping of the eleven Table 1 countries into BRI and non-BRI: the article's "
            "grouping, the public membership lists (with the Philippines as BRI) and alternatives that move the "
            "Philippines, Singapore and Australia. Each bar is the average over respondents of the share of BRI "
            "countries they find friendly minus the share of non-BRI countries, from counts reconstructed from "
            "published percentages, with error bars for the widest confidence interval any joint distribution of "
            "the answers allows. Every bar is well above zero and no interval reaches zero."),
        axis_title="Difference in share finding countries friendly (points)")
    return Results("BRI classification", v, {"sweep_averages": averages, "sweep_tests": tests}, {"sweep": chart})


def bounds_note(data, example: str = "Continue (text)", confidence: float = 0.95) -> Results:
    """Chapter 10: the comparison ``example`` (a label of :mod:`paradiplomacy.paper.comparisons`; ParameterError
    naming ``example`` otherwise) worked through, the BRI contrast, and the exercise's 9 and 3 of 12.

    Values: ``x_n, x_alpha, x_example, x_first, x_second, x_printed_first/second``; the counts followed
    ``x_k1, x_k2`` (the middle one when several fit) and ``x_k1_fits, x_k2_fits``; ``x_step`` (points per
    respondent); ``x_both_low/high, x_tables`` (Fréchet bounds); ``x_p_at_low/high, x_disc_at_low/high`` (the two
    ends; ``x_p_at_low/high_text``: the p-values as :func:`~paradiplomacy.paper.results.format_p` prints them); ``x_tables_significant, x_crossing`` (largest non-significant overlap, or "none"); ``x_verdict,
    x_needed, x_needed_pct, x_h``; ``x_group_gap, x_sd_max, x_sd_min, x_sd_ind, x_t_min, x_group_verdict``;
    ``x_toy_p_first, x_toy_p_last, x_toy_verdict`` (and ``x_toy_p_first/last_text``). Tables ``shown`` (three joint
    tables, p-values formatted), ``bounds`` (one measure a row), ``cells`` (the joint table's four cells, named); chart ``curve``.
    """
    confidence = intervals.validate_confidence(confidence)
    row, n, alpha = comparisons.comparison(data, example, confidence, parameter="example"), data.n, 1 - confidence
    k1, k2 = row["k1"][len(row["k1"]) // 2], row["k2"][len(row["k2"]) // 2]
    low, high = bounds.frechet_bounds(k1, k2, n)
    tables = bounds.joint_tables(k1, k2, n)
    significant = tables["exact_p"] < alpha
    crossing = int(tables.loc[~significant, "both"].max()) if (~significant).any() else "none"
    result = bounds.paired_bounds(k1, k2, n, confidence)
    v = {"x_n": n, "x_alpha": f"{alpha:.2g}", "x_example": example, "x_first": row["first"],
         "x_second": row["second"], "x_printed_first": row["printed_first"], "x_printed_second": row["printed_second"],
         "x_k1": int(k1), "x_k2": int(k2), "x_k1_fits": ", ".join(map(str, row["k1"])),
         "x_k2_fits": ", ".join(map(str, row["k2"])), "x_step": 100 / n, "x_both_low": low, "x_both_high": high,
         "x_tables": high - low + 1, "x_p_at_low": float(tables["exact_p"].iloc[0]),
         "x_p_at_high": float(tables["exact_p"].iloc[-1]),
         "x_p_at_low_text": format_p(float(tables["exact_p"].iloc[0])),
         "x_p_at_high_text": format_p(float(tables["exact_p"].iloc[-1])), "x_disc_at_low": int(tables["discordant"].iloc[0]),
         "x_disc_at_high": int(tables["discordant"].iloc[-1]), "x_tables_significant": int(significant.sum()),
         "x_crossing": crossing, "x_verdict": result.verdict, "x_needed": result.discordant_needed or 0,
         "x_needed_pct": 100 * (result.discordant_needed or 0) / n, "x_h": bounds.cohen_h(k1 / n, k2 / n)}
    t1 = friendliness.results(data, confidence).tables["table1"]
    group = bounds.group_contrast(dict(zip(t1["country"], t1["agree_count"].astype(int))),
                                  friendliness.paper_bri_countries(data), n, confidence)
    v.update({"x_group_gap": group.difference, "x_sd_max": group.sd_max, "x_sd_min": group.sd_min,
              "x_sd_ind": group.sd_independent, "x_t_min": group.t_min, "x_group_verdict": group.verdict})
    toy = bounds.joint_tables(9, 3, 12)
    v.update({"x_toy_p_first": float(toy["exact_p"].iloc[0]), "x_toy_p_last": float(toy["exact_p"].iloc[-1]),
              "x_toy_p_first_text": format_p(float(toy["exact_p"].iloc[0])),
              "x_toy_p_last_text": format_p(float(toy["exact_p"].iloc[-1])),
              "x_toy_verdict": bounds.paired_bounds(9, 3, 12).verdict})
    shown = tables.iloc[sorted({0, len(tables) // 2, len(tables) - 1})][
        ["both", "first_only", "second_only", "neither", "discordant", "exact_p"]].rename(columns={
            "both": "a: both", "first_only": "b: first only", "second_only": "c: second only", "neither": "d: neither",
            "discordant": "b + c", "exact_p": "Exact p"})
    shown["Exact p"] = shown["Exact p"].map(format_p)
    summed = bounds.bounds_table({example: result})
    summed[summed.columns[3]] = p_span(result.exact_p_min, result.exact_p_max)
    verdict = pd.DataFrame({"Measure": summed.columns[1:], "Value": summed.iloc[0, 1:].to_numpy()})
    curve = tables.rename(columns={"both": "Respondents answering yes to both", "exact_p": "p"}).assign(
        Test="Exact McNemar p-value")[["Respondents answering yes to both", "p", "Test"]]
    chart = partial(charts.line_series,
        curve, x="Respondents answering yes to both", y="p", series="Test",
        rule_at=None if crossing == "none" else crossing,
        rule_label=None if crossing == "none" else f"largest overlap with p ≥ {alpha:.2g}",
        y_title="Exact McNemar p-value", title=f"{example}: the paired test over every joint table",
        description=(
            "A line of the exact McNemar p-value (vertical axis) against the number of respondents who answered yes "
            "to both questions (horizontal axis), over every joint table the two printed shares allow. The p-value "
            "is largest when the overlap is smallest and falls towards zero as the overlap grows. A dashed vertical "
            "line, when shown, marks the largest overlap at which the test is not significant at the chosen level."))
    cells = pd.DataFrame({"second: yes": ["a (both)", "c (second only)"], "second: no": ["b (first only)", "d (neither)"]},
                         index=["first: yes", "first: no"])
    return Results("Method note: paired bounds", v, {"cells": cells, "shown": shown, "bounds": verdict},
                   {"curve": chart})


def p_span(low: float, high: float) -> str:
    """A range of p-values as a reader sees it (:func:`~paradiplomacy.paper.results.format_p` at both ends):
    ``"< 0.001 to 0.15"``, or one value when both ends print the same."""
    a, b = format_p(float(low)), format_p(float(high))
    return a if a == b else f"{a} to {b}"


def paired_display(pairs: Results) -> Results:
    """Chapter 9's reader tables of the paired comparisons (:func:`paradiplomacy.paper.comparisons.results`), split
    so that each reads on a phone: ``pairs_verdicts`` (comparison, shares, range of exact McNemar p-values,
    verdict) and ``pairs_effects`` (difference, Cohen's h, paired odds ratio). The comparison names its
    family where the label alone does not. Values ``x_text_p_low_text, x_text_p_high_text``: the text's
    economic/socio-cultural p-value range as :func:`~paradiplomacy.paper.results.format_p` prints it.
    """
    frame, shown = pairs.tables["comparisons"], pairs.tables["display"]
    cases = frame["family"] == comparisons.FAMILIES[4]
    named = [c if case else f"{c}, {f[0].lower() + f[1:]}" for c, f, case in
             zip(frame["comparison"], frame["family"], cases)]
    verdicts = pd.DataFrame({"Comparison": named, "Shares (%)": shown["Shares"],
                             "Exact McNemar p (range)": [p_span(a, b) for a, b in
                                                         zip(frame["exact_p_min"], frame["exact_p_max"])],
                             "Verdict": frame["verdict"]})
    effects = pd.DataFrame({"Comparison": named, "Difference (points)": shown["Difference"],
                            "Cohen's h": shown["Cohen's h"], "Paired odds ratio": shown["Odds ratio (range)"]})
    values = {"x_text_p_low_text": format_p(pairs.values["x_text_p_low"]),
              "x_text_p_high_text": format_p(pairs.values["x_text_p_high"])}
    return Results("Paired comparisons, reader tables", values,
                   {"pairs_verdicts": verdicts, "pairs_effects": effects})
