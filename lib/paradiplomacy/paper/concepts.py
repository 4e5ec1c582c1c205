"""Conceptual typologies of subnational foreign relations reviewed in the article's Section 2.

The article places Chinese work on local governments' external activity beside the international
literature on *paradiplomacy*. This module holds that material as plain data so that a chapter can
render it as tables and a timeline, and so that the size of each typology can be checked against the
number the article prints (``data/text_facts.csv``):

* :data:`LITERATURE` - the works the section discusses, each with this book's one-line summary;
* :data:`CHEN_MODES` - Chen (2001)'s four modes of interaction between central diplomacy and local
  external relations (agency, collaboration, complementarity, conflict);
* :data:`ZHANG_MODELS` - Zhang (2015)'s two models of local participation in external relations;
* :data:`VOCABULARY` - the Chinese labels for what elsewhere is called paradiplomacy;
* :data:`DEBATES` - the two questions on which Chinese scholars disagree.

All summaries are this book's own wording. ``key`` fields are citation keys of ``references.bib``.
Nothing here reads the network; pandas is imported only inside the functions that build tables.
"""
from __future__ import annotations

from dataclasses import dataclass
from os import PathLike

from paradiplomacy.errors import DataValidationError, ParameterError

__all__ = [
    "TRADITIONS", "Work", "Mode", "Model", "Term", "Debate",
    "LITERATURE", "CHEN_MODES", "ZHANG_MODELS", "VOCABULARY", "DEBATES", "TYPOLOGY_FACTS",
    "works", "lineage_table", "chen_mode", "chen_modes_table", "zhang_models_table", "vocabulary_table",
    "debate_table", "typology_count", "timeline_frame",
]

#: Groups of :class:`Work`, in display order.
TRADITIONS = ("paradiplomacy theory", "China studies", "Chinese scholarship")


@dataclass(frozen=True)
class Work:
    """One work of the literature reviewed in Section 2.

    Attributes
    ----------
    key : str
        Citation key in ``references.bib``.
    author : str
        Author(s) as the article cites them, e.g. ``"Keohane and Nye"``.
    year : int
        Year of the cited work.
    tradition : str
        One of :data:`TRADITIONS`.
    idea : str
        The work's point as the article uses it (this book's wording).
    short : str
        A few words for a timeline label.
    """

    key: str
    author: str
    year: int
    tradition: str
    idea: str
    short: str

    @property
    def label(self) -> str:
        """``"Author (year): short"``, unique within :data:`LITERATURE`."""
        return f"{self.author} ({self.year}): {self.short}"


@dataclass(frozen=True)
class Mode:
    """One of Chen (2001)'s modes of central-local interaction in external affairs.

    Attributes
    ----------
    name : str
        The mode as the article names it.
    family : str
        ``"unitary"`` (the article: more common in unitary systems) or ``"paradiplomacy"``.
    gloss : str
        This book's gloss of the mode (the article names the modes without defining them).
    """

    name: str
    family: str
    gloss: str


@dataclass(frozen=True)
class Model:
    """One of Zhang (2015)'s models of local participation in external relations.

    Attributes
    ----------
    name : str
        The model's name.
    authority : str
        How foreign-affairs authority is shared between the centre and local governments.
    bargaining : str
        How much negotiation the model involves.
    consequence : str
        What the arrangement does to decision-making.
    """

    name: str
    authority: str
    bargaining: str
    consequence: str


@dataclass(frozen=True)
class Term:
    """A Chinese label for subnational external activity.

    Attributes
    ----------
    term : str
        The label in English.
    authors : str
        Who the article associates with it.
    keys : tuple of str
        Citation keys of those works.
    emphasis : str
        What the label stresses (this book's wording).
    """

    term: str
    authors: str
    keys: tuple[str, ...]
    emphasis: str


@dataclass(frozen=True)
class Debate:
    """A question on which Chinese scholars disagree, with the two positions.

    Attributes
    ----------
    question : str
        The question.
    position_a, position_b : str
        The two answers (this book's wording).
    authors_a, authors_b : str
        Who holds each position.
    keys_a, keys_b : tuple of str
        Citation keys of those works.
    """

    question: str
    position_a: str
    authors_a: str
    keys_a: tuple[str, ...]
    position_b: str
    authors_b: str
    keys_b: tuple[str, ...]


