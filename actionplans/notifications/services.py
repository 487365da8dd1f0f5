"""Telling people: a notification for each person a hand-off reaches, and its email queued in
the reminders' claimed-once outbox.

`notify` is the one way in. It tells only people who may see the partnership (active members),
never the person who did it, and each person once; the email goes unless they turned hand-off
emails off on the Reminders page. The in-app notification always stays."""

import logging
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone

from actionplans.notifications.models import Notification
from actionplans.plans.models import Action
from actionplans.reminders.models import Reminder, ReminderPreference
from agencies.models import Membership, Partnership, User

log = logging.getLogger(__name__)

# Queues one outbox row for sending (the `send_reminder` task's `delay`), set at start-up by
# `actionplans/apps.py`: a sub-package does not import the app's task module, which gathers all.
queue_email: Callable[[int], object] | None = None


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User | int],
    kind: str,
    partnership: Partnership | int,
    text: str,
    action: Action | None = None,
    actor: User | None = None,
) -> list[Notification]:
    """Notify each of `recipients` who is an active member of `partnership`, except `actor`.

    For a hand-off about the partnership rather than an action (a person added to it), leave
    `action` out and make the membership first: someone not yet a member is not told.

    Returns the notifications made. Their emails are sent after the transaction commits; a
    send that cannot even be queued is left to the next reminder sweep, which sends every
    outbox row still unsent."""
    partnership_id = partnership if isinstance(partnership, int) else partnership.pk
    wanted = {r if isinstance(r, int) else r.pk for r in recipients}
    wanted.discard(actor.pk if actor is not None else None)
    allowed = sorted(
        set(
            Membership.objects.active()
            .filter(partnership_id=partnership_id, user_id__in=wanted)
            .values_list("user_id", flat=True)
        )
    )
    if not allowed:
        return []
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            kind=kind,
            partnership_id=partnership_id,
            action=action,
            text=text,
            actor=actor,
        )
        for user_id in allowed
    )
    no_email = set(
        ReminderPreference.objects.filter(user_id__in=allowed, handoff_emails=False).values_list(
            "user_id", flat=True
        )
    )
    today = timezone.localdate()
    emails = Reminder.objects.bulk_create(
        Reminder(
            recipient_id=n.recipient_id,
            kind=kind,
            subject_key=f"notification:{n.pk}",
            due_on=today,
            period_key="",
            plan_id=action.plan_id if action is not None else None,
            action=action,
        )
        for n in notifications
        if n.recipient_id not in no_email
    )
    reminder_ids = [r.pk for r in emails]
    transaction.on_commit(lambda: _queue_emails(reminder_ids))
    return notifications


def _queue_emails(reminder_ids: list[int]) -> None:
    if queue_email is None:
        return
    try:
        for reminder_id in reminder_ids:
            queue_email(reminder_id)
    except Exception:
        # The request must not fail after its change is saved: the sweep sends these.
        log.exception("Could not queue hand-off emails %s; the next sweep sends them", reminder_ids)


@transaction.atomic
def open_notification(*, notification: Notification) -> None:
    """Opening it marks it read."""
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at=None).update(read_at=timezone.now())


@transaction.atomic
def mark_all_read(*, user: User) -> int:
    count = Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())
    return count
