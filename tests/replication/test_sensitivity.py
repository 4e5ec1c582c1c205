"""paradiplomacy.replication.sensitivity: the BRI comparison under every grouping, and the method note's numbers.

Group averages are recomputed here from the CSV files with Fractions (compared with abs=1e-9); the paired test with
scipy.stats.ttest_1samp on a comonotone table built here (rel=1e-9); McNemar p-values from the binomial formula.
The papermill sweep is checked against the direct computation in a notebook test.
"""
from __future__ import annotations

import csv
import itertools
import re
from fractions import Fraction
from math import comb
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import ttest_1samp

from paradiplomacy.data import load_data
from paradiplomacy.errors import ParameterError
from paradiplomacy.replication import sensitivity

DATA = Path(__file__).resolve().parents[2] / "data"
N = 410


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def data():
    return load_data()


@pytest.fixture(scope="module")
def direct(data):
    return sensitivity.direct_table(data)


def test_eight_groupings_with_the_article_and_the_lists_first(data):
    groupings = sensitivity.classifications(data)
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
    rows = {}
    for r in _csv("table1_friendliness.csv"):
        if int(r["response"]) >= 4:
            rows[r["country"]] = rows.get(r["country"], 0) + Fraction(r["printed"])
    for row in direct.itertuples():
        bri = row.bri_countries.split(", ")
        for source, mean, gap in ((agree, row.bri_mean, row.gap), (rows, row.bri_mean_rows, row.gap_rows)):
            rest = [c for c in source if c not in bri]
            bri_mean = sum(source[c] for c in bri) / len(bri)
            assert mean == pytest.approx(float(bri_mean), abs=1e-9)
            assert gap == pytest.approx(float(bri_mean - sum(source[c] for c in rest) / len(rest)), abs=1e-9)
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
    first = direct.iloc[0]
    fake = {"key": first["key"], **{name: first[column] for name, column in sensitivity.SWEEP_GLUES.items()}}
    fake["x_non_bri_group_mean"] += 0.01
    fake["x_bri_test_verdict"] = "depends on the joint table"
    check = sensitivity.compare_sweep(pd.DataFrame([fake]), direct).set_index("glue")
    assert len(check) == len(sensitivity.SWEEP_GLUES)
    assert sorted(check.index[~check["ok"]]) == ["x_bri_test_verdict", "x_non_bri_group_mean"]


def test_run_sweep_rejects_unknown_keys(tmp_path):
    with pytest.raises(ParameterError) as err:
        sensitivity.run_sweep(tmp_path, keys=["nonsense"])
    assert err.value.parameter == "keys"


def _exact_mcnemar(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value: min(1, 2 P(Y <= min(b, c))) with Y ~ Binomial(b + c, 1/2)."""
    m = b + c
    return min(1.0, 2 * sum(comb(m, i) for i in range(min(b, c) + 1)) / 2 ** m) if m else 1.0


def test_bounds_note_works_through_the_texts_shares(data):
    values = sensitivity.bounds_note(data).values
    k1, k2 = 324, 303  # 79.0% and 73.9% of 410: the only counts that print so
    assert (values["x_k1"], values["x_k2"], values["x_k1_fits"]) == (k1, k2, "324")
    assert (values["x_both_low"], values["x_both_high"]) == (k1 + k2 - N, k2)
    assert values["x_tables"] == k2 - (k1 + k2 - N) + 1
    assert values["x_p_at_low"] == pytest.approx(_exact_mcnemar(k1 - (k1 + k2 - N), k2 - (k1 + k2 - N)), rel=1e-9)
    assert values["x_p_at_high"] == pytest.approx(_exact_mcnemar(k1 - k2, 0), rel=1e-9)
    significant = [a for a in range(k1 + k2 - N, k2 + 1) if _exact_mcnemar(k1 - a, k2 - a) < 0.05]
    assert values["x_tables_significant"] == len(significant)
    assert values["x_crossing"] == max(set(range(k1 + k2 - N, k2 + 1)) - set(significant))
    assert values["x_verdict"] == "depends on the joint table"
    assert values["x_toy_p_first"] == pytest.approx(_exact_mcnemar(9, 3), rel=1e-12)
    assert values["x_toy_p_last"] == pytest.approx(_exact_mcnemar(6, 0), rel=1e-12)
    assert values["x_toy_verdict"] == "depends on the joint table"


def test_bounds_note_names_a_bad_example(data):
    with pytest.raises(ParameterError) as err:
        sensitivity.bounds_note(data, example="no such comparison")
    assert err.value.parameter == "example"


@pytest.mark.notebook
def test_papermill_sweep_matches_the_direct_computation(tmp_path, data, direct):
    """Chapter 3 run with the membership lists' grouping glues what direct_table computes (abs=1e-9)."""
    key = sensitivity.classifications(data)[1].key
    sweep = sensitivity.run_sweep(tmp_path, keys=[key])
    assert (tmp_path / "sensitivity.csv").is_file() and (tmp_path / "sensitivity.json").is_file()
    check = sensitivity.compare_sweep(sweep, direct)
    assert len(check) == len(sensitivity.SWEEP_GLUES) and check["ok"].all(), check.to_string()
    saved = pd.read_csv(tmp_path / "sensitivity.csv")
    assert saved.loc[0, "key"] == key


# --- reader tables (issue 11): p-values as format_p prints them, tables narrow enough for a phone -------------------

@pytest.mark.parametrize("low, high, shown", [(9.5e-07, 0.1498, "< 0.001 to 0.15"), (1e-30, 2e-9, "< 0.001"),
                                              (0.25, 1.0, "0.25 to 1.0"), (1.0, 1.0, "1.0")])
def test_p_span(low, high, shown):
    assert sensitivity.p_span(low, high) == shown


def test_reader_tables_have_no_e_notation_and_few_columns(data):
    from paradiplomacy.paper import comparisons

    pairs = comparisons.results(data)
    shown = sensitivity.paired_display(pairs)
    assert set(shown.tables) == {"pairs_verdicts", "pairs_effects"}
    assert shown.values == {"x_text_p_low_text": "< 0.001", "x_text_p_high_text": "0.15"}
    note = sensitivity.bounds_note(data)
    tables = {**shown.tables, **sensitivity.results(data).tables, "shown": note.tables["shown"],
              "bounds": note.tables["bounds"]}
    for name, table in tables.items():
        assert len(table.columns) <= 6, f"{name}: {len(table.columns)} columns"
        text = table.astype(str).to_string()
        assert not re.search(r"\d(\.\d+)?e[-+]\d", text), f"{name} shows a number in e-notation"
    assert list(shown.tables["pairs_verdicts"]["Exact McNemar p (range)"])[0] == "< 0.001 to 0.15"
    assert note.values["x_p_at_high_text"] == "< 0.001" and note.values["x_p_at_low_text"] == "0.15"
