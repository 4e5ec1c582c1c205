"""paradiplomacy.replication.sensitivity: the BRI / non-BRI comparison under every grouping of the arguable countries.

The group averages are recomputed here from the CSV files with Fractions (exact; compared with abs=1e-9), the
paired test with scipy.stats.ttest_1samp on a comonotone table built here (rel=1e-9). The papermill sweep is
checked against the direct computation in a notebook test.
"""
from __future__ import annotations

import csv
import itertools
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import ttest_1samp

from paradiplomacy.replication import sensitivity
from paradiplomacy.errors import ParameterError

DATA = Path(__file__).resolve().parents[1] / "data"  # not `from conftest import DATA`: tests/browser has a conftest too
N = 410


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def direct():
    return sensitivity.direct_table()


def test_eight_groupings_with_the_article_and_the_lists_first():
    groupings = sensitivity.classifications()
    assert len(groupings) == 2 ** len(sensitivity.ARGUABLE) == 8
    assert len({g.key for g in groupings}) == 8 and len({g.bri for g in groupings}) == 8
    membership = _csv("bri_membership.csv")
    paper = tuple(r["country"] for r in membership if r["paper_group"] == "BRI")
    members = tuple(r["country"] for r in membership if r["bri_member"] == "yes")
    assert groupings[0].is_paper and groupings[0].bri == paper
    assert groupings[1].is_membership and groupings[1].bri == members and "Philippines" in members
    core = set(paper) & set(members) - set(sensitivity.ARGUABLE)
    expected = {tuple(sorted(core | set(extra))) for k in range(4)
                for extra in itertools.combinations(sensitivity.ARGUABLE, k)}
    assert {tuple(sorted(g.bri)) for g in groupings} == expected
    assert all(len(g.short) <= 24 for g in groupings)


def test_direct_averages_by_hand(direct):
    agree = {r["country"]: Fraction(r["printed"]) for r in _csv("table1_summary.csv") if r["statistic"] == "pct_agree"}
    for row in direct.itertuples():
        bri = row.bri_countries.split(", ")
        rest = [c for c in agree if c not in bri]
        bri_mean = sum(agree[c] for c in bri) / len(bri)
        rest_mean = sum(agree[c] for c in rest) / len(rest)
        assert row.bri_mean == pytest.approx(float(bri_mean), abs=1e-9)
        assert row.non_bri_mean == pytest.approx(float(rest_mean), abs=1e-9)
        assert row.gap == pytest.approx(float(bri_mean - rest_mean), abs=1e-9)
    paper = direct[direct["is_paper"]].iloc[0]
    assert f"{paper['non_bri_mean']:.2f}" == "48.82"


def test_paired_test_against_scipy_on_a_table_built_here(direct):
    # counts agreeing from the article's printed shares, rounded to whole respondents as the reconstruction does
    counts = {"Uzbekistan": 318, "Kazakhstan": 353, "Kyrgyzstan": 346, "India": 232, "Nepal": 322,
              "Philippines": 222, "Indonesia": 291, "Singapore": 335, "Australia": 267, "Japan": 128, "USA": 152}
    row = direct.set_index("key").iloc[1]  # the membership lists' grouping
    bri = row["bri_countries"].split(", ")
    rank = np.arange(1, N + 1)
    a = np.mean([rank <= counts[c] for c in bri], axis=0)
    b = np.mean([rank > N - counts[c] for c in counts if c not in bri], axis=0)
    result = ttest_1samp(a - b, 0)
    assert row["t_min"] == pytest.approx(float(result.statistic), rel=1e-9)
    assert row["p_max"] == pytest.approx(float(result.pvalue), rel=1e-6, abs=1e-300)
    assert row["count_gap"] == pytest.approx(100 * float((a - b).mean()), abs=1e-9)


def test_the_gap_survives_every_grouping(direct):
    assert (direct["verdict"] == "significant for every joint table").all()
    assert (direct["ci_low"] > 0).all() and (direct["gap"] > 0).all()


def test_compare_sweep_flags_differences(direct):
    fake = pd.DataFrame([{"key": direct["key"].iloc[0], "x_bri_group_mean": direct["bri_mean"].iloc[0],
                          "x_non_bri_group_mean": direct["non_bri_mean"].iloc[0] + 0.01,
                          "x_bri_gap": direct["gap"].iloc[0], "x_bri_test_t_min": direct["t_min"].iloc[0],
                          "x_bri_test_verdict": "depends on the joint table"}])
    check = sensitivity.compare_sweep(fake, direct).set_index("glue")
    assert check.loc["x_bri_group_mean", "ok"] and check.loc["x_bri_gap", "ok"]
    assert not check.loc["x_non_bri_group_mean", "ok"] and not check.loc["x_bri_test_verdict", "ok"]


def test_run_sweep_rejects_unknown_keys(tmp_path):
    with pytest.raises(ParameterError) as err:
        sensitivity.run_sweep(tmp_path, keys=["nonsense"])
    assert err.value.parameter == "keys"


@pytest.mark.notebook
def test_papermill_sweep_matches_the_direct_computation(tmp_path, direct):
    """Chapter 3 run with the membership lists' grouping glues what direct_table computes (abs=1e-9)."""
    key = sensitivity.classifications()[1].key
    sweep = sensitivity.run_sweep(tmp_path, keys=[key])
    assert (tmp_path / "sensitivity.csv").is_file() and (tmp_path / "sensitivity.json").is_file()
    check = sensitivity.compare_sweep(sweep, direct)
    assert len(check) == len(sensitivity.SWEEP_GLUES) and check["ok"].all(), check.to_string()
    saved = pd.read_csv(tmp_path / "sensitivity.csv")
    assert saved.loc[0, "key"] == key
