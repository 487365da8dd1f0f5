"""The board progress report as Word and PDF. What goes in it is worked out in
`submission/board_reports.py`."""

import datetime as dt
from dataclasses import dataclass, field

from django.template.defaultfilters import pluralize
from django.utils import timezone
from reportlab.platypus import Flowable

from actionplans.documents import pdf, word
from actionplans.documents.figures import (
    AGENCY_HEADINGS,
    AGENCY_WIDTHS,
    AgencyBar,
    MeasureLine,
    agency_cells,
    agency_chart,
    measure_charts,
    rag_fill,
)
from actionplans.documents.plan import long_date
from actionplans.plans.models import Rag


@dataclass
class Line:
    """An action as the report lists it."""

    reference: str
    title: str
    owner: str
    date: dt.date  # what the list is about: when completed, added, or updated
    text: str = ""  # a progress update, or the latest one


@dataclass
class Slipped:
    reference: str
    title: str
    owner: str
    original_due: dt.date
    now_due: dt.date
    days_overdue: int
    reason: str
    latest_progress: str
    new: bool  # slipped within this report's period


@dataclass
class MeasureTrend:
    line: MeasureLine
    at_since: str  # the latest reading on or before the start of the period


@dataclass
class BoardReportDocument:
    partnership: str
    title: str
    status: str
    deadline: dt.date | None
    submitted_at: dt.datetime | None
    since: dt.date
    report_date: dt.date
    generated_at: dt.datetime
    total: int
    by_status: list[tuple[str, int]]
    percent_complete: int
    overdue: int
    by_agency: list[AgencyBar]
    completed: list[Line] = field(default_factory=list)
    added: list[Line] = field(default_factory=list)
    updates: list[Line] = field(default_factory=list)
    slipped: list[Slipped] = field(default_factory=list)
    measures: list[MeasureTrend] = field(default_factory=list)
    complete: int = 0
    open_by_rag: dict[str, int] = field(default_factory=dict)  # open actions, by Rag value

    @property
    def heading(self) -> str:
        return f"Progress report to the board: {self.partnership}"

    @property
    def period(self) -> str:
        return f"{self.since:%-d %B %Y} to {self.report_date:%-d %B %Y}"


LINE_HEADINGS = ("Ref", "Action", "Owner agency", "Date")


LINE_WIDTHS = (0.08, 0.54, 0.26, 0.12)


UPDATE_HEADINGS = ("Ref", "Action", "Owner agency", "Date", "Update")


UPDATE_WIDTHS = (0.06, 0.24, 0.16, 0.1, 0.44)


SLIPPED_HEADINGS = (
    "Ref",
    "Action",
    "Owner agency",
    "Due",
    "Now due",
    "Reason",
    "Latest progress",
    "New",
)


SLIPPED_WIDTHS = (0.05, 0.17, 0.12, 0.09, 0.11, 0.2, 0.21, 0.05)


TREND_HEADINGS = (
    "Measure",
    "For",
    "Baseline",
    "At the start of the period",
    "Latest",
    "Target",
    "Trend",
    "Impact",
)


WIDTHS = {
    LINE_HEADINGS: LINE_WIDTHS,
    UPDATE_HEADINGS: UPDATE_WIDTHS,
    SLIPPED_HEADINGS: SLIPPED_WIDTHS,
}


TREND_WIDTHS = (0.28, 0.08, 0.09, 0.1, 0.1, 0.09, 0.14, 0.12)


# How an open action's RAG reads in the summary. An open action rated blue (done, waiting for
# sign-off) is on track: nothing stands between it and completion but the lead's check.
OPEN_RAG_WORDS = (
    ((Rag.GREEN, Rag.BLUE), "on track (green)"),
    ((Rag.AMBER,), "at risk (amber)"),
    ((Rag.RED,), "off track (red)"),
    ((Rag.NOT_RATED,), "not yet rated"),
)


def summary(report: BoardReportDocument) -> str:
    """The paragraph the report opens with, in plain words: the actions counted, and where the
    plan stands against its deadline."""
    return f"{_counts(report)} {_deadline(report)}"


def _counts(report: BoardReportDocument) -> str:
    if not report.total:
        return "The plan has no actions yet."
    groups = [(report.complete, "complete")] + [
        (sum(report.open_by_rag.get(r, 0) for r in rags), words) for rags, words in OPEN_RAG_WORDS
    ]
    parts = [f"{n} {words}" for n, words in groups if n]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    overdue = {0: "None is overdue.", 1: "1 is overdue."}.get(
        report.overdue, f"{report.overdue} are overdue."
    )
    return f"The plan has {report.total} action{pluralize(report.total)}: {listed}. {overdue}"


