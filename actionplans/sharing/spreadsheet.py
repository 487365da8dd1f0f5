"""The traceability view as a workbook: one row per recommendation and action that answers it
(a recommendation nothing answers yet has a row of its own), as the plan's Excel export is
made (actionplans/documents/spreadsheet.py): heading line, frozen filterable heading row, text
neutralised, dates as dates."""

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from actionplans.documents.spreadsheet import HEADER_FILL, neutralise
from actionplans.sharing.selectors import TracedRecommendation
from agencies.models import Partnership

COLUMNS = [
    ("Source", 18),
    ("Recommendation reference", 16),
    ("Recommendation", 40),
    ("Action plan", 18),
    ("Action reference", 12),
    ("Action", 40),
    ("Owner agency", 28),
    ("Shared", 28),
    ("Status", 18),
    ("RAG", 12),
    ("Due date", 16),
    ("Evidence", 10),
]
HEADERS = [header for header, _ in COLUMNS]
NO_ACTION = "No action yet"


def traceability_rows(rows: list[TracedRecommendation]) -> list[list[object]]:
    table: list[list[object]] = []
    for row in rows:
        r = row.recommendation
        start: list[object] = [row.source, r.reference, r.title]
        if not row.actions:
            table.append([*start, "", "", NO_ACTION, "", "", "", "", None, None])
        for traced in row.actions:
            a = traced.action
            shared = f"Shared: owned by {traced.plan_name}" if traced.shared else ""
            table.append(
                [
                    *start,
                    traced.plan_name,
                    a.reference,
                    a.title,
                    a.owner_agency.name,
                    shared,
                    a.get_status_display(),
                    a.get_rag_display(),
                    a.effective_due_date,
                    traced.evidence,
                ]
            )
    return table


def traceability_xlsx(
    partnership: Partnership, rows: list[TracedRecommendation], *, day: dt.date
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Traceability"
    sheet.append([neutralise(f"{partnership.name}: traceability, produced {day:%-d %B %Y}")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in traceability_rows(rows):
        sheet.append([neutralise(v) for v in values])
    wrapped = Alignment(wrap_text=True, vertical="top")
    for index, (header, width) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        for cell in sheet[letter][2:]:
            cell.alignment = wrapped
            if header == "Due date":
                cell.number_format = "d mmmm yyyy"
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 3)}"
    sheet.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
