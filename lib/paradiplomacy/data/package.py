"""Read the data package: ``datapackage.json`` and every CSV it lists, typed and checked by the descriptor alone.

The descriptor is validated by frictionless (Table Schema profile; cached by its text), plus what frictionless
leaves unchecked (an explicit type per field, local unique paths, keys naming fields, every CSV of the folder
listed). Then each resource's file is read as text and checked: UTF-8 without BOM, LF line endings (a CR names
the likely cause, ``core.autocrlf``), the exact header, ``csv`` QUOTE_MINIMAL form, no surrounding whitespace,
ASCII digits only, every cell against its field (frictionless: type, required, enum, pattern, minimum,
maximum, ...), primary/unique keys, the file ``hash`` and foreign keys. Every failure is a
:class:`~paradiplomacy.errors.DataValidationError` naming the file, row (header = row 1), column, what was
expected and what was found.

Dtypes: ``string`` -> ``str``; ``integer``/``year`` -> ``int64`` (optional ``year`` -> ``Int64``, optional
``integer`` -> ``float64`` with NaN); ``number`` -> ``float64``; ``boolean`` -> ``bool``; ``date`` ->
``datetime64``.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import re
from pathlib import Path

import pandas as pd
from frictionless import FrictionlessException, Package

from paradiplomacy.errors import DataValidationError, Found
from paradiplomacy.paths import display_path

__all__ = ["DESCRIPTOR", "Table", "read_descriptor", "read_table", "check_foreign_keys", "enum", "as_list"]

DESCRIPTOR = "datapackage.json"
#: Text forms accepted on top of the field type (frictionless alone would accept ``1e3`` or ``2024-2-3``).
#: Digits are ASCII ``0-9`` (``\\d`` would also match Arabic-Indic or full-width digits, which frictionless converts).
_FORMS = {"integer": (re.compile(r"-?[0-9]+"), "an integer"), "year": (re.compile(r"[0-9]{4}"), "a four-digit year"),
          "number": (re.compile(r"-?[0-9]+(?:\.[0-9]+)?"),
                     "a number (ASCII digits, optional decimals, no thousands separator)"),
          "date": (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), "an ISO date YYYY-MM-DD")}
#: A decimal digit other than ASCII 0-9 (Arabic-Indic, full-width, Devanagari, ...): numbers in data files are ASCII.
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
#: Why a data file has CR characters, and the fix (``.gitattributes`` marks ``data/**`` as ``-text``).
CRLF_CAUSE = ("LF line endings (CR found: most likely a checkout with git's core.autocrlf=true or an editor that "
              "writes CRLF; the repository's .gitattributes keeps data/ files byte for byte (LF): run "
              "'git config core.autocrlf false' and check the file out again, or convert it to LF)")


def as_list(value) -> list:
    """A descriptor's ``fields``/``primaryKey`` entry as a list (Table Schema allows one string)."""
    return [value] if isinstance(value, str) else list(value or [])


def enum(descriptor: dict, resource: str, field: str) -> tuple:
    """Allowed values of ``resource.field`` in descriptor order."""
    res = next((r for r in descriptor["resources"] if r["name"] == resource), None)
    if res is None:
        raise KeyError(f"{DESCRIPTOR}: no resource {resource!r}")
    spec = next((f for f in res["schema"]["fields"] if f["name"] == field), None)
    if spec is None:
        raise KeyError(f"{DESCRIPTOR}: resource {resource!r} has no field {field!r}")
    if "enum" not in spec.get("constraints", {}):
        raise KeyError(f"{DESCRIPTOR}: field {field!r} of {resource!r} has no enum constraint")
    return tuple(spec["constraints"]["enum"])


class Table:
    """One resource read from its file: line numbers, raw text, typed values and the frame."""

    def __init__(self, resource: dict, folder: Path):
        self.resource = resource
        self.name = resource["name"]
        self.path = folder / resource["path"]
        self.file = display_path(self.path)
        self.fields = resource["schema"]["fields"]
        self.columns = [f["name"] for f in self.fields]
        self.lines: list[int] = []
        self.raw: list[dict[str, str]] = []
        self.values: dict[str, list] = {}
        self._frame = None
        self._typed: list[dict] | None = None

    @property
    def frame(self) -> pd.DataFrame:
        """The typed frame (built on first use: a file that fails a later check never needs one)."""
        if self._frame is None:
            self._frame = _frame(self)
        return self._frame

    def error(self, row, column, expected, found) -> DataValidationError:
        if isinstance(row, list) and len(row) == 1:
            row = row[0]
        return DataValidationError(self.file, row, column, expected, found)

    def rows(self):
        """Iterate ``(line, raw_row, typed_row)``; empty fields are ``None`` in ``typed_row``."""
        if self._typed is None or len(self._typed) != len(self.lines):
            self._typed = [{c: self.values[c][i] for c in self.columns} for i in range(len(self.lines))]
        return zip(self.lines, self.raw, self._typed)


