"""Every chapter follows the house layout (static checks of the MyST source; no execution)."""
from __future__ import annotations

import ast
import re

import pytest

from chapter_runner import CHAPTERS_DIR, toc_chapters
from paradiplomacy.data import load_data

#: Numbered chapters: those mirroring the paper and the book's own (audit, methods). Appendices are free-form.
PAPER_CHAPTERS = [c for c in toc_chapters() if re.match(r"\d\d_", c)]
#: Chapters that compare groups of countries take the BRI list as a parameter (design card).
GROUP_PARAMETERS = {"03_policy_bri": {"bri_countries"}}
MAX_HELPER_LINES = 6


def _markdown(chapter: str) -> str:
    """Markdown cells only (no front matter, no code cells, no fenced code)."""
    text = (CHAPTERS_DIR / f"{chapter}.md").read_text(encoding="utf-8")
    text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"```\{code-cell\}.*?\n```", "", text, flags=re.S)
    return re.sub(r"~~~.*?~~~", "", text, flags=re.S)


def _notebook(chapter: str):
    import jupytext

    return jupytext.read(CHAPTERS_DIR / f"{chapter}.md")


def test_registry_chapters_are_all_written():
    assert set(load_data().enum("claims", "chapter")) <= set(PAPER_CHAPTERS), "a chapter of the paper is missing from _toc.yml"


@pytest.mark.parametrize("chapter", PAPER_CHAPTERS)
def test_label_one_h1_and_required_sections(chapter):
    md = _markdown(chapter)
    assert re.match(r"\s*\([a-z0-9-]+\)=\n# ", md), f"{chapter}: must start with a (label)= line followed by the H1"
    assert len(re.findall(r"^# ", md, flags=re.M)) == 1, f"{chapter}: exactly one H1"
    h2 = re.findall(r"^## (.+)$", md, flags=re.M)
    for section in ("Overview", "Summary", "Exercises"):
        assert section in h2, f"{chapter}: missing '## {section}'"
    assert h2[0] == "Overview", f"{chapter}: the first section must be the Overview"


@pytest.mark.parametrize("chapter", PAPER_CHAPTERS)
def test_exercises_solutions_terms_citations(chapter):
    text = (CHAPTERS_DIR / f"{chapter}.md").read_text(encoding="utf-8")
    exercises = re.findall(r"```\{exercise\}\n:label: ([\w-]+)", text)
    solutions = re.findall(r"```\{solution\} ([\w-]+)\n:class: dropdown", text)
    assert exercises, f"{chapter}: needs at least one {{exercise}}"
    assert sorted(exercises) == sorted(solutions), f"{chapter}: every exercise needs a dropdown solution"
    assert "{term}`" in text, f"{chapter}: link key terms to the glossary with {{term}}"
    assert "{cite:" in text, f"{chapter}: cite the works it relies on"
    # Discussion questions are reading-and-discussion exercises now (tests/test_teaching.py checks the two tracks).


@pytest.mark.parametrize("chapter", PAPER_CHAPTERS)
def test_one_imports_cell_and_one_documented_parameters_cell(chapter):
    cells = [c for c in _notebook(chapter).cells if c.cell_type == "code"]
    importing = [i for i, c in enumerate(cells) if re.search(r"^(from \S+ )?import ", c.source, flags=re.M)]
    assert importing == [0], f"{chapter}: imports belong in the first code cell only (found in cells {importing})"
    tagged = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{chapter}: exactly one cell tagged 'parameters'"
    assigned = {}
    for line in tagged[0].source.splitlines():
        m = re.match(r"(\w+)\s*=\s*(.+)", line)
        if m:
            assigned[m.group(1)] = m.group(2)
    assert "data_dir" in assigned, f"{chapter}: parameters must include data_dir"
    for name, rest in assigned.items():
        assert "#" in rest, f"{chapter}: parameter {name!r} needs a comment saying what it is"
    missing = GROUP_PARAMETERS.get(chapter, set()) - set(assigned)
    assert not missing, f"{chapter}: missing parameters {sorted(missing)}"


@pytest.mark.parametrize("chapter", PAPER_CHAPTERS)
def test_chapters_define_no_long_helpers(chapter):
    """Logic lives in lib/paradiplomacy; a chapter may define only tiny helpers."""
    for cell in _notebook(chapter).cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(l for l in cell.source.splitlines() if not l.startswith(("%", "!")))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                length = node.end_lineno - node.lineno + 1
                assert length <= MAX_HELPER_LINES, f"{chapter}: {node.name} is {length} lines; move it to lib/"


