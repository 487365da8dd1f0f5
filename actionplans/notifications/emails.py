"""What a hand-off email says: `templates/actionplans/notifications/emails/<kind>-*`."""

from django.conf import settings
from django.urls import reverse

from actionplans.notifications.models import Notification
from agencies.models import User
from outbox.services import Draft, render_email


def hand_off_email(notification: Notification, recipient: User) -> Draft:
    return render_email(
        f"actionplans/notifications/emails/{notification.kind}",
        {
            "recipient": recipient,
            "notification": notification,
            "action": notification.action,
            "site_url": settings.SITE_URL,
            "link": settings.SITE_URL + notification.get_absolute_url(),
            "preferences_link": settings.SITE_URL + reverse("actionplans:reminder-preferences"),
        },
    )
