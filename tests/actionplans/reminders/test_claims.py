"""A reminder is claimed once and written to the outbox once; a failed send stays in the outbox
and is retried there, without writing the reminder again."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from actionplans.reminders.delivery import (
    claim_due_reminders,
    deliver_reminders,
    send_due_reminders_now,
)
from actionplans.reminders.models import Reminder
from outbox.models import Email
from tests.support.outbox import send_queued_emails
from tests.support.reminders import assert_each_sent_once, at, plan_with_people

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 10, 16)  # the day before the action is due


@pytest.fixture
def failing_mail_server(settings):
    """An SMTP server that refuses the connection: nothing listens on this port."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }


def test_a_second_sweep_sends_nothing_new():
    plan_with_people(due_date=dt.date(2025, 10, 17))
    with time_machine.travel(at(DAY), tick=False):
        first = send_due_reminders_now()
        second = send_due_reminders_now()
    assert first > 0
    assert second == 0
    assert_each_sent_once()


def test_a_failed_send_stays_in_the_outbox_and_is_retried_later(failing_mail_server, settings):
    plan_with_people(due_date=dt.date(2025, 10, 17))
    with time_machine.travel(at(DAY), tick=False):
        written = send_due_reminders_now()
    assert written > 0
    assert mail.outbox == []
    waiting = Email.objects.filter(sent_at=None)
    assert waiting.exists()
    assert all(e.attempts == 1 and "ConnectionRefusedError" in e.last_error for e in waiting)
    # Every reminder is written once, into exactly one of the waiting emails.
    assert set(Reminder.objects.values_list("email", flat=True)) <= set(
        waiting.values_list("pk", flat=True)
    )
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with time_machine.travel(at(DAY) + dt.timedelta(seconds=2), tick=False):
        assert send_queued_emails() == 0  # not tried again before its retry is due
    expected = waiting.count()
    with time_machine.travel(at(DAY, 9, 15), tick=False):
        assert send_due_reminders_now() == 0  # nothing new to write; what waits is sent
    assert len(mail.outbox) == expected
    assert Email.objects.filter(sent_at=None).count() == 0
    assert_each_sent_once()


def test_reminders_held_by_another_sender_are_not_written_again():
    plan_with_people(due_date=dt.date(2025, 10, 17))
    with time_machine.travel(at(DAY), tick=False):
        reminder_id = claim_due_reminders()[0]
        Reminder.objects.filter(pk=reminder_id).update(claimed_until=at(DAY, 9, 5))
        assert deliver_reminders(reminder_ids=[reminder_id]) == 0
    # The other sender died: once its lease lapses, the reminder is written, once.
    with time_machine.travel(at(DAY, 9, 6), tick=False):
        assert deliver_reminders(reminder_ids=[reminder_id]) == 1
        assert deliver_reminders(reminder_ids=[reminder_id]) == 0
    assert Email.objects.count() == 1
    assert send_queued_emails() == 1
    assert len(mail.outbox) == 1


def test_a_written_reminder_is_never_written_again():
    plan_with_people(due_date=dt.date(2025, 10, 17))
    with time_machine.travel(at(DAY), tick=False):
        send_due_reminders_now()
        sent = list(Reminder.objects.exclude(sent_at=None).values_list("pk", flat=True))
        assert sent
        emails = Email.objects.count()
        assert deliver_reminders(reminder_ids=sent) == 0
        assert Email.objects.count() == emails
