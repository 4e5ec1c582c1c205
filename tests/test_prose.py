"""No statistic is typed into the prose of a chapter: numbers come from glue."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "chapters").glob("*.md")) + [ROOT / "intro.md"]


def prose(text: str) -> str:
    """The page without front matter, code cells, fenced code and inline code/roles."""
    text = re.sub(r"^---\n.*?\n---\n", " ", text, flags=re.S)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"~~~.*?~~~", " ", text, flags=re.S)
    text = re.sub(r"\{[a-z:-]+\}`[^`]*`", " ", text)
    return re.sub(r"`[^`]*`", " ", text)


def test_prose_helper_strips_code_and_roles():
    page = "---\na: 1\n---\nKeep 5% here. {glue:text}`x:.1f`% and `50%`\n```{code-cell}\nx = '12%'\n```\n"
    assert re.findall(r"\d+(?:\.\d+)?\s?%", prose(page)) == ["5%"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_hand_typed_percentages(page):
    lines = [line for line in prose(page.read_text(encoding="utf-8")).splitlines()
             if re.search(r"\d+(\.\d+)?\s?%", line)]
    assert not lines, f"{page.name}: hand-typed percentage(s); glue them instead: {lines[:3]}"
