"""The reads of a partnership's overview: its plans with their figures, and the actions making
little progress. Each runs a fixed number of queries whatever the number of plans or actions.

Two seams are kept to one function each, so that a change of model changes one place:
- the regime a plan answers (`regime_label`, `regime_choices`, `filter_by_regime`): today the
  inspection's kind;
- the actions that count towards a plan (`plan_actions`, counted by `delivery_by_plan`): the
  plan's own actions and those of other plans linked to its recommendations.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from actionplans.measures import figures
from actionplans.plans.models import (
    Action,
    ActionLink,
    ActionPlan,
    ActionQuerySet,
    ProgressUpdate,
    Rag,
)
from actionplans.plans.readiness import Gap, readiness_of_plans
from actionplans.plans.selectors import NEWEST_FIRST
from agencies.models import Partnership
from inspections.models import Inspection


def partnership_plans(partnership: Partnership) -> QuerySet[ActionPlan]:
    """Every plan of the partnership, with what its row names."""
    return ActionPlan.objects.filter(inspection__partnership=partnership).select_related(
        "inspection__partnership", "inspection__regime"
    )


# The regime ---------------------------------------------------------------------------------


def regime_label(inspection: Inspection) -> str:
    """The source of a plan in words, e.g. "Joint targeted area inspection (JTAI)"."""
    return inspection.regime.name


def regime_choices(plans: QuerySet[ActionPlan]) -> list[tuple[str, str]]:
    """The regimes the plans answer, for the filter: only those there are. One query."""
    rows = plans.order_by("inspection__regime__position", "inspection__regime__name").values_list(
        "inspection__regime__code", "inspection__regime__name"
    )
    return list(dict.fromkeys(rows))


def filter_by_regime(plans: QuerySet[ActionPlan], regime: str) -> QuerySet[ActionPlan]:
    return plans.filter(inspection__regime__code=regime)


def filter_by_status(plans: QuerySet[ActionPlan], status: str) -> QuerySet[ActionPlan]:
    return plans.filter(status=status)


# The figures of each plan -------------------------------------------------------------------


def plan_actions(plans: QuerySet[ActionPlan]) -> ActionQuerySet:
    """The actions that count towards the plans, each once: each plan's own, and those of other
    plans that also answer one of their recommendations. No join, so no row is repeated."""
    linked = ActionLink.objects.filter(
        action=OuterRef("pk"), recommendation__inspection__action_plan__in=plans
    )
    return Action.objects.filter(Q(plan__in=plans) | Exists(linked))


@dataclass(frozen=True)
class Delivery:
    """A plan's actions: how many, complete, and, of the open ones, by RAG and overdue."""

    total: int
    complete: int
    on_track: int
    amber: int
    red: int
    overdue: int
    days_left: int | None


def delivery_by_plan(plans: QuerySet[ActionPlan], today: dt.date) -> dict[int, Delivery]:
    """Each plan's delivery, by plan id: the same counts as the dashboard across partnerships
    (`figures.plan_rows`). Two queries."""
    return {
        row.plan.pk: Delivery(
            total=row.tally.total,
            complete=row.tally.complete,
            on_track=row.tally.by_rag[Rag.GREEN],
            amber=row.tally.by_rag[Rag.AMBER],
            red=row.tally.by_rag[Rag.RED],
            overdue=row.overdue,
            days_left=row.days_left,
        )
        for row in figures.plan_rows(plans, plan_actions(plans), today)
    }


@dataclass(frozen=True)
class PlanRow:
    """One plan in the overview's table."""

    plan: ActionPlan
    regime: str
    delivery: Delivery
    # What still stops a draft from being sent (as Check and submit says); None once sent.
    gaps: list[Gap] | None

    @property
    def is_ready(self) -> bool:
        return self.gaps is not None and not self.gaps


def overview_rows(plans: QuerySet[ActionPlan], today: dt.date) -> list[PlanRow]:
    """The plans, newest inspection first, with their regime, delivery and readiness."""
    listed = list(plans.order_by("-inspection__fieldwork_start", "pk"))
    delivery = delivery_by_plan(plans, today)
    drafts = [plan for plan in listed if plan.status == ActionPlan.Status.DRAFT]
    gaps = readiness_of_plans(drafts, today=today)
    return [
        PlanRow(
            plan=plan,
            regime=regime_label(plan.inspection),
            delivery=delivery[plan.pk],
            gaps=gaps.get(plan.pk),
        )
        for plan in listed
    ]


# Areas with little progress -----------------------------------------------------------------


@dataclass(frozen=True)
class LittleProgress:
    """An action making little progress, and why it is listed, in words."""

    action: Action
    reasons: list[str]


def _red_twice(actions: ActionQuerySet) -> dict[int, tuple[dt.date, dt.date]]:
    """The actions red in their last two progress updates, with those updates' dates (older
    first). One query. Only the updates that may leave the partnership count: this list goes
    into the yearly report. A lead's reopening is not the owner's report of progress."""
    updates = (
        ProgressUpdate.objects.shareable()
        .filter(action__in=actions.values("pk"), reopened=False)
        .annotate(newest=Window(RowNumber(), partition_by=[F("action_id")], order_by=NEWEST_FIRST))
        .filter(newest__lte=2)
        .values_list("action_id", "newest", "rag", "date")
    )
    last_two: dict[int, dict[int, tuple[str, dt.date]]] = {}
    for action_id, newest, rag, date in updates:
        last_two.setdefault(action_id, {})[newest] = (rag, date)
    return {
        action_id: (rows[2][1], rows[1][1])
        for action_id, rows in last_two.items()
        if len(rows) == 2 and rows[1][0] == rows[2][0] == Rag.RED
    }


def little_progress(plans: QuerySet[ActionPlan], today: dt.date) -> list[LittleProgress]:
    """The actions of the plans that have slipped (due later than first planned), are overdue
    and not complete, or were red in their last two progress updates in a row. Two queries."""
    actions = plan_actions(plans)
    red_twice = _red_twice(actions)
    slipped = Q(revised_due_date__gt=F("due_date"))
    overdue = Q(effective_due_date__lt=today) & ~Q(status=Action.Status.COMPLETE)
    listed = (
        actions.filter(slipped | overdue | Q(pk__in=list(red_twice)))
        .select_related("plan__inspection__regime", "recommendation", "owner_agency")
        .order_by(
            "-plan__inspection__fieldwork_start",
            "plan",
            "recommendation__position",
            "recommendation__reference",
            "position",
            "reference",
        )
    )
    found = []
    for action in listed:
        reasons = []
        if action.revised_due_date and action.revised_due_date > action.due_date:
            reasons.append(
                f"Due date moved from {action.due_date:%-d %B %Y} "
                f"to {action.revised_due_date:%-d %B %Y}"
            )
        if action.is_overdue(today):
            reasons.append(f"Overdue: due {action.current_due_date:%-d %B %Y} and not complete")
        if action.pk in red_twice:
            older, newer = red_twice[action.pk]
            reasons.append(f"Red in the last two updates ({older:%-d %B %Y} and {newer:%-d %B %Y})")
        found.append(LittleProgress(action=action, reasons=reasons))
    return found
