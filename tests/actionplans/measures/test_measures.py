"""The impact RAG rule and the trend of a measure (actionplans/measures/impact.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from actionplans.measures.impact import Movement, delivery_rag, format_value, impact_rag, movement
from actionplans.measures.models import Measure, MeasureReading
from actionplans.plans.models import Rag


def measure(direction: str = "higher", baseline: str | None = "80", target: str = "95") -> Measure:
    return Measure(
        name="m",
        unit=Measure.Unit.PERCENTAGE,
        direction=direction,
        baseline=Decimal(baseline) if baseline else None,
        target=Decimal(target),
    )


def readings(*values: str) -> list[MeasureReading]:
    return [
        MeasureReading(date=dt.date(2026, 1, 1) + dt.timedelta(days=90 * n), value=Decimal(v))
        for n, v in enumerate(values)
    ]


def test_no_reading_has_no_impact_rag():
    assert impact_rag(measure(), []) is None
    assert movement(measure(), []) is None


def test_meeting_the_target_is_green():
    assert impact_rag(measure(), readings("90", "95")) == Rag.GREEN


def test_meeting_the_target_is_green_even_after_a_dip():
    assert impact_rag(measure(), readings("99", "96")) == Rag.GREEN


def test_improving_below_the_target_is_amber():
    assert impact_rag(measure(), readings("85", "89")) == Rag.AMBER
    assert movement(measure(), readings("85", "89")) == Movement.BETTER


def test_first_reading_compares_with_the_baseline():
    assert impact_rag(measure(baseline="80"), readings("84")) == Rag.AMBER
    assert impact_rag(measure(baseline="80"), readings("78")) == Rag.RED


def test_first_reading_without_a_baseline_is_amber():
    assert impact_rag(measure(baseline=None), readings("50")) == Rag.AMBER
    assert movement(measure(baseline=None), readings("50")) is None


def test_a_measure_not_moving_is_red():
    assert impact_rag(measure(), readings("63", "64", "64")) == Rag.RED
    assert movement(measure(), readings("63", "64", "64")) == Movement.FLAT


def test_a_measure_moving_the_wrong_way_is_red():
    assert impact_rag(measure(), readings("90", "86")) == Rag.RED
    assert movement(measure(), readings("90", "86")) == Movement.WORSE


def test_lower_is_better_turns_the_rule_around():
    days = measure(direction="lower", baseline="20", target="5")
    assert impact_rag(days, readings("12", "9")) == Rag.AMBER
    assert impact_rag(days, readings("9", "12")) == Rag.RED
    assert impact_rag(days, readings("9", "5")) == Rag.GREEN


@pytest.mark.parametrize(
    ("rags", "expected"),
    [
        (["green", "blue", "red", "amber"], Rag.RED),
        (["green", "amber"], Rag.AMBER),
        (["blue", "green"], Rag.GREEN),
        (["blue"], Rag.BLUE),
        ([], None),
    ],
)
def test_delivery_rag_is_the_worst_of_the_actions(rags, expected):
    assert delivery_rag(rags) == expected


def test_values_are_written_with_their_unit():
    assert format_value(measure(), Decimal("94.00")) == "94%"
    assert format_value(measure(), Decimal("94.50")) == "94.5%"
    days = Measure(unit=Measure.Unit.DAYS, target=Decimal(5))
    assert format_value(days, Decimal("1")) == "1 day"
    assert format_value(days, Decimal("3")) == "3 days"
