"""The areas with little progress as an Excel workbook, for the partnership's yearly report:
laid out as the plan's own export (actionplans/documents/spreadsheet.py), with its guards."""

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from actionplans.documents.spreadsheet import HEADER_FILL, neutralise
from actionplans.overview.selectors import LittleProgress
from agencies.models import Partnership

# (heading, width in Excel's units)
COLUMNS = [
    ("Plan", 18),
    ("Recommendation reference", 16),
    ("Action reference", 12),
    ("Action", 40),
    ("Owner agency", 28),
    ("Status", 18),
    ("Now due", 16),
    ("Why it is listed", 60),
]
DATE_COLUMN = "G"


def heading(partnership: Partnership, *, day: dt.date) -> str:
    return f"{partnership.name}: areas with little progress, produced {day:%-d %B %Y}"


def rows(found: list[LittleProgress]) -> list[list[object]]:
    return [
        [
            item.action.plan.inspection.short_name,
            item.action.recommendation.reference,
            item.action.reference,
            item.action.title,
            item.action.owner_agency.name,
            item.action.get_status_display(),
            item.action.current_due_date,
            "; ".join(item.reasons),
        ]
        for item in found
    ]


def render_xlsx(found: list[LittleProgress], *, title: str) -> bytes:
    """The heading line, then the heading row (frozen and filterable), one row per action."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Little progress"
    sheet.append([neutralise(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([name for name, _ in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for row in rows(found):
        sheet.append([neutralise(value) for value in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = wrapped
    for cell in sheet[DATE_COLUMN][2:]:
        cell.number_format = "d mmmm yyyy"
    for index, (_, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{chr(ord('A') + len(COLUMNS) - 1)}{max(sheet.max_row, 3)}"
    sheet.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
