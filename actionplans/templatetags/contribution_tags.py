"""The action page's panel of contributors' updates, drawn by a tag because `plans` (whose
view renders the page) knows nothing of contributions."""

from typing import Any

import rules
from django import template

from actionplans.contributions import selectors
from actionplans.contributions.models import ContributedUpdate
from actionplans.plans.models import Action, ActionPlan

register = template.Library()


@register.inclusion_tag("actionplans/contributions/_action_panel.html")
def contributions_panel(action: Action, can_request: bool) -> dict[str, Any]:
    return {
        "action": action,
        "can_request": can_request,
        "pending": list(selectors.pending_for_action(action)),
        "named": selectors.named_contributors([action]).get(action.pk),
    }


@register.inclusion_tag("actionplans/contributions/_history.html")
def contributions_history(action: Action) -> dict[str, Any]:
    return {"entries": selectors.history_entries(action)}


@register.inclusion_tag("actionplans/contributions/_plan_link.html", takes_context=True)
def contributions_waiting(context: dict[str, Any], plan_pk: int) -> dict[str, Any]:
    """On the plan page: how many contributors' updates wait for this person's decision."""
    user = context["request"].user
    plan = ActionPlan.objects.select_related("inspection__partnership").get(pk=plan_pk)
    waiting = [
        c
        for c in selectors.contributions_for_plan(plan).filter(
            status=ContributedUpdate.Status.PENDING
        )
        if rules.test_rule("can_decide_contribution", user, c)
    ]
    return {"plan": plan, "waiting": len(waiting)}
