"""Submission-deadline reminders follow the inspection's effective deadline."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from actionplans.reminders.delivery import send_due_reminders_now
from actionplans.reminders.models import Reminder
from tests.support.reminders import at, plan_with_people

pytestmark = pytest.mark.django_db


def deadline_reminders() -> list[tuple[str, dt.date, str]]:
    return sorted(
        Reminder.objects.filter(kind=Reminder.Kind.DEADLINE)
        .exclude(sent_at=None)
        .values_list("recipient__email", "due_on", "period_key")
    )


def test_a_deadline_counted_in_working_days_is_reminded():
    action, lead, owner = plan_with_people(due_date=dt.date(2025, 12, 19), success_measure="")
    inspection = action.plan.inspection
    inspection.submission_deadline = None
    inspection.deadline_working_days = 70  # 70 working days after 17 July 2025: 24 October
    inspection.save()
    with time_machine.travel(at(dt.date(2025, 10, 10)), tick=False):
        send_due_reminders_now()
    assert deadline_reminders() == sorted(
        [(lead.email, dt.date(2025, 10, 24), "14"), (owner.email, dt.date(2025, 10, 24), "14")]
    )
    to_owner = next(m for m in mail.outbox if m.to == [owner.email])
    # What the submission still needs from the owner's agency.
    assert f"Action {action.reference} has no success measure" in to_owner.body


def test_the_letters_stated_deadline_wins_over_the_computed_one():
    action, lead, _ = plan_with_people(due_date=dt.date(2025, 12, 19))
    inspection = action.plan.inspection
    inspection.submission_deadline = dt.date(2025, 10, 31)
    inspection.deadline_working_days = 70
    inspection.save()
    with time_machine.travel(at(dt.date(2025, 10, 24)), tick=False):
        send_due_reminders_now()
    assert (lead.email, dt.date(2025, 10, 31), "7") in deadline_reminders()


def test_an_owner_whose_actions_lack_nothing_for_the_submission_is_not_reminded():
    # Due in 2028 and still open: nothing the submission needs from its owner.
    action, lead, _ = plan_with_people(due_date=dt.date(2028, 3, 31))
    with time_machine.travel(at(dt.date(2025, 10, 10)), tick=False):
        send_due_reminders_now()
    assert [r[0] for r in deadline_reminders()] == [lead.email]
    to_lead = next(m.body for m in mail.outbox if m.to == [lead.email])
    assert action.title not in to_lead
