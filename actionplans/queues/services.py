"""Moving a person's "since you last looked" forward."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from actionplans.queues.models import QueueVisit
from agencies.models import User

# Away longer than this (the idle session timeout), and the next look is a new visit.
VISIT_GAP = dt.timedelta(minutes=30)
# A person's first look shows what changed in the last two weeks.
FIRST_LOOK = dt.timedelta(days=14)


@transaction.atomic
def record_look(*, user: User, now: dt.datetime | None = None) -> dt.datetime:
    """The person looks at their queue now: the moment from which changes are new to them."""
    now = now or timezone.now()
    visit = QueueVisit.objects.select_for_update().filter(user=user).first()
    if visit is None:
        QueueVisit.objects.create(user=user, since=now - FIRST_LOOK, viewed_at=now)
        return now - FIRST_LOOK
    if now - visit.viewed_at > VISIT_GAP:
        visit.since = visit.viewed_at
    visit.viewed_at = now
    visit.save(update_fields=["since", "viewed_at"])
    return visit.since


@transaction.atomic
def mark_all_seen(*, user: User, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    QueueVisit.objects.update_or_create(user=user, defaults={"since": now, "viewed_at": now})
