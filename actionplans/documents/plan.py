"""The action plan as a document: assembled once from the database, rendered as Word or PDF.

The layout is the one UK action plans use: a section per area for improvement with the finding
quoted, then a table of its actions (lead agency and person, timescale with revised dates, success
measure, RAG in words and colour, latest progress). Before the sections, the dashboard's picture of
progress (actions by RAG and agency); after them, the measures with their trend (in the PDF, the
dashboard's charts themselves)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from reportlab.platypus import Flowable

from actionplans.documents import pdf, word
from actionplans.documents.figures import (
    AGENCY_HEADINGS,
    AGENCY_WIDTHS,
    MEASURE_HEADINGS,
    MEASURE_WIDTHS,
    AgencyBar,
    MeasureLine,
    agency_bars,
    agency_cells,
    agency_chart,
    measure_cells,
    measure_lines,
    measures_story,
    rag_fill,
)
from actionplans.measures.models import Measure
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate
from actionplans.plans.selectors import plan_actions, plan_sections


@dataclass
class ActionRow:
    reference: str
    title: str
    owner: str
    lead_name: str
    contributing: str
    start: dt.date
    due: dt.date
    revised_due: dt.date | None
    revised_reason: str
    status: str
    rag: str
    rag_label: str
    success_measure: str
    latest_progress: str
    latest_progress_date: dt.date | None
    pk: int = 0
    # Where else the action answers ("Shared: owned by JTAI 2025", "Also answers CSPR 2025 R3").
    shared: str = ""

    @property
    def timescale(self) -> str:
        text = f"{self.start:%-d %B %Y} to {self.due:%-d %B %Y}"
        if self.revised_due:
            text += f"; revised to {self.revised_due:%-d %B %Y} ({self.revised_reason})"
        return text


@dataclass
class Section:
    reference: str
    title: str
    lead_agency: str
    finding_reference: str
    finding_text: str
    source: str
    actions: list[ActionRow] = field(default_factory=list)


@dataclass
class Approval:
    """A partner's approval of the exact content sent, as the submitted copy records it."""

    person: str
    agency: str
    approved_at: dt.datetime
    digest: str


APPROVAL_HEADINGS = ("Agency", "Approved by", "Approved on", "Content approved (digest)")
APPROVAL_WIDTHS = (0.3, 0.25, 0.2, 0.25)


def approval_cells(a: Approval) -> list[str]:
    return [a.agency, a.person, f"{a.approved_at:%-d %B %Y, %H:%M}", a.digest[:16]]


@dataclass
class PlanDocument:
    partnership: str
    title: str
    theme: str
    inspectorates: str
    fieldwork: str
    letter_published: dt.date | None
    deadline: dt.date | None
    status: str
    submitted_at: dt.datetime | None
    generated_at: dt.datetime
    sections: list[Section]
    by_agency: list[AgencyBar] = field(default_factory=list)
    measures: list[MeasureLine] = field(default_factory=list)
    # What the regime calls the plan ("Written statement of proposed action").
    plan_name: str = "Action plan"
    # Filled in only on the copy that is sent: who approved exactly this content.
    approved_by: list[Approval] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        """Each action once, though it may answer several of the plan's recommendations."""
        return len({a.pk for s in self.sections for a in s.actions})


