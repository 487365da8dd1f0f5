"""Six weeks of sweeps, every quarter of an hour as beat runs them, checked day by day against
the rules in `actionplans/reminders/rules.py`.

Monday 29 September to Sunday 9 November 2025, with: the submission deadline (Friday 24 October,
the plan submitted on the 22nd), a revised due date, an owner change, a completion, a day with no
sweep at all (Monday 13 October), and the clocks going back (Sunday 26 October, BST to GMT).
"""

import datetime as dt
from collections import defaultdict

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from actionplans.plans.models import ActionPlan
from actionplans.reminders.delivery import send_due_reminders_now
from actionplans.reminders.models import Reminder
from agencies.models import Membership
from outbox.services import SUBJECT_MAX
from tests.actionplans.factories import ActionFactory, ActionPlanFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory
from tests.support.reminders import LONDON, assert_each_sent_once, days, reminder_ids

pytestmark = pytest.mark.django_db
FIRST, LAST = dt.date(2025, 9, 29), dt.date(2025, 11, 9)
OUTAGE = dt.date(2025, 10, 13)
D = dt.date


def quarter_hours(day: dt.date):
    """Beat's `crontab(minute="*/15")` for one London day: 92, 96 or 100 runs (clock changes)."""
    moment = dt.datetime.combine(day, dt.time(), tzinfo=LONDON).astimezone(dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=LONDON)
    while moment < end:
        yield moment
        moment += dt.timedelta(minutes=15)


@pytest.fixture
def world():
    plan = ActionPlanFactory(inspection__submission_deadline=D(2025, 10, 24))
    partnership = plan.inspection.partnership
    police, health = AgencyFactory(short_name="Police"), AgencyFactory(short_name="Health")
    people = {
        "lead": MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user,
        "police": MembershipFactory(
            partnership=partnership, role=Membership.Role.OWNER, agency=police
        ).user,
        "health": MembershipFactory(
            partnership=partnership, role=Membership.Role.OWNER, agency=health
        ).user,
    }
    # A: police, due Friday 3 October; revised on the 13th to the 20th; complete on 3 November.
    a = ActionFactory(
        plan=plan, reference="1.1", owner_agency=police, start_date=FIRST, due_date=D(2025, 10, 3)
    )
    # B: health, due Friday 10 October, with no success measure (a readiness gap); given to the
    # police on 17 October; never complete.
    b = ActionFactory(
        plan=plan,
        reference="2.1",
        owner_agency=health,
        start_date=FIRST,
        due_date=D(2025, 10, 10),
        success_measure="",
    )

    def revise_a():
        a.revised_due_date, a.revised_reason = D(2025, 10, 20), "The audit team was redeployed."
        a.save()

    def give_b_to_police():
        b.owner_agency = police
        b.save()

    def submit():
        ActionPlan.objects.filter(pk=plan.pk).update(
            status=ActionPlan.Status.SUBMITTED, submitted_at=timezone.now()
        )

    def complete_a():
        a.status = a.Status.COMPLETE
        a.signed_off_at = timezone.now()
        a.save()

    # What happens at noon on these days, between the sweeps.
    events = {
        OUTAGE: revise_a,
        D(2025, 10, 17): give_b_to_police,
        D(2025, 10, 22): submit,
        D(2025, 11, 3): complete_a,
    }
    return people, events


def reminders_by_day(people) -> dict[dt.date, set[tuple[str, str, str]]]:
    """(person, kind, what about) of every reminder sent, by the London day it went."""
    name = {user.pk: role for role, user in people.items()}
    sent = defaultdict(set)
    for recipient_id, kind, action_ref, sent_at in Reminder.objects.exclude(
        sent_at=None
    ).values_list("recipient_id", "kind", "action__reference", "sent_at"):
        sent[timezone.localdate(sent_at)].add((name[recipient_id], kind, action_ref or ""))
    return sent


