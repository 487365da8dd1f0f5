"""Two plans of one partnership, each with an action 2.1: reminders name the action's plan."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from actionplans.reminders.delivery import send_due_reminders_now
from tests.support.reminders import at
from tests.support.two_plans import build_two_plans

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 12, 7)


def test_a_reminder_names_the_plan_in_its_subject_and_body():
    world = build_two_plans(older_due=dt.date(2027, 3, 1), newer_due=MONDAY + dt.timedelta(days=7))
    with time_machine.travel(at(MONDAY, 6), tick=False):  # before the digest hour
        send_due_reminders_now()
    [email] = [m for m in mail.outbox if m.to == [world.owner.email]]
    assert "Neglect 2026" in email.subject
    (html, _), *_ = email.alternatives
    for part in (email.body, html):
        assert "Neglect 2026" in part
        assert "JTAI 2025" not in part


def test_the_weekly_digest_names_the_plan_of_each_action():
    world = build_two_plans(older_due=MONDAY - dt.timedelta(days=3), newer_due=MONDAY)
    with time_machine.travel(at(MONDAY, 8), tick=False):
        send_due_reminders_now()
    bodies = " ".join(m.body for m in mail.outbox if m.to == [world.owner.email])
    assert "2.1 Extend notifications to early years settings (JTAI 2025" in bodies
    assert "2.1 Extend notifications to early years settings (Neglect 2026" in bodies
