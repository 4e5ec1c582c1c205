"""Domain rules no Table Schema expresses, run on the typed tables after the package has been read.

Generic rules, for any resource: ``value`` equals its ``printed`` token (a fraction token ``a/b`` must be
proper, in lowest terms, with ``value`` written as the fraction rounded half-up to :data:`FRACTION_DECIMALS`
decimals); a row linked to ``claims.csv`` prints a token contained in (or spelled out by) the claim's text, and
has the claim's qualifier, value and location and a unit that fits the claim's. Per-resource rules
(:data:`RULES`): distributions sum to 100 within the printed rounding (except :data:`KNOWN_SUM_EXCEPTIONS`),
Table 1 order and legend, a mean within the response scale, Table 3 counts sum to n and its labels are the
claims' groups, claim-id formulas, the polarity of a case item agrees with its claim (:data:`OPPOSITE_POLARITY`),
a figure's rows sit in its alt text, interview dates match their printed form, dyad ids, levels and years, a
timeline year matches its printed date or its reference, a survey's year its citation, citation keys their
author and year, typology sizes the printed counts, orders without gaps, ... Vocabularies (Table 1 order,
response labels, qualifiers, units) and ranges come from the descriptor; data/README.md ("What guards each
column") lists the guard of every column.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from paradiplomacy.data.claims import numbers_in_text, spelled_out
from paradiplomacy.data.package import Table, enum
from paradiplomacy.errors import Found
from paradiplomacy.numbers import is_numeral, parse_printed, sum_check

__all__ = ["check", "check_links", "needs", "n_respondents", "RULES", "NEEDS", "KNOWN_SUM_EXCEPTIONS", "FRACTION_DECIMALS"]

#: Decimals of the ``value`` of a fraction printed as ``a/b`` (``1/3`` -> ``0.3333333333``, rounded half-up).
FRACTION_DECIMALS = 10
#: Printed distributions known NOT to sum to 100 within rounding, pinned to their exact printed total so that any
#: other change still fails. Key: (resource, group); value: (exact printed total, explanation).
KNOWN_SUM_EXCEPTIONS = {
    ("demographics", ("education",)): (
        Decimal("100.7"),
        "Table 3 prints 10.7% for 'Secondary school' although 41/410 = 10.0%; the printed shares sum to 100.7"),
}
_MONTHS = ("January February March April May June July August September October November December").split()
#: The words in a claim's ``description`` that say the printed share is the opposite of its item (Japan's
#: "unfriendly" shares): ``case_perceptions.polarity`` must be ``disagree`` exactly for those claims.
OPPOSITE_POLARITY = "(opposite polarity)"
#: A citation key of references.bib as the data files use it: first author's surname, year, first title word.
_KEY = re.compile(r"([a-z]+)([0-9]{4})([a-z]+)")


@functools.lru_cache(maxsize=None)
def _numbers(text: str) -> tuple[float, ...]:
    return tuple(numbers_in_text(text))


def _slug(text: str) -> str:
    """``St. Louis`` -> ``st_louis``, ``Tai'an`` -> ``taian``: ASCII, lower case, words joined by ``_``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", re.sub(r"['.\u2019]", "", text)).strip("_")


class Context:
    """What a rule sees: every table read so far and the descriptor."""

    def __init__(self, tables: dict[str, Table], descriptor: dict):
        self.tables, self.descriptor = tables, descriptor

    def enum(self, resource: str, field: str) -> tuple:
        return enum(self.descriptor, resource, field)

    def resource(self, name: str) -> dict:
        return next(r for r in self.descriptor["resources"] if r["name"] == name)

    def n(self) -> int:
        return n_respondents(self.tables["survey_design"].frame)


def n_respondents(design) -> int:
    """Survey respondents: ``n_respondents`` of the ``survey_design`` frame."""
    return int(design.loc[design["parameter"] == "n_respondents", "value"].iloc[0])


def _fraction(text: str) -> Fraction | None:
    m = re.fullmatch(r"([1-9]\d*)/([1-9]\d*)", text or "")
    if m is None:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    return Fraction(a, b) if a < b and Fraction(a, b).numerator == a else None


