"""How much does the article's BRI / non-BRI comparison depend on which countries count as BRI?

The article splits the eleven countries of its Table 1 into a BRI and a non-BRI group without saying how, and
only one split reproduces its averages (see :func:`paradiplomacy.replication.audit.bri_checks`). Three countries are
arguable (:data:`ARGUABLE`): the Philippines signed a BRI memorandum in 2018 but is non-BRI in the article's
averages; Singapore's BRI document is a memorandum on cooperation in third markets rather than a framework
agreement; Australia has no national BRI agreement, but its state of Victoria signed one in 2018 (cancelled by
Canberra in 2021) - a subnational membership, which is what the article is about. The other eight countries are
unambiguous (``bri_membership.csv``: member and in the article's BRI group, or neither).

:func:`classifications` lists every combination of the three arguable countries (eight groupings, two of them the
article's and the membership lists'). :func:`direct_table` computes the comparison under each directly;
:func:`run_sweep` runs chapter 3 once per grouping with papermill (its ``bri_countries`` parameter) and collects
the glued values, and :func:`compare_sweep` checks the two agree. ``make sensitivity`` runs the sweep.
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from paradiplomacy.errors import ParameterError

__all__ = ["ARGUABLE", "SWEEP_GLUES", "Classification", "classifications", "direct_table", "run_sweep",
           "compare_sweep", "SWEEP_CHAPTER"]

#: Countries whose BRI status is arguable, and why (the book's summary of ``bri_membership.csv``'s reasons).
ARGUABLE: dict[str, str] = {
    "Philippines": "signed a BRI memorandum in November 2018, yet the article's averages count it as non-BRI",
    "Singapore": "its 2018 memorandum covers joint projects in third markets, not a BRI framework agreement",
    "Australia": "no national agreement, but the state of Victoria signed one in 2018 (cancelled in 2021)",
}
#: The chapter run by :func:`run_sweep`.
SWEEP_CHAPTER = "03_policy_bri"
#: Glue names collected from each run of :data:`SWEEP_CHAPTER`, and the column of :func:`direct_table` each must match.
SWEEP_GLUES: dict[str, str] = {
    "x_bri_group_mean": "bri_mean", "x_non_bri_group_mean": "non_bri_mean", "x_bri_gap": "gap",
    "x_bri_test_t_min": "t_min", "x_bri_test_verdict": "verdict",
}


@dataclass(frozen=True)
class Classification:
    """One grouping of the Table 1 countries into BRI and non-BRI.

    Attributes
    ----------
    key : str
        Identifier, e.g. ``"ph-out_sg-in_au-out"``.
    label : str
        Description for tables.
    short : str
        Chart label (at most 24 characters).
    bri : tuple of str
        BRI countries in Table 1 order.
    is_paper, is_membership : bool
        Whether this is the article's grouping / the grouping by the public BRI membership lists.
    """

    key: str
    label: str
    short: str
    bri: tuple[str, ...]
    is_paper: bool
    is_membership: bool


def classifications(data_dir: str | PathLike[str] | None = None) -> list[Classification]:
    """Every defensible grouping: the unambiguous BRI countries plus each combination of :data:`ARGUABLE`.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    list of Classification
        Eight groupings; the article's comes first, then the membership lists', then the rest.

    Raises
    ------
    paradiplomacy.errors.ParameterError
        If ``bri_membership.csv`` lacks an arguable country, or a country outside :data:`ARGUABLE` is a BRI member
        but not in the article's BRI group (or the reverse), which would make the core ambiguous.
    """
    from paradiplomacy.paper.friendliness import member_bri_countries, paper_bri_countries
    from paradiplomacy.data.load import TABLE1_COUNTRIES

    paper, members = set(paper_bri_countries(data_dir)), set(member_bri_countries(data_dir))
    missing = [c for c in ARGUABLE if c not in TABLE1_COUNTRIES]
    if missing:  # pragma: no cover - a programming error
        raise ParameterError("ARGUABLE", f"not Table 1 countries: {missing}")
    ambiguous = sorted((paper ^ members) - set(ARGUABLE))
    if ambiguous:
        raise ParameterError("data_dir", f"bri_membership.csv makes {ambiguous} ambiguous as well")
    core = {c for c in TABLE1_COUNTRIES if c in paper and c in members and c not in ARGUABLE}
    out = []
    for flags in itertools.product((False, True), repeat=len(ARGUABLE)):
        chosen = core | {c for c, f in zip(ARGUABLE, flags) if f}
        bri = tuple(c for c in TABLE1_COUNTRIES if c in chosen)
        parts = [f"{c} {'in' if f else 'out'}" for c, f in zip(ARGUABLE, flags)]
        key = "_".join(f"{c[:2].lower()}-{'in' if f else 'out'}" for c, f in zip(ARGUABLE, flags))
        is_paper, is_members = set(bri) == paper, set(bri) == members
        name = "The article's grouping" if is_paper else "BRI membership lists" if is_members else "Alternative"
        short = "Article" if is_paper else "Membership lists" if is_members else \
            "+".join(c[:3] for c, f in zip(ARGUABLE, flags) if f) or "Core only"
        out.append(Classification(key=key, label=f"{name}: {', '.join(parts)}", short=short, bri=bri,
                                  is_paper=is_paper, is_membership=is_members))
    out.sort(key=lambda c: (not c.is_paper, not c.is_membership, c.key))
    return out


def direct_table(data_dir: str | PathLike[str] | None = None, confidence: float = 0.95):
    """The BRI / non-BRI comparison under every grouping of :func:`classifications`, computed directly.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.
    confidence : float, default 0.95
        Level of the worst-case interval and of the verdict.

    Returns
    -------
    pandas.DataFrame
        One row per grouping: ``key, label, short, is_paper, is_membership, bri_countries`` (comma-joined),
        ``n_bri``; the article's statistic - unweighted means of the printed % Agree - ``bri_mean, non_bri_mean,
        gap``; the same with each row's own % Agree, ``bri_mean_rows, non_bri_mean_rows, gap_rows``; and the paired
        test of :func:`paradiplomacy.methods.bounds.group_contrast` on counts reconstructed from published percentages:
        ``count_gap`` (points), ``ci_low, ci_high`` (the widest interval over all joint distributions), ``t_min,
        p_max, dz_min`` (least favourable joint distribution), ``t_max`` (most favourable bound) and ``verdict``.
    """
    import pandas as pd

    from paradiplomacy.methods import bounds
    from paradiplomacy.paper import friendliness
    from paradiplomacy.data import load
    from paradiplomacy.methods import stats

    confidence = stats.validate_confidence(confidence)
    n = load.survey_n(data_dir)
    check = friendliness.table1_check(data_dir, confidence)
    counts = {c: int(k) for c, k in zip(check["country"], check["agree_count"])}
    rows = []
    for cl in classifications(data_dir):
        printed = friendliness.group_means(data_dir, list(cl.bri), source="printed")
        recomputed = friendliness.group_means(data_dir, list(cl.bri), source="recomputed")
        test = bounds.group_contrast(counts, cl.bri, n, confidence)
        rows.append({"key": cl.key, "label": cl.label, "short": cl.short, "is_paper": cl.is_paper,
                     "is_membership": cl.is_membership, "bri_countries": ", ".join(cl.bri), "n_bri": len(cl.bri),
                     "bri_mean": printed["BRI"], "non_bri_mean": printed["non-BRI"],
                     "gap": printed["BRI"] - printed["non-BRI"],
                     "bri_mean_rows": recomputed["BRI"], "non_bri_mean_rows": recomputed["non-BRI"],
                     "gap_rows": recomputed["BRI"] - recomputed["non-BRI"],
                     "count_gap": test.difference, "ci_low": test.ci_low, "ci_high": test.ci_high,
                     "t_min": test.t_min, "p_max": test.p_max, "dz_min": test.dz_min, "t_max": test.t_max,
                     "verdict": test.verdict})
    return pd.DataFrame(rows)


def run_sweep(out_dir: str | PathLike[str], data_dir: str | PathLike[str] | None = None, keys=None,
              confidence: float = 0.95):
    """Run chapter 3 once per grouping with papermill and collect its glued comparison values.

    Parameters
    ----------
    out_dir : str or path-like
        Folder for the executed notebooks and the results (``sensitivity.csv``, ``sensitivity.json``); created.
    data_dir : str or path-like, optional
        Passed to the chapter as its ``data_dir`` parameter (None: the book's data).
    keys : sequence of str, optional
        Only these groupings (keys of :func:`classifications`); default all.
    confidence : float, default 0.95
        Passed to the chapter.

    Returns
    -------
    pandas.DataFrame
        One row per grouping: ``key, bri_countries`` and one column per name of :data:`SWEEP_GLUES` (the value
        the executed chapter glued), plus ``notebook`` (the executed notebook's path).

    Raises
    ------
    paradiplomacy.errors.ParameterError
        Unknown ``keys``.
    """
    import jupytext
    import nbformat
    import pandas as pd
    import papermill

    from paradiplomacy.data.claims import glued_values
    from paradiplomacy.paths import book_root
    from paradiplomacy.methods.stats import validate_confidence

    confidence = validate_confidence(confidence)
    chosen = classifications(data_dir)
    if keys is not None:
        known = {c.key for c in chosen}
        unknown = [k for k in keys if k not in known]
        if unknown:
            raise ParameterError("keys", f"unknown grouping(s) {unknown}; expected some of {sorted(known)}")
        chosen = [c for c in chosen if c.key in set(keys)]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    chapters = book_root() / "chapters"
    source = out / f"{SWEEP_CHAPTER}.input.ipynb"
    nbformat.write(jupytext.read(chapters / f"{SWEEP_CHAPTER}.md"), source)
    rows = []
    for cl in chosen:
        target = out / f"{SWEEP_CHAPTER}.{cl.key}.ipynb"
        parameters = {"bri_countries": list(cl.bri), "confidence": confidence}
        if data_dir is not None:
            parameters["data_dir"] = str(Path(data_dir).resolve())
        papermill.execute_notebook(str(source), str(target), parameters=parameters, kernel_name="python3",
                                   cwd=str(chapters), progress_bar=False, log_output=False)
        glued = glued_values(target)
        rows.append({"key": cl.key, "bri_countries": ", ".join(cl.bri),
                     **{name: glued.get(name) for name in SWEEP_GLUES}, "notebook": str(target)})
    frame = pd.DataFrame(rows)
    frame.to_csv(out / "sensitivity.csv", index=False)
    (out / "sensitivity.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")
    return frame


def compare_sweep(sweep, direct, tolerance: float = 1e-9):
    """Check the papermill sweep against the direct computation, grouping by grouping.

    Parameters
    ----------
    sweep : pandas.DataFrame
        From :func:`run_sweep` (or read back from its ``sensitivity.csv``).
    direct : pandas.DataFrame
        From :func:`direct_table`.
    tolerance : float, default 1e-9
        Largest absolute difference allowed for numbers (both are computed in double precision from the same
        printed values; the glued values pass through ``repr`` and back).

    Returns
    -------
    pandas.DataFrame
        One row per grouping and glue name: ``key, glue, swept, direct, ok``.
    """
    import math

    import pandas as pd

    by_key = direct.set_index("key")
    rows = []
    for r in sweep.to_dict("records"):
        for glue_name, column in SWEEP_GLUES.items():
            swept, expected = r[glue_name], by_key.loc[r["key"], column]
            if isinstance(expected, str):
                ok = swept == expected
            else:
                ok = swept is not None and math.isclose(float(swept), float(expected), rel_tol=0, abs_tol=tolerance)
            rows.append({"key": r["key"], "glue": glue_name, "swept": swept, "direct": expected, "ok": bool(ok)})
    return pd.DataFrame(rows)
