"""Typed, validating loaders for the CSV files in ``data/``.

Every file has one declarative :class:`Schema` (columns in order, a type per column, key columns, the claim it
points to in ``claims.csv``, and file-specific rules such as "the shares of one question sum to 100 within the
printed rounding"). A loader reads the file as text (``csv`` module, every field a string), checks it against
the schema, converts the columns and returns a :class:`pandas.DataFrame`. Anything that does not fit raises
:class:`~paradiplomacy.errors.DataValidationError` naming the file, the row (line number in the file, the
header being row 1), the column, what was expected and what was found. Nothing is coerced silently: empty
strings stay empty strings in text columns, ``printed`` keeps the paper's exact token (``"10.0"``), and an
empty number is an error unless the schema marks the column optional.

Rules checked for every file: UTF-8 without BOM, LF line endings, csv-module QUOTE_MINIMAL formatting, the
exact header (missing / extra / repeated / misplaced column), the field count of each row, no leading or trailing
whitespace, required fields non-empty, the type of every field (integer, number, printed number token, ISO date,
yes/no, enumeration, snake_case identifier, ``location`` form), ``value == printed`` (thousands separators
removed), unique keys, and the row count where the contract fixes it. Claims: every ``claim_id`` exists in
``claims.csv``, the claim's printed text contains the row's ``printed`` token (or spells it as a word) and the
same qualifier, and its value is equal. File-specific rules (distribution sums, Table 3 counts = survey n,
Table 1 order and legend, claim-id patterns, interview dates, ...) are in the ``_*_rules`` functions.

``text_facts.csv`` is the one file whose ``printed`` column may hold a simple fraction (``1/3`` for the
paper's "one-third"); its ``value`` is then the fraction rounded half-up to :data:`FRACTION_DECIMALS`
decimals (``0.3333333333``), checked exactly.

Loaders never write and cache nothing; :func:`load_all` shares the parsed ``claims.csv`` and
``survey_design.csv`` between the loaders it calls.

Dtypes of the returned frames: text, ``printed`` and enumerations -> pandas ``str``; integers -> ``int64``
(optional integers -> ``Int64``; AidData's ``sister_cities_new`` -> ``float64`` with NaN where empty);
``value`` and other numbers -> ``float64``; yes/no -> ``bool``; ISO dates -> ``datetime64``.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from os import PathLike
from pathlib import Path

from paradiplomacy.numbers import is_numeral, parse_printed, sum_check
from paradiplomacy.errors import DataValidationError, Found
from paradiplomacy.paths import display_path, resolve_data_dir

__all__ = [
    "TABLE1_COUNTRIES", "CASE_COUNTRIES", "OTHER_PLACES", "COUNTRIES", "RESPONSE_LABELS", "CASE_ITEMS",
    "CHAPTERS", "QUALIFIERS", "CLAIM_KINDS", "CLAIM_STATUSES", "CONTEXT_UNITS", "SURVEY_ITEMS",
    "TEXT_FACT_TOPICS", "FRACTION_DECIMALS", "LOCATION_PATTERN", "AIDDATA_SHA256", "KNOWN_SUM_EXCEPTIONS",
    "FILES", "Column", "Schema", "SCHEMAS",
    "load_table1", "load_table1_summary", "load_survey_design", "load_survey_items", "load_case_perceptions",
    "load_external_surveys", "load_demographics", "load_interviews", "load_dyads", "load_tie_counts",
    "load_bilateral_context", "load_policy_timeline", "load_bri_membership", "load_text_facts", "load_aiddata",
    "load_claims",
    "load_all", "survey_n", "numbers_in_text",
]

# ----------------------------------------------------------------------------------------------- constants
#: Table 1 countries in printed order (canonical names: ``Philippines`` for "The Philippines").
TABLE1_COUNTRIES = ("Uzbekistan", "Kazakhstan", "Kyrgyzstan", "India", "Nepal", "Philippines", "Indonesia",
                    "Singapore", "Australia", "Japan", "USA")
#: The three case-study countries, in the order of Section 5.
CASE_COUNTRIES = ("Kyrgyzstan", "India", "Japan")
#: Other places allowed in country columns.
OTHER_PLACES = ("China", "Russia", "World")
#: Every name allowed in a country column.
COUNTRIES = TABLE1_COUNTRIES + OTHER_PLACES
#: Table 1 legend: label of response 1..6.
RESPONSE_LABELS = ("strongly disagree", "disagree", "moderately disagree", "moderately agree", "agree",
                   "strongly agree")
#: The six perception items of the case studies.
CASE_ITEMS = ("government_friendly", "people_friendly", "important_diplomacy", "important_economy",
              "important_sociocultural", "subnational_important")
#: Chapters of the book (``claims.csv`` column ``chapter``).
CHAPTERS = ("01_introduction", "02_chinese_paradiplomacy", "03_policy_bri", "04_public_views", "05_kyrgyzstan",
            "06_india", "07_japan", "08_analysis")
#: Qualifying words allowed in ``qualifier`` columns.
QUALIFIERS = ("", "approximately", "more than", "over", "up to", "nearly", "only")
CLAIM_KINDS = ("transcribed", "derived")
CLAIM_STATUSES = ("reproduced", "rounding", "discrepancy", "not_computable")
#: Units allowed in ``bilateral_context.csv`` (DATA_SPEC's list plus ``million persons`` for numbers the paper
#: prints as "2.4 million", whose ``printed`` token must parse to ``value``).
CONTEXT_UNITS = ("USD billion", "percent", "persons", "visas", "visits", "agreements", "dialogues", "countries",
                 "provinces", "clusters", "zones", "fields", "million persons")
#: Topics of ``text_facts.csv`` and the units each allows.
TEXT_FACT_TOPICS: dict[str, tuple[str, ...]] = {
    "literature_model": ("elements", "modes", "models"),
    "regional_share": ("fraction",),
    "dyad_year": ("year",),
    "rank": ("rank",),
    "fieldwork": ("countries",),
}
#: Decimals of the ``value`` of a fraction printed as ``a/b`` (``1/3`` -> ``0.3333333333``, rounded half-up).
FRACTION_DECIMALS = 10
#: Survey items of ``survey_items.csv``: kind, allowed groups, categories (in printed order).
SURVEY_ITEMS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "fig1_partner_factor": ("distribution", ("all",),
                            ("shared_economic_interests", "common_political_ideologies", "preexisting_personal_ties",
                             "historical_cultural_ties", "shared_social_recreational_interests")),
    "fig2_tension": ("single", ("economic", "sociocultural"), ("continue_limited",)),
    "tension_continue_text": ("single", ("economic", "sociocultural"), ("continue",)),
    "importance": ("single", ("all",), ("diplomatic_relations", "subnational_relations")),
    "empower_province": ("single", ("economic", "sociocultural"), ("agree",)),
    "empower_city": ("single", ("economic", "sociocultural"), ("agree",)),
    "regulate_province": ("distribution", ("all",), ("central_regulation", "central_initial_phase", "local_autonomy")),
    "regulate_city": ("distribution", ("all",), ("central_regulation", "central_initial_phase", "local_autonomy")),
    "fig3_public_opinion": ("distribution", ("provincial_should", "provincial_does", "municipal_should",
                                             "municipal_does"), ("no", "yes")),
    "central_public_opinion": ("single", ("should", "does"), ("yes",)),
    "grew_up_reform_era": ("single", ("all",), ("yes",)),
}
#: Allowed forms of a ``location`` value.
LOCATION_PATTERN = re.compile(
    r"^(?:Abstract|Table [1-3]|Figure [1-3](?: \(alt text\))?|Footnote [1-9]\d*"
    r"|Section (?:1|2|3|3\.1|4|5|5\.1|5\.2|5\.3|6|7), paragraph [1-9]\d*"
    r"|Commentary 000, paragraph [1-9]\d*)$")
#: sha256 of the unmodified AidData extract.
AIDDATA_SHA256 = "747fb1b452b73080cd52e28216957aa755e0e7aac7d1bc896baef3225fa2081e"
#: Printed distributions known NOT to sum to 100 within rounding, pinned to their exact printed total so that any
#: other change still fails. Key: (file name, group key); value: (exact printed total, explanation).
KNOWN_SUM_EXCEPTIONS: dict[tuple[str, tuple[str, ...]], tuple[Decimal, str]] = {
    ("demographics.csv", ("education",)): (
        Decimal("100.7"),
        "Table 3 prints 10.7% for 'Secondary school' although 41/410 = 10.0%; the printed shares sum to 100.7"),
}

SNAKE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
_INT = re.compile(r"^-?\d+$")
_FLOAT = re.compile(r"^-?\d+(?:\.\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FRACTION_TOKEN = re.compile(r"^([1-9]\d*)/([1-9]\d*)$")


# ----------------------------------------------------------------------------------------------- schema
@dataclass(frozen=True)
class Column:
    """One column of a schema.

    Parameters
    ----------
    name : str
        Header name.
    kind : {"str", "int", "intnan", "float", "printed", "printed_fraction", "value", "enum", "date", "yesno"}
        ``intnan`` is an integer column returned as float64 with NaN for empty fields; ``printed`` is a
        printed number kept as text; ``printed_fraction`` is the same or a simple fraction ``a/b`` in lowest
        terms with ``0 < a < b`` (the numeral form of a fraction word such as "one-third"); ``value`` is a
        float that must equal the parsed ``printed`` column named by ``of`` (for a fraction: the fraction
        rounded half-up to :data:`FRACTION_DECIMALS` decimals, written with exactly that many).
    required : bool
        Whether the field may be empty.
    values : tuple of str, optional
        Allowed values of an ``enum`` column.
    pattern : re.Pattern, optional
        Regular expression a ``str`` field must match in full.
    of : str
        For ``value`` columns: the printed column it parses.
    what : str
        Description used in messages (e.g. ``"a snake_case identifier"``).
    """

    name: str
    kind: str = "str"
    required: bool = True
    values: tuple[str, ...] | None = None
    pattern: re.Pattern | None = None
    of: str = "printed"
    what: str = ""


@dataclass(frozen=True)
class ClaimRef:
    """Foreign key of a data file into ``claims.csv``.

    Every non-empty ``column`` must be a ``claim_id`` of ``claims.csv`` whose ``printed`` text contains this
    row's ``printed`` token (or spells it out as a word: ``3`` for ``"three dyads"``) and whose ``value``
    equals this row's ``value``.
    """

    column: str = "claim_id"
    printed: str = "printed"
    value: str = "value"


@dataclass(frozen=True)
class Schema:
    """Declarative description of one data file.

    Attributes
    ----------
    name : str
        Short name (key of :func:`load_all`).
    filename : str
        File name in the data directory.
    columns : tuple of Column
        Columns in file order.
    keys : tuple of tuple of str
        Column combinations that must be unique.
    claim : ClaimRef or None
        Foreign key into ``claims.csv``.
    n_rows : int or None
        Exact number of data rows, when the contract fixes it.
    checks : tuple of callables
        File-specific rules, called as ``check(table, context)``.
    description : str
        One line for humans.
    """

    name: str
    filename: str
    columns: tuple[Column, ...]
    keys: tuple[tuple[str, ...], ...] = ()
    claim: ClaimRef | None = None
    n_rows: int | None = None
    checks: tuple[Callable, ...] = ()
    description: str = ""

    @property
    def header(self) -> tuple[str, ...]:
        """Column names in order."""
        return tuple(c.name for c in self.columns)


class _Table:
    """A file being validated: raw string rows with their line numbers and converted columns."""

    def __init__(self, schema: Schema, path: Path):
        self.schema = schema
        self.path = path
        self.file = display_path(path)
        self.lines: list[int] = []
        self.raw: list[dict[str, str]] = []
        self.values: dict[str, list] = {}

    def error(self, row, column, expected, found) -> DataValidationError:
        return DataValidationError(self.file, row, column, expected, found)

    def rows(self):
        """Iterate ``(line, raw_row, converted_row)``."""
        names = self.schema.header
        for i, line in enumerate(self.lines):
            yield line, self.raw[i], {n: self.values[n][i] for n in names}


class _Context:
    """Shared state of one load: data directory and already validated frames (claims, survey design)."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.frames: dict[str, object] = {}

    def get(self, name: str):
        if name not in self.frames:
            self.frames[name] = _load(name, self)
        return self.frames[name]


