"""Tests for paradiplomacy.charts: theme and contrast, chart specs, offline accessible rendering."""
from __future__ import annotations

import json
import re

import altair as alt
import pandas as pd
import pytest
import vl_convert

from paradiplomacy import charts

LABELS = [
    "strongly disagree",
    "disagree",
    "moderately disagree",
    "moderately agree",
    "agree",
    "strongly agree",
]
DISAGREE, AGREE = LABELS[:3], LABELS[3:]
SHARES = {"Kyrgyzstan": [2.0, 3.0, 10.6, 30.0, 30.0, 24.4], "Japan": [20.0, 20.0, 20.0, 20.0, 10.0, 10.0]}
SVG_NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


# ----------------------------------------------------------------------------------------- data
def likert_df() -> pd.DataFrame:
    rows = []
    for country, shares in SHARES.items():
        for label, share in zip(LABELS, shares):
            rows.append(
                {
                    "country": country,
                    "response_label": label,
                    "value": share,
                    "printed": f"{share:.1f}",
                    "lo": 75.0 if country == "Kyrgyzstan" else 32.0,
                    "hi": 90.0 if country == "Kyrgyzstan" else 48.0,
                }
            )
    return pd.DataFrame(rows)


def parts_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "category": ["common_political_ideologies", "shared_economic_interests", "historical_cultural_ties"],
            "value": [20.0, 50.2, 29.8],
            "printed": ["20", "50.2", "29.8"],
            "lo": [16.0, 45.0, 25.0],
            "hi": [24.0, 55.0, 34.0],
        }
    )


def groups_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "item": ["empower_province", "empower_province", "empower_city", "empower_city"],
            "group": ["economic", "sociocultural", "economic", "sociocultural"],
            "value": [91.0, 92.0, 91.0, 91.0],
            "lo": [88.0, 89.0, 88.0, 88.0],
            "hi": [93.5, 94.0, 93.5, 93.5],
        }
    )


def timeline_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2013, 1973, 2015, 2013],
            "event": ["BRI launched", "Tianjin–Kobe sister cities", "Vision and Actions", "AIIB proposed"],
            "year_source": ["printed", "printed", "printed", "added"],
        }
    )


def series_df() -> pd.DataFrame:
    years = [2011, 2012, 2013, 2014]
    return pd.DataFrame(
        {
            "year": years * 2,
            "ties": [3, 4, 6, 9, 30, 31, 31, 32],
            "country": ["Kyrgyzstan"] * 4 + ["Japan"] * 4,
        }
    )


def build(name: str, **overrides):
    """Build each helper's chart from the inline data; overrides replace keyword arguments."""
    calls = {
        "likert_diverging": (
            charts.likert_diverging,
            likert_df(),
            dict(category="country", response="response_label", share="value", order=LABELS, printed="printed"),
        ),
        "part_to_whole": (charts.part_to_whole, parts_df(), dict(category="category", share="value", printed="printed")),
        "grouped_bars": (charts.grouped_bars, groups_df(), dict(category="item", group="group", share="value")),
        "timeline": (charts.timeline, timeline_df(), dict(date="year", label="event", group="year_source")),
        "line_series": (
            charts.line_series,
            series_df(),
            dict(x="year", y="ties", series="country", rule_at=2013, rule_label="BRI launched"),
        ),
    }
    func, df, kwargs = calls[name]
    kwargs = {**kwargs, "title": f"Title of {name}", "description": f"Description of {name}.", **overrides}
    df = kwargs.pop("df", df)
    return func(df, **kwargs)


HELPERS = ["likert_diverging", "part_to_whole", "grouped_bars", "timeline", "line_series"]


# -------------------------------------------------------------------------------------- helpers
def layers(spec: dict) -> list[dict]:
    return spec["layer"] if "layer" in spec else [spec]


def mark_type(layer: dict) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def layer_data(spec: dict, layer: dict) -> list[dict]:
    # Altair hoists data shared by all layers to the top level.
    return spec["datasets"][layer.get("data", spec.get("data"))["name"]]


def first_layer(spec: dict, mark: str) -> dict:
    return next(layer for layer in layers(spec) if mark_type(layer) == mark)