# ------------------------------------------------------------------------------------------------ descriptor
def read_descriptor(folder: Path) -> tuple[dict, dict[str, list]]:
    """Read and validate ``folder/datapackage.json`` (frictionless profile plus keys and references).

    Returns the descriptor and, by resource name, its frictionless fields (what :func:`read_table` types with).
    """
    path = folder / DESCRIPTOR
    shown = display_path(path)

    def fail(expected, found, row=None):
        return DataValidationError(shown, row, None, expected, Found(found))

    if not path.is_file():
        raise fail("the data package descriptor of the folder", "no such file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise fail("UTF-8 JSON", "bytes that are not UTF-8") from None
    except OSError as exc:
        raise fail("a readable file", exc.strerror or type(exc).__name__) from None
    if not text.strip():
        raise fail("the JSON data package descriptor", "an empty file", 1)
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        ends = exc.msg.startswith("Unterminated") or exc.pos >= len(text.rstrip()) - 1
        cut = " (the file ends early: truncated?)" if ends else ""
        raise fail("valid JSON", f"{exc.msg} (line {exc.lineno}, column {exc.colno}){cut}", exc.lineno) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list) \
            or not descriptor["resources"]:
        raise fail("a data package with a non-empty 'resources' list", "none")
    try:
        fields = _profile(text)
    except _Invalid as exc:
        raise fail(*exc.args) from None
    listed = {Path(r["path"]).name for r in descriptor["resources"]}
    unlisted = sorted(p.name for p in folder.glob("*.csv") if p.name not in listed)
    if unlisted:
        raise fail("a resource for every CSV file of the folder (an unlisted file would go unchecked)",
                   f"{', '.join(unlisted)} not listed")
    return descriptor, fields


class _Invalid(Exception):
    """A descriptor problem: ``(expected, found)``."""


@functools.lru_cache(maxsize=8)
def _profile(text: str) -> dict[str, list]:
    """Validate descriptor ``text`` (frictionless profile, then what frictionless leaves unchecked); return the
    frictionless fields of each resource. Cached by text: validating the profile costs half of a load."""
    descriptor = json.loads(text)
    try:
        package = Package.from_descriptor(descriptor)
    except FrictionlessException as exc:
        reasons = "; ".join(r.message for r in exc.reasons) or exc.error.message
        raise _Invalid("a valid Frictionless data package descriptor", reasons) from None
    for res in descriptor["resources"]:
        where = f"resource {res.get('name')!r}"
        if not isinstance(res.get("schema"), dict) or not isinstance(res["schema"].get("fields"), list):
            raise _Invalid(f"an inline 'schema' with a 'fields' list in {where}", repr(res.get("schema")))
        untyped = [f.get("name") for f in res["schema"]["fields"] if "type" not in f]
        if untyped:
            raise _Invalid(f"an explicit 'type' for every field of {where} (the loader's dtypes follow it)",
                           f"no type for {untyped}")
    for key in ("name", "path"):
        values = [r.get(key) for r in descriptor["resources"]]
        repeated = sorted({str(v) for v in values if values.count(v) > 1})
        if repeated:
            raise _Invalid(f"a different {key!r} for every resource", f"{', '.join(repeated)} repeated")
    columns = {r["name"]: {f["name"] for f in r["schema"]["fields"]} for r in descriptor["resources"]}
    for res in descriptor["resources"]:
        schema, where = res["schema"], f"resource {res['name']!r}"
        if not isinstance(res.get("path"), str) or "://" in res["path"] or Path(res["path"]).is_absolute() \
                or ".." in Path(res["path"]).parts:
            raise _Invalid(f"a file of the data folder as the 'path' of {where}", repr(res.get("path")))
        for key in schema.get("uniqueKeys", []):
            if set(as_list(key)) - columns[res["name"]]:
                raise _Invalid(f"unique keys of {where} naming its fields", f"key {key}")
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"].get("resource") or res["name"]
            if set(as_list(fk["reference"]["fields"])) - columns.get(target, set()):
                raise _Invalid(f"foreign keys of {where} naming an existing resource and its fields",
                               f"a reference to {target}.{fk['reference']['fields']}")
    return {r.name: r.schema.fields for r in package.resources}


