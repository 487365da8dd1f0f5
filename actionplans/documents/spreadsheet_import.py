"""Reading a spreadsheet of actions: the file's rows, read as a stream within fixed limits, the
columns matched to our fields by their headings, and each cell read as a date, a status, a RAG or a
list of names."""

import calendar
import contextlib
import csv
import datetime as dt
import io
import re
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from actionplans.documents.spreadsheet import COLUMNS, OWNED_BY
from actionplans.plans.models import Action, Rag
from ui.text import clean_text

# The limits of one import, quoted in the README ("Import limits"). The file is read as a stream
# and reading stops at the first limit passed, so a hostile or mistaken file costs little.
MAX_FILE_BYTES = 5 * 1024 * 1024
# The sizes a workbook's parts declare once unzipped, checked before anything is parsed: a few
# kilobytes can unzip to gigabytes (a "zip bomb"), and Python's zipfile stops at the declared size.
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2_000
MAX_COLUMNS = 100
MAX_CELL_CHARACTERS = 10_000
MAX_TOTAL_CHARACTERS = 1_000_000
MAX_SECONDS = 10

clock = time.monotonic  # Used for mocking in tests.

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
    "latest_progress",
    "latest_progress_date",
]

LABELS = {c.key: c.header for c in COLUMNS}

# The headings partnerships use in their own plans, besides ours. Matching ignores case, spaces and
# punctuation ("By when?" is "by when"). A heading names one field only.
HEADINGS: dict[str, tuple[str, ...]] = {
    "recommendation_reference": (
        "Recommendation reference",
        "Recommendation ref",
        "Rec ref",
        "Recommendation number",
        "Recommendation no",
    ),
    "recommendation": ("Recommendation", "Recommendation title", "Area for improvement"),
    "recommendation_lead_agency": ("Recommendation lead agency", "Recommendation lead"),
    "finding_reference": ("Finding reference", "Finding ref", "Finding number"),
    "finding": ("Finding", "Inspection finding"),
    "reference": ("Action reference", "Ref", "Reference", "Action ref", "Action number", "No"),
    "title": ("Action", "Actions", "Action title", "What we will do", "Action to be taken"),
    "description": ("Description", "Detail", "Details"),
    "owner_agency": (
        "Owner agency",
        "Lead agency",
        "Owning agency",
        "Agency",
        "Responsible agency",
        "Lead organisation",
    ),
    "lead_name": (
        "Named lead",
        "Lead officer",
        "Named lead officer",
        "Lead person",
        "Responsible officer",
        "Lead",
    ),
    "contributing_agencies": ("Contributing agencies", "Partners", "Supporting agencies"),
    "start_date": ("Start date", "Start", "Date started"),
    "due_date": (
        "Due date",
        "By when",
        "Timescale",
        "Timescales",
        "Target date",
        "Deadline",
        "Completion date",
    ),
    "revised_due_date": ("Revised due date", "Revised date", "Revised target date"),
    "revised_reason": ("Reason for the revised date", "Reason for revision", "Reason for change"),
    "status": ("Status", "Action status"),
    "rag": ("RAG", "RAG status", "RAG rating"),
    "success_measure": ("Success measure", "Measure of success", "Success criteria", "Outcome"),
    "latest_progress": (
        "Latest progress",
        "Progress",
        "Update",
        "Progress update",
        "Latest update",
    ),
    "latest_progress_date": ("Latest progress date", "Progress date", "Update date"),
}

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")
# "By when: March 2026" means by the end of March.
MONTH_FORMATS = ("%B %Y", "%b %Y")


@dataclass
class Table:
    """A file's headings and its rows, each row with its number in the file."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]]


def read_table(upload: UploadedFile) -> Table:
    """The headings and rows of the first sheet (xlsx) or of the CSV file, or a ValidationError
    that names the limit passed or says why the file cannot be read."""
    if (upload.size or 0) > MAX_FILE_BYTES:
        raise ValidationError(f"The selected file must be smaller than {_mb(MAX_FILE_BYTES)}")
    name = (upload.name or "").lower()
    file = upload.file
    assert file is not None
    file.seek(0)
    start = file.read(2)
    file.seek(0)
    if name.endswith(".xlsx") or start == b"PK":
        return _collect(_xlsx_rows(file))
    if name.endswith(".csv"):
        return _collect(_csv_rows(file))
    raise ValidationError("The selected file must be an Excel workbook (.xlsx) or a CSV")


def own_rows(table: Table) -> Table:
    """The table without the rows our export lists under a recommendation they answer but do
    not belong to (their "Shared" cell says whose they are): they are another plan's actions,
    or this plan's listed twice, and importing them would make copies."""
    shared = LABELS["shared"].casefold()
    column = next((i for i, h in enumerate(table.headers) if h.strip().casefold() == shared), None)
    if column is None:
        return table
    owned_by = OWNED_BY.casefold()
    rows = [
        (number, cells)
        for number, cells in table.rows
        if not (column < len(cells) and cell_text(cells[column]).casefold().startswith(owned_by))
    ]
    return Table(headers=table.headers, rows=rows)


