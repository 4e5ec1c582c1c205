"""Command line: python -m paradiplomacy validate."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from paradiplomacy.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = {r["name"]: r for r in json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))[
    "resources"]}


def test_validate_real_data_passes(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(RESOURCES) + 1
    assert all(line.startswith("ok ") for line in out[:-1])
    assert any(line.startswith("ok   text_facts.csv") for line in out)
    assert out[-1].startswith(f"all {len(RESOURCES)} files valid") and "datapackage.json" in out[-1]


def test_validate_reports_broken_copy(data_copy, capsys):
    path = data_copy / RESOURCES["table1"]["path"]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[6].split(",")
    fields[4] = "abc"  # column 'value' of row 7
    lines[6] = ",".join(fields)
    path.write_text("".join(lines), encoding="utf-8")
    assert main(["validate", "--data-dir", str(data_copy)]) == 1
    captured = capsys.readouterr()
    assert "table1_friendliness.csv, row 7, column 'value': expected a number" in captured.err
    assert f"1 of {len(RESOURCES)} files failed" in captured.err
    assert "ok   claims.csv" in captured.out


def test_validate_broken_claims_names_dependents(data_copy, capsys):
    path = data_copy / RESOURCES["claims"]["path"]
    text = path.read_text(encoding="utf-8").replace(",transcribed,", ",copied,", 1)
    path.write_text(text, encoding="utf-8")
    assert main(["validate", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "claims.csv, row" in err and "column 'kind'" in err
    assert "FAIL table1_friendliness.csv: cannot be checked because" in err


@pytest.mark.parametrize("breakage, start", [
    (lambda p: p.unlink(), "error: --data-dir: expected the folder of a data package (holding datapackage.json)"),
    (lambda p: p.write_text(p.read_text()[:3000]), "FAIL datapackage.json: "),
    (lambda p: p.write_text(""), "FAIL datapackage.json: "),
    (lambda p: p.write_text('{"resources": [{"name": "x"}]}'), "FAIL datapackage.json: ")])
def test_validate_broken_descriptor(data_copy, capsys, breakage, start):
    breakage(data_copy / "datapackage.json")
    assert main(["validate", "--data-dir", str(data_copy)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(start) and "Traceback" not in captured.err and captured.err.count("\n") == 1
    assert "valid" not in captured.out


def test_validate_missing_dir(tmp_path, capsys):
    assert main(["validate", "--data-dir", str(tmp_path / "absent")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: --data-dir: ") and "absent" in err and err.count("\n") == 1


def test_usage_error():
    with pytest.raises(SystemExit) as err:
        main([])
    assert err.value.code == 2


def test_module_entry_point_subprocess():
    result = subprocess.run([sys.executable, "-m", "paradiplomacy", "validate"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"all {len(RESOURCES)} files valid" in result.stdout


def test_import_is_light():
    code = ("import sys, paradiplomacy; heavy = {'pandas', 'scipy', 'pingouin', 'altair', 'numpy'} & "
            "set(sys.modules); print(sorted(heavy)); from paradiplomacy import numbers; print(numbers.__name__)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[]", "paradiplomacy.numbers"]


# ------------------------------------------------------------------------------------------- audit
def test_audit_prints_the_summary_first_and_exits_0(capsys):
    assert main(["audit"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Replication audit of data/claims.csv: 271 claims")
    reproduced = next(line.split()[-2:] for line in out if line.startswith("derived claims: reproduced"))
    assert reproduced[0] == reproduced[1]  # expected, observed
    assert any(line.startswith("Result: every claim and check came out as expected") for line in out)
    assert any("t3_education_2_pct" in line and "discrepancy" in line.split() for line in out)


def test_audit_json(capsys):
    import json

    assert main(["audit", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True
    statuses = {c["claim_id"]: c["status"] for c in data["claims"]}
    assert statuses["s4_continue_economic_text"] == "not_computable"
    assert statuses["s31_bri_pct_agree"] == "rounding"


def test_audit_exits_1_when_a_claim_stops_reproducing(data_copy, capsys):
    path = data_copy / "table1_summary.csv"
    text = path.read_text(encoding="utf-8").replace("Uzbekistan,pct_agree,77.6,77.6", "Uzbekistan,pct_agree,77.9,77.9")
    path.write_text(text, encoding="utf-8")
    claims_path = data_copy / "claims.csv"
    claims_path.write_text(claims_path.read_text(encoding="utf-8").replace(
        "is friendly,77.6,77.6,", "is friendly,77.9,77.9,", 1), encoding="utf-8")
    assert main(["audit", "--data-dir", str(data_copy)]) == 1
    captured = capsys.readouterr()
    assert "t1_uzbekistan_agree" in captured.err
    assert "<-- expected reproduced" in captured.out


def test_audit_missing_dir(tmp_path, capsys):
    assert main(["audit", "--data-dir", str(tmp_path / "absent")]) == 1
    assert capsys.readouterr().err.startswith("error: --data-dir: ")


@pytest.mark.parametrize("command", ["validate", "audit", "sensitivity"])
@pytest.mark.parametrize("value, words", [("", "found ''"), ("FILE", "is not a directory"),
                                          ("MISSING", "does not exist"), ("EMPTY", "datapackage.json")])
def test_every_command_names_a_bad_data_dir_in_one_line(command, value, words, tmp_path, capsys):
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    value = {"FILE": str(tmp_path / "file.txt"), "MISSING": str(tmp_path / "missing"),
             "EMPTY": str(tmp_path / "empty")}.get(value, value)
    assert main([command, "--data-dir", value]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: --data-dir: ") and words in err and err.count("\n") == 1


def test_audit_executes_no_chapter():
    """The audit recomputes from the section results, never by running a chapter (its speed is in bench/)."""
    code = ("import sys; from paradiplomacy.__main__ import main; status = main(['audit']); "
            "print('RAN-A-CHAPTER' if {'papermill', 'nbclient', 'jupyter_client'} & set(sys.modules) else 'OK', status)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "OK 0", result.stdout[-500:]


def test_sensitivity_rejects_an_unknown_grouping(tmp_path, capsys):
    assert main(["sensitivity", "--out", str(tmp_path), "--only", "nonsense"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: --only: unknown grouping") and "nonsense" in err and err.count("\n") == 1
