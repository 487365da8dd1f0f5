"""Deadline reminders: work out what is due as of a moment, claim each reminder once, send it once.

The sweep (`claim_due_reminders`) reads only what can be due: plans whose submission deadline is
near, actions whose `effective_due_date` is near or past (the indexed column), actions without a
recent progress update, and, in the week's first sweeps, the people who have something to read.
Each reminder is claimed by inserting a `Reminder` row whose unique key names the recipient, the
kind, the plan or action, the date it is about and the lead time (or week); a second sweep, or a
second beat, inserts nothing new. `deliver_reminder` then takes a short lease on one row with a
conditional UPDATE, checks that the reminder still holds (the date, the owner, the person's access),
sends it and marks it sent. A failed send gives the lease back, so the next attempt retries it.

Days are calendar days in Europe/London (`timezone.localdate`), so the clocks changing moves
nothing: a reminder is keyed on dates, never on hours.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone

from actionplans.models import (
    Action,
    ActionPlan,
    ProgressUpdate,
    Reminder,
    ReminderPreference,
)
from actionplans.permissions import can_view_plan
from agencies.models import Membership, User

Kind = Reminder.Kind
OPEN_PLAN_STATUSES = [
    ActionPlan.Status.DRAFT,
    ActionPlan.Status.SUBMITTED,
    ActionPlan.Status.MONITORING,
]


def deadline_days() -> list[int]:
    return sorted(settings.REMINDER_DEADLINE_DAYS, reverse=True)


def action_due_days() -> list[int]:
    return sorted(settings.REMINDER_ACTION_DUE_DAYS, reverse=True)


def lead_time(days_left: int, leads: list[int]) -> int | None:
    """The lead time whose reminder is due with `days_left` to go: the smallest one not passed.

    With leads 14, 7, 1, 0 and 10 days to go that is 14: a sweep that missed the 14th day still
    sends the 14-day reminder (late, not lost), and never a backlog of several.
    """
    if days_left < 0 or not leads or days_left > max(leads):
        return None
    return min(lead for lead in leads if lead >= days_left)


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


def _opted_out(field_name: str) -> set[int]:
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


def _open_actions() -> Any:
    return Action.objects.open().filter(plan__status__in=OPEN_PLAN_STATUSES)


def due_deadline_reminders(today: dt.date) -> list[Due]:
    """To leads and every owner with an incomplete action, before an unsubmitted plan's deadline."""
    leads = deadline_days()
    plans = [
        plan
        for plan in ActionPlan.objects.filter(status=ActionPlan.Status.DRAFT)
        .filter(
            Q(inspection__submission_deadline__range=(today, today + dt.timedelta(max(leads))))
            | Q(
                inspection__submission_deadline=None,
                inspection__deadline_working_days__isnull=False,
                # 70 working days are about 100 calendar days; a year covers any count in use.
                inspection__letter_published__gte=today - dt.timedelta(days=366),
            )
        )
        .select_related("inspection")
        if plan.inspection.effective_deadline is not None
        and lead_time((plan.inspection.effective_deadline - today).days, leads) is not None
    ]
    if not plans:
        return []
    people = People.of(p.inspection.partnership_id for p in plans)
    owners_by_plan: dict[int, set[int]] = defaultdict(set)
    for _, plan_id, agency_id, lead_user_id, _, partnership_id in (
        _open_actions().filter(plan__in=plans).values_list(*ACTION_FIELDS)
    ):
        owners_by_plan[plan_id] |= people.action_owners(partnership_id, agency_id, lead_user_id)
    due = []
    for plan in plans:
        deadline = plan.inspection.effective_deadline
        assert deadline is not None
        period = str(lead_time((deadline - today).days, leads))
        for user_id in people.leads[plan.inspection.partnership_id] | owners_by_plan[plan.pk]:
            due.append(Due(user_id, Kind.DEADLINE, f"plan:{plan.pk}", deadline, period, plan.pk))
    return due