def _link_columns(table: Table) -> tuple[str | None, str | None]:
    """The printed and value columns a claim link compares (``printed``/``value``, or ``*_printed``/``year``)."""
    cols = table.columns
    printed = "printed" if "printed" in cols else next((c for c in cols if c.endswith("_printed")), None)
    value = "value" if "value" in cols else ("year" if "year" in cols else None)
    return printed, value


# ------------------------------------------------------------------------------------------------ generic
def _printed_values(table: Table, ctx: Context) -> None:
    if not {"printed", "value"} <= set(table.columns) or table.name == "claims":
        return
    for line, raw, row in table.rows():
        printed, text = raw["printed"], raw["value"]
        if not text:
            continue
        if re.fullmatch(r"\d+/\d+", printed):
            fraction = _fraction(printed)
            if fraction is None:
                raise table.error(line, "printed", "a simple fraction a/b in lowest terms with 0 < a < b", printed)
            exact = Decimal(fraction.numerator) / Decimal(fraction.denominator)
            want = str(exact.quantize(Decimal(1).scaleb(-FRACTION_DECIMALS), rounding=ROUND_HALF_UP))
            if text != want:
                raise table.error(line, "value", f"the value of printed {printed!r} rounded half-up to "
                                                 f"{FRACTION_DECIMALS} decimals, i.e. {want!r}", text)
        elif is_numeral(printed) and parse_printed(printed) != Decimal(text):
            raise table.error(line, "value", f"the value of printed {printed!r}", text)


def _claim_links(table: Table, ctx: Context) -> None:
    links = [fk for fk in table.resource["schema"].get("foreignKeys", [])
             if fk["reference"].get("resource") == "claims" and fk["fields"] in ("claim_id", ["claim_id"])]
    printed_col, value_col = _link_columns(table)
    if not links or printed_col is None:
        return
    claims = ctx.tables["claims"]
    index = {r["claim_id"]: r for _, _, r in claims.rows()}
    qualifiers = ctx.enum(table.name, "qualifier") if "qualifier" in table.columns else ()
    units = ctx.enum("claims", "unit")
    for line, raw, row in table.rows():
        claim = index.get(row["claim_id"])
        if claim is None:
            continue
        cid, text, token = row["claim_id"], claim["printed"], raw[printed_col]
        if token and token not in text and not spelled_out(token, text, _fraction(token)):
            raise table.error(line, printed_col, f"a token contained in the printed text {text!r} of claim {cid!r}",
                              token)
        if qualifiers:
            qualifier = raw["qualifier"]
            lead = next((q for q in qualifiers if text.lower().startswith(q + " ")), "")
            if (qualifier and qualifier not in text.lower()) or (not qualifier and lead):
                raise table.error(line, "qualifier", f"the qualifier printed in claim {cid!r} ({text!r})", qualifier)
        value = row[value_col] if value_col else None
        if value is not None and float(value) != float(claim["value"]):
            raise table.error(line, value_col, f"the value {claim['value']:g} of claim {cid!r} in {claims.file}",
                              raw[value_col])
        if "location" in table.columns and row["location"] != claim["location"]:
            raise table.error(line, "location", f"the location {claim['location']!r} of claim {cid!r} in "
                                                f"{claims.file}", row["location"])
        if "unit" in table.columns:
            unit = row["unit"].replace(" ", "_")
            want = unit if unit in units else "count"  # a counted noun (countries, visits, ...) is a count
            if claim["unit"] != want:
                raise table.error(line, "unit", f"a unit matching the unit {claim['unit']!r} of claim {cid!r} "
                                                f"({'the same unit' if unit in units else 'a unit of ' + repr(want)})",
                                  row["unit"])


# ------------------------------------------------------------------------------------------------ helpers
def _distribution(table: Table, lines: list[int], printed: list[str], group: tuple, what: str) -> None:
    result = sum_check(printed)
    if result.ok:
        return
    exception = KNOWN_SUM_EXCEPTIONS.get((table.name, group))
    if exception is not None and exception[0] == result.total:
        return
    raise table.error(lines, "printed", f"the printed shares of {what} to sum to 100 within +/-{result.tolerance}, "
                                        f"i.e. {100 - result.tolerance}..{100 + result.tolerance} ({len(printed)} "
                                        "parts x half a unit of the coarsest printed decimal)",
                      Found(f"a sum of {result.total} ({' + '.join(printed)})"))


