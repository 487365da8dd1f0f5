"""GOV.UK Notify down for an hour, in both ways it goes down: out of reach (nothing listens) and
answering 503. The outbox holds the email, tries again less often each time without giving up,
sends it once when Notify answers again, and the lead sees on the People page what is waiting.

Notify is the fake on the loopback (tests/support/fake_notify.py), spoken to by the real client;
the hour passes on a moved clock, which the fake's token check reads too."""

import datetime as dt
import socket

import pytest
import time_machine
from django.test import Client

from outbox.services import Draft, queue_email
from tests.support.outage import (
    assert_held_with_back_off,
    assert_sent_once_after,
    sweep_for_an_hour,
    waiting_section,
)
from tests.support.reminders import plan_with_people
from tests.support.two_factor import sign_in_verified

pytestmark = pytest.mark.django_db
START = dt.datetime(2025, 10, 16, 9, 0, tzinfo=dt.UTC)


def a_closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("outage", ["out of reach", "answering 503"])
def test_it_holds_backs_off_and_sends_each_email_once(fake_notify, settings, outage):
    action, lead, owner = plan_with_people()
    partnership = action.plan.inspection.partnership
    lead_client = sign_in_verified(Client(), lead)
    if outage == "out of reach":
        settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{a_closed_port()}"
    else:
        fake_notify.answer_next(503, times=1000, message="Service temporarily unavailable")
    with time_machine.travel(START, tick=False) as clock:
        queue_email(
            Draft(subject="Your action is due", body="Due tomorrow.", kind="a/b"),
            to=owner.email,
            recipient=owner,
        )
        email = assert_held_with_back_off(sweep_for_an_hour(clock, START))
        assert fake_notify.sent == []

        shown = waiting_section(lead_client, partnership.pk)
        assert owner.email in shown
        assert f">{email.attempts}<" in shown

        # Notify is back.
        settings.NOTIFY_BASE_URL = fake_notify.base_url
        fake_notify.answer_normally()
        assert_sent_once_after(clock, email)

    assert [sent["email_address"] for sent in fake_notify.sent] == [owner.email]
    assert waiting_section(lead_client, partnership.pk) == ""