def due_action_reminders(today: dt.date) -> list[Due]:
    """Ahead of an open action's (revised) due date, to its lead person and agency owners."""
    leads = action_due_days()
    rows = list(
        _open_actions()
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


def due_overdue_reminders(today: dt.date) -> list[Due]:
    """Weekly for an overdue action: to its owners, and from the escalation day to the leads."""
    escalate_after = settings.REMINDER_ESCALATE_AFTER_DAYS
    rows = list(_open_actions().overdue(today).values_list(*ACTION_FIELDS))
    people = People.of(row[5] for row in rows)
    due = []
    for action_id, plan_id, agency_id, lead_user_id, due_date, partnership_id in rows:
        days_late = (today - due_date).days
        subject = f"action:{action_id}"
        recipients = people.action_owners(partnership_id, agency_id, lead_user_id)
        if days_late >= escalate_after:
            recipients |= people.leads[partnership_id]
        week = f"week-{(days_late - 1) // 7}"  # the first on the day after the due date
        for user_id in recipients:
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
        _open_actions()
        .filter(start_date__lte=since)
        .exclude(Exists(recent))
        .annotate(latest=Max("progress_updates__date"))
        .values_list(*ACTION_FIELDS, "start_date", "latest")
    )
    people = People.of(row[5] for row in rows)
    opted_out = _opted_out("stale_nudges")
    due = []
    for action_id, plan_id, agency_id, lead_user_id, _, partnership_id, start, latest in rows:
        last = latest or start
        subject = f"action:{action_id}"
        period = f"cycle-{(today - last).days // stale_days}"
        for user_id in people.action_owners(partnership_id, agency_id, lead_user_id) - opted_out:
            due.append(Due(user_id, Kind.STALE, subject, last, period, plan_id, action_id))
    return due


def digest_week(now: dt.datetime) -> dt.date | None:
    """The Monday of this week once Monday's digest hour has passed (then all week, to catch up)."""
    local = timezone.localtime(now)
    monday = local.date() - dt.timedelta(days=local.weekday())
    if local.weekday() == 0 and local.hour < settings.REMINDER_DIGEST_HOUR:
        return None
    return monday


@dataclass
class Digest:
    due_soon: list[Action]
    overdue: list[Action]
    updates: list[ProgressUpdate]

    def __bool__(self) -> bool:
        return bool(self.due_soon or self.overdue or self.updates)


def digest_for(user: User, today: dt.date) -> Digest:
    """The person's actions due in the next 14 days, overdue ones, and last week's updates."""
    mine = actions_of(user)
    open_soon = (
        mine.open()
        .filter(effective_due_date__lte=today + dt.timedelta(days=14))
        .select_related("plan__inspection", "owner_agency")
        .order_by("effective_due_date", "reference")
    )
    updates = (
        ProgressUpdate.objects.filter(action__in=mine, date__gt=today - dt.timedelta(days=7))
        .select_related("action", "author")
        .order_by("-date")
    )
    soon = list(open_soon)
    return Digest(
        due_soon=[a for a in soon if a.effective_due_date >= today],
        overdue=[a for a in soon if a.effective_due_date < today],
        updates=list(updates),
    )


