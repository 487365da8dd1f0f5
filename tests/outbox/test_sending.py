"""The outbox: an email is written with its change, sent once, retried later each time, given up
on at the limit, and never sent to a deactivated account; its bodies are blanked once sent."""

import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections, transaction

from outbox import sending
from outbox.models import Email
from outbox.services import Draft, queue_email
from tests.agencies.factories import UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 10, 16, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def failing_mail_server(settings):
    """An SMTP server that refuses the connection: nothing listens on this port."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }


def an_email(**fields) -> Email:
    draft = Draft(subject="You are invited", body="Open https://example.test/key", html="<p>Hi</p>")
    return queue_email(draft, to="someone@example.test", headers={"X-Test": "1"}, **fields)


def test_an_email_is_sent_once_with_its_parts_and_then_kept_without_its_bodies():
    email = an_email()
    assert sending.deliver(email_id=email.pk) is True
    assert sending.deliver(email_id=email.pk) is False
    [message] = mail.outbox
    assert message.to == ["someone@example.test"]
    assert message.subject == "You are invited"
    assert message.body == "Open https://example.test/key"
    assert message.alternatives[0].content == "<p>Hi</p>"
    assert message.extra_headers["X-Test"] == "1"
    email.refresh_from_db()
    assert email.state == "sent"
    assert (email.body, email.html, email.subject) == ("", "", "You are invited")


def test_an_email_held_by_another_sender_waits_for_its_lease_to_lapse(settings):
    email = an_email()
    Email.objects.filter(pk=email.pk).update(claimed_until=NOW + dt.timedelta(seconds=30))
    with time_machine.travel(NOW, tick=False):
        assert sending.deliver(email_id=email.pk) is False
        assert sending.unsent_ids() == []
    with time_machine.travel(NOW + dt.timedelta(seconds=31), tick=False):
        assert sending.unsent_ids() == [email.pk]
        assert sending.send_unsent_now() == 1
    assert len(mail.outbox) == 1


def test_a_failed_send_is_retried_later_each_time_then_given_up(failing_mail_server, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_BACKOFF_SECONDS = 5
    email = an_email()
    waits = []
    moment = NOW
    for _ in range(3):
        with time_machine.travel(moment, tick=False), pytest.raises(ConnectionRefusedError):
            sending.deliver(email_id=email.pk)
        email.refresh_from_db()
        assert email.claimed_until is None  # given back at once, not after the lease
        assert "ConnectionRefusedError" in email.last_error
        assert email.next_attempt_at is not None
        waits.append((email.next_attempt_at - moment).total_seconds())
        moment = email.next_attempt_at
    assert waits == [5, 10, 20]
    assert email.attempts == 3
    assert email.state == "given up"
    with time_machine.travel(moment + dt.timedelta(hours=1), tick=False):
        assert sending.unsent_ids() == []
        assert sending.deliver(email_id=email.pk) is False


def test_nothing_goes_to_an_account_deactivated_before_the_send():
    person = UserFactory(email="someone@example.test")
    email = an_email(recipient=person)
    person.is_active = False
    person.save()
    assert sending.deliver(email_id=email.pk) is False
    assert mail.outbox == []
    email.refresh_from_db()
    assert email.state == "given up"
    assert email.body == ""


def test_an_email_of_a_change_rolled_back_is_never_written():
    def change_that_fails() -> None:
        with transaction.atomic():
            an_email()
            raise RuntimeError("the change fails")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not Email.objects.exists()


def test_its_send_is_queued_only_when_the_change_commits(django_capture_on_commit_callbacks):
    from config.celery import app

    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            an_email()
            assert mail.outbox == []
    finally:
        app.conf.task_always_eager = False
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_the_same_moment_send_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent senders need PostgreSQL (DATABASE_URL)")
    email = an_email()
    start = threading.Barrier(2)
    results: list[bool] = []

    def sender() -> None:
        try:
            start.wait()
            results.append(sending.deliver(email_id=email.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
