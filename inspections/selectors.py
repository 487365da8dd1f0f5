"""The inspections, findings and recommendations a person may see: their partnerships' only."""

from django.db.models import QuerySet

from agencies.permissions import AnyUser, partnerships_of
from inspections.models import Finding, Inspection, Recommendation


def visible_inspections(user: AnyUser) -> QuerySet[Inspection]:
    """Only the inspections of the partnerships the user belongs to: never another area's."""
    return Inspection.objects.filter(partnership__in=partnerships_of(user))


def visible_findings(user: AnyUser) -> QuerySet[Finding]:
    return Finding.objects.filter(inspection__partnership__in=partnerships_of(user))


def visible_recommendations(user: AnyUser) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(inspection__partnership__in=partnerships_of(user))


def suggested_reference(inspection: Inspection) -> str:
    """The next free reference for a new recommendation: "3" after 1 and 2 (as
    `actionplans.plans.selectors.suggested_reference` does for actions). The lead may type
    another."""
    taken = {r.lower() for r in inspection.recommendations.values_list("reference", flat=True)}
    number = len(taken) + 1
    while str(number) in taken:
        number += 1
    return str(number)
