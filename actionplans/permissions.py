"""Who may see and change action plans, actions and their progress."""

import rules
from django.db.models import QuerySet

from actionplans.models import Action, ActionPlan, ActionQuerySet, Evidence
from agencies.permissions import AnyUser, is_lead, is_member, owns_for, partnerships_of


def visible_plans(user: AnyUser) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(inspection__partnership__in=partnerships_of(user))


def visible_actions(user: AnyUser) -> ActionQuerySet:
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


@rules.predicate
def can_sign_off_action(user: AnyUser, action: Action | None) -> bool:
    """Only the partnership lead verifies and signs off what an owner marked done."""
    return action is not None and is_lead(user, action.plan.inspection.partnership)


@rules.predicate
def can_view_evidence(user: AnyUser, evidence: Evidence | None) -> bool:
    return evidence is not None and is_member(user, evidence.action.plan.inspection.partnership)


rules.add_rule("can_view_plan", can_view_plan)
rules.add_rule("can_sign_off_action", can_sign_off_action)
rules.add_rule("can_view_evidence", can_view_evidence)
rules.add_rule("can_edit_plan", can_edit_plan)
rules.add_rule("can_update_action", can_update_action)
