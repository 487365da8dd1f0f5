"""The mail server down for an hour: the outbox holds every email, tries again less often each
time (never giving up within the hour), sends each once when a real SMTP server answers again,
and the partnership's lead sees on the People page what is waiting.

The hour passes on a moved clock (time_machine, tests/support/outage.py). The mail server is a
real SMTP server on the loopback (aiosmtpd); while it is down nothing listens on its port."""

import datetime as dt

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
from tests.support.outside_world import FakeMailServer
from tests.support.reminders import plan_with_people
from tests.support.two_factor import sign_in_verified

pytestmark = pytest.mark.django_db
START = dt.datetime(2025, 10, 16, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def mail_server(settings):
    server = FakeMailServer()  # not started yet: its port is closed
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    yield server
    if server.controller.loop.is_running():
        server.__exit__()


def test_it_holds_backs_off_and_sends_each_email_once(mail_server):
    action, lead, owner = plan_with_people()
    partnership = action.plan.inspection.partnership
    lead_client = sign_in_verified(Client(), lead)
    with time_machine.travel(START, tick=False) as clock:
        queue_email(
            Draft(subject="Your action is due", body="Due tomorrow."),
            to=owner.email,
            recipient=owner,
        )
        email = assert_held_with_back_off(sweep_for_an_hour(clock, START))

        shown = waiting_section(lead_client, partnership.pk)
        assert owner.email in shown
        assert f">{email.attempts}<" in shown

        mail_server.__enter__()  # the mail server is back
        assert_sent_once_after(clock, email)

    assert len(mail_server.received) == 1
    assert mail_server.received[0]["To"] == owner.email
    assert waiting_section(lead_client, partnership.pk) == ""
