"""Telling people: a notification for each person a hand-off reaches, and its email written to
the outbox in the same transaction (sent once the change commits).

`notify` is the one way in. It tells only people who may see the partnership (active members),
never the person who did it, and each person once; the email goes unless they turned hand-off
emails off on the Reminders page. The in-app notification always stays."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from actionplans.notifications.emails import hand_off_email
from actionplans.notifications.models import Notification
from actionplans.plans.models import Action, ActionPlan
from actionplans.reminders.models import ReminderPreference
from agencies.models import Membership, Partnership, User
from outbox.services import queue_email


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User | int],
    kind: str,
    partnership: Partnership | int,
    text: str,
    action: Action | None = None,
    plan: ActionPlan | None = None,
    actor: User | None = None,
) -> list[Notification]:
    """Notify each of `recipients` who is an active member of `partnership`, except `actor`.

    For a hand-off about the partnership rather than an action (a person added to it), leave
    `action` out and make the membership first: someone not yet a member is not told.

    Returns the notifications made. Their emails are sent after the transaction commits; one
    whose send cannot even be queued is sent by the outbox's sweep."""
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
            plan=plan,
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
    people = User.objects.in_bulk(n.recipient_id for n in notifications)
    for notification in notifications:
        if notification.recipient_id in no_email:
            continue
        person = people[notification.recipient_id]
        queue_email(hand_off_email(notification, person), to=person.email, recipient=person)
    return notifications


@transaction.atomic
def open_notification(*, notification: Notification) -> None:
    """Opening it marks it read."""
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at=None).update(read_at=timezone.now())


@transaction.atomic
def mark_all_read(*, user: User) -> int:
    count = Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())
    return count
