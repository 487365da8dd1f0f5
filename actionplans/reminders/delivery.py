"""Claim each due reminder once, send it once.

The sweep (`claim_due_reminders`) inserts one `Reminder` row per reminder whose unique key names
the recipient, the kind, the plan or action, the date it is about and the lead time (or week); a
second sweep, or a second beat, inserts nothing new. `deliver_reminder` then takes a short lease
on one row with a conditional UPDATE, checks that the reminder still holds (the date, the owner,
the person's access), sends it and marks it sent. A failed send gives the lease back, so the next
attempt retries it."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from actionplans.plans.models import ActionPlan
from actionplans.plans.permissions import can_view_plan
from actionplans.reminders.digest import digest_for, due_digests
from actionplans.reminders.due import (
    Due,
    Kind,
    People,
    due_action_reminders,
    due_deadline_reminders,
    due_overdue_reminders,
    due_stale_nudges,
    last_progress_on,
)
from actionplans.reminders.models import Reminder, ReminderPreference


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


# Emails of other sub-packages sent through this outbox (hand-off notifications): their kind and
# what their email says, registered at start-up, since `reminders` imports no sibling.
OTHER_KINDS: dict[str, Callable[[Reminder, dict[str, Any]], dict[str, Any] | None]] = {}


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
    if other := OTHER_KINDS.get(reminder.kind):
        return other(reminder, context)
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
    """The one place an email is made: `actionplans/reminders/emails/<kind>-subject.txt`,
    `-body.txt` and `-body.html`."""
    subject = " ".join(
        render_to_string(f"actionplans/reminders/emails/{kind}-subject.txt", context).split()
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"actionplans/reminders/emails/{kind}-body.txt", context),
        to=[to],
    )
    message.attach_alternative(
        render_to_string(f"actionplans/reminders/emails/{kind}-body.html", context), "text/html"
    )
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
