"""Whether a measure shows impact: its trend, and its impact RAG.

The impact RAG rule (also shown on the dashboard, so that nobody has to guess):

- no reading yet: no impact RAG ("Not measured yet");
- the latest reading meets the target (at or above it when higher is better, at or below it when
  lower is better): **green**;
- otherwise, the latest reading is better than the one before it (or than the baseline, when it is
  the first reading): **amber**, moving the right way but not there yet. A first reading with no
  baseline to compare with is also amber: it cannot show a trend yet;
- otherwise (no change, or worse): **red**, whatever the delivery RAG of the actions says. This is
  the case a dashboard must make stand out: every action green, and the measure not moving.

The delivery RAG beside it is the worst RAG among the actions of the measure's recommendation
(the whole plan's for a plan measure): red, then amber, then green; blue when all are complete.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from actionplans.measures.models import Measure, MeasureReading
from actionplans.plans.models import Rag


class Movement(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    FLAT = "flat"


MOVEMENT_LABELS = {
    Movement.BETTER: "Moving the right way",
    Movement.WORSE: "Moving the wrong way",
    Movement.FLAT: "Not moving",
}

# Worst first: the delivery RAG of a group of actions is the first of these that any action has;
# an action nobody has rated yet is less certain than a green one.
DELIVERY_ORDER = [Rag.RED, Rag.AMBER, Rag.NOT_RATED, Rag.GREEN, Rag.BLUE]


def is_better(measure: Measure, value: Decimal, than: Decimal) -> bool:
    if measure.direction == Measure.Direction.LOWER:
        return value < than
    return value > than


def meets_target(measure: Measure, value: Decimal) -> bool:
    if measure.direction == Measure.Direction.LOWER:
        return value <= measure.target
    return value >= measure.target


def movement(measure: Measure, readings: Sequence[MeasureReading]) -> Movement | None:
    """The latest reading against the one before (or the baseline); None: nothing to compare."""
    if not readings:
        return None
    latest = readings[-1].value
    previous = readings[-2].value if len(readings) > 1 else measure.baseline
    if previous is None:
        return None
    if latest == previous:
        return Movement.FLAT
    return Movement.BETTER if is_better(measure, latest, previous) else Movement.WORSE


def impact_rag(measure: Measure, readings: Sequence[MeasureReading]) -> Rag | None:
    """The rule in this module's docstring. `readings` are in date order."""
    if not readings:
        return None
    if meets_target(measure, readings[-1].value):
        return Rag.GREEN
    moved = movement(measure, readings)
    if moved is None or moved == Movement.BETTER:
        return Rag.AMBER
    return Rag.RED


def delivery_rag(rags: Iterable[str]) -> Rag | None:
    """The worst RAG among some actions (None when there are none)."""
    present = set(rags)
    return next((rag for rag in DELIVERY_ORDER if rag in present), None)


def format_value(measure: Measure, value: Decimal | None) -> str:
    """'94%', '12 days', '7': whole numbers without their decimals."""
    if value is None:
        return "Not set"
    number = f"{value:.2f}".rstrip("0").rstrip(".")
    if measure.unit == Measure.Unit.PERCENTAGE:
        return f"{number}%"
    if measure.unit == Measure.Unit.DAYS:
        return f"{number} day" if value == 1 else f"{number} days"
    return number


@dataclass(frozen=True)
class DisplayReading:
    date: dt.date
    label: str
    sample_size: int | None


@dataclass(frozen=True)
class MeasureSummary:
    """One measure as the dashboard shows it."""

    measure: Measure
    readings: list[MeasureReading]
    impact: Rag | None
    movement: Movement | None
    delivery: Rag | None

    @property
    def latest(self) -> MeasureReading | None:
        return self.readings[-1] if self.readings else None

    @property
    def latest_display(self) -> str:
        return format_value(self.measure, self.latest.value) if self.latest else "No reading yet"

    @property
    def target_display(self) -> str:
        return format_value(self.measure, self.measure.target)

    @property
    def baseline_display(self) -> str:
        return format_value(self.measure, self.measure.baseline)

    @property
    def movement_label(self) -> str:
        return MOVEMENT_LABELS[self.movement] if self.movement else "No trend yet"

    @property
    def impact_label(self) -> str:
        return Rag(self.impact).label if self.impact else "Not measured yet"

    @property
    def delivery_label(self) -> str:
        return Rag(self.delivery).label if self.delivery else "No actions"

    @property
    def stands_out(self) -> bool:
        """Actions on track or done, but the measure is not improving."""
        return self.delivery in (Rag.GREEN, Rag.BLUE) and self.impact == Rag.RED

    @property
    def display_readings(self) -> list[DisplayReading]:
        """The readings as the chart's table shows them: the same labels as on the chart."""
        return [
            DisplayReading(r.date, format_value(self.measure, r.value), r.sample_size)
            for r in self.readings
        ]
