"""Fault injection: hundreds of bad inputs, each of which must end in a clear error or in a documented limit.

The cases are a table (:data:`CASES`): generated from ``data/datapackage.json`` (every resource x every generic
fault kind: a missing, extra or renamed column, a wrong type, non-ASCII digits, a duplicate key, an unknown
category, an empty file, a header without rows, a truncated line, a byte-order mark, CRLF line endings, ...) and
written by hand for the domain (broken sums, polarity and enumeration flips, implausible years and dates, a
typo made consistently in a data file and in ``claims.csv``), the descriptor itself, the command line
(``python -m paradiplomacy validate|audit|sensitivity``) and the chapters' papermill parameters.

Every case ends in one of two ways:

- an error naming the file, the row and the column (a :class:`DataValidationError`), or the parameter or option
  (a :class:`ParameterError`, a command-line message), and saying what was expected; or
- for a fault the loader accepts by design, a limit named in ``data/README.md`` ("Limits of the checks"); where
  another check catches it (the article's text, the audit), the case runs that check on the broken copy too.

Each data case breaks a fresh copy of ``data/`` in a temporary folder. File-level faults are read with the
loader's own per-file reader (``package.read_table``, what ``check_package`` runs for every file); the others load
the whole package. ``test_fault_counts`` prints the number of cases per kind.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
import stat
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from reference import read_rows, write_rows

from paradiplomacy.data import load_data
from paradiplomacy.data.package import read_descriptor, read_table
from paradiplomacy.errors import DataValidationError, ParameterError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
README = (DATA / "README.md").read_text(encoding="utf-8")
ANY = object()  #: the row or column of an error that a case does not pin down

#: Fault kinds the issue asks for, at least (each must have cases).
REQUIRED_KINDS = ("missing column", "extra column", "renamed column", "wrong type", "non-ASCII digits",
                  "duplicate key", "unknown category", "broken sum", "empty file", "truncated line", "BOM", "CRLF",
                  "consistent double typo", "polarity/enumeration flip", "implausible year or date",
                  "descriptor", "command line", "papermill parameter")


# ------------------------------------------------------------------------------------------------ csv helpers


def real_rows(name: str) -> list[list[str]]:
    return read_rows(DATA / RESOURCES[name]["path"])


def line_of(name: str, **equal) -> int:
    """File line (header = 1) of the first row of resource ``name`` whose columns equal ``equal``."""
    rows = real_rows(name)
    header = rows[0]
    return next(i + 1 for i, r in enumerate(rows) if i and all(r[header.index(k)] == v for k, v in equal.items()))


def lines_of(name: str, **equal) -> tuple[int, ...]:
    rows = real_rows(name)
    header = rows[0]
    return tuple(i + 1 for i, r in enumerate(rows) if i and all(r[header.index(k)] == v for k, v in equal.items()))


def cell(name: str, line: int, column: str) -> str:
    rows = real_rows(name)
    return rows[line - 1][rows[0].index(column)]


def edit(name: str, changes: list[tuple[int, str, str]]):
    """A mutation: set ``(line, column, value)`` cells of resource ``name``."""
    def mutate(folder: Path) -> None:
        path = folder / RESOURCES[name]["path"]
        rows = read_rows(path)
        for line, column, value in changes:
            rows[line - 1][rows[0].index(column)] = value
        write_rows(path, rows)
    return mutate


def edit_where(name: str, match: dict, changes: dict):
    """A mutation: set ``changes`` in every row of ``name`` matching ``match``."""
    def mutate(folder: Path) -> None:
        path = folder / RESOURCES[name]["path"]
        rows = read_rows(path)
        header = rows[0]
        hits = 0
        for r in rows[1:]:
            if all(r[header.index(k)] == v for k, v in match.items()):
                hits += 1
                for k, v in changes.items():
                    r[header.index(k)] = v
        assert hits, (name, match)
        write_rows(path, rows)
    return mutate


def both(*mutations):
    def mutate(folder: Path) -> None:
        for m in mutations:
            m(folder)
    return mutate


def text_edit(name: str, change: Callable[[str], str]):
    def mutate(folder: Path) -> None:
        path = folder / (RESOURCES[name]["path"] if name in RESOURCES else name)
        path.write_bytes(change(path.read_bytes().decode("utf-8")).encode("utf-8"))
    return mutate


def rows_edit(name: str, change: Callable[[list], list]):
    def mutate(folder: Path) -> None:
        path = folder / RESOURCES[name]["path"]
        write_rows(path, change(read_rows(path)))
    return mutate


def descriptor_edit(change: Callable[[dict], None]):
    def mutate(folder: Path) -> None:
        path = folder / "datapackage.json"
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        change(descriptor)
        path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return mutate


def res_of(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def field_of(descriptor: dict, name: str, column: str) -> dict:
    return next(f for f in res_of(descriptor, name)["schema"]["fields"] if f["name"] == column)


def copy_data(tmp: Path, only: str | None = None) -> Path:
    """A writable copy of data/ (or of the descriptor and one resource's file) in ``tmp``."""
    dst = tmp / "data"
    if only is None:
        shutil.copytree(DATA, dst)
    else:
        dst.mkdir()
        for name in ("datapackage.json", RESOURCES[only]["path"]):
            shutil.copyfile(DATA / name, dst / name)
    for path in dst.iterdir():  # the AidData extract is read-only in the repository
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return dst


# ------------------------------------------------------------------------------------------------ cases
@dataclass
class Case:
    """One bad input. ``check(tmp_path)`` breaks a copy (or calls the code) and asserts the outcome."""

    kind: str
    name: str
    check: Callable[[Path], None]
    limit: str | None = None  #: the README limit (L1...) the case ends in, if it ends in one
    tags: tuple = field(default_factory=tuple)


CASES: list[Case] = []


def assert_names(error: DataValidationError, file: str, row, column) -> None:
    """The error names ``file``, ``row`` and ``column`` (attributes and message) and says what was expected."""
    message = str(error)
    assert Path(error.file).name == file and file in message, message
    if row is not ANY:
        if isinstance(row, tuple):
            assert tuple(error.row) == row, message
        else:
            assert error.row == row, message
        if row is not None:
            assert (f"row {row}" if isinstance(row, int) else "rows ") in message, message
    if column is not ANY:
        assert error.column == column, message
        if column is not None:
            assert f"column {column!r}" in message, message
    assert ": expected " in message and ", found " in message, message
    assert len(message.splitlines()) == 1, message


def data_case(kind: str, name: str, mutate, file: str, row=ANY, column=ANY, words=(), scope: str = "package",
              resource: str | None = None, strip_hash: bool = False) -> None:
    """A fault in the data that must end in a DataValidationError naming ``file``, ``row`` and ``column``."""
    def check(tmp: Path) -> None:
        folder = copy_data(tmp, only=resource if scope == "file" else None)
        mutate(folder)
        if scope == "file":  # the loader's reader of one file, as check_package runs it for each resource
            descriptor, fields = read_descriptor(folder)
            res = dict(res_of(descriptor, resource))
            if strip_hash:  # reach the checks behind the hash of the AidData extract
                res.pop("hash")
            with pytest.raises(DataValidationError) as info:
                read_table(folder, res, fields[resource])
        else:
            with pytest.raises(DataValidationError) as info:
                load_data(folder)
        assert_names(info.value, file, row, column)
        for word in words:
            assert word in str(info.value), (word, str(info.value))
    CASES.append(Case(kind, name, check))


def limit_case(kind: str, name: str, mutate, limit: str, downstream: Callable[[Path], object] | None = None) -> None:
    """A fault the loader accepts by design: README names the limit, and ``downstream`` (if any) flags it."""
    def check(tmp: Path) -> None:
        folder = copy_data(tmp)
        mutate(folder)
        load_data(folder)  # accepted: this is the documented limit
        limits = README[README.index("\n## Limits of the checks\n"):]
        assert re.search(rf"\*\*{limit} [^*]+\.\*\*", limits), f"data/README.md describes no limit {limit}"
        if downstream is not None:
            assert downstream(folder), f"{name}: the check beyond the loader did not flag it"
    CASES.append(Case(kind, name, check, limit=limit))


# ----------------------------------------------------------------------------- generated: resource x kind
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
TYPE_WORDS = {"integer": "an integer", "number": "a number", "year": "a four-digit year", "date": "an ISO date",
              "boolean": "'yes' or 'no'"}


def _generic(name: str) -> None:
    res = RESOURCES[name]
    path, fields = res["path"], res["schema"]["fields"]
    columns = [f["name"] for f in fields]
    rows = real_rows(name)
    last = len(rows)
    kw = dict(scope="file", resource=name, strip_hash="hash" in res)

    def add(kind, label, mutate, row, column, words=()):
        data_case(kind, f"{name}: {label}", mutate, path, row, column, words, **kw)

    dropped = columns[1]
    add("missing column", f"no column {dropped!r}",
        rows_edit(name, lambda rs: [r[:1] + r[2:] for r in rs]), 1, dropped, ("in the header",))
    add("extra column", "an extra column",
        rows_edit(name, lambda rs: [rs[0] + ["extra"]] + [r + ["x"] for r in rs[1:]]), 1, "extra",
        ("only the columns",))
    add("renamed column", f"{columns[0]!r} renamed",
        rows_edit(name, lambda rs: [[columns[0] + "_renamed"] + rs[0][1:]] + rs[1:]), 1, columns[0], ("in the header",))
    add("renamed column", "two columns swapped",
        rows_edit(name, lambda rs: [[r[1], r[0]] + r[2:] for r in rs]), 1, columns[0], ("position 1",))

    typed = next((f for f in fields if f["type"] != "string"), None)
    if typed is not None:
        add("wrong type", f"{typed['name']!r} = 'abc'", edit(name, [(2, typed["name"], "abc")]), 2, typed["name"],
            (TYPE_WORDS[typed["type"]],))
    patterned = next((f for f in fields if "pattern" in f.get("constraints", {})), None)
    if patterned is not None:
        add("wrong type", f"{patterned['name']!r} breaks its pattern",
            edit(name, [(2, patterned["name"], "Not The Form!")]), 2, patterned["name"], ("pattern",))

    digits = next((c for c in columns if re.search(r"[0-9]", rows[1][columns.index(c)])), None)
    for label, table in (("Arabic-Indic", ARABIC), ("full-width", FULL_WIDTH)):
        if digits is not None:
            add("non-ASCII digits", f"{label} digits in {digits!r}",
                edit(name, [(2, digits, rows[1][columns.index(digits)].translate(table))]), 2, digits, ("ASCII",))
        else:  # no digit in the row: a digit appended to the first column
            add("non-ASCII digits", f"{label} digit appended to {columns[0]!r}",
                edit(name, [(2, columns[0], rows[1][0] + "7".translate(table))]), 2, columns[0], ("ASCII",))

    keys = res["schema"].get("primaryKey") or (res["schema"].get("uniqueKeys") or [None])[0]
    if keys:
        keys = [keys] if isinstance(keys, str) else keys
        add("duplicate key", f"row 3 repeats the key {tuple(keys)} of row 2",
            edit(name, [(3, k, rows[1][columns.index(k)]) for k in keys]), (2, 3), keys[-1],
            ("unique key", "duplicate"))

    enum = next((f for f in fields if "enum" in f.get("constraints", {})), None)
    if enum is not None:
        add("unknown category", f"{enum['name']!r} = 'not-a-category'",
            edit(name, [(2, enum["name"], "not-a-category")]), 2, enum["name"], ("one of",))

    add("empty file", "an empty file", text_edit(name, lambda t: ""), 1, None, ("header row", "empty file"))
    add("empty file", "a header and no rows", text_edit(name, lambda t: t.split("\n")[0] + "\n"), 2, None,
        ("at least one data row",))

    def truncate(text: str) -> str:
        body = text[:-1]
        cut = body.rfind("\n") + 1
        return body[:cut + max(1, (len(body) - cut) // 2)]
    add("truncated line", "the last line cut in half, no final newline", text_edit(name, truncate), last, None, ())
    add("truncated line", "a blank line",
        text_edit(name, lambda t: t.replace("\n", "\n\n", 2).replace("\n\n", "\n", 1)), 3, None, ("a blank line",))
    add("BOM", "a UTF-8 byte-order mark", text_edit(name, lambda t: "\ufeff" + t), 1, None, ("byte-order mark",))
    add("CRLF", "CRLF line endings", text_edit(name, lambda t: t.replace("\n", "\r\n")), 1, None,
        ("core.autocrlf", ".gitattributes", "CRLF"))
    add("CRLF", "one CR in the middle", text_edit(name, lambda t: t.replace("\n", "\r\n", 3).replace("\r\n", "\n", 2)),
        3, None, ("core.autocrlf",))
    add("whitespace", f"a space before {columns[0]!r}", edit(name, [(2, columns[0], " " + rows[1][0])]), 2, columns[0],
        ("whitespace",))
    plain = next(c for c, v in zip(columns, rows[1]) if v and not re.search(r'[,"\n]', v))
    add("quoting", f"needless quotes around {plain!r}",
        text_edit(name, lambda t: _quote(t, columns.index(plain))), 2, None, ("QUOTE_MINIMAL",))
    add("encoding", "a byte that is not UTF-8", lambda folder: (folder / path).write_bytes(
        (folder / path).read_bytes().replace(b"\n", b"\n\xff", 1)), 2, None, ("UTF-8",))


def _quote(text: str, index: int) -> str:
    """Line 2 of ``text`` with field ``index`` in quotes it does not need (every other field as csv writes it)."""
    lines = text.split("\n")
    fields = next(csv.reader([lines[1]]))
    minimal = ['"' + f.replace('"', '""') + '"' if re.search(r'[,"\r\n]', f) else f for f in fields]
    minimal[index] = '"' + fields[index] + '"'
    lines[1] = ",".join(minimal)
    return "\n".join(lines)


for _name in RESOURCES:
    _generic(_name)

# The AidData extract is pinned by its hash: a plausible edit (one count + 1) is named as a modified file.
data_case("hash", "aiddata: one count changed", edit("aiddata", [(11, "sister_cities_cumulative", str(
    int(cell("aiddata", 11, "sister_cities_cumulative")) + 1))]), "aiddata_china_sister_cities.csv", None, None,
    ("modified", "sha256"))
data_case("implausible year or date", "aiddata: year 2019 (outside the releases)",
          edit("aiddata", [(19, "year", "2019")]), "aiddata_china_sister_cities.csv", 19, "year", ("<= 2018",),
          scope="file", resource="aiddata", strip_hash=True)


# ----------------------------------------------------------------------------- hand-written: the domain
def P(name: str) -> str:
    return RESOURCES[name]["path"]


# polarity and enumeration flips
L = line_of("case_perceptions", country="Kyrgyzstan", item="government_friendly")
data_case("polarity/enumeration flip", "case_perceptions: Kyrgyz government polarity agree -> disagree (issue 12)",
          edit("case_perceptions", [(L, "polarity", "disagree")]), P("case_perceptions"), L, "polarity",
          ("'agree'", "(opposite polarity)"))
L = line_of("case_perceptions", country="Japan", item="government_friendly")
data_case("polarity/enumeration flip", "case_perceptions: Japan government polarity disagree -> agree",
          edit("case_perceptions", [(L, "polarity", "agree")]), P("case_perceptions"), L, "polarity", ("'disagree'",))
L = line_of("case_perceptions", country="India", item="people_friendly")
data_case("polarity/enumeration flip", "case_perceptions: India people polarity -> disagree",
          edit("case_perceptions", [(L, "polarity", "disagree")]), P("case_perceptions"), L, "polarity", ("'agree'",))
data_case("polarity/enumeration flip", "table1: response label of response 1 -> 'disagree'",
          edit("table1", [(2, "response_label", "disagree")]), P("table1"), 2, "response_label", ("strongly disagree",))
data_case("polarity/enumeration flip", "table1: responses 1 and 6 swapped",
          edit("table1", [(2, "response", "6"), (7, "response", "1")]), P("table1"), 2, "response", ("response 1",))
data_case("polarity/enumeration flip", "table1_summary: mean and pct_agree swapped",
          edit("table1_summary", [(2, "statistic", "pct_agree"), (3, "statistic", "mean")]), P("table1_summary"),
          2, ANY, ())
L = line_of("demographics", characteristic="gender", order="1", measure="count")
data_case("polarity/enumeration flip", "demographics: a count row marked percent",
          edit("demographics", [(L, "measure", "percent")]), P("demographics"), (L, L + 1), "measure", ("duplicate",))
L = line_of("survey_items", item_id="fig1_partner_factor")
data_case("polarity/enumeration flip", "survey_items: Figure 1 row marked as text",
          edit("survey_items", [(L, "exhibit", "text")]), P("survey_items"), L, "exhibit", ("Figure 1 (alt text)",))
L = line_of("survey_items", item_id="importance")
data_case("polarity/enumeration flip", "survey_items: a text row marked Figure 2",
          edit("survey_items", [(L, "exhibit", "Figure 2")]), P("survey_items"), L, "exhibit", ("'text'",))
L = lines_of("survey_items", item_id="regulate_city")[1]
data_case("polarity/enumeration flip", "survey_items: one row of a distribution marked single",
          edit("survey_items", [(L, "kind", "single")]), P("survey_items"), L, "kind", ("one kind per item",))
L = line_of("dyads", dyad_id="tianjin_kobe")
data_case("polarity/enumeration flip", "dyads: a sister city marked province",
          edit("dyads", [(L, "level_a", "province")]), P("dyads"), L, "relationship", ("sister_province",))
L = line_of("dyads", dyad_id="guangdong_gujarat")
data_case("polarity/enumeration flip", "dyads: a sister province marked sister city",
          edit("dyads", [(L, "relationship", "sister_city")]), P("dyads"), L, "relationship", ("two cities",))
L = line_of("policy_timeline", event_id="go_west")
data_case("polarity/enumeration flip", "policy_timeline: a printed year marked added",
          edit("policy_timeline", [(L, "year_source", "added")]), P("policy_timeline"), L, "claim_id", ("added",))
L = line_of("policy_timeline", event_id="open_door_policy")
data_case("polarity/enumeration flip", "policy_timeline: an added year marked printed",
          edit("policy_timeline", [(L, "year_source", "printed")]), P("policy_timeline"), L, ANY, ("printed",))
L = line_of("interviews", number="3")
data_case("polarity/enumeration flip", "interviews: date suffix a -> b",
          edit("interviews", [(L, "date_suffix", "b")]), P("interviews"), L, "date_printed", ("suffix 'b'",))
L = line_of("text_facts", topic="rank")
data_case("polarity/enumeration flip", "text_facts: a rank with unit year",
          edit("text_facts", [(L, "unit", "year")]), P("text_facts"), L, "unit", ("text_fact_units.csv",))
L = line_of("bilateral_context", indicator_id="fdi_ten_provinces_share")
data_case("polarity/enumeration flip", "bilateral_context: a percent marked persons",
          edit("bilateral_context", [(L, "unit", "persons")]), P("bilateral_context"), L, "unit", ("'percent'",))
L = line_of("bilateral_context", indicator_id="fdi_ten_provinces_count")
data_case("polarity/enumeration flip", "bilateral_context: a count of provinces marked percent",
          edit("bilateral_context", [(L, "unit", "percent")]), P("bilateral_context"), L, "unit", ("'count'",))
L = line_of("survey_design", parameter="n_respondents")
data_case("polarity/enumeration flip", "survey_design: respondents counted in countries",
          edit("survey_design", [(L, "unit", "countries")]), P("survey_design"), L, "unit", ("n_respondents",))
L = line_of("claims", claim_id="t1_nepal_agree")
data_case("polarity/enumeration flip", "claims: a discrepancy marked transcribed",
          edit("claims", [(L, "kind", "transcribed")]), P("claims"), L, "kind", ("'derived'",))
L = line_of("claims", claim_id="s1_n_respondents")
data_case("polarity/enumeration flip", "claims: a transcribed claim marked rounding",
          edit("claims", [(L, "expected_status", "rounding")]), P("claims"), L, "kind", ("'derived'",))
L = line_of("tie_counts", qualifier="up to")
data_case("polarity/enumeration flip", "tie_counts: qualifier 'up to' -> 'over'",
          edit("tie_counts", [(L, "qualifier", "over")]), P("tie_counts"), L, "qualifier", ("qualifier printed",))
L = line_of("findings", finding_id="t1_nepal_agree")
data_case("polarity/enumeration flip", "findings: a claim finding marked check",
          edit("findings", [(L, "kind", "check")]), P("findings"), L, "kind", ("family.subject",))
L = line_of("literature_attributions", debate="inside_foreign_policy", side="other")
data_case("polarity/enumeration flip", "literature_attributions: a debate row without a side",
          edit("literature_attributions", [(L, "side", "")]), P("literature_attributions"), L, "side", ("debate",))
limit_case("polarity/enumeration flip", "bri_membership: Nepal's paper_group BRI -> non-BRI (the audit's)",
           edit_where("bri_membership", {"country": "Nepal"}, {"paper_group": "non-BRI"}), "L6",
           lambda folder: _bri_mean_off(folder))
limit_case("polarity/enumeration flip", "bri_membership: India's bri_member no -> yes (public lists)",
           edit_where("bri_membership", {"country": "India"}, {"bri_member": "yes"}), "L3")
limit_case("polarity/enumeration flip", "literature_works: a tradition changed (this book's classification)",
           edit("literature_works", [(2, "tradition", "China studies")]), "L4")
limit_case("polarity/enumeration flip", "findings: conclusion_changes no -> weakens (this book's judgement)",
           edit("findings", [(2, "conclusion_changes", "weakens")]), "L4")
limit_case("polarity/enumeration flip", "polarity flipped together with the claim's wording",
           both(edit("case_perceptions", [(line_of("case_perceptions", country="Kyrgyzstan",
                                                   item="government_friendly"), "polarity", "disagree")]),
                edit_where("claims", {"claim_id": "kyrgyzstan_government_friendly"},
                           {"description": "Share seeing the Kyrgyz government as unfriendly (opposite polarity)"})),
           "L1")


def _bri_mean_off(folder: Path) -> bool:
    """The audit's recomputation of the printed BRI average (79.21) under the copy's grouping is off."""
    from paradiplomacy.paper import friendliness

    data = load_data(folder)
    shares = {r.country: r.value for r in data.table1_summary.itertuples() if r.statistic == "pct_agree"}
    means = friendliness.unweighted_group_means(shares, friendliness.paper_bri_countries(data))
    printed = data.claims.set_index("claim_id").loc["s31_bri_pct_agree", "value"]
    return abs(float(means["BRI"]) - printed) > 0.5


# broken sums
U = lines_of("table1", country="Uzbekistan")
data_case("broken sum", "table1: Uzbekistan 1.5 -> 2.5",
          edit("table1", [(U[0], "printed", "2.5"), (U[0], "value", "2.5")]), P("table1"), U, "printed",
          ("sum to 100", "101.1"))
J = lines_of("table1", country="Japan")
data_case("broken sum", "table1: Japan's two largest shares swapped with 0", edit(
    "table1", [(J[0], "printed", "0.0"), (J[0], "value", "0.0")]), P("table1"), J, "printed", ("72.0",))
F1 = lines_of("survey_items", item_id="fig1_partner_factor")
data_case("broken sum", "survey_items: Figure 1 42.2 -> 45.2", edit(
    "survey_items", [(F1[0], "printed", "45.2"), (F1[0], "value", "45.2")]), P("survey_items"), F1, "printed",
    ("103.0",))
F3 = lines_of("survey_items", item_id="fig3_public_opinion", group="provincial_should")
data_case("broken sum", "survey_items: Figure 3 no 76.3 -> 77.3", edit(
    "survey_items", [(F3[0], "printed", "77.3"), (F3[0], "value", "77.3")]), P("survey_items"), F3, "printed", ())
RC = lines_of("survey_items", item_id="regulate_city")
data_case("broken sum", "survey_items: a category of a distribution deleted",
          rows_edit("survey_items", lambda rs: rs[:RC[-1] - 1] + rs[RC[-1]:]), P("survey_items"), RC[:-1], "printed",
          ("87.8",))
A = lines_of("demographics", characteristic="age", measure="percent")
data_case("broken sum", "demographics: age 21 -> 25",
          edit("demographics", [(A[0], "printed", "25"), (A[0], "value", "25")]), P("demographics"), A, "printed",
          ("104",))
G = lines_of("demographics", characteristic="gender", measure="count")
data_case("broken sum", "demographics: gender counts 208 + 202 -> 209 + 202", edit(
    "demographics", [(G[0], "printed", "209"), (G[0], "value", "209")]), P("demographics"), G, "value", ("411", "410"))
E = lines_of("demographics", characteristic="education", measure="percent")
data_case("broken sum", "demographics: the pinned education total 100.7 -> 100.8", edit(
    "demographics", [(E[1], "printed", "10.8"), (E[1], "value", "10.8")]), P("demographics"), E, "printed", ("100.8",))
data_case("broken sum", "table1: a country's row deleted",
          rows_edit("table1", lambda rs: rs[:-1]), P("table1"), None, "response", ("USA, 6",))
data_case("broken sum", "interviews: one interview fewer than n_interviews_listed",
          rows_edit("interviews", lambda rs: rs[:-1]), P("interviews"), 10, None, ("n_interviews_listed",))
TY = lines_of("literature_typologies", item="conflict")
limit_case("broken sum", "literature_typologies: one of Chen's four modes deleted (chapter 2 stops)",
           rows_edit("literature_typologies", lambda rs: [r for i, r in enumerate(rs, start=1) if i not in TY]),
           "L6", lambda folder: _chapter2_stops(folder))
data_case("broken sum", "literature_typologies: one mode named two ways",
          edit("literature_typologies", [(TY[1], "item", "confrontation")]), P("literature_typologies"), TY[1],
          "item", ("'conflict'",))


def _chapter2_stops(folder: Path) -> bool:
    """Chapter 2's results stop with an error naming text_facts.csv, row and column (the printed count)."""
    from paradiplomacy.paper import concepts

    with pytest.raises(DataValidationError) as info:
        concepts.results(load_data(folder))
    return info.value.file.endswith("text_facts.csv") and info.value.column == "value" and "expected 3" in \
        str(info.value)
data_case("broken sum", "literature_terms: order 5 -> 7 (a gap)",
          edit("literature_terms", [(6, "order", "7")]), P("literature_terms"), (2, 3, 4, 5, 6), "order", ("1..5",))
L = line_of("table1_summary", country="Japan", statistic="mean")
data_case("broken sum", "table1_summary: a mean of 7 on the 1-6 scale",
          edit("table1_summary", [(L, "printed", "7"), (L, "value", "7")]), P("table1_summary"), L, "value", ("1..6",))
L = line_of("survey_design", parameter="fielded_year_final_quarter")
data_case("broken sum", "survey_design: the two printings of the field year disagree",
          edit("survey_design", [(L, "printed", "2023"), (L, "value", "2023")]), P("survey_design"), L, "value",
          ("fielded_year",))
L = line_of("survey_items", item_id="importance")
data_case("broken sum", "survey_items: a share of 101%", edit(
    "survey_items", [(L, "printed", "101"), (L, "value", "101")]), P("survey_items"), L, "value", ("<= 100",))
data_case("broken sum", "table1: a negative share", edit("table1", [(2, "printed", "-1.5"), (2, "value", "-1.5")]),
          P("table1"), 2, "value", (">= 0",))

# implausible years and dates
L = line_of("policy_timeline", event_id="open_door_policy")
data_case("implausible year or date", "policy_timeline: an added year of 2031 (issue 12)",
          edit("policy_timeline", [(L, "year", "2031")]), P("policy_timeline"), L, "year", ("<= 2025",))
data_case("implausible year or date", "policy_timeline: an added year of 1979 that its reference does not give",
          edit("policy_timeline", [(L, "year", "1979")]), P("policy_timeline"), L, "year", ("December 1978",))
L = line_of("policy_timeline", event_id="go_west")
data_case("implausible year or date", "policy_timeline: printed year and date 2031",
          edit("policy_timeline", [(L, "year", "2031"), (L, "date_printed", "2031")]), P("policy_timeline"), L, "year",
          ("<= 2025",))
L = line_of("policy_timeline", event_id="vision_and_actions")
data_case("implausible year or date", "policy_timeline: year 2014 for 'March 2015'",
          edit("policy_timeline", [(L, "year", "2014")]), P("policy_timeline"), L, "year", ("March 2015",))
data_case("implausible year or date", "policy_timeline: date printed 'Marhc 2015'",
          edit("policy_timeline", [(L, "date_printed", "Marhc 2015")]), P("policy_timeline"), L, "date_printed",
          ("pattern",))
data_case("implausible year or date", "policy_timeline: a year of 1890",
          edit("policy_timeline", [(2, "year", "1890"), (2, "date_printed", "1890")]), P("policy_timeline"), 2, "year",
          (">= 1949",))
L = line_of("dyads", dyad_id="tianjin_kobe")
data_case("implausible year or date", "dyads: a tie formed in 2031",
          edit("dyads", [(L, "year_printed", "2031"), (L, "year", "2031")]), P("dyads"), L, "year_printed",
          ("pattern",))
data_case("implausible year or date", "dyads: year 1974 against year_printed 1973",
          edit("dyads", [(L, "year", "1974")]), P("dyads"), L, "year", ("1973",))
data_case("implausible year or date", "external_surveys: a survey year of 1899",
          edit("external_surveys", [(2, "year", "1899")]), P("external_surveys"), 2, "year", (">= 1949",))
data_case("implausible year or date", "external_surveys: year 2023 for 'Neafie et al. (2024)'",
          edit("external_surveys", [(2, "year", "2023")]), P("external_surveys"), 2, "year", ("Neafie et al. (2024)",))
data_case("implausible year or date", "literature_works: a work of 2031",
          edit("literature_works", [(2, "year", "2031")]), P("literature_works"), 2, "year", ("<= 2025",))
data_case("implausible year or date", "literature_works: Keohane and Nye 1972 (key says 1971)",
          edit("literature_works", [(2, "year", "1972")]), P("literature_works"), 2, "year", ("1971",))
data_case("implausible year or date", "literature_attributions: 'Chen (2002)' for chen2001external",
          edit("literature_attributions", [(2, "cited_as", "Chen (2002)")]), P("literature_attributions"), 2,
          "cited_as", ("Chen (2001)",))
data_case("implausible year or date", "interviews: a date in 2031",
          edit("interviews", [(2, "date", "2031-04-02"), (2, "date_printed", "April 2, 2031")]), P("interviews"), 2,
          "date", ("<= 2025-12-31",))
data_case("implausible year or date", "interviews: a date in 1999",
          edit("interviews", [(2, "date", "1999-04-02"), (2, "date_printed", "April 2, 1999")]), P("interviews"), 2,
          "date", (">= 2000-01-01",))
data_case("implausible year or date", "interviews: the date one day off its printed form",
          edit("interviews", [(2, "date", "2014-04-03")]), P("interviews"), 2, "date_printed", ("April 3, 2014",))
data_case("implausible year or date", "interviews: 30 February",
          edit("interviews", [(3, "date", "2024-02-30")]), P("interviews"), 3, "date", ("ISO date",))
data_case("implausible year or date", "bri_membership: status as of 2026",
          edit("bri_membership", [(2, "as_of", "2026-06-30")]), P("bri_membership"), 2, "as_of", ("<= 2025-12-31",))
data_case("implausible year or date", "tie_counts: as of 2031-06",
          edit("tie_counts", [(2, "as_of", "2031-06")]), P("tie_counts"), 2, "as_of", ("pattern",))
data_case("implausible year or date", "tie_counts: as of month 13",
          edit("tie_counts", [(2, "as_of", "2025-13")]), P("tie_counts"), 2, "as_of", ("pattern",))
data_case("implausible year or date", "bilateral_context: a period of 2031",
          edit("bilateral_context", [(2, "period", "2031")]), P("bilateral_context"), 2, "period", ("pattern",))
L = line_of("survey_design", parameter="fielded_year")
L2 = line_of("survey_design", parameter="fielded_year_final_quarter")
data_case("implausible year or date", "survey_design: the survey fielded in 2031 (registry unchanged)",
          edit("survey_design", [(L, "printed", "2031"), (L, "value", "2031"), (L2, "printed", "2031"),
                                 (L2, "value", "2031")]), P("survey_design"), L, "printed", ("claim",))

# values, labels and links
data_case("value", "table1: value 5.6 -> 5.7 against printed", edit("table1", [(3, "value", "5.7")]), P("table1"), 3,
          "value", ("'5.6'",))
data_case("value", "table1: location 'Table 2'", edit("table1", [(2, "location", "Table 2")]), P("table1"), 2,
          "location", ("Table 1",))
data_case("value", "tie_counts: a token the claim does not print",
          edit("tie_counts", [(2, "printed", "999"), (2, "value", "999")]), P("tie_counts"), 2, "printed", ("claim",))
data_case("value", "claims: a value the printed text does not hold", edit("claims", [(2, "value", "123456")]),
          P("claims"), 2, "value", ("appears in printed",))
L = line_of("claims", claim_id="t1_nepal_agree")
data_case("value", "claims: a discrepancy without its note", edit("claims", [(L, "note", "")]), P("claims"), L, "note",
          ("note",))
L = line_of("demographics", characteristic="age", order="1", measure="count")
data_case("value", "demographics: category '18-29' with a hyphen (printed with an en dash)",
          edit("demographics", [(L, "category", "18-29")]), P("demographics"), L, "category", ("18–29",))
L = line_of("dyads", dyad_id="tianjin_kobe")
data_case("value", "dyads: partner renamed, id unchanged", edit("dyads", [(L, "partner_b", "Osaka")]), P("dyads"), L,
          "dyad_id", ("tianjin_osaka",))
L = lines_of("survey_items", item_id="regulate_city")[1]
data_case("value", "survey_items: a different question in one row of an item",
          edit("survey_items", [(L, "question", "Something else")]), P("survey_items"), L, "question",
          ("one question",))
data_case("value", "text_facts: a fraction value to 4 decimals", edit_where(
    "text_facts", {"printed": "1/3"}, {"value": "0.3333"}), P("text_facts"), line_of("text_facts", printed="1/3"),
    "value", ("10 decimals",))
data_case("value", "literature_attributions: a term and a debate on one row",
          edit("literature_attributions", [(2, "debate", "inside_foreign_policy")]), P("literature_attributions"), 2,
          ANY, ("not both",))
L = line_of("findings", finding_id="t1_nepal_agree")
data_case("value", "findings: a claim finding about another claim",
          edit("findings", [(L, "claim_id", "t1_kyrgyzstan_agree")]), P("findings"), L, "claim_id",
          ("'t1_nepal_agree'",))

# duplicate keys and unknown categories beyond the generated ones
data_case("duplicate key", "text_facts: a claim linked twice (claim_id unique)", edit(
    "text_facts", [(3, "claim_id", cell("text_facts", 2, "claim_id"))]), P("text_facts"), (2, 3), "claim_id",
    ("duplicate",))
data_case("duplicate key", "literature_attributions: one work twice for a label", edit(
    "literature_attributions", [(3, "key", "chen2001external"), (3, "cited_as", "Chen (2001)")]),
    P("literature_attributions"), (2, 3), "key", ("duplicate",))
data_case("unknown category", "text_facts: a topic text_fact_units.csv does not list", edit(
    "text_facts", [(2, "topic", "astrology")]), P("text_facts"), 2, "unit", ("text_fact_units.csv",))
data_case("unknown category", "tie_counts: an unregistered claim id",
          edit("tie_counts", [(3, "claim_id", "no_such_claim")]), P("tie_counts"), 3, "claim_id", ("claims.csv",))
data_case("unknown category", "literature_typologies: a key not in literature_works.csv", edit(
    "literature_typologies", [(2, "key", "nobody2001external")]), P("literature_typologies"), 2, "key",
    ("literature_works.csv",))


# ----------------------------------------------------------------------------- consistent double typos (L1)
def article_misses(folder: Path) -> list[str]:
    """Claims of ``folder``'s claims.csv whose printed token is not where the registry says (the article check)."""
    from test_printed_in_article import _normal, _token_forms, article_regions, where

    regions = article_regions()
    claims = list(csv.DictReader((folder / "claims.csv").open(encoding="utf-8", newline="")))
    return [c["claim_id"] for c in claims if not any(form in where(c, regions)
                                                      for form in _token_forms(_normal(c["printed"])))]


def label_misses(folder: Path) -> list[str]:
    from test_labels_in_article import label_problems

    return label_problems(folder)


def double(name: str, match: dict, changes: dict, claim: str, claim_changes: dict, expect: str) -> None:
    limit_case("consistent double typo", f"{name} and claims.csv: {claim} {expect}",
               both(edit_where(name, match, changes), edit_where("claims", {"claim_id": claim}, claim_changes)),
               "L1", lambda folder: article_misses(folder) == [claim])


double("table1", {"claim_id": "t1_uzbekistan_r2"}, {"printed": "5.4", "value": "5.4"}, "t1_uzbekistan_r2",
       {"printed": "5.4", "value": "5.4"}, "5.6 -> 5.4")
double("case_perceptions", {"claim_id": "kyrgyzstan_government_friendly"}, {"printed": "69.5", "value": "69.5"},
       "kyrgyzstan_government_friendly", {"printed": "69.5%", "value": "69.5"}, "96.5 -> 69.5")
double("tie_counts", {"claim_id": "s53_ties_clair_2017"}, {"printed": "318", "value": "318"}, "s53_ties_clair_2017",
       {"printed": "up to 318", "value": "318"}, "381 -> 318")
double("dyads", {"claim_id": "s51_urumqi_bishkek_1993"}, {"year_printed": "1995", "year": "1995"},
       "s51_urumqi_bishkek_1993", {"printed": "1995", "value": "1995"}, "1993 -> 1995")
double("policy_timeline", {"claim_id": "s3_go_west_1999"}, {"year": "1998", "date_printed": "1998"}, "s3_go_west_1999",
       {"printed": "1998", "value": "1998"}, "1999 -> 1998")
limit_case("consistent double typo", "interviews: a place misspelt (no other file holds it)",
           edit_where("interviews", {"number": "5"}, {"place": "Osch, Kyrgyzstan"}), "L1",
           lambda folder: label_misses(folder) == ["interviews.csv, row 6, column 'place': 'Osch, Kyrgyzstan' is not "
                                                   "printed in Table 2"])
limit_case("consistent double typo", "dyads: a partner and its id misspelt together",
           edit_where("dyads", {"dyad_id": "urumqi_bishkek"}, {"partner_b": "Bishkel", "dyad_id": "urumqi_bishkel"}),
           "L1", lambda folder: len(label_misses(folder)) == 1)


# ----------------------------------------------------------------------------- the descriptor
def descriptor_case(name: str, mutate, words=(), row=ANY) -> None:
    data_case("descriptor", f"datapackage.json: {name}", mutate, "datapackage.json", row, None, words)


_D = (DATA / "datapackage.json").read_text(encoding="utf-8")
descriptor_case("an empty file", text_edit("datapackage.json", lambda t: ""), ("empty file",), 1)
for _cut in (1, 2000, len(_D) // 2, len(_D) - 3):
    descriptor_case(f"truncated after {_cut} characters", text_edit("datapackage.json", lambda t, c=_cut: t[:c]),
                    ("valid JSON", "truncated"))
descriptor_case("a byte-order mark", text_edit("datapackage.json", lambda t: "\ufeff" + t), ("valid JSON",))
descriptor_case("an Arabic-Indic digit in a number", text_edit(
    "datapackage.json", lambda t: t.replace('"maximum": 2025', '"maximum": ٢٠٢٥', 1)), ("valid JSON",))
descriptor_case("a JSON list", text_edit("datapackage.json", lambda t: "[]"), ("'resources'",))
descriptor_case("no resources", text_edit("datapackage.json", lambda t: '{"resources": []}'), ("'resources'",))
descriptor_case("a resource removed (its file would go unchecked)", descriptor_edit(
    lambda d: d["resources"].remove(res_of(d, "dyads"))), ("dyads.csv not listed",))
descriptor_case("an unsupported field type", descriptor_edit(
    lambda d: field_of(d, "table1", "response").update(type="int")), ("field 'response' of resource 'table1'",
                                                                       "type 'int' (not supported)"))
descriptor_case("a field without a type", descriptor_edit(lambda d: field_of(d, "dyads", "note").pop("type")),
                ("explicit 'type'",))
descriptor_case("a foreign key to an unknown resource", descriptor_edit(
    lambda d: res_of(d, "tie_counts")["schema"]["foreignKeys"][0]["reference"].update(resource="claim")),
    ("foreign keys",))
descriptor_case("a primary key naming no field", descriptor_edit(
    lambda d: res_of(d, "table1")["schema"].update(primaryKey=["nation", "response"])),
    ("primary key of resource 'table1'", "'nation' does not match the fields"))
descriptor_case("two resources with one name", descriptor_edit(lambda d: res_of(d, "dyads").update(name="tie_counts")),
                ("not unique",))
descriptor_case("an absolute path", descriptor_edit(lambda d: res_of(d, "dyads").update(path="/etc/passwd")),
                ("path",))
descriptor_case("a path outside the folder", descriptor_edit(lambda d: res_of(d, "dyads").update(path="../dyads.csv")),
                ("path",))
descriptor_case("a URL as path", descriptor_edit(lambda d: res_of(d, "dyads").update(path="https://example.org/d.csv")),
                ("path",))
descriptor_case("bytes that are not UTF-8", lambda folder: (folder / "datapackage.json").write_bytes(
    (folder / "datapackage.json").read_bytes().replace("–".encode(), b"\xff", 1)), ("UTF-8",))
# What the loader's reader of the descriptor does not implement is refused, naming the resource and field, never
# ignored (a CSV dialect, other missing values, a format or constraint it would not apply).
_NOTE = "field 'note' of resource 'dyads'"
_VALUE = "field 'value' of resource 'table1'"
for _label, _change, _words in (
        ("a constraint the reader does not implement", lambda d: field_of(d, "dyads", "note").setdefault(
            "constraints", {}).update(minLength=1), (_NOTE, "'minLength' (not supported)")),
        ("an enum on a number field", lambda d: field_of(d, "table1", "value")["constraints"].update(enum=[1.5]),
         (_VALUE, "'enum' (not supported)")),
        ("a field property the reader does not implement",
         lambda d: field_of(d, "table1", "value").update(bareNumber=False), (_VALUE, "'bareNumber'")),
        ("a string format", lambda d: field_of(d, "dyads", "note").update(format="email"), (_NOTE, "'email'")),
        ("a CSV dialect", lambda d: res_of(d, "dyads").update(dialect={"delimiter": ";"}),
         ("resource 'dyads'", "'dialect'")),
        ("missing values other than the empty cell", lambda d: res_of(d, "dyads")["schema"].update(
            missingValues=["", "NA"]), ("resource 'dyads'", "'missingValues'", "'NA'")),
        ("an encoding other than UTF-8", lambda d: res_of(d, "dyads").update(encoding="latin-1"),
         ("resource 'dyads'", "'latin-1'")),
        ("a minimum that is not a number", lambda d: field_of(d, "table1", "value")["constraints"].update(
            minimum="0"), (_VALUE, "'minimum'")),
        ("a minimum above the maximum", lambda d: field_of(d, "table1", "value")["constraints"].update(
            minimum=101), (_VALUE, "101 > 100")),
        ("a pattern that is not a regular expression", lambda d: field_of(d, "dyads", "note").setdefault(
            "constraints", {}).update(pattern="([0-9]"), (_NOTE, "regular expression")),
        ("a hash that is not a digest", lambda d: res_of(d, "aiddata").update(hash="sha256:abc"),
         ("resource 'aiddata'", "'sha256:abc'"))):
    descriptor_case(_label, descriptor_edit(_change), _words, None)
data_case("descriptor", "datapackage.json: a resource path to a missing file",
          descriptor_edit(lambda d: res_of(d, "dyads").update(path="dyadz.csv")), "datapackage.json", None, None,
          ("dyads.csv not listed",))
data_case("descriptor", "datapackage.json: a resource's file deleted", lambda folder: (folder / "dyads.csv").unlink(),
          "dyads.csv", None, None, ("listed in datapackage.json", "no such file"))
data_case("descriptor", "datapackage.json: USA removed from Table 1's countries",
          descriptor_edit(lambda d: field_of(d, "table1", "country")["constraints"]["enum"].remove("USA")),
          "table1_friendliness.csv", line_of("table1", country="USA"), "country", ("one of",))
data_case("descriptor", "datapackage.json: the AidData hash changed",
          descriptor_edit(lambda d: res_of(d, "aiddata").update(hash="sha256:" + "0" * 64)),
          "aiddata_china_sister_cities.csv", None, None, ("modified",))
data_case("descriptor", "datapackage.json: the chronology narrowed under the data",
          descriptor_edit(lambda d: field_of(d, "policy_timeline", "year")["constraints"].update(maximum=2020)),
          "policy_timeline.csv", line_of("policy_timeline", year="2021"), "year", ("<= 2020",))
limit_case("descriptor", "datapackage.json and dyads.csv: a column renamed in both (a schema change)",
           both(descriptor_edit(lambda d: field_of(d, "dyads", "note").update(name="remark")),
                rows_edit("dyads", lambda rs: [["remark" if c == "note" else c for c in rs[0]]] + rs[1:])), "L5")
limit_case("descriptor", "datapackage.json: a range removed (a schema change)",
           descriptor_edit(lambda d: field_of(d, "table1", "value")["constraints"].pop("maximum")), "L5")


# ----------------------------------------------------------------------------- the command line
def _cli_in_process(command: str, argv: list[str], option: str, words=()) -> Callable[[Path], None]:
    def check(tmp: Path) -> None:
        from paradiplomacy.__main__ import main

        argv_ = [a.replace("TMP", str(tmp)) for a in argv]
        (tmp / "a_file.txt").write_text("not a folder", encoding="utf-8")
        (tmp / "empty_dir").mkdir()
        err = io.StringIO()
        out = io.StringIO()
        from contextlib import redirect_stderr, redirect_stdout

        with redirect_stderr(err), redirect_stdout(out):
            status = main([command, *argv_])
        message = err.getvalue()
        assert status == 1, (status, message)
        assert message.startswith(f"error: {option}") and message.count("\n") == 1, message
        assert "Traceback" not in message, message
        for word in words:
            assert word in message, (word, message)
    return check


BAD_DIRS = {"missing": (["--data-dir", "TMP/absent"], ("does not exist",)),
            "a file": (["--data-dir", "TMP/a_file.txt"], ("not a directory",)),
            "empty": (["--data-dir", ""], ("found ''",)),
            "blank": (["--data-dir", "  "], ("found '  '",)),
            "no datapackage.json": (["--data-dir", "TMP/empty_dir"], ("datapackage.json",))}
for _command in ("validate", "audit", "sensitivity"):
    for _label, (_argv, _words) in BAD_DIRS.items():
        CASES.append(Case("command line", f"{_command} --data-dir {_label}",
                          _cli_in_process(_command, _argv, "--data-dir:", _words)))
CASES.append(Case("command line", "sensitivity --out names a file",
                  _cli_in_process("sensitivity", ["--out", "TMP/a_file.txt"], "--out:", ("is a file",))))
CASES.append(Case("command line", "sensitivity --only an unknown grouping",
                  _cli_in_process("sensitivity", ["--out", "TMP/out", "--only", "nonsense"], "--only:", ("nonsense",))))


def _cli_subprocess(argv: list[str], words: tuple) -> Callable[[Path], None]:
    def check(tmp: Path) -> None:
        (tmp / "a_file.txt").write_text("x", encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "paradiplomacy", *[a.replace("TMP", str(tmp)) for a in argv]],
                                capture_output=True, text=True, cwd=tmp)
        assert result.returncode == 1, result
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
        for word in words:
            assert word in result.stderr, (word, result.stderr)
    return check


CASES.append(Case("command line", "subprocess: validate --data-dir missing",
                  _cli_subprocess(["validate", "--data-dir", "TMP/absent"], ("error: --data-dir:", "does not exist"))))
CASES.append(Case("command line", "subprocess: audit --data-dir a file",
                  _cli_subprocess(["audit", "--data-dir", "TMP/a_file.txt"],
                                  ("error: --data-dir:", "not a directory"))))
CASES.append(Case("command line", "subprocess: sensitivity --data-dir ''",
                  _cli_subprocess(["sensitivity", "--data-dir", ""], ("error: --data-dir:", "found ''"))))


def _cli_broken_copy(command: str, expected: str) -> Callable[[Path], None]:
    def check(tmp: Path) -> None:
        from contextlib import redirect_stderr, redirect_stdout

        from paradiplomacy.__main__ import main

        folder = copy_data(tmp)
        edit("table1", [(7, "value", "abc")])(folder)
        err, out = io.StringIO(), io.StringIO()
        argv = [command, "--data-dir", str(folder)] + (["--out", str(tmp / "out")] if command == "sensitivity" else [])
        with redirect_stderr(err), redirect_stdout(out):
            assert main(argv) == 1
        assert "table1_friendliness.csv, row 7, column 'value': expected a number" in err.getvalue()
        assert err.getvalue().startswith(expected) and "Traceback" not in err.getvalue()
    return check


for _command, _start in (("validate", "FAIL table1_friendliness.csv: "), ("audit", "error: "),
                         ("sensitivity", "error: ")):
    CASES.append(Case("command line", f"{_command} on a broken data copy", _cli_broken_copy(_command, _start)))


def _cli_usage(argv: list[str], word: str) -> Callable[[Path], None]:
    def check(tmp: Path) -> None:
        from contextlib import redirect_stderr

        from paradiplomacy.__main__ import main

        err = io.StringIO()
        with redirect_stderr(err), pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2 and word in err.getvalue(), err.getvalue()
    return check


CASES.append(Case("command line", "an unknown command", _cli_usage(["nonsense"], "invalid choice")))
CASES.append(Case("command line", "an unknown option", _cli_usage(["validate", "--data-directory", "x"],
                                                                 "--data-directory")))
CASES.append(Case("command line", "--data-dir without a value", _cli_usage(["audit", "--data-dir"], "--data-dir")))


# ----------------------------------------------------------------------------- papermill parameters
def _param(call: Callable[[], object], parameter: str, words=("expected",), error=ParameterError):
    """The call fails with ``error`` naming ``parameter``; ``words`` say what was expected (or allowed)."""
    def check(tmp: Path) -> None:
        with pytest.raises(error) as info:
            call()
        message = str(info.value)
        assert parameter in message, message
        if error is ParameterError:
            assert info.value.parameter == parameter
        for word in words:
            assert word in message, (word, message)
    return check


def _paths():
    from paradiplomacy.paths import resolve_data_dir

    return resolve_data_dir


for _value, _words, _error in ((5, ("found 5",), ParameterError), ("", ("found ''",), ParameterError),
                               ("   ", ("found '   '",), ParameterError), (True, ("found True",), ParameterError),
                               (["data"], ("found ['data']",), ParameterError), (2.5, ("found 2.5",), ParameterError)):
    CASES.append(Case("papermill parameter", f"data_dir = {_value!r}",
                      _param(lambda v=_value: _paths()(v), "data_dir", ("expected",) + _words, _error)))
for _label, _value, _error in (("a missing folder", "/nonexistent/data", FileNotFoundError),
                               ("a file", str(DATA / "claims.csv"), NotADirectoryError)):
    CASES.append(Case("papermill parameter", f"data_dir = {_label}",
                      lambda tmp, v=_value, e=_error: _expect_raises(lambda: load_data(v), e, "data_dir")))


def _expect_raises(call, error, word):
    with pytest.raises(error) as info:
        call()
    assert word in str(info.value), str(info.value)


def _confidence(value):
    from paradiplomacy.methods.intervals import validate_confidence

    return validate_confidence(value)


for _value in (1.5, 95, 0, 1, -0.1, "0.95", None, True, math.nan, math.inf):
    CASES.append(Case("papermill parameter", f"confidence = {_value!r}",
                      _param(lambda v=_value: _confidence(v), "confidence")))


def _bri(value):
    from paradiplomacy.paper.friendliness import validate_bri_countries

    return validate_bri_countries(value, load_data())


_TABLE1_COUNTRIES = field_of(DESCRIPTOR, "table1", "country")["constraints"]["enum"]
for _value, _words in (("India", ("list",)), (["Atlantis"], ("allowed names are",)), ([], ("at least one of",)),
                       (["India", "India"], ("listed once",)), ([5], ("expected a list of Table 1 country names",)),
                       (list(_TABLE1_COUNTRIES), ("leave at least one out",))):
    CASES.append(Case("papermill parameter", f"bri_countries = {_value!r}"[:80],
                      _param(lambda v=_value: _bri(v), "bri_countries", _words)))


def _chapter_call(module: str, function: str, *args, **kwargs):
    import importlib

    target = importlib.import_module(module)
    for part in function.split("."):
        target = getattr(target, part)
    return target(load_data(), *args, **kwargs)


for _module, _function, _args, _kwargs, _parameter, *_words in (
        ("paradiplomacy.paper.design", "results", (), {"confidence": 2}, "confidence"),
        ("paradiplomacy.paper.opinion", "results", (), {"confidence": 0}, "confidence"),
        ("paradiplomacy.paper.friendliness", "results", (), {"confidence": 95}, "confidence"),
        ("paradiplomacy.paper.friendliness", "results", (), {"bri_countries": ["Atlantis"]}, "bri_countries",
         ("allowed names are",)),
        ("paradiplomacy.paper.cases", "results", ("France",), {}, "country"),
        ("paradiplomacy.paper.cases", "results", ("Kyrgyzstan",), {"confidence": 1}, "confidence"),
        ("paradiplomacy.paper.synthesis", "results", (), {"confidence": -1}, "confidence"),
        ("paradiplomacy.replication.sensitivity", "bounds_note", ("No such example", 0.95), {}, "example")):
    CASES.append(Case("papermill parameter", f"{_module.split('.')[-1]}.{_function}{_args or ''} {_kwargs or ''}",
                      _param(lambda m=_module, f=_function, a=_args, k=_kwargs: _chapter_call(m, f, *a, **k),
                             _parameter, *_words)))


def _run_chapter(argv: list[str], status: int, words: tuple) -> Callable[[Path], None]:
    """``make chapter``'s runner (``_ext/run_chapter.py``) on a real papermill run (or its parameter check)."""
    def check(tmp: Path) -> None:
        from contextlib import redirect_stderr

        import run_chapter

        err = io.StringIO()
        with redirect_stderr(err):
            assert run_chapter.main([*argv, "--out", str(tmp / "papermill")]) == status, err.getvalue()
        for word in words:
            assert word in err.getvalue(), (word, err.getvalue())
    return check


CASES.append(Case("papermill parameter", "make chapter: -p data_dir 5 (papermill run)",
                  _run_chapter(["02_chinese_paradiplomacy", "-p", "data_dir", "5"], 1,
                               ("ParameterError", "parameter 'data_dir'", "found 5")), tags=("slow",)))
CASES.append(Case("papermill parameter", "make chapter: -p data_dir '' (papermill run)",
                  _run_chapter(["02_chinese_paradiplomacy", "-p", "data_dir", ""], 1,
                               ("ParameterError", "parameter 'data_dir'", "found ''")), tags=("slow",)))
CASES.append(Case("papermill parameter", "make chapter: an unknown parameter name",
                  _run_chapter(["02_chinese_paradiplomacy", "-p", "confidance", "0.9"], 2,
                               ("no parameter 'confidance'", "data_dir"))))
CASES.append(Case("papermill parameter", "make chapter: an unknown chapter",
                  _run_chapter(["99_nowhere"], 2, ("no executable chapter", "01_introduction"))))
CASES.append(Case("papermill parameter", "make chapter: -y that is not a mapping",
                  _run_chapter(["02_chinese_paradiplomacy", "-y", "[1, 2]"], 2, ("YAML mapping",))))


# ------------------------------------------------------------------------------------------------ the tests
def _id(case: Case) -> str:
    return re.sub(r"\s+", "_", f"{case.kind}|{case.name}")[:120]


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_fault(case: Case, tmp_path: Path):
    case.check(tmp_path)


def test_fault_counts():
    """At least 150 faults, every kind the issue names, unique names; the counts per kind are printed."""
    kinds = Counter(c.kind for c in CASES)
    limits = Counter(c.limit for c in CASES if c.limit)
    assert len(CASES) >= 150
    assert not set(REQUIRED_KINDS) - set(kinds), set(REQUIRED_KINDS) - set(kinds)
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)), [n for n, k in Counter(names).items() if k > 1]
    assert {c.kind for c in CASES if c.kind in ("missing column", "empty file")} and \
        all(any(c.name.startswith(f"{r}: ") and c.kind == "missing column" for c in CASES) for r in RESOURCES)
    width = max(map(len, kinds))
    print(f"\n{len(CASES)} faults; {sum(limits.values())} end in a documented limit ({dict(sorted(limits.items()))})")
    for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {kind:{width}}  {count}")


def test_generated_faults_give_the_same_error_through_validate(tmp_path):
    """The per-file reader the generated cases use reports what ``load_data`` / ``validate`` reports."""
    for name in ("table1", "claims", "interviews"):
        folder = copy_data(tmp_path / name)
        edit(name, [(2, RESOURCES[name]["schema"]["fields"][1]["name"], "\u0663")])(folder)
        with pytest.raises(DataValidationError) as whole:
            load_data(folder)
        descriptor, fields = read_descriptor(folder)
        with pytest.raises(DataValidationError) as single:
            read_table(folder, res_of(descriptor, name), fields[name])
        assert str(whole.value) == str(single.value)
