"""The reads behind linking and the traceability view, each in a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, QuerySet

from actionplans.plans.models import Action, ActionLink, ActionPlan
from agencies.models import Partnership
from inspections.models import Recommendation


def linkable_actions(
    plan: ActionPlan, recommendation: Recommendation | None = None
) -> QuerySet[Action]:
    """The partnership's actions of its OTHER plans, that may also answer a recommendation of
    `plan` (not those already linked to `recommendation`), grouped by plan."""
    actions = (
        Action.objects.filter(plan__inspection__partnership_id=plan.inspection.partnership_id)
        .exclude(plan=plan)
        .select_related("plan__inspection__regime", "owner_agency")
        .order_by("plan__inspection__fieldwork_start", "plan_id", "position", "reference")
    )
    if recommendation is not None:
        actions = actions.exclude(links__recommendation=recommendation)
    return actions


def by_plan(actions: list[Action]) -> list[tuple[str, list[Action]]]:
    """The actions under their plans' short names, in the order given."""
    return [
        (group[0].plan.inspection.short_name, group)
        for _, rows in groupby(actions, key=lambda a: a.plan_id)
        for group in [list(rows)]
    ]


@dataclass(frozen=True)
class TracedAction:
    action: Action
    plan_name: str  # the short name of the plan that owns it
    shared: bool  # made for another recommendation, linked to this one
    evidence: int

    @property
    def due(self) -> dt.date:
        return self.action.effective_due_date


@dataclass
class TracedRecommendation:
    recommendation: Recommendation
    source: str  # the inspection's (or review's) short name
    actions: list[TracedAction] = field(default_factory=list)


def traceability(partnership: Partnership) -> list[TracedRecommendation]:
    """Every recommendation of every source of the partnership, each with what answers it: its
    own actions and those linked to it. Three queries, whatever the number of sources."""
    recommendations = (
        Recommendation.objects.filter(inspection__partnership=partnership)
        .select_related("inspection__regime")
        .order_by("inspection__fieldwork_start", "inspection_id", "position", "reference")
    )
    actions = {
        a.pk: a
        for a in Action.objects.filter(plan__inspection__partnership=partnership)
        .select_related("plan__inspection__regime", "owner_agency")
        .annotate(evidence_count=Count("evidence"))
        .order_by("position", "reference")
    }
    linked: dict[int, list[int]] = {}
    for action_id, recommendation_id in ActionLink.objects.filter(
        recommendation__inspection__partnership=partnership
    ).values_list("action_id", "recommendation_id"):
        linked.setdefault(recommendation_id, []).append(action_id)
    own: dict[int, list[Action]] = {}
    for action in actions.values():
        own.setdefault(action.recommendation_id, []).append(action)

    def traced(action: Action, shared: bool) -> TracedAction:
        return TracedAction(
            action,
            action.plan.inspection.short_name,
            shared,
            action.evidence_count,  # type: ignore[attr-defined]  # annotated above
        )

    rows = []
    for recommendation in recommendations:
        row = TracedRecommendation(recommendation, recommendation.inspection.short_name)
        row.actions = [traced(a, False) for a in own.get(recommendation.pk, [])] + [
            traced(actions[pk], True) for pk in linked.get(recommendation.pk, []) if pk in actions
        ]
        rows.append(row)
    return rows
