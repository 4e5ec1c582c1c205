"""claims: reading glued values from executed notebooks and checking them against the registry rules."""
from __future__ import annotations

import math
from fractions import Fraction

import nbformat
import pandas as pd
import pytest

from chapter_runner import MYST_FRONT_MATTER
from paradiplomacy.data import claims, load_data
from paradiplomacy.errors import ParameterError

PREFIX = "application/papermill.record/"


def glue_output(name, text, display=False):
    """A display_data output as myst_nb.glue writes it."""
    prefix = "" if display else PREFIX
    return nbformat.v4.new_output("display_data", data={prefix + "text/plain": text},
                                  metadata={"scrapbook": {"name": name, "mime_prefix": prefix}})


def make_notebook(outputs):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("# glue calls")
    cell.outputs = outputs
    nb.cells = [nbformat.v4.new_markdown_cell("text"), cell]
    return nb


def test_glued_values_parses_reprs(tmp_path):
    nb = make_notebook([
        glue_output("a", "42.2"),
        glue_output("b", "np.float64(79.21666666666667)"),
        glue_output("c", "'10.7%'"),
        glue_output("d", "<Figure size 640x480 with 1 Axes>"),
        glue_output("e", "3", display=True),
        nbformat.v4.new_output("stream", text="not a glue\n"),
        glue_output("a", "42.3"),  # glued twice: the later value wins
    ])
    values = claims.glued_values(nb)
    assert values == {"a": 42.3, "b": 79.21666666666667, "c": "10.7%",
                      "d": "<Figure size 640x480 with 1 Axes>", "e": 3}
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    assert claims.glued_values(path) == values
    assert claims.glued_values(str(path)) == values
    with pytest.raises(ParameterError):
        claims.glued_values(42)


def registry():
    rows = [
        # claim_id, printed, value, kind, expected_status
        ("tr_ok", "10.0%", 10.0, "transcribed", "reproduced"),
        ("der_ok", "77.6%", 77.6, "derived", "reproduced"),
        ("der_round", "79.21%", 79.21, "derived", "rounding"),
        ("der_disc", "74.6", 74.6, "derived", "discrepancy"),
        ("over", "more than 2,500", 2500, "transcribed", "reproduced"),
        ("nc", "79.0%", 79.0, "derived", "not_computable"),
        ("million", "2.4 million", 2.4, "transcribed", "reproduced"),
        ("word", "three dyads", 3, "transcribed", "reproduced"),
        ("other", "1", 1, "transcribed", "reproduced"),
    ]
    frame = pd.DataFrame(rows, columns=["claim_id", "printed", "value", "kind", "expected_status"])
    frame["chapter"] = ["c1"] * 8 + ["c2"]
    return frame


def compared(glued):
    table = claims.compare_glued(glued, registry(), "c1")
    return table.set_index("claim_id")


def test_compare_columns_and_passing_rules():
    glued = {"tr_ok": 10.0, "der_ok": 77.6000001, "der_round": (77.6 + 86.2 + 84.2 + 74.6 + 71 + 81.7) / 6,
             "der_disc": 78.6, "over": 2600, "nc": 79.0, "million": "2.4 million", "word": 3, "other": 99}
    table = claims.compare_glued(glued, registry(), "c1")
    assert list(table.columns) == list(claims.COMPARE_COLUMNS)
    assert "other" not in set(table["claim_id"])  # another chapter's claim is not compared
    t = table.set_index("claim_id")
    assert t["ok"].all(), t
    assert t.loc["der_round", "observed_status"] == "rounding"
    assert t.loc["der_disc", "observed_status"] == "discrepancy"
    assert t.loc["der_disc", "difference"] == pytest.approx(4.0)
    assert t.loc["nc", "observed_status"] == "not_computable"
    assert t.loc["tr_ok", "tolerance"] == claims.EXACT_TOLERANCE
    assert t.loc["der_ok", "tolerance"] == pytest.approx(0.05)
    assert t.loc["der_round", "tolerance"] == pytest.approx(0.01)
    assert math.isnan(t.loc["million", "difference"])


def test_compare_failing_rules():
    t = compared({"tr_ok": 10.04,       # transcribed: rounding to the printed value is not enough
                  "der_ok": 77.8,       # derived: 77.8 does not round to 77.6
                  "der_round": 79.21,   # expected a rounding difference, got an exact match
                  "der_disc": 74.6,     # a discrepancy that was "fixed" by gluing the printed number
                  "over": 2400,         # "more than 2,500" is not satisfied by 2400
                  "nc": 78.0,           # not computable, but a different number was glued
                  "word": "three"})     # not a number and not the printed text
    assert not t["ok"].any(), t
    assert t.loc["tr_ok", "observed_status"] == "rounding"
    assert t.loc["der_ok", "observed_status"] == "discrepancy"
    assert t.loc["der_round", "observed_status"] == "reproduced"
    assert t.loc["der_disc", "observed_status"] == "reproduced"
    assert t.loc["word", "observed_status"] == "not a number"


