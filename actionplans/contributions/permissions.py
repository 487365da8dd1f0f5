"""Who may ask contributors and decide on what they send: whoever may update the action (its
partnership's lead, or an owner of the agency that owns it). A contributor has no rule: the
link's token is their only key, and it opens one page."""

import rules

from actionplans.contributions.models import ContributedUpdate, UpdateRequest
from actionplans.plans.models import Action
from actionplans.plans.permissions import can_update_action
from agencies.permissions import AnyUser


def can_request_update(user: AnyUser, action: Action | None) -> bool:
    return action is not None and can_update_action(user, action)


def can_decide_contribution(user: AnyUser, contribution: ContributedUpdate | None) -> bool:
    return contribution is not None and can_update_action(user, contribution.action)


def can_withdraw_update_request(user: AnyUser, update_request: UpdateRequest | None) -> bool:
    """The sender, or anyone who may update every action it asks about."""
    if update_request is None:
        return False
    if update_request.created_by_id == getattr(user, "pk", None):
        return any(can_update_action(user, a) for a in update_request.actions.all())
    actions = list(update_request.actions.all())
    return bool(actions) and all(can_update_action(user, a) for a in actions)


rules.add_rule("can_request_update", can_request_update)
rules.add_rule("can_decide_contribution", can_decide_contribution)
rules.add_rule("can_withdraw_update_request", can_withdraw_update_request)
