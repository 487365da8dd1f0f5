"""An hour with the email route down, on a moved clock: the outbox's sweep runs every 30 seconds
of it (as often as a busy beat might), so that the back-off, not the sweep's period, sets the
pace; and what the partnership's lead reads on the People page meanwhile."""

import datetime as dt
import itertools

from django.test import Client
from django.urls import reverse

from outbox import sending
from outbox.models import Email

SWEEP = dt.timedelta(seconds=30)
HOUR = dt.timedelta(hours=1)


def sweep_for_an_hour(clock, start: dt.datetime) -> list[dt.datetime]:  # type: ignore[no-untyped-def]
    """Sweep the outbox every 30 seconds for an hour from `start` while the one email in it
    cannot go; the moments it was tried."""
    attempted_at = []
    moment = start
    while moment < start + HOUR:
        before = Email.objects.get().attempts
        assert sending.send_unsent_now() == 0
        if Email.objects.get().attempts > before:
            attempted_at.append(moment)
        moment += SWEEP
        clock.move_to(moment)
    return attempted_at


def assert_held_with_back_off(attempted_at: list[dt.datetime]) -> Email:
    """Still waiting after the hour, not given up, each wait at least as long as the last."""
    email = Email.objects.get()
    assert email.sent_at is None
    assert email.given_up_at is None
    assert email.last_error  # what the route said, for the admin
    gaps = [b - a for a, b in itertools.pairwise(attempted_at)]
    assert gaps == sorted(gaps)
    assert gaps[-1] >= dt.timedelta(minutes=10)  # up to the back-off's limit
    assert len(attempted_at) < 20  # 120 sweeps, far fewer attempts
    return email


def assert_sent_once_after(clock, email: Email) -> None:  # type: ignore[no-untyped-def]
    """The route is back: the next attempt sends it, and later sweeps (and the task the send had
    queued) find nothing more to send."""
    clock.move_to(email.next_attempt_at)
    assert sending.send_unsent_now() == 1
    for _ in range(3):
        clock.shift(SWEEP)
        assert sending.send_unsent_now() == 0
        assert sending.deliver(email_id=email.pk) is False
    assert Email.objects.get().sent_at is not None


def waiting_section(client: Client, partnership_pk: int) -> str:
    page = client.get(reverse("people:people", args=[partnership_pk])).content.decode()
    _, found, rest = page.partition("Emails waiting to be sent")
    return found + rest.split("</table>")[0] if found else ""