@pytest.fixture
def restore_theme():
    previous = alt.theme.active
    yield
    alt.theme.enable(previous)


@pytest.fixture(scope="module")
def themed_svgs():
    """One SVG per helper, rendered once under the paradiplomacy theme (vl-convert is the slow part)."""
    previous = alt.theme.active
    charts.register_theme()
    try:
        yield {name: charts.to_svg(build(name, ci_low="lo", ci_high="hi") if name in HELPERS[:3] else build(name)) for name in HELPERS}
    finally:
        alt.theme.enable(previous)


# --------------------------------------------------------------------------- colour and theme
@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#000000", 21.0),
        ("#fff", "#FFFFFF", 1.0),
        ("#767676", "#ffffff", 4.54),  # the well-known lightest grey that passes AA on white
        ("#777777", "#ffffff", 4.48),  # ... and the one just above that fails
        ("#0072B2", "#ffffff", 5.19),
        ("#ff0000", "#ffffff", 4.00),
    ],
)
def test_contrast_ratio_known_values(a, b, expected):
    assert charts.contrast_ratio(a, b) == pytest.approx(expected, abs=0.005)


def test_relative_luminance_endpoints_and_bad_input():
    assert charts.relative_luminance("#ffffff") == pytest.approx(1.0)
    assert charts.relative_luminance("000") == 0.0
    for bad in ["#12345", "red", "#gggggg", 0xFFFFFF]:
        with pytest.raises(ValueError, match="hex_color"):
            charts.relative_luminance(bad)


def test_mark_colours_reach_3_to_1_and_text_colours_4_5_to_1_against_white():
    marks = [*charts.CATEGORY_PALETTE, *charts.LIKERT_PALETTE, charts.NEUTRAL_COLOR]
    low = {c: round(charts.contrast_ratio(c, charts.BACKGROUND), 2) for c in marks if charts.contrast_ratio(c, charts.BACKGROUND) < 3}
    assert charts.BACKGROUND.lower() == "#ffffff"
    assert not low, f"mark colours below 3:1 on white: {low}"
    for text in (charts.TEXT_COLOR, charts.MUTED_TEXT_COLOR):
        assert charts.contrast_ratio(text, charts.BACKGROUND) >= charts.MIN_TEXT_CONTRAST
    assert len(set(c.lower() for c in marks)) == len(marks), "palette colours must be distinct"


def test_likert_palette_is_orange_to_blue_and_lightest_at_the_centre():
    palette = charts.likert_palette(6)
    assert palette == list(charts.LIKERT_PALETTE)
    rgb = [tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in palette]
    assert all(r > b for r, _, b in rgb[:3]), "disagree shades must be orange/brown"
    assert all(b > r for r, _, b in rgb[3:]), "agree shades must be blue"
    lum = [charts.relative_luminance(c) for c in palette]
    assert lum[0] < lum[1] < lum[2] and lum[5] < lum[4] < lum[3]
    five = charts.likert_palette(5)
    assert five[2] == charts.NEUTRAL_COLOR and five[:2] == palette[1:3] and five[3:] == palette[3:5]
    assert charts.likert_palette(2) == [palette[2], palette[3]]
    for bad in (1, 8, 6.0, True):
        with pytest.raises(ValueError, match="n_points"):
            charts.likert_palette(bad)


def test_register_theme_registers_enables_and_sets_readable_fonts(restore_theme):
    alt.theme.enable("default")
    assert charts.register_theme() == charts.THEME_NAME == "paradiplomacy"
    assert charts.THEME_NAME in alt.theme.names()
    assert alt.theme.active == charts.THEME_NAME
    config = build("part_to_whole").to_dict()["config"]
    for block in ("axis", "legend"):
        assert config[block]["labelFontSize"] >= 12
        assert config[block]["titleFontSize"] >= 14
    assert config["title"]["fontSize"] >= 14
    assert config["text"]["fontSize"] >= 12
    assert config["range"]["category"] == list(charts.CATEGORY_PALETTE)
    for key in ("labelColor", "titleColor"):
        assert charts.contrast_ratio(config["axis"][key], "#ffffff") >= 4.5
    assert 400 <= charts.theme_config()["width"] <= 800
    # Registering twice is harmless.
    charts.register_theme()
    assert alt.theme.active == charts.THEME_NAME


