"""Who each hand-off reaches, and what they are told (connected to `plans.signals.handed_off`).

- an owner marks an action awaiting sign-off: the plan's partnership leads;
- a lead signs it off, or sends it back (with the reason): the action's lead person and its
  agency's owners;
- a lead gives an action to another agency: that agency's owners;
- someone revises a due date (old date, new date, reason): the plan's partnership leads;
- a lead sends the plan for approval: the approvers it names (`plan_handed_off`);
- an approver approves it, or asks for changes (with the reason): the partnership's leads.

`notify` then drops anyone who may not see the plan and the person who did it."""

import datetime as dt
from typing import Any

from actionplans.notifications.models import Notification
from actionplans.notifications.services import notify
from actionplans.plans.models import Action, ActionPlan
from actionplans.plans.signals import HandOff
from agencies.models import Membership, User
from inspections.models import Inspection

Kind = Notification.Kind


def _long(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def _leads(partnership_id: int) -> set[int]:
    return set(
        Membership.objects.filter(
            partnership_id=partnership_id, role=Membership.Role.LEAD
        ).values_list("user_id", flat=True)
    )


def _owners(partnership_id: int, agency_id: int) -> set[int]:
    return set(
        Membership.objects.filter(
            partnership_id=partnership_id, role=Membership.Role.OWNER, agency_id=agency_id
        ).values_list("user_id", flat=True)
    )


def told(
    kind: str, action: Action, by: User | None, details: dict[str, Any], *, plan_name: str
) -> str:
    """What the people a hand-off reaches are told (the demo tells its story with it too).
    `plan_name` is the short name of the action's plan: a partnership's plans each have a 2.1."""
    who = str(by) if by is not None else "Someone"
    name = f"action {action.reference} ({plan_name}), {action.title}"
    if kind == HandOff.SIGN_OFF_REQUESTED:
        return f"{who} asks you to sign off {name}."
    if kind == HandOff.SIGNED_OFF:
        return f"{who} signed off {name} as complete."
    if kind == HandOff.SENT_BACK:
        return f"{who} sent {name} back. What is still needed: {details['reason']}"
    if kind == HandOff.ACTION_GIVEN:
        return f"You now own action {action.reference} ({plan_name}): {action.title}."
    return (
        f"{who} moved the due date of {name} from {_long(details['old_date'])} to "
        f"{_long(details['new_date'])}. Why: {details['reason']}"
    )


def on_hand_off(
    sender: object, *, kind: str, action: Action, by: User | None, details: dict[str, Any], **_: Any
) -> None:
    inspection = Inspection.objects.get(action_plan__pk=action.plan_id)
    partnership_id = inspection.partnership_id
    if kind in (HandOff.SIGN_OFF_REQUESTED, HandOff.DUE_DATE_REVISED):
        recipients = _leads(partnership_id)
    elif kind == HandOff.ACTION_GIVEN:
        recipients = _owners(partnership_id, action.owner_agency_id)
    else:
        recipients = _owners(partnership_id, action.owner_agency_id)
        if action.lead_user_id is not None:
            recipients.add(action.lead_user_id)
    notify(
        recipients=recipients,
        kind=kind,
        partnership=partnership_id,
        action=action,
        actor=by,
        text=told(kind, action, by, details, plan_name=inspection.short_name),
    )


def on_person_added(sender: object, *, membership: Membership, by: User | None, **_: Any) -> None:
    """Connected to `agencies.people.signals.person_added`: the new member is told."""
    role = membership.get_role_display().lower()
    agency = f" for {membership.agency}" if membership.agency_id is not None else ""
    who = str(by) if by is not None else "A partnership lead"
    notify(
        recipients=[membership.user_id],
        kind=Kind.ADDED_TO_PARTNERSHIP,
        partnership=membership.partnership_id,
        actor=by,
        text=f"{who} added you to {membership.partnership} as {role}{agency}.",
    )


def told_about_plan(kind: str, plan: ActionPlan, by: User | None, details: dict[str, Any]) -> str:
    who = str(by) if by is not None else "Someone"
    name = f"the action plan for {plan.inspection.short_name}"
    if kind == HandOff.APPROVAL_REQUESTED:
        return f"{who} asks you to approve {name} before it is submitted."
    if kind == HandOff.CHANGES_REQUESTED:
        return f"{who} asks for changes to {name} before approving it: {details['reason']}"
    return f"{who} approved {name} as it reads now."


def on_plan_hand_off(
    sender: object,
    *,
    kind: str,
    plan: ActionPlan,
    by: User | None,
    recipients: set[int],
    details: dict[str, Any],
    **_: Any,
) -> None:
    """Connected to `plans.signals.plan_handed_off`: its sender says whom it reaches."""
    notify(
        recipients=recipients,
        kind=kind,
        partnership=plan.inspection.partnership_id,
        plan=plan,
        actor=by,
        text=told_about_plan(kind, plan, by, details),
    )
