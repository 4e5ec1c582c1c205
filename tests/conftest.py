"""Shared fixtures: copies of the real data directory, and a minimal valid data directory built from literals."""
from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TESTS = Path(__file__).resolve().parent
for _folder in (TESTS, ROOT / "_ext"):  # test helpers such as chapter_runner; the book's Sphinx extensions
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

#: Every file the data package lists (read from data/datapackage.json, the one schema).
DATA_FILES = tuple(r["path"] for r in json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"])


@pytest.fixture(scope="session", autouse=True)
def _shared_runs_folder(tmp_path_factory):
    """Point chapter_runner at a folder shared by every pytest-xdist worker of this run (its own folder if none).

    Under xdist each worker's temporary folder is ``<run>/popen-gwN``; ``<run>`` is shared, so a chapter run
    with default parameters (and anything else passed to ``chapter_runner.run_once``) happens once per run.
    """
    import chapter_runner

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    chapter_runner.SHARED_DIR = shared / "shared-runs"
    yield chapter_runner.SHARED_DIR
    chapter_runner.SHARED_DIR = None


def pytest_collection_modifyitems(config, items):
    """Run the slowest tests (marked ``build``: they build a copy of the book) first.

    With pytest-xdist a long test that starts last keeps one worker busy while the others idle; started
    first, it overlaps with the rest of the suite.
    """
    items.sort(key=lambda item: item.get_closest_marker("build") is None)  # stable: the order is otherwise kept


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the repository's data/ directory in tmp_path (tests may break the copy).

    Fails, rather than skips, when the real data is missing: the broken-input tests are part of the contract.
    """
    missing = [name for name in DATA_FILES if not (DATA / name).is_file()]
    assert not missing, f"data/ is incomplete; missing {missing}"
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    for path in dst.iterdir():  # data/aiddata_*.csv is read-only in the repository; the copy must be writable
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return dst


# --------------------------------------------------------------------------- minimal valid data (literals)
TABLE1 = {
    "Uzbekistan": "1.5 5.6 15.4 32.0 33.4 12.2", "Kazakhstan": "1.0 3.4 9.5 36.6 35.9 13.7",
    "Kyrgyzstan": "1.2 4.9 9.5 35.4 33.9 15.1", "India": "7.3 14.6 21.5 25.4 21.2 10.0",
    "Nepal": "2.2 5.1 14.1 37.8 31.5 9.3", "Philippines": "9.0 15.6 21.2 25.9 20.7 7.6",
    "Indonesia": "2.9 6.6 19.5 32.0 30.7 8.3", "Singapore": "1.2 4.1 12.9 30.2 35.6 15.9",
    "Australia": "5.1 10.2 19.5 23.2 29.3 12.7", "Japan": "28.0 22.0 18.8 13.9 9.0 8.3",
    "USA": "24.6 18.8 19.5 14.9 16.6 5.6",
}
TABLE1_SUMMARY = {"Uzbekistan": ("4", "77.6"), "Kazakhstan": ("4", "86.2"), "Kyrgyzstan": ("4", "84.2"),
                  "India": ("4", "56.6"), "Nepal": ("4", "74.6"), "Philippines": ("4", "54.2"),
                  "Indonesia": ("4", "71"), "Singapore": ("4", "81.7"), "Australia": ("4", "65"),
                  "Japan": ("3", "31.2"), "USA": ("3", "37.1")}
LABELS = ("strongly disagree", "disagree", "moderately disagree", "moderately agree", "agree", "strongly agree")
DEMOGRAPHICS = {
    "age": [("18–29", "86", "21"), ("30–39", "144", "35.1"), ("40–49", "118", "28.8"), ("50+", "62", "15.1")],
    "gender": [("Female", "208", "50.7"), ("Male", "202", "49.3")],
    "education": [("Primary school or below", "3", "0.7"), ("Secondary school", "41", "10.7"),
                  ("Diploma", "159", "38.8"), ("Bachelor’s degree", "188", "45.9"),
                  ("Postgraduate degree or above", "19", "4.6")],
    "income": [("5,000 or below", "25", "6.1"), ("5,001–10,000", "69", "16.8"), ("10,001–20,000", "168", "41.0"),
               ("20,001–35,000", "122", "29.8"), ("> 35,001", "26", "6.3")],
}


def _value(printed: str) -> str:
    return printed.replace(",", "")


def _write(path: Path, header: str, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header.split(","))
        writer.writerows(rows)


def write_minimal_data(dst: Path) -> Path:
    """Write a small but complete and valid data directory (literals from the paper) into ``dst``."""
    dst.mkdir(parents=True, exist_ok=True)
    claims: list[list[str]] = []

    def claim(cid, chapter, location, printed_text, printed, unit="percent", kind="transcribed",
              status="reproduced", note="", description=""):
        claims.append([cid, chapter, location, f"test claim {cid}{description}", printed_text, _value(printed), unit,
                       kind, status, note])
        return cid

    rows = []
    for country, shares in TABLE1.items():
        for r, p in enumerate(shares.split(), start=1):
            cid = claim(f"t1_{country.lower()}_r{r}", "03_policy_bri", "Table 1", f"{p}%", p)
            rows.append([country, str(r), LABELS[r - 1], p, p, "Table 1", cid])
    _write(dst / "table1_friendliness.csv", "country,response,response_label,printed,value,location,claim_id", rows)

    rows = []
    for country, (mean, agree) in TABLE1_SUMMARY.items():
        rows.append([country, "mean", mean, mean, "Table 1",
                     claim(f"t1_{country.lower()}_mean", "03_policy_bri", "Table 1", mean, mean, "mean_score",
                           "derived", "rounding", "mean of 1-6 printed as an integer")])
        status, note = ("discrepancy", "78.6 from the distribution") if country == "Nepal" else ("reproduced", "")
        rows.append([country, "pct_agree", agree, agree, "Table 1",
                     claim(f"t1_{country.lower()}_agree", "03_policy_bri", "Table 1", f"{agree}%", agree,
                           "percent", "derived", status, note)])
    _write(dst / "table1_summary.csv", "country,statistic,printed,value,location,claim_id", rows)

    _write(dst / "survey_design.csv", "parameter,printed,value,unit,location,claim_id", [
        ["n_respondents", "410", "410", "respondents", "Section 1, paragraph 5",
         claim("survey_n", "01_introduction", "Section 1, paragraph 5", "n = 410", "410", "count")],
        ["fielded_year", "2024", "2024", "year", "Section 1, paragraph 5",
         claim("survey_year", "01_introduction", "Section 1, paragraph 5", "2024", "2024", "year")],
    ])

    items = [
        ("fig1_partner_factor", "Figure 1", "all", "shared_economic_interests", "distribution", "", "42.2"),
        ("fig1_partner_factor", "Figure 1", "all", "common_political_ideologies", "distribution", "", "31.5"),
        ("fig1_partner_factor", "Figure 1", "all", "preexisting_personal_ties", "distribution", "", "11.5"),
        ("fig1_partner_factor", "Figure 1", "all", "historical_cultural_ties", "distribution", "", "8"),
        ("fig1_partner_factor", "Figure 1", "all", "shared_social_recreational_interests", "distribution", "", "6.8"),
        ("regulate_city", "text", "all", "central_regulation", "distribution", "", "48.5"),
        ("regulate_city", "text", "all", "central_initial_phase", "distribution", "", "39.3"),
        ("regulate_city", "text", "all", "local_autonomy", "distribution", "", "12.2"),
        ("fig3_public_opinion", "Figure 3", "provincial_should", "no", "distribution", "", "76.3"),
        ("fig3_public_opinion", "Figure 3", "provincial_should", "yes", "distribution", "", "23.7"),
        ("fig2_tension", "Figure 2", "economic", "continue_limited", "single", "", "63.4"),
        ("grew_up_reform_era", "text", "all", "yes", "single", "approximately", "85"),
    ]
    rows = []
    for item, exhibit, group, cat, kind, qual, p in items:
        loc = f"{exhibit} (alt text)" if exhibit != "text" else "Section 4, paragraph 2"
        text = f"{qual} {p}%".strip()
        cid = claim(f"{item}_{group}_{cat}", "04_public_views", loc, text, p)
        rows.append([item, exhibit, "Question text, with a comma", group, cat, kind, qual, p, p, loc, cid])
    _write(dst / "survey_items.csv", "item_id,exhibit,question,group,category,kind,qualifier,printed,value,location,"
                                     "claim_id", rows)

    rows = []
    case = {"Kyrgyzstan": "96.5 95.1 90.0 85.0 80.0 70.0", "India": "50.0 40.0 60.0 80.2 55.0 70.0",
            "Japan": "63.2 50.2 45.0 60.0 55.1 50.0"}
    items6 = ("government_friendly", "people_friendly", "important_diplomacy", "important_economy",
              "important_sociocultural", "subnational_important")
    for country, values in case.items():
        for item, p in zip(items6, values.split()):
            polarity = "disagree" if country == "Japan" and item in items6[:2] else "agree"
            cid = claim(f"{country.lower()}_{item}", "05_kyrgyzstan", "Section 5.1, paragraph 4", f"{p}%", p,
                        description=" (opposite polarity)" if polarity == "disagree" else "")
            rows.append([country, item, polarity, "", p, p, "Section 5.1, paragraph 4", cid])
    _write(dst / "case_perceptions.csv", "country,item,polarity,qualifier,printed,value,location,claim_id", rows)

    _write(dst / "external_surveys.csv",
           "survey_id,source,year,country,item,qualifier,printed,value,unit,location,claim_id", [
               ["genron_2024", "Genron NPO (2024)", "2024", "Japan", "unfavourable_china", "", "87.7", "87.7",
                "percent", "Section 5.3, paragraph 5",
                claim("genron_unfavourable", "07_japan", "Section 5.3, paragraph 5", "87.7%", "87.7")]])

    rows = []
    for ch, cats in DEMOGRAPHICS.items():
        for order, (cat, count, pct) in enumerate(cats, start=1):
            status, kind = ("discrepancy", "derived") if (ch, order) == ("education", 2) else ("reproduced", "derived")
            rows.append([ch, cat, str(order), "count", count, _value(count), "Table 3",
                         claim(f"t3_{ch}_{order}_count", "01_introduction", "Table 3", count, count, "persons",
                               description=f": group '{cat}'")])
            rows.append([ch, cat, str(order), "percent", pct, pct, "Table 3",
                         claim(f"t3_{ch}_{order}_pct", "01_introduction", "Table 3", f"{pct}%", pct, "percent",
                               kind, status, "41/410 = 10.0%" if status == "discrepancy" else "",
                               description=f": group '{cat}'")])
    _write(dst / "demographics.csv", "characteristic,category,order,measure,printed,value,location,claim_id", rows)

    interviews = [("Provincial Official", "Jiangxi, China", "2014-04-02", ""),
                  ("Civil Servant", "Bishkek, Kyrgyzstan", "2024-02-07", ""),
                  ("Civil Servant", "Bishkek, Kyrgyzstan", "2024-02-21", "a"),
                  ("Civil Servant", "Bishkek, Kyrgyzstan", "2024-02-21", "b"),
                  ("City Hall Official", "Osh, Kyrgyzstan", "2024-02-15", ""),
                  ("Ministry Official", "Bishkek, Kyrgyzstan", "2024-02-21", "c"),
                  ("Municipal Official", "Dunhuang, China", "2014-07-15", ""),
                  ("Indian Scholar", "Online Interview (conducted in Hong Kong SAR)", "2025-04-02", ""),
                  ("Director of a Chamber of Commerce", "Xi’an, China", "2023-11-10", ""),
                  ("President of a Research Institute", "Online Interview (conducted in Chongqing, China)",
                   "2023-11-27", "")]
    months = ("January February March April May June July August September October November December").split()
    rows = []
    for i, (desc, place, iso, suffix) in enumerate(interviews, start=1):
        y, m, d = (int(x) for x in iso.split("-"))
        rows.append([str(i), desc, place, f"{months[m - 1]} {d}, {y}{suffix}", iso, suffix, "Table 2"])
    _write(dst / "interviews.csv", "number,description,place,date_printed,date,date_suffix,location", rows)

    _write(dst / "dyads.csv", "dyad_id,partner_a,country_a,level_a,partner_b,country_b,level_b,relationship,"
                              "year_printed,year,location,claim_id,note", [
               ["tianjin_kobe", "Tianjin", "China", "city", "Kobe", "Japan", "city", "sister_city", "1973", "1973",
                "Section 5.3, paragraph 2",
                claim("tianjin_kobe_year", "07_japan", "Section 5.3, paragraph 2", "1973", "1973", "year"), ""],
               ["davao_nanning", "Davao", "Philippines", "city", "Nanning", "China", "city", "sister_city", "", "",
                "Section 6, paragraph 2", "", "no year printed"]])

    _write(dst / "tie_counts.csv", "count_id,partner,measure,qualifier,printed,value,as_of,source,location,claim_id", [
        ["world_total_2018", "World", "total ties", "more than", "2,500", "2500", "2018", "Custer et al. 2018",
         "Section 5.3, paragraph 2",
         claim("world_ties_2500", "07_japan", "Section 5.3, paragraph 2", "more than 2,500", "2,500", "count")]])

    _write(dst / "bilateral_context.csv", "indicator_id,country,indicator,qualifier,printed,value,unit,period,source,"
                                          "location,claim_id", [
        ["japan_tourists_2024", "Japan", "Chinese visitors to Japan", "", "2.4", "2.4", "persons", "2024",
         "MOFA 2024", "Section 5.3, paragraph 5",
         claim("japan_visitors_2024", "07_japan", "Section 5.3, paragraph 5", "2.4 million", "2.4", "persons")]])

    _write(dst / "policy_timeline.csv", "event_id,event,year,date_printed,year_source,reference,description,location,"
                                        "claim_id", [
        ["open_door", "Open Door policy", "1978", "", "added", "Standard reference, 1978", "Reform and opening",
         "Section 3, paragraph 1", ""],
        ["going_out", "Going Out strategy", "2000", "March 2000", "printed", "", "Firms invest abroad",
         "Section 3, paragraph 2",
         claim("going_out_2000", "03_policy_bri", "Section 3, paragraph 2", "March 2000", "2000", "year")]])

    bri = {"Uzbekistan": "BRI", "Kazakhstan": "BRI", "Kyrgyzstan": "BRI", "India": "non-BRI", "Nepal": "BRI",
           "Philippines": "non-BRI", "Indonesia": "BRI", "Singapore": "BRI", "Australia": "non-BRI",
           "Japan": "non-BRI", "USA": "non-BRI"}
    _write(dst / "bri_membership.csv", "country,bri_member,aiib_member,ndb_member,paper_group,as_of,reason,source", [
        [c, "yes" if g == "BRI" else "no", "yes", "no", g, "2025-06-30", "test reason, with comma", "test source"]
        for c, g in bri.items()])

    _write(dst / "text_facts.csv", "fact_id,topic,qualifier,printed,value,unit,location,claim_id", [
        ["east_asia_pacific_share", "regional_share", "more than", "1/3", "0.3333333333", "fraction",
         "Section 4, paragraph 1",
         claim("eap_share", "04_public_views", "Section 4, paragraph 1", "More than one-third", "0.3333333333",
               "fraction")],
        ["india_trade_rank", "rank", "", "2", "2", "rank", "Section 5.2, paragraph 1",
         claim("india_trade_rank", "06_india", "Section 5.2, paragraph 1", "second largest trading partner", "2",
               "rank")]])

    _write(dst / "claims.csv", "claim_id,chapter,location,description,printed,value,unit,kind,expected_status,note",
           claims)
    # other resources are copied from data/, except those referencing a table written here (or a dropped one)
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    written = {r["name"] for r in descriptor["resources"] if (dst / r["path"]).exists()}
    kept, dropped = [], set()
    for res in descriptor["resources"]:
        if res["name"] not in written:
            if {fk["reference"].get("resource") for fk in res["schema"].get("foreignKeys", [])} & (written | dropped):
                dropped.add(res["name"])
                continue
            shutil.copyfile(DATA / res["path"], dst / res["path"])
        kept.append(res)
    descriptor["resources"] = kept
    (dst / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return dst


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A minimal, valid data directory written from literals (independent of the real data/)."""
    return write_minimal_data(tmp_path / "mini")