LITERATURE: tuple[Work, ...] = (
    Work("keohane1971transnational", "Keohane and Nye", 1971, "paradiplomacy theory",
         "Actors other than central governments deal with each other across borders; where they run their own "
         "affairs they stand roughly level with national foreign policy.",
         "transnational relations"),
    Work("duchacek1986territorial", "Duchacek", 1986, "paradiplomacy theory",
         "Introduces the word paradiplomacy and ties the practice to federal and decentralised states.",
         "coins paradiplomacy"),
    Work("duchacek1990perforated", "Duchacek", 1990, "paradiplomacy theory",
         "Subnational diplomacy runs alongside national policy, adds to it and is coordinated with it.",
         "parallel and coordinated"),
    Work("soldatos1990explanatory", "Soldatos", 1990, "paradiplomacy theory",
         "Regional governments conduct external relations on their own initiative, without waiting for "
         "central authorisation, which signals political autonomy.",
         "own initiative"),
    Work("cornago2010normalization", "Cornago", 2010, "paradiplomacy theory",
         "Local and central diplomacy run in parallel, and the local strand can erode the national "
         "government's monopoly on diplomacy.",
         "challenge to the monopoly"),
    Work("heilmann2008local", "Heilmann", 2008, "China studies",
         "Policy in China emerges from continual negotiation between the centre and localities "
         "(adaptive authoritarianism).",
         "adaptive authoritarianism"),
    Work("hameiri2016rising", "Hameiri and Jones", 2016, "China studies",
         "China's external conduct results from conflicts among fragmented state and semi-private actors.",
         "disaggregated state"),
    Work("summers2016china", "Summers", 2016, "China studies",
         "The BRI grew out of provincial ideas and practice and depends on local governments to carry it out.",
         "BRI rests on the regions"),
    Work("zhao1995local", "Zhao", 1995, "Chinese scholarship",
         "Local foreign affairs must follow central policy without conditions.",
         "compliance"),
    Work("chen2001external", "Chen", 2001, "Chinese scholarship",
         "Defines the external affairs of subnational governments and sets out four modes of central-local "
         "interaction; central consent is the precondition of any local external activity.",
         "four modes"),
    Work("wang2003subcentral", "Wang", 2003, "Chinese scholarship",
         "Proposes the term sub-central diplomacy: sub-central units shape China's diplomacy.",
         "sub-central diplomacy"),
    Work("yang2007decentralization", "Yang", 2007, "Chinese scholarship",
         "Fiscal decentralisation gave local governments the means to pursue their own interests abroad.",
         "decentralisation"),
    Work("su2010local", "Su", 2010, "Chinese scholarship",
         "Opening up and decentralisation set off local activism; it is tolerated while security and "
         "sovereignty are safe, and it supplements national diplomacy.",
         "two catalysts"),
    Work("jia2011sister", "Jia", 2011, "Chinese scholarship",
         "Sister cities are the main platform of city diplomacy, semi-official and secondary to national aims.",
         "city diplomacy"),
    Work("yang2013friendship", "Yang", 2013, "Chinese scholarship",
         "Sister cities belong inside the hierarchy of public diplomacy; their flexible, semi-official status "
         "is what makes them useful to the centre.",
         "public diplomacy"),
    Work("zhang2015local", "Zhang", 2015, "Chinese scholarship",
         "Two models of local participation (collaboration and coopetition); stresses compliance with "
         "national policy.",
         "two models"),
    Work("liu2015bri", "Liu", 2015, "Chinese scholarship",
         "Carrying out the BRI relies heavily on local governments.",
         "BRI relies on localities"),
    Work("chen2016bri", "Chen and Wei", 2016, "Chinese scholarship",
         "The BRI's economic focus moved local agendas to the front and eased the security and sovereignty "
         "pressure on local external work.",
         "BRI frees local agendas"),
    Work("ren2017local", "Ren", 2017, "Chinese scholarship",
         "Local governments play an increasingly independent role and can influence national foreign "
         "policymaking.",
         "growing independence"),
    Work("wei2021city", "Wei", 2021, "Chinese scholarship",
         "City activity sits outside official foreign relations, yet cities are important agents of "
         "neighbourhood diplomacy and global governance.",
         "outside official diplomacy"),
    Work("gao2023yangtze", "Gao", 2023, "Chinese scholarship",
         "Studies the Yangtze–Volga mechanism, the first subnational mechanism written into the BRI.",
         "Yangtze–Volga mechanism"),
)

CHEN_MODES: tuple[Mode, ...] = (
    Mode("agency", "unitary",
         "The local government acts as the centre's agent, carrying out external tasks assigned from above."),
    Mode("collaboration", "unitary",
         "Centre and locality pursue a shared external agenda together, with the centre in the lead."),
    Mode("complementarity", "paradiplomacy",
         "The locality builds its own external ties that fill gaps in, and add to, national diplomacy."),
    Mode("conflict", "paradiplomacy",
         "Local external action pulls against central policy."),
)

ZHANG_MODELS: tuple[Model, ...] = (
    Model("central–local collaboration",
          "The centre delegates a defined share of foreign-affairs authority to local governments.",
          "Little: the scope of local activity is settled in advance.",
          "Local governments work efficiently within known limits."),
    Model("central–local coopetition",
          "Centre and local governments handle foreign affairs side by side.",
          "Constant: each step is negotiated.",
          "Decision-making becomes harder; Beijing still has the final say."),
)

