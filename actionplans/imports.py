"""Taking in a partnership's existing action plan spreadsheet (.xlsx or .csv).

Upload → the columns are matched to fields (the person can change the matching) → a preview says
which rows will be created and which are in error → all rows are saved, or none.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from actionplans.exports import COLUMNS
from actionplans.models import Action, ActionPlan, PlanImport, Rag
from agencies.models import Agency, User
from inspections.models import Finding, Recommendation

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
    table = [row for row in table if any(_text(v) for v in row)]
    if not table:
        raise ValidationError("The selected file is empty")
    if len(table) - 1 > MAX_ROWS:
        raise ValidationError(f"The file has more than {MAX_ROWS} rows: split it into parts")
    headers = [_text(h) for h in table[0]]
    width = len(headers)
    rows = [[_cell(v) for v in (row + [None] * width)[:width]] for row in table[1:]]
    return headers, rows


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Match each field to a column whose header says the same, ignoring case and punctuation."""
    normal = [_normalise(h) for h in headers]
    mapping: dict[str, int | None] = {}
    for column in COLUMNS:
        if column.key not in IMPORTED:
            continue
        wanted = {_normalise(column.header), _normalise(column.key)}
        mapping[column.key] = next((i for i, h in enumerate(normal) if h in wanted), None)
    return mapping


@dataclass
class RowCheck:
    number: int  # the row's number in the spreadsheet (headers are row 1)
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)


@dataclass
class Preview:
    rows: list[RowCheck]
    missing_fields: list[str]

    @property
    def ok(self) -> bool:
        return not self.missing_fields and all(not r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)


def preview(plan_import: PlanImport) -> Preview:
    """Check every row against the plan without saving anything."""
    plan = plan_import.plan
    mapping = plan_import.mapping
    missing = [LABELS[k] for k in REQUIRED if mapping.get(k) is None]
    agencies = _agencies(plan)
    existing = set(Action.objects.filter(plan=plan).values_list("reference", flat=True))
    seen: set[str] = set()
    checks = []
    for offset, raw in enumerate(plan_import.rows):
        values = {
            key: (raw[i] if i is not None and i < len(raw) else None)
            for key, i in mapping.items()
            if key in IMPORTED
        }
        check = RowCheck(number=offset + 2, values=values)
        _check_row(check, agencies, existing, seen)
        checks.append(check)
    if not checks:
        missing.append("at least one row of actions")
    return Preview(rows=checks, missing_fields=missing)


def _check_row(
    check: RowCheck, agencies: dict[str, Agency], existing: set[str], seen: set[str]
) -> None:
    v, errors = check.values, check.errors
    for key in REQUIRED:
        if not _text(v.get(key)):
            errors.append(f"{LABELS[key]} is empty")
    reference = _text(v.get("reference"))
    if reference in existing:
        errors.append(f"Action {reference} is already in the plan")
    elif reference and reference in seen:
        errors.append(f"Action {reference} appears twice in the file")
    seen.add(reference)
    for key in ("owner_agency", "recommendation_lead_agency"):
        name = _text(v.get(key))
        if name and _normalise(name) not in agencies:
            errors.append(f"Unknown agency “{name}”: it does not serve this partnership")
    for name in _split(v.get("contributing_agencies")):
        if _normalise(name) not in agencies:
            errors.append(f"Unknown contributing agency “{name}”")
    dates = {}
    for key in ("start_date", "due_date", "revised_due_date"):
        if _text(v.get(key)):
            try:
                dates[key] = parse_date(v[key])
            except ValueError:
                errors.append(f"{LABELS[key]} “{_text(v[key])}” is not a date (use 24/10/2025)")
    if "start_date" in dates and "due_date" in dates and dates["due_date"] < dates["start_date"]:
        errors.append("The due date is before the start date")
    if "revised_due_date" in dates and not _text(v.get("revised_reason")):
        errors.append("A revised due date needs a reason")
    if _text(v.get("status")) and _status(v["status"]) is None:
        errors.append(f"Unknown status “{_text(v['status'])}”")
    if _text(v.get("rag")) and _rag(v["rag"]) is None:
        errors.append(f"Unknown RAG “{_text(v['rag'])}” (use red, amber, green or blue)")
    for key, limit in (("reference", 20), ("recommendation_reference", 20), ("title", 300)):
        if len(_text(v.get(key))) > limit:
            errors.append(f"{LABELS[key]} is longer than {limit} characters")


