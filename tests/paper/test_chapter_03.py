"""Chapter 3 under papermill: bri_countries reaches the glued values, and a bad value stops the run."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from chapter_runner import execute
from paradiplomacy.data import claims

pytestmark = pytest.mark.notebook

CHAPTER = "03_policy_bri"
DATA = Path(__file__).resolve().parents[2] / "data"
SEVEN = ["Uzbekistan", "Kazakhstan", "Kyrgyzstan", "Nepal", "Indonesia", "Singapore", "Philippines"]


def printed_agree() -> dict[str, float]:
    """Printed % Agree per country, read straight from the CSV (independent of paradiplomacy)."""
    with (DATA / "table1_summary.csv").open(encoding="utf-8", newline="") as fh:
        return {r["country"]: float(r["printed"]) for r in csv.DictReader(fh) if r["statistic"] == "pct_agree"}


def test_philippines_as_bri_changes_the_bri_mean(tmp_path):
    agree = printed_agree()
    expected = sum(agree[c] for c in SEVEN) / len(SEVEN)
    paper_six = sum(agree[c] for c in SEVEN[:6]) / 6
    nb = execute(CHAPTER, tmp_path, {"bri_countries": SEVEN})
    glued = claims.glued_values(nb)
    assert glued["x_bri_group_mean"] == pytest.approx(expected, abs=1e-9)
    assert abs(glued["x_bri_group_mean"] - paper_six) > 1  # the default grouping gives a different mean
    assert "Philippines" in glued["x_bri_countries"].split(", ")
    assert glued["x_bri_group_mean_2dp"] == f"{expected:.2f}" == "75.64"
    # the paper's own figures stay the paper's, whatever the parameter
    assert glued["s31_bri_pct_agree"] == pytest.approx(paper_six, abs=1e-9)


def test_unknown_country_stops_the_run_naming_the_parameter(tmp_path):
    import papermill

    with pytest.raises(papermill.PapermillExecutionError) as info:
        execute(CHAPTER, tmp_path, {"bri_countries": ["Atlantis"]})
    message = f"{info.value.ename}: {info.value.evalue}"
    assert "bri_countries" in message and "Atlantis" in message, message