# ----------------------------------------------------------------------------------------------- reading
def _read(table: _Table) -> None:
    path = table.path
    if not path.exists():
        raise FileNotFoundError(f"{table.file}: data file not found (looked in {path.parent})")
    blob = path.read_bytes()
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = blob[:exc.start].count(b"\n") + 1
        raise table.error(line, None, "UTF-8 text", Found(f"byte {blob[exc.start]:#04x}")) from None
    if text.startswith("\ufeff"):
        raise table.error(1, None, "UTF-8 without byte-order mark", Found("a byte-order mark"))
    if "\r" in text:
        raise table.error(text[:text.index("\r")].count("\n") + 1, None, "LF line endings", Found("a CR character"))
    if not text.strip():
        raise table.error(1, None, "a header row", Found("an empty file"))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        _check_header(table, header)
        previous = reader.line_num
        for fields in reader:
            line = previous + 1
            previous = reader.line_num
            if not fields:
                raise table.error(line, None, f"{len(header)} fields", Found("a blank line"))
            if len(fields) != len(header):
                raise table.error(line, None, f"{len(header)} fields", Found(f"{len(fields)} fields"))
            table.lines.append(line)
            table.raw.append(dict(zip(header, fields, strict=True)))
    except csv.Error as exc:
        raise table.error(reader.line_num, None, "well-formed CSV", str(exc)) from None
    if not table.raw:
        raise table.error(2, None, "at least one data row", Found("none"))
    _check_quoting(table, text)


