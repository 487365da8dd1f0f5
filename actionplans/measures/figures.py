"""The figures of the progress dashboard: one function per panel.

Every function takes an already-scoped queryset (from `plans/selectors.visible_actions` and the
dashboard's filters) and runs a fixed, small number of aggregate queries, whatever the number of
rows: counting happens in the database, and lists are cut to `LIST_LIMIT` rows with their full
count beside them.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from actionplans.measures.impact import MeasureSummary, delivery_rag, impact_rag, movement
from actionplans.measures.models import Measure, MeasureReading
from actionplans.plans.models import (
    Action,
    ActionLink,
    ActionPlan,
    ActionQuerySet,
    ProgressUpdate,
    Rag,
)
from actionplans.plans.readiness import Gap, check_readiness

LIST_LIMIT = 25
DUE_SOON_DAYS = 14
STATUSES = list(Action.Status)
RAGS = list(Rag)


@dataclass
class Tally:
    """Actions counted by status and by RAG."""

    label: str = ""
    key: int | None = None
    short_label: str = ""  # for a chart's narrow label column
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    by_rag: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RAGS, 0))

    def add(self, status: str, rag: str, count: int) -> None:
        self.by_status[status] = self.by_status.get(status, 0) + count
        self.by_rag[rag] = self.by_rag.get(rag, 0) + count

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def complete(self) -> int:
        return self.by_status.get(Action.Status.COMPLETE, 0)

    @property
    def percent_complete(self) -> int:
        return round(100 * self.complete / self.total) if self.total else 0

    def status_cells(self) -> list[tuple[str, str, int]]:
        return [(s.value, s.label, self.by_status.get(s, 0)) for s in STATUSES]

    def rag_cells(self) -> list[tuple[str, str, int]]:
        return [(r.value, r.label, self.by_rag.get(r, 0)) for r in RAGS]


def action_tally(actions: QuerySet[Action]) -> Tally:
    """All the actions by status and by RAG. One query."""
    tally = Tally(label="All actions")
    for row in actions.order_by().values("status", "rag").annotate(n=Count("pk")):
        tally.add(row["status"], row["rag"], row["n"])
    return tally


def tally_by_agency(actions: QuerySet[Action]) -> list[Tally]:
    """One tally per owner agency, by name. One query."""
    tallies: dict[int, Tally] = {}
    rows = (
        actions.order_by()
        .values("owner_agency", "owner_agency__name", "owner_agency__short_name", "status", "rag")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        tally = tallies.setdefault(
            row["owner_agency"],
            Tally(
                label=row["owner_agency__name"],
                key=row["owner_agency"],
                short_label=row["owner_agency__short_name"],
            ),
        )
        tally.add(row["status"], row["rag"], row["n"])
    return sorted(tallies.values(), key=lambda t: t.label)


def tally_by_recommendation(
    actions: QuerySet[Action], plan: ActionPlan | None = None
) -> list[Tally]:
    """One tally per recommendation, in the plan's order. One query.

    On one plan's dashboard (`plan`), an action linked to a recommendation of the plan counts
    under that recommendation too, as the plan's page lists it; another plan's action counts
    only under the plan's recommendations it answers."""
    tallies: dict[int, tuple[tuple[int, int, str], Tally]] = {}
    rows = (
        (actions.filter(plan=plan) if plan is not None else actions)
        .order_by()
        .values(
            "recommendation",
            "recommendation__reference",
            "recommendation__title",
            "recommendation__position",
            "plan",
            "status",
            "rag",
        )
        .annotate(n=Count("pk"))
    )
    if plan is not None:
        linked = (
            ActionLink.objects.filter(
                action__in=actions, recommendation__inspection=plan.inspection_id
            )
            .order_by()
            .values(
                linked_recommendation=F("recommendation"),
                linked_reference=F("recommendation__reference"),
                linked_title=F("recommendation__title"),
                linked_position=F("recommendation__position"),
                linked_plan=F("recommendation__inspection__action_plan"),
                action_status=F("action__status"),
                action_rag=F("action__rag"),
            )
            .annotate(n=Count("action", distinct=True))
        )
        # A union keeps the first query's names.
        rows = rows.union(linked, all=True).order_by()
    for row in rows:
        label = f"{row['recommendation__reference']}. {row['recommendation__title']}"
        order = (row["plan"], row["recommendation__position"], row["recommendation__reference"])
        _, tally = tallies.setdefault(
            row["recommendation"], (order, Tally(label=label, key=row["recommendation"]))
        )
        tally.add(row["status"], row["rag"], row["n"])
    return [tally for _, tally in sorted(tallies.values(), key=lambda pair: pair[0])]


