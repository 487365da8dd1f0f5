"""The action page's panel of contributors' updates, drawn by a tag because `plans` (whose
view renders the page) knows nothing of contributions."""

from typing import Any

from django import template

from actionplans.contributions import selectors
from actionplans.plans.models import Action

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