def _claim_formula(table: Table, make) -> None:
    for line, raw, row in table.rows():
        want = make(row)
        if row["claim_id"] != want:
            raise table.error(line, "claim_id", f"the claim id {want!r}", row["claim_id"])


def _complete(table: Table, columns: tuple[str, ...], values: list[tuple]) -> None:
    """Every combination in ``values`` has a row (the keys are unique already)."""
    present = {tuple(r[c] for c in columns) for _, _, r in table.rows()}
    missing = [v for v in values if v not in present]
    if missing:
        raise table.error(None, columns[-1], f"a row for every ({', '.join(columns)}) combination",
                          Found("no row for " + "; ".join(", ".join(map(str, m)) for m in missing)))


# ------------------------------------------------------------------------------------------------ per resource
def _table1(table: Table, ctx: Context) -> None:
    countries, labels = ctx.enum("table1", "country"), ctx.enum("table1", "response_label")
    groups: dict[str, list] = defaultdict(list)
    order: list[str] = []
    for line, raw, row in table.rows():
        c = row["country"]
        if not order or order[-1] != c:
            if c in groups:
                raise table.error(line, "country", f"the rows of {c!r} to be consecutive", c)
            want = countries[len(order)]
            if c != want:
                raise table.error(line, "country", f"{want!r} next (countries in the printed order of Table 1)", c)
            order.append(c)
        if row["response"] != len(groups[c]) + 1:
            raise table.error(line, "response", f"response {len(groups[c]) + 1} (1..{len(labels)} in order)",
                              raw["response"])
        if row["response_label"] != labels[row["response"] - 1]:
            raise table.error(line, "response_label", f"{labels[row['response'] - 1]!r} for response "
                                                      f"{row['response']}", row["response_label"])
        groups[c].append((line, row["printed"]))
    _claim_formula(table, lambda r: f"t1_{r['country'].lower()}_r{r['response']}")
    _complete(table, ("country", "response"), [(c, r) for c in countries for r in range(1, len(labels) + 1)])
    for c in order:
        _distribution(table, [ln for ln, _ in groups[c]], [p for _, p in groups[c]], (c,), repr(c))


def _table1_summary(table: Table, ctx: Context) -> None:
    _complete(table, ("country", "statistic"),
              [(c, s) for c in ctx.enum("table1", "country") for s in ctx.enum("table1_summary", "statistic")])
    _claim_formula(table, lambda r: f"t1_{r['country'].lower()}_{'agree' if r['statistic'] == 'pct_agree' else 'mean'}")
    scale = next(f for f in ctx.resource("table1")["schema"]["fields"] if f["name"] == "response")["constraints"]
    low, high = scale["minimum"], scale["maximum"]
    for line, raw, row in table.rows():
        if row["statistic"] == "mean" and not low <= row["value"] <= high:
            raise table.error(line, "value", f"a mean within the response scale {low}..{high} (table1 'response' in "
                                             "datapackage.json)", raw["value"])


def _survey_design(table: Table, ctx: Context) -> None:
    params = {row["parameter"]: (line, raw, row) for line, raw, row in table.rows()}
    for required in ("n_respondents", "fielded_year"):
        if required not in params:
            raise table.error(None, "parameter", f"a row for {required!r}", Found("none"))
    line, raw, row = params["n_respondents"]
    if row["value"] != int(row["value"]) or row["value"] < 1:
        raise table.error(line, "value", "a positive whole number of respondents", raw["value"])
    for name, (line, raw, row) in params.items():
        if row["unit"] not in name.split("_"):
            raise table.error(line, "unit", f"the unit named in parameter {name!r} (one of its words)", row["unit"])
        base = next((b for b in params if name.startswith(b + "_")), None)  # the same fact printed again
        if base is not None and row["value"] != params[base][2]["value"]:
            raise table.error(line, "value", f"{params[base][1]['value']}, the value of {base!r} (row "
                                             f"{params[base][0]}): {name!r} prints the same fact again", raw["value"])