# ---------------------------------------------------------------------- title and description
@pytest.mark.parametrize("name", HELPERS)
@pytest.mark.parametrize("field", ["title", "description"])
@pytest.mark.parametrize("bad", ["", "   ", None])
def test_helpers_reject_empty_title_and_description(name, field, bad):
    with pytest.raises(ValueError, match=field):
        build(name, **{field: bad})


@pytest.mark.parametrize("name", HELPERS)
def test_helpers_require_title_and_description_keywords(name):
    func = getattr(charts, name)
    with pytest.raises(TypeError):
        func(parts_df(), category="category", share="value")


@pytest.mark.parametrize("name", HELPERS)
def test_spec_carries_title_description_and_usermeta(name):
    spec = build(name).to_dict()
    assert spec["title"] == f"Title of {name}"
    assert spec["description"] == f"Description of {name}."
    meta = {"title": f"Title of {name}", "description": f"Description of {name}."}
    if name == "timeline":  # the page breaks the event names (layer 2's text) into lines on a phone
        meta["wrap_text"] = {"layer": 2, "field": "label"}
    assert spec["usermeta"]["paradiplomacy"] == meta


# ------------------------------------------------------------------------------ likert_diverging
def test_likert_spec_marks_and_encodings():
    spec = build("likert_diverging", ci_low="lo", ci_high="hi").to_dict()
    types = [mark_type(layer) for layer in layers(spec)]
    assert types.count("bar") == 1 and "rule" in types and types.count("text") == 2 and "errorbar" in types
    bar = first_layer(spec, "bar")
    enc = bar["encoding"]
    assert enc["x"]["field"] == "x_start" and enc["x2"]["field"] == "x_end"
    assert enc["y"]["field"] == "category" and enc["y"]["sort"] == ["Kyrgyzstan", "Japan"]
    assert enc["color"]["scale"] == {"domain": LABELS, "range": list(charts.LIKERT_PALETTE)}
    assert [t["title"] for t in enc["tooltip"]] == ["country", "response_label", "value"]
    assert enc["description"]["field"] == "aria"
    errorbar = first_layer(spec, "errorbar")
    assert errorbar["encoding"]["x"]["field"] == "ci_low" and errorbar["encoding"]["x2"]["field"] == "ci_high"
    # Without a confidence interval there is no error-bar layer.
    assert "errorbar" not in [mark_type(layer) for layer in layers(build("likert_diverging").to_dict())]


def test_likert_puts_disagree_left_and_agree_right_of_zero():
    spec = build("likert_diverging").to_dict()
    rows = layer_data(spec, first_layer(spec, "bar"))
    assert len(rows) == 12
    for row in rows:
        assert row["x_end"] - row["x_start"] == pytest.approx(row["share"])
        if row["response"] in DISAGREE:
            assert row["x_start"] < 0 and row["x_end"] <= 0
        else:
            assert row["x_start"] >= 0 and row["x_end"] > 0
    kyrgyz = {row["response"]: row for row in rows if row["category"] == "Kyrgyzstan"}
    # Mildest answers touch the centre; strongest are outermost.
    assert kyrgyz["moderately disagree"]["x_end"] == 0 and kyrgyz["moderately agree"]["x_start"] == 0
    assert kyrgyz["strongly disagree"]["x_start"] == pytest.approx(-15.6)
    assert kyrgyz["strongly agree"]["x_end"] == pytest.approx(84.4)
    assert kyrgyz["moderately disagree"]["label"] == "10.6%"  # printed text, used in the tooltip
    totals = layer_data(spec, [layer for layer in layers(spec) if mark_type(layer) == "text"][0])
    assert {(t["category"], t["agree_label"], t["disagree_label"]) for t in totals} == {
        ("Kyrgyzstan", "84.4%", "15.6%"),
        ("Japan", "40.0%", "60.0%"),
    }


