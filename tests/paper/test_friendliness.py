"""paradiplomacy.paper.friendliness: Table 1 and the BRI / non-BRI averages, checked against hand arithmetic."""
from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import altair as alt
import pytest
from reference import wilson

from paradiplomacy.data import load_data
from paradiplomacy.errors import DataValidationError, ParameterError
from paradiplomacy.paper import friendliness

DATA = Path(__file__).resolve().parents[2] / "data"
N = 410
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
SEVEN = PAPER_BRI + ["Philippines"]


def hand_wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    """The tests' one textbook Wilson interval (tests/reference.py)."""
    return wilson(k, n, confidence)


def possible_counts(printed: str, n: int = N) -> list[int]:
    """Every k whose 100k/n rounds half-up to the printed value (brute force, exact decimals)."""
    unit = Decimal(1).scaleb(Decimal(printed).as_tuple().exponent)
    return [k for k in range(n + 1) if (Decimal(100 * k) / n).quantize(unit, ROUND_HALF_UP) == Decimal(printed)]


def rows(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def data():
    return load_data()


@pytest.fixture(scope="module")
def res(data):
    return friendliness.results(data)


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
    assert float(means["non-BRI"]) == pytest.approx((56.6 + 54.2 + 65 + 31.2 + 37.1) / 5, abs=1e-12)


def test_unweighted_group_means_reject_an_empty_group():
    with pytest.raises(ParameterError, match="non-BRI group is empty"):
        friendliness.unweighted_group_means({"A": "1", "B": "2"}, ["A", "B"])


# ------------------------------------------------------------------------------------------ claims
def test_values_cover_every_claim_of_the_chapter(res):
    ours = {r["claim_id"] for r in rows("claims.csv") if r["chapter"] == "03_policy_bri"}
    assert ours <= set(res.values), sorted(ours - set(res.values))
    glued_claims = {k for k in res.values if not k.startswith("x_")}
    assert glued_claims == ours, sorted(glued_claims - ours)
    assert {type(v) for v in res.values.values()} <= {int, float, str}  # plain Python values (no numpy scalars)


def test_context_numbers_and_dates_as_printed(res):
    assert res.values["s3_four_sezs"] == 4 and isinstance(res.values["s3_four_sezs"], int)
    assert res.values["s3_tve_trade_1984_85"] == 2.38
    assert res.values["x_tve_growth"] == pytest.approx(12.5 / 2.38)
    assert res.values["s3_city_aid_may_1996"] == "May 1996"
    assert res.values["s31_fyp13_2016_2020"] == "2016–2020"
    for row in rows("policy_timeline.csv"):
        if row["claim_id"] in res.values:
            assert res.values[row["claim_id"]] == row["date_printed"]


def test_table1_values_are_the_recomputed_summaries(res):
    for country, (dist, _) in ROWS.items():
        parts = [float(p) for p in dist.split()]
        key = f"t1_{country.lower()}"
        assert res.values[f"{key}_agree"] == pytest.approx(sum(parts[3:]), abs=1e-9)
        assert res.values[f"{key}_mean"] == pytest.approx(sum(r * p for r, p in enumerate(parts, 1)) / sum(parts),
                                                          abs=1e-12)
        assert [res.values[f"{key}_r{r}"] for r in range(1, 7)] == parts


# ------------------------------------------------------------------------------------------ Table 1
def test_table1_check_recomputes_every_row_by_hand(res):
    check = res.tables["table1"].set_index("country")
    assert list(check.index) == list(ROWS)
    for country, (dist, agree) in ROWS.items():
        parts = [float(p) for p in dist.split()]
        row = check.loc[country]
        assert row["dist_sum"] == pytest.approx(sum(parts), abs=1e-9)
        assert row["agree_printed"] == agree
        assert row["mean_rounded"] == row["mean_printed"]  # every printed mean is the rounded weighted mean
    assert check["sum_ok"].all()
    assert res.values["x_rows_sum_ok"] == 11 and res.values["x_means_reproduced"] == 11
    exact = sum(sum(Decimal(p) for p in dist.split()) == 100 for dist, _ in ROWS.values())
    assert res.values["x_rows_sum_100"] == exact


def test_table1_check_flags_exactly_nepal_and_kyrgyzstan(res):
    check = res.tables["table1"].set_index("country")
    assert sorted(check.index[check["agree_status"] == "discrepancy"]) == ["Kyrgyzstan", "Nepal"]
    assert res.values["x_nepal_gap"] == pytest.approx(78.6 - 74.6, abs=1e-9)
    assert res.values["x_kyrgyzstan_gap"] == pytest.approx(84.4 - 84.2, abs=1e-9)
    assert res.values["x_nepal_agree_printed"] == "74.6" and res.values["x_australia_agree_printed"] == "65"
    # Australia: printed "65", row gives 65.2, which rounds to the printed whole number
    assert check.loc["Australia", "agree_status"] == "reproduced" and check.loc["Australia", "agree_rounded"] == "65"
    assert res.values["x_agree_reproduced"] == 9


def test_agree_counts_and_wilson_interval_match_hand_reconstruction(data):
    res = friendliness.results(data, confidence=0.9)
    check = res.tables["table1"].set_index("country")
    for country, (dist, _) in ROWS.items():
        candidates = [possible_counts(p) for p in dist.split()]
        assert all(len(c) == 1 for c in candidates)  # one-decimal shares of 410: one count each
        counts = tuple(c[0] for c in candidates)
        assert sum(counts) == N and check.loc[country, "counts"] == counts
        assert check.loc[country, "agree_count"] == sum(counts[3:])
        low, high = hand_wilson(sum(counts[3:]), N, 0.9)
        assert check.loc[country, "ci_low"] == pytest.approx(100 * low, abs=1e-9)
        assert check.loc[country, "ci_high"] == pytest.approx(100 * high, abs=1e-9)
    assert check.loc["Kazakhstan", "counts"][3:] == (150, 147, 56) and res.values["x_kazakhstan_count"] == 353
    assert res.values["x_kazakhstan_count_pct"] == pytest.approx(100 * 353 / 410)
    assert res.values["x_unique_reconstructions"] == 11
    assert res.values["x_confidence_pct"] == "90"


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5, "0.95"])
def test_results_reject_bad_confidence(data, confidence):
    with pytest.raises(ParameterError, match="confidence") as info:
        friendliness.results(data, confidence=confidence)
    assert info.value.parameter == "confidence"