def build_plan_document(plan: ActionPlan) -> PlanDocument:
    """Everything the documents show, in a fixed number of queries whatever the plan's size."""
    inspection = plan.inspection
    # The plan goes to the inspectorate: internal notes (send-backs among them) never reach it.
    latest = ProgressUpdate.objects.shareable().order_by("action_id", "-date", "-created_at")
    actions = (
        plan_actions(plan)
        .select_related("owner_agency")
        .prefetch_related("contributing_agencies", Prefetch("progress_updates", queryset=latest))
    )
    sections = []
    for r, recommendation_actions in plan_sections(plan, actions):
        section = Section(
            reference=r.reference,
            title=r.title,
            lead_agency=r.lead_agency.name,
            finding_reference=r.finding.reference if r.finding else "",
            finding_text=r.finding.text if r.finding else r.text,
            source=f"Response of {r.source_agency}" if r.source_agency else "Inspection letter",
        )
        for a in recommendation_actions:
            updates = list(a.progress_updates.all())
            section.actions.append(
                ActionRow(
                    reference=a.reference,
                    title=a.title,
                    owner=a.owner_agency.name,
                    lead_name=a.lead_name,
                    contributing=", ".join(c.short_name for c in a.contributing_agencies.all()),
                    start=a.start_date,
                    due=a.due_date,
                    revised_due=a.revised_due_date,
                    revised_reason=a.revised_reason,
                    status=a.get_status_display(),
                    rag=a.rag,
                    rag_label=a.get_rag_display(),
                    success_measure=a.success_measure,
                    latest_progress=updates[0].text if updates else "",
                    latest_progress_date=updates[0].date if updates else None,
                    pk=a.pk,
                    shared=shared_note(a),
                )
            )
        sections.append(section)
    return PlanDocument(
        partnership=inspection.partnership.name,
        title=inspection.title,
        theme=inspection.theme,
        inspectorates=inspection.get_inspectorates_display(),
        fieldwork=f"{inspection.fieldwork_start:%-d %B %Y} to {inspection.fieldwork_end:%-d %B %Y}",
        letter_published=inspection.letter_published,
        deadline=inspection.effective_deadline,
        status=plan.status_in_words,
        submitted_at=plan.submitted_at,
        generated_at=timezone.localtime(),
        sections=sections,
        by_agency=agency_bars(plan_actions(plan)),
        measures=measure_lines(Measure.objects.filter(plan=plan), plan_actions(plan)),
        plan_name=inspection.regime.plan_name,
    )


ACTION_HEADINGS = (
    "Ref",
    "Action",
    "Lead agency and person",
    "Timescale",
    "Success measure",
    "RAG",
    "Latest progress",
)


ACTION_WIDTHS = (0.06, 0.20, 0.15, 0.15, 0.17, 0.08, 0.19)


def shared_note(action: Action) -> str:
    """Where else an action of `plan_sections` answers, in one line ("" when nowhere)."""
    parts = []
    elsewhere: list[str] = list(getattr(action, "elsewhere", []))
    if owned_by := getattr(action, "owned_by", ""):
        parts.append(f"Shared: owned by {owned_by}")
        elsewhere = elsewhere[1:]  # the first is the recommendation it was made for
    if elsewhere:
        parts.append(f"Also answers {', '.join(elsewhere)}")
    return "; ".join(parts)


def _action_cells(a: ActionRow) -> list[str]:
    return [
        a.reference,
        f"{a.title}\n{a.shared}" if a.shared else a.title,
        f"{a.owner}\n{a.lead_name}" + (f"\nWith: {a.contributing}" if a.contributing else ""),
        a.timescale,
        a.success_measure,
        f"{a.rag_label}\n{a.status}",
        (
            f"{a.latest_progress_date:%-d %B %Y}: {a.latest_progress}"
            if a.latest_progress_date
            else "No update yet"
        ),
    ]


def _facts(document: PlanDocument) -> list[tuple[str, str]]:
    return [
        ("Theme", document.theme),
        ("Inspectorates", document.inspectorates),
        ("Fieldwork", document.fieldwork),
        ("Letter published", long_date(document.letter_published)),
        ("Submission deadline", long_date(document.deadline)),
        ("Plan status", document.status),
        ("Produced", f"{document.generated_at:%-d %B %Y, %H:%M}"),
    ]


def _footer(document: PlanDocument) -> str:
    return (
        f"{document.partnership}: {document.plan_name}. Produced {document.generated_at:%-d %B %Y}."
    )


