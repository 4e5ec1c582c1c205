"""paradiplomacy.paper.friendliness: Table 1 recomputed and the BRI / non-BRI averages, checked against hand arithmetic."""
from __future__ import annotations

import math
from fractions import Fraction
from statistics import NormalDist

import pytest

from paradiplomacy.paper import friendliness
from paradiplomacy.errors import DataValidationError, ParameterError

# Table 1 as printed (responses 1..6, then the printed % Agree), typed here independently of data/.
ROWS = {
    "Uzbekistan": ("1.5 5.6 15.4 32.0 33.4 12.2", "77.6"), "Kazakhstan": ("1.0 3.4 9.5 36.6 35.9 13.7", "86.2"),
    "Kyrgyzstan": ("1.2 4.9 9.5 35.4 33.9 15.1", "84.2"), "India": ("7.3 14.6 21.5 25.4 21.2 10.0", "56.6"),
    "Nepal": ("2.2 5.1 14.1 37.8 31.5 9.3", "74.6"), "Philippines": ("9.0 15.6 21.2 25.9 20.7 7.6", "54.2"),
    "Indonesia": ("2.9 6.6 19.5 32.0 30.7 8.3", "71"), "Singapore": ("1.2 4.1 12.9 30.2 35.6 15.9", "81.7"),
    "Australia": ("5.1 10.2 19.5 23.2 29.3 12.7", "65"), "Japan": ("28.0 22.0 18.8 13.9 9.0 8.3", "31.2"),
    "USA": ("24.6 18.8 19.5 14.9 16.6 5.6", "37.1"),
}
PAPER_BRI = ["Uzbekistan", "Kazakhstan", "Kyrgyzstan", "Nepal", "Indonesia", "Singapore"]


def hand_wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    """Textbook Wilson score interval, no continuity correction."""
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


# ------------------------------------------------------------------------------------------ arithmetic
def test_agree_share_is_the_exact_sum_of_responses_4_to_6():
    assert friendliness.agree_share("1.2 4.9 9.5 35.4 33.9 15.1".split()) == Fraction(844, 10)
    assert friendliness.agree_share("2.2 5.1 14.1 37.8 31.5 9.3".split()) == Fraction(786, 10)
    assert friendliness.agree_share([0, 0, 0, 10, 20, 30]) == 60


def test_weighted_mean_normalises_by_the_row_total():
    # Singapore sums to 99.9: (1*1.2 + 2*4.1 + 3*12.9 + 4*30.2 + 5*35.6 + 6*15.9) / 99.9
    hand = (1.2 + 8.2 + 38.7 + 120.8 + 178.0 + 95.4) / 99.9
    assert float(friendliness.weighted_mean("1.2 4.1 12.9 30.2 35.6 15.9".split())) == pytest.approx(hand, abs=1e-12)
    assert friendliness.weighted_mean([0, 0, 0, 0, 0, 100]) == 6


@pytest.mark.parametrize("func", [friendliness.agree_share, friendliness.weighted_mean])
def test_shares_need_six_entries(func):
    with pytest.raises(ParameterError, match="six"):
        func(["1.0", "2.0"])


def test_unweighted_group_means_match_hand_averages():
    shares = {c: agree for c, (_, agree) in ROWS.items()}
    means = friendliness.unweighted_group_means(shares, PAPER_BRI)
    assert means["BRI"] == Fraction(4753, 60)  # (77.6 + 86.2 + 84.2 + 74.6 + 71 + 81.7) / 6 = 475.3 / 6
    assert float(means["BRI"]) == pytest.approx((77.6 + 86.2 + 84.2 + 74.6 + 71 + 81.7) / 6, abs=1e-12)
    assert float(means["non-BRI"]) == pytest.approx((56.6 + 54.2 + 65 + 31.2 + 37.1) / 5, abs=1e-12)


def test_unweighted_group_means_reject_an_empty_group():
    with pytest.raises(ParameterError, match="non-BRI group is empty"):
        friendliness.unweighted_group_means({"A": "1", "B": "2"}, ["A", "B"])


# ------------------------------------------------------------------------------------------ Table 1
def test_table1_check_recomputes_every_row_by_hand():
    check = friendliness.table1_check().set_index("country")
    assert list(check.index) == list(ROWS)
    for country, (dist, agree) in ROWS.items():
        parts = [float(p) for p in dist.split()]
        row = check.loc[country]
        assert row["dist_sum"] == pytest.approx(sum(parts), abs=1e-9)
        assert row["agree_recomputed"] == pytest.approx(parts[3] + parts[4] + parts[5], abs=1e-9)
        assert row["mean_recomputed"] == pytest.approx(sum(r * p for r, p in enumerate(parts, 1)) / sum(parts),
                                                       abs=1e-12)
        assert row["agree_printed"] == agree
        assert row["mean_rounded"] == row["mean_printed"]  # every printed mean is the rounded weighted mean
    assert check["sum_ok"].all()