def _deadline(report: BoardReportDocument) -> str:
    deadline = report.deadline
    if deadline is None:
        return "No submission deadline is set."
    due = f"{deadline:%-d %B %Y}"
    if report.submitted_at is None:
        if deadline >= report.report_date:
            return f"The plan is due to be submitted by {due}."
        return f"The plan has not been submitted and its deadline, {due}, has passed."
    submitted = timezone.localdate(report.submitted_at)
    on = f"The plan was submitted on {submitted:%-d %B %Y}"
    if submitted < deadline:
        return f"{on}, before its deadline of {due}."
    if submitted == deadline:
        return f"{on}, its deadline."
    return f"{on}, after its deadline of {due}."


def _facts(report: BoardReportDocument) -> list[tuple[str, str]]:
    counts = ", ".join(f"{n} {label.lower()}" for label, n in report.by_status)
    return [
        ("Inspection", report.title),
        ("Period", report.period),
        ("Plan status", report.status),
        ("Submission deadline", long_date(report.deadline)),
        (
            "Actions",
            f"{report.total} in all: {counts}. {report.percent_complete}% complete, "
            f"{report.overdue} overdue.",
        ),
    ]


def _line_cells(line: Line) -> list[str]:
    return [line.reference, line.title, line.owner, long_date(line.date)]


def _slipped_cells(s: Slipped) -> list[str]:
    now_due = long_date(s.now_due) + (
        f"\n{s.days_overdue} day{pluralize(s.days_overdue)} overdue" if s.days_overdue else ""
    )
    return [
        s.reference,
        s.title,
        s.owner,
        long_date(s.original_due),
        now_due,
        s.reason,
        s.latest_progress,
        "New" if s.new else "",
    ]


def _trend_cells(t: MeasureTrend) -> list[str]:
    m = t.line
    return [m.name, m.recommendation, m.baseline, t.at_since, m.latest, m.target_display,
            m.movement, m.impact_label]  # fmt: skip


def _sections(report: BoardReportDocument) -> list[tuple[str, tuple[str, ...], list[list[str]]]]:
    """The report's lists, in order: heading, column headings, rows. Both formats share them."""
    since = f"{report.since:%-d %B %Y}"
    return [
        (f"Completed since {since}", LINE_HEADINGS, [_line_cells(x) for x in report.completed]),
        (f"Actions added since {since}", LINE_HEADINGS, [_line_cells(x) for x in report.added]),
        (
            f"Slipped actions and why ({sum(s.new for s in report.slipped)} new since {since})",
            SLIPPED_HEADINGS,
            [_slipped_cells(s) for s in report.slipped],
        ),
        (
            f"Progress reported since {since}",
            UPDATE_HEADINGS,
            [[*_line_cells(u), u.text] for u in report.updates],
        ),
    ]


def _footer(report: BoardReportDocument) -> str:
    return f"{report.partnership}: progress report to the board, {report.report_date:%-d %B %Y}."


def render_docx(report: BoardReportDocument) -> bytes:
    doc = word.new_document(title=report.heading, author=report.partnership)
    word.heading(doc, report.heading, level=0)
    word.paragraph(doc, summary(report))
    word.facts(doc, _facts(report))
    word.heading(doc, "At a glance: actions by RAG and agency", level=1)
    word.table(doc, AGENCY_HEADINGS, [agency_cells(b) for b in report.by_agency], AGENCY_WIDTHS)
    for heading, headings, rows in _sections(report):
        word.heading(doc, heading, level=1)
        if rows:
            word.table(doc, headings, rows, WIDTHS[headings])
        else:
            word.paragraph(doc, "None.")
    word.heading(doc, "Measures and their trend", level=1)
    if report.measures:
        word.table(
            doc,
            TREND_HEADINGS,
            [_trend_cells(t) for t in report.measures],
            TREND_WIDTHS,
            fills=[(7, i, rag_fill(t.line.impact)) for i, t in enumerate(report.measures, 1)],
        )
    else:
        word.paragraph(doc, "No measures yet.")
    return word.save(doc, footer=_footer(report))


def render_pdf(report: BoardReportDocument) -> bytes:
    """The report as a PDF. Its charts are half as wide as the plan's: a board reads it for its
    lists, and the charts only show their shape."""
    story: list[Flowable] = [
        pdf.para(report.heading, "title"),
        pdf.para(summary(report)),
        pdf.spacer(),
        pdf.facts(_facts(report)),
    ]
    story.append(pdf.para("At a glance", "h2"))
    if report.by_agency:
        story.append(agency_chart(report.by_agency, small=True))
    for heading, headings, rows in _sections(report):
        story.append(pdf.para(heading, "h2"))
        story.append(pdf.table(headings, rows, WIDTHS[headings]) if rows else pdf.para("None."))
    if report.measures:
        story.append(pdf.para("Measures and their trend", "h2"))
        story.append(
            pdf.table(
                TREND_HEADINGS,
                [_trend_cells(t) for t in report.measures],
                TREND_WIDTHS,
                fills=[(7, i, rag_fill(t.line.impact)) for i, t in enumerate(report.measures, 1)],
            )
        )
        story += measure_charts([t.line for t in report.measures], small=True)
    return pdf.build(story, title=report.heading, author=report.partnership, footer=_footer(report))
