"""The plan page's approval panel, drawn outside the page's cached body (which `plans` renders
and which knows nothing of approvals).

Its HTML is cached under the plan's version, which every approver, request and answer
replaces in its own transaction (actionplans/apps.py), as every write to the plan does: a
lead's visit that finds it reads nothing more. It shows where approvals stand; it decides
nothing (an answer and a submission compute the digest afresh)."""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from actionplans.approvals import selectors
from actionplans.approvals.digest import shown_digest
from actionplans.plans.models import ActionPlan
from ui import cache

register = template.Library()

PANEL_SECONDS = 3600


def panel_context(plan: ActionPlan) -> dict[str, Any]:
    """For a lead: where each approver stands on the plan as it reads now."""
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


@register.simple_tag
def plan_approval_panel(plan_pk: int, version: str) -> SafeString:
    """`version`, the plan's version the page read: the panel drawn for it, from the cache."""
    key = f"plan-approval-panel:{plan_pk}:{version}"
    html: str | None = cache.get(key)
    if html is None:
        plan = ActionPlan.objects.select_related("inspection__regime").get(pk=plan_pk)
        html = render_to_string("actionplans/approvals/_plan_panel.html", panel_context(plan))
        cache.put(key, html, PANEL_SECONDS)
    # Rendered by our own template, which escapes what it shows.
    return mark_safe(html)  # noqa: S308
