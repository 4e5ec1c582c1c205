"""Transcribed labels (not numbers) that reach a page occur in the article where the data files say they are printed.

``tests/test_printed_in_article.py`` checks every printed number of ``claims.csv`` against the article's text. The
labels around the numbers are transcribed too: Table 2's interviewee descriptions, places and dates, Table 3's
category labels, the names of the partners of each dyad, and the first author of each source or reference the
paper cites next to a number. A typo in one of them passes every internal check (no other file holds them), so
this test reads them against the article (``../shared/seeds/``; skipped without it outside CI, like the number
check). ``label_problems`` takes any data folder, so the fault-injection suite (``test_faults.py``) runs it on
broken copies.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from test_printed_in_article import _normal, _table_rows, article_regions

DATA = Path(__file__).resolve().parents[2] / "data"
_PARAGRAPH = re.compile(r"^(Section [\d.]+|Commentary 000), paragraph (\d+)$")


def _rows(folder: Path, name: str) -> list[dict]:
    with (folder / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _text_at(location: str, regions) -> str:
    """The paragraph (or the whole region: a table, a footnote, figure alt text) a ``location`` names."""
    m = _PARAGRAPH.match(location)
    if m:
        blocks = regions.get(m.group(1), [])
        i = int(m.group(2)) - 1
        return blocks[i] if i < len(blocks) else ""
    return "\n".join(regions.get(location, []))


def _same(text: str) -> str:
    """Typographic apostrophes and Unicode spaces as plain ones (the paper prints Tai’an; dyads.csv has Tai'an)."""
    return _normal(text).replace("\u2019", "'")


def _cited(source: str) -> str | None:
    """The first author of a cited source (``Kabar (2025)`` -> ``Kabar``); None for the paper itself."""
    if source.startswith("paper"):
        return None
    return source.split(" (")[0].split(",")[0].strip()


def label_problems(folder: Path = DATA, regions=None) -> list[str]:
    """Labels of the data files in ``folder`` not found where they are printed: ``file, row N, column C: ...``."""
    regions = article_regions() if regions is None else regions
    problems = []

    def check(file: str, line: int, column: str, label: str, text: str, where: str) -> None:
        if _same(label) not in _same(text):
            problems.append(f"{file}, row {line}, column {column!r}: {label!r} is not printed in {where}")

    table2 = "\n".join(regions["Table 2"])
    for line, row in enumerate(_rows(folder, "interviews.csv"), start=2):
        for column in ("description", "place", "date_printed"):
            check("interviews.csv", line, column, row[column], table2, "Table 2")
    table3 = _table_rows(regions, "Table 3")
    for line, row in enumerate(_rows(folder, "demographics.csv"), start=2):
        if row["category"].lower() not in table3:
            problems.append(f"demographics.csv, row {line}, column 'category': {row['category']!r} is not a row "
                            "label of Table 3")
    for line, row in enumerate(_rows(folder, "dyads.csv"), start=2):
        for column in ("partner_a", "partner_b"):
            check("dyads.csv", line, column, row[column], _text_at(row["location"], regions), row["location"])
    for name, column in (("tie_counts.csv", "source"), ("bilateral_context.csv", "source"),
                         ("external_surveys.csv", "source"), ("policy_timeline.csv", "reference")):
        for line, row in enumerate(_rows(folder, name), start=2):
            if name == "policy_timeline.csv" and row["year_source"] != "printed":
                continue  # an added year's reference is a standard work the article does not cite
            author = _cited(row[column]) if row[column] else None
            if author:
                check(name, line, column, author, _text_at(row["location"], regions), row["location"])
    return problems


def test_every_transcribed_label_is_printed_where_the_data_says():
    problems = label_problems()
    assert not problems, f"{len(problems)} labels not found in the article:\n" + "\n".join(problems)


def test_the_label_check_catches_a_typo(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("interviews.csv", "demographics.csv", "dyads.csv", "tie_counts.csv", "bilateral_context.csv",
                 "external_surveys.csv", "policy_timeline.csv"):
        text = (DATA / name).read_text(encoding="utf-8")
        if name == "interviews.csv":
            text = text.replace("Osh, Kyrgyzstan", "Ош, Kyrgyzstan")
        (folder / name).write_text(text, encoding="utf-8")
    assert label_problems(folder) == ["interviews.csv, row 6, column 'place': 'Ош, Kyrgyzstan' is not printed in "
                                      "Table 2"]
