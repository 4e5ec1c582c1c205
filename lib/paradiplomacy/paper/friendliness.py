"""Section 3 and Table 1: the policy timeline, how friendly respondents find eleven countries, the BRI groups.

The article prints, for each Table 1 country, the shares of a six-point agreement scale, a mean (a whole number)
and a "% Agree"; Section 3.1 compares the average % Agree of countries on and off the Belt and Road Initiative
(79.21 against 48.82). :func:`results` recomputes all of it from the printed numbers: each row beside its
recomputation (% agree = responses 4-6, weighted mean), a GRIM check of every printed percentage, Wilson
intervals for the share agreeing from counts **reconstructed from published percentages**
(:func:`paradiplomacy.methods.intervals.shares`), the two averages under several groupings and inputs, and a
paired test of the gap bounded over every joint distribution (:func:`paradiplomacy.methods.bounds.group_contrast`).
Arithmetic on printed numbers is exact (:class:`fractions.Fraction`); floats appear only at the end.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import partial

import pandas as pd

from paradiplomacy import charts
from paradiplomacy import numbers as num
from paradiplomacy.errors import ParameterError
from paradiplomacy.methods import bounds, grim, intervals
from paradiplomacy.paper.results import Results, format_p

__all__ = ["AGREE_RESPONSES", "GROUPS", "TIMELINE_EVENTS", "paper_bri_countries", "member_bri_countries",
           "validate_bri_countries", "agree_share", "weighted_mean", "unweighted_group_means", "table1_check",
           "grouping_values", "results"]

#: The chapter whose claims (``claims.csv``) :func:`results` returns.
CHAPTER = "03_policy_bri"
#: Responses counted as agreeing on the 6-point scale (moderately agree, agree, strongly agree).
AGREE_RESPONSES = (4, 5, 6)
#: Names of the two groups compared in Section 3.1.
GROUPS = ("BRI", "non-BRI")
#: Events of ``policy_timeline.csv`` on the chapter's timeline, in date order.
TIMELINE_EVENTS = (
    "open_door_policy", "tax_reforms", "four_sezs", "city_to_city_aid", "go_west", "focac_established",
    "going_out", "aiib_proposed", "bri_launched", "ndb_agreement", "vision_and_actions", "aiib_founded",
    "ndb_operational", "aiib_operational", "fyp13", "focac_into_bri", "fyp14", "bri_150_partners",
)
#: Countries whose Table 1 row the chapter discusses one by one.
DISCUSSED = ("Kyrgyzstan", "Nepal", "Australia", "Kazakhstan")
_STATUS_WORDS = {"reproduced": "reproduced", "rounding": "within rounding", "discrepancy": "discrepancy", "": ""}
_SCENARIOS = ("paper_printed", "paper_recomputed", "members_printed", "members_recomputed")


# ----------------------------------------------------------------------------------------------- groupings
def paper_bri_countries(data) -> tuple[str, ...]:
    """The countries the article's averages treat as BRI (``paper_group`` of ``bri_membership.csv``), Table 1 order."""
    table = data.bri_membership
    return _in_table1_order(data, table.loc[table["paper_group"] == "BRI", "country"])


def member_bri_countries(data) -> tuple[str, ...]:
    """The Table 1 countries that are BRI members by the public lists: unlike the article's, with the Philippines."""
    table = data.bri_membership
    return _in_table1_order(data, table.loc[table["bri_member"].astype(bool), "country"])


def _in_table1_order(data, countries) -> tuple[str, ...]:
    chosen = set(countries)
    return tuple(c for c in data.enum("table1", "country") if c in chosen)