def test_likert_rendered_bars_sit_on_the_correct_side_of_the_zero_rule():
    spec = build("likert_diverging").to_dict()
    scene = vl_convert.vegalite_to_scenegraph(spec, allowed_base_urls=[])
    found: dict[str, list] = {"rect": [], "rule": []}

    def walk(node):
        if isinstance(node, dict):
            if node.get("role") == "mark" and node.get("marktype") in found:
                found[node["marktype"]].extend(node["items"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(scene)
    (zero,) = found["rule"]
    rects = found["rect"]
    assert len(rects) == 12
    disagree_fill = {c.lower() for c in charts.LIKERT_PALETTE[:3]}
    for rect in rects:
        if rect["fill"].lower() in disagree_fill:
            assert rect["x"] + rect["width"] <= zero["x"] + 1e-6
        else:
            assert rect["x"] >= zero["x"] - 1e-6


def test_likert_odd_scale_splits_the_neutral_share():
    order = ["disagree", "neutral", "agree"]
    df = pd.DataFrame({"c": ["a"] * 3, "r": order, "v": [30.0, 20.0, 50.0]})
    spec = charts.likert_diverging(df, category="c", response="r", share="v", order=order, neutral="neutral", title="t", description="d").to_dict()
    rows = {row["response"]: row for row in layer_data(spec, first_layer(spec, "bar"))}
    assert (rows["neutral"]["x_start"], rows["neutral"]["x_end"]) == (-10.0, 10.0)
    assert (rows["disagree"]["x_start"], rows["disagree"]["x_end"]) == (-40.0, -10.0)
    assert (rows["agree"]["x_start"], rows["agree"]["x_end"]) == (10.0, 60.0)
    assert first_layer(spec, "bar")["encoding"]["color"]["scale"]["range"][1] == charts.NEUTRAL_COLOR
    with pytest.raises(ValueError, match="neutral"):
        charts.likert_diverging(df, category="c", response="r", share="v", order=order, title="t", description="d")
    with pytest.raises(ValueError, match="even"):
        build("likert_diverging", neutral="agree")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda df: df.drop(index=3), "no row for response"),
        (lambda df: df.assign(response_label=df["response_label"].replace("agree", "agreed")), "not in order"),
        (lambda df: pd.concat([df, df.iloc[[0]]]), "repeat"),
        (lambda df: df.assign(value=df["value"].astype(str)), "numeric"),
        (lambda df: df.assign(value=df["value"].where(df.index != 2, 101.0)), "0..100"),
        (lambda df: df.drop(columns="country"), "no column"),
        (lambda df: df.iloc[0:0], "no rows"),
    ],
)
def test_likert_rejects_bad_input(mutate, message):
    with pytest.raises(ValueError, match=message):
        build("likert_diverging", df=mutate(likert_df()))


def test_likert_rejects_bad_confidence_intervals():
    df = likert_df()
    with pytest.raises(ValueError, match="same on every row"):
        build("likert_diverging", df=df.assign(lo=range(len(df))), ci_low="lo", ci_high="hi")
    with pytest.raises(ValueError, match="both"):
        build("likert_diverging", ci_low="lo")
    with pytest.raises(ValueError, match="exceeds"):
        build("likert_diverging", ci_low="hi", ci_high="lo")


# ------------------------------------------------------------------ part_to_whole / grouped_bars
def test_part_to_whole_is_a_sorted_bar_chart_with_printed_labels_and_error_bars():
    spec = build("part_to_whole", ci_low="lo", ci_high="hi").to_dict()
    assert [mark_type(layer) for layer in layers(spec)] == ["bar", "text", "errorbar", "errorbar"]
    bar, text = first_layer(spec, "bar"), first_layer(spec, "text")
    assert bar["encoding"]["x"]["field"] == "share" and bar["encoding"]["y"]["field"] == "category"
    assert bar["encoding"]["y"]["sort"] == ["shared_economic_interests", "historical_cultural_ties", "common_political_ideologies"]
    assert text["encoding"]["text"]["field"] == "label"
    labels = {row["category"]: (row["label"], row["label_x"]) for row in layer_data(spec, text)}
    assert labels["common_political_ideologies"] == ("20%", 24.0)  # printed as "20"; placed past the interval
    assert "pie" in charts.part_to_whole.__doc__
    with pytest.raises(ValueError, match="repeat"):
        build("part_to_whole", df=pd.concat([parts_df(), parts_df().iloc[[0]]]))


