"""paradiplomacy.paper.SECTIONS: one function per derived number (the rule the audit relies on).

Every derived claim of data/claims.csv must be produced by exactly one section's ``results()`` (a derived id in the
values of two sections, or of none, fails), and that section must be the one of the claim's chapter.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from paradiplomacy.data import load_data
from paradiplomacy.paper import SECTIONS, section_call, section_results

DATA = Path(__file__).resolve().parents[2] / "data"
with (DATA / "claims.csv").open(encoding="utf-8", newline="") as _fh:
    REGISTRY = list(csv.DictReader(_fh))
DERIVED = [r for r in REGISTRY if r["kind"] == "derived"]


@pytest.fixture(scope="module")
def sections():
    return section_results(load_data())


def test_every_chapter_of_the_registry_has_a_section():
    assert list(SECTIONS) == list(load_data().enum("claims", "chapter"))
    assert section_call("06_india") == "cases.results(data, 'India')"
    assert section_call("03_policy_bri") == "friendliness.results(data)"


@pytest.mark.parametrize("claim", DERIVED, ids=[r["claim_id"] for r in DERIVED])
def test_each_derived_claim_is_produced_by_exactly_one_section(sections, claim):
    owners = [chapter for chapter, res in sections.items() if claim["claim_id"] in res.values]
    assert owners == [claim["chapter"]], f"{claim['claim_id']} is produced by {owners or 'no section'}"


def test_every_claim_to_glue_is_in_its_chapters_section(sections):
    """The audit can only check what the sections state: every reproduced / rounding claim must be there."""
    missing = [r["claim_id"] for r in REGISTRY if r["expected_status"] in ("reproduced", "rounding")
               and r["claim_id"] not in sections[r["chapter"]].values]
    assert not missing
