"""Section 2: the literature on subnational external relations, as tables and a timeline.

The works, typologies, labels and debates are this book's summaries of the article's literature review
(``data/literature_*.csv``); the numbers are transcribed (``policy_timeline``, ``bilateral_context``, ``text_facts``).
"""
from __future__ import annotations

from functools import partial

import pandas as pd

from paradiplomacy import charts
from paradiplomacy.errors import DataValidationError
from paradiplomacy.paper.results import Results, transcribed
from paradiplomacy.paths import display_path

__all__ = ["results"]

CHAPTER = "02_chinese_paradiplomacy"
SOURCES = {"policy_timeline": "year", "bilateral_context": "value", "text_facts": "value"}
#: Policy milestones drawn beside the works (``event_id`` of ``policy_timeline.csv``).
MILESTONES = ("bri_launched", "xi_city_diplomacy_speech", "yangtze_volga_into_bri")
#: Typology of ``literature_typologies.csv`` -> (table name, header of its item column).
TYPOLOGIES = {"chen_2001_interaction_modes": ("chen_modes", "Mode"),
              "zhang_2015_participation_models": ("zhang_models", "Model")}


def _typology(data, typology: str, header: str) -> pd.DataFrame:
    """One typology, an item per row and an aspect per column; stops if its size is not the printed count."""
    rows = data.literature_typologies
    rows = rows[rows["typology"] == typology]
    facts = data.text_facts.reset_index(drop=True)
    i = int(facts.index[facts["fact_id"] == typology][0])
    if int(facts.loc[i, "value"]) != rows["item"].nunique():
        raise DataValidationError(display_path(data.folder / "text_facts.csv"), i + 2, "value",
                                  f"{rows['item'].nunique()}, the number of {typology} items in "
                                  "literature_typologies.csv", facts.loc[i, "printed"])
    aspects = [a for a in data.enum("literature_typologies", "aspect") if a in set(rows["aspect"])]
    names = {a: "Gloss (this book)" if a == "gloss" else a.capitalize() for a in aspects}
    return (rows.pivot(index=["order", "item"], columns="aspect", values="text")[aspects].reset_index()
            .drop(columns="order").rename(columns={"item": header, **names}).rename_axis(columns=None))


def _timeline(data) -> pd.DataFrame:
    """Works and milestones for :func:`paradiplomacy.charts.timeline`: ``year, label, group, date_label``."""
    works = data.literature_works
    events = data.policy_timeline.set_index("event_id").loc[list(MILESTONES)]
    frame = pd.concat([
        pd.DataFrame({"year": works["year"], "label": works["author"] + " (" + works["year"].astype(str) + "): "
                      + works["short"], "group": works["tradition"], "date_label": works["year"].astype(str)}),
        pd.DataFrame({"year": events["year"], "label": events["event"], "group": "policy milestone",
                      "date_label": events["date_printed"].replace("", pd.NA).fillna(events["year"].astype(str))})],
        ignore_index=True)
    return frame.astype({"year": "int64"}).sort_values("year", kind="stable").reset_index(drop=True)


def results(data) -> Results:
    """Chapter 2's numbers, its six tables (lineage, vocabulary, fdi, chen_modes, zhang_models, debates) and timeline.

    Values: the chapter's claims (the sizes of Chen's and Zhang's typologies are checked against
    ``literature_typologies.csv``: :class:`~paradiplomacy.errors.DataValidationError` naming ``text_facts.csv``
    if they differ), and the book's ``x_volga_month`` (month of the Yangtze-Volga adoption, as printed),
    ``x_vision_date`` (the printed date of the *Vision and Actions* document), ``x_fdi_year`` (year of the FDI
    figures), ``x_n_works``, ``x_n_chinese_works`` (works of ``literature_works.csv``, all and Chinese).
    """
    tables = {name: _typology(data, typology, header) for typology, (name, header) in TYPOLOGIES.items()}
    events = data.policy_timeline.set_index("event_id")
    context = data.bilateral_context
    fdi = context[context["indicator_id"].str.startswith("fdi_")]
    works = data.literature_works
    values = transcribed(data, CHAPTER, SOURCES) | {
        "x_volga_month": events.loc["yangtze_volga_into_bri", "date_printed"].split()[0],
        "x_vision_date": events.loc["vision_and_actions", "date_printed"],
        "x_fdi_year": str(fdi["period"].iloc[0]),
        "x_n_works": len(works), "x_n_chinese_works": int((works["tradition"] == "Chinese scholarship").sum())}

    lineage = works[works["tradition"] == "paradiplomacy theory"].sort_values("year", kind="stable")
    held = data.literature_attributions.sort_values("order", kind="stable")
    by_term = held.groupby("term")["cited_as"].agg("; ".join)
    by_side = held.groupby(["debate", "side"])["cited_as"].agg("; ".join)
    terms = data.literature_terms.sort_values("order")
    debates = data.literature_debates.sort_values("order")
    tables |= {
        "lineage": pd.DataFrame({"Work": lineage["author"] + " (" + lineage["year"].astype(str) + ")",
                                 "Idea": lineage["idea"]}),
        "vocabulary": pd.DataFrame({"Term": terms["term"], "Associated with": terms["term"].map(by_term),
                                    "Emphasis": terms["emphasis"]}),
        "fdi": fdi[["indicator", "qualifier", "printed", "unit", "period", "source"]].rename(columns={
            "indicator": "Indicator", "qualifier": "Qualifier", "printed": "Printed", "unit": "Unit",
            "period": "Year", "source": "Source"}),
        "debates": pd.DataFrame({
            "Question": debates["question"], "One view": debates["one_view"],
            "Held by": [by_side[(d, "one")] for d in debates["debate"]], "The other view": debates["other_view"],
            "Held by (other)": [by_side[(d, "other")] for d in debates["debate"]]})}
    chart = partial(charts.timeline,
        _timeline(data), date="year", label="label", group="group", date_label="date_label",
        title="Scholarship on subnational diplomacy and three BRI milestones",
        description=(
            "Timeline of the works the article reviews, from Keohane and Nye's work on transnational relations "
            "in 1971 to Gao's study of the Yangtze–Volga mechanism in 2023, coloured by whether they belong to "
            "paradiplomacy theory, Western China studies or Chinese scholarship, with three policy milestones: "
            "the launch of the Belt and Road Initiative, Xi Jinping's speech on city diplomacy and the adoption "
            "of the Yangtze–Volga mechanism into the BRI in March 2015. Most Chinese works cluster after the "
            "early 2000s, and several follow the launch of the BRI."))
    return Results("Section 2", values=values, charts={"timeline": chart},
                   tables={name: table.style.hide(axis="index") for name, table in tables.items()})
