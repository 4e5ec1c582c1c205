"""Accessible Altair charts for the replication book.

Every helper returns an Altair top-level chart that carries a non-empty ``title``, a top-level Vega-Lite
``description`` (the text alternative: :func:`render` uses it as the figure's ``aria-label`` and as a visually
hidden ``<figcaption>``) and ``usermeta["paradiplomacy"]`` holding both, so the text alternative survives when a
later build step re-embeds the Vega-Lite JSON. Colours are set in each chart (so they hold under any theme); font
sizes, the width and text colours come from the ``paradiplomacy`` theme, enabled once with :func:`register_theme`.

Colour choices
--------------
* Categories use the Okabe–Ito palette (Okabe & Ito 2008), keeping the four members that reach 3:1 against white
  (WCAG 2.1 SC 1.4.11, non-text contrast) and replacing the too-light orange and sky blue with a darkened ochre
  and a dark grey.
* The 6-point Likert scale diverges from orange/brown (disagree) to blue (agree), the hue pair that stays
  distinguishable under the common colour-vision deficiencies; every shade reaches 3:1 against white and stacked
  segments are separated by a white stroke.
* Text uses near-black and dark grey, both at least 4.5:1 against white (SC 1.4.3).

:func:`contrast_ratio` implements the WCAG 2.1 formula so the tests can check these claims.
"""
from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import vl_convert

__all__ = [
    "THEME_NAME", "BACKGROUND", "WRAP_TEXT", "TEXT_COLOR", "MUTED_TEXT_COLOR", "CATEGORY_PALETTE", "LIKERT_PALETTE",
    "NEUTRAL_COLOR", "FONT_SIZES", "MIN_MARK_CONTRAST", "MIN_TEXT_CONTRAST", "relative_luminance",
    "contrast_ratio", "likert_palette", "theme_config", "register_theme", "likert_diverging", "profile_panels",
    "part_to_whole", "grouped_bars", "timeline", "line_series", "series_with_points", "to_svg", "save_svg",
    "figure_html", "render",
]

#: Name under which :func:`register_theme` registers the Altair theme.
THEME_NAME = "paradiplomacy"
BACKGROUND = "#ffffff"
#: Key of a chart's ``usermeta["paradiplomacy"]`` naming a text layer (its index) and its data field whose text the
#: page breaks into lines when it draws the chart at a phone's width (paradiplomacy-charts.js): a timeline's names.
WRAP_TEXT = "wrap_text"
#: Titles, value labels and annotations (17.4:1 against white).
TEXT_COLOR = "#1a1a1a"
#: Axis labels and secondary text (8.5:1 against white).
MUTED_TEXT_COLOR = "#4d4d4d"
#: Colours for nominal categories, in the order they are assigned.
CATEGORY_PALETTE: tuple[str, ...] = (
    "#0072B2",  # Okabe–Ito blue
    "#D55E00",  # Okabe–Ito vermillion
    "#009E73",  # Okabe–Ito bluish green
    "#CC79A7",  # Okabe–Ito reddish purple
    "#9A6700",  # Okabe–Ito orange, darkened to reach 3:1
    "#4d4d4d",  # dark grey (stands in for Okabe–Ito black)
)
#: Colours for a 6-point agreement scale, from strongly disagree (dark brown) to strongly agree (dark blue).
LIKERT_PALETTE: tuple[str, ...] = ("#6B3100", "#A64B00", "#DB7400", "#4393C3", "#2166AC", "#0D3B78")
#: Middle category of an odd-length scale (4.5:1 against white).
NEUTRAL_COLOR = "#767676"
#: Font sizes in CSS pixels used by the theme (labels >= 12 px, titles >= 14 px).
FONT_SIZES: dict[str, int] = {"label": 12, "axis_title": 14, "legend_title": 14, "title": 18, "subtitle": 14}
#: WCAG 2.1 SC 1.4.11 minimum contrast of a graphical object against its background.
MIN_MARK_CONTRAST = 3.0
#: WCAG 2.1 SC 1.4.3 minimum contrast of normal-size text against its background.
MIN_TEXT_CONTRAST = 4.5

_FONT = "'Source Sans 3', 'Segoe UI', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
_WIDTH = 560
_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_SR_ONLY_STYLE = ("position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
                  "clip:rect(0,0,0,0);clip-path:inset(50%);white-space:nowrap;border:0")


