"""What became of the emails GOV.UK Notify took: asked of Notify, a few minutes after and until
it says something final, for a week at most (Notify keeps its records for seven days).

A permanent failure (no such address) is what a lead can act on: `outbox.selectors` finds them
for the People page. SMTP's emails have no status to read back: the server says nothing after it
takes one."""

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone

from outbox import routes
from outbox.models import Email

log = logging.getLogger(__name__)

CHECK_FOR = dt.timedelta(days=7)
# Notify's words for "not yet": each becomes "sending" here.
_NOT_YET = {"created", "sending", "pending"}


def unsettled_ids(*, now: dt.datetime | None = None) -> list[int]:
    """Notify's emails of the last week whose status is not final, the least recently asked
    first."""
    now = now or timezone.now()
    return list(
        Email.objects.exclude(provider_id="")
        .filter(sent_at__gte=now - CHECK_FOR)
        .exclude(delivery_status__in=Email.FINAL_STATUSES)
        .order_by("status_checked_at", "sent_at", "pk")
        .values_list("pk", flat=True)
    )


def record_status(*, email_id: int, status: str, now: dt.datetime) -> None:
    if status in _NOT_YET or status not in Email.DeliveryStatus.values:
        status = Email.DeliveryStatus.SENDING
    Email.objects.filter(pk=email_id).update(delivery_status=status, status_checked_at=now)


def check_delivery_statuses(*, now: dt.datetime | None = None) -> int:
    """Ask Notify about each unsettled email and record its answer; the count asked. One
    Notify cannot answer for now is asked again at the next run."""
    now = now or timezone.now()
    if not settings.NOTIFY_API_KEY:
        return 0
    asked = 0
    for email_id, provider_id in Email.objects.filter(pk__in=unsettled_ids(now=now)).values_list(
        "pk", "provider_id"
    ):
        try:
            status = routes.notification_status(provider_id)
        except routes.SendFailed as failed:
            log.warning("Could not read the status of email %s: %s", email_id, failed)
            continue
        record_status(email_id=email_id, status=status, now=now)
        asked += 1
    return asked
