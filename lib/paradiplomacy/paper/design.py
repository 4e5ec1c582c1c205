"""Section 1 and Tables 2-3: the study's design, its interviews (Table 2) and its respondents (Table 3)."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import pandas as pd

from paradiplomacy import charts
from paradiplomacy.methods import grim, intervals
from paradiplomacy.numbers import compare_value, sum_check
from paradiplomacy.errors import DataValidationError
from paradiplomacy.paper.results import Results, transcribed
from paradiplomacy.paths import display_path

__all__ = ["results", "interview_places"]

CHAPTER = "01_introduction"
#: Where chapter 1's transcribed numbers are held: resource -> column with the value.
SOURCES = {"survey_design": "value", "policy_timeline": "year", "dyads": "year", "text_facts": "value"}
PANELS = {"age": "Age", "gender": "Gender", "education": "Education", "income": "Monthly income (RMB)"}
#: The country named at the end of a Table 2 place (an online interview "conducted in Hong Kong SAR" is China).
def interview_places(data) -> pd.DataFrame:
    """Table 2 (``interviews.csv``) with the ``country`` each place names and whether it was ``online``.

    The country is the one named at the end of the printed place; an online interview "conducted in Hong Kong SAR"
    counts as China, where the interviewer sat. A place that names none of China and the case-study countries is a
    :class:`~paradiplomacy.errors.DataValidationError` naming the file, row and column.
    """
    table = data.interviews
    countries = ("China",) + data.enum("case_perceptions", "country")
    pattern = "(" + "|".join(countries + ("Hong Kong SAR",)) + r")\)?\s*$"
    table["country"] = table["place"].str.extract(pattern, expand=False).replace({"Hong Kong SAR": "China"})
    unplaced = [int(i) + 2 for i in table.index[table["country"].isna()]]
    if unplaced:
        raise DataValidationError(display_path(data.folder / "interviews.csv"), unplaced, "place",
                                  "a place ending in " + ", ".join(countries) + " or Hong Kong SAR",
                                  table.loc[unplaced[0] - 2, "place"])
    table["online"] = table["place"].str.startswith("Online")
    return table


def _interviews(data) -> pd.DataFrame:
    """Table 2 as shown, with the ``country`` named in each place and whether the interview was ``online``."""
    table = interview_places(data)
    return pd.DataFrame({"No.": table["number"], "Interviewee": table["description"], "Place": table["place"],
                         "Date": table["date_printed"], "date": table["date"], "country": table["country"],
                         "online": table["online"]})


def _profile(data, confidence: float = 0.95) -> pd.DataFrame:
    """Table 3, one row per group: printed count and share, the share recomputed from the count, and its interval.

    Columns ``characteristic, category, count, pct_printed, pct_recomputed`` (100 * count / n), ``difference``,
    ``status`` (:func:`paradiplomacy.numbers.compare_value`), ``ci_low, ci_high`` (Wilson interval of the printed
    count, in percent), ``claim_count, claim_pct``.
    """
    n, demo = data.n, data.demographics
    table = demo[demo["measure"] == "count"].merge(demo[demo["measure"] == "percent"],
                                                   on=["characteristic", "order", "category"], suffixes=("", "_pct"))
    count = table["value"].astype(int)
    bounds = [intervals.interval(k, n, confidence, "wilson") for k in count]
    return pd.DataFrame({
        "characteristic": table["characteristic"], "category": table["category"], "count": count,
        "pct_printed": table["printed_pct"], "pct_recomputed": 100 * count / n,
        "difference": 100 * count / n - table["value_pct"],
        "status": [compare_value(p, Fraction(100 * k, n)).status for p, k in zip(table["printed_pct"], count)],
        "ci_low": [100 * low for low, _ in bounds], "ci_high": [100 * high for _, high in bounds],
        "claim_count": table["claim_id"], "claim_pct": table["claim_id_pct"]})


def results(data, confidence: float = 0.95) -> Results:
    """Chapter 1's numbers, Tables 2 and 3 and the respondent chart.

    Values: the chapter's claims, and the book's own numbers ``x_confidence_pct`` (the level as printed, "95");
    ``x_interviews_kyrgyzstan, x_interviews_china, x_interviews_online`` (Table 2 rows by place);
    ``x_secondary_printed, x_secondary_count`` (the slip in Table 3: printed share and count);
    ``x_education_pct_total`` (sum of the printed education shares, as a string); ``x_blocks``,
    ``x_blocks_summing_to_n`` (Table 3 blocks whose counts add up to n); ``x_rows_total, x_rows_reproduced``
    (printed shares reproduced by count / n); ``x_step_pct`` (one respondent in points); ``x_possible_count,
    x_possible_share`` (one-decimal percentages 0.0-100.0 that pass GRIM with n, and their share of the 1,001);
    ``x_interview_first, x_interview_last`` (earliest and latest Table 2 dates, as printed).

    Tables for display: ``table2`` (Table 2 as printed), ``table3_printed`` (Table 3 with the article's rows,
    columns and printed tokens), ``table3_check`` (each printed share beside count / n) and ``table3_intervals``
    (the book's Wilson interval for each group); ``table3`` keeps the former single wide check. Data: ``interviews``,
    ``profile``.
    """
    confidence = intervals.validate_confidence(confidence)
    n = data.n
    table2, table3 = _interviews(data), _profile(data, confidence)
    blocks = {name: block for name, block in table3.groupby("characteristic", sort=False)}
    secondary = table3.set_index("claim_pct").loc["t3_education_2_pct"]
    possible = sum(grim.grim_percent(f"{t / 10:.1f}", n, n_range=()).consistent for t in range(1001))
    values = transcribed(data, CHAPTER, SOURCES) | {
        "t2_n_interviews": len(table2),  # derived: the rows of Table 2 (survey_design.csv holds the printed 10)
        **dict(zip(table3["claim_count"], table3["count"].map(int))),
        **dict(zip(table3["claim_pct"], table3["pct_recomputed"].map(float))),
        "x_confidence_pct": f"{100 * confidence:g}",
        "x_interviews_kyrgyzstan": int((table2["country"] == "Kyrgyzstan").sum()),
        "x_interviews_china": int((table2["country"] == "China").sum()),
        "x_interviews_online": int(table2["online"].sum()),
        "x_secondary_printed": secondary["pct_printed"], "x_secondary_count": int(secondary["count"]),
        "x_education_pct_total": str(sum_check(list(blocks["education"]["pct_printed"])).total),
        "x_blocks": len(blocks), "x_blocks_summing_to_n": int(sum(b["count"].sum() == n for b in blocks.values())),
        "x_rows_total": len(table3), "x_rows_reproduced": int((table3["status"] == "reproduced").sum()),
        "x_step_pct": 100 / n, "x_possible_count": possible, "x_possible_share": 100 * possible / 1001,
        "x_interview_first": table2.loc[table2["date"].idxmin(), "Date"],
        "x_interview_last": table2.loc[table2["date"].idxmax(), "Date"],
    }
    interval = table3["ci_low"].map("{:.1f}".format) + "–" + table3["ci_high"].map("{:.1f}".format)
    shown = (table3.assign(interval=interval)
             [["characteristic", "category", "count", "pct_printed", "pct_recomputed", "difference", "status", "interval"]]
             .rename(columns={"characteristic": "Characteristic", "category": "Group", "count": "Count (printed)",
                              "pct_printed": "% (printed)", "pct_recomputed": "% (count / n)",
                              "difference": "Difference", "status": "Status", "interval": "Wilson interval (%)"}))
    chart = partial(charts.profile_panels,
        table3.assign(panel=table3["characteristic"].map(PANELS)), panel="panel", category="category",
        share="pct_recomputed", ci_low="ci_low", ci_high="ci_high",
        title="Survey respondents by age, gender, education and income",
        description=(
            "Four bar panels showing each group's share of the survey respondents, recomputed from the counts "
            "in the article's Table 3, with error bars for a Wilson confidence interval. The largest groups are "
            "respondents aged 30 to 39, holders of a bachelor's degree, and those earning 10,001 to 20,000 "
            "yuan a month; women and men are close to half each."))
    check = pd.DataFrame({"Group": table3["category"], "% (printed)": table3["pct_printed"],
                          "% (count / n)": table3["pct_recomputed"].map("{:.2f}".format),
                          "Status": table3["status"].map(STATUS_WORDS)})
    intervals_shown = pd.DataFrame({"Group": table3["category"], "Count": table3["count"],
                                    f"Wilson interval (%, {values['x_confidence_pct']}% level)": interval})
    return Results("Section 1, Tables 2-3", values=values, charts={"table3": chart}, tables={
        "interviews": table2, "profile": table3,
        "table2": table2.drop(columns=["country", "online", "date"]).rename(columns={
            "No.": "Number", "Interviewee": "Interviewee description", "Place": "Location"}).style.hide(axis="index"),
        "table3_printed": _table3_printed(data),
        "table3_check": check.style.hide(axis="index"),
        "table3_intervals": intervals_shown.style.hide(axis="index"),
        "table3": shown.style.hide(axis="index").format({"% (count / n)": "{:.2f}", "Difference": "{:+.2f}"})})


#: Readable words for the statuses of :func:`paradiplomacy.numbers.compare_value`.
STATUS_WORDS = {"reproduced": "reproduced", "rounding": "within rounding", "discrepancy": "discrepancy"}
#: The block headings of Table 3 as the article prints them.
PRINTED_HEADINGS = {"age": "Age range", "gender": "Gender", "education": "Education level",
                    "income": "Monthly income (RMB)"}


def _table3_printed(data):
    """Table 3 as the article prints it: a heading row per block, then each group's printed count and share."""
    demo = data.demographics
    rows = []
    for characteristic, block in demo.groupby("characteristic", sort=False):
        rows.append({"Individual characteristics": PRINTED_HEADINGS[characteristic], "No. of samples": "", "%": ""})
        counts = block[block["measure"] == "count"].set_index("order")
        shares = block[block["measure"] == "percent"].set_index("order")
        for order in counts.index:
            rows.append({"Individual characteristics": counts.loc[order, "category"],
                         "No. of samples": counts.loc[order, "printed"], "%": shares.loc[order, "printed"]})
    frame = pd.DataFrame(rows)
    headings = frame.index[frame["No. of samples"] == ""]
    return (frame.style.hide(axis="index")
            .apply(lambda r: ["font-weight: bold" if r.name in headings else "" for _ in r], axis=1))
