"""Server-rendered SVG charts: no JavaScript, so they print and go into PDF exports as they are.

Each chart is an image with a name (`role="img"`, `<title>` and `<desc>`); the page shows the same
figures in a table beside it, and every value is also written as text on the chart, so colour is
never the only signal. Colours are presentation attributes, not CSS, so a chart copied into an
export keeps them.
"""

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# Fill, and the text colour that reads on it (contrast at least 4.5:1).
FILLS: dict[str, tuple[str, str]] = {
    "red": ("#ca3535", "#ffffff"),
    "amber": ("#ffdd00", "#0b0c0c"),
    "green": ("#0f7a52", "#ffffff"),
    "blue": ("#1d70b8", "#ffffff"),
    "not_started": ("#b1b4b6", "#0b0c0c"),
    "in_progress": ("#1d70b8", "#ffffff"),
    "awaiting_sign_off": ("#6f3c9e", "#ffffff"),
    "complete": ("#0f7a52", "#ffffff"),
}
INK = "#0b0c0c"
GRID = "#b1b4b6"
LINE = "#1d70b8"
TARGET = "#0f7a52"
FONT = 'font-family="Arial, sans-serif" font-size="12"'


def _svg_open(width: int, height: int, chart_id: str, title: str, description: str) -> list[str]:
    """The opening of every chart: a named image (title and description) for screen readers."""
    return [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
            'viewBox="0 0 {} {}" aria-labelledby="{}-title {}-desc" {}>',
            width,
            height,
            chart_id,
            chart_id,
            mark_safe(FONT),  # noqa: S308  (a constant of this module)
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, description),
    ]


def _number(value: float | Decimal) -> str:
    """A coordinate with at most one decimal, so the markup stays small and stable."""
    return f"{float(value):.1f}".rstrip("0").rstrip(".")


def _nice_max(value: float) -> float:
    """A round upper bound for an axis: 10, 20, 50, 100, 200 …"""
    if value <= 0:
        return 10.0
    step = 1.0
    while step * 10 < value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


@dataclass(frozen=True)
class Point:
    date: dt.date
    value: Decimal
    label: str  # the value as written in the table, e.g. "94%"


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[Point],
    target: Decimal | None = None,
    target_label: str = "",
    percentage: bool = False,
    width: int = 600,
    height: int = 240,
) -> SafeString:
    """Readings over time as a line, with the target as a dashed line and each value written."""
    left, right, top, bottom = 48, 90, 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(p.value) for p in points] + ([float(target)] if target is not None else [])
    y_max = 100.0 if percentage else _nice_max(max(values, default=0) * 1.1)
    # Percentages show the band they move in (to 100%, in steps of 5), so a change shows.
    y_min = 100.0 - 20 * math.ceil((100 - min(values, default=0) + 5) / 20) if percentage else 0.0
    y_min = max(0.0, y_min)

    def y(value: float | Decimal) -> float:
        return top + plot_h - (float(value) - y_min) / (y_max - y_min) * plot_h

    first = min((p.date for p in points), default=None)
    last = max((p.date for p in points), default=None)
    span = (last - first).days if first and last else 0

    def x(date: dt.date) -> float:
        if not first or span == 0:
            return left + plot_w / 2
        inset = 16  # keeps the first and last value labels clear of the axis labels
        return left + inset + (date - first).days / span * (plot_w - 2 * inset)

    parts = _svg_open(width, height, chart_id, title, description)
    for step in range(5):
        tick = y_min + (y_max - y_min) * step / 4
        suffix = "%" if percentage else ""
        parts.append(
            format_html(
                '<g class="app-chart__tick"><line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" '
                'stroke-width="1"/><text x="{}" y="{}" text-anchor="end" fill="{}">{}{}</text></g>',
                left,
                left + plot_w,
                _number(y(tick)),
                _number(y(tick)),
                GRID,
                left - 6,
                _number(y(tick) + 4),
                INK,
                _number(tick),
                suffix,
            )
        )
    if target is not None:
        parts.append(
            format_html(
                '<g class="app-chart__target"><line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" '
                'stroke-width="2" stroke-dasharray="6 4"/>'
                '<text x="{}" y="{}" fill="{}">{}</text></g>',
                left,
                left + plot_w,
                _number(y(target)),
                _number(y(target)),
                TARGET,
                left + plot_w + 6,
                _number(y(target) + 4),
                TARGET,
                target_label,
            )
        )
    if len(points) > 1:
        path = " ".join(f"{_number(x(p.date))},{_number(y(p.value))}" for p in points)
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="3"/>', path, LINE
            )
        )
    for p in points:
        parts.append(
            format_html(
                '<g class="app-chart__point"><circle cx="{}" cy="{}" r="4" fill="{}"/>'
                '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text></g>',
                _number(x(p.date)),
                _number(y(p.value)),
                LINE,
                _number(x(p.date)),
                _number(y(p.value) - 9),
                INK,
                p.label,
                _number(x(p.date)),
                height - bottom + 18,
                INK,
                f"{p.date:%b %Y}",
            )
        )
    if not points:
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="{}">No readings yet</text>',
                left + plot_w / 2,
                top + plot_h / 2,
                INK,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308  (every part above is escaped by format_html)


