"""Reader-facing helpers of ``paradiplomacy.paper.results``: numbers in words, p-values, reader tables, glue_all."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from paradiplomacy.paper import results as results_module
from paradiplomacy.paper.results import Results, format_p, glue_all, in_words, reader_table


@pytest.mark.parametrize("n, words", [(0, "zero"), (1, "one"), (3, "three"), (9, "nine"), (10, "10"), (410, "410"),
                                      (np.int64(7), "seven")])
def test_whole_numbers_below_ten_are_spelled_out(n, words):
    assert in_words(n) == words


@pytest.mark.parametrize("bad, error", [(True, TypeError), (2.0, TypeError), ("3", TypeError), (-1, ValueError)])
def test_in_words_refuses_what_is_not_a_whole_number(bad, error):
    with pytest.raises(error):
        in_words(bad)


# Expected texts written out by hand: "< 0.001" below 0.001, else two significant digits.
@pytest.mark.parametrize("p, text", [(0.0, "< 0.001"), (7e-17, "< 0.001"), (0.000999, "< 0.001"), (0.001, "0.0010"),
                                     (0.00123, "0.0012"), (0.0471, "0.047"), (0.05, "0.050"), (0.12, "0.12"),
                                     (0.5, "0.50"), (0.994, "0.99"), (0.999, "1.0"), (1, "1.0")])
def test_p_values_read_as_less_than_a_thousandth_or_two_significant_digits(p, text):
    assert format_p(p) == text


@pytest.mark.parametrize("bad", [-0.01, 1.5, float("nan"), "0.2", None, True])
def test_format_p_refuses_what_is_not_a_p_value(bad):
    with pytest.raises(ValueError, match="p-value"):
        format_p(bad)


def test_reader_table_hides_the_default_index_and_shows_dashes_and_yes_no():
    frame = pd.DataFrame({"Country": ["India", "Japan"], "Member": [True, False], "Share": [41.0, np.nan]})
    html = reader_table(frame).to_html()
    assert "—" in html and ">yes<" in html and ">no<" in html
    assert "nan" not in html and "True" not in html
    assert 'class="row_heading' not in html  # no 0, 1 index column
    named = reader_table(frame.set_index("Country")).to_html()
    assert 'class="row_heading' in named and "India" in named  # a meaningful index stays


def test_reader_table_leaves_a_styler_as_built():
    styler = pd.DataFrame({"a": [1]}).style
    assert reader_table(styler) is styler


def test_glue_all_glues_values_words_tables_and_charts(monkeypatch):
    import altair as alt
    import myst_nb

    glued = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display=True: glued.setdefault(name, value))
    chart = alt.Chart(pd.DataFrame({"x": [1]}), description="One point.").mark_point().encode(x="x:Q")
    res = Results("Test", values={"x_small": 3, "x_big": 12, "x_flag": True, "x_share": 4.5},
                  tables={"t": pd.DataFrame({"a": [1]})}, charts={"c": chart})
    assert glue_all(res) == 4
    assert glued["x_small_words"] == "three" and "x_big_words" not in glued and "x_flag_words" not in glued
    assert "x_share_words" not in glued
    assert isinstance(glued["table_t"], pd.io.formats.style.Styler)
    assert 'role="img"' in glued["chart_c"].data
    with pytest.raises(ValueError, match="glued twice"):
        glue_all(res, Results("Other", values={"x_small": 1}))
    assert results_module.WORDS_SUFFIX == "_words"


def test_charts_are_drawn_once_and_only_when_asked_for():
    import altair as alt

    made = []

    def maker(name):
        made.append(name)
        return alt.Chart(pd.DataFrame({"x": [1]})).mark_point().properties(title=name)

    first = Results("A", charts={"one": lambda: maker("one")})
    first.charts["two"] = lambda: maker("two")
    ready = alt.Chart(pd.DataFrame({"x": [2]})).mark_bar()
    other = Results("B", charts={"three": lambda: maker("three"), "ready": ready})
    first.merge(other)
    assert set(first.charts) == {"one", "two", "three", "ready"} and len(first.charts) == 4
    assert "three" in first.charts and first["ready"] is ready
    assert made == []  # names, membership, merging and an already drawn chart draw nothing
    assert first.charts["two"].to_dict()["title"] == "two" and made == ["two"]
    assert first.charts["two"] is first.charts["two"] and made == ["two"]  # drawn once
    assert [c.to_dict()["title"] for n, c in first.charts.items() if n != "ready"] == ["one", "two", "three"]
    assert made == ["two", "one", "three"]


def test_section_charts_are_not_drawn_by_the_audit(monkeypatch):
    """The audit recomputes every section; none of their charts is drawn (only the audit's own, on request)."""
    from paradiplomacy import charts
    from paradiplomacy.data import load_data
    from paradiplomacy.replication import audit

    drawn = []
    for name in ("timeline", "likert_diverging", "grouped_bars", "part_to_whole", "profile_panels", "line_series",
                 "series_with_points"):
        monkeypatch.setattr(charts, name, lambda *a, _name=name, **k: drawn.append(_name))
    res = audit.results(load_data())
    assert drawn == [] and set(res.charts) == {"status"}
    res.charts["status"]
    assert drawn == ["part_to_whole"]