def render_docx(document: PlanDocument) -> bytes:
    """The plan as a Word document, landscape A4, one table per recommendation."""
    title = f"{document.plan_name}: {document.partnership}"
    doc = word.new_document(title=title, author=document.partnership)
    word.heading(doc, title, level=0)
    word.paragraph(doc, document.title)
    word.facts(doc, _facts(document))
    if document.by_agency:
        word.heading(doc, "Progress at a glance: actions by RAG and agency", level=1)
        word.table(
            doc, AGENCY_HEADINGS, [agency_cells(b) for b in document.by_agency], AGENCY_WIDTHS
        )
    for s in document.sections:
        word.heading(doc, f"{s.reference}. {s.title}", level=1)
        lead = word.paragraph(doc, f"Lead agency: {s.lead_agency}. Source: {s.source}.")
        lead.paragraph_format.keep_with_next = True
        if s.finding_text:
            word.quote(doc, s.finding_reference, s.finding_text)
        if not s.actions:
            word.paragraph(doc, "No actions yet.")
            continue
        word.table(
            doc,
            ACTION_HEADINGS,
            [_action_cells(a) for a in s.actions],
            ACTION_WIDTHS,
            fills=[(5, row, rag_fill(a.rag)) for row, a in enumerate(s.actions, start=1)],
        )
    if document.measures:
        word.heading(doc, "Measures: is practice improving?", level=1)
        word.table(
            doc,
            MEASURE_HEADINGS,
            [measure_cells(m) for m in document.measures],
            MEASURE_WIDTHS,
            fills=[(6, row, rag_fill(m.impact)) for row, m in enumerate(document.measures, 1)],
        )
    if document.approved_by:
        word.heading(doc, "Approved by", level=1)
        word.table(
            doc,
            APPROVAL_HEADINGS,
            [approval_cells(a) for a in document.approved_by],
            APPROVAL_WIDTHS,
        )
    return word.save(doc, footer=_footer(document))


def render_pdf(document: PlanDocument) -> bytes:
    """The plan as a PDF: the Word document's content, with the dashboard's charts."""
    title = f"{document.plan_name}: {document.partnership}"
    story: list[Flowable] = [pdf.para(title, "title"), pdf.para(document.title), pdf.spacer()]
    story.append(pdf.facts(_facts(document)))
    if document.by_agency:
        story.append(pdf.para("Progress at a glance", "h2"))
        story.append(agency_chart(document.by_agency))
        story.append(
            pdf.table(AGENCY_HEADINGS, [agency_cells(b) for b in document.by_agency], AGENCY_WIDTHS)
        )
    for s in document.sections:
        story += section_story(s)
    if document.measures:
        story += measures_story(document.measures)
    if document.approved_by:
        story.append(pdf.para("Approved by", "h2"))
        story.append(
            pdf.table(
                APPROVAL_HEADINGS,
                [approval_cells(a) for a in document.approved_by],
                APPROVAL_WIDTHS,
            )
        )
    return pdf.build(story, title=title, author=document.partnership, footer=_footer(document))


def section_story(s: Section) -> list[Flowable]:
    """One recommendation in the PDF: its heading, lead agency, the finding quoted, its actions."""
    story: list[Flowable] = [
        pdf.para(f"{s.reference}. {s.title}", "h2"),
        pdf.para(f"Lead agency: {s.lead_agency}. Source: {s.source}.", "intro"),
    ]
    if s.finding_text:
        prefix = f"{s.finding_reference}: " if s.finding_reference else ""
        story.append(pdf.quote(prefix + s.finding_text))
    if not s.actions:
        story.append(pdf.para("No actions yet."))
        return story
    story.append(
        pdf.table(
            ACTION_HEADINGS,
            [_action_cells(a) for a in s.actions],
            ACTION_WIDTHS,
            fills=[(5, row, rag_fill(a.rag)) for row, a in enumerate(s.actions, start=1)],
        )
    )
    return story


def long_date(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else "Not set"