@dataclass
class ActionList:
    """The first `LIST_LIMIT` actions of a list, most urgent first, and how many there are."""

    actions: list[Action]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.actions)


def _listed(actions: QuerySet[Action], *ordering: str) -> ActionList:
    """Two queries: the count, and the first rows with what the list shows."""
    count = actions.count()
    rows = list(
        actions.select_related(
            "owner_agency", "plan__inspection__partnership", "plan__inspection__regime"
        ).order_by(*ordering)[:LIST_LIMIT]
    )
    return ActionList(actions=rows, count=count)


def overdue_actions(actions: ActionQuerySet, today: dt.date) -> ActionList:
    """Open actions past their (revised) due date, the longest overdue first."""
    return _listed(actions.overdue(today), "effective_due_date", "reference", "pk")


def due_soon_actions(actions: ActionQuerySet, today: dt.date) -> ActionList:
    """Open actions due from today to `DUE_SOON_DAYS` days ahead, the soonest first."""
    soon = actions.open().due_between(today, today + dt.timedelta(days=DUE_SOON_DAYS))
    return _listed(soon, "effective_due_date", "reference", "pk")


@dataclass
class Readiness:
    """The countdown to the submission deadline and what still stops the plan being ready: the
    same gaps, in the same words, as Check and submit shows."""

    deadline: dt.date | None
    days_left: int | None
    gaps: list[Gap]

    @property
    def ready(self) -> bool:
        return not self.gaps

    @property
    def days_past(self) -> int:
        """How many days ago the deadline passed (0 when it has not)."""
        return max(0, -(self.days_left or 0))


def readiness(plan: ActionPlan, today: dt.date) -> Readiness:
    """Countdown to the submission deadline and the plan's readiness gaps. Two queries."""
    deadline = plan.inspection.effective_deadline
    return Readiness(
        deadline=deadline,
        days_left=_days_until(deadline, today),
        gaps=check_readiness(plan, today=today),
    )


@dataclass
class Headline:
    """The band of figures the dashboard opens with, read at a glance."""

    actions: int
    percent_complete: int
    overdue: int
    awaiting_sign_off: int
    measures: int
    measures_on_track: int
    days_since_submission: int | None

    @property
    def monitoring(self) -> bool:
        """After submission the band leads with delivery and impact, not the passed deadline."""
        return self.days_since_submission is not None


def headline(
    plan: ActionPlan | None,
    overall: Tally,
    overdue: ActionList,
    summaries: list[MeasureSummary],
    today: dt.date,
) -> Headline:
    """No query of its own: it reads the figures the dashboard has already counted."""
    submitted = plan.submitted_at if plan is not None else None
    return Headline(
        actions=overall.total,
        percent_complete=overall.percent_complete,
        overdue=overdue.count,
        awaiting_sign_off=overall.by_status.get(Action.Status.AWAITING_SIGN_OFF, 0),
        measures=len(summaries),
        measures_on_track=sum(1 for s in summaries if s.impact == Rag.GREEN),
        days_since_submission=(
            (today - timezone.localtime(submitted).date()).days if submitted else None
        ),
    )


@dataclass
class Changes:
    """What changed since a chosen date."""

    since: dt.date
    updates: list[ProgressUpdate]
    updates_count: int
    completed: ActionList
    slipped: ActionList
    revised: ActionList


def changes_since(actions: ActionQuerySet, since: dt.date, today: dt.date) -> Changes:
    """New progress updates, actions completed, and slipped actions since `since`. Eight queries.

    "Slipped" is exact: open actions whose due date passed between `since` and today. "Revised"
    lists open actions with a revised due date that were changed since then; the model keeps no
    history of revisions, so an action edited for another reason after a revision appears too.
    """
    updates = ProgressUpdate.objects.filter(action__in=actions.values("pk"), date__gte=since)
    latest_updates = list(
        updates.select_related("action", "author").order_by("-date", "-created_at", "-pk")[
            :LIST_LIMIT
        ]
    )
    completed = actions.filter(status=Action.Status.COMPLETE, signed_off_at__date__gte=since)
    slipped = actions.open().filter(effective_due_date__gte=since, effective_due_date__lt=today)
    revised = actions.open().filter(revised_due_date__isnull=False, updated_at__date__gte=since)
    return Changes(
        since=since,
        updates=latest_updates,
        updates_count=updates.count(),
        completed=_listed(completed, "-signed_off_at", "pk"),
        slipped=_listed(slipped, "effective_due_date", "pk"),
        revised=_listed(revised, "-updated_at", "pk"),
    )


