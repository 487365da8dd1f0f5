"""Sending one email once: a lease taken by a conditional UPDATE, the send (by the route the
settings choose, outbox/routes.py), the record.

A sender takes the row only if nobody sent it, gave up on it or holds it right now; a sender
killed mid-send lets its lease (`OUTBOX_CLAIM_SECONDS`) lapse, and another sends it. A failed
attempt gives the lease back at once and waits `OUTBOX_RETRY_BACKOFF_SECONDS`, twice as long
after each failure (at most 10 minutes), until `OUTBOX_MAX_ATTEMPTS`. The mail server may have
taken an email whose sender was killed before it could record that: then it goes twice, which
neither SMTP nor Notify's API can rule out; every other path sends it once. An email Notify
refuses as it is (a 4xx: an invalid address) is given up at once, with Notify's reason."""

import datetime as dt
import secrets

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from outbox import routes
from outbox.models import Email

BACKOFF_LIMIT_SECONDS = 600
# The errors of an attempt that may work later: SMTP's (and refused connections') OSErrors, and
# Notify out of reach or failing. The task retries these; the sweep sends them later.
TRY_AGAIN = (OSError, routes.SendFailed)


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    seconds = settings.OUTBOX_RETRY_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, BACKOFF_LIMIT_SECONDS))


def unsent_ids(*, now: dt.datetime | None = None) -> list[int]:
    """The emails a sender may take now, oldest first."""
    now = now or timezone.now()
    return list(
        Email.objects.filter(sent_at=None, given_up_at=None)
        .filter(attempts__lt=settings.OUTBOX_MAX_ATTEMPTS)
        .filter(Q(claimed_until=None) | Q(claimed_until__lt=now))
        .filter(Q(next_attempt_at=None) | Q(next_attempt_at__lte=now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def _take_lease(email_id: int, now: dt.datetime) -> bool:
    # A random microsecond makes this lease's end its own mark, so that a sender knows the
    # row it reads back is the one it took.
    until = now + dt.timedelta(
        seconds=settings.OUTBOX_CLAIM_SECONDS, microseconds=secrets.randbelow(1_000_000)
    )
    return bool(
        Email.objects.filter(pk=email_id, sent_at=None, given_up_at=None)
        .filter(attempts__lt=settings.OUTBOX_MAX_ATTEMPTS)
        .filter(Q(claimed_until=None) | Q(claimed_until__lt=now))
        .update(claimed_until=until, attempts=F("attempts") + 1)
    )


def deliver(*, email_id: int, now: dt.datetime | None = None) -> bool:
    """Send the email unless it was sent, given up, or is held by another sender; True if sent.

    Raises the mail server's (or Notify's) error after recording it, so that the task can retry."""
    now = now or timezone.now()
    if not _take_lease(email_id, now):
        return False
    email = Email.objects.select_related("recipient").get(pk=email_id)
    if email.recipient is not None and not email.recipient.is_active:
        Email.objects.filter(pk=email_id).update(
            given_up_at=now,
            claimed_until=None,
            body="",
            html="",
            last_error="The account it was for is deactivated.",
        )
        return False
    try:
        provider_id = routes.send(email)
    except routes.SendRefused as refused:
        Email.objects.filter(pk=email_id).update(
            given_up_at=now,
            claimed_until=None,
            body="",
            html="",
            last_error=str(refused),
            delivery_status=Email.DeliveryStatus.REFUSED,
        )
        return False
    except Exception as exc:
        failed = {
            "claimed_until": None,
            "last_error": routes.scrub(f"{type(exc).__name__}: {exc}")[:2000],
            "next_attempt_at": now + backoff(email.attempts),
        }
        if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            failed["given_up_at"] = now
        Email.objects.filter(pk=email_id).update(**failed)
        raise
    Email.objects.filter(pk=email_id).update(
        sent_at=now,
        claimed_until=None,
        body="",
        html="",
        last_error="",
        provider_id=provider_id,
        delivery_status=Email.DeliveryStatus.SENDING if provider_id else "",
    )
    return True


def send_unsent_now(*, now: dt.datetime | None = None) -> int:
    """Send, in this process, every email a sender may take (commands and tests); the count sent.
    One that fails is left for its next attempt."""
    now = now or timezone.now()
    sent = 0
    for email_id in unsent_ids(now=now):
        try:
            sent += deliver(email_id=email_id, now=now)
        except TRY_AGAIN:
            continue
    return sent
