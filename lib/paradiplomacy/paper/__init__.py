"""The paper layer: one module per part of the article, and the registry of which function computes each chapter.

:data:`SECTIONS` maps every chapter of ``data/claims.csv`` (``data.enum("claims", "chapter")``) to the
``results()`` call that computes its numbers with default parameters; :func:`section_results` makes those calls.
The replication audit uses the same calls, so every derived number is computed in exactly one place.
"""
from __future__ import annotations

from paradiplomacy.paper import cases, concepts, design, friendliness, opinion, synthesis

__all__ = ["SECTIONS", "section_call", "section_results"]

#: Chapter of ``claims.csv`` -> (module, positional arguments after ``data``) of its ``results()`` call.
SECTIONS: dict[str, tuple] = {
    "01_introduction": (design, ()),
    "02_chinese_paradiplomacy": (concepts, ()),
    "03_policy_bri": (friendliness, ()),
    "04_public_views": (opinion, ()),
    "05_kyrgyzstan": (cases, ("Kyrgyzstan",)),
    "06_india": (cases, ("India",)),
    "07_japan": (cases, ("Japan",)),
    "08_analysis": (synthesis, ()),
}


def section_call(chapter: str) -> str:
    """The call behind ``chapter`` as text, e.g. ``cases.results(data, 'India')``."""
    module, args = SECTIONS[chapter]
    return f"{module.__name__.rsplit('.', 1)[-1]}.results({', '.join(['data', *map(repr, args)])})"


def section_results(data) -> dict:
    """``{chapter: Results}`` for every chapter of :data:`SECTIONS`, each computed with default parameters."""
    return {chapter: module.results(data, *args) for chapter, (module, args) in SECTIONS.items()}
