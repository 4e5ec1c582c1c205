"""Rewrite environment.yml from requirements.in + requirements.txt (run by `make lock`)."""
from pathlib import Path
import re

root = Path(__file__).resolve().parents[1]
pins = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", (root / "requirements.txt").read_text(), re.M))
direct = []
for line in (root / "requirements.in").read_text().splitlines():
    line = line.split("#")[0].strip()
    if line:
        direct.append(re.split(r"[<>=!~\[ ;]", line, maxsplit=1)[0].lower())
header = """# Conda environment for Binder / repo2docker and conda users.
# It installs exactly the pip lock file (requirements.txt); the direct dependencies are
# repeated with their locked versions so the pins are visible here. tests/test_environment.py
# checks that this file and requirements.txt agree. Regenerate both with `make lock`.
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