# ------------------------------------------------------------------------------------------------ one file
def read_table(folder: Path, resource: dict, fields: list) -> Table:
    """Read, type and check one resource (everything but foreign keys) with its frictionless ``fields``."""
    table = Table(resource, folder)
    if not table.path.is_file():
        raise table.error(None, None, f"the data file listed in {DESCRIPTOR}", Found("no such file"))
    try:
        blob = table.path.read_bytes()
    except OSError as exc:
        raise table.error(None, None, "a readable file", Found(exc.strerror or type(exc).__name__)) from None
    _check_hash(table, blob)
    text = _decode(table, blob)
    _parse(table, text)
    for field in fields:
        seen: dict[str, object] = {}
        reader = field.create_cell_reader()  # field.read_cell builds one per call
        table.values[field.name] = [_cell(table, field, reader, line, raw[field.name], seen)
                                    for line, raw in zip(table.lines, table.raw)]
    _check_keys(table)
    return table


def _check_hash(table: Table, blob: bytes) -> None:
    if "hash" not in table.resource:
        return
    algorithm, _, want = table.resource["hash"].rpartition(":")
    algorithm = algorithm or "md5"
    digest = hashlib.new(algorithm, blob).hexdigest()
    if digest != want:
        raise table.error(None, None, f"the unmodified file ({algorithm} {want}, the hash in {DESCRIPTOR}); "
                                      "the file was modified", Found(f"{algorithm} {digest}"))


def _decode(table: Table, blob: bytes) -> str:
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise table.error(blob[:exc.start].count(b"\n") + 1, None, "UTF-8 text",
                          Found(f"byte {blob[exc.start]:#04x}")) from None
    if text.startswith("\ufeff"):
        raise table.error(1, None, "UTF-8 without byte-order mark", Found("a byte-order mark"))
    if "\r" in text:
        crlf = "\r\n" in text
        raise table.error(text[:text.index("\r")].count("\n") + 1, None, CRLF_CAUSE,
                          Found("CRLF line endings" if crlf else "a CR character"))
    if not text.strip():
        raise table.error(1, None, "a header row", Found("an empty file"))
    return text


def _parse(table: Table, text: str) -> None:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        _check_header(table, header)
        previous = reader.line_num
        for fields in reader:
            line, previous = previous + 1, reader.line_num
            if len(fields) != len(header):
                raise table.error(line, None, f"{len(header)} fields",
                                  Found(f"{len(fields)} fields" if fields else "a blank line"))
            table.lines.append(line)
            table.raw.append(dict(zip(header, fields)))
    except csv.Error as exc:
        raise table.error(reader.line_num, None, "well-formed CSV", str(exc)) from None
    if not table.raw:
        raise table.error(2, None, "at least one data row", Found("none"))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header] + [list(r.values()) for r in table.raw])
    canonical = buf.getvalue()
    if canonical == text:
        return
    if canonical == text + "\n":
        raise table.error(text.count("\n") + 1, None, "a newline at the end of the file", Found("none"))
    got, want = text.split("\n"), canonical.split("\n")
    i = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)) - 1)
    raise table.error(i + 1, None, f"csv-module quoting (QUOTE_MINIMAL: quotes only where needed), i.e. "
                                   f"{want[i]!r}", got[i])


def _check_header(table: Table, header: list[str]) -> None:
    expected, spec = table.columns, ",".join(table.columns)
    for name in expected:
        if name not in header:
            raise table.error(1, name, f"column {name!r} in the header ({spec})", ",".join(header))
    for name in header:
        if name not in expected:
            raise table.error(1, name, f"only the columns {spec}", Found(f"extra column {name!r}"))
    if len(header) != len(expected):
        dup = next(n for n in header if header.count(n) > 1)
        raise table.error(1, dup, "each column once", Found(f"column {dup!r} repeated"))
    for i, (want, got) in enumerate(zip(expected, header)):
        if want != got:
            raise table.error(1, want, f"column {want!r} in position {i + 1} ({spec})", Found(f"{got!r} there"))


