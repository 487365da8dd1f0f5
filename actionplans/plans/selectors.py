"""The reads that views, tasks and documents share, scoped to what the person may see.

Another partnership's plan is never in these querysets, so a view that starts from one answers
"Page not found" for it."""

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, NamedTuple

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404

from actionplans.plans.models import (
    Action,
    ActionLink,
    ActionPlan,
    ActionQuerySet,
    ProgressUpdate,
    Rag,
)
from agencies.models import Agency, Membership, User
from agencies.permissions import (
    AnyUser,
    is_member,
    membership_rows,
    partnerships_of,
)
from inspections.models import Recommendation


def plan_actions(plan: ActionPlan) -> ActionQuerySet:
    """Every action the plan counts, each once: its own, and those of the partnership's other
    plans that also answer one of its recommendations (however many of them). No join, so no
    row is repeated and no DISTINCT is needed."""
    linked = ActionLink.objects.filter(
        action=OuterRef("pk"), recommendation__inspection_id=plan.inspection_id
    )
    return Action.objects.filter(Q(plan=plan) | Exists(linked))


def answer_label(recommendation: Recommendation) -> str:
    """A recommendation named away from its plan: "JTAI 2025 R3"."""
    return f"{recommendation.inspection.short_name} {recommendation.reference}"


def visible_plans(user: AnyUser) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(inspection__partnership__in=partnerships_of(user))


def plan_or_404(user: AnyUser, pk: int, rule: str | None = None) -> ActionPlan:
    """For views: a plan of the user's partnerships (404 otherwise), then 403 unless `rule`
    allows the user on it. Another partnership's plan is "not found", never "forbidden", so
    its existence is not given away."""
    # The same rule as `visible_plans`, answered from the person's cached memberships: the
    # query is then a plain lookup by key, on the page every member opens most.
    plan = (
        ActionPlan.objects.select_related("inspection__partnership", "inspection__regime")
        .filter(pk=pk)
        .first()
    )
    if plan is None or not is_member(user, plan.inspection.partnership):
        raise Http404
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
            "plan__inspection__partnership",
            "plan__inspection__regime",
            "owner_agency",
            "recommendation",
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


def owned_or_led_actions(user: AnyUser) -> ActionQuerySet:
    """My actions: the open actions their agencies own (where they are an owner) or that name
    them as lead person, soonest due first. A lead's whole plan is not here: they have the plan
    page; this is the person's own to-do list."""
    # Built from the person's cached memberships, as plain column tests (no subquery, no
    # DISTINCT): this is the page an owner opens most.
    if not user.is_authenticated or not user.is_active:
        return Action.objects.none()
    rows = membership_rows(user)
    mine = Q(
        lead_user_id=user.pk,
        plan__inspection__partnership_id__in=[row.partnership_id for row in rows],
    )
    for row in rows:
        if row.role == Membership.Role.OWNER:
            mine |= Q(
                plan__inspection__partnership_id=row.partnership_id,
                owner_agency_id=row.agency_id,
            )
    return Action.objects.filter(mine).open().order_by("effective_due_date", "reference")


class RecentUpdates(NamedTuple):
    """What an owner needs beside an action's row to write the next update."""

    # The last update that is not a send-back: usually the owner's own.
    last: ProgressUpdate | None
    # The lead's send-back, while no update has come after it.
    sent_back: ProgressUpdate | None


NO_UPDATES = RecentUpdates(None, None)
NEWEST_FIRST = ("-date", "-created_at", "-pk")


def recent_updates(actions: list[Action]) -> dict[int, RecentUpdates]:
    """Each action's last update and its unanswered send-back, by action id, in one query
    whatever the number of actions: the newest row of each (action, sent back or not) pair."""
    newest = ProgressUpdate.objects.filter(action__in=[a.pk for a in actions]).annotate(
        newest=Window(
            RowNumber(), partition_by=[F("action_id"), F("sent_back")], order_by=NEWEST_FIRST
        )
    )
    found: dict[int, dict[bool, ProgressUpdate]] = {}
    for update in newest.filter(newest=1):
        found.setdefault(update.action_id, {})[update.sent_back] = update
    answer = {}
    for action_id, pair in found.items():
        last, sent_back = pair.get(False), pair.get(True)
        if last and sent_back and _order(last) > _order(sent_back):
            sent_back = None  # answered since
        answer[action_id] = RecentUpdates(last, sent_back)
    return answer