def test_grim_finds_only_the_three_impossible_sums(res):
    printed = [p for dist, _ in ROWS.values() for p in dist.split()] + [agree for _, agree in ROWS.values()]
    one_decimal = [p for p in printed if "." in p]
    assert res.values["x_grim_shares_total"] == res.values["x_grim_shares_ok"] == 66
    assert res.values["x_grim_onedec_total"] == len(one_decimal) == 75
    assert res.values["x_grim_onedec_ok"] == sum(bool(possible_counts(p)) for p in one_decimal) == 72
    impossible = [(c, a) for c, (_, a) in ROWS.items() if not possible_counts(a)]
    assert res.values["x_grim_impossible"] == ", ".join(f"{c} ({a})" for c, a in impossible)
    assert list(res.tables["grim"].data["Country"]) == [c for c, _ in impossible]


# ------------------------------------------------------------------------------------------ groupings
def test_paper_and_member_groupings(data):
    assert friendliness.paper_bri_countries(data) == tuple(PAPER_BRI)
    assert set(friendliness.member_bri_countries(data)) - set(PAPER_BRI) == {"Philippines"}


def test_validate_returns_table_order_and_none_means_paper(data):
    assert friendliness.validate_bri_countries(None, data) == tuple(PAPER_BRI)
    assert friendliness.validate_bri_countries(["USA", "Nepal"], data) == ("Nepal", "USA")
    assert friendliness.validate_bri_countries(("Japan",), data) == ("Japan",)


@pytest.mark.parametrize("value, fragment", [
    ("Nepal", "expected a list"), ({"Nepal"}, "expected a list"), (["Nepal", 3], "expected a list"),
    (42, "expected a list"), (["Atlantis"], "Atlantis"), (["Nepal", "Nepal"], "repeated"),
    ([], "BRI group empty"), (list(ROWS), "non-BRI group empty"),
])
def test_bad_bri_countries_are_rejected_naming_the_parameter(data, value, fragment):
    for call in (lambda: friendliness.validate_bri_countries(value, data),
                 lambda: friendliness.results(data, bri_countries=value)):
        with pytest.raises(ParameterError, match=fragment) as info:
            call()
        assert info.value.parameter == "bri_countries" and "bri_countries" in str(info.value)


