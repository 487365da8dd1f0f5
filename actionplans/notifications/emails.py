"""What a hand-off email says, worked out again when it is sent (registered with the reminders'
outbox in `actionplans/apps.py`): nothing goes to a person who has since left the partnership
or turned these emails off."""

from typing import Any

from django.conf import settings
from django.urls import reverse

from actionplans.notifications.models import Notification
from actionplans.reminders.models import Reminder, ReminderPreference
from agencies.models import Membership

KINDS = [kind.value for kind in Notification.Kind]


def email_context(reminder: Reminder, context: dict[str, Any]) -> dict[str, Any] | None:
    prefix, _, pk = reminder.subject_key.partition(":")
    if prefix != "notification" or not pk.isdigit():
        return None
    notification = (
        Notification.objects.select_related("action", "partnership").filter(pk=int(pk)).first()
    )
    if notification is None or notification.recipient_id != reminder.recipient_id:
        return None
    still_member = Membership.objects.active().filter(
        user_id=reminder.recipient_id, partnership_id=notification.partnership_id
    )
    turned_off = ReminderPreference.objects.filter(
        user_id=reminder.recipient_id, handoff_emails=False
    )
    if not still_member.exists() or turned_off.exists():
        return None
    return {
        **context,
        "notification": notification,
        "action": notification.action,
        "link": settings.SITE_URL + notification.get_absolute_url(),
        "preferences_link": settings.SITE_URL + reverse("actionplans:reminder-preferences"),
    }