def _survey_items(table: Table, ctx: Context) -> None:
    kinds: dict[str, tuple[int, str]] = {}
    questions: dict[str, tuple[int, str]] = {}
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for line, raw, row in table.rows():
        item = row["item_id"]
        first = kinds.setdefault(item, (line, row["kind"]))
        if row["kind"] != first[1]:
            raise table.error(line, "kind", f"{first[1]!r} as in row {first[0]} (one kind per item)", row["kind"])
        groups[(item, row["group"])].append((line, row["category"], row["printed"]))
        figure = row["exhibit"] != "text"
        if (figure and row["location"] != f"{row['exhibit']} (alt text)") or \
                (not figure and row["location"].startswith("Figure")):
            raise table.error(line, "exhibit", f"the exhibit of location {row['location']!r} ('text' for the running "
                                               "text, 'Figure N' for 'Figure N (alt text)')", row["exhibit"])
        question = questions.setdefault(item, (line, row["question"]))
        if question[1] != row["question"]:
            raise table.error(line, "question", f"{question[1]!r} as in row {question[0]} (one question per item)",
                              row["question"])
    distributions = {key: rows for key, rows in groups.items() if kinds[key[0]][1] == "distribution"}
    categories: dict[str, tuple] = {}
    for (item, group), rows in distributions.items():
        cats = tuple(c for _, c, _ in rows)
        if categories.setdefault(item, cats) != cats:
            raise table.error([ln for ln, _, _ in rows], "category", f"the categories {', '.join(categories[item])} "
                                                                     f"of {item!r} in every group", Found(", ".join(cats)))
    for (item, group), rows in distributions.items():
        _distribution(table, [ln for ln, _, _ in rows], [p for _, _, p in rows], (item, group),
                      f"{item!r} / group {group!r}")


def _case_perceptions(table: Table, ctx: Context) -> None:
    _complete(table, ("country", "item"), [(c, i) for c in ctx.enum("case_perceptions", "country")
                                           for i in ctx.enum("case_perceptions", "item")])
    _claim_formula(table, lambda r: f"{r['country'].lower()}_{r['item']}")
    claims = {r["claim_id"]: r for _, _, r in ctx.tables["claims"].rows()}
    for line, raw, row in table.rows():
        claim = claims.get(row["claim_id"])
        if claim is None:
            continue  # the foreign key reports it
        want = "disagree" if OPPOSITE_POLARITY in claim["description"] else "agree"
        if row["polarity"] != want:
            said = "says" if want == "disagree" else "does not say"
            raise table.error(line, "polarity", f"{want!r}: the description of claim {row['claim_id']!r} {said} "
                                                f"{OPPOSITE_POLARITY!r} ({claim['description']!r})", row["polarity"])


def _demographics(table: Table, ctx: Context) -> None:
    n = ctx.n()
    claims = {r["claim_id"]: r for _, _, r in ctx.tables["claims"].rows()}
    blocks: dict[str, dict[str, list]] = defaultdict(lambda: {m: [] for m in ctx.enum("demographics", "measure")})
    labels: dict[tuple[str, int], tuple[int, str]] = {}
    for line, raw, row in table.rows():
        key = (row["characteristic"], row["order"])
        first = labels.setdefault(key, (line, row["category"]))
        if first[1] != row["category"]:
            raise table.error(line, "category", f"{first[1]!r} as in row {first[0]} (same characteristic and order)",
                              row["category"])
        if row["measure"] == "count" and row["value"] != int(row["value"]):
            raise table.error(line, "value", "a whole number of respondents", raw["value"])
        blocks[row["characteristic"]][row["measure"]].append((line, row))
        claim = claims.get(row["claim_id"])
        if claim is not None and f"'{row['category']}'" not in claim["description"]:
            raise table.error(line, "category", f"the group named in the description of claim {row['claim_id']!r} "
                                                f"({claim['description']!r})", row["category"])
    _claim_formula(table, lambda r: f"t3_{r['characteristic']}_{r['order']}_"
                                    f"{'count' if r['measure'] == 'count' else 'pct'}")
    for ch, measures in blocks.items():
        size = max(len(rows) for rows in measures.values())
        for m, rows in measures.items():
            orders = sorted(r["order"] for _, r in rows)
            if orders != list(range(1, size + 1)):
                raise table.error(sorted(ln for rs in measures.values() for ln, _ in rs), "order",
                                  f"orders 1..{size} for measure {m!r} of {ch!r}",
                                  Found(", ".join(map(str, orders)) or "none"))
        counts = measures["count"]
        total = sum(int(r["value"]) for _, r in counts)
        if total != n:
            raise table.error([ln for ln, _ in counts], "value", f"counts of {ch!r} summing to survey n = {n}",
                              Found(f"a sum of {total}"))
        pct = sorted(measures["percent"], key=lambda t: t[1]["order"])
        _distribution(table, [ln for ln, _ in pct], [r["printed"] for _, r in pct], (ch,), f"characteristic {ch!r}")


