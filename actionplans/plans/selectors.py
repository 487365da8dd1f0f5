"""The reads that views, tasks and documents share, scoped to what the person may see.

Another partnership's plan is never in these querysets, so a view that starts from one answers
"Page not found" for it."""

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from actionplans.plans.models import Action, ActionPlan, ActionQuerySet, ProgressUpdate
from agencies.models import Membership, User
from agencies.permissions import (
    AnyUser,
    partnerships_of,
)


def visible_plans(user: AnyUser) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(inspection__partnership__in=partnerships_of(user))


def plan_or_404(user: AnyUser, pk: int, rule: str | None = None) -> ActionPlan:
    """For views: a plan of the user's partnerships (404 otherwise), then 403 unless `rule`
    allows the user on it. Another partnership's plan is "not found", never "forbidden", so
    its existence is not given away."""
    plan = get_object_or_404(visible_plans(user).select_related("inspection__partnership"), pk=pk)
    if rule and not rules.test_rule(rule, user, plan):
        raise PermissionDenied
    return plan


def visible_actions(user: AnyUser) -> ActionQuerySet:
    return Action.objects.filter(plan__inspection__partnership__in=partnerships_of(user))


def action_or_404(user: AnyUser, pk: int, rule: str | None = None) -> Action:
    """For views: an action of the user's partnerships (404 otherwise), then 403 unless `rule`
    allows the user on it."""
    action = get_object_or_404(
        visible_actions(user).select_related(
            "plan__inspection__partnership", "owner_agency", "recommendation"
        ),
        pk=pk,
    )
    if rule and not rules.test_rule(rule, user, action):
        raise PermissionDenied
    return action


def visible_progress_updates(user: AnyUser) -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.filter(
        action__plan__inspection__partnership__in=partnerships_of(user)
    )


OPEN_PLAN_STATUSES = [
    ActionPlan.Status.DRAFT,
    ActionPlan.Status.SUBMITTED,
    ActionPlan.Status.MONITORING,
]


def actions_of(user: User) -> Any:
    """Actions a person answers for: all of a lead's plans, an owner's agency's, or led by them."""
    memberships = Membership.objects.active().filter(user=user)
    lead_of = memberships.filter(role=Membership.Role.LEAD).values("partnership")
    owned = memberships.filter(role=Membership.Role.OWNER)
    member_of = memberships.values("partnership")
    return Action.objects.filter(plan__status__in=OPEN_PLAN_STATUSES).filter(
        Q(plan__inspection__partnership__in=lead_of)
        | Q(
            Exists(
                owned.filter(
                    partnership=OuterRef("plan__inspection__partnership"),
                    agency=OuterRef("owner_agency"),
                )
            )
        )
        | Q(lead_user=user, plan__inspection__partnership__in=member_of)
    )