def validate_bri_countries(bri_countries, data) -> tuple[str, ...]:
    """Check the chapter parameter ``bri_countries`` (a list of Table 1 countries, or None for the article's group).

    Returns the BRI group in Table 1 order. Raises ParameterError naming ``bri_countries`` for anything but a list
    or tuple of strings (a single string is refused), an unknown or repeated name, or an empty group on either side.
    """
    if bri_countries is None:
        return paper_bri_countries(data)
    countries = data.enum("table1", "country")
    allowed = ", ".join(countries)
    if not isinstance(bri_countries, (list, tuple)) or not all(isinstance(c, str) for c in bri_countries):
        raise ParameterError(
            "bri_countries",
            f"expected a list of Table 1 country names such as ['Kyrgyzstan', 'Nepal'] (with papermill use "
            f"-y \"bri_countries: [Kyrgyzstan, Nepal]\"), found {bri_countries!r}")
    unknown = [c for c in bri_countries if c not in countries]
    if unknown:
        raise ParameterError("bri_countries", f"unknown country name(s) {unknown}; the allowed names are: {allowed}")
    repeated = sorted({c for c in bri_countries if list(bri_countries).count(c) > 1})
    if repeated:
        raise ParameterError("bri_countries", f"each country may be listed once, found repeated {repeated}")
    if not bri_countries:
        raise ParameterError("bri_countries", f"the list is empty, which leaves the BRI group empty; name at least "
                                              f"one of: {allowed}")
    if len(bri_countries) == len(countries):
        raise ParameterError("bri_countries", f"all {len(countries)} Table 1 countries are listed, which leaves the "
                                              "non-BRI group empty; leave at least one out")
    return _in_table1_order(data, bri_countries)


# ----------------------------------------------------------------------------------------------- arithmetic
def _exact(value) -> Fraction:
    """A printed string, Decimal, int, float or Fraction as an exact Fraction (floats via their repr)."""
    if isinstance(value, str):
        return Fraction(num.parse_printed(value))
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def _six(distribution: Sequence) -> list[Fraction]:
    parts = [_exact(p) for p in distribution]
    if len(parts) != 6:
        raise ParameterError("distribution", f"expected six shares (responses 1-6), found {len(parts)}")
    return parts


def agree_share(distribution: Sequence) -> Fraction:
    """Share agreeing: the exact sum of the printed shares (percent) of responses 4, 5 and 6 of six."""
    parts = _six(distribution)
    return sum((parts[r - 1] for r in AGREE_RESPONSES), Fraction(0))


def weighted_mean(distribution: Sequence) -> Fraction:
    """Mean score on the 1-6 scale implied by six printed shares, normalised by their own total (99.9 or 100.1)."""
    parts = _six(distribution)
    total = sum(parts, Fraction(0))
    if total <= 0:
        raise ParameterError("distribution", "the shares sum to zero")
    return sum((r * p for r, p in enumerate(parts, start=1)), Fraction(0)) / total


def unweighted_group_means(shares: Mapping[str, object], bri_countries: Sequence[str]) -> dict[str, Fraction]:
    """``{"BRI": ..., "non-BRI": ...}``: plain averages of the countries' shares inside / outside ``bri_countries``.

    Every country counts once, whatever its share (the article's method). Raises ParameterError (naming
    ``bri_countries``) if a BRI country has no share or either group is empty.
    """
    missing = [c for c in bri_countries if c not in shares]
    if missing:
        raise ParameterError("bri_countries", f"no share given for {missing}")
    chosen = set(bri_countries)
    out = {}
    for name in GROUPS:
        members = [c for c in shares if (c in chosen) == (name == "BRI")]
        if not members:
            raise ParameterError("bri_countries", f"the {name} group is empty")
        out[name] = sum((_exact(shares[c]) for c in members), Fraction(0)) / len(members)
    return out


def _two_decimals(value: Fraction, rounding: str = "half_up") -> str:
    return num.format_decimal(num.round_decimal(value, 2, rounding), 2)


