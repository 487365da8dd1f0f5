"""The mail server down for an hour: the outbox holds every email, tries again less often each
time (never giving up within the hour), sends each once when a real SMTP server answers again,
and the partnership's lead sees on the People page what is waiting.

The hour passes on a moved clock (time_machine): the sweep runs every 30 seconds of it, as often
as a busy beat might, so that the back-off, not the sweep's period, sets the pace. The mail
server is a real SMTP server on the loopback (aiosmtpd); while it is down nothing listens on
its port."""

import datetime as dt
import itertools

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from outbox import sending
from outbox.models import Email
from outbox.services import Draft, queue_email
from tests.support.outside_world import FakeMailServer
from tests.support.reminders import plan_with_people
from tests.support.two_factor import sign_in_verified

pytestmark = pytest.mark.django_db
START = dt.datetime(2025, 10, 16, 9, 0, tzinfo=dt.UTC)
SWEEP = dt.timedelta(seconds=30)
HOUR = dt.timedelta(hours=1)


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


def waiting_section(client: Client, partnership_pk: int) -> str:
    page = client.get(reverse("people:people", args=[partnership_pk])).content.decode()
    _, found, rest = page.partition("Emails waiting to be sent")
    return found + rest.split("</table>")[0] if found else ""


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
        attempted_at = []
        moment = START
        while moment < START + HOUR:
            before = Email.objects.get().attempts
            assert sending.send_unsent_now() == 0
            if Email.objects.get().attempts > before:
                attempted_at.append(moment)
            moment += SWEEP
            clock.move_to(moment)

        email = Email.objects.get()
        assert email.sent_at is None  # still held, not given up
        assert email.given_up_at is None
        assert email.last_error  # what the mail server said, for the admin
        gaps = [b - a for a, b in itertools.pairwise(attempted_at)]
        assert gaps == sorted(gaps)  # each wait at least as long as the one before
        assert gaps[-1] >= dt.timedelta(minutes=10)  # up to the back-off's limit
        assert len(attempted_at) < 20  # 120 sweeps, far fewer attempts, never given up

        shown = waiting_section(lead_client, partnership.pk)
        assert owner.email in shown
        assert f">{email.attempts}<" in shown

        mail_server.__enter__()  # the mail server is back
        clock.move_to(email.next_attempt_at)
        assert sending.send_unsent_now() == 1
        for _ in range(3):  # the next sweeps, and the task the send had queued, find nothing
            clock.shift(SWEEP)
            assert sending.send_unsent_now() == 0
            assert sending.deliver(email_id=email.pk) is False

    assert len(mail_server.received) == 1
    assert mail_server.received[0]["To"] == owner.email
    assert Email.objects.get().sent_at is not None
    assert waiting_section(lead_client, partnership.pk) == ""
