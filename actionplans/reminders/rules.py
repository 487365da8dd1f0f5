"""The reminder rules: which reminders go, when, and to whom, in one table.

The README's Reminders section quotes `rules_table()` word for word (a test compares them), so the
text a person reads is the text the code keeps. The numbers come from the settings, as do the
functions below that the sweep uses, so the table cannot say one thing while the sweep does another.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

# Overdue reminders go on the first day late, then every this many days (8, 15, …), and never
# twice within this many days for one action to one person.
OVERDUE_EVERY_DAYS = 7


@dataclass(frozen=True)
class Rule:
    reminder: str
    when: str
    to: str


def days_before(days: list[int]) -> str:
    """ "28, 14, 7, 3 and 1 days before …, and on the day" from [28, 14, 7, 3, 1, 0]."""
    before = [str(d) for d in sorted(set(days), reverse=True) if d > 0]
    text = ", ".join(before[:-1]) + f" and {before[-1]}" if len(before) > 1 else "".join(before)
    return f"{text} day{'s' if before != ['1'] else ''} before"


def deadline_days() -> list[int]:
    return sorted(settings.REMINDER_DEADLINE_DAYS, reverse=True)


def action_due_days() -> list[int]:
    return sorted(settings.REMINDER_ACTION_DUE_DAYS, reverse=True)


def first_overdue_day_for_leads() -> int:
    """Partnership leads join from the first weekly overdue reminder, never in between."""
    return 1 + OVERDUE_EVERY_DAYS


def digest_hour() -> int:
    return int(settings.REMINDER_DIGEST_HOUR)


def rules() -> list[Rule]:
    on_the_day = ", and on the day" if 0 in settings.REMINDER_DEADLINE_DAYS else ""
    due_on_the_day = ", and on the day" if 0 in settings.REMINDER_ACTION_DUE_DAYS else ""
    stale = settings.REMINDER_STALE_AFTER_DAYS
    every = OVERDUE_EVERY_DAYS
    return [
        Rule(
            "submission deadline",
            f"{days_before(deadline_days())} the plan's deadline{on_the_day}, until the plan is "
            "submitted",
            "partnership leads, with what the plan still lacks; and the owners of an agency "
            "whose actions still lack something the submission needs, with those actions",
        ),
        Rule(
            "action due",
            f"{days_before(action_due_days())} the action's due date (the revised one when there "
            f"is one){due_on_the_day}; never once it is complete",
            "the action's lead person and its agency's owners",
        ),
        Rule(
            "overdue",
            f"the day after the due date (day 1), then every {every} days (day "
            f"{1 + every}, {1 + 2 * every}, …) while it is open; later that week only if no sweep "
            f"ran on the day; never two for one action to one person within {every} days",
            "the same people; the partnership leads too from the first weekly one (day "
            f"{first_overdue_day_for_leads()})",
        ),
        Rule(
            "no progress update",
            f"{stale} days after the last update (or the start), then every {stale} days",
            "the action's lead person and its agency's owners",
        ),
        Rule(
            "weekly digest",
            f"Monday from {digest_hour():02d}:00 (UK time); only if no sweep ran on Monday from "
            f"{digest_hour():02d}:00, the first later weekday (to Friday) on which one runs",
            "everyone with an action due in 14 days, overdue, or updated last week by someone else",
        ),
    ]


def rules_table() -> str:
    """The rules as the Markdown table the README quotes."""
    lines = ["| reminder | when | to |", "|---|---|---|"]
    lines += [f"| {r.reminder} | {r.when} | {r.to} |" for r in rules()]
    return "\n".join(lines)


def lead_time(days_left: int, leads: list[int]) -> int | None:
    """The lead time whose reminder is due with `days_left` to go: the smallest one not passed.

    With leads 14, 7, 1, 0 and 10 days to go that is 14: a sweep that missed the 14th day still
    sends the 14-day reminder (late, not lost), and never a backlog of several.
    """
    if days_left < 0 or not leads or days_left > max(leads):
        return None
    return min(lead for lead in leads if lead >= days_left)


def overdue_week(days_late: int) -> int:
    """Week 0 from day 1, week 1 from day 8, …: each week's reminder is due from its first day."""
    return (days_late - 1) // OVERDUE_EVERY_DAYS


def overdue_slot(due_date: dt.date, days_late: int) -> dt.date:
    """The day this week's overdue reminder is for: day 1, 8, 15, … after the due date."""
    return due_date + dt.timedelta(days=1 + OVERDUE_EVERY_DAYS * overdue_week(days_late))


def leads_get_overdue(days_late: int) -> bool:
    return days_late >= first_overdue_day_for_leads()


def digest_day(monday: dt.date, swept: dict[dt.date, dt.datetime]) -> dt.date | None:
    """The day of the week whose sweeps send the digest: Monday, once a sweep ran from the digest
    hour; else (the sweeps were down) the first later weekday on which a sweep ran; else none.

    `swept` maps each day of the week on which a sweep ran to its last sweep (local time).
    """
    for day in sorted(swept):
        if day == monday and swept[day].hour < digest_hour():
            continue
        # A weekday only: a digest read on a Sunday (a first start at the weekend, or sweeps
        # back after a week-long outage) is a week old by Monday; that week is skipped.
        if monday <= day < monday + dt.timedelta(days=5):
            return day
    return None
