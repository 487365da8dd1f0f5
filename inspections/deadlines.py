"""Working days in England, for deadlines stated as "N working days after the letter"."""

import datetime as dt
from functools import cache

import holidays

# Past JTAIs gave partnerships 70 working days from the letter's publication to send the plan.
DEFAULT_WORKING_DAYS = 70


@cache
def _england_bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _england_bank_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` England working days after `start` (start itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day