# ----------------------------------------------------------------------------------------------- Table 1
def table1_check(data, confidence: float) -> pd.DataFrame:
    """Each Table 1 row beside its recomputation, with reconstructed counts and a Wilson interval for % agree
    (the ``table1`` table of :func:`results`)."""
    n = data.n
    summary = data.table1_summary.set_index(["country", "statistic"])
    groups = data.bri_membership.set_index("country")["paper_group"]
    rows = []
    for country, block in data.table1.groupby("country", sort=False):
        printed = list(block.sort_values("response")["printed"])
        agree_row, mean_row = summary.loc[(country, "pct_agree")], summary.loc[(country, "mean")]
        agree, mean = agree_share(printed), weighted_mean(printed)
        agree_cmp = num.compare_value(agree_row["printed"], agree)
        mean_cmp = num.compare_value(mean_row["printed"], mean)
        total = num.sum_check(printed)
        fit = intervals.shares(printed, n, confidence)  # one count per share (each reconstructed on its own)
        status = fit["count_status"]
        if fit["count"].notna().all():
            counts = tuple(int(k) for k in fit["count"])
            k_agree = sum(counts[r - 1] for r in AGREE_RESPONSES)
            reconstruction = "unique solution" if status.eq("unique").all() and sum(counts) == n else \
                f"no unique count vector (counts add to {sum(counts)}; {'; '.join(dict.fromkeys(status))})"
        else:  # some share has no count: the count nearest the recomputed share
            counts, k_agree = None, int(round(float(agree) * n / 100))
            reconstruction = "no count vector fits: " + "; ".join(dict.fromkeys(status[fit["count"].isna()]))
        low, high = intervals.interval(k_agree, n, confidence)
        row = {"country": country, "paper_group": groups.get(country, "")}
        row.update({f"r{r}": p for r, p in enumerate(printed, start=1)})
        row.update({
            "distribution": " ".join(printed), "dist_sum": float(total.total), "sum_ok": bool(total.ok),
            "agree_printed": agree_row["printed"], "agree_recomputed": float(agree),
            "agree_difference": float(agree - _exact(agree_row["printed"])),
            "agree_rounded": agree_cmp.rounded, "agree_status": agree_cmp.status,
            "mean_printed": mean_row["printed"], "mean_recomputed": float(mean),
            "mean_rounded": mean_cmp.rounded, "mean_status": mean_cmp.status,
            "counts": counts, "reconstruction": reconstruction,
            "agree_count": k_agree, "agree_count_pct": 100 * k_agree / n,
            "ci_low": 100 * low, "ci_high": 100 * high, "n": n,
            "agree_claim": agree_row["claim_id"], "mean_claim": mean_row["claim_id"],
        })
        rows.append(row)
    return pd.DataFrame(rows)


def _grim(data) -> pd.DataFrame:
    """GRIM check of Table 1's 66 printed shares and 11 % agree values (sums of three rounded shares)."""
    n = data.n
    summary = data.table1_summary
    cells = [(r.country, str(r.response), "share", r.printed) for r in data.table1.itertuples()]
    cells += [(r.country, "% agree", "sum of shares", r.printed)
              for r in summary[summary["statistic"] == "pct_agree"].itertuples()]
    rows = []
    for country, column, kind, printed in cells:
        res = grim.grim_percent(printed, n, n_range=(n,))
        rows.append({"country": country, "column": column, "kind": kind, "printed": printed,
                     "decimals": res.decimals, "consistent": res.consistent,
                     "nearest": "" if res.consistent else f"{res.nearest_below} or {res.nearest_above}"})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------- BRI vs non-BRI
def _comparison(data, shares: dict, chosen: tuple[str, ...]) -> pd.DataFrame:
    """Both group averages (rows BRI, non-BRI) per grouping (article, membership lists, the parameter's) and input."""
    paper, members = paper_bri_countries(data), member_bri_countries(data)
    extra = ", ".join(c for c in members if c not in paper)  # BRI members the article counts as non-BRI
    groupings = [("paper", "the article's grouping", "Article", paper),
                 ("members", "BRI members by the public lists" + (f" ({extra} as BRI)" if extra else ""),
                  "Members", members)]
    if chosen not in (paper, members):
        groupings.append(("selected", "the grouping chosen by the bri_countries parameter", "Chosen", chosen))
    claims = data.claims_by_id(["s31_bri_pct_agree", "s31_non_bri_pct_agree"]).set_index("claim_id")["printed"]
    printed = {"BRI": claims["s31_bri_pct_agree"].rstrip("%"), "non-BRI": claims["s31_non_bri_pct_agree"].rstrip("%")}
    sources = {"printed": ("printed % agree", "printed"),
               "recomputed": ("% agree recomputed from each row", "row sums")}
    rows = []
    for key, label, short, group in groupings:
        for source, (source_label, source_short) in sources.items():
            means = unweighted_group_means(shares[source], group)
            for name in GROUPS:
                countries = [c for c in shares[source] if (c in group) == (name == "BRI")]
                is_paper = key == "paper" and source == "printed"
                rows.append({
                    "scenario": f"{key}_{source}", "scenario_label": f"{label}, {source_label}",
                    "scenario_short": f"{short}, {source_short}", "grouping": key, "source": source, "group": name,
                    "countries": ", ".join(countries), "n_countries": len(countries), "mean": float(means[name]),
                    "mean_rounded": _two_decimals(means[name]),
                    "mean_truncated": _two_decimals(means[name], "truncate"),
                    "printed": printed[name] if is_paper else "",
                    "status": num.compare_value(printed[name], means[name]).status if is_paper else "",
                })
    return pd.DataFrame(rows)


