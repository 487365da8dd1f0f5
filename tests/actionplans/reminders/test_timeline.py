"""Travelling through September and October 2025 on the Southampton demo."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from actionplans.plans.models import Action
from actionplans.reminders.delivery import send_due_reminders_now
from actionplans.reminders.models import Reminder
from agencies.models import Membership
from demo.loader import load_demo
from tests.agencies.factories import AgencyFactory, MembershipFactory, PartnershipFactory
from tests.support.reminders import assert_each_sent_once, at, days, sent_keys

pytestmark = pytest.mark.django_db
DEADLINE = dt.date(2025, 10, 24)


def live_through(first: dt.date, last: dt.date, hours=(0, 9, 17, 23)) -> None:
    """Each day: the plan as it stood that day, then sweeps at several hours."""
    for day in days(first, last):
        load_demo(today=day)
        for hour in hours:
            with time_machine.travel(at(day, hour), tick=False):
                send_due_reminders_now()


@pytest.fixture
def outsider():
    """A lead of another partnership, who may not see Southampton's plan."""
    other = PartnershipFactory()
    return MembershipFactory(partnership=other, role=Membership.Role.LEAD).user


def test_every_due_reminder_is_sent_once_and_only_once(outsider):
    live_through(dt.date(2025, 9, 1), dt.date(2025, 10, 31))

    assert_each_sent_once()
    keys = sent_keys()
    assert len(keys) == len(set(keys))
    # The submission deadline: 28, 14, 7 and 3 days before, to the lead; the plan was submitted
    # on 23 October, so the 1-day and on-the-day reminders are not sent.
    deadline = sorted(
        (k[3], k[4]) for k in keys if k[1] == "deadline" and k[0] == "lead@southampton.example"
    )
    assert deadline == [(DEADLINE, "14"), (DEADLINE, "28"), (DEADLINE, "3"), (DEADLINE, "7")]
    # Action 2.1 (health, due 10 October, signed off 15 October): 14, 7, 1 and 0 days before,
    # one overdue week, and no escalation to the lead since it was complete within a week.
    action = Action.objects.get(reference="2.1")
    about = sorted(
        (k[0], k[1], k[4]) for k in keys if k[2] == f"action:{action.pk}" and k[1] != "stale"
    )
    assert about == [
        ("health@southampton.example", "action-due", "0"),
        ("health@southampton.example", "action-due", "1"),
        ("health@southampton.example", "action-due", "14"),
        ("health@southampton.example", "action-due", "7"),
        ("health@southampton.example", "overdue", "week-0"),
    ]


def test_no_reminder_about_an_action_after_it_is_complete():
    live_through(dt.date(2025, 9, 1), dt.date(2025, 10, 31), hours=(9,))

    for reminder in Reminder.objects.exclude(sent_at=None).exclude(action=None):
        action = reminder.action
        if action.signed_off_at is not None:
            assert reminder.sent_at is not None
            assert reminder.sent_at < action.signed_off_at, reminder


def test_nobody_who_may_not_see_the_plan_is_reminded(outsider):
    load_demo(today=dt.date(2025, 9, 1))
    # A deactivated owner of the police, and a police owner in another partnership.
    police = Action.objects.get(reference="1.5").owner_agency
    gone = MembershipFactory(
        partnership=Membership.objects.get(user__email="police@southampton.example").partnership,
        role=Membership.Role.OWNER,
        agency=police,
    ).user
    gone.is_active = False
    gone.save()
    elsewhere = MembershipFactory(
        partnership=PartnershipFactory(), role=Membership.Role.OWNER, agency=police
    ).user
    AgencyFactory()  # an unrelated agency with nobody in the plan

    live_through(dt.date(2025, 9, 1), dt.date(2025, 10, 31), hours=(9,))

    recipients = {m.to[0] for m in mail.outbox}
    assert recipients
    assert not recipients & {outsider.email, gone.email, elsewhere.email}
    assert "manager@southampton.example" not in recipients  # read-only: not an owner or lead