def test_grouped_bars_offset_colour_and_labels():
    spec = build("grouped_bars", ci_low="lo", ci_high="hi").to_dict()
    types = [mark_type(layer) for layer in layers(spec)]
    assert types[:2] == ["bar", "text"] and "errorbar" in types
    for layer in layers(spec):
        assert layer["encoding"]["y"]["sort"] == ["empower_province", "empower_city"]
        assert layer["encoding"]["yOffset"]["field"] == "group"
    bar = first_layer(spec, "bar")
    assert bar["encoding"]["color"]["scale"] == {"domain": ["economic", "sociocultural"], "range": list(charts.CATEGORY_PALETTE[:2])}
    assert {row["label"] for row in layer_data(spec, first_layer(spec, "text"))} == {"91.0%", "92.0%"}
    many = pd.DataFrame({"item": ["a"] * 7, "group": list("abcdefg"), "value": [10.0] * 7})
    with pytest.raises(ValueError, match="groups"):
        build("grouped_bars", df=many)


# ---------------------------------------------------------------------- timeline / line_series
def test_timeline_orders_events_by_date_and_writes_years():
    spec = build("timeline").to_dict()
    assert [mark_type(layer) for layer in layers(spec)] == ["point", "text", "text"]
    point, text, names = layers(spec)
    assert point["encoding"]["y"]["sort"] == ["Tianjin–Kobe sister cities", "BRI launched", "AIIB proposed", "Vision and Actions"]
    assert point["encoding"]["x"]["type"] == "quantitative" and point["encoding"]["x"]["axis"]["format"] == "d"
    assert point["encoding"]["color"]["field"] == "group" and point["encoding"]["shape"]["field"] == "group"
    assert text["encoding"]["text"]["field"] == "date_label"
    assert [row["date_label"] for row in layer_data(spec, text)] == ["1973", "2013", "2013", "2015"]
    # The events are named in the plot, above their dots from its left edge (no axis column for them), so that the
    # chart can be drawn at a phone's width; a name longer than the plot is cut short at its width.
    assert point["encoding"]["y"]["axis"] is None
    assert names["encoding"]["text"]["field"] == "label" and names["encoding"]["x"] == {"value": 0}
    assert names["mark"]["baseline"] == "bottom" and names["mark"]["dy"] < 0 and names["mark"]["limit"] == {"expr": "width"}
    wrap = spec["usermeta"]["paradiplomacy"][charts.WRAP_TEXT]
    assert layers(spec)[wrap["layer"]] is names and names["encoding"]["text"]["field"] == wrap["field"]
    with pytest.raises(ValueError, match="integer years or datetimes"):
        build("timeline", df=timeline_df().assign(year=timeline_df()["year"].astype(str)))
    with pytest.raises(ValueError, match="repeat"):
        build("timeline", df=timeline_df().assign(event="same"))


def test_timeline_accepts_datetimes():
    df = pd.DataFrame({"when": pd.to_datetime(["2015-03-28", "2000-03-01"]), "event": ["Vision and Actions", "Going Out"]})
    spec = charts.timeline(df, date="when", label="event", title="t", description="d").to_dict()
    point = layers(spec)[0]
    assert point["encoding"]["x"]["type"] == "temporal"
    assert [row["date"] for row in layer_data(spec, point)] == ["2000-03-01", "2015-03-28"]


def test_line_series_lines_dashes_and_rule():
    spec = build("line_series").to_dict()
    types = [mark_type(layer) for layer in layers(spec)]
    assert types == ["line", "text", "rule", "text"]
    line = first_layer(spec, "line")
    assert line["mark"]["point"] is True
    assert line["encoding"]["color"]["field"] == "series" and line["encoding"]["strokeDash"]["field"] == "series"
    assert line["encoding"]["x"]["axis"]["format"] == "d"
    rule = first_layer(spec, "rule")
    assert layer_data(spec, rule) == [{"x": 2013, "label": "BRI launched"}]
    ends = layer_data(spec, layers(spec)[1])
    assert {(row["series"], row["x"]) for row in ends} == {("Kyrgyzstan", 2014), ("Japan", 2014)}
    no_rule = build("line_series", rule_at=None, rule_label=None).to_dict()
    assert [mark_type(layer) for layer in layers(no_rule)] == ["line", "text"]
    with pytest.raises(ValueError, match="rule_at"):
        build("line_series", rule_at=None)


