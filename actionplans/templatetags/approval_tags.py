"""The plan page's approval panel, drawn outside the page's cached body (which `plans` renders
and which knows nothing of approvals)."""

from typing import Any

from django import template

from actionplans.approvals import selectors
from actionplans.approvals.digest import shown_digest
from actionplans.plans.models import ActionPlan

register = template.Library()


@register.inclusion_tag("actionplans/approvals/_plan_panel.html")
def plan_approval_panel(plan_pk: int) -> dict[str, Any]:
    """For a lead: where each approver stands on the plan as it reads now."""
    plan = ActionPlan.objects.select_related("inspection__regime").get(pk=plan_pk)
    if plan.status != ActionPlan.Status.DRAFT:
        return {"plan": plan, "states": [], "draft": False}
    states = selectors.approval_states(plan, shown_digest(plan))
    return {
        "plan": plan,
        "states": states,
        "draft": True,
        "stale": [s for s in states if s.state == "stale"],
        "all_approved": not selectors.refusals(states),
    }