def _check_quoting(table: _Table, text: str) -> None:
    """The file must be exactly what ``csv.writer`` (QUOTE_MINIMAL, LF) writes for its rows."""
    rows = [list(table.schema.header)] + [[raw[c] for c in table.schema.header] for raw in table.raw]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    canonical = buf.getvalue()
    if canonical == text:
        return
    if not text.endswith("\n") and canonical == text + "\n":
        raise table.error(text.count("\n") + 1, None, "a newline at the end of the file", Found("none"))
    got, want = text.split("\n"), canonical.split("\n")
    i = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)) - 1)
    raise table.error(i + 1, None, f"csv-module quoting (QUOTE_MINIMAL: quotes only where needed), i.e. "
                                   f"{want[i]!r}", got[i])


def _check_header(table: _Table, header: list[str]) -> None:
    expected = list(table.schema.header)
    shown = ",".join(header)
    spec = ",".join(expected)
    for name in expected:
        if name not in header:
            raise table.error(1, name, f"column {name!r} in the header ({spec})", shown)
    for name in header:
        if name not in expected:
            raise table.error(1, name, f"only the columns {spec}", Found(f"extra column {name!r}"))
    if len(header) != len(expected):
        dup = next(n for n in header if header.count(n) > 1)
        raise table.error(1, dup, "each column once", Found(f"column {dup!r} repeated"))
    for i, (want, got) in enumerate(zip(expected, header)):
        if want != got:
            raise table.error(1, want, f"column {want!r} in position {i + 1} ({spec})", Found(f"{got!r} there"))


# ----------------------------------------------------------------------------------------------- converting
def _convert(table: _Table) -> None:
    for col in table.schema.columns:
        out = []
        for line, raw in zip(table.lines, table.raw):
            out.append(_convert_field(table, col, line, raw))
        table.values[col.name] = out


def _convert_field(table: _Table, col: Column, line: int, raw: dict[str, str]):
    text = raw[col.name]
    if text != text.strip():
        raise table.error(line, col.name, "no leading or trailing whitespace", text)
    if text == "":
        if col.required:
            raise table.error(line, col.name, "a value (the field is required)", Found("an empty field"))
        return None
    kind = col.kind
    if kind == "str":
        if col.pattern is not None and not col.pattern.fullmatch(text):
            raise table.error(line, col.name, col.what or f"text matching {col.pattern.pattern}", text)
        return text
    if kind == "enum":
        if text not in col.values:
            allowed = ", ".join(repr(v) for v in col.values if v != "")
            raise table.error(line, col.name, col.what or f"one of {allowed}", text)
        return text
    if kind in ("int", "intnan"):
        if not _INT.match(text):
            raise table.error(line, col.name, "an integer", text)
        return int(text)
    if kind == "float":
        if not _FLOAT.match(text):
            raise table.error(line, col.name, "a number (digits, optional decimals, no thousands separator)",
                              text)
        return float(text)
    if kind == "printed":
        if not is_numeral(text):
            raise table.error(line, col.name, "a printed number such as '42.2', '10.0' or '2,500' "
                                              "(no %, currency or words)", text)
        return text
    if kind == "printed_fraction":
        if not is_numeral(text) and _fraction(text) is None:
            raise table.error(line, col.name, "a printed number such as '42.2', '10.0' or '2,500', or a simple "
                                              "fraction such as '1/3' in lowest terms (no %, currency or words)",
                              text)
        return text
    if kind == "value":
        if not _FLOAT.match(text):
            raise table.error(line, col.name, "a number (digits, optional decimals, no thousands separator)",
                              text)
        printed = raw[col.of]
        if printed and is_numeral(printed) and parse_printed(printed) != Decimal(text):
            raise table.error(line, col.name, f"the value of {col.of} {printed!r}", text)
        fraction = _fraction(printed) if printed else None
        if fraction is not None:
            want = _fraction_value(fraction)
            if text != str(want):
                raise table.error(line, col.name, f"the value of {col.of} {printed!r} rounded half-up to "
                                                  f"{FRACTION_DECIMALS} decimals, i.e. {str(want)!r}", text)
        return float(text)
    if kind == "yesno":
        if text not in ("yes", "no"):
            raise table.error(line, col.name, "'yes' or 'no'", text)
        return text == "yes"
    if kind == "date":
        try:
            if not _DATE.match(text):
                raise ValueError
            return date.fromisoformat(text)
        except ValueError:
            raise table.error(line, col.name, "an ISO date YYYY-MM-DD", text) from None
    raise AssertionError(f"unknown column kind {kind!r}")  # pragma: no cover


def _fraction(text: str) -> Fraction | None:
    """``Fraction(a, b)`` for a token ``"a/b"`` in lowest terms with ``0 < a < b``; otherwise None."""
    m = _FRACTION_TOKEN.fullmatch(text)
    if m is None:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    if a >= b or Fraction(a, b).numerator != a:
        return None
    return Fraction(a, b)


def _fraction_value(fraction: Fraction) -> Decimal:
    """``fraction`` rounded half-up to :data:`FRACTION_DECIMALS` decimals (exact Decimal arithmetic)."""
    exact = Decimal(fraction.numerator) / Decimal(fraction.denominator)
    return exact.quantize(Decimal(1).scaleb(-FRACTION_DECIMALS), rounding=ROUND_HALF_UP)


def _check_keys(table: _Table) -> None:
    for key in table.schema.keys:
        seen: dict[tuple, int] = {}
        for line, raw in zip(table.lines, table.raw):
            k = tuple(raw[c] for c in key)
            if k in seen:
                label = key[0] if len(key) == 1 else "(" + ", ".join(key) + ")"
                shown = k[0] if len(k) == 1 else ", ".join(k)
                raise table.error([seen[k], line], key[-1] if len(key) == 1 else key[-1],
                                  f"a unique key {label} (first used in row {seen[k]})", Found(f"duplicate {shown!r}"))
            seen[k] = line


def _check_claims(table: _Table, ctx: _Context) -> None:
    ref = table.schema.claim
    if ref is None:
        return
    claims = ctx.get("claims")
    index = {cid: (p, v) for cid, p, v in zip(claims["claim_id"], claims["printed"], claims["value"])}
    claims_file = display_path(ctx.data_dir / SCHEMAS["claims"].filename)
    for line, raw, row in table.rows():
        cid = row[ref.column]
        if cid is None:
            continue
        if cid not in index:
            raise table.error(line, ref.column, f"a claim_id listed in {claims_file}", cid)
        cprinted, cvalue = index[cid]
        token = raw[ref.printed]
        if token and token not in cprinted and not _spelled_out(token, cprinted):
            raise table.error(line, ref.printed,
                              f"a token contained in the printed text {cprinted!r} of claim {cid!r}", token)
        if "qualifier" in row:
            qualifier = row["qualifier"] or ""
            lead = next((q for q in QUALIFIERS if q and cprinted.lower().startswith(q + " ")), "")
            if (qualifier and qualifier not in cprinted.lower()) or (not qualifier and lead):
                raise table.error(line, "qualifier", f"the qualifier printed in claim {cid!r} ({cprinted!r})",
                                  qualifier)
        value = row[ref.value]
        if value is not None and float(value) != float(cvalue):
            raise table.error(line, ref.value, f"the value {cvalue!r} of claim {cid!r} in {claims_file}",
                              raw[ref.value])


