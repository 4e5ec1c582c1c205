"""Rewrite environment.yml (Binder, conda users) from pyproject.toml and requirements.txt (run by `make lock`).

Binder gets what reading and re-running the book need: the book lock (requirements.txt), with the direct
dependencies (the package's and the `book` extra's) repeated at their locked versions so the pins are visible.
The test tools (requirements-test.txt) are not installed there.
"""
import re
import tomllib
from pathlib import Path

root = Path(__file__).resolve().parents[1]
project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
pins = {name.lower(): version for name, version in
        re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", (root / "requirements.txt").read_text(), re.M)}
direct = [re.split(r"[<>=!~\[ ;]", spec, maxsplit=1)[0].lower()
          for spec in [*project["dependencies"], *project["optional-dependencies"]["book"]]]
header = """# Conda environment for Binder / repo2docker and conda users: what reading and re-running the book need.
# It installs exactly the book's pip lock (requirements.txt); the direct dependencies (pyproject.toml's and its
# `book` extra's) are repeated at their locked versions so the pins are visible here. The test tools
# (requirements-test.txt) are not installed. tests/test_environment.py checks that this file, pyproject.toml and
# the lock agree. Regenerate with `make lock`.
name: paradiplomacy-book
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - pip:
      - -r requirements.txt
"""
body = "".join(f"      - {name}=={pins[name]}\n" for name in direct)
(root / "environment.yml").write_text(header + body + "      - -e .\n")