# ------------------------------------------------------------------------------------ rendering
def test_every_helper_renders_to_an_accessible_svg(themed_svgs):
    for name, svg in themed_svgs.items():
        assert svg.startswith("<svg"), name
        head = re.match(r"<svg\b[^>]*>", svg).group(0)
        assert 'role="img"' in head and f'aria-label="Description of {name}."' in head
        assert f"<title>Title of {name}</title>" in svg and f"<desc>Description of {name}.</desc>" in svg
        assert set(re.findall(r"https?://[^\s\"'<>]+", svg)) <= SVG_NAMESPACES
    # Vega draws each bar as a <path> inside a "mark-rect" group, labelled by the description channel.
    likert = themed_svgs["likert_diverging"]
    rect_group = re.search(r'<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)</g>', likert, re.S).group(1)
    assert rect_group.count("<path") == 12
    assert 'aria-label="Kyrgyzstan: moderately disagree 10.6%"' in rect_group
    assert 'class="mark-line role-mark' in themed_svgs["line_series"]
    assert 'class="mark-symbol role-mark' in themed_svgs["timeline"]
    assert 'class="mark-text role-mark' in themed_svgs["part_to_whole"]
    for name, svg in themed_svgs.items():
        sizes = [float(v) for v in re.findall(r'font-size="([0-9.]+)px"', svg)]
        assert sizes and min(sizes) >= 12, (name, sorted(set(sizes)))
        assert max(sizes) >= 14, name


def test_render_figure_is_offline_labelled_and_embeds_the_spec():
    description = 'Shares "agreeing" <by> country & more </script>'
    chart = build("likert_diverging", description=description)
    out = charts.render(chart)
    html = out.data
    assert html.startswith("<figure") and html.rstrip().endswith("</figure>")
    assert "<svg" in html
    assert 'role="img"' in html.split("<svg")[0]
    escaped = "Shares &quot;agreeing&quot; &lt;by&gt; country &amp; more &lt;/script&gt;"
    assert f'aria-label="{escaped}"' in html.split("<svg")[0]
    caption = re.search(r'<figcaption class="sr-only" style="([^"]+)">(.*?)</figcaption>', html, re.S)
    assert caption and "clip" in caption.group(1) and "position:absolute" in caption.group(1)
    assert caption.group(2) == "Shares \"agreeing\" &lt;by&gt; country &amp; more &lt;/script&gt;"
    scripts = re.findall(r'<script type="application/json" class="vega-lite-spec">(.*?)</script>', html, re.S)
    assert len(scripts) == 1 and html.count("</script>") == 1  # the description cannot close the element
    embedded = json.loads(scripts[0])
    expected = chart.to_dict()
    expected.pop("$schema")
    assert embedded == expected and embedded["description"] == description
    # The only URLs anywhere are the SVG namespace names, and only in xmlns attributes.
    without_ns = re.sub(r'\sxmlns(?::\w+)?="(http://www\.w3\.org/(?:2000/svg|1999/xlink))"', "", html)
    assert "http://" not in without_ns and "https://" not in without_ns
    assert re.findall(r'xmlns(?::\w+)?="([^"]+)"', html) == ["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"]


def test_render_static_omits_the_spec_and_requires_a_description():
    html = charts.render(build("part_to_whole"), static=True).data
    assert "vega-lite-spec" not in html and "<svg" in html and 'aria-label="Description of part_to_whole."' in html
    bare = alt.Chart(pd.DataFrame({"a": [1]}), title="t").mark_point().encode(x="a:Q")
    with pytest.raises(ValueError, match="description"):
        charts.render(bare)


def test_rendering_never_fetches_external_data():
    remote = alt.Chart(alt.UrlData("https://example.com/data.csv"), title="t", description="d").mark_point().encode(x="a:Q")
    with pytest.raises(ValueError, match="not allowed"):
        charts.to_svg(remote)


def test_save_svg_writes_the_file(tmp_path):
    chart = build("timeline")
    path = charts.save_svg(chart, tmp_path / "timeline.svg")
    assert path == tmp_path / "timeline.svg"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<svg") and "Tianjin–Kobe sister cities" in text
    with pytest.raises(FileNotFoundError, match="path"):
        charts.save_svg(chart, tmp_path / "missing" / "x.svg")