def _frame(table: _Table):
    import pandas as pd

    data = {}
    for col in table.schema.columns:
        vals = table.values[col.name]
        if col.kind in ("str", "enum", "printed", "printed_fraction"):
            data[col.name] = pd.Series(["" if v is None else v for v in vals], dtype="str")
        elif col.kind == "int":
            data[col.name] = pd.Series(vals, dtype="int64" if col.required else "Int64")
        elif col.kind == "intnan":
            data[col.name] = pd.Series([float("nan") if v is None else float(v) for v in vals], dtype="float64")
        elif col.kind in ("float", "value"):
            data[col.name] = pd.Series([float("nan") if v is None else v for v in vals], dtype="float64")
        elif col.kind == "yesno":
            data[col.name] = pd.Series(vals, dtype="bool")
        elif col.kind == "date":
            data[col.name] = pd.to_datetime(pd.Series([None if v is None else v.isoformat() for v in vals],
                                                      dtype="object"), format="%Y-%m-%d")
    return pd.DataFrame(data)


def _load(name: str, ctx: _Context):
    schema = SCHEMAS[name]
    table = _Table(schema, ctx.data_dir / schema.filename)
    for check in schema.checks:
        if getattr(check, "before_read", False):
            check(table, ctx)
    _read(table)
    _convert(table)
    _check_keys(table)
    if schema.n_rows is not None and len(table.lines) != schema.n_rows:
        raise table.error(table.lines[-1], None, f"{schema.n_rows} data rows",
                          Found(f"{len(table.lines)} data rows"))
    for check in schema.checks:
        if not getattr(check, "before_read", False):
            check(table, ctx)
    _check_claims(table, ctx)
    return _frame(table)


# ----------------------------------------------------------------------------------------------- checks
def _before_read(func):
    func.before_read = True
    return func


def _check_distribution(table: _Table, group_rows: list[int], printed: list[str], column: str,
                        group: tuple[str, ...], what: str) -> None:
    result = sum_check(printed)
    if result.ok:
        return
    exception = KNOWN_SUM_EXCEPTIONS.get((table.schema.filename, group))
    if exception is not None and exception[0] == result.total:
        return
    raise table.error(group_rows, column,
                      f"the printed shares of {what} to sum to 100 within +/-{result.tolerance}, i.e. "
                      f"{100 - result.tolerance}..{100 + result.tolerance} ({len(printed)} parts x half a unit "
                      f"of the coarsest printed decimal)",
                      Found(f"a sum of {result.total} ({' + '.join(printed)})"))


def _check_claim_pattern(table: _Table, make: Callable[[dict], str]) -> None:
    for line, raw, row in table.rows():
        want = make(row)
        if row["claim_id"] != want:
            raise table.error(line, "claim_id", f"the claim id {want!r}", row["claim_id"])


def _table1_rules(table: _Table, ctx: _Context) -> None:
    groups: dict[str, list] = defaultdict(list)
    order: list[str] = []
    for line, raw, row in table.rows():
        c = row["country"]
        if not order or order[-1] != c:
            if c in groups:
                raise table.error(line, "country", f"the rows of {c!r} to be consecutive", c)
            want = TABLE1_COUNTRIES[len(order)]
            if c != want:
                raise table.error(line, "country", f"{want!r} next (countries in the printed order of Table 1)", c)
            order.append(c)
        expected_response = len(groups[c]) + 1
        if row["response"] != expected_response:
            raise table.error(line, "response", f"response {expected_response} (1..6 in order)",
                              raw["response"])
        label = RESPONSE_LABELS[row["response"] - 1]
        if row["response_label"] != label:
            raise table.error(line, "response_label", f"{label!r} for response {row['response']}",
                              row["response_label"])
        groups[c].append((line, row["printed"]))
    _check_claim_pattern(table, lambda r: f"t1_{r['country'].lower()}_r{r['response']}")
    for c in order:
        if len(groups[c]) != 6:
            raise table.error([ln for ln, _ in groups[c]], "response", f"6 responses for {c!r}",
                              Found(f"{len(groups[c])}"))
        _check_distribution(table, [ln for ln, _ in groups[c]], [p for _, p in groups[c]], "printed", (c,),
                            f"{c!r}")


def _table1_summary_rules(table: _Table, ctx: _Context) -> None:
    stats: dict[str, set] = defaultdict(set)
    for line, raw, row in table.rows():
        stats[row["country"]].add(row["statistic"])
    for c in TABLE1_COUNTRIES:
        if stats.get(c) != {"mean", "pct_agree"}:
            raise table.error(None, "country", f"rows 'mean' and 'pct_agree' for {c!r}",
                              Found(", ".join(sorted(stats.get(c, set()))) or "no rows"))
    _check_claim_pattern(table, lambda r: f"t1_{r['country'].lower()}_"
                                          f"{'mean' if r['statistic'] == 'mean' else 'agree'}")


def _survey_design_rules(table: _Table, ctx: _Context) -> None:
    params = {row["parameter"]: (line, row) for line, raw, row in table.rows()}
    for required in ("n_respondents", "fielded_year"):
        if required not in params:
            raise table.error(None, "parameter", f"a row for {required!r}", Found("none"))
    line, row = params["n_respondents"]
    if row["value"] != int(row["value"]) or row["value"] < 1:
        raise table.error(line, "value", "a positive whole number of respondents", table.raw[
            table.lines.index(line)]["value"])


def _survey_items_rules(table: _Table, ctx: _Context) -> None:
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for line, raw, row in table.rows():
        item = row["item_id"]
        kind, allowed_groups, categories = SURVEY_ITEMS[item]
        if row["kind"] != kind:
            raise table.error(line, "kind", f"{kind!r} for item {item!r}", row["kind"])
        if row["group"] not in allowed_groups:
            raise table.error(line, "group", f"one of {', '.join(map(repr, allowed_groups))} for item {item!r}",
                              row["group"])
        if row["category"] not in categories:
            raise table.error(line, "category",
                              f"one of {', '.join(map(repr, categories))} for item {item!r}", row["category"])
        groups[(item, row["group"])].append((line, row["category"], row["printed"]))
    for (item, group), rows in groups.items():
        kind, _, categories = SURVEY_ITEMS[item]
        if kind != "distribution":
            continue
        present = {c for _, c, _ in rows}
        missing = [c for c in categories if c not in present]
        if missing:
            raise table.error([ln for ln, _, _ in rows], "category",
                              f"every category of the distribution {item!r} / {group!r}",
                              Found(f"{', '.join(missing)} missing"))
        _check_distribution(table, [ln for ln, _, _ in rows], [p for _, _, p in rows], "printed", (item, group),
                            f"{item!r} / group {group!r}")


