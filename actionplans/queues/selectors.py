"""Each queue of the home page, as one query each whatever the size of the plans.

A person's roles come from their cached memberships (`accounts.signed_in`): the lead's queues
cover every partnership they lead, the owner's their agencies' actions and those naming them as
lead person, so a person with several roles in several partnerships gets each queue once."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    DateField,
    DateTimeField,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from actionplans.plans.models import Action, ActionPlan, ActionQuerySet, Evidence, ProgressUpdate
from actionplans.plans.selectors import OPEN_PLAN_STATUSES, owned_or_led_actions
from actionplans.plans.services import SENT_BACK_PREFIX
from agencies.models import Membership, User
from agencies.permissions import membership_rows

DUE_SOON_DAYS = 14
CHANGES_SHOWN = 30

HistoricalAction = Action.history.model


@dataclass(frozen=True)
class Roles:
    lead_of: list[int]  # partnership ids
    owner: bool
    manager_of: list[int]


def roles_of(user: User) -> Roles:
    rows = membership_rows(user) if user.is_active else frozenset()

    def of(role: str) -> list[int]:
        return sorted({row.partnership_id for row in rows if row.role == role})

    return Roles(
        lead_of=of(Membership.Role.LEAD),
        owner=bool(of(Membership.Role.OWNER)),
        manager_of=of(Membership.Role.MANAGER),
    )


def lead_actions(lead_of: list[int]) -> ActionQuerySet:
    return Action.objects.filter(
        plan__inspection__partnership_id__in=lead_of, plan__status__in=OPEN_PLAN_STATUSES
    )


def _latest_update() -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by(
        "-date", "-created_at", "-pk"
    )


def _for_listing(actions: ActionQuerySet) -> ActionQuerySet:
    return actions.select_related(
        "owner_agency", "plan__inspection__partnership", "plan__inspection__regime"
    )


# The partnership lead's queues.


def awaiting_sign_off(lead_of: list[int]) -> ActionQuerySet:
    """Waiting for the lead's sign-off, the longest waiting first."""
    asked = (
        ProgressUpdate.objects.filter(action=OuterRef("pk"), status=Action.Status.AWAITING_SIGN_OFF)
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return _for_listing(
        lead_actions(lead_of)
        .filter(status=Action.Status.AWAITING_SIGN_OFF)
        .annotate(asked_at=Coalesce(Subquery(asked, output_field=DateTimeField()), "updated_at"))
        .order_by("asked_at", "pk")
    )


def overdue_without_revised_date(lead_of: list[int], today: dt.date) -> ActionQuerySet:
    """Overdue actions with no date still to come: never revised, or past the revised date (a
    revision that has passed is no more an agreed date than none)."""
    return _for_listing(
        lead_actions(lead_of).overdue(today).order_by("effective_due_date", "reference")
    )


def plans_not_submitted(lead_of: list[int]) -> list[ActionPlan]:
    """The countdown: draft plans, the nearest deadline first (with no deadline last). The
    deadline may be computed from the letter's date, so the order is worked out here."""
    plans = ActionPlan.objects.filter(
        inspection__partnership_id__in=lead_of, status=ActionPlan.Status.DRAFT
    ).select_related("inspection__partnership", "inspection__regime")

    def nearest(plan: ActionPlan) -> tuple[bool, dt.date, int]:
        deadline = plan.inspection.effective_deadline
        return (deadline is None, deadline or dt.date.max, plan.pk)

    return sorted(plans, key=nearest)


def with_plan_names(revisions: QuerySet[Any] | list[Any]) -> list[Any]:
    """The revisions, each with `plan_name`: its plan's short name (saved versions of an action
    have no plan to follow, and a partnership's plans may each have a 2.1). One query."""
    revisions = list(revisions)
    plans = ActionPlan.objects.filter(pk__in={r.plan_id for r in revisions})
    names = {
        plan.pk: plan.inspection.short_name for plan in plans.select_related("inspection__regime")
    }
    for revision in revisions:
        revision.plan_name = names.get(revision.plan_id, "")
    return revisions


def due_dates_revised(actions: ActionQuerySet, since: dt.datetime, user: User) -> QuerySet[Any]:
    """Due dates others revised after `since` on `actions`: each revision (a saved version of
    the action whose revised date or reason differs from the version before), newest first."""
    # The version saved just before: history ids only grow, where two saves may share a time.
    before = HistoricalAction.objects.filter(
        id=OuterRef("id"), history_id__lt=OuterRef("history_id")
    ).order_by("-history_id")
    return (
        HistoricalAction.objects.filter(
            history_date__gt=since,
            history_type="~",
            revised_due_date__isnull=False,
            id__in=actions.values("pk"),
        )
        .exclude(history_user_id=user.pk)
        .annotate(
            old_revised=Subquery(before.values("revised_due_date")[:1], output_field=DateField()),
            old_due=Subquery(before.values("due_date")[:1], output_field=DateField()),
            old_reason=Subquery(before.values("revised_reason")[:1]),
        )
        .filter(
            Q(old_revised__isnull=True)
            | ~Q(old_revised=F("revised_due_date"))
            | ~Q(old_reason=F("revised_reason"))
        )
        .select_related("history_user")
        .order_by("-history_date")
    )


# The agency owner's queues: built on My actions' rule (`owned_or_led_actions`).


@dataclass
class OwnerQueues:
    sent_back: list[Action] = field(default_factory=list)
    overdue: list[Action] = field(default_factory=list)
    due_soon: list[Action] = field(default_factory=list)
    not_updated: list[Action] = field(default_factory=list)


def owner_queues(user: User, today: dt.date) -> OwnerQueues:
    """One query: the person's open actions with their latest update, sorted into queues.

    An action can be in several (sent back and overdue): each queue answers its own question."""
    latest = _latest_update()
    actions = _for_listing(
        owned_or_led_actions(user)
        .filter(plan__status__in=OPEN_PLAN_STATUSES)
        .annotate(
            last_sent_back=Subquery(latest.values("sent_back")[:1]),
            last_text=Subquery(latest.values("text")[:1]),
            last_update_on=Max("progress_updates__date"),
        )
    )
    queues = OwnerQueues()
    stale_before = today - dt.timedelta(days=settings.REMINDER_STALE_AFTER_DAYS)
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    action: Any  # with the annotations above
    for action in actions:
        if action.last_sent_back and action.status == Action.Status.IN_PROGRESS:
            action.sent_back_reason = action.last_text.removeprefix(SENT_BACK_PREFIX)
            queues.sent_back.append(action)
        if action.is_overdue(today):
            queues.overdue.append(action)
        elif action.effective_due_date <= soon:
            queues.due_soon.append(action)
        if (action.last_update_on or action.start_date) <= stale_before:
            queues.not_updated.append(action)
    queues.overdue.sort(key=lambda a: (a.effective_due_date, a.reference))
    queues.due_soon.sort(key=lambda a: (a.effective_due_date, a.reference))
    queues.not_updated.sort(key=lambda a: (a.last_update_on or a.start_date, a.reference))  # type: ignore[attr-defined]  # annotated above
    return queues


# Changed since you last looked: for a lead, their plans; for an owner, their own actions.


def watched_actions(user: User, roles: Roles) -> ActionQuerySet:
    scope = Q(plan__inspection__partnership_id__in=roles.lead_of)
    if roles.owner or roles.lead_of:
        scope |= Q(pk__in=owned_or_led_actions(user).values("pk"))
    return Action.objects.filter(scope)


@dataclass
class Changes:
    since: dt.datetime
    progress: list[ProgressUpdate]
    evidence: list[Evidence]
    revisions: list[Any]
    count: int


def changes_since(user: User, roles: Roles, since: dt.datetime) -> Changes:
    """Progress updates, evidence and revised due dates others added after `since`. Each kind
    is one query for the newest `CHANGES_SHOWN` and one for the count."""
    actions = watched_actions(user, roles)
    progress = (
        ProgressUpdate.objects.filter(action__in=actions, created_at__gt=since)
        .exclude(author_id=user.pk)
        .select_related(
            "author", "action__plan__inspection__partnership", "action__plan__inspection__regime"
        )
        .order_by("-created_at")
    )
    evidence = (
        Evidence.objects.filter(action__in=actions, added_at__gt=since)
        .exclude(added_by_id=user.pk)
        .select_related(
            "added_by", "action__plan__inspection__partnership", "action__plan__inspection__regime"
        )
        .order_by("-added_at")
    )
    revisions = due_dates_revised(actions, since, user)
    return Changes(
        since=since,
        progress=list(progress[:CHANGES_SHOWN]),
        evidence=list(evidence[:CHANGES_SHOWN]),
        revisions=with_plan_names(revisions[:CHANGES_SHOWN]),
        count=progress.count() + evidence.count() + revisions.count(),
    )


# The manager's most urgent plan.


def urgent_plans(manager_of: list[int], today: dt.date) -> list[ActionPlan]:
    """The plans of the partnerships they manage, the most urgent first: a plan not yet
    submitted with the nearest deadline still to come; then by how long their oldest overdue
    action (or a missed deadline) has been late; then the newest plan."""
    oldest_overdue = (
        Action.objects.filter(plan=OuterRef("pk"), effective_due_date__lt=today)
        .open()
        .order_by("effective_due_date")
        .values("effective_due_date")[:1]
    )
    plans = list(
        ActionPlan.objects.filter(inspection__partnership_id__in=manager_of)
        .select_related("inspection__partnership", "inspection__regime")
        .annotate(oldest_overdue=Subquery(oldest_overdue, output_field=DateField()))
    )

    def urgency(plan: ActionPlan) -> tuple[int, int, int]:
        deadline = plan.inspection.effective_deadline
        draft = plan.status == ActionPlan.Status.DRAFT
        if draft and deadline is not None and deadline >= today:
            return (0, (deadline - today).days, -plan.pk)
        late = [plan.oldest_overdue] if plan.oldest_overdue else []  # type: ignore[attr-defined]
        if draft and deadline is not None:
            late.append(deadline)
        if late:
            return (1, (min(late) - today).days, -plan.pk)
        return (2, 0, -plan.pk)

    return sorted(plans, key=urgency)
