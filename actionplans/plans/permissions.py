"""Who may see and change plans, actions, progress updates and evidence.

The partnership lead writes the whole plan; an agency owner updates their own agency's actions,
only the fields `action_fields_editable_by` gives them (the action form holds no others); managers
read. Rules are registered with `rules.add_rule`, not `add_perm`, so that a superuser gets no more
than their memberships give them.
"""

import rules

from actionplans.plans.models import Action, ActionPlan, Evidence, ProgressUpdate
from agencies.models import Membership, Partnership
from agencies.permissions import (
    AnyUser,
    is_lead,
    is_manager,
    is_member,
    owns_for,
    roles_everywhere,
)
from inspections.models import Inspection

# The action fields an agency owner may change; the lead may change all of a form's fields.
OWNER_ACTION_FIELDS = frozenset(
    {"status", "rag", "lead_name", "lead_user", "revised_due_date", "revised_reason"}
)


def _partnership(action: Action) -> Partnership:
    return action.plan.inspection.partnership


def _is_lead_for(user: AnyUser, action: Action) -> bool:
    return is_lead(user, _partnership(action))


def _owns(user: AnyUser, action: Action) -> bool:
    return owns_for(user, action.owner_agency, _partnership(action))


def action_fields_editable_by(user: AnyUser, action: Action, fields: set[str]) -> set[str]:
    """Of a form's `fields`, those this user may change on this action (mass assignment guard)."""
    if _is_lead_for(user, action):
        return set(fields)
    if _owns(user, action):
        return set(fields) & OWNER_ACTION_FIELDS
    return set()


@rules.predicate
def has_own_actions(user: AnyUser) -> bool:
    """Leads and agency owners have actions of their own ("My actions"); a manager only reads,
    so that page would always be empty for them."""
    return bool(roles_everywhere(user) & {Membership.Role.LEAD, Membership.Role.OWNER})


@rules.predicate
def can_view_plan(user: AnyUser, plan: ActionPlan | None) -> bool:
    return plan is not None and is_member(user, plan.inspection.partnership)


@rules.predicate
def can_add_plan(user: AnyUser, inspection: Inspection | None) -> bool:
    return inspection is not None and is_lead(user, inspection.partnership)


@rules.predicate
def can_edit_plan(user: AnyUser, plan: ActionPlan | None) -> bool:
    """Also the rule for adding actions to the plan."""
    return plan is not None and is_lead(user, plan.inspection.partnership)


@rules.predicate
def can_submit_plan(user: AnyUser, plan: ActionPlan | None) -> bool:
    """Every status change of the plan (submit, monitor, close)."""
    return plan is not None and is_lead(user, plan.inspection.partnership)


@rules.predicate
def can_delete_plan(user: AnyUser, plan: ActionPlan | None) -> bool:
    return plan is not None and is_lead(user, plan.inspection.partnership)


@rules.predicate
def can_produce_board_report(user: AnyUser, plan: ActionPlan | None) -> bool:
    """Board papers: the partnership's leads and managers."""
    if plan is None:
        return False
    partnership = plan.inspection.partnership
    return is_lead(user, partnership) or is_manager(user, partnership)


@rules.predicate
def can_view_action(user: AnyUser, action: Action | None) -> bool:
    return action is not None and is_member(user, _partnership(action))


@rules.predicate
def can_update_action(user: AnyUser, action: Action | None) -> bool:
    """The partnership lead, or an agency owner of the agency that owns the action."""
    return action is not None and (_is_lead_for(user, action) or _owns(user, action))


@rules.predicate
def can_reassign_action(user: AnyUser, action: Action | None) -> bool:
    """Changing the owner agency (to or from any agency): the lead only."""
    return action is not None and _is_lead_for(user, action)


@rules.predicate
def can_sign_off_action(user: AnyUser, action: Action | None) -> bool:
    return action is not None and _is_lead_for(user, action)


@rules.predicate
def can_reopen_action(user: AnyUser, action: Action | None) -> bool:
    """Taking back a sign-off: only a lead of the action's partnership, who signs off."""
    return action is not None and _is_lead_for(user, action)


@rules.predicate
def can_delete_action(user: AnyUser, action: Action | None) -> bool:
    return action is not None and _is_lead_for(user, action)


@rules.predicate
def can_add_progress(user: AnyUser, action: Action | None) -> bool:
    """Also the rule for adding evidence to the action."""
    return action is not None and (_is_lead_for(user, action) or _owns(user, action))


@rules.predicate
def can_edit_progress(user: AnyUser, update: ProgressUpdate | None) -> bool:
    return update is not None and (_is_lead_for(user, update.action) or _owns(user, update.action))


@rules.predicate
def can_delete_progress(user: AnyUser, update: ProgressUpdate | None) -> bool:
    return update is not None and _is_lead_for(user, update.action)


@rules.predicate
def can_view_evidence(user: AnyUser, evidence: Evidence | None) -> bool:
    """Evidence is seen by whoever may see its action: every member of the partnership."""
    return evidence is not None and can_view_action(user, evidence.action)


rules.add_rule("has_own_actions", has_own_actions)
rules.add_rule("can_view_plan", can_view_plan)
rules.add_rule("can_view_evidence", can_view_evidence)
rules.add_rule("can_add_plan", can_add_plan)
rules.add_rule("can_edit_plan", can_edit_plan)
rules.add_rule("can_submit_plan", can_submit_plan)
rules.add_rule("can_delete_plan", can_delete_plan)
rules.add_rule("can_produce_board_report", can_produce_board_report)
rules.add_rule("can_view_action", can_view_action)
rules.add_rule("can_update_action", can_update_action)
rules.add_rule("can_reassign_action", can_reassign_action)
rules.add_rule("can_sign_off_action", can_sign_off_action)
rules.add_rule("can_reopen_action", can_reopen_action)
rules.add_rule("can_delete_action", can_delete_action)
rules.add_rule("can_add_progress", can_add_progress)
rules.add_rule("can_edit_progress", can_edit_progress)
rules.add_rule("can_delete_progress", can_delete_progress)