def _case_rules(table: _Table, ctx: _Context) -> None:
    _check_claim_pattern(table, lambda r: f"{r['country'].lower()}_{r['item']}")


def _demographics_rules(table: _Table, ctx: _Context) -> None:
    n = _survey_n(ctx)
    blocks: dict[str, dict[str, list]] = defaultdict(lambda: {"count": [], "percent": []})
    labels: dict[tuple[str, int], tuple[int, str]] = {}
    for line, raw, row in table.rows():
        ch, order = row["characteristic"], row["order"]
        if order < 1:
            raise table.error(line, "order", "a positive order (1 = first printed category)", raw["order"])
        if (ch, order) in labels and labels[(ch, order)][1] != row["category"]:
            raise table.error(line, "category", f"{labels[(ch, order)][1]!r} as in row {labels[(ch, order)][0]} "
                                                f"(same characteristic and order)", row["category"])
        labels.setdefault((ch, order), (line, row["category"]))
        if row["measure"] == "count" and row["value"] != int(row["value"]):
            raise table.error(line, "value", "a whole number of respondents", raw["value"])
        blocks[ch][row["measure"]].append((line, order, row))
    _check_claim_pattern(table, lambda r: f"t3_{r['characteristic']}_{r['order']}_"
                                          f"{'count' if r['measure'] == 'count' else 'pct'}")
    for ch, measures in blocks.items():
        all_lines = sorted(ln for m in measures.values() for ln, _, _ in m)
        orders = {m: sorted(o for _, o, _ in rows) for m, rows in measures.items()}
        size = max(len(orders["count"]), len(orders["percent"]))
        for m in ("count", "percent"):
            if orders[m] != list(range(1, size + 1)):
                raise table.error(all_lines, "order", f"orders 1..{size} for measure {m!r} of {ch!r}",
                                  Found(", ".join(map(str, orders[m])) or "none"))
        counts = measures["count"]
        total = sum(int(r["value"]) for _, _, r in counts)
        if total != n:
            raise table.error([ln for ln, _, _ in counts], "value",
                              f"counts of {ch!r} summing to survey_n = {n}", Found(f"a sum of {total}"))
        pct = sorted(measures["percent"], key=lambda t: t[1])
        _check_distribution(table, [ln for ln, _, _ in pct], [r["printed"] for _, _, r in pct], "printed", (ch,),
                            f"characteristic {ch!r}")


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _interview_rules(table: _Table, ctx: _Context) -> None:
    for i, (line, raw, row) in enumerate(table.rows(), start=1):
        if row["number"] != i:
            raise table.error(line, "number", f"interview number {i} (numbered 1.. in order)", raw["number"])
        d, suffix = row["date"], row["date_suffix"] or ""
        printed = f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"
        if row["date_printed"] not in (printed, printed + suffix):
            raise table.error(line, "date_printed", f"{printed + suffix!r} (the printed form of date "
                                                    f"{raw['date']} with suffix {suffix!r})", row["date_printed"])


def _dyad_rules(table: _Table, ctx: _Context) -> None:
    for line, raw, row in table.rows():
        yp, y = row["year_printed"], row["year"]
        if (yp is None) != (y is None):
            raise table.error(line, "year", "a year exactly when year_printed is set", raw["year"])
        if yp is not None:
            if not re.fullmatch(r"\d{4}", yp):
                raise table.error(line, "year_printed", "a printed four-digit year", yp)
            if int(yp) != y:
                raise table.error(line, "year", f"the year printed ({yp})", raw["year"])
            if row["claim_id"] is None:
                raise table.error(line, "claim_id", "a claim_id for the printed year", Found("an empty field"))


def _timeline_rules(table: _Table, ctx: _Context) -> None:
    for line, raw, row in table.rows():
        if row["year_source"] == "printed":
            if row["claim_id"] is None:
                raise table.error(line, "claim_id", "a claim_id (year_source is 'printed')", Found("an empty field"))
            if row["date_printed"] is None:
                raise table.error(line, "date_printed", "the printed date (year_source is 'printed')",
                                  Found("an empty field"))
            if str(row["year"]) not in row["date_printed"]:
                raise table.error(line, "year", f"a year that appears in date_printed {row['date_printed']!r}",
                                  raw["year"])
        else:
            if row["claim_id"] is not None:
                raise table.error(line, "claim_id", "an empty claim_id (year_source is 'added')", row["claim_id"])
            if row["reference"] is None:
                raise table.error(line, "reference", "the reference the added year comes from", Found("an empty field"))


def _bri_rules(table: _Table, ctx: _Context) -> None:
    for i, (line, raw, row) in enumerate(table.rows()):
        if row["country"] != TABLE1_COUNTRIES[i]:
            raise table.error(line, "country", f"{TABLE1_COUNTRIES[i]!r} (Table 1 order)", row["country"])


def _text_fact_rules(table: _Table, ctx: _Context) -> None:
    for line, raw, row in table.rows():
        topic, unit = row["topic"], row["unit"]
        units = TEXT_FACT_TOPICS[topic]
        if unit not in units:
            raise table.error(line, "unit", f"a unit of topic {topic!r}: {', '.join(map(repr, units))}", unit)
        is_fraction = _fraction(row["printed"]) is not None
        if (unit == "fraction") != is_fraction:
            raise table.error(line, "printed", "a fraction 'a/b' exactly when the unit is 'fraction'",
                              row["printed"])
        if unit == "fraction":
            continue
        value = row["value"]
        if value != int(value) or "." in row["printed"] or value < 1:
            raise table.error(line, "value", f"a positive whole number (unit {unit!r})", raw["value"])
        if unit == "year" and not re.fullmatch(r"\d{4}", row["printed"]):
            raise table.error(line, "printed", "a printed four-digit year", row["printed"])


@_before_read
def _aiddata_hash(table: _Table, ctx: _Context) -> None:
    if not table.path.exists():
        return
    digest = hashlib.sha256(table.path.read_bytes()).hexdigest()
    if digest != AIDDATA_SHA256:
        raise table.error(None, None, f"the unmodified AidData extract (sha256 {AIDDATA_SHA256}); the file was "
                                      "modified", Found(f"sha256 {digest}"))


_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
               "hundred": 100, "thousand": 1000, "a dozen": 12, "dozen": 12})
_ORDINALS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()) if i}
_FRACTIONS = {"one-third": 1 / 3, "two-thirds": 2 / 3, "one-quarter": 0.25, "one-fourth": 0.25,
              "three-quarters": 0.75, "one-half": 0.5, "half": 0.5}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUM_TOKEN = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*(thousand|million|billion|trillion))?",
                        re.IGNORECASE)