def measure_summaries(
    measures: QuerySet[Measure], actions: QuerySet[Action]
) -> list[MeasureSummary]:
    """Each measure with its readings, movement, impact RAG and delivery RAG. Three queries.

    The delivery RAG is that of the measure's recommendation's actions (or the whole plan's, for a
    plan measure), within `actions`.
    """
    listed = list(
        measures.select_related(
            "recommendation",
            "owner_agency",
            "plan__inspection__partnership",
            "plan__inspection__regime",
        ).order_by("plan", "position", "name", "pk")
    )
    readings: dict[int, list[MeasureReading]] = defaultdict(list)
    for reading in MeasureReading.objects.filter(measure__in=[m.pk for m in listed]).order_by(
        "measure", "date"
    ):
        readings[reading.measure_id].append(reading)
    rags_by_recommendation: dict[int, set[str]] = defaultdict(set)
    rags_by_plan: dict[int, set[str]] = defaultdict(set)
    plan_ids = {m.plan_id for m in listed}
    rows = (
        actions.filter(plan__in=plan_ids)
        .order_by()
        .values_list("plan", "recommendation", "rag")
        .distinct()
    )
    for plan_id, recommendation_id, rag in rows:
        rags_by_recommendation[recommendation_id].add(rag)
        rags_by_plan[plan_id].add(rag)
    summaries = []
    for measure in listed:
        own = readings[measure.pk]
        rags: Iterable[str] = (
            rags_by_recommendation[measure.recommendation_id]
            if measure.recommendation_id
            else rags_by_plan[measure.plan_id]
        )
        summaries.append(
            MeasureSummary(
                measure=measure,
                readings=own,
                impact=impact_rag(measure, own),
                movement=movement(measure, own),
                delivery=delivery_rag(rags),
            )
        )
    return summaries


@dataclass
class PlanRow:
    """One plan on the dashboard across a person's partnerships."""

    plan: ActionPlan
    tally: Tally
    overdue: int
    due_soon: int
    days_left: int | None


def plan_rows(
    plans: QuerySet[ActionPlan], actions: QuerySet[Action], today: dt.date
) -> list[PlanRow]:
    """Each plan with its actions' tally and its overdue and due-soon counts, counting each action
    in every plan it answers. Two queries."""
    listed = list(
        plans.select_related("inspection__partnership", "inspection__regime").order_by(
            "inspection__partnership__name", "-inspection__fieldwork_start", "pk"
        )
    )
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    is_open = ~Q(status=Action.Status.COMPLETE)
    tallies: dict[int, Tally] = {plan.pk: Tally() for plan in listed}
    overdue: dict[int, int] = defaultdict(int)
    due_soon: dict[int, int] = defaultdict(int)
    rows = (
        actions.filter(plan__in=[p.pk for p in listed])
        .order_by()
        .values("plan", "status", "rag")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=is_open & Q(effective_due_date__lt=today)),
            due_soon=Count("pk", filter=is_open & Q(effective_due_date__range=(today, soon))),
        )
    )
    # Another plan's action that also answers one of a plan's recommendations counts in that
    # plan too, once however many of them it answers. In the same query as the plan's own.
    linked = (
        ActionLink.objects.filter(
            action__in=actions, recommendation__inspection__action_plan__in=[p.pk for p in listed]
        )
        .exclude(action__plan__inspection=F("recommendation__inspection"))
        .order_by()
        .values(
            plan_id=F("recommendation__inspection__action_plan"),
            action_status=F("action__status"),
            action_rag=F("action__rag"),
        )
        .annotate(
            n=Count("action", distinct=True),
            overdue=Count(
                "action",
                distinct=True,
                filter=~Q(action__status=Action.Status.COMPLETE)
                & Q(action__effective_due_date__lt=today),
            ),
            due_soon=Count(
                "action",
                distinct=True,
                filter=~Q(action__status=Action.Status.COMPLETE)
                & Q(action__effective_due_date__range=(today, soon)),
            ),
        )
    )
    # A union keeps the first query's names: plan, status, rag, n, overdue, due_soon.
    for row in rows.union(linked, all=True).order_by():
        tallies[row["plan"]].add(row["status"], row["rag"], row["n"])
        overdue[row["plan"]] += row["overdue"]
        due_soon[row["plan"]] += row["due_soon"]
    return [
        PlanRow(
            plan=p,
            tally=tallies[p.pk],
            overdue=overdue[p.pk],
            due_soon=due_soon[p.pk],
            days_left=_days_until(p.inspection.effective_deadline, today),
        )
        for p in listed
    ]


def _days_until(deadline: dt.date | None, today: dt.date) -> int | None:
    return (deadline - today).days if deadline else None
