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
