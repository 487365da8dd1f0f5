"""Reads of the outbox for other pages: the emails that could not be delivered."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from outbox.models import Email

# Long enough to be seen by a lead who looks in weekly or so; older failures are history.
SHOWN_FOR = dt.timedelta(days=90)


def undelivered_for(addresses: Iterable[str], *, now: dt.datetime | None = None) -> QuerySet[Email]:
    """The emails to these addresses (any case) that could not be delivered — no such
    address, or refused as not a valid one — in the last 90 days, newest first. One is left out
    once a later email to the same address was delivered: the address works after all."""
    wanted = {address.lower() for address in addresses if address}
    if not wanted:
        return Email.objects.none()
    since = (now or timezone.now()) - SHOWN_FOR
    delivered_later = (
        Email.objects.annotate(to_lower=Lower("to"))
        .filter(
            to_lower=OuterRef("to_lower"),
            delivery_status=Email.DeliveryStatus.DELIVERED,
            created_at__gt=OuterRef("created_at"),
        )
        .values("pk")
    )
    return (
        Email.objects.filter(
            delivery_status__in=Email.UNDELIVERABLE_STATUSES, created_at__gte=since
        )
        .annotate(to_lower=Lower("to"))
        .filter(to_lower__in=wanted)
        .exclude(Exists(delivered_later))
        .order_by("-created_at", "-pk")
    )
