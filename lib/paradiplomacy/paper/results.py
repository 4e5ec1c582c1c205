"""The results object every part of the article returns, and the one call a chapter uses to glue it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Results", "glue_all", "transcribed"]


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
    charts : dict
        Name -> Altair chart that the chapter shows (``paradiplomacy.charts.render``).
    """

    section: str
    values: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, Any] = field(default_factory=dict)
    charts: dict[str, Any] = field(default_factory=dict)

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
    """Glue every value of ``results`` under its name (``display=False``), for ``{glue:text}`` in the prose.

    Returns the number of values glued. myst_nb is imported here, not at module level, because only a chapter
    being executed needs it (the analysis itself runs without the book toolchain).
    """
    from myst_nb import glue

    seen: set[str] = set()
    for result in results:
        for name, value in result.values.items():
            if name in seen:
                raise ValueError(f"{name!r} is glued twice")
            seen.add(name)
            glue(name, value, display=False)
    return len(seen)


def transcribed(data, chapter: str, sources: dict[str, str]) -> dict[str, int]:
    """The whole-number claims of ``chapter`` (``claims.csv``) held in ``sources`` (resource -> value column)."""
    claims = data.claims
    mine = set(claims.loc[claims["chapter"] == chapter, "claim_id"])
    return {claim: int(value) for name, column in sources.items()
            for claim, value in zip(data[name]["claim_id"], data[name][column]) if claim in mine}