def _interviews(table: Table, ctx: Context) -> None:
    for i, (line, raw, row) in enumerate(table.rows(), start=1):
        if row["number"] != i:
            raise table.error(line, "number", f"interview number {i} (numbered 1.. in order)", raw["number"])
        d, suffix = row["date"], row["date_suffix"] or ""
        printed = f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"
        if row["date_printed"] not in (printed, printed + suffix):
            raise table.error(line, "date_printed", f"{printed + suffix!r} (the printed form of date {raw['date']} "
                                                    f"with suffix {suffix!r})", row["date_printed"])
    design = ctx.tables["survey_design"].frame.set_index("parameter")["value"]
    if "n_interviews_listed" in design and len(table.lines) != design["n_interviews_listed"]:
        raise table.error(table.lines[-1], None, f"{design['n_interviews_listed']:g} data rows (survey_design "
                                                 "n_interviews_listed)", Found(f"{len(table.lines)} data rows"))


def _dyads(table: Table, ctx: Context) -> None:
    for line, raw, row in table.rows():
        yp, y = row["year_printed"], row["year"]
        if (yp is None) != (y is None) or (yp is not None and int(yp) != y):
            raise table.error(line, "year", f"the year printed ({yp or 'none'})", raw["year"])
        if yp is not None and row["claim_id"] is None:
            raise table.error(line, "claim_id", "a claim_id for the printed year", Found("an empty field"))
        want = f"{_slug(row['partner_a'])}_{_slug(row['partner_b'])}"
        if row["dyad_id"] != want:
            raise table.error(line, "dyad_id", f"{want!r} (partner_a and partner_b in snake case)", row["dyad_id"])
        levels = {row["level_a"], row["level_b"]}
        cities = levels == {"city"}
        if (row["relationship"] == "sister_province") == ("city" in levels) or \
                (row["relationship"] != "sister_province" and not cities):
            raise table.error(line, "relationship", "a relationship fitting the levels "
                                                    f"{row['level_a']!r}/{row['level_b']!r} (sister_city and "
                                                    "municipal_relations join two cities, sister_province two "
                                                    "provinces, states or prefectures)", row["relationship"])


def _policy_timeline(table: Table, ctx: Context) -> None:
    for line, raw, row in table.rows():
        if row["year_source"] == "printed":
            for column in ("claim_id", "date_printed"):
                if row[column] is None:
                    raise table.error(line, column, "a value (year_source is 'printed')", Found("an empty field"))
            if str(row["year"]) not in row["date_printed"]:
                raise table.error(line, "year", f"a year that appears in date_printed {row['date_printed']!r}",
                                  raw["year"])
        elif row["claim_id"] is not None:
            raise table.error(line, "claim_id", "an empty claim_id (year_source is 'added')", row["claim_id"])
        elif row["reference"] is None:
            raise table.error(line, "reference", "the reference the added year comes from", Found("an empty field"))
        elif str(row["year"]) not in row["reference"]:
            raise table.error(line, "year", f"the year that the reference dates the event to ({row['reference']!r})",
                              raw["year"])