def actions_of(user: User) -> Any:
    """Actions a person answers for: all of a lead's plans, an owner's agency's, or led by them."""
    memberships = Membership.objects.active().filter(user=user)
    lead_of = memberships.filter(role=Membership.Role.LEAD).values("partnership")
    owned = memberships.filter(role=Membership.Role.OWNER)
    member_of = memberships.values("partnership")
    return Action.objects.filter(plan__status__in=OPEN_PLAN_STATUSES).filter(
        Q(plan__inspection__partnership__in=lead_of)
        | Q(
            Exists(
                owned.filter(
                    partnership=OuterRef("plan__inspection__partnership"),
                    agency=OuterRef("owner_agency"),
                )
            )
        )
        | Q(lead_user=user, plan__inspection__partnership__in=member_of)
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
        _open_actions()
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
    candidates -= already | _opted_out("weekly_digest")
    return [Due(user_id, Kind.DIGEST, "person", monday, week) for user_id in sorted(candidates)]


def due_reminders(now: dt.datetime) -> list[Due]:
    today = timezone.localdate(now)
    return [
        *due_deadline_reminders(today),
        *due_action_reminders(today),
        *due_overdue_reminders(today),
        *due_stale_nudges(today),
        *due_digests(now),
    ]


@transaction.atomic
def claim_due_reminders(*, now: dt.datetime | None = None) -> list[int]:
    """Claim every reminder due as of `now` and return the ids of all still to be sent.

    Claiming inserts the reminder's row; an existing row (claimed by an earlier or a concurrent
    sweep) is left alone. Still to be sent: not sent, not cancelled, not given up on, and not
    leased by a sender right now (a sender that died lets its lease lapse).
    """
    now = now or timezone.now()
    Reminder.objects.bulk_create(
        [
            Reminder(
                recipient_id=d.recipient_id,
                kind=d.kind,
                subject_key=d.subject_key,
                due_on=d.due_on,
                period_key=d.period_key,
                plan_id=d.plan_id,
                action_id=d.action_id,
            )
            for d in due_reminders(now)
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    return list(
        Reminder.objects.filter(sent_at=None, cancelled_at=None)
        .filter(attempts__lt=settings.REMINDER_MAX_ATTEMPTS)
        .filter(Q(claimed_until=None) | Q(claimed_until__lt=now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def reminder_context(reminder: Reminder, today: dt.date) -> dict[str, Any] | None:
    """What the email says, or None when the reminder no longer holds (checked at send time)."""
    user = reminder.recipient
    if not user.is_active:
        return None
    context: dict[str, Any] = {
        "recipient": user,
        "reminder": reminder,
        "today": today,
        "site_url": settings.SITE_URL,
    }
    if reminder.kind == Kind.DIGEST:
        preference = ReminderPreference.objects.filter(user=user).first()
        digest = digest_for(user, today)
        if (preference and not preference.weekly_digest) or not digest:
            return None
        return {**context, "digest": digest}
    plan = reminder.plan
    if plan is None or not can_view_plan(user, plan):
        return None
    partnership_id = plan.inspection.partnership_id
    people = People.of([partnership_id])
    is_lead = user.pk in people.leads[partnership_id]
    if reminder.kind == Kind.DEADLINE:
        deadline = plan.inspection.effective_deadline
        if plan.status != ActionPlan.Status.DRAFT or deadline != reminder.due_on:
            return None
        open_actions = plan.actions.open().select_related("owner_agency").order_by("reference")
        missing = [
            a
            for a in open_actions
            if is_lead
            or user.pk in people.action_owners(partnership_id, a.owner_agency_id, a.lead_user_id)
        ]
        if not is_lead and not missing:
            return None
        return {
            **context,
            "plan": plan,
            "deadline": deadline,
            "days_left": (deadline - today).days,
            "missing": missing,
            "is_lead": is_lead,
        }
    action = reminder.action
    if action is None or action.is_complete:
        return None
    if reminder.kind != Kind.STALE and action.effective_due_date != reminder.due_on:
        return None  # the date changed: a reminder about the new date has its own key
    recipients = people.action_owners(partnership_id, action.owner_agency_id, action.lead_user_id)
    if reminder.kind == Kind.OVERDUE and (
        (today - action.effective_due_date).days >= settings.REMINDER_ESCALATE_AFTER_DAYS
    ):
        recipients |= people.leads[partnership_id]
    if user.pk not in recipients:
        return None
    last_update = action.progress_updates.order_by("-date", "-created_at").first()
    if reminder.kind == Kind.STALE:
        preference = ReminderPreference.objects.filter(user=user).first()
        if (preference and not preference.stale_nudges) or last_progress_on(
            action
        ) != reminder.due_on:
            return None
    return {
        **context,
        "plan": plan,
        "action": action,
        "due_date": action.effective_due_date,
        "days_left": (action.effective_due_date - today).days,
        "days_late": (today - action.effective_due_date).days,
        "last_update": last_update,
        "stale_days": (today - reminder.due_on).days,
        "is_lead": is_lead,
    }


def build_email(kind: str, to: str, context: dict[str, Any]) -> EmailMultiAlternatives:
    """The one place an email is made: `emails/<kind>-subject.txt`, `-body.txt`, `-body.html`."""
    subject = " ".join(render_to_string(f"emails/{kind}-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{kind}-body.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"emails/{kind}-body.html", context), "text/html")
    return message


def deliver_reminder(*, reminder_id: int, now: dt.datetime | None = None) -> bool:
    """Send one claimed reminder unless it was sent, is being sent, or no longer holds.

    Raises the mail server's error after giving the lease back, so that a retry can send it.
    """
    now = now or timezone.now()
    lease = dt.timedelta(seconds=settings.REMINDER_CLAIM_SECONDS)
    claimed = (
        Reminder.objects.filter(pk=reminder_id, sent_at=None, cancelled_at=None)
        .filter(Q(claimed_until=None) | Q(claimed_until__lt=now))
        .update(claimed_until=now + lease, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False  # sent, cancelled, or another sender holds it right now
    reminder = Reminder.objects.select_related(
        "recipient", "plan__inspection__partnership", "action__owner_agency"
    ).get(pk=reminder_id)
    context = reminder_context(reminder, timezone.localdate(now))
    if context is None:
        Reminder.objects.filter(pk=reminder_id).update(cancelled_at=now, claimed_until=None)
        return False
    try:
        message = build_email(reminder.kind, reminder.recipient.email, context)
        # Names the reminder, so that a duplicate could be recognised (and support can trace it).
        message.extra_headers["X-Reminder-Id"] = str(reminder.pk)
        message.send()
    except Exception as exc:
        Reminder.objects.filter(pk=reminder_id).update(
            claimed_until=None, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    Reminder.objects.filter(pk=reminder_id).update(sent_at=now, claimed_until=None, last_error="")
    return True


def send_due_reminders_now(*, now: dt.datetime | None = None) -> int:
    """Claim and send in this process (the `send_reminders` command and tests): the count sent."""
    now = now or timezone.now()
    sent = 0
    for reminder_id in claim_due_reminders(now=now):
        try:
            sent += deliver_reminder(reminder_id=reminder_id, now=now)
        except OSError:
            continue  # left retryable; the next sweep tries again
    return sent
