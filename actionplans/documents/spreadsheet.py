"""Actions as rows, for analysts (Excel and CSV) and for importing a partnership's own plan.

One list of columns serves both ways: what the export writes is what the import reads back.
Cells that a spreadsheet would run as a formula are neutralised on the way out, and text loses
the characters an .xlsx (XML) cannot hold, whatever the database holds.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from actionplans.plans.models import Action, ActionPlan, ProgressUpdate
from ui.text import clean_text


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required_for_import: bool = False


COLUMNS = [
    Column("recommendation_reference", "Recommendation reference", True),
    Column("recommendation", "Recommendation", True),
    Column("recommendation_lead_agency", "Recommendation lead agency"),
    Column("finding_reference", "Finding reference"),
    Column("finding", "Finding"),
    Column("reference", "Action reference", True),
    Column("title", "Action", True),
    Column("description", "Description"),
    Column("owner_agency", "Owner agency", True),
    Column("lead_name", "Named lead", True),
    Column("contributing_agencies", "Contributing agencies"),
    Column("start_date", "Start date", True),
    Column("due_date", "Due date", True),
    Column("revised_due_date", "Revised due date"),
    Column("revised_reason", "Reason for the revised date"),
    Column("status", "Status"),
    Column("rag", "RAG"),
    Column("success_measure", "Success measure"),
    Column("latest_progress", "Latest progress"),
    Column("latest_progress_date", "Latest progress date"),
]
HEADERS = [c.header for c in COLUMNS]

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
    """Every action of the plan as a row of COLUMNS, in plan order, in a fixed number of queries."""
    latest: dict[int, ProgressUpdate] = {}
    # Exports leave the partnership: internal notes (send-backs among them) stay out.
    shared = ProgressUpdate.objects.shareable().filter(action__plan=plan)
    for update in shared.order_by("date", "created_at"):
        latest[update.action_id] = update
    actions = (
        Action.objects.filter(plan=plan)
        .select_related("owner_agency", "recommendation__lead_agency", "recommendation__finding")
        .prefetch_related("contributing_agencies")
        .order_by("recommendation__position", "recommendation__reference", "position", "reference")
    )
    rows = []
    for a in actions:
        r = a.recommendation
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
        }
        rows.append([values[c.key] for c in COLUMNS])
    return rows


def render_xlsx(rows: Iterable[list[object]], *, title: str = "Actions") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    for index, column in enumerate(sheet.iter_cols(min_row=1, max_row=1), start=1):
        if column[0].value and "date" in str(column[0].value).lower():
            for cell in sheet[get_column_letter(index)][1:]:
                cell.number_format = "d mmmm yyyy"
        sheet.column_dimensions[get_column_letter(index)].width = 24
    sheet.freeze_panes = "A2"
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
