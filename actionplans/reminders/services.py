"""Changes to a person's reminder preferences and to their calendar feed's private address."""

import secrets

from django.db import transaction

from actionplans.reminders.models import ReminderPreference
from agencies.models import User


def preference_of(user: User) -> ReminderPreference:
    preference, _ = ReminderPreference.objects.get_or_create(user=user)
    return preference


@transaction.atomic
def regenerate_calendar_token(*, user: User) -> str:
    """A new private address for the feed; the old one stops working at once."""
    preference = preference_of(user)
    preference.calendar_token = secrets.token_urlsafe(32)
    preference.save(update_fields=["calendar_token"])
    return preference.calendar_token


@transaction.atomic
def revoke_calendar_token(*, user: User) -> None:
    ReminderPreference.objects.filter(user=user).update(calendar_token="")


@transaction.atomic
def save_preferences(*, preference: ReminderPreference) -> ReminderPreference:
    """Keep the person's opt-outs, as their form validated them."""
    preference.save()
    return preference
