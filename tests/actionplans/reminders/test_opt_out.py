"""A person can switch off the digest and the nudges, never the reminders about deadlines."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from actionplans.reminders.delivery import send_due_reminders_now
from actionplans.reminders.models import Reminder, ReminderPreference
from tests.support.reminders import at, plan_with_people

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2025, 10, 13)


def kinds_sent_to(user) -> set[str]:
    kinds = set(
        Reminder.objects.filter(recipient=user).exclude(sent_at=None).values_list("kind", flat=True)
    )
    # All of one sweep's reminders to a person go in one email.
    assert len([m for m in mail.outbox if m.to == [user.email]]) == 1
    return kinds


def test_switched_off_digest_and_nudges_are_not_sent_but_deadlines_are():
    # Due on Friday 17 October, started in August with no progress update: stale, due soon; with
    # no success measure yet, which the submission needs.
    _action, _, owner = plan_with_people(due_date=dt.date(2025, 10, 17), success_measure="")
    ReminderPreference.objects.create(user=owner, weekly_digest=False, stale_nudges=False)
    with time_machine.travel(at(MONDAY), tick=False):
        send_due_reminders_now()
    assert kinds_sent_to(owner) == {"deadline", "action-due"}


def test_with_preferences_on_the_digest_and_nudge_are_sent():
    _, _, owner = plan_with_people(due_date=dt.date(2025, 10, 17), success_measure="")
    with time_machine.travel(at(MONDAY), tick=False):
        send_due_reminders_now()
    assert kinds_sent_to(owner) == {"deadline", "action-due", "stale", "digest"}


def test_the_preferences_page_saves_the_signed_in_persons_choice(client):
    _, _, owner = plan_with_people()
    client.force_login(owner)
    response = client.post(reverse("actionplans:reminder-preferences"), {"stale_nudges": "on"})
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user=owner)
    assert (preference.weekly_digest, preference.stale_nudges) == (False, True)
    page = client.get(reverse("actionplans:reminder-preferences"))
    assert "statutory" not in page.content.decode()
    assert "these cannot be switched off because they are about deadlines" in page.content.decode()


def test_the_preferences_page_needs_a_sign_in(client):
    response = client.get(reverse("actionplans:reminder-preferences"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_both_can_be_switched_off_at_once(client):
    _, _, owner = plan_with_people()
    client.force_login(owner)
    response = client.post(reverse("actionplans:reminder-preferences"), {})
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user=owner)
    assert (preference.weekly_digest, preference.stale_nudges) == (False, False)