def test_unknown_country_message_lists_the_allowed_names(data):
    with pytest.raises(ParameterError) as info:
        friendliness.validate_bri_countries(["Kyrgyzstan", "The Philippines"], data)
    assert "The Philippines" in str(info.value) and all(country in str(info.value) for country in ROWS)


# ------------------------------------------------------------------------------------------ BRI vs non-BRI
def test_the_papers_averages_are_reproduced_and_truncated(res):
    v = res.values
    assert v["s31_bri_pct_agree"] == pytest.approx(475.3 / 6, abs=1e-12)  # 79.21666...
    assert v["s31_non_bri_pct_agree"] == pytest.approx(244.1 / 5, abs=1e-12)
    # half-up gives 79.22, cutting off gives 79.21 (the printed figure)
    assert v["x_bri_printed"] == "79.21" and v["x_bri_rounded"] == "79.22"
    assert v["x_paper_bri_list"] == ", ".join(PAPER_BRI)
    assert v["x_bri_group_mean_2dp"] == "79.22" and v["x_non_bri_group_mean_2dp"] == "48.82"
    table = res.tables["comparison"].data
    article = table[table["Grouping and input"] == "the article's grouping, printed % agree"].set_index("Group")
    assert article.loc["BRI", "Truncated (2 dp)"] == "79.21" and article.loc["BRI", "Status"] == "within rounding"
    assert article.loc["non-BRI", "Status"] == "reproduced"


def test_recomputed_and_membership_scenarios(res):
    v = res.values
    assert v["x_paper_recomputed_bri"] == "79.92"  # (77.6 + 86.2 + 84.4 + 78.6 + 71.0 + 81.7) / 6 = 79.9166...
    assert v["x_bri_group_mean_rows"] == pytest.approx((77.6 + 86.2 + 84.4 + 78.6 + 71.0 + 81.7) / 6, abs=1e-12)
    assert v["x_non_bri_group_mean_rows"] == pytest.approx((56.6 + 54.2 + 65.2 + 31.2 + 37.1) / 5, abs=1e-12)
    assert v["x_members_printed_bri"] == "75.64"  # (475.3 + 54.2) / 7 = 75.642...
    assert v["x_members_printed_non_bri"] == "47.48"  # 189.9 / 4 = 47.475 exactly, half-up
    assert v["x_members_printed_gap"] == pytest.approx(529.5 / 7 - 189.9 / 4, abs=1e-12)
    assert not res.tables["comparison"].data["Grouping and input"].str.contains("chosen").any()


def test_the_parameter_moves_only_the_books_values(data):
    res = friendliness.results(data, bri_countries=SEVEN)
    v = res.values
    assert v["x_bri_group_mean"] == pytest.approx((475.3 + 54.2) / 7, abs=1e-12)
    assert v["x_non_bri_group_mean"] == pytest.approx((56.6 + 65 + 31.2 + 37.1) / 4, abs=1e-12)
    assert v["x_bri_gap"] == pytest.approx((475.3 + 54.2) / 7 - 189.9 / 4, abs=1e-12)
    assert "Philippines" in v["x_bri_countries"].split(", ")
    assert v["s31_bri_pct_agree"] == pytest.approx(475.3 / 6, abs=1e-12)  # the article's figures stay


def test_a_chosen_grouping_adds_rows(data):
    table = friendliness.results(data, bri_countries=["Japan", "USA"]).tables["comparison"].data
    chosen = table[table["Grouping and input"].str.startswith("the grouping chosen")]
    assert len(chosen) == 4
    assert chosen.iloc[0]["Unweighted mean"] == pytest.approx((31.2 + 37.1) / 2, abs=1e-12)
    others = [float(agree) for c, (_, agree) in ROWS.items() if c not in ("Japan", "USA")]
    assert len(others) == 9 and chosen.iloc[1]["Unweighted mean"] == pytest.approx(sum(others) / 9, abs=1e-12)
    assert "Countries" not in table.columns and len(table.columns) <= 7  # narrow enough for a phone


def test_table1_as_printed_and_the_check_in_narrow_parts(res):
    printed = res.tables["table1_printed"].data
    assert [c for c, _ in printed.columns] == ["Country"] + ["Distribution (%)"] * 6 + ["Mean", "% Agree"]
    rows = printed.set_index(("Country", ""))
    assert list(rows.loc["Uzbekistan"]) == ["1.5", "5.6", "15.4", "32.0", "33.4", "12.2", "4", "77.6"]
    assert rows.loc["Indonesia", ("% Agree", "")] == "71" and "The Philippines" in rows.index
    for name in ("check_agree", "check_mean", "check_counts"):
        assert len(res.tables[name].data.columns) <= 5, name
    agree = res.tables["check_agree"].data.set_index("Country")
    assert agree.loc["Nepal", "Status"] == "discrepancy" and agree.loc["Nepal", "Answers 4–6"] == "78.6"
    assert res.values["x_bri_test_p_max_text"] == "< 0.001"


