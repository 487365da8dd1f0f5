"""Closing and reopening a plan, the partnership's retention periods, and legal holds.
(The retention sweep itself is in `actionplans/records/retention.py`.)"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from actionplans.plans.models import ActionPlan
from actionplans.records.models import LegalHold, RetentionPolicy
from agencies.models import Partnership, User
from agencies.security_log import log_event


class RecordsError(Exception):
    """A change refused, with the sentence the person is shown."""


CLOSABLE = (ActionPlan.Status.SUBMITTED, ActionPlan.Status.MONITORING)


def _locked(plan: ActionPlan) -> ActionPlan:
    return ActionPlan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def close_plan(*, plan: ActionPlan, by: User, reason: str) -> ActionPlan:
    """The lead closes a submitted or monitored plan: its retention period starts now. The
    plan's save bumps its version in this transaction (page_cache), so every cached page of it
    shows the new status."""
    current = _locked(plan)
    if current.status not in CLOSABLE:
        raise RecordsError(
            f"Only a submitted or monitored plan can be closed: this one is "
            f"{current.get_status_display().lower()}."
        )
    if not reason.strip():
        raise RecordsError("Enter why the plan is being closed.")
    current.status = ActionPlan.Status.CLOSED
    current.closed_at, current.closed_by, current.closed_reason = timezone.now(), by, reason
    current.save()
    log_event("plan_closed", user=by.pk, plan=current.pk)
    return current


@transaction.atomic
def reopen_plan(*, plan: ActionPlan, by: User) -> ActionPlan:
    """The lead takes back a closing: the plan is monitored again and no retention period runs."""
    current = _locked(plan)
    if current.status != ActionPlan.Status.CLOSED:
        raise RecordsError("Only a closed plan can be reopened.")
    current.status = ActionPlan.Status.MONITORING
    current.closed_at, current.closed_by, current.closed_reason = None, None, ""
    current.save()
    log_event("plan_reopened", user=by.pk, plan=current.pk)
    return current


def policy_for(partnership: Partnership) -> RetentionPolicy:
    """The partnership's periods: the defaults until a lead changes them (no row is written
    just by reading)."""
    found = RetentionPolicy.objects.filter(partnership=partnership).first()
    return found if found is not None else RetentionPolicy(partnership=partnership)


@transaction.atomic
def set_retention_policy(
    *,
    partnership: Partnership,
    closed_plan_years: int,
    evidence_years: int,
    by: User,
    apply_unconfirmed_after_days: int | None = None,
) -> RetentionPolicy:
    policy, _ = RetentionPolicy.objects.select_for_update().get_or_create(partnership=partnership)
    policy.closed_plan_years, policy.evidence_years = closed_plan_years, evidence_years
    policy.apply_unconfirmed_after_days = apply_unconfirmed_after_days
    policy.changed_by, policy.changed_at = by, timezone.now()
    policy.full_clean()
    policy.save()
    log_event(
        "retention_policy_changed",
        user=by.pk,
        partnership=partnership.pk,
        closed_plan_years=closed_plan_years,
        evidence_years=evidence_years,
        apply_unconfirmed_after_days=apply_unconfirmed_after_days or "-",
    )
    return policy


@transaction.atomic
def place_hold(*, plan: ActionPlan, by: User, reason: str) -> LegalHold:
    """Stop every deletion of the plan until the hold is lifted."""
    if not reason.strip():
        raise RecordsError("Enter why the plan is held, for example the inquiry's name.")
    _locked(plan)  # the sweep locks the plan too: a hold and a deletion never interleave
    if LegalHold.objects.filter(plan=plan, lifted_at=None).exists():
        raise RecordsError("This plan is already held. Lift that hold before placing another.")
    try:
        with transaction.atomic():
            hold = LegalHold.objects.create(plan=plan, reason=reason.strip(), placed_by=by)
    except IntegrityError as clash:  # another request placed one a moment ago
        raise RecordsError("This plan is already held.") from clash
    log_event("legal_hold_placed", user=by.pk, plan=plan.pk, hold=hold.pk)
    return hold


@transaction.atomic
def lift_hold(*, hold: LegalHold, by: User, reason: str) -> LegalHold:
    if not reason.strip():
        raise RecordsError("Enter why the hold is lifted.")
    claimed = LegalHold.objects.filter(pk=hold.pk, lifted_at=None).update(
        lifted_at=timezone.now(), lifted_by=by, lift_reason=reason.strip()
    )
    if not claimed:
        raise RecordsError("This hold has already been lifted.")
    log_event("legal_hold_lifted", user=by.pk, plan=hold.plan_id, hold=hold.pk)
    hold.refresh_from_db()
    return hold
