"""Submitting the plan (and keeping what was sent) and producing board progress reports."""

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from actionplans.approvals.digest import document_digest
from actionplans.approvals.services import approvals_for_submission
from actionplans.documents import board_report, naming
from actionplans.documents import plan as plan_document
from actionplans.documents.plan import Approval, PlanDocument, build_plan_document
from actionplans.plans.models import ActionPlan
from actionplans.plans.services import InvalidTransition
from actionplans.submission.board_reports import build_board_report
from actionplans.submission.models import BoardReport, SubmittedPlan
from agencies.models import User


@transaction.atomic
def submit_plan(*, plan: ActionPlan, by: User, gaps: list[str]) -> SubmittedPlan:
    """Mark the plan as sent, keeping a frozen copy of exactly what was sent (data, documents).

    Refused (`approvals.services.NotApproved`) unless every approver has approved exactly the
    content being sent: its digest is taken from the very document that is frozen."""
    locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != ActionPlan.Status.DRAFT:
        raise InvalidTransition("This plan has already been submitted.")
    document = build_plan_document(locked)
    approved_by = approvals_for_submission(plan=locked, digest=document_digest(document))
    now = timezone.now()
    locked.status, locked.submitted_at, locked.submitted_by = (
        ActionPlan.Status.SUBMITTED,
        now,
        by,
    )
    locked.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return freeze_plan(
        plan=locked, by=by, at=now, gaps=gaps, document=document, approved_by=approved_by
    )


def freeze_plan(
    *,
    plan: ActionPlan,
    by: User,
    at: dt.datetime,
    gaps: list[str],
    document: PlanDocument | None = None,
    approved_by: list[Approval] | None = None,
) -> SubmittedPlan:
    """Keep the plan as it reads now, as data and as Word and PDF, as sent at `at`, with who
    approved it (its "Approved by" section) and the digest of the content they approved.

    `submit_plan` calls it on the real "Mark as submitted"; the demo calls it for a plan it
    records as submitted on a past day.
    """
    document = document or build_plan_document(plan)
    document.approved_by = list(approved_by or [])
    # As it read when sent, whatever the plan's status has become since (the demo's, say).
    as_sent = ActionPlan(status=ActionPlan.Status.SUBMITTED, submitted_at=at)
    document.status, document.submitted_at = as_sent.status_in_words, at
    stem = naming.file_stem(naming.ACTION_PLAN, plan=plan, day=timezone.localdate(at))
    frozen = SubmittedPlan(
        plan=plan, submitted_at=at, submitted_by=by, data=snapshot(document), gaps_accepted=gaps
    )
    frozen.word_document.save(
        f"{stem}.docx", ContentFile(plan_document.render_docx(document)), save=False
    )
    frozen.pdf_document.save(
        f"{stem}.pdf", ContentFile(plan_document.render_pdf(document)), save=False
    )
    frozen.save()
    return frozen


@transaction.atomic
def produce_board_report(
    *, plan: ActionPlan, since: dt.date, by: User, today: dt.date
) -> BoardReport:
    """Write the board progress report for `since` to `today` and keep it as produced."""
    report = build_board_report(plan, since=since, today=today)
    saved = BoardReport(plan=plan, since=since, report_date=today, produced_by=by)
    stem = naming.file_stem(naming.BOARD_REPORT, plan=plan, day=today)
    saved.word_document.save(
        f"{stem}.docx", ContentFile(board_report.render_docx(report)), save=False
    )
    saved.pdf_document.save(f"{stem}.pdf", ContentFile(board_report.render_pdf(report)), save=False)
    saved.save()
    return saved


def snapshot(document: PlanDocument) -> dict[str, Any]:
    """The document as plain data, with the computed timescale kept as it read then."""
    data = asdict(document)
    data["content_digest"] = document_digest(document)
    for section, source in zip(data["sections"], document.sections, strict=True):
        for row, action in zip(section["actions"], source.actions, strict=True):
            row["timescale"] = action.timescale
    return data


@transaction.atomic
def remove_frozen_copies(*, plan: ActionPlan) -> int:
    """Delete the plan's frozen copies (submitted plans and board reports) and their files.

    Frozen copies are never removed in normal use: PostgreSQL refuses it (migration actionplans
    0009). A reset of the demo's own data needs it, so this lifts the refusal for this
    transaction alone; the only other place that does is the retention sweep's deletion of a
    plan past its retention period (actionplans/records/retention.py). Returns how many
    records were removed.
    """
    lift = connection.vendor == "postgresql"
    if lift:
        with connection.cursor() as cursor:
            # Local to the transaction, and set back at once: an outer transaction (the demo
            # loader's) must not go on with the refusal lifted.
            cursor.execute("SELECT set_config('jtai.remove_frozen_copies', 'on', true)")
    try:
        copies: list[SubmittedPlan | BoardReport] = [
            *SubmittedPlan.objects.filter(plan=plan),
            *BoardReport.objects.filter(plan=plan),
        ]
        removed = (
            SubmittedPlan.objects.filter(plan=plan).delete()[0]
            + BoardReport.objects.filter(plan=plan).delete()[0]
        )
        for copy in copies:
            # The files go once their rows are gone (a refused delete keeps both).
            copy.word_document.delete(save=False)
            copy.pdf_document.delete(save=False)
    finally:
        if lift:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('jtai.remove_frozen_copies', 'off', true)")
    return removed
