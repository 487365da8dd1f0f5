"""Taking in a partnership's existing action plan spreadsheet (.xlsx or .csv).

Upload → the columns are matched to fields (the person can change the matching) → a preview says
which rows will be created and which are in error → all rows are saved, or none. Reading the file
and its cells is in `documents/spreadsheet_import.py`."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from actionplans.documents.spreadsheet_import import (
    IMPORTED,
    LABELS,
    REQUIRED,
    cell_text,
    guess_mapping,
    normalise,
    parse_date,
    parse_rag,
    parse_status,
    read_table,
    split_names,
)
from actionplans.plans.models import Action, ActionPlan, Rag
from actionplans.submission.models import PlanImport
from agencies.models import Agency, User
from inspections.models import Finding, Recommendation


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
        if not cell_text(v.get(key)):
            errors.append(f"{LABELS[key]} is empty")
    reference = cell_text(v.get("reference"))
    if reference in existing:
        errors.append(f"Action {reference} is already in the plan")
    elif reference and reference in seen:
        errors.append(f"Action {reference} appears twice in the file")
    seen.add(reference)
    for key in ("owner_agency", "recommendation_lead_agency"):
        name = cell_text(v.get(key))
        if name and normalise(name) not in agencies:
            errors.append(f"Unknown agency “{name}”: it does not serve this partnership")
    for name in split_names(v.get("contributing_agencies")):
        if normalise(name) not in agencies:
            errors.append(f"Unknown contributing agency “{name}”")
    dates = {}
    for key in ("start_date", "due_date", "revised_due_date"):
        if cell_text(v.get(key)):
            try:
                dates[key] = parse_date(v[key])
            except ValueError:
                errors.append(f"{LABELS[key]} “{cell_text(v[key])}” is not a date (use 24/10/2025)")
    if "start_date" in dates and "due_date" in dates and dates["due_date"] < dates["start_date"]:
        errors.append("The due date is before the start date")
    if "revised_due_date" in dates and not cell_text(v.get("revised_reason")):
        errors.append("A revised due date needs a reason")
    if cell_text(v.get("status")) and parse_status(v["status"]) is None:
        errors.append(f"Unknown status “{cell_text(v['status'])}”")
    if cell_text(v.get("rag")) and parse_rag(v["rag"]) is None:
        errors.append(f"Unknown RAG “{cell_text(v['rag'])}” (use red, amber, green or blue)")
    for key, limit in (("reference", 20), ("recommendation_reference", 20), ("title", 300)):
        if len(cell_text(v.get(key))) > limit:
            errors.append(f"{LABELS[key]} is longer than {limit} characters")


def stage_import(*, plan: ActionPlan, by: User, upload: UploadedFile) -> PlanImport:
    """Keep the uploaded file's rows, with a first guess at which column is which, for the
    lead to check in the preview. Raises ValidationError, saying why, for a file we cannot read."""
    headers, rows = read_table(upload)
    return PlanImport.objects.create(
        plan=plan,
        uploaded_by=by,
        filename=(upload.name or "")[:255],
        headers=headers,
        rows=rows,
        mapping=guess_mapping(headers),
    )


def remap_import(*, plan_import: PlanImport, mapping: dict[str, int | None]) -> PlanImport:
    """The lead's own matching of columns to fields."""
    plan_import.mapping = mapping
    plan_import.save(update_fields=["mapping"])
    return plan_import


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
        if cell_text(v.get("finding_reference")):
            finding, _ = Finding.objects.get_or_create(
                inspection=inspection,
                reference=cell_text(v["finding_reference"]),
                defaults={
                    "kind": Finding.Kind.AREA_FOR_IMPROVEMENT,
                    "text": cell_text(v.get("finding")) or cell_text(v.get("recommendation")),
                },
            )
        owner = agencies[normalise(cell_text(v["owner_agency"]))]
        lead = cell_text(v.get("recommendation_lead_agency"))
        recommendation, _ = Recommendation.objects.get_or_create(
            inspection=inspection,
            reference=cell_text(v["recommendation_reference"]),
            defaults={
                "title": cell_text(v["recommendation"])[:300],
                "finding": finding,
                "lead_agency": agencies[normalise(lead)] if lead else owner,
                "position": inspection.recommendations.count() + 1,
            },
        )
        status = parse_status(v.get("status")) or Action.Status.NOT_STARTED
        revised = v.get("revised_due_date")
        action = Action.objects.create(
            plan=plan,
            recommendation=recommendation,
            reference=cell_text(v["reference"]),
            title=cell_text(v["title"]),
            description=cell_text(v.get("description")),
            owner_agency=owner,
            lead_name=cell_text(v["lead_name"]),
            start_date=parse_date(v["start_date"]),
            due_date=parse_date(v["due_date"]),
            revised_due_date=parse_date(revised) if cell_text(revised) else None,
            revised_reason=cell_text(v.get("revised_reason")),
            status=status,
            rag=parse_rag(v.get("rag"))
            or (Rag.BLUE if status == Action.Status.COMPLETE else Rag.NOT_RATED),
            success_measure=cell_text(v.get("success_measure")),
            # An imported "complete" was signed off in the partnership's own plan; the lead who
            # imports it vouches for that.
            signed_off_at=now if status == Action.Status.COMPLETE else None,
            signed_off_by=by if status == Action.Status.COMPLETE else None,
            position=created + 1,
        )
        action.contributing_agencies.set(
            [agencies[normalise(n)] for n in split_names(v.get("contributing_agencies"))]
        )
        created += 1
    plan_import.imported_at = now
    plan_import.save(update_fields=["imported_at"])
    return created


def _agencies(plan: ActionPlan) -> dict[str, Agency]:
    found = {}
    for agency in Agency.objects.filter(partnerships=plan.inspection.partnership):
        found[normalise(agency.name)] = agency
        found.setdefault(normalise(agency.short_name), agency)
    return found