def _membership(data) -> pd.DataFrame:
    """BRI, AIIB and NDB membership of the Table 1 countries beside the article's grouping."""
    table = data.bri_membership

    def yes(series):
        return series.astype(bool).map({True: "yes", False: "no"})

    matches = table["bri_member"].astype(bool) == (table["paper_group"] == "BRI")
    return pd.DataFrame({
        "Country": table["country"], "BRI": yes(table["bri_member"]), "AIIB": yes(table["aiib_member"]),
        "NDB": yes(table["ndb_member"]), "Article's group": table["paper_group"],
        "Group matches BRI membership": yes(matches), "Note": table["reason"],
    })


# ----------------------------------------------------------------------------------------------- the chapter
def results(data, confidence: float = 0.95, bri_countries=None) -> Results:
    """Every value, table and chart of chapter 3 (``03_policy_bri``).

    Parameters: ``data`` (a :class:`paradiplomacy.data.Data`), ``confidence`` (level of the intervals and of the
    paired test, in (0, 1)) and ``bri_countries`` (see :func:`validate_bri_countries`); bad values raise
    ParameterError naming the parameter.

    ``values``: the chapter's claim ids - numbers of ``bilateral_context.csv``, dates as printed
    (``policy_timeline.csv``), Table 1 shares, each row's *recomputed* % agree and mean (``t1_*_agree``,
    ``t1_*_mean``) and the article's two averages recomputed with its grouping (``s31_bri_pct_agree``,
    ``s31_non_bri_pct_agree``) - and the book's own numbers:

    * ``x_tve_growth`` (1990 / 1984-85 trade revenue), ``x_added_events``, ``x_added_names`` (timeline dates the
      book adds); ``x_membership_as_of``, ``x_aiib_members``, ``x_bri_members``, ``x_table1_countries``,
      ``x_group_mismatches`` (countries whose article group differs from their BRI membership);
    * Table 1 check: ``x_n``, ``x_rows_sum_ok``, ``x_rows_sum_100``, ``x_agree_reproduced``, ``x_means_reproduced``,
      ``x_unique_reconstructions``, ``x_ci_width_min`` / ``_max`` (points), ``x_confidence_pct``, and for each
      country of :data:`DISCUSSED` ``x_<country>_agree_printed``, ``_count`` (agreeing, reconstructed),
      ``_count_pct`` and ``_gap`` (recomputed minus printed % agree);
    * GRIM: ``x_grim_onedec_total`` / ``_ok``, ``x_grim_shares_total`` / ``_ok``, ``x_grim_impossible``;
    * averages: ``x_bri_printed``, ``x_bri_rounded``, ``x_paper_bri_list``, ``x_paper_non_bri_list``,
      ``x_<scenario>_bri`` / ``_non_bri`` (two decimals, half-up) / ``_gap`` for ``paper``/``members`` x
      ``printed``/``recomputed``; for the parameter's grouping ``x_bri_countries``, ``x_bri_group_mean``,
      ``x_non_bri_group_mean``, ``x_bri_gap`` (printed % agree; ``_rows`` suffix: row sums),
      ``x_bri_group_mean_2dp``, ``x_non_bri_group_mean_2dp``;
    * paired test (:func:`paradiplomacy.methods.bounds.group_contrast`): ``x_bri_test_count_gap``, ``_t_min``,
      ``_p_max``, ``_dz_min``, ``_ci_low``, ``_ci_high``, ``_verdict``, ``_sd_ratio`` (largest sd / independent).

    ``tables``: ``table1`` (the row-by-row check as data: one row per country with ``agree_count``, ``ci_low``,
    ...), and for display ``table1_printed`` (the article's Table 1 with its printed tokens), the check in three
    narrow parts ``check_agree``, ``check_mean``, ``check_counts`` (``check`` keeps the former wide table),
    ``grim`` (the impossible percentages), ``comparison``, ``membership``. ``x_bri_test_p_max_text`` is the
    largest p-value as :func:`~paradiplomacy.paper.results.format_p` writes it.
    ``charts``: ``timeline``, ``table1``, ``comparison``.
    """
    confidence = intervals.validate_confidence(confidence)
    chosen = validate_bri_countries(bri_countries, data)
    n = data.n
    ours = set(data.claims_of(CHAPTER)["claim_id"])
    v: dict = {}

    # Section 3: context numbers and the policy timeline (dates as printed)
    context = data.bilateral_context
    for row in context[context["claim_id"].isin(ours)].itertuples():
        v[row.claim_id] = int(row.value) if float(row.value).is_integer() else float(row.value)
    tve = context.set_index("claim_id")["value"]
    v["x_tve_growth"] = float(tve["s3_tve_trade_1990"] / tve["s3_tve_trade_1984_85"])
    timeline = data.policy_timeline.set_index("event_id").loc[list(TIMELINE_EVENTS)].reset_index()
    v.update({r.claim_id: r.date_printed for r in timeline[timeline["claim_id"].isin(ours)].itertuples()})
    added = timeline[timeline["year_source"] == "added"]
    v.update(x_added_events=len(added), x_added_names="; ".join(added["event"]))

    # Section 3.1: memberships
    membership = _membership(data)
    as_of = data.bri_membership["as_of"].max()
    v.update(x_membership_as_of=f"{as_of.day} {as_of:%B %Y}", x_table1_countries=len(membership),
             x_aiib_members=int((membership["AIIB"] == "yes").sum()),
             x_bri_members=int((membership["BRI"] == "yes").sum()),
             x_group_mismatches=", ".join(membership.loc[membership["Group matches BRI membership"] == "no",
                                                         "Country"]))

    # Table 1 row by row
    t1 = table1_check(data, confidence)
    v.update({r.claim_id: float(r.value) for r in data.table1.itertuples()})
    for r in t1.itertuples():
        v[r.mean_claim], v[r.agree_claim] = r.mean_recomputed, r.agree_recomputed
    by_country = t1.set_index("country")
    for country in DISCUSSED:
        row, key = by_country.loc[country], f"x_{country.lower()}"
        v.update({f"{key}_agree_printed": row["agree_printed"], f"{key}_count": int(row["agree_count"]),
                  f"{key}_count_pct": float(row["agree_count_pct"]), f"{key}_gap": float(row["agree_difference"])})
    widths = t1["ci_high"] - t1["ci_low"]
    v.update(x_n=n, x_confidence_pct=f"{100 * confidence:g}", x_rows_sum_ok=int(t1["sum_ok"].sum()),
             x_rows_sum_100=int((t1["dist_sum"] == 100).sum()),
             x_agree_reproduced=int((t1["agree_status"] == "reproduced").sum()),
             x_means_reproduced=int((t1["mean_status"] == "reproduced").sum()),
             x_unique_reconstructions=int((t1["reconstruction"] == "unique solution").sum()),
             x_ci_width_min=float(widths.min()), x_ci_width_max=float(widths.max()))

    # GRIM
    g = _grim(data)
    one_decimal, shares_only, impossible = g[g["decimals"] == 1], g[g["kind"] == "share"], g[~g["consistent"]]
    v.update(x_grim_onedec_total=len(one_decimal), x_grim_onedec_ok=int(one_decimal["consistent"].sum()),
             x_grim_shares_total=len(shares_only), x_grim_shares_ok=int(shares_only["consistent"].sum()),
             x_grim_impossible=", ".join(impossible["country"] + " (" + impossible["printed"] + ")"))

    # BRI versus non-BRI: the article's averages, alternatives, the parameter's grouping
    shares = _agree_shares(t1)
    comparison = _comparison(data, shares, chosen)
    cases = comparison.set_index(["scenario", "group"])
    paper_bri, paper_non = cases.loc[("paper_printed", "BRI")], cases.loc[("paper_printed", "non-BRI")]
    v.update(s31_bri_pct_agree=float(paper_bri["mean"]), s31_non_bri_pct_agree=float(paper_non["mean"]),
             x_bri_printed=paper_bri["printed"], x_bri_rounded=paper_bri["mean_rounded"],
             x_paper_bri_list=paper_bri["countries"], x_paper_non_bri_list=paper_non["countries"])
    for scenario in _SCENARIOS:
        bri, non = cases.loc[(scenario, "BRI")], cases.loc[(scenario, "non-BRI")]
        v.update({f"x_{scenario}_bri": bri["mean_rounded"], f"x_{scenario}_non_bri": non["mean_rounded"],
                  f"x_{scenario}_gap": float(bri["mean"] - non["mean"])})
    v.update(grouping_values(t1, chosen, n, confidence))

    tables = {"table1": t1, "check": _check_display(t1), "membership": membership.style.hide(axis="index"),
              "table1_printed": _table1_printed(data), **_check_parts(t1),
              "grim": impossible[["country", "column", "kind", "printed", "nearest"]].rename(columns={
                  "country": "Country", "column": "Column", "kind": "Kind", "printed": "Printed",
                  "nearest": f"Nearest possible values with n = {n}"}).style.hide(axis="index"),
              "comparison": _comparison_display(comparison)}
    return Results("Section 3 and Table 1", values=v, tables=tables,
                   charts=_charts(data, timeline, t1, comparison))