@transaction.atomic
def apply_import(*, plan_import: PlanImport, by: User) -> int:
    """Create every row's action (and any missing finding or recommendation), or nothing."""
    result = preview(plan_import)
    if not result.ok:
        raise ValidationError("The file still has errors: nothing was imported.")
    plan = plan_import.plan
    inspection = plan.inspection
    agencies = _agencies(plan)
    now = timezone.now()
    created = 0
    for check in result.rows:
        v = check.values
        finding = None
        if _text(v.get("finding_reference")):
            finding, _ = Finding.objects.get_or_create(
                inspection=inspection,
                reference=_text(v["finding_reference"]),
                defaults={
                    "kind": Finding.Kind.AREA_FOR_IMPROVEMENT,
                    "text": _text(v.get("finding")) or _text(v.get("recommendation")),
                },
            )
        owner = agencies[_normalise(_text(v["owner_agency"]))]
        lead = _text(v.get("recommendation_lead_agency"))
        recommendation, _ = Recommendation.objects.get_or_create(
            inspection=inspection,
            reference=_text(v["recommendation_reference"]),
            defaults={
                "title": _text(v["recommendation"])[:300],
                "finding": finding,
                "lead_agency": agencies[_normalise(lead)] if lead else owner,
                "position": inspection.recommendations.count() + 1,
            },
        )
        status = _status(v.get("status")) or Action.Status.NOT_STARTED
        revised = v.get("revised_due_date")
        action = Action.objects.create(
            plan=plan,
            recommendation=recommendation,
            reference=_text(v["reference"]),
            title=_text(v["title"]),
            description=_text(v.get("description")),
            owner_agency=owner,
            lead_name=_text(v["lead_name"]),
            start_date=parse_date(v["start_date"]),
            due_date=parse_date(v["due_date"]),
            revised_due_date=parse_date(revised) if _text(revised) else None,
            revised_reason=_text(v.get("revised_reason")),
            status=status,
            rag=_rag(v.get("rag")) or (Rag.BLUE if status == Action.Status.COMPLETE else Rag.GREEN),
            success_measure=_text(v.get("success_measure")),
            # An imported "complete" was signed off in the partnership's own plan; the lead who
            # imports it vouches for that.
            signed_off_at=now if status == Action.Status.COMPLETE else None,
            signed_off_by=by if status == Action.Status.COMPLETE else None,
            position=created + 1,
        )
        action.contributing_agencies.set(
            [agencies[_normalise(n)] for n in _split(v.get("contributing_agencies"))]
        )
        created += 1
    plan_import.imported_at = now
    plan_import.save(update_fields=["imported_at"])
    return created


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _agencies(plan: ActionPlan) -> dict[str, Agency]:
    found = {}
    for agency in Agency.objects.filter(partnerships=plan.inspection.partnership):
        found[_normalise(agency.name)] = agency
        found.setdefault(_normalise(agency.short_name), agency)
    return found


def _status(value: Any) -> str | None:
    wanted = _normalise(_text(value))
    for status in Action.Status:
        if wanted in (_normalise(status.value), _normalise(status.label)):
            return status.value
    return None


def _rag(value: Any) -> str | None:
    wanted = _normalise(_text(value))
    for rag in Rag:
        if wanted in (_normalise(rag.value), _normalise(rag.label)):
            return rag.value
    return None


def _split(value: Any) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", _text(value)) if part.strip()]


def _cell(value: Any) -> Any:
    """A cell as JSON can keep it: dates as dates (the encoder writes them), the rest as text."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    # Undo the export's formula neutralisation.
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@") else text


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _normalise(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", value.lower())
