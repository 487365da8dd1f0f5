"""Each person's private .ics feed: their due dates and deadlines, revocable, regenerable."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from actionplans.reminders.models import ReminderPreference
from tests.support.reminders import plan_with_people

pytestmark = pytest.mark.django_db


def feed_of(client, user) -> str:
    client.force_login(user)
    client.post(reverse("actionplans:calendar-token"), {"action": "regenerate"})
    client.logout()
    return ReminderPreference.objects.get(user=user).calendar_token


def test_the_feed_lists_the_persons_due_dates_and_the_plans_deadline(client):
    action, _, owner = plan_with_people(due_date=dt.date(2025, 10, 17))
    token = feed_of(client, owner)
    response = client.get(reverse("actionplans:calendar-feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    events = {
        (str(e["summary"]), e.decoded("dtstart"))
        for e in Calendar.from_ical(response.content).walk("VEVENT")
    }
    assert (
        f"Action {action.reference} (JTAI 2025) due: {action.title}",
        dt.date(2025, 10, 17),
    ) in events
    assert any(start == dt.date(2025, 10, 24) for _, start in events)


def test_another_persons_actions_are_not_in_the_feed(client):
    _mine, _, owner = plan_with_people(title="Mine")
    plan_with_people(title="Someone else's")  # another partnership
    token = feed_of(client, owner)
    body = client.get(reverse("actionplans:calendar-feed", args=[token])).content.decode()
    assert "Mine" in body
    assert "Someone else" not in body


def test_a_new_address_replaces_the_old_one_and_revoking_turns_it_off(client):
    _, _, owner = plan_with_people()
    old = feed_of(client, owner)
    new = feed_of(client, owner)
    assert old != new
    assert client.get(reverse("actionplans:calendar-feed", args=[old])).status_code == 404
    assert client.get(reverse("actionplans:calendar-feed", args=[new])).status_code == 200
    client.force_login(owner)
    client.post(reverse("actionplans:calendar-token"), {"action": "revoke"})
    assert client.get(reverse("actionplans:calendar-feed", args=[new])).status_code == 404


def test_a_deactivated_persons_feed_is_gone(client):
    _, _, owner = plan_with_people()
    token = feed_of(client, owner)
    owner.is_active = False
    owner.save()
    assert client.get(reverse("actionplans:calendar-feed", args=[token])).status_code == 404


def test_changing_the_address_needs_a_signed_in_post(client):
    url = reverse("actionplans:calendar-token")
    assert client.post(url).status_code == 302  # to sign in
    _, _, owner = plan_with_people()
    client.force_login(owner)
    assert client.get(url).status_code == 405
