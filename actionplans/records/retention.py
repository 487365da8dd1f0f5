"""The retention sweep: first a report of what is due for deletion (kept as a `RetentionRun`),
then, only when a lead or superuser confirms that run, the deletion of what it listed and is
still due. A plan under an open legal hold is never deleted: the hold is checked again, under a
lock of the plan row, inside the deleting transaction, so a hold placed after the report wins."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage
from django.db import connection, models, transaction
from django.db.models import Q
from django.urls import reverse

from actionplans.plans.models import Action, ActionPlan, Evidence, ProgressUpdate
from actionplans.records.models import LegalHold, RetentionPolicy, RetentionRun
from actionplans.records.services import RecordsError, policy_for
from agencies.models import Membership, Partnership, User
from agencies.security_log import log_event
from inspections.models import Finding, Inspection, Recommendation
from outbox.services import queue_email, render_email


def years_before(now: dt.datetime, years: int) -> dt.datetime:
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


@dataclass
class RetentionReport:
    partnership: Partnership
    plans: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    kept: list[dict[str, Any]] = field(default_factory=list)

    def listing(self) -> dict[str, Any]:
        return {"plans": self.plans, "evidence": self.evidence, "kept": self.kept}


def _held(plan_ids: list[int]) -> dict[int, str]:
    return dict(
        LegalHold.objects.filter(plan_id__in=plan_ids, lifted_at=None).values_list(
            "plan_id", "reason"
        )
    )


def _plans_due(partnership: Partnership, now: dt.datetime) -> Any:
    policy = policy_for(partnership)
    return ActionPlan.objects.filter(
        inspection__partnership=partnership,
        status=ActionPlan.Status.CLOSED,
        closed_at__lte=years_before(now, policy.closed_plan_years),
    )


def _evidence_due(partnership: Partnership, now: dt.datetime) -> Any:
    policy = policy_for(partnership)
    return Evidence.objects.filter(
        action__plan__inspection__partnership=partnership,
        action__plan__status=ActionPlan.Status.CLOSED,
        added_at__lte=years_before(now, policy.evidence_years),
    )


def retention_due(*, partnership: Partnership, now: dt.datetime) -> RetentionReport:
    """What the sweep would delete now in the partnership, and what it keeps for a hold."""
    report = RetentionReport(partnership)
    closed = ActionPlan.objects.filter(
        inspection__partnership=partnership, status=ActionPlan.Status.CLOSED
    ).select_related("inspection")
    holds = _held([plan.pk for plan in closed])
    names = {plan.pk: str(plan.inspection) for plan in closed}
    plans_due = set(_plans_due(partnership, now).values_list("pk", flat=True))
    for plan in closed:
        if plan.pk in holds:
            report.kept.append(
                {
                    "plan": plan.pk,
                    "name": names[plan.pk],
                    "reason": f"legal hold ({holds[plan.pk]})",
                }
            )
        elif plan.pk in plans_due:
            report.plans.append(
                {
                    "id": plan.pk,
                    "name": names[plan.pk],
                    "closed_at": plan.closed_at.isoformat() if plan.closed_at else "",
                }
            )
    for item in _evidence_due(partnership, now).select_related("action"):
        plan_id = item.action.plan_id
        if plan_id in holds or plan_id in plans_due:
            continue  # held, or going with its whole plan
        report.evidence.append(
            {
                "id": item.pk,
                "plan": plan_id,
                "description": item.description,
                "added_at": item.added_at.isoformat(),
            }
        )
    return report


@transaction.atomic
def record_retention_report(*, partnership: Partnership, now: dt.datetime) -> RetentionRun:
    report = retention_due(partnership=partnership, now=now)
    return RetentionRun.objects.create(
        partnership=partnership, created_at=now, listing=report.listing()
    )


# A stored file to remove once the deletion is committed: the field's storage and the name.
StoredFile = tuple[Storage, str]


def _files_of(rows: Any) -> list[StoredFile]:
    found: list[StoredFile] = []
    for row in rows:
        for f in row._meta.concrete_fields:
            if isinstance(f, models.FileField) and getattr(row, f.attname):
                found.append((f.storage, str(getattr(row, f.attname))))
    return found


@contextmanager
def _frozen_copies_removable() -> Iterator[None]:
    lift = connection.vendor == "postgresql"
    if lift:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('jtai.remove_frozen_copies', 'on', true)")
    try:
        yield
    finally:
        if lift:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('jtai.remove_frozen_copies', 'off', true)")


def _delete_plan(plan: ActionPlan) -> list[StoredFile]:
    """The plan with everything under it, and the history rows of those records. Returns its
    stored files (evidence, the submitted documents, board reports), for removal once the
    deletion is committed."""
    actions = list(Action.objects.filter(plan=plan).values_list("pk", flat=True))
    evidence = Evidence.objects.filter(action_id__in=actions)
    files = _files_of(evidence)
    evidence_ids = list(evidence.values_list("pk", flat=True))
    update_ids = list(
        ProgressUpdate.objects.filter(action_id__in=actions).values_list("pk", flat=True)
    )
    inspection = Inspection.objects.get(pk=plan.inspection_id)
    finding_ids = list(Finding.objects.filter(inspection=inspection).values_list("pk", flat=True))
    rec_ids = list(
        Recommendation.objects.filter(inspection=inspection).values_list("pk", flat=True)
    )
    # The records kept exactly as produced (the submitted plan, board reports) protect the plan
    # from an accidental delete, and PostgreSQL refuses to delete them (migration actionplans
    # 0009) unless the transaction lifts the refusal; past the retention period they go with
    # the plan, so the refusal is lifted for these deletes alone and set back at once.
    with _frozen_copies_removable():
        for relation in ActionPlan._meta.related_objects:
            if relation.on_delete is models.PROTECT:
                kept = relation.related_model._default_manager.filter(  # type: ignore[union-attr]
                    **{relation.field.name: plan}
                )
                files += _files_of(kept)
                kept.delete()
    plan.delete()  # actions, their updates and evidence, approvals, measures …
    inspection.delete()  # findings and recommendations
    # Deleting a row leaves a "deleted" history row holding its last values: those go too.
    for model, ids in (
        (Action, actions),
        (Evidence, evidence_ids),
        (ProgressUpdate, update_ids),
        (Finding, finding_ids),
        (Recommendation, rec_ids),
        (Inspection, [inspection.pk]),
    ):
        model.history.model.objects.filter(id__in=ids).delete()  # type: ignore[attr-defined]
    return files


def _remove_files(files: list[StoredFile]) -> None:
    for storage, name in files:
        storage.delete(name)


@transaction.atomic
def apply_retention(*, now: dt.datetime, report_id: int, by: User | None) -> RetentionRun:
    """Delete what run `report_id` listed, only if it is still due now and not held now."""
    claimed = RetentionRun.objects.filter(pk=report_id, applied_at=None).update(applied_at=now)
    if not claimed:
        raise RecordsError("This report has already been applied.")
    run = RetentionRun.objects.get(pk=report_id)
    listed_plans = [row["id"] for row in run.listing.get("plans", [])]
    listed_evidence = [row["id"] for row in run.listing.get("evidence", [])]
    # Lock the plans: a hold being placed locks its plan first, so it either committed before
    # this point (and is seen below) or waits until the deletion is done.
    plan_ids = set(listed_plans) | set(
        Evidence.objects.filter(pk__in=listed_evidence).values_list("action__plan_id", flat=True)
    )
    list(ActionPlan.objects.select_for_update().filter(pk__in=plan_ids).order_by("pk"))
    held = set(_held(sorted(plan_ids)))
    files: list[StoredFile] = []
    deleted_plans, deleted_evidence = [], []
    for plan in _plans_due(run.partnership, now).filter(pk__in=listed_plans):
        if plan.pk in held:
            continue
        deleted_plans.append(plan.pk)  # before the delete, which clears it
        files += _delete_plan(plan)
    evidence = (
        _evidence_due(run.partnership, now)
        .filter(pk__in=listed_evidence)
        .exclude(Q(action__plan_id__in=held))
    )
    for item in evidence:
        files += _files_of([item])
        deleted_evidence.append(item.pk)
        item.delete()
    Evidence.history.model.objects.filter(id__in=deleted_evidence).delete()  # type: ignore[attr-defined]
    run.applied_by = by
    run.outcome = {"plans": deleted_plans, "evidence": deleted_evidence}
    run.save(update_fields=["applied_by", "outcome"])
    # Files are removed only once the rows are gone for good: a rollback keeps both.
    transaction.on_commit(lambda: _remove_files(files))
    log_event(
        "retention_applied",
        user=by.pk if by else "-",
        partnership=run.partnership_id,
        run=run.pk,
        plans=len(deleted_plans),
        evidence=len(deleted_evidence),
    )
    return run


def apply_unconfirmed_reports(*, now: dt.datetime) -> list[RetentionRun]:
    """Apply each report nobody confirmed within its partnership's `apply_unconfirmed_after_days`
    (oldest first; each deletes only what is still due and not held now). Partnerships that
    left the setting empty are never touched."""
    applied = []
    for policy in RetentionPolicy.objects.filter(
        apply_unconfirmed_after_days__isnull=False
    ).order_by("partnership_id"):
        days = policy.apply_unconfirmed_after_days
        assert days is not None  # filtered above
        overdue = RetentionRun.objects.filter(
            partnership_id=policy.partnership_id,
            applied_at=None,
            created_at__lte=now - dt.timedelta(days=days),
        ).order_by("created_at")
        for run in overdue:
            if not run.has_deletions:
                continue
            try:
                applied.append(apply_retention(now=now, report_id=run.pk, by=None))
            except RecordsError:
                continue  # a lead confirmed it meanwhile
    return applied


def report_retention_to_leads(*, now: dt.datetime) -> int:
    """The weekly sweep: a report per partnership, emailed to its leads when it lists anything
    to delete or keep. Deletes nothing. Returns the number of reports recorded."""
    count = 0
    for partnership in Partnership.objects.order_by("pk"):
        run = record_retention_report(partnership=partnership, now=now)
        count += 1
        if not (run.has_deletions or run.listing.get("kept")):
            continue
        context = {
            "partnership": partnership,
            "run": run,
            "auto_on": run.applies_automatically_on(policy_for(partnership)),
            "site_url": settings.SITE_URL,
            "path": reverse("actionplans:records", args=[partnership.pk]),
        }
        leads = User.objects.filter(
            is_active=True,
            memberships__partnership=partnership,
            memberships__role=Membership.Role.LEAD,
        ).distinct()
        for lead in leads:
            queue_email(
                render_email("actionplans/emails/retention_report", context),
                to=lead.email,
                recipient=lead,
            )
    return count
