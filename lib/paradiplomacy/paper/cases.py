"""The three country case studies (Kyrgyzstan, India, Japan): perceptions, dyads and tie counts.

Every function takes the case country first and checks it against
:data:`paradiplomacy.data.load.CASE_COUNTRIES`, so the three chapters share one implementation and differ
only in their narrative. Nothing here is survey data: the counts of respondents behind the printed
percentages are *reconstructed from published percentages* (see :mod:`paradiplomacy.methods.reconstruct`).

Sources are kept apart. The article's own counts of ties (CPAFFC, CLAIR, the dyads it names) come from
``tie_counts.csv`` and ``dyads.csv``; AidData's yearly series comes from
``aiddata_china_sister_cities.csv`` (Custer et al. 2018, 2019). The two measure different things at
different dates, so comparisons report the difference and the reference dates side by side.
"""
from __future__ import annotations

from os import PathLike

from paradiplomacy.errors import ParameterError

__all__ = [
    "ITEM_LABELS",
    "ITEM_DESCRIPTIONS",
    "SERIES_FAVOURABLE_PRINTED",
    "SERIES_FAVOURABLE_COMPUTED",
    "SERIES_UNFRIENDLY_PRINTED",
    "PRINTED_NAME_FIXES",
    "EXTERNAL_POPULATIONS",
    "validate_country",
    "ordinal",
    "bri_launch_year",
    "perception_table",
    "perception_bars",
    "favourable_comparison",
    "paired_contrast",
    "contrast_table",
    "table1_benchmark",
    "context_for",
    "dyads_for",
    "case_timeline",
    "aiddata_series",
    "ties_since",
    "tie_series",
    "source_comparison",
    "external_surveys_for",
]

#: Short label of each perception item (fits a chart's axis), worded in the favourable direction.
ITEM_LABELS: dict[str, str] = {
    "government_friendly": "Government friendly",
    "people_friendly": "People friendly",
    "important_diplomacy": "Key to diplomacy",
    "important_economy": "Key to the economy",
    "important_sociocultural": "Sociocultural ties",
    "subnational_important": "Local ties matter",
}

#: What each perception item asks, in the book's words (for tables).
ITEM_DESCRIPTIONS: dict[str, str] = {
    "government_friendly": "The country's government is friendly towards China",
    "people_friendly": "The country's people are friendly towards China",
    "important_diplomacy": "The country is important for China's diplomacy",
    "important_economy": "The country is important for China's economic development",
    "important_sociocultural": "Social and cultural relations with the country are important for China",
    "subnational_important": "Subnational (provincial and city) ties matter for the overall relationship",
}

#: Series names used by :func:`perception_bars`.
SERIES_FAVOURABLE_PRINTED = "Favourable share, as printed"
SERIES_FAVOURABLE_COMPUTED = "Favourable share, computed as 100 − printed"
SERIES_UNFRIENDLY_PRINTED = "Unfriendly share, as printed"

#: Dyads whose printed partner name is a slip, with the name meant and the reason (see data/README.md).
PRINTED_NAME_FIXES: dict[str, tuple[str, str]] = {
    "chengdu_bangladesh": ("Bangalore", "printed as 'Chengdu–Bangladesh'; Bangladesh is a country, and the same "
                                        "paragraph dates Chengdu–Bangalore municipal relations to 2005"),
}

#: Who answered each outside survey and about which country (keyed by the start of ``survey_id``).
EXTERNAL_POPULATIONS: dict[str, tuple[str, str]] = {
    "neafie": ("Central Asian publics, Kyrgyz respondents", "China"),
    "yau": ("Kyrgyz public", "China"),
    "genron": ("Chinese public", "Japan"),
}

#: Nearest item of the article's own survey for each outside figure, and which side of it to compare.
_EXTERNAL_COMPARATORS: dict[str, tuple[str, str]] = {
    "neafie_2024_kyrgyz_positive": ("people_friendly", "favourable"),
    "yau_2024_kyrgyz_favorable": ("people_friendly", "favourable"),
    "genron_2024_poor_impression": ("people_friendly", "unfavourable"),
    "genron_2024_relationship_poor": ("government_friendly", "unfavourable"),
}

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_RELATIONSHIPS = {"sister_city": "sister city", "sister_province": "sister province",
                  "municipal_relations": "municipal relations"}