def test_table1_check_flags_exactly_nepal_and_kyrgyzstan():
    check = friendliness.table1_check().set_index("country")
    bad = sorted(check.index[check["agree_status"] == "discrepancy"])
    assert bad == ["Kyrgyzstan", "Nepal"]
    assert check.loc["Nepal", "agree_difference"] == pytest.approx(4.0, abs=1e-9)
    assert check.loc["Kyrgyzstan", "agree_difference"] == pytest.approx(0.2, abs=1e-9)
    # Australia: printed "65", row gives 65.2, which rounds to the printed whole number
    assert check.loc["Australia", "agree_status"] == "reproduced"
    assert check.loc["Australia", "agree_rounded"] == "65"
    assert (check["mean_status"] == "reproduced").all()


def test_table1_check_wilson_interval_matches_textbook_formula():
    check = friendliness.table1_check(confidence=0.9).set_index("country")
    kaz = check.loc["Kazakhstan"]
    # reconstructed counts for 36.6, 35.9, 13.7 of 410: 150, 147, 56 (each rounds back to its printed share)
    assert kaz["counts"][3:] == (150, 147, 56)
    for k, printed in zip((150, 147, 56), ("36.6", "35.9", "13.7")):
        assert f"{100 * k / 410:.1f}" == printed
    assert kaz["agree_count"] == 353
    low, high = hand_wilson(353, 410, 0.9)
    assert kaz["ci_low"] == pytest.approx(100 * low, abs=1e-9)
    assert kaz["ci_high"] == pytest.approx(100 * high, abs=1e-9)
    assert (check["ci_low"] < check["agree_count_pct"]).all() and (check["agree_count_pct"] < check["ci_high"]).all()


def test_table1_check_counts_sum_to_n():
    check = friendliness.table1_check()
    assert all(sum(c) == 410 for c in check["counts"])
    assert (check["reconstruction"] == "unique solution").all()


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5, "0.95"])
def test_table1_check_rejects_bad_confidence(confidence):
    with pytest.raises(ParameterError, match="confidence"):
        friendliness.table1_check(confidence=confidence)


def test_table1_long_has_one_row_per_country_and_response():
    long = friendliness.table1_long()
    assert len(long) == 66
    assert long.groupby("country")["response"].apply(list).map(lambda r: r == [1, 2, 3, 4, 5, 6]).all()
    assert (long.groupby("country")["ci_low"].nunique() == 1).all()
    assert long.loc[long["claim_id"] == "t1_nepal_r4", "share"].item() == 37.8


def test_grim_table1_finds_only_the_three_impossible_sums():
    grim = friendliness.grim_table1()
    assert len(grim) == 77
    assert grim.loc[grim["kind"] == "share", "consistent"].all()
    bad = grim[~grim["consistent"]]
    assert sorted(bad["country"]) == ["Kazakhstan", "Kyrgyzstan", "Philippines"]
    # hand check: no k in 0..410 gives 100k/410 rounding to 84.2 (345 -> 84.146, 346 -> 84.390)
    assert not any(f"{100 * k / 410:.1f}" == "84.2" for k in range(411))
    assert any(f"{100 * k / 410:.1f}" == "74.6" for k in range(411))


# ------------------------------------------------------------------------------------------ groupings
def test_paper_and_member_groupings():
    assert friendliness.paper_bri_countries() == tuple(PAPER_BRI)
    members = friendliness.member_bri_countries()
    assert set(members) - set(PAPER_BRI) == {"Philippines"}


def test_validate_returns_table_order_and_none_means_paper():
    assert friendliness.validate_bri_countries(None) == tuple(PAPER_BRI)
    assert friendliness.validate_bri_countries(["USA", "Nepal"]) == ("Nepal", "USA")
    assert friendliness.validate_bri_countries(("Japan",)) == ("Japan",)


@pytest.mark.parametrize("value, fragment", [
    ("Nepal", "expected a list"),
    ({"Nepal"}, "expected a list"),
    (["Nepal", 3], "expected a list"),
    (42, "expected a list"),
    (["Atlantis"], "Atlantis"),
    (["Nepal", "Nepal"], "repeated"),
    ([], "BRI group empty"),
    (list(ROWS), "non-BRI group empty"),
])
def test_validate_rejects_bad_values_naming_the_parameter(value, fragment):
    with pytest.raises(ParameterError, match=fragment) as info:
        friendliness.validate_bri_countries(value)
    assert info.value.parameter == "bri_countries"
    assert "bri_countries" in str(info.value)


