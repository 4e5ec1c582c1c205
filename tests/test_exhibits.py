"""paradiplomacy.paper.design: Table 2 and Table 3 assembled from data/ with recomputed columns."""
from __future__ import annotations

import math
from statistics import NormalDist

import pytest

from paradiplomacy.paper import design as exhibits
from paradiplomacy.errors import ParameterError


def test_table3_profile_recomputes_percentages_from_counts():
    profile = exhibits.table3_profile()
    assert len(profile) == 16
    assert profile.groupby("characteristic", sort=False)["count"].sum().eq(410).all()
    secondary = profile.set_index("category").loc["Secondary school"]
    assert secondary["count"] == 41 and secondary["pct_printed"] == "10.7"
    assert secondary["pct_recomputed"] == pytest.approx(10.0, abs=1e-12)
    assert secondary["status"] == "discrepancy"
    others = profile[profile["category"] != "Secondary school"]
    assert (others["status"] == "reproduced").all(), others[["category", "status"]]
    # printed as "21": 86/410 = 20.976 rounds to 21, kept as printed
    young = profile.set_index("category").loc["18–29"]
    assert young["pct_printed"] == "21" and round(young["pct_recomputed"]) == 21


def test_table3_profile_intervals_match_hand_wilson():
    profile = exhibits.table3_profile(confidence=0.8).set_index("category")
    k, n, z = 208, 410, NormalDist().inv_cdf(0.9)
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    assert profile.loc["Female", "ci_low"] == pytest.approx(100 * (centre - half), abs=1e-9)
    assert profile.loc["Female", "ci_high"] == pytest.approx(100 * (centre + half), abs=1e-9)


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.1])
def test_table3_profile_rejects_bad_confidence(confidence):
    with pytest.raises(ParameterError, match="confidence"):
        exhibits.table3_profile(confidence=confidence)


def test_table3_sums_flag_only_education():
    sums = exhibits.table3_sums().set_index("characteristic")
    assert (sums["count_total"] == 410).all()
    assert sums.loc["education", "pct_total"] == pytest.approx(100.7)
    assert not sums.loc["education", "pct_ok"]
    assert sums.drop(index="education")["pct_ok"].all()


def test_table3_uses_the_data_dir_it_is_given(data_copy):
    path = data_copy / "demographics.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Female,1,count,208,208", "Female,1,count,209,209")
                        .replace("Male,2,count,202,202", "Male,2,count,201,201"), encoding="utf-8")
    claims = data_copy / "claims.csv"
    lines = claims.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith(("t3_gender_1_count,", "t3_gender_2_count,")):
            lines[i] = line.replace(",208,208,", ",209,209,").replace(",202,202,", ",201,201,")
    claims.write_text("".join(lines), encoding="utf-8")
    profile = exhibits.table3_profile(data_copy).set_index("category")
    assert profile.loc["Female", "count"] == 209


def test_interview_table_has_every_interview_with_a_country():
    table = exhibits.interview_table()
    assert list(table["No."]) == list(range(1, 11))
    assert table["country"].notna().all()
    assert (table["country"] == "Kyrgyzstan").sum() == 5
    assert table.loc[table["No."] == 8, "country"].item() == "China"  # online, from Hong Kong SAR