def _bri_membership(table: Table, ctx: Context) -> None:
    countries = ctx.enum("bri_membership", "country")
    for i, (line, raw, row) in enumerate(table.rows()):
        if i < len(countries) and row["country"] != countries[i]:
            raise table.error(line, "country", f"{countries[i]!r} (Table 1 order)", row["country"])
    _complete(table, ("country",), [(c,) for c in countries])


def _text_facts(table: Table, ctx: Context) -> None:
    for line, raw, row in table.rows():
        unit, printed = row["unit"], row["printed"]
        if (unit == "fraction") != ("/" in printed):
            raise table.error(line, "printed", "a fraction 'a/b' exactly when the unit is 'fraction'", printed)
        if unit == "year" and not re.fullmatch(r"\d{4}", printed):
            raise table.error(line, "printed", "a printed four-digit year", printed)
        if unit != "fraction" and (row["value"] != int(row["value"]) or row["value"] < 1):
            raise table.error(line, "value", f"a positive whole number (unit {unit!r})", raw["value"])


def _claims(table: Table, ctx: Context) -> None:
    for line, raw, row in table.rows():
        value = row["value"]
        if not any(abs(v - value) <= 1e-9 * max(1.0, abs(value)) for v in _numbers(row["printed"])):
            raise table.error(line, "value", f"a number that appears in printed {row['printed']!r}", raw["value"])
        if row["expected_status"] in ("rounding", "discrepancy") and row["kind"] != "derived":
            raise table.error(line, "kind", f"'derived' (expected_status is {row['expected_status']!r})", row["kind"])
        if row["expected_status"] == "discrepancy" and row["note"] is None:
            raise table.error(line, "note", "a note naming the arithmetic of the discrepancy", Found("an empty field"))


def _external_surveys(table: Table, ctx: Context) -> None:
    for line, raw, row in table.rows():
        if str(row["year"]) not in row["source"]:
            raise table.error(line, "year", f"the year of the survey as cited in source {row['source']!r}",
                              raw["year"])


def _key(table: Table, line: int, key: str) -> tuple[str, int]:
    m = _KEY.fullmatch(key)
    if m is None:  # the descriptor's pattern reports it first
        raise table.error(line, "key", "a citation key surnameYYYYword", key)
    return m.group(1), int(m.group(2))


def _citation(table: Table, line: int, key: str, author: str, year: int, column: str, text: str) -> None:
    """``author`` and ``year`` (the cells of ``column``) are those the citation ``key`` names."""
    surname, key_year = _key(table, line, key)
    if _slug(author.split()[0]).replace("_", "") != surname or year != key_year:
        raise table.error(line, column, f"the first author's surname {surname!r} and year {key_year} of key {key!r}",
                          text)


def _orders(table: Table, group: tuple[str, ...]) -> None:
    """``order`` runs 1..n within each group of rows (rows of one item share an order)."""
    seen: dict[tuple, list] = defaultdict(list)
    for line, raw, row in table.rows():
        seen[tuple(row[c] for c in group)].append((line, row["order"]))
    for key, rows in seen.items():
        orders = sorted({o for _, o in rows})
        if orders != list(range(1, len(orders) + 1)):
            raise table.error([ln for ln, _ in rows], "order", f"orders 1..{len(orders)} with no gap"
                              + (f" within {', '.join(map(str, key))}" if key else ""),
                              Found(", ".join(map(str, orders))))


def _literature_works(table: Table, ctx: Context) -> None:
    for line, raw, row in table.rows():
        _citation(table, line, row["key"], row["author"], row["year"], "year", raw["year"])


