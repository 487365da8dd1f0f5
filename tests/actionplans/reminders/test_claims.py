"""A reminder is claimed once, sent once; a failed send stays claimed and is retried."""

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail

from actionplans.reminders.delivery import (
    claim_due_reminders,
    deliver_reminder,
    send_due_reminders_now,
)
from actionplans.reminders.models import Reminder
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


def test_a_failed_send_is_kept_and_retried_later(failing_mail_server, settings):
    plan_with_people(due_date=dt.date(2025, 10, 17))
    with time_machine.travel(at(DAY), tick=False):
        assert send_due_reminders_now() == 0
    waiting = Reminder.objects.filter(sent_at=None, cancelled_at=None)
    assert waiting.exists()
    assert all(r.attempts == 1 and "ConnectionRefusedError" in r.last_error for r in waiting)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with time_machine.travel(at(DAY, 9, 15), tick=False):
        expected = waiting.count()
        assert send_due_reminders_now() == expected
    assert Reminder.objects.filter(sent_at=None).count() == 0
    assert_each_sent_once()


def test_a_reminder_held_by_another_sender_is_not_sent_again():
    plan_with_people(due_date=dt.date(2025, 10, 17))
    with time_machine.travel(at(DAY), tick=False):
        reminder_id = claim_due_reminders()[0]
        Reminder.objects.filter(pk=reminder_id).update(claimed_until=at(DAY, 9, 5))
        assert deliver_reminder(reminder_id=reminder_id) is False
    # The other sender died: once its lease lapses, the reminder is sent, once.
    with time_machine.travel(at(DAY, 9, 6), tick=False):
        assert deliver_reminder(reminder_id=reminder_id) is True
        assert deliver_reminder(reminder_id=reminder_id) is False
    assert len(mail.outbox) == 1


def test_a_sent_reminder_is_never_sent_again():
    plan_with_people(due_date=dt.date(2025, 10, 17))
    with time_machine.travel(at(DAY), tick=False):
        send_due_reminders_now()
        sent = list(Reminder.objects.exclude(sent_at=None).values_list("pk", flat=True))
        assert sent
        assert not any(deliver_reminder(reminder_id=pk) for pk in sent)


def test_the_mail_servers_error_is_raised_for_the_task_to_retry(failing_mail_server):
    plan_with_people(due_date=dt.date(2025, 10, 17))
    with time_machine.travel(at(DAY), tick=False):
        reminder_id = claim_due_reminders()[0]
        with pytest.raises(ConnectionRefusedError):
            deliver_reminder(reminder_id=reminder_id)
    reminder = Reminder.objects.get(pk=reminder_id)
    assert reminder.claimed_until is None  # given back at once, not after the lease
    assert issubclass(smtplib.SMTPException, OSError)  # what the task's autoretry relies on
