"""What became of each email Notify took is read back until it is final, for a week at most;
SMTP's emails are never asked about."""

import datetime as dt

import pytest
from django.conf import settings as django_settings

from outbox import sending, statuses
from outbox.models import Email
from outbox.services import Draft, queue_email

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 10, 16, 9, 0, tzinfo=dt.UTC)


def a_sent_email(now: dt.datetime = NOW) -> Email:
    email = queue_email(Draft(subject="Hello", body="Text", kind="a/b"), to="jo@example.test")
    assert sending.deliver(email_id=email.pk, now=now) is True
    email.refresh_from_db()
    return email


def gets(fake) -> int:
    return sum(1 for method, _ in fake.requests if method == "GET")


def test_it_records_what_became_of_an_email_and_stops_asking_once_final(fake_notify):
    email = a_sent_email()
    later = NOW + dt.timedelta(minutes=10)
    assert statuses.check_delivery_statuses(now=later) == 1
    email.refresh_from_db()
    assert email.delivery_status == Email.DeliveryStatus.SENDING  # Notify's "created"
    assert email.status_checked_at == later

    fake_notify.set_status(email.provider_id, "delivered")
    assert statuses.check_delivery_statuses(now=later + dt.timedelta(minutes=10)) == 1
    email.refresh_from_db()
    assert email.delivery_status == Email.DeliveryStatus.DELIVERED
    asked = gets(fake_notify)
    assert statuses.check_delivery_statuses(now=later + dt.timedelta(minutes=20)) == 0
    assert gets(fake_notify) == asked


def test_it_records_a_permanent_failure(fake_notify):
    email = a_sent_email()
    fake_notify.set_status(email.provider_id, "permanent-failure")
    statuses.check_delivery_statuses(now=NOW + dt.timedelta(minutes=10))
    email.refresh_from_db()
    assert email.delivery_status == Email.DeliveryStatus.PERMANENT_FAILURE


def test_it_asks_for_a_week_only(fake_notify):
    a_sent_email()
    assert statuses.check_delivery_statuses(now=NOW + dt.timedelta(days=7, minutes=1)) == 0
    assert gets(fake_notify) == 0


def test_it_asks_again_when_notify_could_not_answer(fake_notify):
    email = a_sent_email()
    fake_notify.answer_next(503)
    assert statuses.check_delivery_statuses(now=NOW + dt.timedelta(minutes=10)) == 0
    fake_notify.set_status(email.provider_id, "delivered")
    assert statuses.check_delivery_statuses(now=NOW + dt.timedelta(minutes=20)) == 1


def test_it_never_asks_about_smtps_emails(settings, mailoutbox):
    assert django_settings.EMAIL_ROUTE == "smtp"  # the default
    settings.NOTIFY_API_KEY = "set-but-unused"
    email = a_sent_email()
    assert len(mailoutbox) == 1
    assert (email.provider_id, email.delivery_status) == ("", "")
    assert statuses.check_delivery_statuses(now=NOW + dt.timedelta(minutes=10)) == 0


def test_the_read_back_runs_on_the_beat():
    from config.celery import app

    schedules = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "outbox.tasks.check_delivery_statuses" in schedules