# ------------------------------------------------------------------------------------------- colour and theme
def relative_luminance(hex_color: str) -> float:
    """WCAG 2.1 relative luminance (0 black to 1 white) of ``"#rrggbb"`` or ``"#rgb"`` (``#`` optional).

    Raises ValueError for anything else.
    """
    if not isinstance(hex_color, str):
        raise ValueError(f"hex_color must be a string like '#1a2b3c', found {hex_color!r}")
    match = _HEX.match(hex_color.strip())
    if match is None:
        raise ValueError(f"hex_color must look like '#1a2b3c' or '#abc', found {hex_color!r}")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(hex1: str, hex2: str) -> float:
    """WCAG 2.1 contrast ratio ``(L_lighter + 0.05) / (L_darker + 0.05)``, from 1 to 21 (order irrelevant).

    >>> round(contrast_ratio("#000000", "#ffffff"), 2)
    21.0
    >>> round(contrast_ratio("#767676", "#fff"), 2)
    4.54
    """
    high, low = sorted((relative_luminance(hex1), relative_luminance(hex2)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def likert_palette(n_points: int) -> list[str]:
    """Colours for an agreement scale of ``n_points`` (2 to 7) options, most negative first.

    Even scales split into as many disagree as agree shades, the lightest nearest the centre; odd scales put
    :data:`NEUTRAL_COLOR` in the middle.
    """
    if isinstance(n_points, bool) or not isinstance(n_points, int) or not 2 <= n_points <= 7:
        raise ValueError(f"n_points must be an integer from 2 to 7, found {n_points!r}")
    per_side = n_points // 2
    middle = [NEUTRAL_COLOR] if n_points % 2 else []
    return list(LIKERT_PALETTE[:3])[3 - per_side :] + middle + list(LIKERT_PALETTE[3:])[:per_side]


def theme_config() -> dict[str, Any]:
    """The ``paradiplomacy`` theme as a fresh Vega-Lite top-level dictionary (``width`` and ``config``)."""
    label, axis_title = FONT_SIZES["label"], FONT_SIZES["axis_title"]
    axis = {"labelFontSize": label, "titleFontSize": axis_title, "labelColor": MUTED_TEXT_COLOR,
            "titleColor": TEXT_COLOR, "titleFontWeight": "normal", "domainColor": "#767676",
            "tickColor": "#767676", "gridColor": "#e0e0e0"}
    header = {"labelFontSize": label, "titleFontSize": axis_title, "labelColor": TEXT_COLOR, "titleColor": TEXT_COLOR}
    return {"width": _WIDTH, "config": {
        "background": BACKGROUND, "font": _FONT, "padding": 8,
        "view": {"stroke": None, "continuousWidth": _WIDTH, "continuousHeight": 300},
        "title": {"fontSize": FONT_SIZES["title"], "subtitleFontSize": FONT_SIZES["subtitle"], "color": TEXT_COLOR,
                  "subtitleColor": MUTED_TEXT_COLOR, "anchor": "start", "fontWeight": "bold", "offset": 12},
        "axis": axis,
        "legend": {"labelFontSize": label, "titleFontSize": FONT_SIZES["legend_title"], "labelColor": TEXT_COLOR,
                   "titleColor": TEXT_COLOR, "labelLimit": 320, "symbolSize": 150},
        "header": header, "headerRow": dict(header), "headerColumn": dict(header), "headerFacet": dict(header),
        "text": {"fontSize": label, "color": TEXT_COLOR},
        "bar": {"color": CATEGORY_PALETTE[0]},
        "line": {"strokeWidth": 2.5},
        "point": {"size": 60, "filled": True},
        "rule": {"color": MUTED_TEXT_COLOR},
        "range": {"category": list(CATEGORY_PALETTE), "ordinal": list(LIKERT_PALETTE)},
    }}


def register_theme() -> str:
    """Register and enable the ``paradiplomacy`` Altair theme (safe to call again); returns :data:`THEME_NAME`."""
    alt.theme.register(THEME_NAME, enable=True)(theme_config)
    return THEME_NAME


# ------------------------------------------------------------------------------------------- input checks
def _require_text(**fields: Any) -> None:
    for name, value in fields.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} must be a non-empty string (it is the chart's accessible {name}), found {value!r}")


def _check_frame(df: Any, *, text: Sequence[str] = (), numeric: Sequence[str | None] = (),
                 other: Sequence[str | None] = ()) -> pd.DataFrame:
    """Check that `df` is a non-empty DataFrame with the named columns and no missing values there."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, found {type(df).__name__}")
    if df.empty:
        raise ValueError("df has no rows")
    wanted = [c for c in (*text, *numeric, *other) if c is not None]
    missing = [c for c in wanted if c not in df.columns]
    if missing:
        raise ValueError(f"df has no column(s) {missing}; columns are {list(df.columns)}")
    for column in wanted:
        bad = df[column].isna()
        if column in text:
            bad = bad | df[column].astype(str).str.strip().eq("")
        if bad.any():
            raise ValueError(f"column {column!r} is empty in row(s) {list(df.index[bad])}")
    for column in (c for c in numeric if c is not None):
        series = df[column]
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            raise ValueError(f"column {column!r} must be numeric, found dtype {series.dtype}")
        if not all(math.isfinite(float(v)) for v in series):
            raise ValueError(f"column {column!r} has non-finite values")
    return df


def _check_percent(df: pd.DataFrame, columns: Sequence[str | None]) -> None:
    for column in (c for c in columns if c is not None):
        out = (df[column] < 0) | (df[column] > 100)
        if out.any():
            raise ValueError(f"column {column!r} must hold percentages in 0..100; row(s) {list(df.index[out])} do not")


def _check_shares(df: pd.DataFrame, text: list[str], share: str, ci_low: str | None, ci_high: str | None,
                  printed: str | None, unique: list[str]) -> bool:
    """The checks shared by the bar helpers; True when a confidence interval is given."""
    _check_frame(df, text=text + ([printed] if printed else []), numeric=[share, ci_low, ci_high])
    _check_percent(df, [share])
    if (ci_low is None) != (ci_high is None):
        raise ValueError("give both ci_low and ci_high, or neither")
    if ci_low is not None:
        _check_percent(df, [ci_low, ci_high])
        reversed_ = df[ci_low] > df[ci_high]
        if reversed_.any():
            raise ValueError(f"ci_low {ci_low!r} exceeds ci_high {ci_high!r} in row(s) {list(df.index[reversed_])}")
    _check_unique(df, unique)
    return ci_low is not None


def _check_unique(df: pd.DataFrame, key: list[str]) -> None:
    dup = df.duplicated(subset=key, keep=False)
    if dup.any():
        raise ValueError(f"rows {list(df.index[dup])} repeat the same {key} combination")


def _check_colours(names: list, column: str, noun: str, limit: int, how: str) -> None:
    if len(names) > limit:
        raise ValueError(f"{len(names)} {noun} in {column!r}; at most {limit} can be {how}")


def _check_rule(rule_at: Any, rule_label: str | None) -> None:
    if rule_label is not None and rule_at is None:
        raise ValueError("rule_label needs rule_at")
    if rule_label is not None:
        _require_text(rule_label=rule_label)


# ------------------------------------------------------------------------------------------- shared pieces
def _labels(df: pd.DataFrame, share: str, printed: str | None) -> list[str]:
    """Value labels: the printed text plus '%' when a printed column is given, else one decimal."""
    if printed is not None:
        return [f"{str(p).strip()}%" for p in df[printed]]
    return [f"{float(v):.1f}%" for v in df[share]]


def _decimals(df: pd.DataFrame, printed: str | None) -> int:
    if printed is None:
        return 1
    return max(len(str(p).strip().split(".")[1]) if "." in str(p) else 0 for p in df[printed])


def _top_level(title: str, description: str) -> dict[str, Any]:
    return {"title": title, "description": description,
            "usermeta": {"paradiplomacy": {"title": title, "description": description}}}


def _order(values: pd.Series) -> list[Any]:
    """Distinct values in order of first appearance (the printed order)."""
    return list(dict.fromkeys(values.tolist()))


def _bar_data(df: pd.DataFrame, columns: dict[str, str], share: str, printed: str | None, ci_low: str | None,
              ci_high: str | None, has_ci: bool) -> pd.DataFrame:
    """Plot frame of the bar helpers: the named columns, ``share, label``, the interval and ``label_x``."""
    data = pd.DataFrame({**{name: df[column].tolist() for name, column in columns.items()},
                         "share": df[share].astype(float).tolist(), "label": _labels(df, share, printed)})
    if has_ci:
        data["ci_low"] = df[ci_low].astype(float).tolist()
        data["ci_high"] = df[ci_high].astype(float).tolist()
    data["label_x"] = data[["share", "ci_high"]].max(axis=1) if has_ci else data["share"]
    return data


def _error_bars(data: pd.DataFrame, x_title: str, position: dict[str, Any], tooltip: list[Any]) -> list[alt.Chart]:
    """Black interval whiskers over a wider white halo, so they stay visible on dark bars."""
    return [alt.Chart(data)
            .mark_errorbar(ticks={"size": tick_size, "thickness": thickness, "color": colour}, color=colour, thickness=thickness)
            .encode(x=alt.X("ci_low:Q", title=x_title), x2="ci_high:Q", tooltip=tooltip, **position)
            for colour, thickness, tick_size in ((BACKGROUND, 5, 12), (TEXT_COLOR, 2, 10))]


def _percent_axis_max(value: float) -> float:
    return min(100.0, max(10.0, math.ceil(value / 10.0) * 10.0))


def _colour(field: str, title: str, names: list) -> alt.Color:
    return alt.Color(field, title=title, scale=alt.Scale(domain=names, range=list(CATEGORY_PALETTE[: len(names)])),
                     legend=alt.Legend(orient="bottom"))


def _time_field(df: pd.DataFrame, column: str) -> tuple[str, list[Any], list[str]]:
    """Vega-Lite type, JSON-safe values and year/date text for a year or datetime column."""
    series = df[column]
    if pd.api.types.is_datetime64_any_dtype(series):
        if series.isna().any():
            raise ValueError(f"column {column!r} has missing dates")
        return "temporal", [ts.strftime("%Y-%m-%d") for ts in series], [ts.strftime("%Y-%m-%d") for ts in series]
    if pd.api.types.is_integer_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return "quantitative", [int(v) for v in series], [str(int(v)) for v in series]
    raise ValueError(f"column {column!r} must hold integer years or datetimes, found dtype {series.dtype}")


def _series(df: pd.DataFrame, x: str, y: str, series: str, limit: int):
    """Checks and plot frame of the line helpers: ``(kind, vl_type, data, names, x encoding)``."""
    _check_frame(df, text=[series], numeric=[y], other=[x])
    _check_unique(df, [series, x])
    kind, values, _ = _time_field(df, x)
    names = _order(df[series].astype(str))
    _check_colours(names, series, "series", limit, "told apart")
    data = pd.DataFrame({"x": values, "y": df[y].astype(float).tolist(), "series": df[series].astype(str).tolist()})
    vl_type = "Q" if kind == "quantitative" else "T"
    axis = alt.Axis(format="d", tickMinStep=1) if kind == "quantitative" else alt.Axis()
    x_enc = alt.X(f"x:{vl_type}", title=x, axis=axis, scale=alt.Scale(zero=False) if kind == "quantitative" else alt.Scale())
    return kind, vl_type, data, names, x_enc


def _lines(data: pd.DataFrame, x_enc: alt.X, y_enc: alt.Y, names: list, kind: str, x: str, y: str,
           series: str) -> alt.Chart:
    """Lines with points, told apart by colour and dash pattern."""
    vl_type = "Q" if kind == "quantitative" else "T"
    dash = alt.StrokeDash("series:N", title=series, scale=alt.Scale(domain=names))
    tooltip = [alt.Tooltip("series:N", title=series),
               alt.Tooltip(f"x:{vl_type}", title=x, format="d" if kind == "quantitative" else "%Y-%m-%d"),
               alt.Tooltip("y:Q", title=y)]
    return alt.Chart(data).mark_line(point=True).encode(x=x_enc, y=y_enc, color=_colour("series:N", series, names),
                                                        strokeDash=dash, tooltip=tooltip)


def _rule(rule_at: Any, rule_label: str | None, vl_type: str, align: str) -> list[alt.Chart]:
    """A dashed vertical rule at ``rule_at``, with its label written on the ``align`` side."""
    if rule_at is None:
        return []
    rule_data = pd.DataFrame({"x": [rule_at], "label": [rule_label or ""]})
    layers = [alt.Chart(rule_data).mark_rule(color=MUTED_TEXT_COLOR, strokeDash=[6, 4], strokeWidth=1.5).encode(x=f"x:{vl_type}")]
    if rule_label:
        layers.append(alt.Chart(rule_data).mark_text(align=align, baseline="top", dx=4 if align == "left" else -4, dy=2,
                                                     color=TEXT_COLOR).encode(x=f"x:{vl_type}", y=alt.value(0), text="label:N"))
    return layers


#: Room (px) kept beyond either end of a diverging chart's axis for the totals written at the bars' ends: on a phone,
#: where the chart is drawn at the column's width, a long disagree bar left its total no room before the names.
TOTAL_LABEL_PX = 44


# ------------------------------------------------------------------------------------------- charts
# Every helper takes ``title`` and ``description`` (required, non-empty: the accessible name and text
# alternative) and raises ValueError for missing columns or values, repeated keys or shares outside 0..100.
# ``printed`` names a column with the share as printed (used verbatim in labels and tooltips; otherwise one
# decimal); ``ci_low`` / ``ci_high`` name percent interval columns, drawn as error bars.
def likert_diverging(df: pd.DataFrame, *, category: str, response: str, share: str, order: Sequence[Any], title: str,
                     description: str, neutral: Any = None, ci_low: str | None = None, ci_high: str | None = None,
                     printed: str | None = None, axis_title: str = "Share of respondents (%)") -> alt.LayerChart:
    """Diverging stacked bars for agreement-scale distributions, one bar per ``category`` (first-seen order).

    ``df`` is long (one row per category and ``response``); ``order`` lists every response from the most
    negative to the most positive (at most 7), and each category needs exactly one row per response. The first
    half of the scale extends left of zero, the second half right, the mildest answers nearest the centre; text
    at either end states the summed disagree and agree shares. An odd scale needs ``neutral`` = its middle
    option, whose share is split half left, half right. The interval is that of the agree total, repeated on
    every row of the category.
    """
    _require_text(title=title, description=description)
    has_ci = _check_shares(df, [category, response], share, ci_low, ci_high, printed, [category, response])
    order = list(order)
    if len(order) < 2 or len(set(order)) != len(order):
        raise ValueError(f"order must list at least two distinct response options, found {order!r}")
    if len(order) > 7:
        raise ValueError(f"order has {len(order)} options; at most 7 are supported")
    unknown = sorted({str(v) for v in df[response] if v not in order})
    if unknown:
        raise ValueError(f"column {response!r} has values not in order: {unknown}")
    if len(order) % 2:
        middle = order[len(order) // 2]
        if neutral is None or neutral != middle:
            raise ValueError(f"an odd-length scale needs neutral= its middle option {middle!r}, found {neutral!r}")
    elif neutral is not None:
        raise ValueError(f"neutral={neutral!r} given but the scale has an even number of options")
    categories = _order(df[category])
    for cat in categories:
        missing = [r for r in order if r not in set(df.loc[df[category] == cat, response])]
        if missing:
            raise ValueError(f"category {cat!r} has no row for response(s) {missing}")

    per_side = len(order) // 2
    disagree, agree = order[:per_side], order[len(order) - per_side :]
    labels = dict(zip(df.index, _labels(df, share, printed)))
    segments, totals = [], []
    for cat in categories:
        rows = df[df[category] == cat].set_index(response)
        label = {r: labels[i] for r, i in zip(df.loc[df[category] == cat, response], df.index[df[category] == cat])}
        half_neutral = float(rows.loc[neutral, share]) / 2 if neutral is not None else 0.0
        left = -half_neutral
        for r in reversed(disagree):  # mildest next to the centre
            s = float(rows.loc[r, share])
            segments.append((cat, r, s, label[r], "disagree", left - s, left))
            left -= s
        if neutral is not None:
            segments.append((cat, neutral, float(rows.loc[neutral, share]), label[neutral], "neutral", -half_neutral,
                             half_neutral))
        right = half_neutral
        for r in agree:
            s = float(rows.loc[r, share])
            segments.append((cat, r, s, label[r], "agree", right, right + s))
            right += s
        row = {"category": cat, "left": left, "right": right, "agree": sum(float(rows.loc[r, share]) for r in agree),
               "disagree": sum(float(rows.loc[r, share]) for r in disagree)}
        if has_ci:
            lows, highs = rows[ci_low].unique(), rows[ci_high].unique()
            if len(lows) != 1 or len(highs) != 1:
                raise ValueError(f"{ci_low!r}/{ci_high!r} must be the same on every row of category {cat!r}")
            row.update(ci_low=float(lows[0]), ci_high=float(highs[0]))
            row["right"] = max(right, row["ci_high"])
        totals.append(row)
    seg = pd.DataFrame(segments, columns=["category", "response", "share", "label", "side", "x_start", "x_end"])
    seg["aria"] = [f"{c}: {r} {lab}" for c, r, lab in zip(seg["category"], seg["response"], seg["label"])]
    tot = pd.DataFrame(totals)
    digits = _decimals(df, printed)
    tot["agree_label"] = [f"{v:.{digits}f}%" for v in tot["agree"]]
    tot["disagree_label"] = [f"{v:.{digits}f}%" for v in tot["disagree"]]

    extent = _percent_axis_max(max(-seg["x_start"].min(), tot["right"].max()))
    y = alt.Y("category:N", sort=categories, title=None)
    x_axis = alt.Axis(labelExpr="abs(datum.value) + '%'", values=[v for v in range(-100, 101, 20) if abs(v) <= extent])
    x_title = f"← disagree · {axis_title} · agree →"
    colour = alt.Color("response:N", title=response, scale=alt.Scale(domain=order, range=likert_palette(len(order))),
                       legend=alt.Legend(orient="bottom", direction="horizontal", columns=min(len(order), 3)))
    bars = alt.Chart(seg).mark_bar(stroke=BACKGROUND, strokeWidth=1).encode(
        x=alt.X("x_start:Q", title=x_title, scale=alt.Scale(domain=[-extent, extent], padding=TOTAL_LABEL_PX),
                axis=x_axis),
        x2="x_end:Q", y=y, color=colour, order=alt.Order("x_start:Q"), description=alt.Description("aria:N"),
        tooltip=[alt.Tooltip("category:N", title=category), alt.Tooltip("response:N", title=response),
                 alt.Tooltip("label:N", title=share)])
    zero = alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color=TEXT_COLOR, strokeWidth=1.5).encode(x=alt.datum(0))
    ends = [alt.Chart(tot).mark_text(align=align, dx=dx, color=TEXT_COLOR).encode(
        x=f"{side}:Q", y=y, text=f"{total}_label:N",
        tooltip=[alt.Tooltip("category:N", title=category), alt.Tooltip(f"{total}_label:N", title=f"{total} total")])
        for align, dx, side, total in (("right", -4, "left", "disagree"), ("left", 4, "right", "agree"))]
    layers = [bars, zero, *ends]
    if has_ci:
        tooltip = [alt.Tooltip("category:N", title=category), alt.Tooltip("ci_low:Q", format=".1f"),
                   alt.Tooltip("ci_high:Q", format=".1f")]
        layers += _error_bars(tot, x_title, {"y": y}, tooltip)
    return alt.layer(*layers, **_top_level(title, description))


def part_to_whole(df: pd.DataFrame, *, category: str, share: str, title: str, description: str,
                  ci_low: str | None = None, ci_high: str | None = None, printed: str | None = None,
                  axis_title: str = "Share of respondents (%)", sort: bool = True,
                  x_max: float | None = None) -> alt.LayerChart:
    """Sorted horizontal bars with value labels for the parts of one whole (one row per unique ``category``).

    The paper draws such distributions (e.g. Figure 1) as a pie chart; angles and areas are compared less
    accurately than lengths on a common scale, so the same shares are drawn as bars sorted from largest to
    smallest (``sort=False`` keeps the row order, e.g. for age bands). ``x_max`` fixes the end of the
    percentage axis so that several panels can share one scale.
    """
    _require_text(title=title, description=description)
    has_ci = _check_shares(df, [category], share, ci_low, ci_high, printed, [category])
    data = _bar_data(df, {"category": category}, share, printed, ci_low, ci_high, has_ci)
    data["aria"] = [f"{c}: {lab}" for c, lab in zip(data["category"], data["label"])]
    if sort:
        data = data.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)
    y = alt.Y("category:N", sort=data["category"].tolist(), title=None)
    upper = _percent_axis_max(data["label_x"].max()) if x_max is None else float(x_max)
    tooltip = [alt.Tooltip("category:N", title=category), alt.Tooltip("label:N", title=share)]
    bars = alt.Chart(data).mark_bar(color=CATEGORY_PALETTE[0]).encode(
        x=alt.X("share:Q", title=axis_title, scale=alt.Scale(domain=[0, upper])), y=y, tooltip=tooltip,
        description=alt.Description("aria:N"))
    text = alt.Chart(data).mark_text(align="left", dx=4, color=TEXT_COLOR).encode(x="label_x:Q", y=y, text="label:N",
                                                                              tooltip=tooltip)
    layers = [bars, text]
    if has_ci:
        layers += _error_bars(data, axis_title, {"y": y}, tooltip)
    return alt.layer(*layers, **_top_level(title, description))


def profile_panels(df: pd.DataFrame, *, panel: str, category: str, share: str, title: str, description: str,
                   ci_low: str | None = None, ci_high: str | None = None, printed: str | None = None,
                   axis_title: str = "Share of respondents (%)") -> alt.VConcatChart:
    """One :func:`part_to_whole` panel per value of ``panel`` (e.g. age, gender), stacked on one shared scale.

    Panels appear in first-seen order, titled with the panel name; bars keep the row order of ``df``.
    """
    _require_text(title=title, description=description)
    _check_frame(df, text=[panel, category], numeric=[share, ci_low, ci_high])
    tops = [share] + ([ci_high] if ci_high else [])
    upper = _percent_axis_max(float(df[tops].astype(float).max().max()) + 8)
    panels = []
    for name in _order(df[panel]):
        chart = part_to_whole(df[df[panel] == name], category=category, share=share, title=str(name)[:1].upper() + str(name)[1:],
                              description=f"{description} Panel: {name}.", ci_low=ci_low, ci_high=ci_high,
                              printed=printed, axis_title=axis_title, sort=False, x_max=upper)
        chart = chart.properties(height=alt.Step(22))
        chart.usermeta = alt.Undefined  # only allowed on the top-level spec
        panels.append(chart)
    return alt.vconcat(*panels, **_top_level(title, description)).resolve_scale(x="shared")


def grouped_bars(df: pd.DataFrame, *, category: str, group: str, share: str, title: str, description: str,
                 ci_low: str | None = None, ci_high: str | None = None, printed: str | None = None,
                 axis_title: str = "Share of respondents (%)") -> alt.LayerChart:
    """Grouped horizontal bars with value labels: clusters by ``category`` (first-seen order), one coloured bar per
    ``group`` (at most ``len(CATEGORY_PALETTE)``); a category may lack some groups."""
    _require_text(title=title, description=description)
    has_ci = _check_shares(df, [category, group], share, ci_low, ci_high, printed, [category, group])
    groups = _order(df[group])
    _check_colours(groups, group, "groups", len(CATEGORY_PALETTE), "coloured distinctly")
    data = _bar_data(df, {"category": category, "group": group}, share, printed, ci_low, ci_high, has_ci)
    data["aria"] = [f"{c}, {g}: {lab}" for c, g, lab in zip(data["category"], data["group"], data["label"])]
    y = alt.Y("category:N", sort=_order(df[category]), title=None)
    y_offset = alt.YOffset("group:N", sort=groups)
    tooltip = [alt.Tooltip("category:N", title=category), alt.Tooltip("group:N", title=group), alt.Tooltip("label:N", title=share)]
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("share:Q", title=axis_title, scale=alt.Scale(domain=[0, _percent_axis_max(data["label_x"].max())])),
        y=y, yOffset=y_offset, color=_colour("group:N", group, groups), tooltip=tooltip,
        description=alt.Description("aria:N"))
    text = alt.Chart(data).mark_text(align="left", dx=4, color=TEXT_COLOR).encode(
        x="label_x:Q", y=y, yOffset=y_offset, text="label:N", tooltip=tooltip)
    layers = [bars, text]
    if has_ci:
        layers += _error_bars(data, axis_title, {"y": y, "yOffset": y_offset}, tooltip)
    return alt.layer(*layers, **_top_level(title, description)).properties(height=alt.Step(22))


#: Height of a timeline's row (px): the event's text above, its dot below.
TIMELINE_ROW_PX = 38
#: Width of a timeline's plot (px) where the page has room (the names run across it); on a phone, the column's.
TIMELINE_WIDTH_PX = 600


def timeline(df: pd.DataFrame, *, date: str, label: str, title: str, description: str, group: str | None = None,
             date_label: str | None = None) -> alt.LayerChart:
    """Events on a time axis, one row per event, listed top to bottom in date order and labelled in text.

    ``date`` holds integer years or datetimes; ``label`` the (unique) event text, written above its dot from the
    left edge of the plot (so the chart can be drawn at a phone's width with its text at full size: the page then
    breaks a long label into lines; in the static drawing one longer than the plot is cut short, with the full text
    in the tooltip); ``group`` an optional kind of
    event shown by colour and shape; ``date_label`` the date as written (default the year or ISO date), printed
    next to each dot so same-year events never overprint.
    """
    _require_text(title=title, description=description)
    _check_frame(df, text=[label] + [c for c in (group, date_label) if c], other=[date])
    _check_unique(df, [label])
    kind, values, texts = _time_field(df, date)
    data = pd.DataFrame({"date": values, "label": df[label].astype(str).tolist()})
    data["date_label"] = df[date_label].astype(str).tolist() if date_label else texts
    data["aria"] = [f"{d}: {lab}" for d, lab in zip(data["date_label"], data["label"])]
    data["_pos"] = range(len(data))
    data = data.sort_values(["date", "_pos"], kind="stable").drop(columns="_pos").reset_index(drop=True)
    tooltip = [alt.Tooltip("label:N", title=label), alt.Tooltip("date_label:N", title=date)]
    if kind == "quantitative":
        x = alt.X("date:Q", title=None, scale=alt.Scale(domain=[min(values) - 1, max(values) + 3], zero=False),
                  axis=alt.Axis(format="d", tickMinStep=1))
    else:
        x = alt.X("date:T", title=None)
    y = alt.Y("label:N", sort=data["label"].tolist(), title=None, axis=None)
    encoding: dict[str, Any] = {"x": x, "y": y, "description": alt.Description("aria:N")}
    if group:
        lookup = dict(zip(df[label].astype(str), df[group].astype(str)))  # labels are unique
        data["group"] = [lookup[v] for v in data["label"]]
        groups = _order(data["group"])
        _check_colours(groups, group, "groups", len(CATEGORY_PALETTE), "coloured distinctly")
        encoding["color"] = _colour("group:N", group, groups)
        encoding["shape"] = alt.Shape("group:N", title=group, scale=alt.Scale(domain=groups))
        tooltip.append(alt.Tooltip("group:N", title=group))
    points = alt.Chart(data).mark_point(filled=True, size=90, opacity=1, color=CATEGORY_PALETTE[0]).encode(
        **encoding, tooltip=tooltip)
    text = alt.Chart(data).mark_text(align="left", dx=8, color=TEXT_COLOR, aria=False).encode(
        x=x, y=y, text="date_label:N", tooltip=tooltip)
    # Each event's text above its row, from the plot's left edge, cut short at the plot's width.
    names = alt.Chart(data).mark_text(align="left", baseline="bottom", dy=-7, color=TEXT_COLOR, aria=False,
                                      limit=alt.ExprRef("width")).encode(
        x=alt.value(0), y=y, text="label:N", tooltip=tooltip)
    top = _top_level(title, description)
    # On a phone the page breaks the names into lines instead of cutting them (paradiplomacy-charts.js).
    layers = [points, text, names]
    top["usermeta"]["paradiplomacy"][WRAP_TEXT] = {"layer": layers.index(names), "field": "label"}
    return alt.layer(*layers, **top).properties(height=alt.Step(TIMELINE_ROW_PX), width=TIMELINE_WIDTH_PX)


def line_series(df: pd.DataFrame, *, x: str, y: str, series: str, title: str, description: str, rule_at: Any = None,
                rule_label: str | None = None, y_title: str | None = None) -> alt.LayerChart:
    """Yearly series as lines with points, named at their last point, with an optional vertical rule.

    ``df`` is long (one row per ``series`` and ``x``, integer years or datetimes; at most
    ``len(CATEGORY_PALETTE)`` series, told apart by colour *and* dash pattern). ``rule_at`` places a dashed rule
    (a year, or an ISO date), e.g. 2013 for the launch of the Belt and Road Initiative; ``rule_label`` is
    written next to it.
    """
    _require_text(title=title, description=description)
    _check_rule(rule_at, rule_label)
    kind, vl_type, data, names, x_enc = _series(df, x, y, series, len(CATEGORY_PALETTE))
    last = data.sort_values("x", kind="stable").groupby("series", sort=False).tail(1)
    lines = _lines(data, x_enc, alt.Y("y:Q", title=y_title or y), names, kind, x, y, series)
    ends = alt.Chart(last).mark_text(align="left", dx=6, color=TEXT_COLOR).encode(x=f"x:{vl_type}", y="y:Q", text="series:N")
    return alt.layer(lines, ends, *_rule(rule_at, rule_label, vl_type, "left"), **_top_level(title, description))


def series_with_points(df: pd.DataFrame, points: pd.DataFrame, *, x: str, y: str, series: str, point_label: str,
                       title: str, description: str, rule_at: Any = None, rule_label: str | None = None,
                       y_title: str | None = None) -> alt.LayerChart:
    """Yearly series as lines (named in the legend) plus single values from other sources as labelled diamonds.

    :func:`line_series` names each series at its last point, which overprints a single value lying next to a
    series' end (e.g. a 2017 count beside a series ending in 2016); here each value of ``points`` (columns
    ``x``, ``y`` and the unique ``point_label``) is a diamond with its label above it, never joined to anything
    by a line. At most ``len(CATEGORY_PALETTE) - 1`` series: the last colour is kept for the points.
    """
    _require_text(title=title, description=description)
    _check_rule(rule_at, rule_label)
    _check_frame(points, text=[point_label], numeric=[y], other=[x])
    _check_unique(points, [point_label])
    kind, vl_type, data, names, x_enc = _series(df, x, y, series, len(CATEGORY_PALETTE) - 1)
    point_kind, point_values, _ = _time_field(points, x)
    if kind != point_kind:
        raise ValueError(f"column {x!r} holds {kind} values in df but {point_kind} values in points")
    marks = pd.DataFrame({"x": point_values, "y": points[y].astype(float).tolist(),
                          "label": points[point_label].astype(str).tolist()})
    marks["aria"] = [f"{lab}: {v:g}" for lab, v in zip(marks["label"], marks["y"])]
    y_max = max(data["y"].max(), marks["y"].max())
    lines = _lines(data, x_enc, alt.Y("y:Q", title=y_title or y, scale=alt.Scale(domain=[0, y_max * 1.12])), names,
                   kind, x, y, series)
    fmt = "d" if kind == "quantitative" else "%Y-%m-%d"
    point_tooltip = [alt.Tooltip("label:N", title=point_label), alt.Tooltip(f"x:{vl_type}", title=x, format=fmt),
                     alt.Tooltip("y:Q", title=y)]
    diamonds = alt.Chart(marks).mark_point(shape="diamond", filled=True, size=140, opacity=1, color=CATEGORY_PALETTE[-1]).encode(
        x=f"x:{vl_type}", y="y:Q", tooltip=point_tooltip, description=alt.Description("aria:N"))
    labels = alt.Chart(marks).mark_text(align="center", baseline="bottom", dy=-10, color=TEXT_COLOR, aria=False).encode(
        x=f"x:{vl_type}", y="y:Q", text="label:N")
    return alt.layer(lines, diamonds, labels, *_rule(rule_at, rule_label, vl_type, "right"),
                     **_top_level(title, description))


# ------------------------------------------------------------------------------------------- output
def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    if not isinstance(chart, alt.TopLevelMixin):
        raise TypeError(f"chart must be an Altair top-level chart, found {type(chart).__name__}")
    return chart.to_dict()


def _title_text(spec: dict[str, Any]) -> str:
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(str(t) for t in title)
    return str(title)


def _vl_version() -> str | None:
    wanted = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return wanted if wanted in vl_convert.get_vegalite_versions() else None


def _svg_from_spec(spec: dict[str, Any]) -> str:
    # allowed_base_urls=[] forbids any external data request: rendering never touches the network.
    svg = vl_convert.vegalite_to_svg(spec, vl_version=_vl_version(), allowed_base_urls=[])
    title, description = _title_text(spec), spec.get("description", "")
    attrs = ' role="img"' + (f' aria-label="{html.escape(description, quote=True)}"' if description else "")
    children = (f"<title>{html.escape(title, quote=False)}</title>" if title else "") + (
        f"<desc>{html.escape(description, quote=False)}</desc>" if description else "")
    head = re.match(r"<svg\b[^>]*>", svg)
    if head is None:  # pragma: no cover - vl-convert always returns an <svg> root
        raise RuntimeError("vl-convert returned no <svg> element")
    return head.group(0)[:-1] + attrs + ">" + children + svg[head.end() :]


def to_svg(chart: alt.TopLevelMixin) -> str:
    """A standalone SVG of ``chart`` (vl-convert, offline, under the active theme).

    The root ``<svg>`` gets ``role="img"``, an ``aria-label`` with the description and ``<title>``/``<desc>``
    children; external data URLs are refused, so no network request is made.
    """
    return _svg_from_spec(_spec(chart))


def save_svg(chart: alt.TopLevelMixin, path: str | Path) -> Path:
    """Write :func:`to_svg` output to ``path`` (UTF-8; its folder must exist) and return the path."""
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"path: directory {path.parent} does not exist")
    path.write_text(to_svg(chart), encoding="utf-8")
    return path


def figure_html(chart: alt.TopLevelMixin, *, static: bool = False) -> str:
    """The HTML that :func:`render` displays.

    A ``<figure role="img" aria-label=...>`` holding the SVG, the Vega-Lite spec (without ``$schema``) in
    ``<script type="application/json" class="vega-lite-spec">`` unless ``static``, and a visually hidden
    ``<figcaption class="sr-only">`` with the description. The only URLs are the SVG ``xmlns`` namespace names.
    Raises ValueError when the chart has no top-level description.
    """
    spec = _spec(chart)
    description = spec.get("description")
    if not isinstance(description, str) or not description.strip():
        raise ValueError("chart has no top-level description; build it with a paradiplomacy.charts helper or set description=")
    svg = _svg_from_spec(spec).replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)
    label = html.escape(description, quote=True)
    parts = [f'<figure class="paradiplomacy-chart" role="img" aria-label="{label}" style="position:relative;margin:1em 0;max-width:100%">',
             svg]
    if not static:
        text = json.dumps({k: v for k, v in spec.items() if k != "$schema"}, ensure_ascii=False, separators=(",", ":"))
        # Valid JSON that can never close the <script> element or open an HTML comment.
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        parts.append(f'<script type="application/json" class="vega-lite-spec">{text}</script>')
    parts.append(f'<figcaption class="sr-only" style="{_SR_ONLY_STYLE}">{html.escape(description, quote=False)}</figcaption>')
    parts.append("</figure>")
    return "\n".join(parts)


def render(chart: alt.TopLevelMixin, *, static: bool = False):
    """Notebook display object (``IPython.display.HTML`` of :func:`figure_html`): the chart as an accessible SVG
    figure; ``static`` leaves out the embedded Vega-Lite JSON a later build step uses to make it interactive."""
    from IPython.display import HTML  # here: importing IPython takes ~0.2 s that only a notebook needs

    return HTML(figure_html(chart, static=static))
