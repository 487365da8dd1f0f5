"""Who may close a plan and look after a partnership's records.

Closing and reopening are the lead's, like the rest of the plan. Retention and legal holds are
the lead's too, and also a superuser's: a hold may have to be placed by the service's operator
for an inquiry that no lead of the partnership has yet been told of. This is the one place a
superuser gets more than their memberships, and only for records."""

import rules

from actionplans.plans.models import ActionPlan
from agencies.models import Partnership, User
from agencies.permissions import AnyUser, is_lead


def _is_superuser(user: AnyUser) -> bool:
    return isinstance(user, User) and user.is_active and user.is_superuser


def can_close_plan(user: AnyUser, plan: ActionPlan | None) -> bool:
    return plan is not None and is_lead(user, plan.inspection.partnership)


def can_manage_records(user: AnyUser, partnership: Partnership | None) -> bool:
    return partnership is not None and (is_lead(user, partnership) or _is_superuser(user))


def can_hold_plan(user: AnyUser, plan: ActionPlan | None) -> bool:
    return plan is not None and can_manage_records(user, plan.inspection.partnership)


def can_export_subject_access(user: AnyUser, target: object = None) -> bool:
    """The service's operator answers a subject access request, for any partnership's people."""
    return _is_superuser(user)


rules.add_rule("can_close_plan", can_close_plan)
rules.add_rule("can_export_subject_access", can_export_subject_access)
rules.add_rule("can_manage_records", can_manage_records)
rules.add_rule("can_hold_plan", can_hold_plan)