# ------------------------------------------------------------------------------------------- basics
def validate_country(country) -> str:
    """Check a case-study country.

    Parameters
    ----------
    country : str
        One of :data:`paradiplomacy.data.load.CASE_COUNTRIES` (``"Kyrgyzstan"``, ``"India"``, ``"Japan"``);
        case and surrounding spaces are ignored.

    Returns
    -------
    str
        The canonical spelling.

    Raises
    ------
    ParameterError
        Naming the parameter ``country`` and the allowed values.
    """
    from paradiplomacy.data.load import CASE_COUNTRIES

    if isinstance(country, str):
        for name in CASE_COUNTRIES:
            if country.strip().lower() == name.lower():
                return name
    raise ParameterError("country", f"expected one of {', '.join(CASE_COUNTRIES)}, found {country!r}")


def ordinal(rank) -> str:
    """English ordinal word for a rank from 1 to 10 (``2`` -> ``"second"``).

    Parameters
    ----------
    rank : int or float
        A whole number from 1 to 10 (floats such as ``2.0`` are accepted).

    Returns
    -------
    str

    Raises
    ------
    ParameterError
        If `rank` is not a whole number from 1 to 10.
    """
    if isinstance(rank, bool) or not isinstance(rank, (int, float)) or rank != int(rank) or not 1 <= rank <= 10:
        raise ParameterError("rank", f"expected a whole number from 1 to 10, found {rank!r}")
    return _ORDINALS[int(rank) - 1]


def bri_launch_year(data_dir: str | PathLike[str] | None = None) -> int:
    """Year the Belt and Road Initiative was launched, from ``policy_timeline.csv`` (event ``bri_launched``).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files (default: the book's ``data/``).

    Returns
    -------
    int
    """
    from paradiplomacy.data import load

    timeline = load.load_policy_timeline(data_dir).set_index("event_id")
    return int(timeline.loc["bri_launched", "year"])


# ------------------------------------------------------------------------------------- perceptions
def perception_table(country, data_dir: str | PathLike[str] | None = None, confidence: float = 0.95):
    """The six perception items of one case country, with GRIM checks and Wilson intervals.

    Parameters
    ----------
    country : str
        A case country (see :func:`validate_country`).
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.
    confidence : float, default 0.95
        Level of the Wilson intervals, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row per item in the order of :data:`paradiplomacy.data.load.CASE_ITEMS`: ``country, item, label``
        (:data:`ITEM_LABELS`), ``description`` (:data:`ITEM_DESCRIPTIONS`), ``polarity`` (``agree``: the printed share is the favourable one; ``disagree``: it is the unfriendly
        one), ``qualifier, printed, value, claim_id, n``, ``count`` (respondents behind the printed share,
        reconstructed from published percentages; <NA> when none fits), ``count_status``, ``grim``
        (``consistent`` or ``inconsistent``), ``grim_note`` (the fitting counts, or the nearest possible
        percentages and the sample sizes near ``n`` that would allow the printed one), ``grim_below`` and
        ``grim_above`` (for an inconsistent share, the nearest percentages possible with ``n``, else empty),
        ``grim_n_below`` (the largest sample size below ``n``, within 30, for which the printed share is
        possible; <NA> if consistent or none), ``ci_low, ci_high``
        (Wilson interval of the printed share, percent), ``favourable`` (the printed share, or 100 minus it
        when the polarity is ``disagree``), ``favourable_count``, ``fav_ci_low, fav_ci_high`` and
        ``favourable_source`` (``printed`` or ``100 − printed``).

    Notes
    -----
    For a ``disagree`` item the favourable share is the complement of the printed one, which assumes every
    respondent gave an answer on one side or the other (true of a six-point scale with no middle option and
    no missing answers). The Wilson interval of ``n - k`` is the mirror image of that of ``k``, so the
    favourable interval is ``(100 - ci_high, 100 - ci_low)``.
    """
    import pandas as pd

    from paradiplomacy import numbers as checks
    from paradiplomacy.methods import grim
    from paradiplomacy.data import load
    from paradiplomacy.methods import stats

    country = validate_country(country)
    confidence = stats.validate_confidence(confidence)
    n = load.survey_n(data_dir)
    data = load.load_case_perceptions(data_dir)
    rows = data[data["country"] == country].set_index("item").reindex(list(load.CASE_ITEMS)).reset_index()
    intervals = stats.proportion_table(list(rows["printed"]), n, confidence)
    out = rows[["country", "item", "polarity", "qualifier", "printed", "value", "claim_id"]].copy()
    out.insert(2, "label", out["item"].map(ITEM_LABELS))
    out.insert(3, "description", out["item"].map(ITEM_DESCRIPTIONS))
    out["n"] = n
    out["count"] = intervals["count"].array
    out["count_status"] = intervals["count_status"].to_numpy()
    grims = [grim.grim_percent(p, n, n_range=range(max(2, n - 30), n + 31)) for p in out["printed"]]
    out["grim"] = ["consistent" if g.consistent else "inconsistent" for g in grims]
    out["grim_note"] = [_grim_note(g) for g in grims]
    out["grim_below"] = ["" if g.consistent else (g.nearest_below or "") for g in grims]
    out["grim_above"] = ["" if g.consistent else (g.nearest_above or "") for g in grims]
    out["grim_n_below"] = pd.array([None if g.consistent else max((m for m in g.feasible_n if m < n), default=None)
                                    for g in grims], dtype="Int64")
    out["ci_low"] = 100 * intervals["low"].to_numpy()
    out["ci_high"] = 100 * intervals["high"].to_numpy()
    flip = out["polarity"] == "disagree"
    out["favourable"] = out["value"].where(~flip, 100 - out["value"])
    out["favourable_count"] = out["count"].where(~flip, n - out["count"])
    out["fav_ci_low"] = out["ci_low"].where(~flip, 100 - out["ci_high"])
    out["fav_ci_high"] = out["ci_high"].where(~flip, 100 - out["ci_low"])
    out["favourable_source"] = flip.map({False: "printed", True: "100 − printed"})
    return out


