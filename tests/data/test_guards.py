"""data/README.md states which guard covers each column: every column of every resource is listed once, its schema
entry agrees with datapackage.json, no column is left without a guard, and every limit it names is described."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
README = (DATA / "README.md").read_text(encoding="utf-8")
#: Words of the schema column that are guards by themselves (a type or ``required`` alone guards nothing).
GUARDING = ("enum", "pattern", "range", "key", "FK", "hash")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def guard_table() -> dict[tuple[str, str], tuple[str, str]]:
    """``(file, column) -> (schema cell, other guards cell)`` from the README's "What guards each column"."""
    rows, file = {}, None
    for line in _section("What guards each column").splitlines():
        heading = re.fullmatch(r"#### `([^`]+)`", line.strip())
        if heading:
            file = heading.group(1)
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("| `") else None
        if cells:
            assert len(cells) == 3, line
            column = cells[0].strip("`")
            assert (file, column) not in rows, f"{file} {column} listed twice"
            rows[(file, column)] = (cells[1], cells[2])
    return rows


def schema_cell(resource: dict, field: dict) -> str:
    """What the README's schema column says for ``field``: derived from the descriptor alone."""
    c = field.get("constraints", {})
    parts = [field["type"]] if field["type"] != "string" else []
    parts += [word for word in ("required",) if c.get("required")]
    parts += [word for word in ("enum", "pattern") if word in c]
    if "minimum" in c and "maximum" in c:
        parts.append(f"range {c['minimum']}–{c['maximum']}")
    elif "minimum" in c or "maximum" in c:
        parts.append(f"range ≥ {c['minimum']}" if "minimum" in c else f"range ≤ {c['maximum']}")
    schema = resource["schema"]
    keys = [schema.get("primaryKey", [])] + list(schema.get("uniqueKeys", []))
    keys = [[k] if isinstance(k, str) else k for k in keys]
    if c.get("unique") or any(field["name"] in k for k in keys):
        parts.append("key")
    for fk in schema.get("foreignKeys", []):
        if field["name"] in ([fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]):
            target = next(r["path"] for r in DESCRIPTOR["resources"] if r["name"] == fk["reference"]["resource"])
            parts.append(f"FK → `{target}`")
    if "hash" in resource:
        parts.append("hash")
    return ", ".join(parts) or "—"


COLUMNS = [(r, f) for r in DESCRIPTOR["resources"] for f in r["schema"]["fields"]]


def test_every_column_of_every_file_is_listed_once():
    listed = set(guard_table())
    described = {(r["path"], f["name"]) for r, f in COLUMNS}
    assert listed == described, f"missing: {sorted(described - listed)}; not in the descriptor: " \
                                f"{sorted(listed - described)}"


@pytest.mark.parametrize("resource, field", COLUMNS, ids=[f"{r['name']}.{f['name']}" for r, f in COLUMNS])
def test_schema_entry_matches_the_descriptor_and_the_column_is_guarded(resource, field):
    schema, other = guard_table()[(resource["path"], field["name"])]
    assert schema == schema_cell(resource, field)
    assert other != "—" or any(word in schema for word in GUARDING), \
        f"{resource['path']} {field['name']}: no guard beyond its type"


def test_every_named_limit_is_described():
    limits = _section("Limits of the checks")
    named = set(re.findall(r"\*\*(L\d)\*\*", _section("What guards each column")))
    described = set(re.findall(r"\*\*(L\d) [^*]+\.\*\*", limits))
    assert named and named <= described, sorted(named - described)


def test_every_rule_named_exists():
    from paradiplomacy.data import rules

    cells = " ".join(other for _, other in guard_table().values())
    named = set(re.findall(r"rules? `(_\w+)`", cells)) | set(re.findall(r", `(_\w+)`", cells))
    assert named and all(hasattr(rules, name) for name in named), sorted(n for n in named if not hasattr(rules, n))