# Day by day, what the rules send (every day not listed: nothing).
EXPECTED = {
    # A is due in 4 days: its 7-day reminder, late not lost; B in 11 days: its 14-day one. The
    # deadline in 25 days: its 28-day reminder, to the lead and to health (B lacks a measure).
    D(2025, 9, 29): {
        ("police", "action-due", "1.1"),
        ("health", "action-due", "2.1"),
        ("lead", "deadline", ""),
        ("health", "deadline", ""),
        ("lead", "digest", ""),
        ("police", "digest", ""),
        ("health", "digest", ""),
    },
    D(2025, 10, 2): {("police", "action-due", "1.1")},  # 1 day to go
    D(2025, 10, 3): {("police", "action-due", "1.1"), ("health", "action-due", "2.1")},
    # A's day 1; with A overdue and no revised date the police now lack something for the
    # submission: they get the deadline reminder still current (28 days), late, not lost.
    D(2025, 10, 4): {("police", "overdue", "1.1"), ("police", "deadline", "")},
    D(2025, 10, 6): {("lead", "digest", ""), ("police", "digest", ""), ("health", "digest", "")},
    D(2025, 10, 9): {("health", "action-due", "2.1")},
    # 14 days to the deadline: A is overdue with no revised date, so the police are told too.
    D(2025, 10, 10): {
        ("health", "action-due", "2.1"),
        ("lead", "deadline", ""),
        ("health", "deadline", ""),
        ("police", "deadline", ""),
    },
    # A's day 8: the lead joins. B's day 1: its owner only.
    D(2025, 10, 11): {
        ("police", "overdue", "1.1"),
        ("lead", "overdue", "1.1"),
        ("health", "overdue", "2.1"),
    },
    # No sweep on Monday 13th (A revised to the 20th that day): the digest goes on Tuesday, with
    # A's due reminder (6 days to its new date: the 7-day one).
    D(2025, 10, 14): {
        ("lead", "digest", ""),
        ("police", "digest", ""),
        ("health", "digest", ""),
        ("police", "action-due", "1.1"),
    },
    # 7 days to the deadline: at midnight to the lead and health (B's owner); at noon B moves to
    # the police, who then lack its measure for the submission and are told too.
    D(2025, 10, 17): {
        ("lead", "deadline", ""),
        ("health", "deadline", ""),
        ("police", "deadline", ""),
    },
    # B's day 8: its new owners (the police, told of the hand-off on the 17th by its own
    # notification) and the lead, never its old owner.
    D(2025, 10, 18): {("police", "overdue", "2.1"), ("lead", "overdue", "2.1")},
    D(2025, 10, 19): {("police", "action-due", "1.1")},
    D(2025, 10, 20): {
        ("police", "action-due", "1.1"),
        ("lead", "digest", ""),
        ("police", "digest", ""),
    },
    # A is overdue again (day 1 of its revised date): 10 days after its last overdue reminder.
    # 3 days to the deadline: B (now police) lacks a measure and a revised date.
    D(2025, 10, 21): {
        ("police", "overdue", "1.1"),
        ("lead", "deadline", ""),
        ("police", "deadline", ""),
    },
    # Submitted on the 22nd: no 1-day or on-the-day deadline reminder.
    D(2025, 10, 25): {("police", "overdue", "2.1"), ("lead", "overdue", "2.1")},  # B's day 15
    # After the clocks went back: the digest from 07:00 GMT; both actions 28 days without update.
    D(2025, 10, 27): {
        ("lead", "digest", ""),
        ("police", "digest", ""),
        ("police", "stale", "1.1"),
        ("police", "stale", "2.1"),
    },
    D(2025, 10, 28): {("police", "overdue", "1.1"), ("lead", "overdue", "1.1")},  # A's day 8
    D(2025, 11, 1): {("police", "overdue", "2.1"), ("lead", "overdue", "2.1")},  # B's day 22
    # A complete on the 3rd: no day 15 for it on the 4th.
    D(2025, 11, 3): {("lead", "digest", ""), ("police", "digest", "")},
    D(2025, 11, 8): {("police", "overdue", "2.1"), ("lead", "overdue", "2.1")},  # B's day 29
}


def test_six_weeks_of_sweeps_send_what_the_rules_say_each_day(world):
    people, events = world
    for day in days(FIRST, LAST):
        if day == OUTAGE:
            with time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=LONDON)):
                events[day]()
            continue
        for moment in quarter_hours(day):
            with time_machine.travel(moment, tick=False):
                if day in events and timezone.localtime(moment).time() == dt.time(12):
                    events[day]()
                send_due_reminders_now()

    sent = reminders_by_day(people)
    wrong = {
        day: {"sent": sent.get(day, set()), "expected": EXPECTED.get(day, set())}
        for day in days(FIRST, LAST)
        if sent.get(day, set()) != EXPECTED.get(day, set())
    }
    for day, diff in wrong.items():
        print(
            "WRONG",
            day,
            "sent-only",
            diff["sent"] - diff["expected"],
            "missing",
            diff["expected"] - diff["sent"],
        )
    assert wrong == {}
    assert_each_sent_once()
    # One email per person per sweep, each subject short enough.
    assert all(len(m.subject) <= SUBJECT_MAX for m in mail.outbox)
    by_person_and_sweep: defaultdict[tuple, int] = defaultdict(int)
    for message in mail.outbox:
        moment = Reminder.objects.get(pk=reminder_ids(message)[0]).sent_at
        by_person_and_sweep[(message.to[0], moment)] += 1
    assert set(by_person_and_sweep.values()) == {1}


@pytest.mark.usefixtures("world")
def test_the_digest_after_the_clocks_go_back_goes_at_seven_london_time():
    # Monday 27 October (GMT): 06:45 London is 06:45 UTC, 07:00 London is 07:00 UTC.
    for hour, minute in ((6, 45), (7, 0)):
        moment = dt.datetime(2025, 10, 27, hour, minute, tzinfo=dt.UTC)
        with time_machine.travel(moment, tick=False):
            send_due_reminders_now()
    digests = Reminder.objects.filter(kind=Reminder.Kind.DIGEST).exclude(sent_at=None)
    assert digests.exists()
    assert {timezone.localtime(r.sent_at).time() for r in digests} == {dt.time(7)}
