"""What is due as of a day: deadline and due-date reminders, overdue notices and nudges about
actions without recent progress.

Each reader looks only at what can be due: plans whose submission deadline is near, actions whose
`effective_due_date` is near or past (the indexed column), actions without a recent update. Days
are calendar days in Europe/London (`timezone.localdate`), so the clocks changing moves nothing."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from actionplans.plans.models import Action, ActionPlan, ProgressUpdate
from actionplans.plans.readiness import Gap, check_readiness
from actionplans.plans.selectors import OPEN_PLAN_STATUSES
from actionplans.reminders.models import Reminder, ReminderPreference, SweepDay
from actionplans.reminders.rules import (
    OVERDUE_EVERY_DAYS,
    action_due_days,
    deadline_days,
    lead_time,
    leads_get_overdue,
    overdue_slot,
    overdue_week,
)
from agencies.models import Membership

Kind = Reminder.Kind


@dataclass(frozen=True)
class Due:
    """One reminder that is due: the fields of its unique key, and what it is about."""

    recipient_id: int
    kind: str
    subject_key: str
    due_on: dt.date
    period_key: str
    plan_id: int | None = None
    action_id: int | None = None


@dataclass
class People:
    """Who holds which role in some partnerships (active accounts only)."""

    leads: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    owners: dict[tuple[int, int], set[int]] = field(default_factory=lambda: defaultdict(set))
    members: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def of(cls, partnership_ids: Iterable[int]) -> "People":
        people = cls()
        rows = Membership.objects.active().filter(partnership_id__in=set(partnership_ids))
        for user_id, partnership_id, agency_id, role in rows.values_list(
            "user_id", "partnership_id", "agency_id", "role"
        ):
            people.members[partnership_id].add(user_id)
            if role == Membership.Role.LEAD:
                people.leads[partnership_id].add(user_id)
            elif role == Membership.Role.OWNER and agency_id is not None:
                people.owners[(partnership_id, agency_id)].add(user_id)
        return people

    def action_owners(self, partnership_id: int, agency_id: int, lead_user_id: int | None) -> set:
        """The action's lead person (if they may see the plan) and its agency's owners."""
        owners = set(self.owners[(partnership_id, agency_id)])
        if lead_user_id is not None and lead_user_id in self.members[partnership_id]:
            owners.add(lead_user_id)
        return owners


def people_opted_out(field_name: str) -> set[int]:
    return set(
        ReminderPreference.objects.filter(**{field_name: False}).values_list("user_id", flat=True)
    )


ACTION_FIELDS = (
    "pk",
    "plan_id",
    "owner_agency_id",
    "lead_user_id",
    "effective_due_date",
    "plan__inspection__partnership_id",
)


def open_actions() -> Any:
    return Action.objects.open().filter(plan__status__in=OPEN_PLAN_STATUSES)


def plans_near_their_deadline(today: dt.date) -> list[ActionPlan]:
    leads = deadline_days()
    return [
        plan
        for plan in ActionPlan.objects.filter(status=ActionPlan.Status.DRAFT)
        .filter(
            Q(inspection__submission_deadline__range=(today, today + dt.timedelta(max(leads))))
            | Q(
                # Counted (the lead's working days or the regime's rule) from the letter or the
                # regime's own start; 70 working days are about 100 calendar days, and a year
                # covers any count in use.
                Q(inspection__letter_published__gte=today - dt.timedelta(days=366))
                | Q(inspection__rule_starts_on__gte=today - dt.timedelta(days=366)),
                inspection__submission_deadline=None,
            )
        )
        .select_related("inspection__regime")
        if plan.inspection.effective_deadline is not None
        and lead_time((plan.inspection.effective_deadline - today).days, leads) is not None
    ]


def actions_lacking_for_submission(plan: ActionPlan, today: dt.date) -> dict[int, list[Gap]]:
    """The plan's readiness gaps about one action, by action: what the submission still needs."""
    lacking: dict[int, list[Gap]] = defaultdict(list)
    for gap in check_readiness(plan, today=today):
        if gap.action_id is not None:
            lacking[gap.action_id].append(gap)
    return lacking