def _order(update: ProgressUpdate) -> tuple[dt.date, dt.datetime, int]:
    return (update.date, update.created_at, update.pk)


def actions_answered_for(user: User) -> ActionQuerySet:
    """What reminders, the digest and the calendar feed speak of: every action of a lead's plans,
    an owner's agency's, and those naming the person as lead, in plans still open. Wider than
    `owned_or_led_actions` (a lead answers for the whole plan) and built on active memberships
    alone, since tasks have no request."""
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


class PlanSection(NamedTuple):
    recommendation: Recommendation
    actions: list[Action]

    @property
    def own(self) -> list[Action]:
        """The actions made for this recommendation (in the plan's order)."""
        return [a for a in self.actions if a.recommendation_id == self.recommendation.pk]

    @property
    def linked(self) -> list[Action]:
        """The actions made for another recommendation that answer this one too."""
        return [a for a in self.actions if a.recommendation_id != self.recommendation.pk]

    @property
    def references(self) -> list[str]:
        return [a.reference for a in self.own]

    @property
    def renumbered(self) -> list[str]:
        """The references the actions would have, numbered in their order: 2.1, 2.2, …"""
        return [f"{self.recommendation.reference}.{n}" for n in range(1, len(self.own) + 1)]

    @property
    def out_of_order(self) -> bool:
        """Moves have left the references out of sequence (2.1, 2.3, 2.2)."""
        return sorted(self.references, key=reference_key) != self.references


def plan_sections(plan: ActionPlan, actions: QuerySet[Action] | None = None) -> list[PlanSection]:
    """The plan as it reads, on its page and in its documents: each recommendation of the
    inspection in order, with its actions in the plan's order: its own, then those linked to it
    (an action of another plan, or of this one under another recommendation). A caller that
    needs more of each action passes `actions`, scoped with `plan_actions`, with its own
    select_related or prefetch. Two queries; one more when an action is linked, and one more
    when another plan's action is shown.

    Each action carries `owned_by` (the short name of the plan that owns it, "" when this one
    does) and `elsewhere` (the recommendations of other plans it answers: "JTAI 2025 R3")."""
    if actions is None:
        actions = plan_actions(plan).select_related("owner_agency")
    # Flagged in the same query, so that a plan sharing nothing costs no query more.
    any_link = ActionLink.objects.filter(action=OuterRef("pk"))
    listed = list(actions.annotate(linked=Exists(any_link)).order_by("position", "reference"))
    with_links = [a.pk for a in listed if a.linked]  # type: ignore[attr-defined]  # annotated
    links = (
        list(
            ActionLink.objects.filter(action_id__in=with_links).select_related(
                "recommendation__inspection"
            )
        )
        if with_links
        else []
    )
    shared = {a.recommendation_id for a in listed if a.plan_id != plan.pk}
    own_recommendations = (
        {
            r.pk: r
            for r in Recommendation.objects.filter(pk__in=shared).select_related(
                "inspection__regime"
            )
        }
        if shared
        else {}
    )
    by_action: dict[int, list[ActionLink]] = {}
    for link in links:
        by_action.setdefault(link.action_id, []).append(link)
    by_recommendation: dict[int, list[Action]] = {}
    linked_here: dict[int, list[Action]] = {}
    for action in listed:
        own = own_recommendations.get(action.recommendation_id)
        action.owned_by = own.inspection.short_name if own else ""  # type: ignore[attr-defined]
        action.elsewhere = [answer_label(own)] if own else []  # type: ignore[attr-defined]
        if action.plan_id == plan.pk:
            by_recommendation.setdefault(action.recommendation_id, []).append(action)
        for link in by_action.get(action.pk, []):
            if link.recommendation.inspection_id == plan.inspection_id:
                linked_here.setdefault(link.recommendation_id, []).append(action)
            else:
                action.elsewhere.append(answer_label(link.recommendation))  # type: ignore[attr-defined]
    recommendations = plan.inspection.recommendations.select_related(
        "lead_agency", "finding", "source_agency"
    )
    return [
        PlanSection(r, by_recommendation.get(r.pk, []) + linked_here.get(r.pk, []))
        for r in recommendations
    ]


