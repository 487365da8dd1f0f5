"""Who may see and change inspections, findings and recommendations.

The letter's record (the inspection and its findings) is the partnership lead's: agency owners
and managers read it. A recommendation is also editable by an agency owner of its lead agency,
but only the lead may give it to another agency. Rules are registered with `rules.add_rule`, not
`add_perm`, so that a superuser gets no more than their memberships give them.
"""

import rules

from agencies.models import Partnership
from agencies.permissions import AnyUser, is_lead, is_member, owns_for
from inspections.models import Finding, Inspection, Recommendation

# The recommendation fields an agency owner of its lead agency may change; the lead may change all
# of a form's fields. Never the lead agency, the letter's finding, the source or the reference.
OWNER_RECOMMENDATION_FIELDS = frozenset({"title", "text", "contributing_agencies"})


def recommendation_fields_editable_by(
    user: AnyUser, recommendation: Recommendation, fields: set[str]
) -> set[str]:
    """Of a form's `fields`, those this user may change (mass assignment guard)."""
    partnership = recommendation.inspection.partnership
    if is_lead(user, partnership):
        return set(fields)
    if owns_for(user, recommendation.lead_agency, partnership):
        return set(fields) & OWNER_RECOMMENDATION_FIELDS
    return set()


# Inspections -------------------------------------------------------------------------------


@rules.predicate
def can_view_inspection(user: AnyUser, inspection: Inspection | None) -> bool:
    return inspection is not None and is_member(user, inspection.partnership)


@rules.predicate
def can_add_inspection(user: AnyUser, partnership: Partnership | None) -> bool:
    return is_lead(user, partnership)


@rules.predicate
def can_edit_inspection(user: AnyUser, inspection: Inspection | None) -> bool:
    """Also the rule for adding findings and recommendations to it."""
    return inspection is not None and is_lead(user, inspection.partnership)


@rules.predicate
def can_delete_inspection(user: AnyUser, inspection: Inspection | None) -> bool:
    return inspection is not None and is_lead(user, inspection.partnership)


# Findings: quoted from the letter, so only the lead changes them ---------------------------


@rules.predicate
def can_edit_finding(user: AnyUser, finding: Finding | None) -> bool:
    return finding is not None and is_lead(user, finding.inspection.partnership)


@rules.predicate
def can_delete_finding(user: AnyUser, finding: Finding | None) -> bool:
    return finding is not None and is_lead(user, finding.inspection.partnership)


# Recommendations ---------------------------------------------------------------------------


@rules.predicate
def can_edit_recommendation(user: AnyUser, recommendation: Recommendation | None) -> bool:
    """The lead, or an agency owner of the recommendation's lead agency (not its lead agency)."""
    if recommendation is None:
        return False
    partnership = recommendation.inspection.partnership
    return is_lead(user, partnership) or owns_for(user, recommendation.lead_agency, partnership)


@rules.predicate
def can_reassign_recommendation(user: AnyUser, recommendation: Recommendation | None) -> bool:
    """Changing the lead agency: the lead only."""
    return recommendation is not None and is_lead(user, recommendation.inspection.partnership)


@rules.predicate
def can_delete_recommendation(user: AnyUser, recommendation: Recommendation | None) -> bool:
    return recommendation is not None and is_lead(user, recommendation.inspection.partnership)


rules.add_rule("can_view_inspection", can_view_inspection)
rules.add_rule("can_add_inspection", can_add_inspection)
rules.add_rule("can_edit_inspection", can_edit_inspection)
rules.add_rule("can_delete_inspection", can_delete_inspection)
rules.add_rule("can_edit_finding", can_edit_finding)
rules.add_rule("can_delete_finding", can_delete_finding)
rules.add_rule("can_edit_recommendation", can_edit_recommendation)
rules.add_rule("can_reassign_recommendation", can_reassign_recommendation)
rules.add_rule("can_delete_recommendation", can_delete_recommendation)