def numbers_in_text(text: str) -> list[float]:
    """Every number a printed claim text can stand for.

    Parameters
    ----------
    text : str
        A ``claims.csv`` ``printed`` field, e.g. ``"US$127.7 billion"``, ``"more than 2,500"``, ``"three"``.

    Returns
    -------
    list of float
        Numerals (thousands separators removed), numerals scaled by a following ``thousand/million/billion``
        (``"2.4 million"`` gives 2.4 and 2400000), number words and ordinals (``"three"`` -> 3, ``"seventh"``
        -> 7, ``"13th"`` -> 13), and simple fractions (``"one-third"`` -> 1/3, 33.33..., and their roundings
        to 0-4 decimals such as 33.3).
    """
    found: list[float] = []
    for m in _NUM_TOKEN.finditer(text):
        base = float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
        found.append(base)
        if m.group(3):
            found.append(base * _SCALES[m.group(3).lower()])
    lower = text.lower()
    for w, v in _FRACTIONS.items():
        if re.search(rf"\b{re.escape(w)}\b", lower):
            found.extend([v, v * 100])
            found.extend(round(v * 100, d) for d in range(4))
            found.extend(round(v, d) for d in range(1, 5))
    for w, v in {**_WORDS, **_ORDINALS}.items():
        if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", lower):
            found.append(float(v))
    for m in re.finditer(r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(\w+)", lower):
        unit = _WORDS.get(m.group(2), _ORDINALS.get(m.group(2)))
        if unit is not None and 0 < unit < 10:
            found.append(float(_WORDS[m.group(1)] + unit))
    return found


def _spelled_out(token: str, text: str) -> bool:
    """True when numeral ``token`` (``"3"``) is printed as a word in ``text`` (``"three dyads"``).

    A simple fraction token (``"1/3"``) matches a fraction word (``"one-third"``).
    """
    fraction = _fraction(token)
    if fraction is not None:
        return any(abs(v - float(fraction)) <= 1e-12 for v in numbers_in_text(text))
    if not is_numeral(token):
        return False
    value = float(parse_printed(token))
    digits = {float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
              for m in _NUM_TOKEN.finditer(text)}
    return value not in digits and any(abs(v - value) <= 1e-9 for v in numbers_in_text(text))


def _claims_rules(table: _Table, ctx: _Context) -> None:
    for line, raw, row in table.rows():
        value = row["value"]
        options = numbers_in_text(row["printed"])
        if not any(abs(v - value) <= 1e-9 * max(1.0, abs(value)) for v in options):
            raise table.error(line, "value", f"a number that appears in printed {row['printed']!r}", raw["value"])
        if row["expected_status"] in ("rounding", "discrepancy") and row["kind"] != "derived":
            raise table.error(line, "kind", f"'derived' (expected_status is {row['expected_status']!r})",
                              row["kind"])
        if row["expected_status"] == "discrepancy" and row["note"] is None:
            raise table.error(line, "note", "a note naming the arithmetic of the discrepancy", Found("an empty field"))


# ----------------------------------------------------------------------------------------------- schemas
def _c(name, kind="str", required=True, values=None, pattern=None, of="printed", what=""):
    return Column(name, kind, required, tuple(values) if values is not None else None, pattern, of, what)


_SNAKE_WHAT = "a snake_case identifier (lower-case ASCII, digits, underscores)"
_LOC = _c("location", pattern=LOCATION_PATTERN,
          what="a location such as 'Table 1', 'Figure 1 (alt text)', 'Section 5.1, paragraph 4', 'Footnote 4', "
               "'Abstract' or 'Commentary 000, paragraph 2'")
_CLAIM = _c("claim_id", pattern=SNAKE, what=_SNAKE_WHAT)
_CLAIM_OPT = _c("claim_id", required=False, pattern=SNAKE, what=_SNAKE_WHAT)
_PRINTED = _c("printed", "printed")
_VALUE = _c("value", "value")
_QUAL = _c("qualifier", "enum", required=False, values=QUALIFIERS)


def _id(name: str, required: bool = True) -> Column:
    return _c(name, pattern=SNAKE, required=required, what=_SNAKE_WHAT)


def _country(name: str, values=COUNTRIES) -> Column:
    return _c(name, "enum", values=values, what="a canonical country name: " + ", ".join(values))


SCHEMAS: dict[str, Schema] = {s.name: s for s in [
    Schema("table1", "table1_friendliness.csv",
           (_country("country", TABLE1_COUNTRIES), _c("response", "int"),
            _c("response_label", "enum", values=RESPONSE_LABELS), _PRINTED, _VALUE, _LOC, _CLAIM),
           keys=(("country", "response"), ("claim_id",)), claim=ClaimRef(), n_rows=66, checks=(_table1_rules,),
           description="Table 1: share of respondents per response (1-6) and country"),
    Schema("table1_summary", "table1_summary.csv",
           (_country("country", TABLE1_COUNTRIES), _c("statistic", "enum", values=("mean", "pct_agree")),
            _PRINTED, _VALUE, _LOC, _CLAIM),
           keys=(("country", "statistic"), ("claim_id",)), claim=ClaimRef(), n_rows=22,
           checks=(_table1_summary_rules,), description="Table 1: printed Mean and % Agree"),
    Schema("survey_design", "survey_design.csv",
           (_id("parameter"), _PRINTED, _VALUE, _c("unit"), _LOC, _CLAIM),
           keys=(("parameter",),), claim=ClaimRef(), checks=(_survey_design_rules,),
           description="facts about the survey (n, year, ...)"),
    Schema("survey_items", "survey_items.csv",
           (_c("item_id", "enum", values=tuple(SURVEY_ITEMS)),
            _c("exhibit", "enum", values=("Figure 1", "Figure 2", "Figure 3", "text")), _c("question"),
            _id("group"), _id("category"), _c("kind", "enum", values=("distribution", "single")), _QUAL,
            _PRINTED, _VALUE, _LOC, _CLAIM),
           keys=(("item_id", "group", "category"),), claim=ClaimRef(), checks=(_survey_items_rules,),
           description="Section 4 results and Figures 1-3"),
    Schema("case_perceptions", "case_perceptions.csv",
           (_country("country", CASE_COUNTRIES), _c("item", "enum", values=CASE_ITEMS),
            _c("polarity", "enum", values=("agree", "disagree")), _QUAL, _PRINTED, _VALUE, _LOC, _CLAIM),
           keys=(("country", "item"), ("claim_id",)), claim=ClaimRef(), n_rows=18, checks=(_case_rules,),
           description="six perception items for Kyrgyzstan, India and Japan"),
    Schema("external_surveys", "external_surveys.csv",
           (_id("survey_id"), _c("source"), _c("year", "int"), _country("country"), _c("item"), _QUAL,
            _PRINTED, _VALUE, _c("unit"), _LOC, _CLAIM),
           keys=(("survey_id", "country", "item"),), claim=ClaimRef(),
           description="other surveys cited by the paper"),
    Schema("demographics", "demographics.csv",
           (_c("characteristic", "enum", values=("age", "gender", "education", "income")), _c("category"),
            _c("order", "int"), _c("measure", "enum", values=("count", "percent")), _PRINTED, _VALUE, _LOC,
            _CLAIM),
           keys=(("characteristic", "order", "measure"), ("characteristic", "category", "measure"),
                 ("claim_id",)),
           claim=ClaimRef(), checks=(_demographics_rules,),
           description="Table 3: demographic profile (counts and percentages)"),
    Schema("interviews", "interviews.csv",
           (_c("number", "int"), _c("description"), _c("place"), _c("date_printed"), _c("date", "date"),
            _c("date_suffix", "enum", required=False, values=("", "a", "b", "c")), _LOC),
           keys=(("number",),), n_rows=10, checks=(_interview_rules,),
           description="Table 2: anonymized interviews"),
    Schema("dyads", "dyads.csv",
           (_id("dyad_id"), _c("partner_a"), _country("country_a"),
            _c("level_a", "enum", values=("city", "province", "state", "prefecture")),
            _c("partner_b"), _country("country_b"),
            _c("level_b", "enum", values=("city", "province", "state", "prefecture")),
            _c("relationship", "enum", values=("sister_city", "sister_province", "municipal_relations")),
            _c("year_printed", required=False), _c("year", "int", required=False), _LOC, _CLAIM_OPT,
            _c("note", required=False)),
           keys=(("dyad_id",),), claim=ClaimRef(printed="year_printed", value="year"), checks=(_dyad_rules,),
           description="named subnational pairs"),
    Schema("tie_counts", "tie_counts.csv",
           (_id("count_id"), _country("partner"), _c("measure"), _QUAL, _PRINTED, _VALUE, _c("as_of"),
            _c("source"), _LOC, _CLAIM),
           keys=(("count_id",),), claim=ClaimRef(), description="counts of subnational ties"),
    Schema("bilateral_context", "bilateral_context.csv",
           (_id("indicator_id"), _country("country"), _c("indicator"), _QUAL, _PRINTED, _VALUE,
            _c("unit", "enum", values=CONTEXT_UNITS), _c("period", required=False), _c("source", required=False),
            _LOC, _CLAIM),
           keys=(("indicator_id",),), claim=ClaimRef(), description="trade, tourism, visas, visits, ..."),
    Schema("policy_timeline", "policy_timeline.csv",
           (_id("event_id"), _c("event"), _c("year", "int"), _c("date_printed", required=False),
            _c("year_source", "enum", values=("printed", "added")), _c("reference", required=False),
            _c("description"), _LOC, _CLAIM_OPT),
           keys=(("event_id",),), claim=ClaimRef(printed="date_printed", value="year"),
           checks=(_timeline_rules,), description="policy events"),
    Schema("bri_membership", "bri_membership.csv",
           (_country("country", TABLE1_COUNTRIES), _c("bri_member", "yesno"), _c("aiib_member", "yesno"),
            _c("ndb_member", "yesno"), _c("paper_group", "enum", values=("BRI", "non-BRI")), _c("as_of", "date"),
            _c("reason"), _c("source")),
           keys=(("country",),), n_rows=11, checks=(_bri_rules,),
           description="BRI / AIIB / NDB membership of the Table 1 countries"),
    Schema("text_facts", "text_facts.csv",
           (_id("fact_id"), _c("topic", "enum", values=tuple(TEXT_FACT_TOPICS)), _QUAL,
            _c("printed", "printed_fraction"), _VALUE,
            _c("unit", "enum", values=tuple(dict.fromkeys(u for us in TEXT_FACT_TOPICS.values() for u in us))),
            _LOC, _CLAIM),
           keys=(("fact_id",), ("claim_id",)), claim=ClaimRef(), checks=(_text_fact_rules,),
           description="other numbers stated in the text (literature models, ranks, a share, a year, fieldwork)"),
    Schema("aiddata", "aiddata_china_sister_cities.csv",
           (_c("country"), _c("year", "int"), _c("sister_cities_cumulative", "int"),
            _c("sister_cities_new", "intnan", required=False), _c("dataset")),
           keys=(("country", "year"),), checks=(_aiddata_hash,),
           description="AidData yearly sister-city counts (external, unmodified)"),
    Schema("claims", "claims.csv",
           (_id("claim_id"), _c("chapter", "enum", values=CHAPTERS), _LOC, _c("description"),
            _c("printed"), _c("value", "float"), _c("unit"), _c("kind", "enum", values=CLAIM_KINDS),
            _c("expected_status", "enum", values=CLAIM_STATUSES), _c("note", required=False)),
           keys=(("claim_id",),), checks=(_claims_rules,),
           description="one row per number printed in the paper"),
]}

#: File name of each loader's data file, keyed like :func:`load_all`.
FILES: dict[str, str] = {name: s.filename for name, s in SCHEMAS.items()}


def _run(name: str, data_dir):
    ctx = _Context(resolve_data_dir(data_dir))
    return ctx.get(name)


def _survey_n(ctx: _Context) -> int:
    design = ctx.get("survey_design")
    return int(design.loc[design["parameter"] == "n_respondents", "value"].iloc[0])


# ----------------------------------------------------------------------------------------------- loaders
def load_table1(data_dir: str | PathLike[str] | None = None):
    """Load ``table1_friendliness.csv`` (Table 1 distributions, 66 rows).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory; default the repository's ``data/``.

    Returns
    -------
    pandas.DataFrame
        ``country, response (int64), response_label, printed (str), value (float64), location, claim_id`` in
        printed order.

    Raises
    ------
    DataValidationError
        On any schema violation, including a country whose six printed shares do not sum to 100 within
        6 x 0.05.
    """
    return _run("table1", data_dir)


def load_table1_summary(data_dir: str | PathLike[str] | None = None):
    """Load ``table1_summary.csv``: Table 1's printed Mean and % Agree (22 rows).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    pandas.DataFrame
        ``country, statistic ('mean' | 'pct_agree'), printed, value, location, claim_id``.
    """
    return _run("table1_summary", data_dir)


def load_survey_design(data_dir: str | PathLike[str] | None = None):
    """Load ``survey_design.csv`` (``n_respondents``, ``fielded_year``, ...).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    pandas.DataFrame
        ``parameter, printed, value, unit, location, claim_id``.
    """
    return _run("survey_design", data_dir)


def load_survey_items(data_dir: str | PathLike[str] | None = None):
    """Load ``survey_items.csv``: Section 4 results and Figures 1-3.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    pandas.DataFrame
        ``item_id, exhibit, question, group, category, kind, qualifier, printed, value, location, claim_id``.
        Rows of ``kind == "distribution"`` sharing ``item_id`` and ``group`` sum to 100 within rounding.
    """
    return _run("survey_items", data_dir)


def load_case_perceptions(data_dir: str | PathLike[str] | None = None):
    """Load ``case_perceptions.csv``: six perception items for the three case countries (18 rows).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    pandas.DataFrame
        ``country, item, polarity ('agree' | 'disagree'), qualifier, printed, value, location, claim_id``.
    """
    return _run("case_perceptions", data_dir)


def load_external_surveys(data_dir: str | PathLike[str] | None = None):
    """Load ``external_surveys.csv``: other surveys the paper cites.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    pandas.DataFrame
        ``survey_id, source, year (int64), country, item, qualifier, printed, value, unit, location, claim_id``.
    """
    return _run("external_surveys", data_dir)


def load_demographics(data_dir: str | PathLike[str] | None = None):
    """Load ``demographics.csv``: Table 3 in long format (34 rows).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    pandas.DataFrame
        ``characteristic, category, order (int64), measure ('count' | 'percent'), printed, value, location,
        claim_id``.

    Notes
    -----
    Counts of each characteristic must sum exactly to :func:`survey_n`; percentages must sum to 100 within
    rounding, except the entries of :data:`KNOWN_SUM_EXCEPTIONS` (education: printed total exactly 100.7,
    because the paper prints 10.7% for 41/410 = 10.0%).
    """
    return _run("demographics", data_dir)


def load_interviews(data_dir: str | PathLike[str] | None = None):
    """Load ``interviews.csv``: Table 2 (10 rows).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    pandas.DataFrame
        ``number (int64), description, place, date_printed, date (datetime64), date_suffix, location``.
    """
    return _run("interviews", data_dir)


def load_dyads(data_dir: str | PathLike[str] | None = None):
    """Load ``dyads.csv``: every named subnational pair.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    pandas.DataFrame
        ``dyad_id, partner_a, country_a, level_a, partner_b, country_b, level_b, relationship, year_printed,
        year (Int64, <NA> when no year is printed), location, claim_id, note``.
    """
    return _run("dyads", data_dir)


def load_tie_counts(data_dir: str | PathLike[str] | None = None):
    """Load ``tie_counts.csv``: counts of ties named in the text.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    pandas.DataFrame
        ``count_id, partner, measure, qualifier, printed, value, as_of, source, location, claim_id``.
    """
    return _run("tie_counts", data_dir)


def load_bilateral_context(data_dir: str | PathLike[str] | None = None):
    """Load ``bilateral_context.csv``: trade, tourism, visas, visits and other context numbers.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    pandas.DataFrame
        ``indicator_id, country, indicator, qualifier, printed, value, unit, period, source, location,
        claim_id``.
    """
    return _run("bilateral_context", data_dir)


def load_policy_timeline(data_dir: str | PathLike[str] | None = None):
    """Load ``policy_timeline.csv``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    pandas.DataFrame
        ``event_id, event, year (int64), date_printed, year_source ('printed' | 'added'), reference, description,
        location, claim_id``. Rows with ``year_source == 'added'`` have no claim and name their reference.
    """
    return _run("policy_timeline", data_dir)


def load_bri_membership(data_dir: str | PathLike[str] | None = None):
    """Load ``bri_membership.csv``: memberships of the 11 Table 1 countries.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    pandas.DataFrame
        ``country, bri_member, aiib_member, ndb_member (bool), paper_group ('BRI' | 'non-BRI'),
        as_of (datetime64), reason, source``.
    """
    return _run("bri_membership", data_dir)


def load_text_facts(data_dir: str | PathLike[str] | None = None):
    """Load ``text_facts.csv``: numbers of the text that fit no other table.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    pandas.DataFrame
        ``fact_id, topic, qualifier, printed, value (float64), unit, location, claim_id``. ``topic`` is one of
        :data:`TEXT_FACT_TOPICS` and ``unit`` one of the units it allows. ``printed`` is a numeral (words such as
        "five" or "second" appear as ``5``, ``2``) or, for a fraction word, a fraction ``a/b`` (``1/3`` for
        "one-third") whose ``value`` is rounded half-up to :data:`FRACTION_DECIMALS` decimals.

    Raises
    ------
    DataValidationError
        On any schema violation, e.g. a unit that does not fit the topic, a rank or count that is not a
        positive whole number, or a fraction whose value is not written to exactly 10 decimals.
    """
    return _run("text_facts", data_dir)


def load_aiddata(data_dir: str | PathLike[str] | None = None):
    """Load the AidData extract ``aiddata_china_sister_cities.csv``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    pandas.DataFrame
        ``country, year (int64), sister_cities_cumulative (int64), sister_cities_new (float64), dataset``.
        ``sister_cities_new`` is NaN where the source gives no yearly count (the East Asia & Pacific release).

    Raises
    ------
    DataValidationError
        If the file's sha256 differs from :data:`AIDDATA_SHA256` (the file was modified), or on a schema
        violation.
    """
    return _run("aiddata", data_dir)


def load_claims(data_dir: str | PathLike[str] | None = None):
    """Load ``claims.csv``: one row per number printed in the paper.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    pandas.DataFrame
        ``claim_id, chapter, location, description, printed (text as printed, with qualifier and unit sign),
        value (float64), unit, kind, expected_status, note``.

    Raises
    ------
    DataValidationError
        E.g. when ``value`` does not appear in ``printed``, when a ``rounding``/``discrepancy`` claim is not
        ``derived``, or when a discrepancy has no note.
    """
    return _run("claims", data_dir)


_LOADERS = {
    "table1": load_table1, "table1_summary": load_table1_summary, "survey_design": load_survey_design,
    "survey_items": load_survey_items, "case_perceptions": load_case_perceptions,
    "external_surveys": load_external_surveys, "demographics": load_demographics, "interviews": load_interviews,
    "dyads": load_dyads, "tie_counts": load_tie_counts, "bilateral_context": load_bilateral_context,
    "policy_timeline": load_policy_timeline, "bri_membership": load_bri_membership,
    "text_facts": load_text_facts, "aiddata": load_aiddata,
    "claims": load_claims,
}


def load_all(data_dir: str | PathLike[str] | None = None) -> dict:
    """Load and validate every data file.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    dict of str to pandas.DataFrame
        Keyed by the loader name without ``load_`` (``"table1"``, ``"table1_summary"``, ...,
        ``"text_facts"``, ``"aiddata"``, ``"claims"``; see :data:`FILES`), in that order.
    """
    ctx = _Context(resolve_data_dir(data_dir))
    out = {}
    for name in SCHEMAS:
        out[name] = ctx.get(name)
    return out


def survey_n(data_dir: str | PathLike[str] | None = None) -> int:
    """Number of survey respondents (``n_respondents`` of ``survey_design.csv``; 410).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory.

    Returns
    -------
    int
    """
    return _survey_n(_Context(resolve_data_dir(data_dir)))