def _agree_shares(t1: pd.DataFrame) -> dict[str, dict[str, Fraction]]:
    """Each country's % agree as printed and as recomputed from its distribution (``{"printed": ...,
    "recomputed": ...}``, country -> exact share)."""
    return {"printed": {r.country: _exact(r.agree_printed) for r in t1.itertuples()},
            "recomputed": {r.country: agree_share(r.distribution.split()) for r in t1.itertuples()}}


def grouping_values(t1: pd.DataFrame, chosen: Sequence[str], n: int, confidence: float) -> dict:
    """The values of :func:`results` that depend on the BRI grouping ``chosen`` (already validated).

    ``t1`` is :func:`table1_check`'s table. The group means of the printed and the recomputed shares (``x_bri_group_mean``,
    ``x_non_bri_group_mean``, ``x_bri_gap``, each also with ``_rows``; ``_2dp`` forms; ``x_bri_countries``) and the
    paired test over every joint distribution (``x_bri_test_*``, :func:`paradiplomacy.methods.bounds.group_contrast`).
    The BRI sensitivity sweep (:func:`paradiplomacy.replication.sensitivity.direct_table`) calls this once per
    grouping with one ``t1``.
    """
    shares = _agree_shares(t1)
    v: dict = {}
    selected = {source: unweighted_group_means(shares[source], chosen) for source in shares}
    for source, suffix in (("printed", ""), ("recomputed", "_rows")):
        means = selected[source]
        v.update({f"x_bri_group_mean{suffix}": float(means["BRI"]),
                  f"x_non_bri_group_mean{suffix}": float(means["non-BRI"]),
                  f"x_bri_gap{suffix}": float(means["BRI"] - means["non-BRI"])})
    v.update(x_bri_countries=", ".join(chosen), x_bri_group_mean_2dp=_two_decimals(selected["printed"]["BRI"]),
             x_non_bri_group_mean_2dp=_two_decimals(selected["printed"]["non-BRI"]))

    # the paired test over every joint distribution (beyond the paper)
    test = bounds.group_contrast(dict(zip(t1["country"], t1["agree_count"].astype(int))), chosen, n, confidence)
    v.update(x_bri_test_count_gap=test.difference, x_bri_test_t_min=test.t_min, x_bri_test_p_max=test.p_max,
             x_bri_test_dz_min=test.dz_min, x_bri_test_ci_low=test.ci_low, x_bri_test_ci_high=test.ci_high,
             x_bri_test_verdict=test.verdict, x_bri_test_sd_ratio=test.sd_max / test.sd_independent,
             x_bri_test_p_max_text=format_p(test.p_max))
    return v