@dataclass(frozen=True)
class Segment:
    key: str  # a RAG or status value: picks the colour
    label: str  # its word, e.g. "Red"
    count: int


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[tuple[str, Sequence[Segment]]],
    width: int = 600,
) -> SafeString:
    """One horizontal bar per row, split into segments; each segment carries its count and word."""
    left, right, row_h, gap, top = 170, 16, 26, 8, 8
    plot_w = width - left - right
    legend_h = 30
    height = top + len(rows) * (row_h + gap) + legend_h
    biggest = max((sum(s.count for s in segments) for _, segments in rows), default=0) or 1
    parts = _svg_open(width, height, chart_id, title, description)
    for index, (row_label, segments) in enumerate(rows):
        row_y = top + index * (row_h + gap)
        parts.append(
            format_html(
                '<g class="app-chart__row">'
                '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>',
                left - 8,
                row_y + row_h / 2 + 4,
                INK,
                row_label,
            )
        )
        offset = 0.0
        for segment in segments:
            if not segment.count:
                continue
            seg_w = segment.count / biggest * plot_w
            fill, ink = FILLS.get(segment.key, (GRID, INK))
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#ffffff" '
                    'stroke-width="1"><title>{}: {} {}</title></rect>',
                    _number(left + offset),
                    row_y,
                    _number(seg_w),
                    row_h,
                    fill,
                    row_label,
                    segment.count,
                    segment.label,
                )
            )
            if seg_w >= 18:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" text-anchor="middle" fill="{}" aria-hidden="true">'
                        "{}</text>",
                        _number(left + offset + seg_w / 2),
                        row_y + row_h / 2 + 4,
                        ink,
                        segment.count,
                    )
                )
            offset += seg_w
        parts.append(mark_safe("</g>"))
    # The legend names each colour with its word, in stacking order.
    legend_y = top + len(rows) * (row_h + gap) + 6
    seen: dict[str, str] = {}
    for _, segments in rows:
        for segment in segments:
            seen.setdefault(segment.key, segment.label)
    legend_x = float(left)
    for key, label in seen.items():
        fill, _ = FILLS.get(key, (GRID, INK))
        parts.append(
            format_html(
                '<g class="app-chart__legend"><rect x="{}" y="{}" width="14" height="14" '
                'fill="{}"/><text x="{}" y="{}" fill="{}">{}</text></g>',
                _number(legend_x),
                legend_y,
                fill,
                _number(legend_x + 18),
                legend_y + 12,
                INK,
                label,
            )
        )
        legend_x += 26 + 7 * len(label)
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308  (every part above is escaped by format_html)


# The dashboard's charts, built from plain figures so that the PDF exports draw the same ones.

RagCells = Sequence[tuple[str, str, int]]  # (RAG value, its word, count)


def rag_chart(
    *, chart_id: str, title: str, rows: Sequence[tuple[str, str, RagCells]], width: int = 600
) -> SafeString:
    """Actions by RAG, one bar per (short label, full label, cells) row, e.g. per agency."""
    description = "; ".join(
        f"{label}: " + ", ".join(f"{n} {word}" for _, word, n in cells) for _, label, cells in rows
    )
    return stacked_bar_chart(
        chart_id=chart_id,
        title=title,
        description=description or "No actions.",
        rows=[(short or label, [Segment(*cell) for cell in cells]) for short, label, cells in rows],
        width=width,
    )


def measure_chart(
    *,
    chart_id: str,
    name: str,
    target: Decimal,
    target_display: str,
    points: Sequence[Point],
    percentage: bool,
    width: int = 600,
    height: int = 240,
) -> SafeString:
    """A measure's readings against its target."""
    readings = ", ".join(f"{p.date:%-d %B %Y}: {p.label}" for p in points)
    return line_chart(
        chart_id=chart_id,
        title=f"{name}: readings against the target",
        description=f"Target {target_display}. Readings: {readings or 'none yet'}.",
        points=points,
        target=target,
        target_label=f"Target {target_display}",
        percentage=percentage,
        width=width,
        height=height,
    )
