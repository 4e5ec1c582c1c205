"""The results object every part of the article returns, and the one call a chapter uses to glue it."""
from __future__ import annotations

import math
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Results", "Charts", "glue_all", "transcribed", "in_words", "format_p", "reader_table", "WORDS_SUFFIX",
           "TABLE_PREFIX", "CHART_PREFIX"]

#: ``glue_all`` also glues each whole number from 0 to 9 spelled out, under its name plus this suffix, for running
#: prose ("three countries"): ``{glue:text}`s1_case_countries_words```.
WORDS_SUFFIX = "_words"
#: Glue-name prefixes of the tables and charts, shown with ``{glue:figure}`` (a captioned, numbered exhibit).
TABLE_PREFIX = "table_"
CHART_PREFIX = "chart_"

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def in_words(n: int) -> str:
    """A whole number from 0 to 9 in words (``3`` -> ``"three"``); larger numbers stay digits (``12`` -> ``"12"``).

    Raises TypeError for anything but an int (a bool is not a number here) and ValueError for a negative number.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"in_words: expected a whole number, found {type(n).__name__} {n!r}")
    if n < 0:
        raise ValueError(f"in_words: expected a number >= 0, found {n}")
    return _WORDS[n] if n < 10 else str(int(n))


def format_p(p: float) -> str:
    """A p-value for prose and tables: ``"< 0.001"`` below 0.001, else two significant digits (``0.047``, ``0.12``).

    Raises ValueError unless ``0 <= p <= 1``.
    """
    if isinstance(p, bool) or not isinstance(p, (int, float, np.floating, np.integer)) or not 0 <= float(p) <= 1:
        raise ValueError(f"format_p: expected a p-value between 0 and 1, found {p!r}")
    p = float(p)
    if p < 0.001:
        return "< 0.001"
    rounded = float(f"{p:.2g}")
    if rounded >= 1:
        return "1.0"
    decimals = 1 - math.floor(math.log10(rounded))  # two significant digits: 0.047 -> 3 decimals, 0.12 -> 2
    return f"{rounded:.{decimals}f}"


def reader_table(table):
    """A table as a reader sees it: a DataFrame becomes a Styler without its default 0, 1, 2, ... index, missing
    values shown as a dash and booleans as *yes*/*no*; a Styler is returned as it is (its builder chose its format).
    """
    if not isinstance(table, pd.DataFrame):
        return table
    shown = table.copy()
    for column in shown.columns:
        if pd.api.types.is_bool_dtype(shown[column]):
            shown[column] = shown[column].map({True: "yes", False: "no"})
    styler = shown.style.format(na_rep="—")
    if isinstance(table.index, pd.RangeIndex):
        styler = styler.hide(axis="index")
    return styler


class Charts(MutableMapping):
    """Name -> Altair chart, each drawn the first time it is asked for.

    A section stores a chart or a function of no arguments that makes it (``functools.partial(charts.timeline,
    ...)``): building a chart spec costs far more than the numbers behind it, and most callers never draw one (the
    replication audit recomputes every section, the sensitivity sweep recomputes Section 3 once per grouping). The
    names are known without drawing anything; ``charts[name]``, ``values()`` and ``items()`` draw what they return,
    once.
    """

    def __init__(self, items: "dict[str, Any] | Charts | None" = None):
        self._items: dict[str, Any] = {}
        if items:
            self.update(items)

    def __getitem__(self, name: str):
        chart = self._items[name]
        if callable(chart):  # an Altair chart is not callable; a maker is
            chart = self._items[name] = chart()
        return chart

    def __setitem__(self, name: str, chart: "Any | Callable[[], Any]") -> None:
        self._items[name] = chart

    def __delitem__(self, name: str) -> None:
        del self._items[name]

    def __contains__(self, name: object) -> bool:  # Mapping's would draw the chart
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def update(self, other=(), /, **more) -> None:
        """Add charts, keeping another :class:`Charts`' makers undrawn."""
        if isinstance(other, Charts):
            other = other._items
        self._items.update(other, **more)

    def __repr__(self) -> str:
        return f"Charts({', '.join(self._items)})"


@dataclass
class Results:
    """What one section of the article computes.

    Attributes
    ----------
    section : str
        The part of the article (e.g. ``"Table 1"``, ``"Section 5.1"``).
    values : dict
        Glue name -> value: claim ids of ``data/claims.csv`` for numbers the article prints, and names starting
        with ``x_`` for the book's own numbers (documented where the function builds them). Each value is a
        number or a short string shown as it is (a date as printed, a list of names); never a sentence of prose.
    tables : dict
        Name -> pandas DataFrame (or Styler) that the chapter shows.
    charts : Charts
        Name -> Altair chart that the chapter shows (``paradiplomacy.charts.render``), drawn when first asked for
        (a plain dict given here becomes a :class:`Charts`).
    """

    section: str
    values: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, Any] = field(default_factory=dict)
    charts: Charts = field(default_factory=Charts)

    def __post_init__(self) -> None:
        if not isinstance(self.charts, Charts):
            self.charts = Charts(self.charts)

    def __getitem__(self, name: str):
        for part in (self.values, self.tables, self.charts):
            if name in part:
                return part[name]
        raise KeyError(f"{self.section}: no value, table or chart named {name!r}")

    def merge(self, other: "Results") -> "Results":
        """Add ``other``'s values, tables and charts; a name in both is an error (it would be glued twice)."""
        for mine, theirs in ((self.values, other.values), (self.tables, other.tables), (self.charts, other.charts)):
            clash = sorted(set(mine) & set(theirs))
            if clash:
                raise ValueError(f"{self.section} and {other.section} both define {clash}")
            mine.update(theirs)
        return self


def glue_all(*results: Results) -> int:
    """Glue everything ``results`` hold (``display=False``), for the prose and the exhibits of a chapter.

    * each value under its name, for ``{glue:text}``; a whole number from 0 to 9 also spelled out under
      ``name + WORDS_SUFFIX`` (:func:`in_words`), for running prose;
    * each table as :func:`reader_table` under ``TABLE_PREFIX + name`` and each chart as
      ``paradiplomacy.charts.render`` under ``CHART_PREFIX + name``, for ``{glue:figure}`` (a captioned,
      numbered exhibit: ``{numref}`` refers to it as "Exhibit N.M").

    Returns the number of values glued (not counting the spelled-out forms, tables and charts). myst_nb is
    imported here, not at module level, because only a chapter being executed needs it (the analysis itself runs
    without the book toolchain).
    """
    from myst_nb import glue

    from paradiplomacy import charts

    seen: set[str] = set()

    def once(name: str, value) -> None:
        if name in seen:
            raise ValueError(f"{name!r} is glued twice")
        seen.add(name)
        glue(name, value, display=False)

    count = 0
    for result in results:
        for name, value in result.values.items():
            once(name, value)
            count += 1
            if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and 0 <= value < 10:
                once(name + WORDS_SUFFIX, in_words(value))
        for name, table in result.tables.items():
            once(TABLE_PREFIX + name, reader_table(table))
        for name, chart in result.charts.items():
            once(CHART_PREFIX + name, charts.render(chart))
    return count


def transcribed(data, chapter: str, sources: dict[str, str]) -> dict[str, int]:
    """The whole-number claims of ``chapter`` (``claims.csv``) held in ``sources`` (resource -> value column)."""
    mine = set(data.claims_of(chapter)["claim_id"])
    return {claim: int(value) for name, column in sources.items()
            for claim, value in zip(data[name]["claim_id"], data[name][column]) if claim in mine}