def test_unknown_country_message_lists_the_allowed_names():
    with pytest.raises(ParameterError) as info:
        friendliness.validate_bri_countries(["Kyrgyzstan", "The Philippines"])
    message = str(info.value)
    assert "The Philippines" in message
    assert all(country in message for country in ROWS)


# ------------------------------------------------------------------------------------------ BRI vs non-BRI
def test_group_means_reproduce_the_papers_figures():
    means = friendliness.group_means()
    assert means["BRI"] == pytest.approx(475.3 / 6, abs=1e-12)
    assert means["non-BRI"] == pytest.approx(244.1 / 5, abs=1e-12)
    assert means["BRI_rounded"] == "79.22" and means["non-BRI_rounded"] == "48.82"


def test_group_means_recomputed_use_row_sums():
    means = friendliness.group_means(source="recomputed")
    assert means["BRI"] == pytest.approx((77.6 + 86.2 + 84.4 + 78.6 + 71.0 + 81.7) / 6, abs=1e-12)
    assert means["non-BRI"] == pytest.approx((56.6 + 54.2 + 65.2 + 31.2 + 37.1) / 5, abs=1e-12)
    with pytest.raises(ParameterError, match="source"):
        friendliness.group_means(source="survey")


def test_group_means_follow_the_parameter():
    seven = PAPER_BRI + ["Philippines"]
    means = friendliness.group_means(bri_countries=seven)
    assert means["BRI"] == pytest.approx((475.3 + 54.2) / 7, abs=1e-12)
    assert means["non-BRI"] == pytest.approx((56.6 + 65 + 31.2 + 37.1) / 4, abs=1e-12)
    assert means["non_bri_countries"] == ("India", "Australia", "Japan", "USA")


def test_bri_comparison_shows_truncation_not_rounding():
    comparison = friendliness.bri_comparison().set_index(["scenario", "group"])
    bri = comparison.loc[("paper_printed", "BRI")]
    # 475.3 / 6 = 79.21666...: half-up gives 79.22, cutting off gives 79.21 (the printed figure)
    assert bri["mean_rounded"] == "79.22" and bri["mean_truncated"] == "79.21" and bri["printed"] == "79.21"
    assert bri["status"] == "rounding"
    non = comparison.loc[("paper_printed", "non-BRI")]
    assert non["printed"] == "48.82" and non["status"] == "reproduced"
    assert comparison.loc[("members_printed", "BRI"), "n_countries"] == 7
    assert comparison.loc[("paper_recomputed", "BRI"), "mean_rounded"] == "79.92"
    assert comparison.loc[("members_printed", "non-BRI"), "mean_rounded"] == "47.48"  # 47.475 exactly, half-up
    assert "selected_printed" not in comparison.index.get_level_values(0)


def test_bri_comparison_adds_the_selected_grouping():
    comparison = friendliness.bri_comparison(bri_countries=["Japan", "USA"]).set_index(["scenario", "group"])
    assert comparison.loc[("selected_printed", "BRI"), "mean"] == pytest.approx((31.2 + 37.1) / 2, abs=1e-12)
    assert comparison.loc[("selected_printed", "non-BRI"), "n_countries"] == 9


def test_membership_table_marks_the_philippines():
    table = friendliness.membership_table().set_index("Country")
    assert table.loc["Philippines", "BRI"] == "yes"
    assert table.loc["Philippines", "Article's group"] == "non-BRI"
    assert table.loc["Philippines", "Group matches BRI membership"] == "no"
    assert (table.drop(index="Philippines")["Group matches BRI membership"] == "yes").all()
    assert table.loc["India", ["BRI", "AIIB", "NDB"]].tolist() == ["no", "yes", "yes"]
    assert table.loc["Japan", ["BRI", "AIIB", "NDB"]].tolist() == ["no", "no", "no"]
    assert set(table["as_of"]) == {"2025-06-30"}


# ------------------------------------------------------------------------------------------ data_dir
def test_functions_read_the_data_dir_they_are_given(data_copy):
    path = data_copy / "bri_membership.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line.replace(",non-BRI,", ",BRI,", 1) if line.startswith("Philippines,") else line for line in lines]
    path.write_text("".join(lines), encoding="utf-8")
    assert "Philippines" in friendliness.paper_bri_countries(data_copy)
    assert friendliness.group_means(data_copy)["BRI"] == pytest.approx((475.3 + 54.2) / 7, abs=1e-12)


def test_a_broken_table1_file_gives_a_clear_error(data_copy):
    path = data_copy / "table1_friendliness.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Nepal,4,moderately agree,37.8,37.8",
                                                             "Nepal,4,moderately agree,abc,abc"), encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        friendliness.table1_check(data_copy)
    assert "table1_friendliness.csv" in str(info.value)