def test_module_exports():
    for name in charts.__all__:
        assert hasattr(charts, name), name
    for name in ["THEME_NAME", "register_theme", "contrast_ratio", *HELPERS, "render", "to_svg", "save_svg"]:
        assert name in charts.__all__


def test_profile_panels_one_panel_per_characteristic_in_given_order():
    df = pd.DataFrame({
        "panel": ["Age", "Age", "Age", "Gender", "Gender"],
        "category": ["18–29", "30–39", "50+", "Female", "Male"],
        "share": [20.0, 50.0, 30.0, 50.7, 49.3],
        "lo": [16.0, 45.0, 26.0, 45.9, 44.5],
        "hi": [24.0, 55.0, 34.0, 55.5, 54.1],
    })
    chart = charts.profile_panels(df, panel="panel", category="category", share="share", ci_low="lo", ci_high="hi",
                                  title="Profile", description="Two panels of shares.")
    spec = chart.to_dict()
    assert spec["title"] == "Profile" and spec["description"] == "Two panels of shares."
    assert [p["title"] for p in spec["vconcat"]] == ["Age", "Gender"]
    first = spec["vconcat"][0]["layer"][0]["encoding"]
    assert first["y"]["sort"] == ["18–29", "30–39", "50+"]  # row order kept, not sorted by share
    domains = {p["layer"][0]["encoding"]["x"]["scale"]["domain"][1] for p in spec["vconcat"]}
    assert len(domains) == 1 and domains.pop() >= 55.5  # one shared scale that fits every interval
    assert "usermeta" not in spec["vconcat"][0]
    with pytest.raises(ValueError):
        charts.profile_panels(df, panel="panel", category="category", share="share", title="", description="x")


def _series_points_frames():
    lines = pd.DataFrame({"year": [2014, 2015, 2016, 2014, 2015, 2016], "ties": [370.0, 376, 377, 1, 2, 3],
                          "source": ["AidData"] * 3 + ["Other"] * 3})
    points = pd.DataFrame({"year": [2017, 2025], "ties": [381.0, 266.0], "what": ["CLAIR 2017: 381", "CPAFFC 2025: 266"]})
    return lines, points


def test_series_with_points_draws_lines_diamonds_and_labels():
    lines, points = _series_points_frames()
    chart = charts.series_with_points(lines, points, x="year", y="ties", series="source", point_label="what",
                                      rule_at=2013, rule_label="BRI launched", title="Ties", description="Two lines, two points.")
    spec = chart.to_dict()
    assert spec["title"] == "Ties" and spec["description"] == "Two lines, two points."
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]
    assert marks == ["line", "point", "text", "rule", "text"]
    diamond = spec["layer"][1]["mark"]
    assert diamond["shape"] == "diamond" and diamond["color"] == charts.CATEGORY_PALETTE[-1]
    datasets = list(spec["datasets"].values())
    assert any([row.get("label") for row in d] == ["CLAIR 2017: 381", "CPAFFC 2025: 266"] for d in datasets)
    # the y scale leaves room above the highest value for the labels
    assert spec["layer"][0]["encoding"]["y"]["scale"]["domain"][1] > 381
    svg = charts.to_svg(chart)
    assert "CLAIR 2017: 381" in svg and "Two lines, two points." in svg


def test_series_with_points_rejects_bad_input():
    lines, points = _series_points_frames()
    kwargs = dict(x="year", y="ties", series="source", point_label="what", title="T", description="D")
    with pytest.raises(ValueError):
        charts.series_with_points(lines, points, **{**kwargs, "description": ""})
    with pytest.raises(ValueError):
        charts.series_with_points(lines, pd.concat([points, points]), **kwargs)  # repeated labels
    with pytest.raises(ValueError):
        charts.series_with_points(lines, points.assign(year=pd.to_datetime(["2017-01-01", "2025-01-01"])), **kwargs)
    with pytest.raises(ValueError):
        charts.series_with_points(lines, points, rule_label="x", **kwargs)
    assert "series_with_points" in charts.__all__