def _grim_note(g) -> str:
    if g.consistent:
        counts = g.counts
        fits = str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
        note = f"k = {fits} of {g.n}"
        if g.decimals == 0:
            note += " (whole-number share: not a sharp test)"
        return note
    below = [m for m in g.feasible_n if m < g.n]
    above = [m for m in g.feasible_n if m > g.n]
    sizes = [str(m) for m in (below[-1:] + above[:1])]
    where = f"; possible with n = {' or '.join(sizes)}" if sizes else ""
    return f"impossible with n = {g.n}: nearest possible {g.nearest_below} or {g.nearest_above}{where}"


def perception_bars(country, data_dir: str | PathLike[str] | None = None, confidence: float = 0.95):
    """Long table for :func:`paradiplomacy.charts.grouped_bars`: every item on the favourable footing.

    Parameters
    ----------
    country : str
        A case country.
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.
    confidence : float, default 0.95
        Level of the Wilson intervals.

    Returns
    -------
    pandas.DataFrame
        Columns ``Item`` (label), ``Share`` (series name: :data:`SERIES_FAVOURABLE_PRINTED`,
        :data:`SERIES_FAVOURABLE_COMPUTED` or :data:`SERIES_UNFRIENDLY_PRINTED`), ``share``, ``ci_low``,
        ``ci_high`` (percent) and ``label`` (the printed token, or the computed share to one decimal).
        An item printed as an unfriendly share (Japan) gets two rows: the computed favourable share and the
        printed unfriendly one.
    """
    import pandas as pd

    table = perception_table(country, data_dir, confidence)
    rows = []
    for r in table.itertuples():
        if r.polarity == "agree":
            rows.append((r.label, SERIES_FAVOURABLE_PRINTED, r.value, r.ci_low, r.ci_high, r.printed))
        else:
            rows.append((r.label, SERIES_FAVOURABLE_COMPUTED, r.favourable, r.fav_ci_low, r.fav_ci_high,
                         f"{r.favourable:.1f}"))
            rows.append((r.label, SERIES_UNFRIENDLY_PRINTED, r.value, r.ci_low, r.ci_high, r.printed))
    return pd.DataFrame(rows, columns=["Item", "Share", "share", "ci_low", "ci_high", "label"])


