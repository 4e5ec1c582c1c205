"""The environment is split and pinned: pyproject.toml declares, two locks pin, environment.yml installs the book's.

Independent of the code under test: the expectations are read from the files themselves with tomllib/yaml/re.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ;]", spec, maxsplit=1)[0].lower()


def _lock(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text()
    return {n.lower(): v for n, v in re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", text, re.M)}


RUNTIME = [_name(s) for s in PROJECT["dependencies"]]
BOOK = [_name(s) for s in PROJECT["optional-dependencies"]["book"]]
TEST = [_name(s) for s in PROJECT["optional-dependencies"]["test"]]


def test_the_package_declares_what_it_imports():
    """`pip install .` must give a working package: every third-party module lib/ imports is a dependency."""
    import ast
    import sys

    imported = set()
    for path in (ROOT / "lib" / "paradiplomacy").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"paradiplomacy"}
    distributions = {"vl_convert": "vl-convert-python", "IPython": "ipykernel", "myst_nb": "myst-nb", "yaml": "pyyaml"}
    # Used only while a chapter runs or the sensitivity sweep executes chapters: the `book` extra provides them.
    optional = set(BOOK) | {"nbformat"}
    declared = set(RUNTIME) | optional
    missing = sorted(d for d in (distributions.get(m, m).replace("_", "-").lower() for m in third_party)
                     if d not in declared)
    assert not missing, f"lib/ imports these without declaring them in pyproject.toml: {missing}"
    assert not set(TEST) & set(RUNTIME + BOOK), "test tools must stay out of the runtime and book dependencies"


def test_locks_are_pinned_and_split():
    book, test = _lock("requirements.txt"), _lock("requirements-test.txt")
    for name, lock in (("requirements.txt", book), ("requirements-test.txt", test)):
        lines = [l for l in (ROOT / name).read_text().splitlines() if l and not l.startswith((" ", "#"))]
        assert all("==" in l for l in lines), f"{name} has unpinned lines"
    assert set(RUNTIME + BOOK) <= set(book), f"not in the book lock: {sorted(set(RUNTIME + BOOK) - set(book))}"
    assert not set(TEST) & set(book), "the book lock (Binder, make book) must not install the test tools"
    assert set(RUNTIME + BOOK + TEST) <= set(test)
    assert {n: v for n, v in test.items() if n in book} == book, "the two locks must pin shared packages alike"


def test_jupyter_book_is_1x():
    assert _lock("requirements.txt")["jupyter-book"].startswith("1.")
    assert any(s.replace(" ", "") == "jupyter-book>=1.0.4.post1,<2" for s in PROJECT["optional-dependencies"]["book"])


def test_environment_yml_installs_the_book_lock_only():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"] and "python=3.11" in env["dependencies"]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert "-r requirements.txt" in pip and "-e ." in pip
    assert not any("requirements-test" in item for item in pip)
    pinned = dict(item.split("==") for item in pip if "==" in item)
    assert sorted(pinned) == sorted(RUNTIME + BOOK), "environment.yml lists exactly the direct dependencies"
    book = _lock("requirements.txt")
    assert {n: v for n, v in pinned.items() if book.get(n) != v} == {}, "environment.yml pins differ from the lock"


def test_gitignore_keeps_lib_tracked():
    ignore = (ROOT / ".gitignore").read_text().splitlines()
    assert "lib/" not in ignore and "lib" not in ignore


NOT_INSTALLED = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["paradiplomacy"]["not-installed"]
#: The packages that declare the left-out ones (pyproject.toml's comment says why each parent runs without them).
PARENTS = {"pingouin", "ipython", "ipykernel"}


def _vias(name: str) -> dict[str, set[str]]:
    """Each package of a lock -> the packages uv's `# via` comments say require it."""
    vias, current = {}, None
    for line in (ROOT / name).read_text().splitlines():
        pinned = re.match(r"^([A-Za-z0-9_.\-]+)==", line)
        if pinned:
            current = pinned.group(1).lower()
            vias[current] = set()
        elif current and line.strip().startswith("#") and line.strip() != "# via":
            text = line.strip().lstrip("#").strip()
            text = text[len("via "):] if text.startswith("via ") else text
            vias[current].add(text.split(" (")[0].lower())
    return vias


def test_packages_left_out_of_the_venv_are_needed_only_by_their_parents():
    """A left-out package stays in both locks and is required by nothing but another left-out one or a parent."""
    assert NOT_INSTALLED, "pyproject.toml lists no [tool.paradiplomacy] not-installed packages"
    for name in ("requirements.txt", "requirements-test.txt"):
        vias = _vias(name)
        for package in NOT_INSTALLED:
            assert package in vias, f"{name} does not pin {package}, which pyproject.toml leaves out of .venv"
            others = vias[package] - set(NOT_INSTALLED) - PARENTS
            assert not others, f"{name}: {package} is also required by {sorted(others)}: it must be installed"


def test_the_venv_holds_every_requirement_of_its_packages_but_the_left_out_ones():
    """`make setup-test` installs the test lock with --no-deps: nothing but the listed packages may be missing."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    site = sorted((ROOT / ".venv" / "lib").glob("python3*/site-packages"))
    assert site, f"no .venv in {ROOT}: run make setup-test"
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions(path=[str(site[0])])}
    left_out = {canonicalize_name(n) for n in NOT_INSTALLED}
    assert not left_out & set(installed), (
        f".venv holds {sorted(left_out & set(installed))}, which pyproject.toml leaves out: run make setup-test")
    absent = {canonicalize_name(n) for n in _lock("requirements-test.txt")} - left_out - set(installed)
    assert not absent, f"the test lock pins {sorted(absent)}, which .venv does not hold: run make setup-test"
    missing = []
    for dist in metadata.distributions(path=[str(site[0])]):
        for spec in dist.requires or []:
            requirement = Requirement(spec)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            name = canonicalize_name(requirement.name)
            if name in left_out:
                continue
            if name not in installed or not requirement.specifier.contains(installed[name], prereleases=True):
                missing.append(f"{dist.metadata['Name']} needs {spec} (installed: {installed.get(name, 'none')})")
    assert not missing, "\n".join(missing)
