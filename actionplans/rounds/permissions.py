"""Who may run update rounds: the plan's partnership leads open and close them; leads and
managers (who take the board report to the board) see who has answered."""

import rules

from actionplans.plans.models import ActionPlan
from agencies.permissions import AnyUser, is_lead, is_manager


@rules.predicate
def can_manage_rounds(user: AnyUser, plan: ActionPlan | None) -> bool:
    return plan is not None and is_lead(user, plan.inspection.partnership)


@rules.predicate
def can_view_rounds(user: AnyUser, plan: ActionPlan | None) -> bool:
    if plan is None:
        return False
    partnership = plan.inspection.partnership
    return is_lead(user, partnership) or is_manager(user, partnership)


rules.add_rule("can_manage_rounds", can_manage_rounds)
rules.add_rule("can_view_rounds", can_view_rounds)
