"""Through Notify, the outbox keeps its lease and back-off: a 5xx or no answer at all is a failed
attempt, tried again later each time, and the email goes once; a 4xx is given up at once with
Notify's reason."""

import datetime as dt

import pytest
from django.core import mail

from outbox import routes, sending
from outbox.models import Email
from outbox.services import Draft, queue_email
from outbox.tasks import send_email

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 10, 16, 9, 0, tzinfo=dt.UTC)


def an_email() -> Email:
    draft = Draft(subject="You are invited", body="Open https://example.test/key", kind="a/b")
    return queue_email(draft, to="someone@example.test")


def test_it_retries_a_5xx_later_each_time_then_sends_once(fake_notify, settings):
    settings.OUTBOX_RETRY_BACKOFF_SECONDS = 5
    fake_notify.answer_next(500, times=2)
    email = an_email()
    moment, waits = NOW, []
    for _ in range(2):
        with pytest.raises(routes.SendFailed, match="500 from Notify"):
            sending.deliver(email_id=email.pk, now=moment)
        email.refresh_from_db()
        assert email.claimed_until is None
        assert email.sent_at is None
        assert email.given_up_at is None
        assert email.body  # kept for the next attempt
        assert email.next_attempt_at is not None
        waits.append((email.next_attempt_at - moment).total_seconds())
        # Not taken by the sweep before its time.
        assert sending.unsent_ids(now=email.next_attempt_at - dt.timedelta(seconds=1)) == []
        moment = email.next_attempt_at
    assert waits == [5, 10]
    assert sending.send_unsent_now(now=moment) == 1
    assert sending.send_unsent_now(now=moment + dt.timedelta(hours=1)) == 0
    assert len(fake_notify.sent) == 1
    email.refresh_from_db()
    assert (email.attempts, email.last_error, email.body) == (3, "", "")
    assert email.provider_id in fake_notify.notifications
    assert mail.outbox == []  # not by SMTP as well


def test_it_retries_when_notify_is_out_of_reach(fake_notify, settings):
    fake_notify.stop()
    email = an_email()
    with pytest.raises(routes.SendFailed, match="503 from Notify"):
        sending.deliver(email_id=email.pk, now=NOW)
    email.refresh_from_db()
    assert email.state == "waiting"
    assert email.next_attempt_at is not None


def test_it_retries_a_rate_limit(fake_notify):
    fake_notify.answer_next(429, message="Exceeded rate limit for key type LIVE of 3000 requests")
    email = an_email()
    assert sending.send_unsent_now(now=NOW) == 0
    email.refresh_from_db()
    assert email.state == "waiting"
    assert "429 from Notify: Exceeded rate limit" in email.last_error


def test_it_gives_up_at_once_on_a_400_with_notifys_reason(fake_notify):
    email = queue_email(Draft(subject="Hello", body="Text", kind="a/b"), to="not-an-address")
    assert sending.deliver(email_id=email.pk, now=NOW) is False
    email.refresh_from_db()
    assert email.state == "given up"
    assert email.attempts == 1
    assert email.last_error == "400 from Notify: email_address Not a valid email address"
    assert email.delivery_status == Email.DeliveryStatus.REFUSED
    assert (email.body, email.html) == ("", "")
    assert sending.send_unsent_now(now=NOW + dt.timedelta(hours=1)) == 0
    assert fake_notify.sent == []


def test_the_task_retries_a_5xx_until_it_is_sent(fake_notify):
    # Run in this process: Celery applies each retry at once, the countdown aside.
    fake_notify.answer_next(502, times=2)
    email = an_email()
    assert send_email.apply(args=(email.pk,)).get() == 1
    assert len(fake_notify.sent) == 1
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("sent", 3)