def test_paired_test_uses_reconstructed_agree_counts(res):
    counts = {c: sum(possible_counts(p)[0] for p in dist.split()[3:]) for c, (dist, _) in ROWS.items()}
    bri = sum(counts[c] for c in PAPER_BRI) / len(PAPER_BRI)
    non = sum(k for c, k in counts.items() if c not in PAPER_BRI) / (len(ROWS) - len(PAPER_BRI))
    assert res.values["x_bri_test_count_gap"] == pytest.approx(100 * (bri - non) / N, abs=1e-9)
    assert res.values["x_bri_test_ci_low"] < res.values["x_bri_test_count_gap"] < res.values["x_bri_test_ci_high"]
    assert res.values["x_bri_test_t_min"] > 0 and res.values["x_bri_test_sd_ratio"] > 1


def test_membership_table_marks_the_philippines(res):
    table = res.tables["membership"].data.set_index("Country")
    assert table.loc["Philippines", ["BRI", "Article's group", "Group matches BRI membership"]].tolist() == \
        ["yes", "non-BRI", "no"]
    assert (table.drop(index="Philippines")["Group matches BRI membership"] == "yes").all()
    assert table.loc["India", ["BRI", "AIIB", "NDB"]].tolist() == ["no", "yes", "yes"]
    assert table.loc["Japan", ["BRI", "AIIB", "NDB"]].tolist() == ["no", "no", "no"]
    assert res.values["x_membership_as_of"] == "30 June 2025" and res.values["x_group_mismatches"] == "Philippines"
    members = rows("bri_membership.csv")
    assert res.values["x_aiib_members"] == sum(r["aiib_member"] == "yes" for r in members)
    assert res.values["x_bri_members"] == sum(r["bri_member"] == "yes" for r in members)


def test_charts_are_built(res):
    assert set(res.charts) == {"timeline", "table1", "comparison"}
    assert all(isinstance(chart, alt.TopLevelMixin) for chart in res.charts.values())


# ------------------------------------------------------------------------------------------ another data folder
def test_results_read_the_data_they_are_given(data_copy):
    path = data_copy / "bri_membership.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line.replace(",non-BRI,", ",BRI,", 1) if line.startswith("Philippines,") else line for line in lines]
    path.write_text("".join(lines), encoding="utf-8")
    data = load_data(data_copy)
    assert "Philippines" in friendliness.paper_bri_countries(data)
    assert friendliness.results(data).values["s31_bri_pct_agree"] == pytest.approx((475.3 + 54.2) / 7, abs=1e-12)


def test_a_broken_table1_file_gives_a_clear_error(data_copy):
    path = data_copy / "table1_friendliness.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Nepal,4,moderately agree,37.8,37.8",
                                                             "Nepal,4,moderately agree,abc,abc"), encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        friendliness.results(load_data(data_copy))
    assert "table1_friendliness.csv" in str(info.value)


def test_a_share_no_count_fits_falls_back_to_the_nearest_count(data_copy):
    # 37.9 of 410 is impossible (155 -> 37.80, 156 -> 38.05); the claim is edited with it so the data stay valid
    for name, old, new in (("table1_friendliness.csv", "Nepal,4,moderately agree,37.8,37.8",
                            "Nepal,4,moderately agree,37.9,37.9"),
                           ("claims.csv", "Nepal is friendly towards China,37.8,37.8,",
                            "Nepal is friendly towards China,37.9,37.9,")):
        path = data_copy / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1
        path.write_text(text.replace(old, new), encoding="utf-8")
    assert not possible_counts("37.9")
    res = friendliness.results(load_data(data_copy))
    nepal = res.tables["table1"].set_index("country").loc["Nepal"]
    assert nepal["counts"] is None and nepal["reconstruction"].startswith("no count vector fits")
    assert nepal["agree_count"] == round((37.9 + 31.5 + 9.3) * N / 100)  # 322.67 -> 323
    assert res.values["x_unique_reconstructions"] == 10
