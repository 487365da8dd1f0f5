"""The board progress report: what changed in a period, slipped actions with reasons, measures.

A partnership's board asks the same three questions at every meeting: what has been done since we
last met, what has slipped and why, and is practice getting better. The report answers them for the
period from `since` to `report_date`, in Word and PDF (with the dashboard's charts in the PDF).

"Slipped" means an open action whose due date has been moved later (its reason is the one recorded
with the revised date) or that is past its due date now (then its latest progress update is all
the explanation there is, and the report says that no revised date was agreed). The date a due
date was revised comes from the action's history. Those that slipped within the period are marked
"New"; the others had already slipped at the last report and are still open.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Min, Prefetch, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from reportlab.platypus import Flowable

from actionplans import dashboard, pdf, word
from actionplans.documents import (
    AGENCY_HEADINGS,
    AGENCY_WIDTHS,
    AgencyBar,
    MeasureLine,
    agency_bars,
    agency_cells,
    agency_chart,
    long_date,
    measure_charts,
    measure_lines,
    rag_fill,
)
from actionplans.models import Action, ActionPlan, Measure, ProgressUpdate


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

    @property
    def heading(self) -> str:
        return f"Progress report to the board: {self.partnership}"

    @property
    def period(self) -> str:
        return f"{self.since:%-d %B %Y} to {self.report_date:%-d %B %Y}"


def default_since(plan: ActionPlan, today: dt.date) -> dt.date:
    """Where the next report starts: the last report's date, else submission, else the letter."""
    last = plan.board_reports.order_by("-report_date").values_list("report_date", flat=True)
    if last:
        return last[0]
    if plan.submitted_at:
        return timezone.localdate(plan.submitted_at)
    return plan.inspection.letter_published or today - dt.timedelta(days=30)


def build_board_report(plan: ActionPlan, *, since: dt.date, today: dt.date) -> BoardReportDocument:
    """Everything the report says, in a fixed number of queries whatever the plan's size."""
    inspection = plan.inspection
    actions = Action.objects.filter(plan=plan)
    tally = dashboard.action_tally(actions)
    listed = list(
        actions.select_related("owner_agency")
        .prefetch_related(
            Prefetch(
                "progress_updates",
                queryset=ProgressUpdate.objects.order_by("date", "created_at", "pk"),
            )
        )
        .order_by("recommendation__position", "position", "reference")
    )
    completed, added, updates = [], [], []
    for a in listed:
        owner = a.owner_agency.name
        if a.signed_off_at and timezone.localdate(a.signed_off_at) >= since:
            completed.append(Line(a.reference, a.title, owner, timezone.localdate(a.signed_off_at)))
        if timezone.localdate(a.created_at) >= since:
            added.append(Line(a.reference, a.title, owner, timezone.localdate(a.created_at)))
        updates += [
            Line(a.reference, a.title, owner, u.date, u.text)
            for u in a.progress_updates.all()
            if since <= u.date <= today
        ]
    return BoardReportDocument(
        partnership=inspection.partnership.name,
        title=inspection.title,
        status=plan.get_status_display(),
        deadline=inspection.effective_deadline,
        submitted_at=plan.submitted_at,
        since=since,
        report_date=today,
        generated_at=timezone.localtime(),
        total=tally.total,
        by_status=[(label, n) for _, label, n in tally.status_cells()],
        percent_complete=tally.percent_complete,
        overdue=sum(1 for a in listed if a.is_overdue(today)),
        by_agency=agency_bars(actions),
        completed=completed,
        added=added,
        updates=updates,
        slipped=_slipped([a for a in listed if not a.is_complete], since, today),
        measures=[
            MeasureTrend(line, _reading_at(line, since))
            for line in measure_lines(Measure.objects.filter(plan=plan), actions)
        ],
    )


def _moved_later(action: Action) -> bool:
    return bool(action.revised_due_date and action.revised_due_date > action.due_date)


def _slipped(open_actions: list[Action], since: dt.date, today: dt.date) -> list[Slipped]:
    revised_on = _revised_on([a for a in open_actions if _moved_later(a)])
    slipped = []
    for a in open_actions:
        moved = _moved_later(a)
        overdue = a.is_overdue(today)
        if not (moved or overdue):
            continue
        updates = list(a.progress_updates.all())
        when = revised_on.get(a.pk)
        new = (moved and when is not None and when >= since) or (
            overdue and a.current_due_date >= since
        )
        reason = a.revised_reason if moved else "No revised date agreed"
        slipped.append(
            Slipped(
                reference=a.reference,
                title=a.title,
                owner=a.owner_agency.name,
                original_due=a.due_date,
                now_due=a.current_due_date,
                days_overdue=max(0, (today - a.current_due_date).days),
                reason=(f"{reason} (revised {when:%-d %B %Y})" if moved and when else reason),
                latest_progress=(
                    f"{updates[-1].date:%-d %B %Y}: {updates[-1].text}" if updates else "No update"
                ),
                new=new,
            )
        )
    return slipped


def _revised_on(actions: list[Action]) -> dict[int, dt.date]:
    """When each action's current revised due date was first recorded, from its history."""
    if not actions:
        return {}
    current = {a.pk: a.revised_due_date for a in actions}
    first: QuerySet = (
        Action.history.filter(id__in=current, revised_due_date__isnull=False)
        .values("id", "revised_due_date")
        .annotate(first=Min("history_date"))
        .order_by()
    )
    return {
        row["id"]: timezone.localdate(row["first"])
        for row in first
        if row["revised_due_date"] == current[row["id"]]
    }


def _reading_at(line: MeasureLine, since: dt.date) -> str:
    before = [r for r in line.readings if r.date <= since]
    return before[-1].label if before else "No reading then"


# Rendering ---------------------------------------------------------------------------------

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
    now_due = long_date(s.now_due) + (f"\n{s.days_overdue} days overdue" if s.days_overdue else "")
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
    doc.add_heading(report.heading, level=0)
    word.facts(doc, _facts(report))
    doc.add_heading("At a glance: actions by RAG and agency", level=1)
    word.table(doc, AGENCY_HEADINGS, [agency_cells(b) for b in report.by_agency], AGENCY_WIDTHS)
    for heading, headings, rows in _sections(report):
        doc.add_heading(heading, level=1)
        if rows:
            word.table(doc, headings, rows, WIDTHS[headings])
        else:
            doc.add_paragraph("None.")
    doc.add_heading("Measures and their trend", level=1)
    if report.measures:
        word.table(
            doc,
            TREND_HEADINGS,
            [_trend_cells(t) for t in report.measures],
            TREND_WIDTHS,
            fills=[(7, i, rag_fill(t.line.impact)) for i, t in enumerate(report.measures, 1)],
        )
    else:
        doc.add_paragraph("No measures yet.")
    return word.save(doc, footer=_footer(report))


def render_pdf(report: BoardReportDocument) -> bytes:
    story: list[Flowable] = [pdf.para(report.heading, "title"), pdf.facts(_facts(report))]
    story.append(pdf.para("At a glance", "h2"))
    if report.by_agency:
        story.append(agency_chart(report.by_agency))
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
        story += measure_charts([t.line for t in report.measures])
    return pdf.build(story, title=report.heading, author=report.partnership, footer=_footer(report))


def file_stem(report: BoardReportDocument, local_area: str) -> str:
    return f"board-report-{slugify(local_area)}-{report.report_date:%Y-%m-%d}"
