"""Changes to measures and their readings. The forms have validated them; these save them."""

from django.db import transaction

from actionplans.measures.models import Measure, MeasureReading
from agencies.models import User


@transaction.atomic
def save_measure(*, measure: Measure) -> Measure:
    """Add a measure to its plan, or save the lead's changes to one."""
    measure.save()
    return measure


@transaction.atomic
def add_reading(*, reading: MeasureReading, author: User) -> MeasureReading:
    """Record a reading of a measure, credited to the person who took it."""
    reading.author = author
    reading.save()
    return reading