def distinct_count(sections: list[PlanSection]) -> int:
    """The plan's actions counted once each, though one may answer several recommendations."""
    return len({action.pk for section in sections for action in section.actions})


class ActionFilters(NamedTuple):
    """What a person looks for in a plan: search text, filters and an order."""

    text: str = ""
    agency_id: int | None = None
    status: str = ""
    rag: str = ""
    overdue: bool = False
    awaiting_sign_off: bool = False
    sort: str = ""  # "" is the plan's own order; else one of SORTS


# Worst first, then not yet rated (someone still has to judge it), then the good news.
RAG_ORDER: dict[str, int] = {Rag.RED: 0, Rag.AMBER: 1, Rag.NOT_RATED: 2, Rag.GREEN: 3, Rag.BLUE: 4}


def reference_key(reference: str) -> tuple[tuple[int, int | str], ...]:
    """Puts "1.10" after "1.9": each part of a reference compares as a number when it is one."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.lower())
        for part in re.split(r"[.\s]+", reference)
    )


SORTS: dict[str, Callable[[Action], Any]] = {
    "due": lambda action: (action.effective_due_date, reference_key(action.reference)),
    "reference": lambda action: reference_key(action.reference),
    "rag": lambda action: (
        RAG_ORDER.get(action.rag, len(RAG_ORDER)),
        action.effective_due_date,
        reference_key(action.reference),
    ),
}


def filtered_actions(
    user: AnyUser, plan: ActionPlan, filters: ActionFilters, today: dt.date
) -> ActionQuerySet:
    """The actions of `plan` the person may see that match `filters`, in one query. The
    search looks in the reference, the title, the named lead and the text of every progress
    update the person may see."""
    actions = visible_actions(user) & plan_actions(plan)
    if filters.text:
        text = filters.text
        in_updates = visible_progress_updates(user).filter(
            action=OuterRef("pk"), text__icontains=text
        )
        actions = actions.filter(
            Q(reference__icontains=text)
            | Q(title__icontains=text)
            | Q(lead_name__icontains=text)
            | Exists(in_updates)
        )
    if filters.agency_id is not None:
        actions = actions.filter(owner_agency_id=filters.agency_id)
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.rag:
        actions = actions.filter(rag=filters.rag)
    if filters.overdue:
        actions = actions.overdue(today)
    if filters.awaiting_sign_off:
        actions = actions.filter(status=Action.Status.AWAITING_SIGN_OFF)
    return actions


class FoundActions(NamedTuple):
    sections: list[PlanSection]  # only the recommendations with an action shown
    shown: int
    total: int  # every action of the plan the person may see


def find_in_plan(
    user: AnyUser, plan: ActionPlan, filters: ActionFilters, today: dt.date
) -> FoundActions:
    """The plan page when someone searches, filters or sorts: the matching actions grouped by
    recommendation, in the order asked for within each. Three queries, whatever the plan's size."""
    found = filtered_actions(user, plan, filters, today).select_related("owner_agency")
    sections = [section for section in plan_sections(plan, found) if section.actions]
    if filters.sort in SORTS:
        for section in sections:
            section.actions.sort(key=SORTS[filters.sort])
    shown = distinct_count(sections)
    total = (visible_actions(user) & plan_actions(plan)).count()
    return FoundActions(sections, shown, total)


def agencies_in_plan(user: AnyUser, plan: ActionPlan) -> QuerySet[Agency]:
    """The agencies that own an action of the plan the person may see: the choices of its
    agency filter."""
    owning = (visible_actions(user) & plan_actions(plan)).values("owner_agency")
    return Agency.objects.filter(pk__in=owning).order_by("name")


def suggested_reference(plan: ActionPlan, recommendation: Recommendation) -> str:
    """The next free reference under a recommendation: "2.3" after 2.1 and 2.2 of recommendation
    2. The lead may type another."""
    taken = {
        r.lower() for r in Action.objects.filter(plan=plan).values_list("reference", flat=True)
    }
    number = recommendation.actions.filter(plan=plan).count() + 1
    while f"{recommendation.reference}.{number}".lower() in taken:
        number += 1
    return f"{recommendation.reference}.{number}"
