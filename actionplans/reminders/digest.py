"""The weekly digest: what changed on a person's actions last week, sent on the week's digest day
(Monday from 07:00, unless the sweeps were down then) to those who have something to read."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from actionplans.plans.models import Action, ProgressUpdate
from actionplans.plans.selectors import OPEN_PLAN_STATUSES, actions_answered_for
from actionplans.reminders.due import (
    ACTION_FIELDS,
    Due,
    Kind,
    People,
    open_actions,
    people_opted_out,
)
from actionplans.reminders.models import Reminder, SweepDay
from actionplans.reminders.rules import digest_day
from agencies.models import User


def record_sweep(now: dt.datetime) -> None:
    """Note that a sweep ran today (Europe/London), and when it last ran."""
    day = timezone.localdate(now)
    updated = SweepDay.objects.filter(day=day, last_at__lt=now).update(last_at=now)
    if not updated:
        SweepDay.objects.get_or_create(day=day, defaults={"first_at": now, "last_at": now})


def digest_week(now: dt.datetime) -> dt.date | None:
    """The Monday of this week when today is the week's digest day (see `rules.digest_day`)."""
    today = timezone.localdate(now)
    monday = today - dt.timedelta(days=today.weekday())
    swept = {
        day: timezone.localtime(last_at)
        for day, last_at in SweepDay.objects.filter(day__range=(monday, today)).values_list(
            "day", "last_at"
        )
    }
    return monday if digest_day(monday, swept) == today else None


@dataclass
class Digest:
    due_soon: list[Action]
    overdue: list[Action]
    updates: list[ProgressUpdate]

    def __bool__(self) -> bool:
        return bool(self.due_soon or self.overdue or self.updates)


def digest_for(user: User, today: dt.date) -> Digest:
    """The person's actions due in the next 14 days, overdue ones, and last week's updates by
    others."""
    mine = actions_answered_for(user)
    open_soon = (
        mine.open()
        .filter(effective_due_date__lte=today + dt.timedelta(days=14))
        .select_related("plan__inspection__regime", "owner_agency")
        .order_by("effective_due_date", "reference")
    )
    updates = (
        ProgressUpdate.objects.filter(action__in=mine, date__gt=today - dt.timedelta(days=7))
        .exclude(author=user)  # their own words are not news to them
        .select_related("action__plan__inspection__regime", "author")
        .order_by("-date")
    )
    soon = list(open_soon)
    return Digest(
        due_soon=[a for a in soon if not a.is_overdue(today)],
        overdue=[a for a in soon if a.is_overdue(today)],
        updates=list(updates),
    )


def due_digests(now: dt.datetime) -> list[Due]:
    """One digest a week per person with something in it, unless they switched it off."""
    monday = digest_week(now)
    if monday is None:
        return []
    today = timezone.localdate(now)
    week = f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"
    already = set(
        Reminder.objects.filter(kind=Kind.DIGEST, due_on=monday).values_list(
            "recipient_id", flat=True
        )
    )
    # People with an open action due within 14 days or overdue, or an update in the last week.
    soon = list(
        open_actions()
        .filter(effective_due_date__lte=today + dt.timedelta(days=14))
        .values_list(*ACTION_FIELDS)
    )
    # From the week's updates to their actions, not the other way: last week's updates are few.
    updated = ProgressUpdate.objects.filter(date__gt=today - dt.timedelta(days=7))
    changed = list(
        Action.objects.filter(plan__status__in=OPEN_PLAN_STATUSES)
        .filter(pk__in=set(updated.values_list("action_id", flat=True)))
        .values_list(*ACTION_FIELDS)
    )
    people = People.of(row[5] for row in soon + changed)
    candidates: set[int] = set()
    for _, _, agency_id, lead_user_id, _, partnership_id in soon + changed:
        candidates |= people.action_owners(partnership_id, agency_id, lead_user_id)
        candidates |= people.leads[partnership_id]
    candidates -= already | people_opted_out("weekly_digest")
    return [Due(user_id, Kind.DIGEST, "person", monday, week) for user_id in sorted(candidates)]
