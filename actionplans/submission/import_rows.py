"""What each row of a staged import would create, checked by the same rules the database holds.

A row is read (required cells, agencies, dates, choices), then built as the unsaved finding,
recommendation, action and first progress update it stands for, and each of those is validated as
`full_clean` does: field by field (lengths included), the model's own `clean`, and every one of its
constraints. Each failure becomes a row error in plain English, so the preview and the database
never disagree and confirming never meets a constraint it did not show."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from actionplans.documents.spreadsheet_import import (
    LABELS,
    REQUIRED,
    cell_text,
    normalise,
    parse_date,
    parse_rag,
    parse_status,
    split_names,
)
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate, Rag
from agencies.models import Agency, User
from inspections.models import Finding, Recommendation

# What a row error says when a model's constraint refuses it. Every constraint of the imported
# models has its words here (a test checks), formatted with the object the row would create.
CONSTRAINT_MESSAGES = {
    "unique_action_reference": "Action {obj.reference} is already in the plan",
    "action_due_after_start": "The due date is before the start date",
    "action_revised_due_after_start": "The revised due date is before the start date",
    "action_revised_due_has_reason": "A revised due date needs a reason for the revised date",
    "complete_action_is_signed_off": "A complete action must be signed off",
    "unique_recommendation_reference": "Recommendation {obj.reference} is already in the plan",
    "agency_response_names_its_agency": "An agency's own recommendation must name its agency",
    "unique_finding_reference": "Finding {obj.reference} is already in the inspection",
}

# The column each model field is read from, to name it in a row error.
FIELD_COLUMNS = {
    (Action, "reference"): "reference",
    (Action, "title"): "title",
    (Action, "description"): "description",
    (Action, "lead_name"): "lead_name",
    (Action, "revised_reason"): "revised_reason",
    (Action, "success_measure"): "success_measure",
    (Action, "status"): "status",
    (Action, "rag"): "rag",
    (Recommendation, "reference"): "recommendation_reference",
    (Recommendation, "title"): "recommendation",
    (Finding, "reference"): "finding_reference",
    (Finding, "text"): "finding",
    (ProgressUpdate, "text"): "latest_progress",
    (ProgressUpdate, "date"): "latest_progress_date",
}


@dataclass
class RowCheck:
    number: int  # the row's number in the spreadsheet
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    # What the row would create, when it was read without errors.
    finding: Finding | None = None
    recommendation: Recommendation | None = None
    action: Action | None = None
    contributing: list[Agency] = field(default_factory=list)
    progress: ProgressUpdate | None = None

    @property
    def reference(self) -> str:
        return cell_text(self.values.get("reference"))

    @property
    def title(self) -> str:
        return cell_text(self.values.get("title"))


class RowReader:
    """Reads the rows of one import into a plan, in order: later rows reuse the findings and
    recommendations that earlier rows (or the plan) already have."""

    def __init__(self, plan: ActionPlan, by: User) -> None:
        self.plan = plan
        self.by = by
        self.inspection = plan.inspection
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.checked: dict[tuple[Any, ...], bool] = {}
        # Without a start date, an action starts when the letter asked for it.
        self.default_start = self.inspection.letter_published or self.inspection.fieldwork_end
        self.agencies: dict[str, Agency] = {}
        for agency in Agency.objects.filter(partnerships=self.inspection.partnership):
            self.agencies[normalise(agency.name)] = agency
            self.agencies.setdefault(normalise(agency.short_name), agency)
        self.findings: dict[str, tuple[Finding, list[str]]] = {
            f.reference: (f, []) for f in Finding.objects.filter(inspection=self.inspection)
        }
        self.recommendations: dict[str, tuple[Recommendation, list[str]]] = {
            r.reference: (r, []) for r in Recommendation.objects.filter(inspection=self.inspection)
        }
        self.next_position = len(self.recommendations) + 1
        self.seen: set[str] = set()
        self.count = 0

    def read(self, check: RowCheck) -> None:
        v, errors = check.values, check.errors
        for key in REQUIRED:
            if not cell_text(v.get(key)):
                errors.append(f"{LABELS[key]} is empty")
        reference = cell_text(v.get("reference"))
        if reference and reference in self.seen:
            errors.append(f"Action {reference} appears twice in the file")
        self.seen.add(reference)
        for key in ("owner_agency", "recommendation_lead_agency"):
            name = cell_text(v.get(key))
            if name and normalise(name) not in self.agencies:
                errors.append(f"Unknown agency “{name}”: it does not serve this partnership")
        for name in split_names(v.get("contributing_agencies")):
            if normalise(name) not in self.agencies:
                errors.append(f"Unknown contributing agency “{name}”")
        dates: dict[str, dt.date | None] = {}
        for key in ("start_date", "due_date", "revised_due_date", "latest_progress_date"):
            dates[key] = None
            if cell_text(v.get(key)):
                try:
                    dates[key] = parse_date(v[key])
                except ValueError:
                    errors.append(
                        f"{LABELS[key]} “{cell_text(v[key])}” is not a date (use 24/10/2025)"
                    )
        status = parse_status(v.get("status")) if cell_text(v.get("status")) else None
        if cell_text(v.get("status")) and status is None:
            errors.append(
                f"Unknown status “{cell_text(v['status'])}” (use not started, in progress, "
                "awaiting sign-off or complete)"
            )
        rag = parse_rag(v.get("rag")) if cell_text(v.get("rag")) else None
        if cell_text(v.get("rag")) and rag is None:
            errors.append(f"Unknown RAG “{cell_text(v['rag'])}” (use red, amber, green or blue)")
        if errors:
            return
        self._build(check, dates, status or Action.Status.NOT_STARTED, rag)

    def _build(
        self, check: RowCheck, dates: dict[str, dt.date | None], status: str, rag: str | None
    ) -> None:
        v = check.values
        owner = self.agencies[normalise(cell_text(v["owner_agency"]))]
        finding = None
        if cell_text(v.get("finding_reference")):
            finding = self._finding(check)
        check.finding = finding
        check.recommendation = self._recommendation(check, owner, finding)
        start = dates["start_date"] or self.default_start
        complete = status == Action.Status.COMPLETE
        self.count += 1
        action = Action(
            plan=self.plan,
            recommendation=check.recommendation,
            reference=cell_text(v["reference"]),
            title=cell_text(v["title"]),
            description=cell_text(v.get("description")),
            owner_agency=owner,
            lead_name=cell_text(v["lead_name"]),
            start_date=start,
            due_date=dates["due_date"] or start,  # required: read() refused an empty one
            revised_due_date=dates["revised_due_date"],
            revised_reason=cell_text(v.get("revised_reason")),
            status=status,
            rag=rag or (Rag.BLUE if complete else Rag.NOT_RATED),
            success_measure=cell_text(v.get("success_measure")),
            # An imported "complete" was signed off in the partnership's own plan; the lead who
            # imports it vouches for that.
            signed_off_at=self.now if complete else None,
            signed_off_by=self.by if complete else None,
            position=self.count,
        )
        errors = validate(action, self.checked)
        if dates["start_date"] is None and any("before the start date" in e for e in errors):
            errors.append(
                f"No start date is given, so the action starts on {start:%-d %B %Y}, the date "
                "of the letter: add a start date"
            )
        check.errors.extend(errors)
        check.action = action
        check.contributing = [
            self.agencies[normalise(n)] for n in split_names(v.get("contributing_agencies"))
        ]
        progress = cell_text(v.get("latest_progress"))
        if progress:
            check.progress = ProgressUpdate(
                action=action,
                author=self.by,
                date=dates["latest_progress_date"] or self.today,
                text=progress,
                rag=action.rag,
                status=action.status,
            )
            check.errors.extend(validate(check.progress, self.checked))

    def _finding(self, check: RowCheck) -> Finding:
        v = check.values
        reference = cell_text(v["finding_reference"])
        if reference not in self.findings:
            finding = Finding(
                inspection=self.inspection,
                reference=reference,
                kind=Finding.Kind.AREA_FOR_IMPROVEMENT,
                text=cell_text(v.get("finding")) or cell_text(v.get("recommendation")),
            )
            self.findings[reference] = (finding, validate(finding, self.checked))
        finding, errors = self.findings[reference]
        check.errors.extend(errors)
        return finding

    def _recommendation(
        self, check: RowCheck, owner: Agency, finding: Finding | None
    ) -> Recommendation:
        v = check.values
        reference = cell_text(v["recommendation_reference"])
        if reference not in self.recommendations:
            lead = cell_text(v.get("recommendation_lead_agency"))
            recommendation = Recommendation(
                inspection=self.inspection,
                reference=reference,
                title=cell_text(v["recommendation"]),
                finding=finding,
                lead_agency=self.agencies[normalise(lead)] if lead else owner,
                position=self.next_position,
            )
            self.next_position += 1
            errors = validate(recommendation, self.checked)
            self.recommendations[reference] = (recommendation, errors)
        recommendation, errors = self.recommendations[reference]
        check.errors.extend(errors)
        return recommendation


def validate(obj: models.Model, checked: dict[tuple[Any, ...], bool]) -> list[str]:
    """What `full_clean` finds wrong with an unsaved object, as row errors in plain words.

    Foreign keys are left out of the field checks: they hold rows this import has just read from
    the database or is about to create. Constraints are checked one by one to name each."""
    errors: list[str] = []
    model = type(obj)
    foreign_keys = [f.name for f in model._meta.concrete_fields if f.is_relation]
    try:
        obj.full_clean(exclude=foreign_keys, validate_constraints=False)
    except ValidationError as error:
        for name, field_errors in error.error_dict.items():
            errors.extend(_field_message(obj, name, e) for e in field_errors)
    attnames = {f.name: f.attname for f in model._meta.local_fields}
    names = set(attnames)
    for constraint in model._meta.constraints:
        excluded = _excluded(constraint, names)
        # Django checks a CheckConstraint with one query per row: rows with the same values in
        # the fields it names (the same dates, say) share the answer (kept in `checked`).
        key = None
        if excluded is not None and _is_check(constraint):
            named = sorted(names - excluded)
            values = (getattr(obj, attnames[n]) for n in named)
            key = (model, constraint.name, *values)
        if key is not None and key in checked:
            ok = checked[key]
        else:
            try:
                # Leaving out the fields it does not name makes the query several times cheaper.
                constraint.validate(model, obj, exclude=excluded)
                ok = True
            except ValidationError:
                ok = False
            if key is not None:
                checked[key] = ok
        if not ok:
            message = CONSTRAINT_MESSAGES.get(
                constraint.name, "This row breaks a rule of the plan ({name})"
            )
            errors.append(message.format(obj=obj, name=constraint.name.replace("_", " ")))
    return errors


def _is_check(constraint: models.BaseConstraint) -> bool:
    return isinstance(constraint, models.CheckConstraint)


def _excluded(constraint: models.BaseConstraint, names: set[str]) -> set[str] | None:
    """The fields a constraint does not name, or None (exclude nothing) for a kind not known."""
    if isinstance(constraint, models.CheckConstraint):
        return names - Q(constraint.condition).referenced_base_fields
    if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
        named = set(constraint.fields)
        if constraint.condition is not None:
            named |= Q(constraint.condition).referenced_base_fields
        return names - named
    return None


def _field_message(obj: models.Model, name: str, error: ValidationError) -> str:
    key = FIELD_COLUMNS.get((type(obj), name))
    label = LABELS[key] if key else name.replace("_", " ").capitalize()
    params = error.params or {}
    if error.code == "max_length":
        return (
            f"{label} must be {params['limit_value']:,} characters or fewer "
            f"(it has {params['show_value']:,})"
        )
    if error.code in ("blank", "null", "required"):
        return f"{label} is empty"
    if error.code == "invalid_choice":
        return f"{label} “{params.get('value', '')}” is not one of the choices"
    return f"{label}: {' '.join(error.messages)}"
