"""The pinned environment: requirements.txt (pip lock), environment.yml and requirements.in agree."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _lock() -> dict[str, str]:
    text = (ROOT / "requirements.txt").read_text()
    return {name.lower(): version for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", text, re.M)}


def _direct() -> list[str]:
    names = []
    for line in (ROOT / "requirements.in").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            names.append(re.split(r"[<>=!~\[ ;]", line, maxsplit=1)[0].lower())
    return names


def _env_pip() -> list[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = [d for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(pip) == 1, "environment.yml must have exactly one pip: section"
    return pip[0]["pip"]


def test_lock_is_fully_pinned():
    lines = [l for l in (ROOT / "requirements.txt").read_text().splitlines() if l and not l.startswith((" ", "#"))]
    unpinned = [l for l in lines if "==" not in l]
    assert not unpinned, f"requirements.txt has unpinned lines: {unpinned}"
    assert len(lines) > 50, "requirements.txt should pin the whole transitive closure"


def test_every_direct_dependency_is_locked():
    lock = _lock()
    missing = [name for name in _direct() if name not in lock]
    assert not missing, f"in requirements.in but not locked in requirements.txt: {missing}"


def test_jupyter_book_is_1x():
    version = _lock()["jupyter-book"]
    assert version.startswith("1."), f"jupyter-book must stay <2 (found {version})"
    assert ">=1.0.4.post1,<2" in (ROOT / "requirements.in").read_text()


def test_environment_yml_matches_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    assert "python=3.11" in env["dependencies"]
    pip = _env_pip()
    assert "-r requirements.txt" in pip, "environment.yml must install the pip lock file"
    assert "-e ." in pip, "environment.yml must install the paradiplomacy package"
    pinned = dict(item.split("==") for item in pip if "==" in item)
    lock = _lock()
    assert sorted(pinned) == sorted(_direct()), "environment.yml must list exactly the direct dependencies"
    wrong = {name: (v, lock.get(name)) for name, v in pinned.items() if lock.get(name) != v}
    assert not wrong, f"environment.yml pins differ from requirements.txt: {wrong}"


def test_gitignore_keeps_lib_tracked():
    ignore = (ROOT / ".gitignore").read_text().splitlines()
    assert "lib/" not in ignore and "lib" not in ignore