VOCABULARY: tuple[Term, ...] = (
    Term("external affairs of subnational governments", "Chen (2001); Qi (2010)",
         ("chen2001external", "qi2010external"),
         "A neutral umbrella term for any local activity aimed at foreign individuals, firms, organisations "
         "or governments; said to be the unitary-state counterpart of paradiplomacy."),
    Term("local foreign affairs", "Zhao (1995); Zhang (2015)", ("zhao1995local", "zhang2015local"),
         "Local external work as an extension of the centre's foreign policy, to be followed without conditions."),
    Term("sub-central diplomacy", "Wang (2003)", ("wang2003subcentral",),
         "Sub-central units as actors whose activity affects China's national diplomacy."),
    Term("city diplomacy", "Jia (2011)", ("jia2011sister",),
         "Cities' own international work, with sister cities as its main instrument; semi-official and "
         "secondary to national goals."),
    Term("public diplomacy", "Yang (2013); Jia (2011)", ("yang2013friendship", "jia2011sister"),
         "Sister cities as one rung of a public-diplomacy hierarchy, useful to the centre because they are "
         "flexible and only semi-official."),
)

DEBATES: tuple[Debate, ...] = (
    Debate("Does local external activity belong inside official foreign policy?",
           "Inside: sister cities hold a place in the foreign-policy hierarchy, and a growing one.",
           "Yang (2013)", ("yang2013friendship",),
           "Outside: city activity is not official foreign relations, although cities are important agents "
           "of neighbourhood diplomacy and global governance.",
           "Wei (2021)", ("wei2021city",)),
    Debate("Do local governments simply comply, or act with growing independence?",
           "Compliance: local foreign affairs follow central policy without conditions.",
           "Zhao (1995); Zhang (2015)", ("zhao1995local", "zhang2015local"),
           "Independence: local governments increasingly act on their own, cooperate across borders and can "
           "influence national foreign policymaking.",
           "Ren (2017)", ("ren2017local",)),
)

#: The ``text_facts.csv`` row that prints the size of each typology.
TYPOLOGY_FACTS: dict[str, str] = {
    "CHEN_MODES": "chen_2001_interaction_modes",
    "ZHANG_MODELS": "zhang_2015_participation_models",
}


def works(tradition: str | None = None) -> tuple[Work, ...]:
    """Works of :data:`LITERATURE`, optionally of one tradition, sorted by year (stable).

    Parameters
    ----------
    tradition : str, optional
        One of :data:`TRADITIONS`; ``None`` returns every work.

    Returns
    -------
    tuple of Work

    Raises
    ------
    ParameterError
        If ``tradition`` is not one of :data:`TRADITIONS`.
    """
    if tradition is not None and tradition not in TRADITIONS:
        raise ParameterError("tradition", f"expected one of {', '.join(map(repr, TRADITIONS))}, found {tradition!r}")
    chosen = [w for w in LITERATURE if tradition is None or w.tradition == tradition]
    return tuple(sorted(chosen, key=lambda w: w.year))


def lineage_table(tradition: str | None = None):
    """The reviewed literature as a table.

    Parameters
    ----------
    tradition : str, optional
        Restrict to one of :data:`TRADITIONS` (e.g. ``"paradiplomacy theory"`` for the concept's lineage).

    Returns
    -------
    pandas.DataFrame
        Columns ``Work`` (``"Author (year)"``), ``Tradition``, ``Idea``, ``key``; sorted by year.
    """
    import pandas as pd

    rows = [{"Work": f"{w.author} ({w.year})", "Tradition": w.tradition, "Idea": w.idea, "key": w.key}
            for w in works(tradition)]
    return pd.DataFrame(rows, columns=["Work", "Tradition", "Idea", "key"])


def chen_mode(name: str) -> Mode:
    """Look up one of Chen's modes by name (case-insensitive).

    Parameters
    ----------
    name : str
        ``"agency"``, ``"collaboration"``, ``"complementarity"`` or ``"conflict"``.

    Returns
    -------
    Mode

    Raises
    ------
    ParameterError
        If ``name`` is not one of the four modes.
    """
    wanted = str(name).strip().lower()
    for mode in CHEN_MODES:
        if mode.name == wanted:
            return mode
    raise ParameterError("name", f"expected one of {', '.join(repr(m.name) for m in CHEN_MODES)}, found {name!r}")


def chen_modes_table():
    """Chen (2001)'s four modes as a table.

    Returns
    -------
    pandas.DataFrame
        Columns ``Mode``, ``Family`` (``"more common in unitary systems"`` or ``"paradiplomacy"``) and
        ``Gloss (this book)``, in the article's order.
    """
    import pandas as pd

    family = {"unitary": "more common in unitary systems", "paradiplomacy": "paradiplomacy"}
    return pd.DataFrame([{"Mode": m.name, "Family": family[m.family], "Gloss (this book)": m.gloss}
                         for m in CHEN_MODES])


