"""Actions as rows, for analysts (Excel and CSV) and for importing a partnership's own plan.

One list of columns serves both ways: what the export writes is what the import reads back.
Cells that a spreadsheet would run as a formula are neutralised on the way out, and text loses
the characters an .xlsx (XML) cannot hold, whatever the database holds.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from actionplans.documents.figures import RAG_COLOURS
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate, Rag
from actionplans.plans.selectors import PlanSection, plan_actions, plan_sections
from ui.text import clean_text


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required_for_import: bool = False
    width: int = 24  # in Excel's units (characters of the default font)


COLUMNS = [
    Column("recommendation_reference", "Recommendation reference", True, width=16),
    Column("recommendation", "Recommendation", True, width=40),
    Column("recommendation_lead_agency", "Recommendation lead agency", width=28),
    Column("finding_reference", "Finding reference", width=12),
    Column("finding", "Finding", width=50),
    Column("reference", "Action reference", True, width=12),
    Column("title", "Action", True, width=40),
    Column("description", "Description", width=50),
    Column("owner_agency", "Owner agency", True, width=28),
    Column("lead_name", "Named lead", True, width=24),
    Column("contributing_agencies", "Contributing agencies", width=28),
    Column("start_date", "Start date", width=16),
    Column("due_date", "Due date", True, width=16),
    Column("revised_due_date", "Revised due date", width=16),
    Column("revised_reason", "Reason for the revised date", width=40),
    Column("status", "Status", width=18),
    Column("rag", "RAG", width=10),
    Column("success_measure", "Success measure", width=40),
    Column("latest_progress", "Latest progress", width=60),
    Column("latest_progress_date", "Latest progress date", width=16),
    # Says which rows are another plan's actions answering this plan too (the import leaves them
    # out: they are that plan's to import) and which of this plan's answer other plans too.
    Column("shared", "Shared", width=28),
]
OWNED_BY = "Owned by"
HEADERS = [c.header for c in COLUMNS]

HEADER_FILL = "E8E8E8"  # as the Word and PDF documents' heading rows

# A spreadsheet treats a cell starting with one of these as a formula (or DDE command).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP); no text
    keeps a character a document cannot hold."""
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def action_rows(plan: ActionPlan) -> list[list[object]]:
    """Every action the plan counts as a row of COLUMNS, in plan order, in a fixed number of
    queries: under each recommendation its own actions, then those linked to it."""
    actions = (
        plan_actions(plan)
        .select_related("owner_agency", "recommendation__lead_agency", "recommendation__finding")
        .prefetch_related("contributing_agencies")
    )
    sections = plan_sections(plan, actions)
    latest: dict[int, ProgressUpdate] = {}
    # Exports leave the partnership: internal notes (send-backs among them) stay out.
    shared = ProgressUpdate.objects.shareable().filter(action__in=actions.values("pk"))
    for update in shared.order_by("date", "created_at"):
        latest[update.action_id] = update
    rows = []
    for section, a in ((s, a) for s in sections for a in s.actions):
        r = section.recommendation
        last = latest.get(a.pk)
        values = {
            "recommendation_reference": r.reference,
            "recommendation": r.title,
            "recommendation_lead_agency": r.lead_agency.name,
            "finding_reference": r.finding.reference if r.finding else "",
            "finding": r.finding.text if r.finding else "",
            "reference": a.reference,
            "title": a.title,
            "description": a.description,
            "owner_agency": a.owner_agency.name,
            "lead_name": a.lead_name,
            "contributing_agencies": "; ".join(c.name for c in a.contributing_agencies.all()),
            "start_date": a.start_date,
            "due_date": a.due_date,
            "revised_due_date": a.revised_due_date,
            "revised_reason": a.revised_reason,
            "status": a.get_status_display(),
            "rag": a.get_rag_display(),
            "success_measure": a.success_measure,
            "latest_progress": last.text if last else "",
            "latest_progress_date": last.date if last else None,
            "shared": _shared(plan, section, a),
        }
        rows.append([values[c.key] for c in COLUMNS])
    return rows


def _shared(plan: ActionPlan, section: PlanSection, action: Action) -> str:
    """ "Owned by JTAI 2025 R3" on a row linked here; "Also answers CSPR 2026 R1" on an own row
    that answers other plans too; blank otherwise."""
    if action.recommendation_id != section.recommendation.pk:
        owner = action.owned_by or plan.inspection.short_name  # type: ignore[attr-defined]
        return f"{OWNED_BY} {owner} {action.recommendation.reference}"
    elsewhere = action.elsewhere  # type: ignore[attr-defined]  # set by plan_sections
    return f"Also answers {', '.join(elsewhere)}" if elsewhere else ""


def plan_heading(plan: ActionPlan, *, day: dt.date) -> str:
    """The line above the headings that says whose plan a saved or printed file is, and when it
    was produced: a sheet passed on by email says nothing else about where it came from."""
    inspection = plan.inspection
    return (
        f"{inspection.partnership.name}: {inspection.title}. {inspection.regime.plan_name}, "
        f"produced {day:%-d %B %Y}"
    )


def render_xlsx(
    rows: Iterable[list[object]], *, title: str = "Actions", heading: str = ""
) -> bytes:
    """The rows as a workbook an analyst can read at once: the heading line (if given) above the
    heading row, that row frozen and filterable, text wrapped in columns sized to it, dates as
    dates, each RAG cell in its colour (with its word), and pages that print landscape with the
    heading row on each. The import finds the heading row below a title line, so what the export
    writes still reads back."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    if heading:
        # Not wrapped and not merged: the line runs on over the empty cells beside it, and
        # sorting or filtering the table below never meets a merged cell.
        sheet.append([neutralise(heading)])
        sheet["A1"].font = Font(bold=True, size=14)
    header_row = sheet.max_row + 1 if heading else 1
    sheet.append(HEADERS)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    wrapped = Alignment(wrap_text=True, vertical="top")
    rag_fills = {
        Rag(value).label: PatternFill("solid", fgColor=colour)
        for value, colour in RAG_COLOURS.items()
    }
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        for cell in sheet[letter][header_row:]:
            cell.alignment = wrapped
            if column.key.endswith("date"):
                cell.number_format = "d mmmm yyyy"
            elif column.key == "rag" and cell.value in rag_fills:
                cell.fill = rag_fills[str(cell.value)]
    sheet.freeze_panes = f"A{header_row + 1}"
    last_row = max(sheet.max_row, header_row + 1)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(COLUMNS))}{last_row}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_csv(rows: Iterable[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(
            [neutralise(v.isoformat() if hasattr(v, "isoformat") else (v or "")) for v in row]
        )
    return buffer.getvalue()
