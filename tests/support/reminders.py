"""Helpers for the reminder tests: the moments to sweep at, and what the outbox holds."""

import datetime as dt
import zoneinfo
from collections import Counter
from collections.abc import Iterator

from django.core import mail

from actionplans.reminders.delivery import deliver_reminders
from actionplans.reminders.models import Reminder
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import MembershipFactory
from tests.support.outbox import send_queued_emails

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def sent_keys() -> list[tuple]:
    return list(
        Reminder.objects.exclude(sent_at=None).values_list(
            "recipient__email", "kind", "subject_key", "due_on", "period_key"
        )
    )


def reminder_ids(message) -> list[int]:
    """The reminders an email carries (its `X-Reminder-Id` header: one id, or several)."""
    return [int(pk) for pk in message.extra_headers["X-Reminder-Id"].split(",")]


def assert_each_sent_once() -> None:
    """Every sent reminder went in exactly one email, to its recipient, and no email twice."""
    carried = Counter(pk for m in mail.outbox for pk in reminder_ids(m))
    assert max(carried.values(), default=1) == 1, [pk for pk, n in carried.items() if n > 1]
    sent = dict(Reminder.objects.exclude(sent_at=None).values_list("pk", "recipient__email"))
    assert set(carried) == set(sent)
    for message in mail.outbox:
        assert {sent[pk] for pk in reminder_ids(message)} == {message.to[0]}


def plan_with_people(**action_fields):
    """A plan in one partnership with a lead, an owner of the owning agency who leads one action."""
    action = ActionFactory(**action_fields)
    partnership = action.plan.inspection.partnership
    lead = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user
    owner = MembershipFactory(
        partnership=partnership, role=Membership.Role.OWNER, agency=action.owner_agency
    ).user
    action.lead_user = owner
    action.save()
    return action, lead, owner


def deliver_and_send(reminder_ids: list[int]) -> int:
    """Write the reminders' email to the outbox and send it, as the two tasks would: the count
    of reminders it carries."""
    written = deliver_reminders(reminder_ids=reminder_ids)
    send_queued_emails()
    return written