def favourable_comparison(countries=None, data_dir: str | PathLike[str] | None = None, confidence: float = 0.95):
    """Favourable shares of the six items for several case countries, in long format.

    Parameters
    ----------
    countries : sequence of str, optional
        Case countries (default all three, in the order Kyrgyzstan, India, Japan).
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.
    confidence : float, default 0.95
        Level of the Wilson intervals.

    Returns
    -------
    pandas.DataFrame
        Columns ``Item, Country, favourable, fav_ci_low, fav_ci_high, favourable_source, label`` (label: the
        favourable share to one decimal).
    """
    import pandas as pd

    from paradiplomacy.data.load import CASE_COUNTRIES

    names = list(CASE_COUNTRIES) if countries is None else [validate_country(c) for c in countries]
    if not names:
        raise ParameterError("countries", "expected at least one case country")
    frames = []
    for name in names:
        t = perception_table(name, data_dir, confidence)
        frames.append(pd.DataFrame({"Item": t["label"], "Country": name, "favourable": t["favourable"],
                                    "fav_ci_low": t["fav_ci_low"], "fav_ci_high": t["fav_ci_high"],
                                    "favourable_source": t["favourable_source"]}))
    out = pd.concat(frames, ignore_index=True)
    out["label"] = out["favourable"].map("{:.1f}".format)
    return out


def paired_contrast(item: str, country_a, country_b, data_dir: str | PathLike[str] | None = None) -> dict:
    """How sure can one be that one item's favourable share differs between two case countries?

    The same respondents answered both questions, so an independent-samples test does not apply, and
    the joint table (who answered favourably about both countries) is not published. This function
    considers every joint table that fits the two reconstructed margins (the Fréchet bounds) and reports
    McNemar's test for the table *least* favourable to a difference: the one with the most discordant
    respondents (:func:`paradiplomacy.methods.bounds.most_discordant`). If even that table gives a small p-value,
    the difference does not depend on the unknown overlap. :func:`paradiplomacy.methods.bounds.paper_comparisons`
    gives the whole range of p-values.

    Parameters
    ----------
    item : str
        One of :data:`paradiplomacy.data.load.CASE_ITEMS`.
    country_a, country_b : str
        Two different case countries.
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    dict
        ``item, country_a, country_b, n, k_a, k_b`` (favourable counts, reconstructed from published
        percentages), ``difference`` (percentage points, a - b), ``both_min, both_max`` (Fréchet bounds
        on the number favourable about both), ``discordant_min, discordant_max`` (range of the number of
        respondents who answered differently about the two countries), ``chi2_least`` (McNemar statistic
        without continuity correction, ``d**2 / discordant_max`` with ``d = k_a - k_b``), ``p_least``
        (its chi-square p-value, 1 degree of freedom) and ``p_exact_least`` (two-sided exact binomial
        McNemar p-value for the same table).

    Raises
    ------
    ParameterError
        Naming ``item`` for an unknown item or one whose printed share fits no whole count of
        respondents, ``country_b`` if it equals ``country_a``, or ``country`` for an unknown country.
    """
    import pandas as pd

    from paradiplomacy.methods.bounds import most_discordant
    from paradiplomacy.data.load import CASE_ITEMS

    if item not in CASE_ITEMS:
        raise ParameterError("item", f"expected one of {', '.join(CASE_ITEMS)}, found {item!r}")
    a, b = validate_country(country_a), validate_country(country_b)
    if a == b:
        raise ParameterError("country_b", f"expected a country other than {a!r}")
    rows = {c: perception_table(c, data_dir).set_index("item").loc[item] for c in (a, b)}
    for c, row in rows.items():
        if pd.isna(row["favourable_count"]):
            raise ParameterError("item", f"the printed share {row['printed']} for {c} fits no whole number of "
                                         f"the {int(row['n'])} respondents, so no count can be reconstructed")
    n = int(rows[a]["n"])
    k_a, k_b = int(rows[a]["favourable_count"]), int(rows[b]["favourable_count"])
    least = most_discordant(k_a, k_b, n)  # the one implementation of the bounds (paradiplomacy.methods.bounds)
    return {
        "item": item, "country_a": a, "country_b": b, "n": n, "k_a": k_a, "k_b": k_b,
        "difference": 100.0 * (k_a - k_b) / n,
        "both_min": least["both_min"], "both_max": least["both_max"],
        "discordant_min": least["discordant_min"], "discordant_max": least["discordant_max"],
        "chi2_least": least["chi2"], "p_least": least["p"], "p_exact_least": least["exact_p"],
    }


