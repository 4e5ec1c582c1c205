"""Read the data package: ``datapackage.json`` and every CSV it lists, typed and checked by the descriptor alone.

The descriptor is read by this module's own reader of the part of the Data Package and Table Schema
specifications (v1) it uses (:data:`TYPES`, :data:`CONSTRAINTS`, the properties in :data:`PROPERTIES`); any other
field type, constraint or property is rejected, naming the resource and field, so nothing in the descriptor is
silently ignored. It also checks what the specifications leave open: an explicit type per field, local unique
paths, keys naming fields, every CSV of the folder listed (cached by the descriptor's text). Then each resource's
file is read as text and checked: UTF-8 without BOM, LF line endings (a CR names the likely cause,
``core.autocrlf``), the exact header, ``csv`` QUOTE_MINIMAL form, no surrounding whitespace, ASCII digits only,
every cell against its field (:class:`Field`: type, required, enum, pattern, minimum, maximum), primary/unique
keys, the file ``hash`` and foreign keys. Every failure is a :class:`~paradiplomacy.errors.DataValidationError`
naming the file, row (header = row 1), column, what was expected and what was found. The test suite checks the
reader against frictionless, the reference implementation (``tests/data/test_frictionless_reference.py``).

Dtypes: ``string`` -> ``str``; ``integer``/``year`` -> ``int64`` (optional ``year`` -> ``Int64``, optional
``integer`` -> ``float64`` with NaN); ``number`` -> ``float64``; ``boolean`` -> ``bool``; ``date`` ->
``datetime64``.
"""
from __future__ import annotations

import csv
import datetime
import functools
import hashlib
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

from paradiplomacy.errors import DataValidationError, Found
from paradiplomacy.paths import display_path

__all__ = ["DESCRIPTOR", "Table", "Field", "read_descriptor", "read_table", "check_foreign_keys", "enum", "as_list",
           "TYPES", "CONSTRAINTS", "PROPERTIES"]

DESCRIPTOR = "datapackage.json"
#: The text form of each typed value (stricter than Table Schema, which would also read ``1e3`` or ``2024-2-3``).
#: Digits are ASCII ``0-9`` (``\\d`` would also match Arabic-Indic or full-width digits).
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

#: The Table Schema field types this reader implements (``default`` format only).
TYPES = ("string", "integer", "number", "year", "boolean", "date")
#: The constraints it implements, per type, in the order a cell is checked (the first failure is reported;
#: ``required`` is checked first, ``unique`` with the keys).
CONSTRAINTS = {"string": ("required", "unique", "pattern", "enum"),
               "boolean": ("required", "unique"),
               **{t: ("required", "unique", "minimum", "maximum") for t in ("integer", "number", "year", "date")}}
#: The descriptor properties it reads or accepts as description, per level (a ``boolean`` field may also have
#: ``trueValues``/``falseValues``). Properties with a fixed value here must have that value when present.
PROPERTIES = {"package": ("profile", "name", "title", "description", "version", "keywords", "licenses", "sources",
                          "resources"),
              "resource": ("profile", "name", "path", "title", "description", "format", "mediatype", "encoding",
                           "licenses", "sources", "hash", "schema"),
              "schema": ("fields", "missingValues", "primaryKey", "uniqueKeys", "foreignKeys"),
              "field": ("name", "type", "format", "title", "description", "constraints"),
              "foreign key": ("fields", "reference"), "reference": ("resource", "fields"),
              "licence": ("name", "path", "title"), "source": ("title", "path", "email")}
_FIXED = {("package", "profile"): "tabular-data-package", ("resource", "profile"): "tabular-data-resource",
          ("resource", "format"): "csv", ("resource", "mediatype"): "text/csv", ("resource", "encoding"): "utf-8",
          ("schema", "missingValues"): [""], ("field", "format"): "default"}
