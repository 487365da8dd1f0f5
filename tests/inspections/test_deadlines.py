import datetime as dt

import pytest

from inspections.deadlines import add_working_days, is_working_day
from tests.inspections.factories import InspectionFactory


def test_southampton_deadline_is_70_working_days_after_the_letter():
    # 17 July 2025 + 70 England working days, skipping the 25 August bank holiday.
    assert add_working_days(dt.date(2025, 7, 17), 70) == dt.date(2025, 10, 24)


def test_haringey_2018_deadline_is_70_working_days_after_the_letter():
    assert add_working_days(dt.date(2018, 1, 30), 70) == dt.date(2018, 5, 11)


def test_bank_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(dt.date(2025, 8, 25))  # summer bank holiday
    assert not is_working_day(dt.date(2025, 12, 25))
    assert not is_working_day(dt.date(2025, 10, 25))  # a Saturday
    assert is_working_day(dt.date(2025, 10, 24))


@pytest.mark.django_db
def test_stated_deadline_wins_over_the_computed_one():
    inspection = InspectionFactory.build(
        letter_published=dt.date(2025, 7, 17),
        deadline_working_days=70,
        submission_deadline=dt.date(2025, 10, 31),
    )
    assert inspection.computed_deadline == dt.date(2025, 10, 24)
    assert inspection.effective_deadline == dt.date(2025, 10, 31)


@pytest.mark.django_db
def test_computed_deadline_is_used_when_the_letter_states_none():
    inspection = InspectionFactory.build(submission_deadline=None, deadline_working_days=70)
    assert inspection.effective_deadline == dt.date(2025, 10, 24)