def contrast_table(country_a, country_b, items=None, data_dir: str | PathLike[str] | None = None):
    """:func:`paired_contrast` for several items, one row each.

    Parameters
    ----------
    country_a, country_b : str
        Two different case countries.
    items : sequence of str, optional
        Items to compare (default all of :data:`paradiplomacy.data.load.CASE_ITEMS`).
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        The keys of :func:`paired_contrast` as columns plus ``label`` (:data:`ITEM_LABELS`) and ``note``.
        An item whose printed share fits no whole count for one of the countries is kept, with missing
        statistics and the reason in ``note``.
    """
    import pandas as pd

    from paradiplomacy.data.load import CASE_ITEMS

    rows = []
    for item in (CASE_ITEMS if items is None else items):
        try:
            row = paired_contrast(item, country_a, country_b, data_dir)
            row["note"] = ""
        except ParameterError as exc:
            if exc.parameter != "item" or item not in CASE_ITEMS:
                raise
            row = {"item": item, "country_a": validate_country(country_a), "country_b": validate_country(country_b),
                   "note": str(exc).split(": ", 1)[1]}
        rows.append(row)
    out = pd.DataFrame(rows)
    out.insert(1, "label", out["item"].map(ITEM_LABELS))
    return out


def table1_benchmark(country, data_dir: str | PathLike[str] | None = None):
    """The same country in the article's Table 1 ("is this country friendly towards China?").

    Parameters
    ----------
    country : str
        A case country.
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    dict
        ``agree_printed`` (Table 1's % Agree as printed, str), ``agree_value`` (float), ``agree_recomputed``
        (sum of the printed shares of answers 4-6, i.e. moderately agree to strongly agree, float),
        ``government_friendly`` and ``people_friendly`` (favourable shares of the case-study items).
    """
    from paradiplomacy.data import load
    from paradiplomacy.numbers import parse_printed

    country = validate_country(country)
    summary = load.load_table1_summary(data_dir)
    row = summary[(summary["country"] == country) & (summary["statistic"] == "pct_agree")].iloc[0]
    dist = load.load_table1(data_dir)
    agree = dist[(dist["country"] == country) & (dist["response"] >= 4)]["printed"]
    table = perception_table(country, data_dir).set_index("item")
    return {
        "agree_printed": row["printed"],
        "agree_value": float(row["value"]),
        "agree_recomputed": float(sum(parse_printed(p) for p in agree)),
        "government_friendly": float(table.loc["government_friendly", "favourable"]),
        "people_friendly": float(table.loc["people_friendly", "favourable"]),
    }


def context_for(country, data_dir: str | PathLike[str] | None = None):
    """Bilateral context numbers (trade, tourists, visas, visits...) for one case country.

    Parameters
    ----------
    country : str
        A case country.
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        The rows of ``bilateral_context.csv`` for `country`, indexed by ``indicator_id``.
    """
    from paradiplomacy.data import load

    country = validate_country(country)
    context = load.load_bilateral_context(data_dir)
    return context[context["country"] == country].set_index("indicator_id")


# ------------------------------------------------------------------------------------------- dyads
def dyads_for(country, data_dir: str | PathLike[str] | None = None):
    """The subnational pairs the article names between China and one case country.

    Parameters
    ----------
    country : str
        A case country.
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        The rows of ``dyads.csv`` with `country` on either side, sorted by year, plus ``chinese_partner``,
        ``foreign_partner`` (as printed), ``partner_meant`` (the name meant where
        :data:`PRINTED_NAME_FIXES` records a slip, else the printed name), ``fixed`` (bool), ``kind``
        (``sister city``, ``sister province`` or ``municipal relations``) and ``label``
        (``"Chinese–foreign (kind)"`` with the name meant; an asterisk after the name marks a fixed slip,
        e.g. ``"Chengdu–Bangalore* (sister city)"``).
    """
    from paradiplomacy.data import load

    country = validate_country(country)
    dyads = load.load_dyads(data_dir)
    mine = dyads[(dyads["country_a"] == country) | (dyads["country_b"] == country)].copy()
    china_first = mine["country_a"] == "China"
    mine["chinese_partner"] = mine["partner_a"].where(china_first, mine["partner_b"])
    mine["foreign_partner"] = mine["partner_b"].where(china_first, mine["partner_a"])
    mine["fixed"] = mine["dyad_id"].isin(list(PRINTED_NAME_FIXES))
    mine["partner_meant"] = [PRINTED_NAME_FIXES[d][0] if f else p
                             for d, f, p in zip(mine["dyad_id"], mine["fixed"], mine["foreign_partner"])]
    mine["kind"] = mine["relationship"].map(_RELATIONSHIPS)
    mine["label"] = [f"{c}–{m}{'*' if f else ''} ({k})"
                     for c, m, k, f in zip(mine["chinese_partner"], mine["partner_meant"], mine["kind"], mine["fixed"])]
    return mine.sort_values(["year", "dyad_id"], kind="stable").reset_index(drop=True)