#: Table Schema's default true and false values of a ``boolean`` field.
_BOOLEAN_DEFAULTS = (("true", "True", "TRUE", "1"), ("false", "False", "FALSE", "0"))
_NAME = re.compile(r"[-a-z0-9._/]+")  # a package or resource name (Data Package v1)
_HASH = {"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128}  # hex digits of each hash algorithm


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


class Field:
    """One field of a resource's schema as this reader implements it (built from a checked descriptor entry).

    :meth:`read` turns a cell's text into its typed value (``str``, ``int``, ``float``, ``bool`` or
    ``datetime.date``; ``None`` for an empty cell, the one missing value) and names what the text breaks, if anything.
    """

    def __init__(self, spec: dict):
        self.name: str = spec["name"]
        self.type: str = spec["type"]
        self.constraints: dict = dict(spec.get("constraints", {}))
        self.required: bool = self.constraints.get("required", False)
        self.true_values: tuple = tuple(spec.get("trueValues", _BOOLEAN_DEFAULTS[0]))
        self.false_values: tuple = tuple(spec.get("falseValues", _BOOLEAN_DEFAULTS[1]))
        self._booleans = {**{v: True for v in self.true_values}, **{v: False for v in self.false_values}}
        self._checks = []
        for name in CONSTRAINTS[self.type]:
            if name not in self.constraints or name in ("required", "unique"):
                continue
            bound = self.constraints[name]
            if name == "pattern":
                self._checks.append((name, functools.partial(_fullmatch, re.compile(bound))))
            elif name == "enum":
                self._checks.append((name, frozenset(bound).__contains__))
            else:
                limit = _bound(self.type, bound)
                self._checks.append((name, (lambda v, b=limit: v >= b) if name == "minimum" else
                                           (lambda v, b=limit: v <= b)))

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.type!r}, {self.constraints!r})"

    def parse(self, text: str):
        """The typed value of non-empty ``text``, or ``None`` if it is not of the field's type and form
        (numbers as :class:`~decimal.Decimal`, compared exactly with the field's range)."""
        if self.type == "string":
            return text
        if self.type == "boolean":
            return self._booleans.get(text)
        if not _FORMS[self.type][0].fullmatch(text):
            return None
        if self.type in ("integer", "year"):
            return int(text)
        if self.type == "number":
            return Decimal(text)
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:  # a form-valid but impossible date (2024-02-30)
            return None

    def read(self, text: str) -> tuple[object, str | None]:
        """``(value, broken)``: the cell's value and ``None``, or ``"type"``/``"required"``/the first constraint
        the text breaks (in :data:`CONSTRAINTS` order). A ``number`` is returned as ``float``."""
        if text == "":
            return None, "required" if self.required else None
        value = self.parse(text)
        if value is None:
            return None, "type"
        broken = next((name for name, ok in self._checks if not ok(value)), None)
        return (float(value) if self.type == "number" else value), broken


def _fullmatch(pattern: re.Pattern, value: str) -> bool:
    """Table Schema patterns match the whole value (XML Schema semantics)."""
    return pattern.fullmatch(value) is not None


def _bound(kind: str, value):
    """A ``minimum``/``maximum`` from the descriptor as a value of the field's type, or ``None`` if it is not one."""
    if isinstance(value, bool):
        return None
    if kind in ("integer", "year"):
        return value if isinstance(value, int) else None
    if kind == "number":
        return Decimal(str(value)) if isinstance(value, (int, float)) else None
    if kind == "date" and isinstance(value, str) and _FORMS["date"][0].fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


