"""The Notify API key is written nowhere: not in a log line (the client's own included), not in
an error the outbox records or raises, whatever Notify answers."""

import datetime as dt
import logging

import pytest

from outbox import routes, sending, statuses
from outbox.models import Email
from outbox.services import Draft, queue_email
from tests.support.fake_notify import API_KEY, SECRET, SERVICE_ID

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 10, 16, 9, 0, tzinfo=dt.UTC)


def an_email(to: str = "someone@example.test") -> Email:
    return queue_email(Draft(subject="Hello", body="Text", kind="a/b"), to=to)


def test_it_never_writes_the_key_whatever_notify_answers(fake_notify, caplog):
    raised: list[str] = []
    with caplog.at_level(logging.DEBUG):
        fake_notify.answer_next(500)
        failing = an_email()
        with pytest.raises(routes.SendFailed) as failed:
            sending.deliver(email_id=failing.pk, now=NOW)
        raised.append(repr(failed.value))
        refused = an_email(to="no-at-sign")
        sending.deliver(email_id=refused.pk, now=NOW)
        sent = an_email()
        sending.deliver(email_id=sent.pk, now=NOW)
        fake_notify.answer_next(500)
        statuses.check_delivery_statuses(now=NOW)
        # A key Notify does not know: refused with its reason, still without the key.
        fake_notify.secret = "0" * 36
        wrong = an_email()
        with pytest.raises(routes.SendFailed) as failed:
            sending.deliver(email_id=wrong.pk, now=NOW)
        raised.append(repr(failed.value))
    errors = list(Email.objects.values_list("last_error", flat=True))
    assert any("500 from Notify" in e for e in errors)
    assert any("email_address Not a valid email address" in e for e in errors)
    assert "Could not read the status" in caplog.text
    assert "API POST request" in caplog.text  # the client's own lines were heard
    for text in [caplog.text, *errors, *raised]:
        assert API_KEY not in text
        assert SECRET not in text
        assert "Bearer" not in text or "Bearer [token]" in text
    assert SERVICE_ID not in "".join(errors)


def test_it_scrubs_the_key_from_any_text(fake_notify):
    text = f"failed with {API_KEY} and {SECRET}; Authorization: Bearer eyJhbGciOi.abc.def"
    assert routes.scrub(text) == (
        "failed with [NOTIFY_API_KEY] and [NOTIFY_API_KEY]; Authorization: Bearer [token]"
    )
