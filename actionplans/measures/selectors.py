"""Measures a person may see."""

from django.db.models import QuerySet

from actionplans.measures.models import Measure
from agencies.permissions import (
    AnyUser,
    partnerships_of,
)


def visible_measures(user: AnyUser) -> QuerySet[Measure]:
    return Measure.objects.filter(plan__inspection__partnership__in=partnerships_of(user))
