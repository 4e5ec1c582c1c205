"""data/datapackage.json describes every data file and validates with frictionless."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def test_every_csv_is_described():
    package = json.loads((DATA / "datapackage.json").read_text())
    described = {Path(r["path"]).name for r in package["resources"]}
    on_disk = {p.name for p in DATA.glob("*.csv")}
    assert on_disk == described, f"not described: {on_disk - described}; described but missing: {described - on_disk}"
    for resource in package["resources"]:
        assert resource.get("licenses"), f"{resource['name']} has no licence"
        fields = [f["name"] for f in resource["schema"]["fields"]]
        header = (DATA / resource["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert fields == header, f"{resource['path']}: schema fields {fields} != header {header}"


def test_frictionless_validate_passes():
    exe = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(exe), "validate", "--json", str(DATA / "datapackage.json")],
                            capture_output=True, text=True, cwd=DATA)
    report = json.loads(result.stdout)
    errors = [(t["resource"] if "resource" in t else t.get("name"), e["message"])
              for t in report.get("tasks", []) for e in t.get("errors", [])]
    assert report["valid"], f"frictionless found errors: {errors[:10]}"
    assert result.returncode == 0
