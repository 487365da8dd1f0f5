"""Who may see and change inspections, findings and recommendations."""

import rules
from django.db.models import QuerySet

from agencies.permissions import AnyUser, is_lead, is_member, owns_for, partnerships_of
from inspections.models import Inspection, Recommendation


def visible_inspections(user: AnyUser) -> QuerySet[Inspection]:
    """Only the inspections of the partnerships the user belongs to: never another area's."""
    return Inspection.objects.filter(partnership__in=partnerships_of(user))


@rules.predicate
def can_view_inspection(user: AnyUser, inspection: Inspection | None) -> bool:
    return inspection is not None and is_member(user, inspection.partnership)


@rules.predicate
def can_edit_inspection(user: AnyUser, inspection: Inspection | None) -> bool:
    return inspection is not None and is_lead(user, inspection.partnership)


@rules.predicate
def can_edit_recommendation(user: AnyUser, recommendation: Recommendation | None) -> bool:
    if recommendation is None:
        return False
    partnership = recommendation.inspection.partnership
    return is_lead(user, partnership) or owns_for(user, recommendation.lead_agency, partnership)


rules.add_rule("can_view_inspection", can_view_inspection)
rules.add_rule("can_edit_inspection", can_edit_inspection)
rules.add_rule("can_edit_recommendation", can_edit_recommendation)
