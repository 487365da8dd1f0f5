"""The SVG charts: named images whose drawn figures match their tables."""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from actionplans.measures.charts import Point, Segment, line_chart, stacked_bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  (our own chart, in a test)


def y_to_value(root: ET.Element):
    """Invert the chart's y scale from its own axis ticks (two of them are enough)."""
    ticks = []
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "app-chart__tick":
            line = group.find(f"{SVG}line")
            label = group.find(f"{SVG}text").text.rstrip("%")
            ticks.append((float(line.get("y1", "")), float(label)))
    (y0, v0), (y1, v1) = ticks[0], ticks[-1]
    return lambda y: v0 + (y - y0) * (v1 - v0) / (y1 - y0)


def points_of(root: ET.Element) -> list[tuple[float, float, str | None, str | None]]:
    """Each point: its x, its value read back from its height, its value label, its date label."""
    to_value = y_to_value(root)
    points = []
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "app-chart__point":
            circle = group.find(f"{SVG}circle")
            value_label, date_label = (t.text for t in group.findall(f"{SVG}text"))
            points.append(
                (
                    float(circle.get("cx", "")),
                    to_value(float(circle.get("cy", ""))),
                    value_label,
                    date_label,
                )
            )
    return points


def test_line_chart_is_a_named_image():
    svg = line_chart(
        chart_id="m1",
        title="Referrals within the limit",
        description="Target 95%.",
        points=[Point(dt.date(2026, 1, 1), Decimal(90), "90%")],
        target=Decimal(95),
        target_label="Target 95%",
        percentage=True,
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "m1-title m1-desc"
    assert root.find(f"{SVG}title").text == "Referrals within the limit"
    assert root.find(f"{SVG}desc").text == "Target 95%."


def test_line_chart_draws_each_value_at_its_height_in_date_order():
    values = [(dt.date(2025, 8, 27), 88), (dt.date(2025, 12, 15), 94), (dt.date(2026, 9, 18), 97)]
    svg = line_chart(
        chart_id="m",
        title="t",
        description="d",
        points=[Point(d, Decimal(v), f"{v}%") for d, v in values],
        target=Decimal(95),
        target_label="Target 95%",
        percentage=True,
    )
    points = points_of(parse(svg))
    assert [label for _, _, label, _ in points] == ["88%", "94%", "97%"]
    assert [round(value, 0) for _, value, _, _ in points] == [88, 94, 97]
    xs = [x for x, _, _, _ in points]
    assert xs == sorted(xs)
    assert [date for _, _, _, date in points] == ["Aug 2025", "Dec 2025", "Sep 2026"]


def test_counts_scale_to_their_largest_value():
    svg = line_chart(
        chart_id="c",
        title="t",
        description="d",
        points=[
            Point(dt.date(2026, 1, 1), Decimal(7), "7"),
            Point(dt.date(2026, 2, 1), Decimal(31), "31"),
        ],
        target=Decimal(40),
        target_label="Target 40",
    )
    assert [round(v) for _, v, _, _ in points_of(parse(svg))] == [7, 31]


def test_text_is_escaped():
    svg = line_chart(chart_id="x", title="<b>", description="a & b", points=[])
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "<b>"
    assert "No readings yet" in svg


def test_bar_segments_are_as_wide_as_their_counts_and_named_with_their_word():
    rows = [
        ("Police", [Segment("red", "Red", 2), Segment("green", "Green", 6)]),
        ("Health", [Segment("red", "Red", 0), Segment("amber", "Amber", 4)]),
    ]
    root = parse(stacked_bar_chart(chart_id="b", title="t", description="d", rows=rows))
    rects = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    named = {r.find(f"{SVG}title").text: float(r.get("width", "")) for r in rects}
    assert set(named) == {"Police: 2 Red", "Police: 6 Green", "Health: 4 Amber"}
    unit = named["Police: 2 Red"] / 2
    assert named["Police: 6 Green"] == unit * 6
    assert named["Health: 4 Amber"] == unit * 4
    legend = [t.text for g in root.iter(f"{SVG}g") if g.get("class") == "app-chart__legend"
              for t in g.iter(f"{SVG}text")]  # fmt: skip
    assert legend == ["Red", "Green", "Amber"]
    assert re.search(r">6<", ET.tostring(root, encoding="unicode"))


def test_a_percentage_chart_shows_the_band_its_values_move_in():
    svg = line_chart(
        chart_id="p",
        title="t",
        description="d",
        points=[
            Point(dt.date(2026, 1, 1), Decimal(88), "88%"),
            Point(dt.date(2026, 4, 1), Decimal(97), "97%"),
        ],
        target=Decimal(95),
        target_label="Target 95%",
        percentage=True,
    )
    root = parse(svg)
    ticks = [
        g.find(f"{SVG}text").text
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "app-chart__tick"
    ]
    assert ticks == ["80%", "85%", "90%", "95%", "100%"]
    assert [round(v) for _, v, _, _ in points_of(root)] == [88, 97]
