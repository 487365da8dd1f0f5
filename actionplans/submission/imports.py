"""Taking in a partnership's existing action plan spreadsheet (.xlsx or .csv).

Upload → the columns are matched to fields (the person can change the matching) → a preview says
which rows will be created and which are in error → all rows are saved, or none. Reading the file
and its cells is in `documents/spreadsheet_import.py`; checking each row in `import_rows.py`."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actionplans.documents.spreadsheet_import import (
    IMPORTED,
    LABELS,
    REQUIRED,
    guess_mapping,
    own_rows,
    read_table,
)
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate
from actionplans.plans.page_cache import one_bump_for
from actionplans.submission.import_rows import RowCheck, RowReader
from actionplans.submission.models import PlanImport
from agencies.models import User
from inspections.models import Finding, Recommendation

NOT_IMPORTED = "The file still has errors: nothing was imported."


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


def preview(plan_import: PlanImport, *, by: User) -> Preview:
    """Check every row against the plan, and against the rules its tables hold, without saving
    anything. `by` is the person who would import it (and sign off its complete actions)."""
    mapping = plan_import.mapping
    missing = [LABELS[k] for k in REQUIRED if mapping.get(k) is None]
    reader = RowReader(plan_import.plan, by)
    checks = []
    for number, cells in _numbered(plan_import.rows):
        values = {
            key: (cells[i] if i is not None and i < len(cells) else "")
            for key, i in mapping.items()
            if key in IMPORTED
        }
        check = RowCheck(number=number, values=values)
        if not missing:
            reader.read(check)
        checks.append(check)
    if not checks:
        missing.append("at least one row of actions")
    return Preview(rows=checks, missing_fields=missing)


def _numbered(rows: list[Any]) -> list[tuple[int, list[Any]]]:
    # Imports staged before rows kept their numbers hold bare rows under a heading row.
    return [
        (row["number"], row["cells"]) if isinstance(row, dict) else (offset + 2, row)
        for offset, row in enumerate(rows)
    ]


def stage_import(*, plan: ActionPlan, by: User, upload: UploadedFile) -> PlanImport:
    """Keep the uploaded file's rows, with a first guess at which column is which, for the
    lead to check in the preview. Raises ValidationError, saying why, for a file we cannot read
    or one past a limit.

    Every column with a heading is kept, not only the matched ones, because the lead may match
    the columns again by hand in the preview; the limits bound what is kept (at most 100 columns
    and 1,000,000 characters)."""
    table = own_rows(read_table(upload))
    return PlanImport.objects.create(
        plan=plan,
        uploaded_by=by,
        filename=(upload.name or "")[:255],
        headers=table.headers,
        rows=[{"number": number, "cells": cells} for number, cells in table.rows],
        mapping=guess_mapping(table.headers),
    )


def remap_import(*, plan_import: PlanImport, mapping: dict[str, int | None]) -> PlanImport:
    """The lead's own matching of columns to fields."""
    plan_import.mapping = mapping
    plan_import.save(update_fields=["mapping"])
    return plan_import


def apply_import(*, plan_import: PlanImport, by: User) -> int:
    """Create every row's action (with any finding, recommendation and first progress update it
    brings), or nothing. Raises ValidationError, saying why, when nothing was imported."""
    try:
        with transaction.atomic():
            # Claim the import first: a second click on "Import" finds it taken.
            claimed = PlanImport.objects.filter(pk=plan_import.pk, imported_at=None).update(
                imported_at=timezone.now()
            )
            if not claimed:
                raise ValidationError("This file has already been imported.")
            result = preview(plan_import, by=by)
            if not result.ok:
                raise ValidationError(NOT_IMPORTED)
            with one_bump_for(plan_import.plan_id):
                _save_all(result.rows, by=by)
    except DatabaseError as exc:
        # The plan changed between the preview and now (a colleague added the same reference).
        raise ValidationError(
            "The plan changed while you were checking the file: nothing was imported. "
            "Check the rows again."
        ) from exc
    plan_import.refresh_from_db(fields=["imported_at"])
    return len(result.rows)


def _save_all(checks: list[RowCheck], *, by: User) -> None:
    """Every row's new rows, kind by kind, each kind in one statement with its history: a
    2,000-row file was a minute of single inserts (each with its history row) on a busy server.
    Rows checked as they would be saved (`import_rows`), so nothing is left to check here."""
    findings: dict[int, Finding] = {}
    recommendations: dict[int, Recommendation] = {}
    for check in checks:  # rows may share a new finding or recommendation: each saved once
        if check.finding is not None and check.finding.pk is None:
            findings.setdefault(id(check.finding), check.finding)
        new = check.recommendation
        if new is not None and new.pk is None and id(new) not in recommendations:
            new.finding = check.finding
            recommendations[id(new)] = new
    bulk_create_with_history(list(findings.values()), Finding, default_user=by)
    bulk_create_with_history(list(recommendations.values()), Recommendation, default_user=by)
    actions = []
    for check in checks:
        assert check.action is not None
        assert check.recommendation is not None
        check.action.recommendation = check.recommendation
        actions.append(check.action)
    bulk_create_with_history(actions, Action, default_user=by)
    for check in checks:
        if check.contributing:  # few rows: each through the relation, with its history
            assert check.action is not None
            check.action.contributing_agencies.set(check.contributing)
    progress = []
    for check in checks:
        if check.progress is not None and check.action is not None:
            check.progress.action = check.action
            progress.append(check.progress)
    bulk_create_with_history(progress, ProgressUpdate, default_user=by)