def case_timeline(country, data_dir: str | PathLike[str] | None = None):
    """Named dyads and national milestones of one case country, ready for :func:`paradiplomacy.charts.timeline`.

    Parameters
    ----------
    country : str
        A case country.
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        ``year`` (int64), ``label`` (unique), ``kind`` (the dyad's kind, or ``national milestone``),
        ``claim_id`` (empty where none) and ``origin`` (``dyads.csv`` or ``policy_timeline.csv``), sorted
        by year. Milestones are the timeline events whose ``event_id`` names the country (``sino_indian``
        counts for India) plus the BRI's launch; an event dated by the same claim as a dyad (for example
        "first China–India ties") is left out because the dyads show it.
    """
    import pandas as pd

    from paradiplomacy.data import load

    country = validate_country(country)
    dyads = dyads_for(country, data_dir)
    dyads = dyads[dyads["year"].notna()]
    events = load.load_policy_timeline(data_dir)
    stem = country.lower()[:5]  # "kyrgy", "india" (matches "sino_indian_war"), "japan"
    named = events["event_id"].str.contains(stem) | (events["event_id"] == "bri_launched")
    events = events[named & ~events["claim_id"].isin(set(dyads["claim_id"]))]
    out = pd.concat([
        pd.DataFrame({"year": dyads["year"].astype("int64"), "label": dyads["label"], "kind": dyads["kind"],
                      "claim_id": dyads["claim_id"], "origin": "dyads.csv"}),
        pd.DataFrame({"year": events["year"].astype("int64"), "label": events["event"],
                      "kind": "national milestone", "claim_id": events["claim_id"],
                      "origin": "policy_timeline.csv"}),
    ], ignore_index=True)
    return out.sort_values("year", kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------------------------- AidData
def aiddata_series(country, data_dir: str | PathLike[str] | None = None):
    """AidData's yearly sister-city series for one case country.

    Parameters
    ----------
    country : str
        A case country.
    data_dir : str or path-like, optional
        Folder holding ``aiddata_china_sister_cities.csv``.

    Returns
    -------
    pandas.DataFrame
        ``year`` (int), ``cumulative`` (ties in place by the end of the year; ties formed before 2000 are
        counted in 2000), ``new_reported`` (AidData's own yearly count, float, NaN where the release gives
        none, as for Japan), ``added`` (year-on-year change of ``cumulative``; <NA> in the first year, where
        earlier ties cannot be told apart) and ``dataset``.
    """
    from paradiplomacy.data import load

    country = validate_country(country)
    aid = load.load_aiddata(data_dir)
    mine = aid[aid["country"] == country].sort_values("year").reset_index(drop=True)
    out = mine.rename(columns={"sister_cities_cumulative": "cumulative", "sister_cities_new": "new_reported"})
    out["added"] = out["cumulative"].diff().astype("Int64")
    return out[["year", "cumulative", "new_reported", "added", "dataset"]]


def ties_since(country, year: int | None = None, data_dir: str | PathLike[str] | None = None) -> dict:
    """Ties AidData records as formed from `year` on (default: the BRI's launch year).

    Parameters
    ----------
    country : str
        A case country.
    year : int, optional
        First year counted; must be later than the series' first year (so the stock before it is known)
        and not after its last year. Default :func:`bri_launch_year`.
    data_dir : str or path-like, optional
        Folder with the data files.

    Returns
    -------
    dict
        ``country``, ``from_year``, ``last_year``, ``before`` (cumulative at the end of ``from_year - 1``),
        ``total`` (cumulative in ``last_year``), ``formed`` (``total - before``), ``share`` (percent of
        ``total`` formed from ``from_year`` on) and ``new_reported_sum`` (sum of AidData's own yearly
        counts over the same years; None where the release has none).

    Raises
    ------
    ParameterError
        Naming ``year`` when it is outside the series.
    """
    series = aiddata_series(country, data_dir).set_index("year")
    start = bri_launch_year(data_dir) if year is None else year
    first, last = int(series.index.min()), int(series.index.max())
    if isinstance(start, bool) or not isinstance(start, int) or not first < start <= last:
        raise ParameterError("year", f"expected a year from {first + 1} to {last} for {validate_country(country)}, "
                                     f"found {start!r}")
    before = int(series.loc[start - 1, "cumulative"])
    total = int(series.loc[last, "cumulative"])
    reported = series.loc[start:, "new_reported"]
    return {
        "country": validate_country(country), "from_year": start, "last_year": last, "before": before,
        "total": total, "formed": total - before, "share": 100.0 * (total - before) / total if total else None,
        "new_reported_sum": None if reported.isna().any() else int(reported.sum()),
    }


def _paper_counts(country: str, data_dir) -> list[tuple[int, float, str, str, str]]:
    """(year, ties, source, kind, label) rows of the article's own counts for a chart."""
    from paradiplomacy.data import load

    if country == "India":
        named = dyads_for(country, data_dir)
        named = named[named["relationship"].isin(["sister_city", "sister_province"])]
        per_year = named.groupby("year").size().cumsum()
        return [(int(y), float(c), "Pairs named in the article (cumulative)", "series", "")
                for y, c in per_year.items()]
    counts = load.load_tie_counts(data_dir)
    mine = counts[(counts["partner"] == country) & ~counts["measure"].str.contains("after")]
    rows = []
    for r in mine.itertuples():
        name = r.source.replace("(", "").replace(")", "")
        rows.append((int(str(r.as_of)[:4]), float(r.value), f"{name}, in the article", "point",
                     f"{name}: {r.printed}"))
    return rows


def tie_series(country, data_dir: str | PathLike[str] | None = None):
    """AidData's cumulative series and the article's counts in one long table for a chart.

    Parameters
    ----------
    country : str
        A case country.
    data_dir : str or path-like, optional
        Folder with the data files.

    Returns
    -------
    pandas.DataFrame
        ``year`` (int), ``ties`` (float), ``source``, ``kind`` and ``label``. Rows of ``kind ==
        "series"`` are yearly lines: ``"AidData (cumulative)"`` for every year of AidData's series and,
        for India, the cumulative number of pairs the article names by year. Rows of ``kind == "point"``
        are single totals the article prints (Kyrgyzstan: CPAFFC 2025; Japan: CLAIR 2017 and CPAFFC 2025)
        at their reference year, with ``label`` such as ``"CLAIR 2017: 381"`` (empty for series rows).
        Draw the series with :func:`paradiplomacy.charts.line_series` or, together with the points, with
        :func:`paradiplomacy.charts.series_with_points`.
    """
    import pandas as pd

    country = validate_country(country)
    aid = aiddata_series(country, data_dir)
    rows = [(int(y), float(c), "AidData (cumulative)", "series", "") for y, c in zip(aid["year"], aid["cumulative"])]
    rows += _paper_counts(country, data_dir)
    out = pd.DataFrame(rows, columns=["year", "ties", "source", "kind", "label"])
    out["year"] = out["year"].astype("int64")
    return out


def source_comparison(country, data_dir: str | PathLike[str] | None = None):
    """The article's tie counts beside AidData's for the same country, with the differences.

    Parameters
    ----------
    country : str
        A case country.
    data_dir : str or path-like, optional
        Folder with the data files.

    Returns
    -------
    pandas.DataFrame
        One row per comparison: ``measure``, ``paper`` (float; NaN where the article prints nothing),
        ``paper_source``, ``paper_as_of``, ``aiddata`` (int), ``aiddata_years``, ``difference``
        (``paper - aiddata``) and ``basis`` (how the paper's number was obtained: ``printed``, ``computed``
        from printed numbers, or ``named pairs`` counted in ``dyads.csv``).

        * Kyrgyzstan: all ties (CPAFFC, June 2025, against AidData's last year), ties formed after the
          BRI began (against AidData's ties formed from the launch year on) and ties formed before it
          (28 - 22, computed, against AidData's cumulative count the year before the launch).
        * India: pairs named for each year from the launch year (against AidData's yearly additions),
          pairs after the last named year, all pairs, and pairs before the launch.
        * Japan: CLAIR (2017) and CPAFFC (2025) against AidData's last year, and ties formed from the
          launch year on (not printed in the article).
    """
    import math

    import pandas as pd

    from paradiplomacy.data import load

    country = validate_country(country)
    launch = bri_launch_year(data_dir)
    aid = aiddata_series(country, data_dir).set_index("year")
    last = int(aid.index.max())
    since = ties_since(country, launch, data_dir)
    counts = load.load_tie_counts(data_dir)
    counts = counts[counts["partner"] == country].set_index("count_id")
    rows = []

    def add(measure, paper, source, as_of, aiddata, years, basis):
        diff = math.nan if paper is None else paper - aiddata
        rows.append({"measure": measure, "paper": math.nan if paper is None else float(paper),
                     "paper_source": source, "paper_as_of": as_of, "aiddata": int(aiddata),
                     "aiddata_years": years, "difference": diff, "basis": basis})

    if country == "Kyrgyzstan":
        total, post = counts.loc["kyrgyzstan_total_2025"], counts.loc["kyrgyzstan_post_bri_2025"]
        add("All ties", total["value"], total["source"], total["as_of"], since["total"], f"to {last}", "printed")
        add(f"Formed from {launch} (after the BRI began)", post["value"], post["source"], post["as_of"],
            since["formed"], f"{launch}–{last}", "printed")
        add(f"Formed before {launch}", total["value"] - post["value"], total["source"], total["as_of"],
            since["before"], f"to {launch - 1}", f"computed ({total['printed']} − {post['printed']})")
    elif country == "India":
        named = dyads_for(country, data_dir)
        named = named[named["relationship"].isin(["sister_city", "sister_province"])]
        per_year = named.groupby("year").size()
        last_named = int(per_year.index.max())
        for y in range(launch, last_named + 1):
            add(f"Formed in {y}", int(per_year.get(y, 0)), "article (named pairs)", str(y),
                int(aid.loc[y, "added"]), str(y), "named pairs")
        add(f"Formed {last_named + 1}–{last}", 0, "article (named pairs)", "none named",
            int(aid.loc[last, "cumulative"] - aid.loc[last_named, "cumulative"]), f"{last_named + 1}–{last}",
            "named pairs")
        add("All ties", len(named), "article (named pairs)", f"{launch}–{last_named}", since["total"],
            f"to {last}", "named pairs")
        add(f"Formed before {launch}", int((named["year"] < launch).sum()), "article (named pairs)",
            f"before {launch}", since["before"], f"to {launch - 1}", "named pairs")
    else:
        for count_id in counts.index:
            row = counts.loc[count_id]
            add(f"All ties, {row['source']}", row["value"], row["source"], row["as_of"], since["total"],
                f"to {last}", "printed")
        add(f"Formed from {launch}", None, "not printed", "", since["formed"], f"{launch}–{last}", "not printed")
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------- outside surveys
def external_surveys_for(country, data_dir: str | PathLike[str] | None = None):
    """Outside surveys the article cites for one case country, beside its own nearest figure.

    Parameters
    ----------
    country : str
        A case country.
    data_dir : str or path-like, optional
        Folder with the transcribed CSV files.

    Returns
    -------
    pandas.DataFrame
        The rows of ``external_surveys.csv`` for `country` plus ``respondents`` and ``asked_about``
        (from :data:`EXTERNAL_POPULATIONS`), ``paper_item`` (label of the nearest item in the article's
        survey, empty if none), ``paper_share`` (its favourable or unfavourable share, matching the
        direction of the outside figure; NaN if none) and ``gap`` (outside figure minus the article's,
        percentage points). Empty (with these columns) when the article cites no numeric outside survey.
    """
    import math

    from paradiplomacy.data import load

    country = validate_country(country)
    ext = load.load_external_surveys(data_dir)
    mine = ext[ext["country"] == country].copy().reset_index(drop=True)
    table = perception_table(country, data_dir).set_index("item")
    populations = [next((v for k, v in EXTERNAL_POPULATIONS.items() if s.startswith(k)), ("", ""))
                   for s in mine["survey_id"]]
    mine["respondents"] = [p[0] for p in populations]
    mine["asked_about"] = [p[1] for p in populations]
    items, shares = [], []
    for sid in mine["survey_id"]:
        item, side = _EXTERNAL_COMPARATORS.get(sid, ("", ""))
        if not item:
            items.append("")
            shares.append(math.nan)
            continue
        row = table.loc[item]
        items.append(str(row["description"]) + (" (unfriendly share)" if side == "unfavourable" else ""))
        shares.append(float(row["favourable"] if side == "favourable" else 100 - row["favourable"]))
    mine["paper_item"] = items
    mine["paper_share"] = shares
    mine["gap"] = mine["value"] - mine["paper_share"]
    return mine