def _table1_printed(data):
    """Table 1 as the article prints it: country, the six shares under "Distribution (%)", Mean, % Agree (tokens)."""
    shares = data.table1.pivot(index="country", columns="response", values="printed")
    summary = data.table1_summary.pivot(index="country", columns="statistic", values="printed")
    countries = list(data.enum("table1", "country"))
    frame = pd.DataFrame({("Country", ""): [_PRINTED_NAMES.get(c, c) for c in countries],
                          **{("Distribution (%)", str(r)): list(shares.loc[countries, r]) for r in range(1, 7)},
                          ("Mean", ""): list(summary.loc[countries, "mean"]),
                          ("% Agree", ""): list(summary.loc[countries, "pct_agree"])})
    frame.columns = pd.MultiIndex.from_tuples(frame.columns)
    return frame.style.hide(axis="index").set_table_styles([{"selector": "td, th", "props": "padding: 0 0.3em"}])


#: Country names that the article prints differently from the data's enumeration.
_PRINTED_NAMES = {"Philippines": "The Philippines"}


def _check_parts(t1: pd.DataFrame) -> dict:
    """The row-by-row check of Table 1 in three narrow tables: % agree, mean, reconstructed counts."""
    country = t1["country"]
    agree = pd.DataFrame({"Country": country, "Shares sum": t1["dist_sum"].map("{:.1f}".format),
                          "Printed": t1["agree_printed"],
                          "Answers 4–6": t1["agree_recomputed"].map("{:.1f}".format),
                          "Status": t1["agree_status"].map(_STATUS_WORDS)})
    mean = pd.DataFrame({"Country": country, "Printed": t1["mean_printed"],
                         "Weighted": t1["mean_recomputed"].map("{:.3f}".format),
                         "Rounds to": t1["mean_rounded"], "Status": t1["mean_status"].map(_STATUS_WORDS)})
    counts = pd.DataFrame({"Country": country, "Group": t1["paper_group"],
                           "Agreeing (reconstructed)": t1["agree_count"].astype(int).astype(str) + " of "
                           + t1["n"].astype(str),
                           "Wilson interval (%)": t1["ci_low"].map("{:.1f}".format) + "–"
                           + t1["ci_high"].map("{:.1f}".format)})
    return {name: frame.style.hide(axis="index")
            for name, frame in (("check_agree", agree), ("check_mean", mean), ("check_counts", counts))}