def due_deadline_reminders(today: dt.date) -> list[Due]:
    """Before an unsubmitted plan's deadline: to its leads, and to the owners of each action that
    still lacks something the submission needs (not every open action: many run for years)."""
    plans = plans_near_their_deadline(today)
    if not plans:
        return []
    people = People.of(p.inspection.partnership_id for p in plans)
    owners_by_plan: dict[int, set[int]] = defaultdict(set)
    for plan in plans:
        lacking = actions_lacking_for_submission(plan, today)
        for _, _, agency_id, lead_user_id, _, partnership_id in Action.objects.filter(
            pk__in=lacking
        ).values_list(*ACTION_FIELDS):
            owners_by_plan[plan.pk] |= people.action_owners(partnership_id, agency_id, lead_user_id)
    due = []
    for plan in plans:
        deadline = plan.inspection.effective_deadline
        assert deadline is not None
        period = str(lead_time((deadline - today).days, deadline_days()))
        for user_id in people.leads[plan.inspection.partnership_id] | owners_by_plan[plan.pk]:
            due.append(Due(user_id, Kind.DEADLINE, f"plan:{plan.pk}", deadline, period, plan.pk))
    return due


def due_action_reminders(today: dt.date) -> list[Due]:
    """Ahead of an open action's (revised) due date, to its lead person and agency owners."""
    leads = action_due_days()
    rows = list(
        open_actions()
        .due_between(today, today + dt.timedelta(days=max(leads)))
        .values_list(*ACTION_FIELDS)
    )
    people = People.of(row[5] for row in rows)
    due = []
    for action_id, plan_id, agency_id, lead_user_id, due_date, partnership_id in rows:
        period = str(lead_time((due_date - today).days, leads))
        subject = f"action:{action_id}"
        for user_id in people.action_owners(partnership_id, agency_id, lead_user_id):
            due.append(
                Due(
                    user_id,
                    Kind.ACTION_DUE,
                    subject,
                    due_date,
                    period,
                    plan_id,
                    action_id,
                )
            )
    return due


def overdue_reminded_lately(today: dt.date, action_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(person, action) pairs with an overdue reminder claimed in the last 7 days and not
    cancelled: the next one waits until 7 days have passed, whatever due date it was about."""
    since = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=OVERDUE_EVERY_DAYS - 1), dt.time())
    )
    return set(
        Reminder.objects.filter(
            kind=Kind.OVERDUE,
            action_id__in=set(action_ids),
            created_at__gte=since,
            cancelled_at=None,
        ).values_list("recipient_id", "action_id")
    )


def due_overdue_reminders(today: dt.date) -> list[Due]:
    """An overdue action: on day 1 to its owners, then every 7 days, with the leads from day 8.

    A week's reminder goes on its day; on a later day of that week only if no sweep ran on it."""
    rows = list(open_actions().overdue(today).values_list(*ACTION_FIELDS))
    people = People.of(row[5] for row in rows)
    lately = overdue_reminded_lately(today, (row[0] for row in rows))
    slots = {row[4]: overdue_slot(row[4], (today - row[4]).days) for row in rows}
    swept = set(SweepDay.objects.filter(day__in=set(slots.values())).values_list("day", flat=True))
    due = []
    for action_id, plan_id, agency_id, lead_user_id, due_date, partnership_id in rows:
        days_late = (today - due_date).days
        if slots[due_date] != today and slots[due_date] in swept:
            continue  # the week's reminder went on its day; someone new waits for the next one
        subject = f"action:{action_id}"
        recipients = people.action_owners(partnership_id, agency_id, lead_user_id)
        if leads_get_overdue(days_late):
            recipients |= people.leads[partnership_id]
        week = f"week-{overdue_week(days_late)}"
        for user_id in recipients - {u for u, a in lately if a == action_id}:
            due.append(Due(user_id, Kind.OVERDUE, subject, due_date, week, plan_id, action_id))
    return due


def last_progress_on(action: Action) -> dt.date:
    """The day of the last progress update, or the start date when there is none yet."""
    latest = action.progress_updates.aggregate(latest=Max("date"))["latest"]
    return latest or action.start_date


def due_stale_nudges(today: dt.date) -> list[Due]:
    """An open, started action with no progress update for N days nudges its owners."""
    stale_days = settings.REMINDER_STALE_AFTER_DAYS
    since = today - dt.timedelta(days=stale_days)
    recent = ProgressUpdate.objects.filter(action=OuterRef("pk"), date__gt=since)
    rows = list(
        open_actions()
        .filter(start_date__lte=since)
        .exclude(Exists(recent))
        .annotate(latest=Max("progress_updates__date"))
        .values_list(*ACTION_FIELDS, "start_date", "latest")
    )
    people = People.of(row[5] for row in rows)
    opted_out = people_opted_out("stale_nudges")
    due = []
    for action_id, plan_id, agency_id, lead_user_id, _, partnership_id, start, latest in rows:
        last = latest or start
        subject = f"action:{action_id}"
        period = f"cycle-{(today - last).days // stale_days}"
        for user_id in people.action_owners(partnership_id, agency_id, lead_user_id) - opted_out:
            due.append(Due(user_id, Kind.STALE, subject, last, period, plan_id, action_id))
    return due
