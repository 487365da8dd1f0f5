"""Who may see and change action plans, actions and their progress."""

from collections.abc import Callable

import rules
from django.db.models import QuerySet

from actionplans.models import Action, ActionPlan, Measure
from agencies.models import Membership
from agencies.permissions import (
    AnyUser,
    is_lead,
    is_member,
    memberships_of,
    owns_for,
    partnerships_of,
)


def visible_plans(user: AnyUser) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(inspection__partnership__in=partnerships_of(user))


def visible_actions(user: AnyUser) -> QuerySet[Action]:
    return Action.objects.filter(plan__inspection__partnership__in=partnerships_of(user))


@rules.predicate
def can_view_plan(user: AnyUser, plan: ActionPlan | None) -> bool:
    return plan is not None and is_member(user, plan.inspection.partnership)


@rules.predicate
def can_edit_plan(user: AnyUser, plan: ActionPlan | None) -> bool:
    return plan is not None and is_lead(user, plan.inspection.partnership)


@rules.predicate
def can_update_action(user: AnyUser, action: Action | None) -> bool:
    """The partnership lead, or an agency owner of the agency that owns the action."""
    if action is None:
        return False
    partnership = action.plan.inspection.partnership
    return is_lead(user, partnership) or owns_for(user, action.owner_agency, partnership)


rules.add_rule("can_view_plan", can_view_plan)
rules.add_rule("can_edit_plan", can_edit_plan)
rules.add_rule("can_update_action", can_update_action)


# Measures (issue 6): the lead sets measures up; the owners of the measure's agency add readings.


def visible_measures(user: AnyUser) -> QuerySet[Measure]:
    return Measure.objects.filter(plan__inspection__partnership__in=partnerships_of(user))


@rules.predicate
def can_add_reading(user: AnyUser, measure: Measure | None) -> bool:
    """The partnership lead, or an agency owner of the agency that owns the measure."""
    if measure is None:
        return False
    partnership = measure.plan.inspection.partnership
    return is_lead(user, partnership) or owns_for(user, measure.owner_agency, partnership)


rules.add_rule("can_add_reading", can_add_reading)


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