def zhang_models_table():
    """Zhang (2015)'s two models as a table.

    Returns
    -------
    pandas.DataFrame
        Columns ``Model``, ``Authority``, ``Bargaining``, ``Consequence``.
    """
    import pandas as pd

    return pd.DataFrame([{"Model": m.name, "Authority": m.authority, "Bargaining": m.bargaining,
                          "Consequence": m.consequence} for m in ZHANG_MODELS])


def vocabulary_table():
    """The Chinese vocabulary for subnational external activity.

    Returns
    -------
    pandas.DataFrame
        Columns ``Term``, ``Associated with``, ``Emphasis``.
    """
    import pandas as pd

    return pd.DataFrame([{"Term": t.term, "Associated with": t.authors, "Emphasis": t.emphasis}
                         for t in VOCABULARY])


def debate_table():
    """The two debates among Chinese scholars, one row per question.

    Returns
    -------
    pandas.DataFrame
        Columns ``Question``, ``One view``, ``Held by``, ``The other view``, ``Held by (other)``.
    """
    import pandas as pd

    return pd.DataFrame([{"Question": d.question, "One view": d.position_a, "Held by": d.authors_a,
                          "The other view": d.position_b, "Held by (other)": d.authors_b} for d in DEBATES])


def typology_count(typology: str, data_dir: str | PathLike[str] | None = None) -> int:
    """The size of a typology as the article prints it, checked against this module's list.

    Parameters
    ----------
    typology : str
        ``"CHEN_MODES"`` or ``"ZHANG_MODELS"`` (a key of :data:`TYPOLOGY_FACTS`).
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files (default: the book's ``data/``).

    Returns
    -------
    int
        The printed number (``value`` of the ``text_facts.csv`` row), equal to ``len`` of the typology.

    Raises
    ------
    ParameterError
        If ``typology`` is unknown.
    DataValidationError
        If the printed number differs from the number of entries this module lists, naming the file,
        row and column.
    """
    from paradiplomacy.data.load import load_text_facts
    from paradiplomacy.paths import display_path, resolve_data_dir

    if typology not in TYPOLOGY_FACTS:
        raise ParameterError("typology", f"expected one of {', '.join(map(repr, TYPOLOGY_FACTS))}, "
                                         f"found {typology!r}")
    entries = globals()[typology]
    facts = load_text_facts(data_dir).reset_index(drop=True)
    match = facts.index[facts["fact_id"] == TYPOLOGY_FACTS[typology]]
    path = display_path(resolve_data_dir(data_dir) / "text_facts.csv")
    if len(match) != 1:
        raise DataValidationError(path, None, "fact_id", f"one row {TYPOLOGY_FACTS[typology]!r}",
                                  f"{len(match)} rows")
    i = int(match[0])
    value = float(facts.loc[i, "value"])
    if value != len(entries):
        raise DataValidationError(path, i + 2, "value",
                                  f"{len(entries)}, the number of entries in paradiplomacy.paper.concepts.{typology}",
                                  facts.loc[i, "printed"])
    return int(value)


def timeline_frame(data_dir: str | PathLike[str] | None = None,
                   events: tuple[str, ...] = ("bri_launched", "xi_city_diplomacy_speech", "yangtze_volga_into_bri")):
    """Works of :data:`LITERATURE` and selected policy milestones, ready for :func:`paradiplomacy.charts.timeline`.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files (milestones come from ``policy_timeline.csv``).
    events : tuple of str
        ``event_id`` values of ``policy_timeline.csv`` to include.

    Returns
    -------
    pandas.DataFrame
        Columns ``year`` (int), ``label`` (unique), ``group`` (a tradition of :data:`TRADITIONS` or
        ``"policy milestone"``), ``date_label`` (the year, or the date as printed for milestones).

    Raises
    ------
    ParameterError
        If an ``event_id`` is not in ``policy_timeline.csv``.
    """
    import pandas as pd

    from paradiplomacy.data.load import load_policy_timeline

    rows = [{"year": w.year, "label": w.label, "group": w.tradition, "date_label": str(w.year)} for w in LITERATURE]
    timeline = load_policy_timeline(data_dir).set_index("event_id")
    unknown = [e for e in events if e not in timeline.index]
    if unknown:
        raise ParameterError("events", f"not in policy_timeline.csv: {unknown}")
    for event in events:
        row = timeline.loc[event]
        printed = row["date_printed"] or str(int(row["year"]))
        rows.append({"year": int(row["year"]), "label": row["event"], "group": "policy milestone",
                     "date_label": printed})
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("int64")
    return frame.sort_values("year", kind="stable").reset_index(drop=True)