def _collect(rows: Iterable[Sequence[Any]]) -> Table:
    deadline = clock() + MAX_SECONDS
    total = 0
    kept: list[tuple[int, list[Any]]] = []
    for number, row in enumerate(rows, start=1):
        if clock() > deadline:
            raise ValidationError(
                f"The file took longer than {MAX_SECONDS} seconds to read: "
                "split it into smaller files"
            )
        width = len(row)
        while width and not cell_text(row[width - 1]):
            width -= 1
        if not width:
            continue
        if width > MAX_COLUMNS:
            raise ValidationError(
                f"Row {number} has something in column {get_column_letter(width)}: the file "
                f"may have at most {MAX_COLUMNS} columns (up to column "
                f"{get_column_letter(MAX_COLUMNS)}). Delete the columns after it"
            )
        values = [cell_value(v) for v in row[:width]]
        for column, value in enumerate(values, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARACTERS:
                raise ValidationError(
                    f"Cell {get_column_letter(column)}{number} has more than "
                    f"{MAX_CELL_CHARACTERS:,} characters: shorten it"
                )
            total += len(value)
        if total > MAX_TOTAL_CHARACTERS:
            raise ValidationError(
                f"The file holds more than {MAX_TOTAL_CHARACTERS:,} characters: "
                "split it into smaller files"
            )
        kept.append((number, values))
        if len(kept) > MAX_ROWS + 1:
            raise ValidationError(
                f"The file has more than {MAX_ROWS:,} rows of actions: split it into smaller files"
            )
    if not kept:
        raise ValidationError("The selected file is empty")
    return _from_heading_row(kept)


def _from_heading_row(kept: list[tuple[int, list[Any]]]) -> Table:
    """The headings are the first row that names fields we know (a plan often has a title above
    them), else the first row. A column without a heading is not kept: nobody could match it."""
    at = next((i for i, (_, row) in enumerate(kept[:10]) if _known_headings(row) >= 2), 0)
    heading_row = [cell_text(v) for v in kept[at][1]]
    columns = [i for i, heading in enumerate(heading_row) if heading]
    rows = [
        (number, [row[i] if i < len(row) else "" for i in columns])
        for number, row in kept[at + 1 :]
    ]
    return Table(
        headers=[heading_row[i] for i in columns],
        rows=[(number, _trim(row)) for number, row in rows if any(cell_text(v) for v in row)],
    )


def _known_headings(row: list[Any]) -> int:
    return sum(1 for v in row if any(normalise(cell_text(v)) in _WANTED[key] for key in IMPORTED))


def _trim(row: list[Any]) -> list[Any]:
    while row and not cell_text(row[-1]):
        row = row[:-1]
    return row


def _xlsx_rows(file: IO[bytes]) -> Iterator[Sequence[Any]]:
    unreadable = "The selected file is not a readable Excel workbook"
    try:
        with zipfile.ZipFile(file) as archive:
            declared = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ValidationError(unreadable) from exc
    if declared > MAX_UNZIPPED_BYTES:
        raise ValidationError(
            f"The workbook is more than {_mb(MAX_UNZIPPED_BYTES)} once unzipped: "
            "save only the action plan's sheet, or split it into smaller files"
        )
    file.seek(0)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(unreadable) from exc
    try:
        sheet = workbook.worksheets[0]
        # The size a sheet states can be wrong, and padding every row to it costs: read each row
        # only as far as its last cell.
        sheet.reset_dimensions()  # type: ignore[union-attr]
        yield from sheet.iter_rows(values_only=True)  # type: ignore[union-attr]
    except ValidationError:
        raise
    except Exception as exc:  # a sheet damaged past its first rows
        raise ValidationError(unreadable) from exc
    finally:
        workbook.close()


def _csv_rows(file: IO[bytes]) -> Iterator[Sequence[Any]]:
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        yield from csv.reader(text)
    except UnicodeDecodeError as exc:
        raise ValidationError("The CSV file must be saved as UTF-8") from exc
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ValidationError(
                f"A cell has more than {MAX_CELL_CHARACTERS:,} characters: shorten it"
            ) from exc
        raise ValidationError("The selected file is not a readable CSV file") from exc
    finally:
        # The upload is closed by Django, not by this reader. A reader given up at a limit is
        # finished later by the garbage collector, when the upload may already be closed.
        with contextlib.suppress(ValueError):
            text.detach()


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Match each field to the first column (not already taken) whose heading is one of the
    field's headings in HEADINGS, ignoring case, spaces and punctuation."""
    normal = [normalise(h) for h in headers]
    mapping: dict[str, int | None] = {}
    taken: set[int] = set()
    for key in IMPORTED:
        wanted = _WANTED[key]
        found = next((i for i, h in enumerate(normal) if h in wanted and i not in taken), None)
        mapping[key] = found
        if found is not None:
            taken.add(found)
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
    for pattern in MONTH_FORMATS:
        try:
            month = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return month.replace(day=calendar.monthrange(month.year, month.month)[1])
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


def cell_value(value: Any) -> str:
    """A cell as the staged import keeps it: dates as ISO dates, the rest as text."""
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


def _mb(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


_WANTED = {
    key: {normalise(h) for h in HEADINGS[key]} | {normalise(LABELS[key])} for key in IMPORTED
}
