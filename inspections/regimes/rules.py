"""A regime's deadline rule as arithmetic: dates in, dates and sentences out (no database).

A rule is a count and a unit ("70 working days", "6 weeks", "56 days") counted from a start
event. A regime may have one earlier step with its own count; the step counts from the start
event, and the deadline counts either from the start event too (an ILACS draft, an HMICFRS
urgent update) or from the step's date (a practice review: the rapid review counts from the
notification, which counts from the serious incident).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from inspections.deadlines import add_working_days


class Unit:
    """The values `Regime.Unit` stores; kept here so the arithmetic needs no model."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"
    NONE = "none"


_UNIT_WORDS = {
    Unit.WORKING_DAYS: ("working day", "working days"),
    Unit.CALENDAR_DAYS: ("day", "days"),
    Unit.WEEKS: ("week", "weeks"),
}


class RegimeRule(Protocol):
    """What the arithmetic reads from a regime (a `Regime` row satisfies it)."""

    deadline_name: str
    deadline_count: int | None
    deadline_unit: str
    deadline_counts_from: str
    deadline_follows_step: bool
    step_name: str
    step_count: int | None
    step_unit: str
    step_counts_from: str


@dataclass(frozen=True)
class Due:
    """One date a regime asks for, with the sentence that says how it was counted."""

    name: str
    due_on: dt.date | None
    explanation: str


def _long(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def has_rule(count: int | None, unit: str) -> bool:
    return unit in _UNIT_WORDS and count is not None


def count_words(count: int, unit: str) -> str:
    """'70 working days', '1 week', '56 days'."""
    singular, plural = _UNIT_WORDS[unit]
    return f"{count} {singular if count == 1 else plural}"


def due_after(start: dt.date, count: int, unit: str) -> dt.date:
    """The date `count` units after `start` (the start itself does not count)."""
    if unit == Unit.WORKING_DAYS:
        return add_working_days(start, count)
    if unit == Unit.CALENDAR_DAYS:
        return start + dt.timedelta(days=count)
    if unit == Unit.WEEKS:
        return start + dt.timedelta(weeks=count)
    raise ValueError(f"no arithmetic for the unit {unit!r}")


def explain(
    *, name: str, count: int | None, unit: str, start: dt.date | None, counts_from: str = ""
) -> Due:
    """One date and its sentence, e.g. '70 working days after 14 July 2025: 24 October 2025'.

    `counts_from` names the start when it is another step ('the notification'); a name is put in
    front when there is one ('Rapid review: 15 working days after the notification (…): …').
    """
    prefix = f"{name}: " if name else ""
    if not has_rule(count, unit):
        after = f" after {_long(start)}" if start else ""
        return Due(name, None, f"{prefix}no fixed count of days; as soon as possible{after}")
    assert count is not None  # has_rule says so; this tells mypy
    words = count_words(count, unit)
    if start is None:
        since = counts_from or "the start"
        return Due(name, None, f"{prefix}{words} after {since}, once that date is known")
    since = f"{counts_from} ({_long(start)})" if counts_from else _long(start)
    due_on = due_after(start, count, unit)
    return Due(name, due_on, f"{prefix}{words} after {since}: {_long(due_on)}")


def regime_dates(rule: RegimeRule, start: dt.date | None) -> list[Due]:
    """The regime's dates in order (its earlier step first, then its deadline) from `start`.

    A regime with no rule at all gives no dates: its deadline is the one the letter states.
    """
    dates: list[Due] = []
    step: Due | None = None
    if rule.step_name:
        step = explain(name=rule.step_name, count=rule.step_count, unit=rule.step_unit, start=start)
        dates.append(step)
    if has_rule(rule.deadline_count, rule.deadline_unit):
        chained = rule.deadline_follows_step and step is not None
        dates.append(
            explain(
                # Named only beside a step, so the two sentences can be told apart.
                name=rule.deadline_name if step is not None else "",
                count=rule.deadline_count,
                unit=rule.deadline_unit,
                start=step.due_on if chained and step is not None else start,
                counts_from=rule.deadline_counts_from if chained else "",
            )
        )
    return dates


def rule_deadline(rule: RegimeRule, start: dt.date | None) -> dt.date | None:
    """The deadline the rule gives from `start`, or None without a rule or a start."""
    if not has_rule(rule.deadline_count, rule.deadline_unit):
        return None
    dates = regime_dates(rule, start)
    return dates[-1].due_on if dates else None


def rule_summary(rule: RegimeRule) -> str:
    """The rule in words, for hint text: '70 working days from receiving the report'."""
    parts = []
    if rule.step_name:
        if has_rule(rule.step_count, rule.step_unit):
            assert rule.step_count is not None
            step_when = f"within {count_words(rule.step_count, rule.step_unit)}"
            if rule.step_counts_from:
                step_when += f" of {rule.step_counts_from}"
        else:
            step_when = "straight away"
        parts.append(f"{rule.step_name} {step_when}")
    if has_rule(rule.deadline_count, rule.deadline_unit):
        assert rule.deadline_count is not None
        when = f"within {count_words(rule.deadline_count, rule.deadline_unit)}"
        if rule.deadline_counts_from:
            when += f" of {rule.deadline_counts_from}"
        parts.append(f"{rule.deadline_name or 'the plan'} {when}")
    if not parts:
        return "No fixed rule: enter the date the letter states"
    text = "; ".join(parts)
    return text[0].upper() + text[1:]