def _literature_typologies(table: Table, ctx: Context) -> None:
    """Keys and item names; that a typology has as many items as the article prints (``text_facts.csv``) is checked
    where the count is used, by ``paper.concepts`` (chapter 2 stops naming ``text_facts.csv``)."""
    items: dict[str, list] = defaultdict(list)
    for line, raw, row in table.rows():
        surname, year = _key(table, line, row["key"])
        if not row["typology"].startswith(f"{surname}_{year}_"):
            raise table.error(line, "key", f"the key of the work that sets out {row['typology']!r} "
                                           f"({row['typology'].split('_')[0]}, {row['typology'].split('_')[1]})",
                              row["key"])
        items[row["typology"]].append((line, row["order"], row["item"]))
    for typology, rows in items.items():
        names: dict[int, tuple[int, str]] = {}
        for ln, o, i in rows:
            first = names.setdefault(o, (ln, i))
            if first[1] != i:
                raise table.error(ln, "item", f"{first[1]!r}, the item of order {o} in row {first[0]}", i)
    _orders(table, ("typology",))


def _literature_terms(table: Table, ctx: Context) -> None:
    _orders(table, ())


def _literature_attributions(table: Table, ctx: Context) -> None:
    works = {r["key"]: r for _, _, r in ctx.tables["literature_works"].rows()}
    for line, raw, row in table.rows():
        if (row["term"] is None) == (row["debate"] is None):
            raise table.error(line, "term", "a term or a debate, not both", Found(f"term {row['term']!r}, debate "
                                                                                    f"{row['debate']!r}"))
        if (row["side"] is None) != (row["debate"] is None):
            raise table.error(line, "side", "a side exactly when the row names a debate", row["side"] or "")
        m = re.fullmatch(r"(.+) \(([0-9]{4})\)", row["cited_as"])
        work = works.get(row["key"])
        if work is not None and row["cited_as"] != f"{work['author']} ({work['year']})":
            raise table.error(line, "cited_as", f"{work['author']} ({work['year']}), the author and year of "
                                                f"{row['key']!r} in {ctx.tables['literature_works'].file}",
                              row["cited_as"])
        _citation(table, line, row["key"], m.group(1), int(m.group(2)), "cited_as", row["cited_as"])
    _orders(table, ("term", "debate", "side"))


def _findings(table: Table, ctx: Context) -> None:
    for line, raw, row in table.rows():
        if row["kind"] == "claim" and row["claim_id"] != row["finding_id"]:
            raise table.error(line, "claim_id", f"{row['finding_id']!r}, the finding_id (kind 'claim')",
                              row["claim_id"] or "")
        if (row["kind"] == "check") != ("." in row["finding_id"]):
            raise table.error(line, "kind", "'check' exactly for a finding_id family.subject", row["kind"])


#: Rules of each resource, after the generic ones.
RULES = {"table1": _table1, "table1_summary": _table1_summary, "survey_design": _survey_design,
         "survey_items": _survey_items, "case_perceptions": _case_perceptions, "demographics": _demographics,
         "interviews": _interviews, "dyads": _dyads, "policy_timeline": _policy_timeline,
         "bri_membership": _bri_membership, "text_facts": _text_facts, "claims": _claims,
         "external_surveys": _external_surveys, "literature_works": _literature_works,
         "literature_typologies": _literature_typologies, "literature_terms": _literature_terms,
         "literature_debates": _literature_terms, "literature_attributions": _literature_attributions,
         "findings": _findings}
#: Other resources a resource's rules read (besides those its foreign keys name).
NEEDS = {"demographics": ("survey_design",), "interviews": ("survey_design",),
         "literature_attributions": ("literature_works",)}


def needs(table: Table) -> set[str]:
    """Resources that must be valid before ``table`` can be checked (foreign keys and :data:`NEEDS`)."""
    refs = {fk["reference"].get("resource") or table.name for fk in table.resource["schema"].get("foreignKeys", [])}
    return (refs | set(NEEDS.get(table.name, ()))) - {table.name}


def check(table: Table, tables: dict[str, Table], descriptor: dict) -> None:
    """Run the rules of ``table`` itself: printed values, then its own rules (:data:`RULES`)."""
    ctx = Context(tables, descriptor)
    _printed_values(table, ctx)
    if table.name in RULES:
        RULES[table.name](table, ctx)


def check_links(table: Table, tables: dict[str, Table], descriptor: dict) -> None:
    """Rows linked to ``claims.csv`` print a token of the claim's text, its qualifier and its value."""
    _claim_links(table, Context(tables, descriptor))
