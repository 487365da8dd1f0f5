"""The clocks go back at 02:00 on Sunday 26 October 2025: no reminder lost, none doubled."""

import datetime as dt

import pytest
import time_machine

from actionplans.plans.models import Action
from actionplans.reminders.delivery import send_due_reminders_now
from actionplans.reminders.models import Reminder
from demo.loader import load_demo
from tests.support.reminders import assert_each_sent_once, days, sent_keys

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def load_demo_with_dates_around_the_change() -> None:
    """The demo as of 22 October, with actions due on the Sunday and Monday, one a week late."""
    load_demo(today=dt.date(2025, 10, 22))
    Action.objects.filter(reference="3.2").update(due_date=dt.date(2025, 10, 26))
    Action.objects.filter(reference="PCC 5.1").update(due_date=dt.date(2025, 10, 27))
    # Eight days late on Sunday 26 October: its first weekly overdue reminder, which the
    # partnership lead gets too.
    Action.objects.filter(reference="PCC 2.1").update(
        due_date=dt.date(2025, 10, 18), revised_due_date=None, revised_reason=""
    )


def sweep_every_15_minutes(first: dt.datetime, last: dt.datetime) -> None:
    moment = first
    while moment <= last:
        with time_machine.travel(moment, tick=False):
            send_due_reminders_now()
        moment += dt.timedelta(minutes=15)


def test_a_run_across_the_clock_change_loses_and_doubles_nothing():
    load_demo_with_dates_around_the_change()
    # 24 October 23:00 UTC is midnight in London; 27 October 23:45 UTC is 23:45 in London (GMT).
    sweep_every_15_minutes(
        dt.datetime(2025, 10, 24, 23, 0, tzinfo=UTC), dt.datetime(2025, 10, 27, 23, 45, tzinfo=UTC)
    )
    every_quarter = sorted(sent_keys())
    assert_each_sent_once()
    assert every_quarter, "the demo has reminders due on these days"
    # What a once-a-day sweep at noon sends over the same three days is exactly the same.

    Reminder.objects.all().delete()
    for day in days(dt.date(2025, 10, 25), dt.date(2025, 10, 27)):
        with time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=UTC), tick=False):
            send_due_reminders_now()
    assert sorted(sent_keys()) == every_quarter


def test_the_sunday_of_the_clock_change_is_one_day_of_reminders():
    load_demo_with_dates_around_the_change()
    # 23:30 UTC on Saturday 25 October is already Sunday 00:30 in London (BST).
    with time_machine.travel(dt.datetime(2025, 10, 25, 23, 30, tzinfo=UTC), tick=False):
        send_due_reminders_now()
    sunday = set(sent_keys())
    assert ("lead@southampton.example", "overdue") in {k[:2] for k in sunday}
    assert ("childrens-services@southampton.example", "action-due") in {k[:2] for k in sunday}
    # 23:30 UTC on Sunday 26 October is still Sunday in London (GMT): nothing new is due.
    with time_machine.travel(dt.datetime(2025, 10, 26, 23, 30, tzinfo=UTC), tick=False):
        assert send_due_reminders_now() == 0
    assert set(sent_keys()) == sunday