def test_numeral_strings_compare_as_numbers_and_bools_do_not():
    t = compared({"tr_ok": "10.0", "over": "2,500", "der_ok": True})
    assert t.loc["tr_ok", "ok"] and t.loc["over", "ok"]
    assert not t.loc["der_ok", "ok"]


def test_printed_precision():
    assert claims.printed_precision("US$127.7 billion", 127.7) == ("127.7", 1, 1.0)
    assert claims.printed_precision("2.4 million", 2_400_000) == ("2.4", 1, 1e6)
    assert claims.printed_precision("more than 2,500", 2500) == ("2,500", 0, 1.0)
    assert claims.printed_precision("three dyads", 3) == ("three dyads", 0, 1.0)


def test_missing_claims_and_report():
    reg = registry()
    assert claims.missing_claims({"tr_ok": 10.0}, reg, "c1") == ["der_ok", "der_round", "over", "million", "word"]
    table = claims.compare_glued({"tr_ok": 10.0, "der_ok": 70.0}, reg, "c1")
    text = claims.report(table)
    assert text.splitlines()[0] == "2 claims compared: 1 ok, 1 not ok"
    assert "der_ok" in text and "tr_ok" not in text
    assert claims.report(claims.compare_glued({}, reg, "c1")) == "0 claims compared: 0 ok, 0 not ok"


def test_compare_validates_arguments():
    with pytest.raises(ParameterError):
        claims.compare_glued({}, pd.DataFrame({"claim_id": []}), "c1")
    with pytest.raises(ParameterError):
        claims.compare_glued([1], registry(), "c1")


def test_registry_is_the_claims_frame():
    reg = load_data().claims
    assert reg["claim_id"].is_unique and len(reg) > 150
    assert {"reproduced", "discrepancy"} <= set(reg["expected_status"])
    glued = {cid: value for cid, value in zip(reg["claim_id"], reg["value"])}
    chapter = reg["chapter"].iloc[0]
    assert claims.missing_claims(glued, reg, chapter) == []
    table = claims.compare_glued(glued, reg, chapter)
    assert len(table) == (reg["chapter"] == chapter).sum()


def test_numbers_in_text():
    assert 2500.0 in claims.numbers_in_text("more than 2,500")
    assert {2.4, 2.4e6} <= set(claims.numbers_in_text("2.4 million"))
    assert 3.0 in claims.numbers_in_text("three dyads")
    assert 7.0 in claims.numbers_in_text("seventh high-level dialogue")
    assert 33.3 in claims.numbers_in_text("More than one-third")
    assert 12.0 not in claims.numbers_in_text("three dyads")
    assert 24.0 in claims.numbers_in_text("twenty-four")
    assert claims.spelled_out("3", "three dyads") and not claims.spelled_out("3", "3 dyads")
    assert claims.spelled_out("1/3", "More than one-third", Fraction(1, 3))


MYST_CHAPTER = MYST_FRONT_MATTER + """
# A tiny chapter

```{code-cell} ipython3
:tags: [parameters]

confidence = 0.95
```

```{code-cell} ipython3
import numpy as np
from myst_nb import glue

glue("nepal_agree_recomputed", 37.8 + 31.5 + 9.3, display=False)
glue("bri_mean", np.float64(475.3) / 6, display=False)
glue("n_text", "410", display=False)
glue("confidence_used", confidence, display=False)
glue("shown", 3)
```
"""


@pytest.mark.notebook
def test_glued_values_from_papermill_executed_myst_chapter(tmp_path):
    import jupytext
    import papermill

    md = tmp_path / "tiny.md"
    md.write_text(MYST_CHAPTER, encoding="utf-8")
    src, dst = tmp_path / "tiny.input.ipynb", tmp_path / "tiny.ipynb"
    nbformat.write(jupytext.read(md), src)
    papermill.execute_notebook(str(src), str(dst), parameters={"confidence": 0.9}, kernel_name="python3",
                               cwd=str(tmp_path), progress_bar=False, log_output=False)
    values = claims.glued_values(dst)
    assert values["nepal_agree_recomputed"] == pytest.approx(78.6, abs=1e-9)
    assert values["bri_mean"] == pytest.approx(79.21666666666667, abs=1e-12)
    assert values["n_text"] == "410"
    assert values["confidence_used"] == 0.9  # the papermill parameter reached the glued value
    assert values["shown"] == 3
    reg = pd.DataFrame({"claim_id": ["nepal_agree_recomputed", "bri_mean"], "chapter": ["tiny", "tiny"],
                        "printed": ["74.6%", "79.21%"], "value": [74.6, 79.21], "kind": ["derived", "derived"],
                        "expected_status": ["discrepancy", "rounding"]})
    table = claims.compare_glued(values, reg, "tiny")
    assert table["ok"].all() and len(table) == 2
