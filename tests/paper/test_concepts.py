"""paradiplomacy.paper.concepts: Section 2's literature tables built from data/literature_*.csv."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from paradiplomacy.data import load_data
from paradiplomacy.errors import DataValidationError
from paradiplomacy.paper import concepts

ROOT = Path(__file__).resolve().parents[2]


def _csv(name: str) -> list[dict]:
    with open(ROOT / "data" / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def res():
    return concepts.results(load_data())


def test_every_claim_of_chapter_2_equals_the_registry(res):
    claims = [c for c in _csv("claims.csv") if c["chapter"] == "02_chinese_paradiplomacy"]
    assert claims
    for claim in claims:
        assert res.values[claim["claim_id"]] == float(claim["value"]), claim["claim_id"]


def test_typologies_have_the_printed_number_of_items_in_the_printed_order(res):
    chen, zhang = res.tables["chen_modes"].data, res.tables["zhang_models"].data
    assert list(chen["Mode"]) == ["agency", "collaboration", "complementarity", "conflict"]  # Section 2, para. 9
    assert list(chen["Family"]) == ["more common in unitary systems"] * 2 + ["paradiplomacy"] * 2
    assert list(chen.columns) == ["Mode", "Family", "Gloss (this book)"] and chen.notna().all().all()
    assert list(zhang["Model"]) == ["central–local collaboration", "central–local coopetition"]
    assert list(zhang.columns) == ["Model", "Authority", "Bargaining", "Consequence"]
    facts = {r["fact_id"]: float(r["value"]) for r in _csv("text_facts.csv")}
    assert len(chen) == facts["chen_2001_interaction_modes"] == res.values["s2_chen_four_modes"] == 4
    assert len(zhang) == facts["zhang_2015_participation_models"] == res.values["s2_zhang_two_models"] == 2


def test_a_printed_count_that_disagrees_with_the_typology_stops_the_chapter(data_copy):
    """Chapter 2's exercise: 'four basic modes' edited to five in both files; the four modes listed disagree."""
    facts = data_copy / "text_facts.csv"
    facts.write_text(facts.read_text(encoding="utf-8").replace("literature_model,,4,4,modes", "literature_model,,5,5,modes"),
                     encoding="utf-8")
    claims = data_copy / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace("four basic modes,4,", "five basic modes,5,"),
                      encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        concepts.results(load_data(data_copy))
    err = info.value
    assert err.file.endswith("text_facts.csv") and err.column == "value" and err.row == 2
    assert "4, the number of chen_2001_interaction_modes items" in str(err)


def test_lineage_vocabulary_and_debates(res):
    assert list(res.tables["lineage"].data["Work"]) == [
        "Keohane and Nye (1971)", "Duchacek (1986)", "Duchacek (1990)", "Soldatos (1990)", "Cornago (2010)"]
    vocabulary = res.tables["vocabulary"].data
    assert list(vocabulary["Term"]) == ["external affairs of subnational governments", "local foreign affairs",
                                        "sub-central diplomacy", "city diplomacy", "public diplomacy"]
    assert list(vocabulary["Associated with"]) == ["Chen (2001); Qi (2010)", "Zhao (1995); Zhang (2015)",
                                                   "Wang (2003)", "Jia (2011)", "Yang (2013); Jia (2011)"]
    debates = res.tables["debates"].data
    assert list(debates["Held by"]) == ["Yang (2013)", "Zhao (1995); Zhang (2015)"]
    assert list(debates["Held by (other)"]) == ["Wei (2021)", "Ren (2017)"]


def test_fdi_table_and_book_values(res):
    fdi = res.tables["fdi"].data
    assert len(fdi) == 4 and set(fdi["Year"]) == {res.values["x_fdi_year"]} == {"2023"}
    works = _csv("literature_works.csv")
    assert res.values["x_n_works"] == len(works) == 21
    assert res.values["x_n_chinese_works"] == sum(w["tradition"] == "Chinese scholarship" for w in works) == 13
    events = {r["event_id"]: r for r in _csv("policy_timeline.csv")}
    assert res.values["x_vision_date"] == events["vision_and_actions"]["date_printed"] == "March 2015"
    assert res.values["x_volga_month"] == "March"


def test_every_citation_key_is_in_references_bib():
    defined = set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), flags=re.M))
    used = {r["key"] for name in ("works", "typologies", "attributions") for r in _csv(f"literature_{name}.csv")}
    assert used and used - defined == set()


def test_timeline_has_every_work_and_three_milestones(res):
    frame = concepts._timeline(load_data())
    assert frame["label"].is_unique and list(frame["year"]) == sorted(frame["year"])
    milestones = frame[frame["group"] == "policy milestone"].set_index("label")
    events = {r["event_id"]: r for r in _csv("policy_timeline.csv")}
    assert len(milestones) == 3 and len(frame) == 21 + 3
    volga = events["yangtze_volga_into_bri"]
    assert milestones.loc[volga["event"], "year"] == int(volga["year"])
    assert milestones.loc[volga["event"], "date_label"] == "March 2015"
    spec = res.charts["timeline"].to_dict()
    assert spec["description"].startswith("Timeline of the works the article reviews")
