"""Who may do what with a plan's approval: the leads name the approvers and send the plan; only
a person named as an approver of the plan answers for it."""

import rules

from actionplans.approvals.models import Approver
from actionplans.plans.models import ActionPlan
from agencies.models import User
from agencies.permissions import AnyUser, is_lead, is_member


def can_manage_approvers(user: AnyUser, plan: ActionPlan | None) -> bool:
    return plan is not None and is_lead(user, plan.inspection.partnership)


def can_answer_approval(user: AnyUser, plan: ActionPlan | None) -> bool:
    return (
        plan is not None
        and isinstance(user, User)
        and is_member(user, plan.inspection.partnership)
        and Approver.objects.filter(plan=plan, person=user).exists()
    )


rules.add_rule("can_manage_approvers", can_manage_approvers)
rules.add_rule("can_answer_approval", can_answer_approval)
