"""Every printed token of data/claims.csv occurs in the article's text, at the location the registry states.

A transcription typo made consistently in a data file and in claims.csv passes every internal check; only the
article itself can catch it. This test reads the article (``../shared/seeds/``, next to the checkout; CI has it) and
checks each claim's ``printed`` token against its ``location``: the cell of Table 1 or Table 3 that the claim id
names, the paragraph of a section (figure alt text, captions and image lines are not paragraphs), the alt text of
a figure, a footnote, a row of Table 2, or a paragraph of the commentary (seed 000). Outside CI, without the seeds,
the test skips with a message; in CI (``CI`` set) a missing seed folder fails.
"""
from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
ARTICLE, COMMENTARY = SEEDS / "001_4b308bba575084a9.txt", SEEDS / "000_531f0aa07734c9ed.txt"
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "one-third": "1/3", "half": "1/2", "first": 1, "second": 2, "third": 3}


def _normal(text: str) -> str:
    """Unicode spaces (the article prints 'n = 410' with narrow no-break spaces) become plain spaces."""
    return re.sub(r"[\u00a0\u2002\u2003\u2009\u202f\u2007]", " ", text)


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must provide ../shared/seeds beside the checkout")
        pytest.skip(f"{path} not found: the article's text lives in ../shared/seeds beside the checkout")
    return _normal(path.read_text(encoding="utf-8")).splitlines()


def article_regions() -> dict[str, list[str]]:
    """Region name -> its text blocks: 'Section 4' -> paragraphs, 'Table 1' -> rows, 'Figure 2' -> alt text..."""
    lines = _lines(ARTICLE)
    regions: dict[str, list[str]] = {"Abstract": []}
    current, skip_caption = "Abstract", False
    for line in lines:
        text = line.strip()
        heading = re.match(r"^(\d(?:\.\d)?) [A-Z]", line)
        if heading and len(text) < 80:
            current = f"Section {heading.group(1)}"
            continue
        table = re.match(r"^TABLE (\d)", text)
        if table:
            current = f"Table {table.group(1)}"
            regions[current] = [text]
            continue
        if text == "Footnotes":
            current = "Footnotes"
            continue
        if not text:
            continue
        if text.startswith("[image:"):
            figure = len([k for k in regions if k.startswith("Figure")]) + 1
            regions[f"Figure {figure} (alt text)"] = [text]
            continue
        if re.match(r"^FIGURE \d$", text):
            skip_caption = True  # the next line is the figure's caption, not a paragraph
            continue
        if skip_caption:
            skip_caption = False
            continue
        if current.startswith("Table") and re.match(r"^\d \w", text) and current != "Table 2":
            current = "after table"  # text after the table returns to the section it interrupted
        regions.setdefault(current, []).append(text)
    footnotes = {}
    for text in regions.pop("Footnotes", []):
        number = re.match(r"^(\d+)\s", text)
        if number:
            footnotes[f"Footnote {number.group(1)}"] = [text]
    regions.update(footnotes)
    regions["Commentary 000"] = [t.strip() for t in _lines(COMMENTARY) if t.strip()]
    return regions


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.split("\t") if c.strip()]


def _table_rows(regions, table: str) -> dict[str, list[str]]:
    """Label (first cell, lower case) -> the row's other cells."""
    rows = {}
    for block in regions[table]:
        cells = _cells(block)
        if len(cells) >= 2:
            rows[cells[0].lower()] = cells[1:]
    return rows


def _token_forms(token: str) -> list[str]:
    forms = [token]
    for word, value in WORDS.items():
        if str(value) == token or token.endswith(f" {value}"):
            forms.append(token.replace(str(value), word))
    return forms


def claims() -> list[dict]:
    with open(ROOT / "data" / "claims.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def where(claim: dict, regions) -> str:
    """The text the claim's token must occur in (a table cell, a paragraph, alt text, ...)."""
    cid, location = claim["claim_id"], claim["location"]
    t1 = re.match(r"^t1_([a-z]+)_(r[1-6]|mean|agree)$", cid)
    if location == "Table 1" and t1:
        rows = _table_rows(regions, "Table 1")
        country = {"usa": "usa", "philippines": "the philippines"}.get(t1.group(1), t1.group(1))
        cells = rows[country]
        column = {"mean": 6, "agree": 7}.get(t1.group(2)) if not t1.group(2).startswith("r") else int(t1.group(2)[1]) - 1
        return cells[column]
    t3 = re.match(r"^t3_([a-z]+)_(\d)_(count|pct)$", cid)
    if location == "Table 3" and t3:
        label = re.search(r"group '([^']+)'", claim["description"]).group(1).lower()
        cells = _table_rows(regions, "Table 3")[label]
        return cells[0 if t3.group(3) == "count" else 1]
    paragraph = re.match(r"^(Section [\d.]+|Commentary 000), paragraph (\d+)$", location)
    if paragraph:
        blocks = regions.get(paragraph.group(1), [])
        index = int(paragraph.group(2)) - 1
        return blocks[index] if index < len(blocks) else ""
    return "\n".join(regions.get(location, []))


def test_every_printed_token_is_in_the_article_where_the_registry_says():
    regions = article_regions()
    rows = claims()
    missing = []
    for claim in rows:
        text = where(claim, regions)
        token = _normal(claim["printed"])
        if not any(form in text for form in _token_forms(token)):
            missing.append(f"{claim['claim_id']} ({claim['location']}): {token!r} not in {text[:90]!r}")
    assert not missing, f"{len(missing)} of {len(rows)} printed tokens not found where claims.csv says:\n" + \
        "\n".join(missing)
    print(f"{len(rows)} printed tokens verified against the article's text")


def test_the_check_catches_a_consistent_typo():
    """Table 1's Uzbekistan r2 is printed 5.6; a data file and registry both saying 5.4 must fail."""
    regions = article_regions()
    claim = next(c for c in claims() if c["claim_id"] == "t1_uzbekistan_r2")
    assert where(claim, regions) == "5.6"
    year = next(c for c in claims() if c["printed"] == "1973" and c["location"].startswith("Section"))
    assert "1937" not in where(year, regions) and "1973" in where(year, regions)
