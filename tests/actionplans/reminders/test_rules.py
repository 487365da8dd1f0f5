"""The rules table is what the user guide says (docs/user/notifications.md) and the sweep does."""

import datetime as dt
import itertools

import pytest
import time_machine

from actionplans.reminders.delivery import send_due_reminders_now
from actionplans.reminders.models import Reminder
from actionplans.reminders.rules import digest_day, rules_table
from config.settings import BASE_DIR
from tests.actionplans.factories import ProgressUpdateFactory
from tests.support.reminders import LONDON, at, days, plan_with_people

DUE = dt.date(2025, 10, 3)  # a Friday
MONDAY = dt.date(2025, 10, 6)


def test_the_readme_quotes_the_rules_table_word_for_word():
    assert rules_table() in (BASE_DIR / "docs" / "user" / "notifications.md").read_text()


def overdue_days(user) -> list[int]:
    return sorted(
        (r.sent_at.astimezone(LONDON).date() - DUE).days
        for r in Reminder.objects.filter(recipient=user, kind=Reminder.Kind.OVERDUE).exclude(
            sent_at=None
        )
    )


def sweep_daily(first: dt.date, last: dt.date, skip: set[dt.date] = frozenset()) -> None:
    for day in days(first, last):
        if day in skip:
            continue
        for hour in (0, 9, 23):
            with time_machine.travel(at(day, hour), tick=False):
                send_due_reminders_now()


@pytest.mark.django_db
def test_overdue_goes_on_day_1_then_every_7_days_with_the_lead_from_day_8():
    _, lead, owner = plan_with_people(due_date=DUE)
    sweep_daily(DUE, DUE + dt.timedelta(days=23))
    assert overdue_days(owner) == [1, 8, 15, 22]
    assert overdue_days(lead) == [8, 15, 22]


@pytest.mark.django_db
def test_a_day_without_sweeps_sends_late_and_never_two_within_7_days():
    _, lead, owner = plan_with_people(due_date=DUE)
    sweep_daily(DUE, DUE + dt.timedelta(days=23), skip={DUE + dt.timedelta(days=8)})
    # Day 8 was missed: sent on day 9. Day 15 would be 6 days later, so that week's is not sent
    # (day 15's sweeps ran); back on its days from day 22.
    assert overdue_days(owner) == [1, 9, 22]
    assert overdue_days(lead) == [9, 22]


@pytest.mark.django_db
def test_a_revised_date_passing_soon_after_does_not_remind_again_within_7_days():
    action, _, owner = plan_with_people(due_date=DUE)
    sweep_daily(DUE, DUE + dt.timedelta(days=1))  # day 1 sent
    action.revised_due_date = DUE + dt.timedelta(days=2)
    action.revised_reason = "Moved by two days to fit the audit."
    action.save()
    sweep_daily(DUE + dt.timedelta(days=2), DUE + dt.timedelta(days=12))
    sent = overdue_days(owner)
    assert sent[0] == 1
    assert all(later - earlier >= 7 for earlier, later in itertools.pairwise(sent))
    assert len(sent) == 2  # the revised date's day 1 waited until a week after the first


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def test_the_digest_day_is_monday_once_a_sweep_runs_from_seven():
    swept = {MONDAY: local(MONDAY, 7, 15)}
    assert digest_day(MONDAY, swept) == MONDAY
    tuesday = MONDAY + dt.timedelta(days=1)
    assert digest_day(MONDAY, {**swept, tuesday: local(tuesday, 9)}) == MONDAY


def test_the_digest_day_is_the_next_day_swept_when_monday_had_none_from_seven():
    tuesday, wednesday = MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=2)
    only_early = {MONDAY: local(MONDAY, 6, 45)}
    assert digest_day(MONDAY, only_early) is None
    assert digest_day(MONDAY, {**only_early, wednesday: local(wednesday, 0)}) == wednesday
    assert digest_day(MONDAY, {tuesday: local(tuesday, 0), wednesday: local(wednesday, 0)}) == (
        tuesday
    )


def digests_to(user) -> list[dt.date]:
    return sorted(
        r.sent_at.astimezone(LONDON).date()
        for r in Reminder.objects.filter(recipient=user, kind=Reminder.Kind.DIGEST).exclude(
            sent_at=None
        )
    )


@pytest.mark.django_db
def test_someone_qualifying_later_in_the_week_waits_for_next_monday():
    # Nothing for the owner on Monday; on Thursday a colleague's update makes them qualify.
    action, _, owner = plan_with_people(due_date=dt.date(2026, 3, 31), start_date=MONDAY)
    sweep_daily(MONDAY, MONDAY + dt.timedelta(days=2))
    ProgressUpdateFactory(action=action, date=MONDAY + dt.timedelta(days=3))
    sweep_daily(MONDAY + dt.timedelta(days=3), MONDAY + dt.timedelta(days=7))
    assert digests_to(owner) == [MONDAY + dt.timedelta(days=7)]


@pytest.mark.django_db
def test_without_sweeps_on_monday_the_digest_goes_on_tuesday_and_only_then():
    _, _, owner = plan_with_people(due_date=MONDAY + dt.timedelta(days=5), start_date=MONDAY)
    sweep_daily(MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=1))
    assert digests_to(owner) == [MONDAY + dt.timedelta(days=1)]
    # Someone who qualifies on Wednesday gets nothing until next Monday.
    _, _, newcomer = plan_with_people(
        due_date=MONDAY + dt.timedelta(days=6), start_date=MONDAY + dt.timedelta(days=2)
    )
    sweep_daily(MONDAY + dt.timedelta(days=2), MONDAY + dt.timedelta(days=6))
    assert digests_to(newcomer) == []


def test_the_digest_never_goes_at_the_weekend():
    saturday, sunday = MONDAY + dt.timedelta(days=5), MONDAY + dt.timedelta(days=6)
    assert digest_day(MONDAY, {saturday: local(saturday, 9)}) is None
    assert digest_day(MONDAY, {sunday: local(sunday, 9)}) is None
    friday = MONDAY + dt.timedelta(days=4)
    assert digest_day(MONDAY, {friday: local(friday, 9), sunday: local(sunday, 9)}) == friday


@pytest.mark.django_db
def test_a_fresh_start_on_a_sunday_sends_the_first_digest_on_monday():
    sunday = MONDAY - dt.timedelta(days=1)
    _, _, owner = plan_with_people(due_date=MONDAY + dt.timedelta(days=5), start_date=sunday)
    sweep_daily(sunday, MONDAY)
    assert digests_to(owner) == [MONDAY]


@pytest.mark.django_db
def test_the_digest_does_not_list_the_readers_own_updates_back():
    action, lead, owner = plan_with_people(due_date=dt.date(2026, 3, 31), start_date=MONDAY)
    ProgressUpdateFactory(action=action, author=owner, date=MONDAY - dt.timedelta(days=2))
    sweep_daily(MONDAY, MONDAY)
    # The owner wrote the week's only update and has nothing due: no digest for them.
    assert digests_to(owner) == []
    # The lead reads it.
    assert digests_to(lead) == [MONDAY]