def _check_display(t1: pd.DataFrame):
    return (t1.assign(**{
        "Status (% agree)": t1["agree_status"].map(_STATUS_WORDS),
        "Status (mean)": t1["mean_status"].map(_STATUS_WORDS),
        "Agreeing (reconstructed count)": t1["agree_count"].astype(str) + " of " + t1["n"].astype(str),
        "Wilson interval (%)": t1["ci_low"].map("{:.1f}".format) + "–" + t1["ci_high"].map("{:.1f}".format),
    })[["country", "paper_group", "distribution", "dist_sum", "agree_printed", "agree_recomputed", "Status (% agree)",
        "mean_printed", "mean_recomputed", "mean_rounded", "Status (mean)", "Agreeing (reconstructed count)",
        "Wilson interval (%)"]]
        .rename(columns={"country": "Country", "paper_group": "Article's group",
                         "distribution": "Distribution 1–6 (printed)", "dist_sum": "Sum",
                         "agree_printed": "% agree (printed)", "agree_recomputed": "% agree (4–6 summed)",
                         "mean_printed": "Mean (printed)", "mean_recomputed": "Mean (weighted)",
                         "mean_rounded": "Rounds to"})
        .style.hide(axis="index")
        .format({"Sum": "{:.1f}", "% agree (4–6 summed)": "{:.1f}", "Mean (weighted)": "{:.3f}"}))


