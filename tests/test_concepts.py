"""paradiplomacy.paper.concepts: Section 2's typologies as data, checked against the printed counts."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from paradiplomacy.paper import concepts
from paradiplomacy.errors import DataValidationError, ParameterError

ROOT = Path(__file__).resolve().parents[1]


def _text_fact(fact_id: str) -> dict:
    with open(ROOT / "data" / "text_facts.csv", newline="", encoding="utf-8") as fh:
        return next(row for row in csv.DictReader(fh) if row["fact_id"] == fact_id)


def test_chen_modes_in_printed_order_and_split_into_two_families():
    assert [m.name for m in concepts.CHEN_MODES] == ["agency", "collaboration", "complementarity", "conflict"]
    assert [m.family for m in concepts.CHEN_MODES] == ["unitary", "unitary", "paradiplomacy", "paradiplomacy"]
    assert all(m.gloss.strip() for m in concepts.CHEN_MODES)


def test_zhang_models_are_collaboration_and_coopetition():
    assert [m.name for m in concepts.ZHANG_MODELS] == ["central–local collaboration", "central–local coopetition"]


@pytest.mark.parametrize("typology, fact_id", [("CHEN_MODES", "chen_2001_interaction_modes"),
                                               ("ZHANG_MODELS", "zhang_2015_participation_models")])
def test_typology_count_equals_the_printed_number(typology, fact_id):
    printed = int(_text_fact(fact_id)["value"])  # read independently of the loaders
    assert concepts.typology_count(typology) == printed == len(getattr(concepts, typology))


def test_typology_count_fails_when_the_data_disagree(data_copy):
    """Edit the printed 'four basic modes' to five (consistently in both files): the check must stop."""
    facts = data_copy / "text_facts.csv"
    facts.write_text(facts.read_text(encoding="utf-8").replace("literature_model,,4,4,modes", "literature_model,,5,5,modes"),
                     encoding="utf-8")
    claims = data_copy / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace("four basic modes,4,", "five basic modes,5,"),
                      encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        concepts.typology_count("CHEN_MODES", data_copy)
    err = info.value
    assert err.file.endswith("text_facts.csv") and err.column == "value" and err.row == 2
    assert "4, the number of entries" in str(err)
    assert concepts.typology_count("ZHANG_MODELS", data_copy) == 2  # the other typology is unaffected


def test_typology_count_rejects_unknown_typology():
    with pytest.raises(ParameterError, match="typology"):
        concepts.typology_count("LI_YANG_ELEMENTS")


@pytest.mark.parametrize("name", ["Agency", " conflict "])
def test_chen_mode_lookup_is_case_insensitive(name):
    assert concepts.chen_mode(name).name == name.strip().lower()


def test_chen_mode_rejects_unknown_name():
    with pytest.raises(ParameterError, match="'name'"):
        concepts.chen_mode("coopetition")


def test_lineage_of_the_concept():
    table = concepts.lineage_table("paradiplomacy theory")
    assert list(table["Work"]) == ["Keohane and Nye (1971)", "Duchacek (1986)", "Duchacek (1990)",
                                   "Soldatos (1990)", "Cornago (2010)"]
    assert table["Tradition"].eq("paradiplomacy theory").all()
    every = concepts.lineage_table()
    assert len(every) == len(concepts.LITERATURE)
    assert list(every["Work"].str.extract(r"\((\d{4})\)")[0].astype(int)) == sorted(w.year for w in concepts.LITERATURE)


def test_works_rejects_unknown_tradition():
    with pytest.raises(ParameterError, match="tradition"):
        concepts.works("Western")


def test_every_citation_key_is_in_references_bib():
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    defined = set(re.findall(r"^@\w+\{([^,\s]+),", bib, flags=re.M))
    used = {w.key for w in concepts.LITERATURE}
    used |= {k for t in concepts.VOCABULARY for k in t.keys}
    used |= {k for d in concepts.DEBATES for k in d.keys_a + d.keys_b}
    assert used - defined == set()


def test_debates_name_the_disagreeing_authors():
    table = concepts.debate_table()
    assert len(table) == 2
    assert list(table["Held by"]) == ["Yang (2013)", "Zhao (1995); Zhang (2015)"]
    assert list(table["Held by (other)"]) == ["Wei (2021)", "Ren (2017)"]


def test_vocabulary_covers_the_chinese_labels():
    terms = list(concepts.vocabulary_table()["Term"])
    assert terms == ["external affairs of subnational governments", "local foreign affairs", "sub-central diplomacy",
                     "city diplomacy", "public diplomacy"]


def test_timeline_frame_takes_milestones_from_the_data():
    frame = concepts.timeline_frame()
    assert frame["label"].is_unique
    assert list(frame["year"]) == sorted(frame["year"])
    with open(ROOT / "data" / "policy_timeline.csv", newline="", encoding="utf-8") as fh:
        events = {row["event_id"]: row for row in csv.DictReader(fh)}
    milestones = frame[frame["group"] == "policy milestone"].set_index("label")
    assert len(milestones) == 3
    volga = events["yangtze_volga_into_bri"]
    assert milestones.loc[volga["event"], "year"] == int(volga["year"])
    assert milestones.loc[volga["event"], "date_label"] == volga["date_printed"] == "March 2015"
    assert set(frame["group"]) == set(concepts.TRADITIONS) | {"policy milestone"}


def test_timeline_frame_rejects_unknown_event():
    with pytest.raises(ParameterError, match="events"):
        concepts.timeline_frame(events=("no_such_event",))


def test_timeline_frame_draws_as_a_chart():
    from paradiplomacy import charts

    chart = charts.timeline(concepts.timeline_frame(), date="year", label="label", group="group",
                            date_label="date_label", title="t", description="d")
    spec = chart.to_dict()
    assert spec["description"] == "d"
