"""Who may see the dashboard and add readings: the lead sets measures up; the owners of the
measure's agency add readings."""

from collections.abc import Callable

import rules

from actionplans.measures.models import Measure
from agencies.models import Membership, Partnership
from agencies.permissions import (
    AnyUser,
    is_lead,
    is_member,
    memberships_of,
    owns_for,
)


@rules.predicate
def can_view_dashboard(user: AnyUser, partnership: Partnership | None) -> bool:
    """Any member, managers included."""
    return is_member(user, partnership)


@rules.predicate
def can_add_reading(user: AnyUser, measure: Measure | None) -> bool:
    """The partnership lead, or an agency owner of the agency that owns the measure."""
    if measure is None:
        return False
    partnership = measure.plan.inspection.partnership
    return is_lead(user, partnership) or owns_for(user, measure.owner_agency, partnership)


def reading_permissions(user: AnyUser) -> Callable[[Measure], bool]:
    """`can_add_reading` for a whole list of measures, in one query instead of two per measure.

    The same rule: the partnership lead, or an agency owner of the measure's owner agency.
    """
    roles = list(memberships_of(user).values_list("partnership", "agency", "role"))
    leads = {partnership for partnership, _, role in roles if role == Membership.Role.LEAD}
    owners = {(p, agency) for p, agency, role in roles if role == Membership.Role.OWNER}

    def can_add(measure: Measure) -> bool:
        partnership = measure.plan.inspection.partnership_id
        return partnership in leads or (partnership, measure.owner_agency_id) in owners

    return can_add


rules.add_rule("can_view_dashboard", can_view_dashboard)
rules.add_rule("can_add_reading", can_add_reading)