def _expected(field, note: str) -> str:
    """What a frictionless note (``type``, ``enum``, ``pattern``, ...) asks of a cell, in words."""
    c = field.constraints
    if note == "type":
        if field.type == "boolean":
            return " or ".join(repr(v) for v in (*field.true_values, *field.false_values))
        return _FORMS.get(field.type, (None, f"a value of type {field.type!r}"))[1]
    if note == "enum":
        return "one of " + ", ".join(repr(v) for v in c["enum"])
    if note == "pattern":
        return f"text matching the pattern {c['pattern']!r}"
    words = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<",
             "minLength": "a length >=", "maxLength": "a length <="}
    if note in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"a value {words[note]} {c[note]} (the field's range in {DESCRIPTOR})"
    return f"a value {words[note]} {c[note]}" if note in words else f"constraint {note!r} = {c.get(note)!r}"


def _cell(table: Table, field, reader, line: int, text: str, seen: dict):
    if text in seen:
        return seen[text]
    if text != text.strip():
        raise table.error(line, field.name, "no leading or trailing whitespace", text)
    other = _OTHER_DIGIT.search(text)
    if other is not None:
        raise table.error(line, field.name, "ASCII digits 0-9 only (numbers in data files are ASCII)",
                          Found(f"{text!r}, with the non-ASCII digit {other.group()!r} (U+{ord(other.group()):04X})"))
    if text == "" and field.required:
        raise table.error(line, field.name, "a value (the field is required)", Found("an empty field"))
    form = _FORMS.get(field.type)
    if text and form is not None and not form[0].fullmatch(text):
        raise table.error(line, field.name, form[1], text)
    value, notes = reader(text)
    if notes:
        raise table.error(line, field.name, _expected(field, next(iter(notes))), text)
    seen[text] = float(value) if field.type == "number" and value is not None else value
    return seen[text]


def _check_keys(table: Table) -> None:
    schema = table.resource["schema"]
    keys = [as_list(schema.get("primaryKey"))] + [as_list(k) for k in schema.get("uniqueKeys", [])]
    keys += [[f["name"]] for f in table.fields if f.get("constraints", {}).get("unique")]
    for key in (k for k in keys if k):
        seen: dict[tuple, int] = {}
        for line, raw in zip(table.lines, table.raw):
            k = tuple(raw[c] for c in key)
            if all(k) and k in seen:
                label = key[0] if len(key) == 1 else "(" + ", ".join(key) + ")"
                shown = k[0] if len(k) == 1 else ", ".join(k)
                raise table.error([seen[k], line], key[-1], f"a unique key {label} (first used in row {seen[k]})",
                                  Found(f"duplicate {shown!r}"))
            seen[k] = line


def _frame(table: Table) -> pd.DataFrame:
    data = {}
    for f in table.fields:
        values, kind = table.values[f["name"]], f["type"]
        required = f.get("constraints", {}).get("required", False)
        if kind in ("integer", "year") and required:
            data[f["name"]] = pd.Series(values, dtype="int64")
        elif kind == "year":
            data[f["name"]] = pd.Series([pd.NA if v is None else v for v in values], dtype="Int64")
        elif kind in ("integer", "number"):
            data[f["name"]] = pd.Series([float("nan") if v is None else float(v) for v in values], dtype="float64")
        elif kind == "boolean":
            data[f["name"]] = pd.Series(values, dtype="bool")
        elif kind == "date":
            data[f["name"]] = pd.to_datetime(pd.Series([None if v is None else v.isoformat() for v in values],
                                                       dtype="object"), format="%Y-%m-%d")
        else:
            data[f["name"]] = pd.Series(["" if v is None else str(v) for v in values], dtype="str")
    return pd.DataFrame(data, columns=table.columns)


# ------------------------------------------------------------------------------------------------ links
def check_foreign_keys(table: Table, tables: dict[str, Table]) -> None:
    """Every non-empty foreign key of ``table`` names a row of the resource it references."""
    for fk in table.resource["schema"].get("foreignKeys", []):
        fields = as_list(fk["fields"])
        target = tables[fk["reference"].get("resource") or table.name]
        ref = as_list(fk["reference"]["fields"])
        allowed = {tuple(r[c] for c in ref) for r in target.raw}
        for line, raw in zip(table.lines, table.raw):
            key = tuple(raw[c] for c in fields)
            if all(key) and key not in allowed:
                if len(fields) == 1:
                    raise table.error(line, fields[0], f"a {ref[0]} listed in {target.file}", key[0])
                listed = "; ".join(", ".join(k) for k in sorted(allowed)) if len(allowed) <= 20 else "..."
                raise table.error(line, fields[-1], f"a ({', '.join(fields)}) combination listed in {target.file} "
                                                    f"({listed})", Found(repr(key)))
