"""Every chapter in _toc.yml runs under papermill and its glued numbers match data/claims.csv."""
from __future__ import annotations

import pytest

from chapter_runner import execute, executed_default, toc_chapters
from paradiplomacy.data import claims
from paradiplomacy.data import load_data

CHAPTERS = toc_chapters()
#: Executable pages that mirror a section of the paper (each has claims in data/claims.csv); appendix pages
#: such as the data inventory are executable too but state no claim of the paper.
REGISTRY_CHAPTERS = load_data().enum("claims", "chapter")
PAPER_CHAPTERS = [c for c in CHAPTERS if c in REGISTRY_CHAPTERS]
pytestmark = pytest.mark.notebook


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("papermill"))


def test_toc_lists_chapters():
    assert CHAPTERS, "no executable chapter found in _toc.yml"


def test_every_chapter_of_the_registry_is_in_the_book():
    """Every chapter named in claims.csv is executed (so every reproduced/rounding claim is checked somewhere)."""
    registry = load_data().claims
    named = set(registry["chapter"])
    assert named <= set(PAPER_CHAPTERS), f"chapters with claims but not in _toc.yml: {sorted(named - set(PAPER_CHAPTERS))}"
    assert PAPER_CHAPTERS == sorted(PAPER_CHAPTERS), "paper chapters must appear in _toc.yml in the paper's order"


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c not in REGISTRY_CHAPTERS])
def test_appendix_pages_glue_no_claim_ids(chapter, run_dir):
    """Executable pages outside the paper's chapters may glue book values (x_...) only."""
    glued = claims.glued_values(executed_default(chapter, run_dir))
    clash = sorted(set(glued) & set(load_data().claims["claim_id"]))
    assert not clash, f"{chapter} glues claim ids it does not own: {clash}"


@pytest.mark.parametrize("chapter", PAPER_CHAPTERS)
def test_glued_values_match_claims(chapter, run_dir):
    nb = executed_default(chapter, run_dir)
    glued = claims.glued_values(nb)
    registry = load_data().claims
    table = claims.compare_glued(glued, registry, chapter)
    assert len(table) > 0, f"{chapter} glues no value that is a claim in data/claims.csv"
    bad = table[~table["ok"]]
    assert bad.empty, f"{chapter}: glued values disagree with claims.csv:\n{bad.to_string()}"


@pytest.mark.parametrize("chapter", PAPER_CHAPTERS)
def test_every_assigned_claim_is_glued(chapter, run_dir):
    nb = executed_default(chapter, run_dir)
    missing = claims.missing_claims(claims.glued_values(nb), load_data().claims, chapter)
    assert not missing, f"{chapter}: claims assigned to this chapter were never glued: {missing}"


def _wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    from reference import wilson

    return wilson(k, n, confidence)


@pytest.mark.skipif("01_introduction" not in CHAPTERS, reason="chapter 01 not in _toc.yml")
def test_confidence_parameter_reaches_the_intervals(tmp_path):
    """Re-running chapter 1 at 90% changes its intervals, and exactly as the Wilson formula says."""
    nb = execute("01_introduction", tmp_path, {"confidence": 0.9})
    glued = claims.glued_values(nb)
    assert glued["x_confidence_pct"] == "90"
    html = "".join(  # shown outputs (text/html) and glued exhibits (application/papermill.record/text/html)
        "".join(text) for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
        for mime, text in o.get("data", {}).items() if mime.endswith("text/html")
    )
    low, high = _wilson(208, 410, 0.9)  # Table 3: 208 women of 410 respondents
    assert f"{100 * low:.1f}–{100 * high:.1f}" in html
    low95, high95 = _wilson(208, 410, 0.95)
    assert f"{100 * low95:.1f}–{100 * high95:.1f}" not in html


@pytest.mark.parametrize(
    "parameters, name",
    [({"confidence": 1.5}, "confidence"), ({"data_dir": "/nonexistent/data"}, "data_dir")],
)
def test_bad_parameter_stops_the_run_naming_it(parameters, name, tmp_path):
    import papermill

    chapter = CHAPTERS[0]
    with pytest.raises(papermill.PapermillExecutionError) as info:
        execute(chapter, tmp_path, parameters)
    message = f"{info.value.ename}: {info.value.evalue}"
    assert name in message, message


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_glue_names_are_unique(chapter, run_dir):
    """A name glued twice makes the book build warn (and fail under -W)."""
    from collections import Counter

    nb = executed_default(chapter, run_dir)
    names = Counter(
        o["metadata"]["scrapbook"]["name"]
        for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
        if "scrapbook" in o.get("metadata", {})
    )
    assert not [n for n, k in names.items() if k > 1], f"glued more than once: {[n for n, k in names.items() if k > 1]}"