def test_labels_are_unique_across_pages():
    pages = sorted(CHAPTERS_DIR.glob("*.md")) + [CHAPTERS_DIR.parent / "intro.md", CHAPTERS_DIR.parent / "bibliography.md"]
    labels = [m for p in pages for m in re.findall(r"^\(([\w-]+)\)=$", p.read_text(encoding="utf-8"), flags=re.M)]
    labels += [m for p in pages for m in re.findall(r"^:label: ([\w-]+)$", p.read_text(encoding="utf-8"), flags=re.M)]
    dupes = sorted({l for l in labels if labels.count(l) > 1})
    assert not dupes, f"labels used twice: {dupes}"


def test_glossary_terms_used_in_chapters_exist():
    glossary = (CHAPTERS_DIR / "glossary.md").read_text(encoding="utf-8")
    terms = {t.strip().lower() for block in re.findall(r"```\{glossary\}\n(.*?)```", glossary, flags=re.S)
             for t in re.findall(r"^(\S[^\n]*)$", block, flags=re.M)}
    used = set()
    for page in CHAPTERS_DIR.glob("*.md"):
        for ref in re.findall(r"\{term\}`([^`]+)`", page.read_text(encoding="utf-8")):
            target = re.search(r"<([^>]+)>$", ref)
            used.add((page.name, " ".join((target.group(1) if target else ref).split()).lower()))
    unknown = sorted(f"{p}: {t}" for p, t in used if t not in terms)
    assert not unknown, f"{{term}} links to terms the glossary does not define: {unknown}"


@pytest.mark.parametrize("chapter", PAPER_CHAPTERS)
def test_exercises_and_their_solutions_sit_together_under_exercises(chapter):
    """Each exercise is in its chapter's '## Exercises' section, directly followed by its solution.

    Exercises are numbered per chapter in the order they appear (Exercise 5.1, 5.2, ...), and the student edition
    (`make book EDITION=student`) drops the solutions: an exercise elsewhere, or a solution away from its exercise,
    would read out of place in one edition or the other.
    """
    text = (CHAPTERS_DIR / f"{chapter}.md").read_text(encoding="utf-8")
    section = text.split("\n## Exercises\n", 1)[1].split("\n## ", 1)[0]
    outside = text.replace(section, "")
    assert "```{exercise}" not in outside and "```{solution}" not in outside, \
        f"{chapter}: exercises and solutions belong in the '## Exercises' section"
    # (kind, label): an exercise's label is its :label: line, a solution's is the exercise it solves
    blocks = re.findall(r"```\{(exercise|solution)\} ?([\w-]*)\n(?::label: ([\w-]+))?", section)
    order = [(kind, target or label) for kind, target, label in blocks]
    expected = [(kind, label) for _, label in order[::2] for kind in ("exercise", "solution")]
    assert order == expected, f"{chapter}: each exercise must be followed by its own solution: {order}"


@pytest.mark.parametrize("page", sorted(CHAPTERS_DIR.glob("*.md")) + [CHAPTERS_DIR.parent / "intro.md"],
                         ids=lambda p: p.name)
def test_no_hand_typed_exercise_numbers(page):
    """Exercise numbers depend on the chapter's place in the book: refer to an exercise with {numref}`label`."""
    text = re.sub(r"```\{code-cell\}.*?\n```|~~~.*?~~~", "", page.read_text(encoding="utf-8"), flags=re.S)
    typed = re.findall(r"\bExercises? \d+(?:\.\d+)?", text)
    assert not typed, f"{page.name}: hand-typed exercise numbers {typed}; use {{numref}}`<exercise label>`"


@pytest.mark.parametrize("chapter", PAPER_CHAPTERS)
def test_every_code_cell_a_reader_could_see_is_folded(chapter):
    """Visible code is folded by default: every code cell is removed from the page or shows only its output with
    the source behind a "Show code cell source" toggle (tags hide-input, hide-cell, remove-input, remove-cell)."""
    shown = [c.source.splitlines()[0] if c.source else "(empty)" for c in _notebook(chapter).cells
             if c.cell_type == "code"
             and not {"hide-input", "hide-cell", "remove-input", "remove-cell"} & set(c.metadata.get("tags", []))]
    assert not shown, f"{chapter}: code cells shown unfolded, starting: {shown}"
