"""The action plan as a document: assembled once from the database, rendered as Word or PDF.

The layout is the one UK action plans use: a section per area for improvement with the finding
quoted, then a table of its actions (lead agency and person, timescale with revised dates, success
measure, RAG in words and colour, latest progress).
"""

import datetime as dt
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from actionplans.models import Action, ActionPlan, ProgressUpdate, Rag

# RAG colours for documents (the same as the web tags), with the word always written beside them.
RAG_COLOURS = {Rag.RED: "F4CDC6", Rag.AMBER: "FFF7BF", Rag.GREEN: "CCE2D8", Rag.BLUE: "D2E2F1"}


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

    @property
    def action_count(self) -> int:
        return sum(len(s.actions) for s in self.sections)


def build_plan_document(plan: ActionPlan) -> PlanDocument:
    """Everything the documents show, in a fixed number of queries whatever the plan's size."""
    inspection = plan.inspection
    latest = ProgressUpdate.objects.order_by("action_id", "-date", "-created_at")
    actions = (
        Action.objects.filter(plan=plan)
        .select_related("owner_agency")
        .prefetch_related("contributing_agencies", Prefetch("progress_updates", queryset=latest))
        .order_by("position", "reference")
    )
    by_recommendation: dict[int, list[Action]] = {}
    for action in actions:
        by_recommendation.setdefault(action.recommendation_id, []).append(action)
    sections = []
    for r in inspection.recommendations.select_related("lead_agency", "finding", "source_agency"):
        section = Section(
            reference=r.reference,
            title=r.title,
            lead_agency=r.lead_agency.name,
            finding_reference=r.finding.reference if r.finding else "",
            finding_text=r.finding.text if r.finding else r.text,
            source=f"Response of {r.source_agency}" if r.source_agency else "Inspection letter",
        )
        for a in by_recommendation.get(r.pk, []):
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
        status=plan.get_status_display(),
        submitted_at=plan.submitted_at,
        generated_at=timezone.localtime(),
        sections=sections,
    )


def _shade(cell: object, hex_colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), hex_colour)
    properties.append(shading)


def render_docx(document: PlanDocument) -> bytes:
    """The plan as a Word document, landscape A4, one table per recommendation."""
    word = Document()
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    word.styles["Normal"].font.name = "Arial"
    word.styles["Normal"].font.size = Pt(10)

    word.add_heading(f"Multi-agency action plan: {document.partnership}", level=0)
    word.add_paragraph(document.title)
    facts = word.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in [
        ("Theme", document.theme),
        ("Inspectorates", document.inspectorates),
        ("Fieldwork", document.fieldwork),
        ("Letter published", _date(document.letter_published)),
        ("Submission deadline", _date(document.deadline)),
        ("Plan status", document.status),
        ("Produced", f"{document.generated_at:%-d %B %Y, %H:%M}"),
    ]:
        row = facts.add_row().cells
        row[0].text, row[1].text = label, value
        row[0].paragraphs[0].runs[0].bold = True

    for s in document.sections:
        word.add_heading(f"{s.reference}. {s.title}", level=1)
        word.add_paragraph(f"Lead agency: {s.lead_agency}. Source: {s.source}.")
        if s.finding_text:
            quote = word.add_paragraph(style="Intense Quote")
            quote.add_run(f"{s.finding_reference}: " if s.finding_reference else "")
            quote.add_run(s.finding_text)
        if not s.actions:
            word.add_paragraph("No actions yet.")
            continue
        headings = [
            "Ref",
            "Action",
            "Lead agency and person",
            "Timescale",
            "Success measure",
            "RAG",
            "Latest progress",
        ]
        table = word.add_table(rows=1, cols=len(headings))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, headings, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
            _shade(cell, "E8E8E8")
        for a in s.actions:
            cells = table.add_row().cells
            cells[0].text = a.reference
            cells[1].text = a.title
            cells[2].text = f"{a.owner}\n{a.lead_name}" + (
                f"\nWith: {a.contributing}" if a.contributing else ""
            )
            cells[3].text = a.timescale
            cells[4].text = a.success_measure
            cells[5].text = f"{a.rag_label}\n{a.status}"
            _shade(cells[5], RAG_COLOURS.get(Rag(a.rag), "FFFFFF"))
            cells[6].text = (
                f"{a.latest_progress_date:%-d %B %Y}: {a.latest_progress}"
                if a.latest_progress_date
                else "No update yet"
            )
    footer = word.sections[0].footer.paragraphs[0]
    footer.text = (
        f"{document.partnership}: action plan. Produced {document.generated_at:%-d %B %Y}."
    )
    footer.runs[0].font.color.rgb = RGBColor(0x50, 0x5A, 0x5F)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def render_pdf(document: PlanDocument) -> bytes:
    """The plan as a PDF, from an HTML template printed by WeasyPrint."""
    from weasyprint import CSS, HTML  # imported here: it loads Pango, which only exports need

    html = render_to_string("actionplans/exports/plan_pdf.html", {"document": document})
    stylesheet = CSS(filename=str(settings.BASE_DIR / "static" / "css" / "plan-pdf.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])


def _date(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else "Not set"