# ------------------------------------------------------------------------------------------------ descriptor
def read_descriptor(folder: Path) -> tuple[dict, dict[str, list[Field]]]:
    """Read and validate ``folder/datapackage.json`` (what this reader implements, plus keys and references).

    Returns the descriptor and, by resource name, its :class:`Field` list (what :func:`read_table` types with).
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
def _profile(text: str) -> dict[str, list[Field]]:
    """Check descriptor ``text`` against what this reader implements and what the specifications leave open; return
    the :class:`Field` list of each resource. Cached by text."""
    descriptor = json.loads(text)
    _check_properties(descriptor, "package", "the package")
    _check_metadata(descriptor, "the package")
    for number, res in enumerate(descriptor["resources"], 1):
        if not isinstance(res, dict):
            raise _Invalid("an object for every resource", f"resource {number}: {res!r}")
        name = res.get("name")
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise _Invalid("a 'name' of lower-case letters, digits and - . _ / for every resource",
                           f"{name!r} (resource {number})")
        where = f"resource {name!r}"
        _check_properties(res, "resource", where)
        _check_metadata(res, where)
        if not isinstance(res.get("path"), str) or "://" in res["path"] or Path(res["path"]).is_absolute() \
                or ".." in Path(res["path"]).parts:
            raise _Invalid(f"a file of the data folder as the 'path' of {where}", repr(res.get("path")))
        if "hash" in res:
            algorithm, _, digest = str(res["hash"]).rpartition(":")
            if not isinstance(res["hash"], str) or len(digest) != _HASH.get(algorithm or "md5") \
                    or not re.fullmatch(r"[0-9a-f]+", digest):
                raise _Invalid(f"a 'hash' of {where} as md5, sha1, sha256 or sha512 hex digits (e.g. 'sha256:...')",
                               repr(res["hash"]))
        if not isinstance(res.get("schema"), dict) or not isinstance(res["schema"].get("fields"), list) \
                or not res["schema"]["fields"]:
            raise _Invalid(f"an inline 'schema' with a 'fields' list in {where}", repr(res.get("schema")))
        schema = res["schema"]
        _check_properties(schema, "schema", f"the schema of {where}")
        if not all(isinstance(f, dict) for f in schema["fields"]):
            raise _Invalid(f"an object for every field of {where}",
                           repr(next(f for f in schema["fields"] if not isinstance(f, dict))))
        untyped = [f.get("name") for f in schema["fields"] if "type" not in f]
        if untyped:
            raise _Invalid(f"an explicit 'type' for every field of {where} (the loader's dtypes follow it)",
                           f"no type for {untyped}")
        for spec in schema["fields"]:
            _check_field(spec, where)
        names = [f["name"] for f in schema["fields"]]
        if len(set(names)) != len(names):
            repeated = sorted({n for n in names if names.count(n) > 1})
            raise _Invalid(f"a different name for every field of {where}", f"{', '.join(repeated)} repeated")
    for key in ("name", "path"):
        values = [r.get(key) for r in descriptor["resources"]]
        repeated = sorted({str(v) for v in values if values.count(v) > 1})
        if repeated:
            raise _Invalid(f"a different {key!r} for every resource", f"{', '.join(repeated)} repeated (not unique)")
    columns = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]}
    for res in descriptor["resources"]:
        _check_keys_declared(res, columns)
    return {r["name"]: [Field(f) for f in r["schema"]["fields"]] for r in descriptor["resources"]}


def _check_properties(entry: dict, level: str, where: str, extra: tuple = ()) -> None:
    """``entry`` has only the properties this reader implements at ``level``, fixed ones with their one value."""
    allowed = PROPERTIES[level] + extra
    unknown = [k for k in entry if k not in allowed]
    if unknown:
        raise _Invalid(f"only the {level} properties this reader implements ({', '.join(allowed)}) in {where}",
                       f"{unknown[0]!r}, which it does not implement")
    for (fixed_level, key), value in _FIXED.items():
        if fixed_level == level and key in entry and entry[key] != value:
            raise _Invalid(f"{key!r} {value!r} in {where} (the only one this reader implements)", repr(entry[key]))


def _check_metadata(entry: dict, where: str) -> None:
    """The descriptive properties of a package or resource have their specified shapes (they change no reading)."""
    if "name" in entry and not (isinstance(entry["name"], str) and _NAME.fullmatch(entry["name"])):
        raise _Invalid(f"a 'name' of lower-case letters, digits and - . _ / for {where}", repr(entry["name"]))
    for key in ("title", "description", "version"):
        if key in entry and not isinstance(entry[key], str):
            raise _Invalid(f"text as the {key!r} of {where}", repr(entry[key]))
    if "keywords" in entry and not (isinstance(entry["keywords"], list)
                                    and all(isinstance(k, str) for k in entry["keywords"])):
        raise _Invalid(f"a list of strings as the 'keywords' of {where}", repr(entry["keywords"]))
    for key, level, needs in (("licenses", "licence", ("name", "path")), ("sources", "source", ("title",))):
        items = entry.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise _Invalid(f"a list of objects as the {key!r} of {where}", repr(items))
        for item in items:
            _check_properties(item, level, f"the {key!r} of {where}")
            if not any(k in item for k in needs) or not all(isinstance(v, str) for v in item.values()):
                raise _Invalid(f"a {level} of {where} with text {' or '.join(repr(n) for n in needs)}", repr(item))


def _check_field(spec: dict, where: str) -> None:
    """One field entry uses only the types, properties and constraints :class:`Field` implements, well formed."""
    name, kind = spec.get("name"), spec["type"]
    if not isinstance(name, str) or not name:
        raise _Invalid(f"a 'name' for every field of {where}", repr(spec))
    at = f"field {name!r} of {where}"
    if kind not in TYPES:
        raise _Invalid(f"a field type this reader implements ({', '.join(TYPES)}) for {at}",
                       f"type {kind!r} (not supported)")
    _check_properties(spec, "field", at, ("trueValues", "falseValues") if kind == "boolean" else ())
    for key in ("title", "description"):
        if key in spec and not isinstance(spec[key], str):
            raise _Invalid(f"text as the {key!r} of {at}", repr(spec[key]))
    if kind == "boolean":
        values = [spec.get("trueValues", _BOOLEAN_DEFAULTS[0]), spec.get("falseValues", _BOOLEAN_DEFAULTS[1])]
        if not all(isinstance(v, list) and v and all(isinstance(s, str) for s in v) for v in values) \
                or set(values[0]) & set(values[1]):
            raise _Invalid(f"two non-empty lists of different strings as the 'trueValues' and 'falseValues' of {at}",
                           f"{values[0]!r} and {values[1]!r}")
    constraints = spec.get("constraints", {})
    if not isinstance(constraints, dict):
        raise _Invalid(f"an object as the 'constraints' of {at}", repr(constraints))
    for key, value in constraints.items():
        if key not in CONSTRAINTS[kind]:
            raise _Invalid(f"a constraint this reader implements for a {kind} field ({', '.join(CONSTRAINTS[kind])}) "
                           f"in {at}", f"{key!r} (not supported)")
        if key in ("required", "unique") and not isinstance(value, bool):
            raise _Invalid(f"true or false as the {key!r} constraint of {at}", repr(value))
        if key == "enum" and not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
            raise _Invalid(f"a non-empty list of strings as the 'enum' of {at}", repr(value))
        if key == "pattern":
            try:
                re.compile(value)
            except (re.error, TypeError) as exc:
                raise _Invalid(f"a regular expression as the 'pattern' of {at}", f"{value!r} ({exc})") from None
        if key in ("minimum", "maximum") and _bound(kind, value) is None:
            shown = "an ISO date 'YYYY-MM-DD'" if kind == "date" else f"a JSON {kind}"
            raise _Invalid(f"{shown} as the {key!r} of {at}", repr(value))
    if "minimum" in constraints and "maximum" in constraints \
            and _bound(kind, constraints["minimum"]) > _bound(kind, constraints["maximum"]):
        raise _Invalid(f"a 'minimum' no larger than the 'maximum' of {at}",
                       f"{constraints['minimum']!r} > {constraints['maximum']!r}")


def _check_keys_declared(res: dict, columns: dict[str, list]) -> None:
    """The primary, unique and foreign keys of ``res`` name fields (and the resources they reference exist)."""
    schema, where, own = res["schema"], f"resource {res['name']!r}", columns[res["name"]]

    def names(key) -> list | None:
        listed = as_list(key) if isinstance(key, (str, list)) else None
        return listed if listed and all(isinstance(n, str) for n in listed) else None

    if "primaryKey" in schema:
        key = names(schema["primaryKey"])
        if key is None or set(key) - set(own):
            missing = sorted(set(key or []) - set(own))
            raise _Invalid(f"a primary key of {where} naming its fields ({', '.join(own)})",
                           f"{schema['primaryKey']!r}: {', '.join(map(repr, missing)) or 'not a list of names'} "
                           "does not match the fields")
    unique = schema.get("uniqueKeys", [])
    if not isinstance(unique, list) or any(names(k) is None or set(names(k)) - set(own) for k in unique):
        bad = unique if not isinstance(unique, list) else next(k for k in unique if names(k) is None or
                                                                set(names(k)) - set(own))
        raise _Invalid(f"unique keys of {where} naming its fields", f"key {bad}")
    foreign = schema.get("foreignKeys", [])
    if not isinstance(foreign, list):
        raise _Invalid(f"a list as the 'foreignKeys' of {where}", repr(foreign))
    for fk in foreign:
        if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict):
            raise _Invalid(f"foreign keys of {where} with 'fields' and a 'reference'", repr(fk))
        _check_properties(fk, "foreign key", f"a foreign key of {where}")
        _check_properties(fk["reference"], "reference", f"a foreign key of {where}")
        fields, ref = names(fk.get("fields")), names(fk["reference"].get("fields"))
        if fields is None or set(fields) - set(own):
            raise _Invalid(f"foreign keys of {where} naming its fields ({', '.join(own)})",
                           f"{fk.get('fields')!r} does not match the fields")
        target = fk["reference"].get("resource") or res["name"]
        if not isinstance(target, str) or ref is None or len(ref) != len(fields) \
                or set(ref) - set(columns.get(target, ())):
            raise _Invalid(f"foreign keys of {where} naming an existing resource and its fields",
                           f"a reference to {target}.{fk['reference'].get('fields')}")


# ------------------------------------------------------------------------------------------------ one file
def read_table(folder: Path, resource: dict, fields: list[Field]) -> Table:
    """Read, type and check one resource (everything but foreign keys) with its ``fields`` (:func:`read_descriptor`)."""
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
        table.values[field.name] = [_cell(table, field, line, raw[field.name], seen)
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


def _expected(field: Field, note: str) -> str:
    """What a broken check of :meth:`Field.read` (``type``, ``enum``, ``pattern``, ...) asks of a cell, in words."""
    c = field.constraints
    if note == "type":
        if field.type == "boolean":
            return " or ".join(repr(v) for v in (*field.true_values, *field.false_values))
        return _FORMS[field.type][1]
    if note == "required":
        return "a value (the field is required)"
    if note == "enum":
        return "one of " + ", ".join(repr(v) for v in c["enum"])
    if note == "pattern":
        return f"text matching the pattern {c['pattern']!r}"
    return f"a value {'>=' if note == 'minimum' else '<='} {c[note]} (the field's range in {DESCRIPTOR})"


def _cell(table: Table, field: Field, line: int, text: str, seen: dict):
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
    value, broken = field.read(text)
    if broken is not None:
        raise table.error(line, field.name, _expected(field, broken), text)
    seen[text] = value
    return value


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
