"""Reading a spreadsheet of actions: the file's rows, the columns matched to our fields, and each
cell read as a date, a status, a RAG or a list of names."""

import csv
import datetime as dt
import io
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from openpyxl import load_workbook

from actionplans.documents.spreadsheet import COLUMNS
from actionplans.plans.models import Action, Rag
from ui.text import clean_text

MAX_ROWS = 2000


MAX_BYTES = 5 * 1024 * 1024


REQUIRED = [c.key for c in COLUMNS if c.required_for_import]


IMPORTED = [
    "recommendation_reference",
    "recommendation",
    "recommendation_lead_agency",
    "finding_reference",
    "finding",
    "reference",
    "title",
    "description",
    "owner_agency",
    "lead_name",
    "contributing_agencies",
    "start_date",
    "due_date",
    "revised_due_date",
    "revised_reason",
    "status",
    "rag",
    "success_measure",
]


LABELS = {c.key: c.header for c in COLUMNS}


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")


def read_table(upload: UploadedFile) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of the first sheet (xlsx) or of the CSV file, or a clear error."""
    name = (upload.name or "").lower()
    if (upload.size or 0) > MAX_BYTES:
        raise ValidationError("The selected file must be smaller than 5 MB")
    content = upload.read()
    if name.endswith(".xlsx") or content[:2] == b"PK":
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ValidationError("The selected file is not a readable Excel workbook") from exc
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
    elif name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError("The CSV file must be saved as UTF-8") from exc
        table = [list(row) for row in csv.reader(io.StringIO(text))]
    else:
        raise ValidationError("The selected file must be an Excel workbook (.xlsx) or a CSV")
    table = [row for row in table if any(cell_text(v) for v in row)]
    if not table:
        raise ValidationError("The selected file is empty")
    if len(table) - 1 > MAX_ROWS:
        raise ValidationError(f"The file has more than {MAX_ROWS} rows: split it into parts")
    headers = [cell_text(h) for h in table[0]]
    width = len(headers)
    rows = [[cell_value(v) for v in (row + [None] * width)[:width]] for row in table[1:]]
    return headers, rows


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Match each field to a column whose header says the same, ignoring case and punctuation."""
    normal = [normalise(h) for h in headers]
    mapping: dict[str, int | None] = {}
    for column in COLUMNS:
        if column.key not in IMPORTED:
            continue
        wanted = {normalise(column.header), normalise(column.key)}
        mapping[column.key] = next((i for i, h in enumerate(normal) if h in wanted), None)
    return mapping


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_status(value: Any) -> str | None:
    wanted = normalise(cell_text(value))
    for status in Action.Status:
        if wanted in (normalise(status.value), normalise(status.label)):
            return status.value
    return None


def parse_rag(value: Any) -> str | None:
    wanted = normalise(cell_text(value))
    for rag in Rag:
        if wanted in (normalise(rag.value), normalise(rag.label)):
            return rag.value
    return None


def split_names(value: Any) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", cell_text(value)) if part.strip()]


def cell_value(value: Any) -> Any:
    """A cell as JSON can keep it: dates as dates (the encoder writes them), the rest as text."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = cell_text(value)
    # Undo the export's formula neutralisation.
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@") else text


def cell_text(value: Any) -> str:
    """A cell as text, without what a document cannot hold: imported text is entered text too."""
    return "" if value is None else clean_text(str(value)).strip()


def normalise(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", value.lower())