def _comparison_display(comparison: pd.DataFrame):
    return (comparison[["scenario_label", "group", "mean", "mean_rounded", "mean_truncated", "printed", "status"]]
            .assign(status=comparison["status"].map(_STATUS_WORDS).replace("", "—"),
                    printed=comparison["printed"].replace("", "—"))
            .rename(columns={"scenario_label": "Grouping and input", "group": "Group", "countries": "Countries",
                             "n_countries": "Number", "mean": "Unweighted mean", "mean_rounded": "Rounded (2 dp)",
                             "mean_truncated": "Truncated (2 dp)", "printed": "Printed", "status": "Status"})
            .style.hide(axis="index").format({"Unweighted mean": "{:.4f}"}))


def _charts(data, timeline: pd.DataFrame, t1: pd.DataFrame, comparison: pd.DataFrame) -> dict:
    timeline = timeline.assign(
        when=timeline["date_printed"].where(timeline["date_printed"] != "", timeline["year"].astype(str)),
        source=timeline["year_source"].map({"printed": "dated in the article", "added": "added by this book"}))
    long = (data.table1[["country", "response_label", "printed", "value"]]
            .rename(columns={"value": "share", "response_label": "Answer"})
            .join(t1.set_index("country")[["ci_low", "ci_high"]], on="country"))
    return {
        "timeline": partial(charts.timeline,
            timeline, date="year", label="event", group="source", date_label="when",
            title="From the Open Door to the Belt and Road: policy milestones",
            description=(
                f"Timeline of {len(timeline)} events from the late 1970s to 2025, one row per event with a dot at "
                "its year. It runs from the Open Door policy, the tax reforms and the first four Special Economic "
                "Zones, through the 1996 call for coastal-interior aid, Go West in 1999 and Going Out in 2000, to "
                "the launch of the Belt and Road Initiative in 2013, its Vision and Actions document in 2015, the "
                "founding of the AIIB and the New Development Bank, two Five-Year Plans, FOCAC joining the BRI in "
                "2018 and about 150 partner countries by May 2025. Dates the article prints are marked differently "
                "from the dates this book adds from standard references.")),
        "table1": partial(charts.likert_diverging,
            long, category="country", response="Answer", share="share",
            order=list(data.enum("table1", "response_label")), printed="printed", ci_low="ci_low", ci_high="ci_high",
            title="Is this country friendly towards China? Answers by country (Table 1)",
            description=(
                "Diverging stacked bars, one per country in the article's order, with disagreeing answers to the "
                "left of zero and agreeing answers to the right. The totals at the ends are the summed printed "
                "shares. Kazakhstan, Kyrgyzstan and Singapore have the largest agreeing totals, above eighty "
                "percent; Japan and the USA have the smallest, below forty percent, with most of their respondents "
                "disagreeing. Error bars on the agreeing side show a Wilson confidence interval for the share "
                "agreeing, from counts reconstructed from published percentages.")),
        "comparison": partial(charts.grouped_bars,
            # The article's own bars carry its printed value (79.21, a truncation); the others two decimals.
            comparison.rename(columns={"group": "Group"}).assign(
                label=comparison["printed"].where(comparison["printed"] != "", comparison["mean_rounded"])),
            category="scenario_short", group="Group", share="mean", printed="label", title="Average share finding a country friendly, BRI and non-BRI groups",
            description=(
                "Grouped bars comparing the unweighted average percent agree of the BRI group and the non-BRI "
                "group under several choices: the article's grouping ('Article') with the printed percent agree "
                "or with percent agree recomputed from each row ('row sums'), and grouping by actual BRI "
                "membership, which counts the Philippines as a BRI country ('Members'), with both inputs. In every "
                "version the BRI average is close to eighty percent or a little lower and the non-BRI average a "
                "little under fifty percent, so the gap stays large."),
            axis_title="Unweighted mean of countries' % agree"),
    }
