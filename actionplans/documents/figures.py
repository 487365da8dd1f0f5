"""The tables and charts both documents share: actions by agency and RAG, and the measures with
their readings."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from reportlab.platypus import Flowable

from actionplans.documents import pdf
from actionplans.measures import figures
from actionplans.measures.charts import Point, measure_chart, rag_chart
from actionplans.measures.impact import format_value
from actionplans.measures.models import Measure
from actionplans.plans.models import Action, Rag

# RAG colours for documents (the same as the web tags), with the word always written beside them.
RAG_COLOURS = {Rag.RED: "F4CDC6", Rag.AMBER: "FFF7BF", Rag.GREEN: "CCE2D8", Rag.BLUE: "D2E2F1"}


@dataclass
class ReadingPoint:
    date: dt.date
    value: Decimal
    label: str  # as written on the chart, e.g. "94%"


@dataclass
class MeasureLine:
    """A measure with its trend, as the documents show it."""

    name: str
    recommendation: str  # its reference, or "Whole plan"
    owner: str
    baseline: str
    target: Decimal
    target_display: str
    percentage: bool
    latest: str
    movement: str
    impact: str  # the impact RAG's value, or "" before the first reading
    impact_label: str
    delivery_label: str
    readings: list[ReadingPoint] = field(default_factory=list)

    @property
    def chart_points(self) -> list[Point]:
        return [Point(date=r.date, value=r.value, label=r.label) for r in self.readings]


# One bar of the "actions by RAG and agency" chart: short label, full label, (RAG, word, count).
AgencyBar = tuple[str, str, list[tuple[str, str, int]]]


def agency_bars(actions: QuerySet[Action]) -> list[AgencyBar]:
    """The figures of the dashboard's "actions by RAG and agency" chart. One query."""
    return [(t.short_label, t.label, t.rag_cells()) for t in figures.tally_by_agency(actions)]


def measure_lines(measures: QuerySet[Measure], actions: QuerySet[Action]) -> list[MeasureLine]:
    """Each measure with its readings and trend, as the dashboard shows it. Three queries."""
    lines = []
    for summary in figures.measure_summaries(measures, actions):
        measure = summary.measure
        lines.append(
            MeasureLine(
                name=measure.name,
                recommendation=(
                    measure.recommendation.reference if measure.recommendation else "Whole plan"
                ),
                owner=measure.owner_agency.name,
                baseline=summary.baseline_display if measure.baseline is not None else "None",
                target=measure.target,
                target_display=summary.target_display,
                percentage=measure.unit == Measure.Unit.PERCENTAGE,
                latest=summary.latest_display,
                movement=summary.movement_label,
                impact=summary.impact or "",
                impact_label=summary.impact_label,
                delivery_label=summary.delivery_label,
                readings=[
                    ReadingPoint(r.date, r.value, format_value(measure, r.value))
                    for r in summary.readings
                ],
            )
        )
    return lines


MEASURE_HEADINGS = (
    "Measure",
    "For",
    "Baseline",
    "Latest",
    "Target",
    "Trend",
    "Impact RAG",
    "Actions' RAG",
)


MEASURE_WIDTHS = (0.27, 0.08, 0.09, 0.11, 0.09, 0.14, 0.11, 0.11)


AGENCY_HEADINGS = ("Agency", *(r.label for r in Rag), "Total")


AGENCY_WIDTHS = (0.3, 0.1, 0.1, 0.1, 0.14, 0.14, 0.12)


def measure_cells(m: MeasureLine) -> list[str]:
    return [
        f"{m.name}\nOwner: {m.owner}",
        m.recommendation,
        m.baseline,
        m.latest,
        m.target_display,
        m.movement,
        m.impact_label,
        m.delivery_label,
    ]


def agency_cells(bar: AgencyBar) -> list[str]:
    _, label, cells = bar
    return [label, *(str(n) for _, _, n in cells), str(sum(n for _, _, n in cells))]


def rag_fill(rag: str) -> str:
    return RAG_COLOURS.get(Rag(rag), "FFFFFF") if rag else "FFFFFF"


def agency_chart(by_agency: list[AgencyBar], *, small: bool = False) -> Flowable:
    """The dashboard's chart of actions by RAG and agency, for a PDF; `small`, half as wide."""
    title = "Actions by RAG and agency"
    # Half as wide on the page, drawn narrower rather than shrunk, so its labels stay readable.
    return pdf.chart(
        rag_chart(
            chart_id="rag-by-agency", title=title, rows=by_agency, width=400 if small else 600
        ),
        width=pdf.WIDTH * (0.375 if small else 0.75),
        caption=title,
    )


def measures_story(measures: list[MeasureLine]) -> list[Flowable]:
    """The measures in a PDF: a table of their trend, then each one's chart."""
    return [
        pdf.para("Measures: is practice improving?", "h2"),
        pdf.table(
            MEASURE_HEADINGS,
            [measure_cells(m) for m in measures],
            MEASURE_WIDTHS,
            fills=[(6, row, rag_fill(m.impact)) for row, m in enumerate(measures, start=1)],
        ),
        *measure_charts(measures),
    ]


def measure_charts(measures: list[MeasureLine], *, small: bool = False) -> list[Flowable]:
    """Each measure's chart from the dashboard: its readings against the target; `small`, half
    as wide (drawn narrower rather than shrunk, so its labels stay readable)."""
    return [
        pdf.chart(
            measure_chart(
                chart_id=f"measure-{number}",
                name=m.name,
                target=m.target,
                target_display=m.target_display,
                points=m.chart_points,
                percentage=m.percentage,
                width=360 if small else 600,
                height=200 if small else 240,
            ),
            width=pdf.WIDTH * (0.3 if small else 0.6),
            caption=m.name,
        )
        for number, m in enumerate(measures, start=1)
    ]
