"""Is the plan ready to send? Each gap says what is missing and links to where it is fixed."""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from actionplans.plans.models import Action, ActionLink, ActionPlan
from inspections.models import Finding, Recommendation


@dataclass(frozen=True)
class Gap:
    message: str
    url: str
    # The action the gap is about, if any: the deadline reminder tells that action's owners.
    action_id: int | None = None


def _fix(url: str, checklist: str, field: str = "") -> str:
    """A "fix this" link: it lands on the field, and saving comes back to the checklist."""
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'next': checklist})}" + (
        f"#{field}" if field else ""
    )


def check_readiness(plan: ActionPlan, *, today: dt.date) -> list[Gap]:
    """What stops the plan from being complete, in a fixed number of queries."""
    return readiness_of_plans([plan], today=today)[plan.pk]


def readiness_of_plans(plans: list[ActionPlan], *, today: dt.date) -> dict[int, list[Gap]]:
    """Each plan's gaps, by plan id, in the same fixed number of queries whatever the number of
    plans (a partnership's overview lists them all). The plans come with their inspections."""
    actions_of: dict[int, list[Action]] = {plan.pk: [] for plan in plans}
    for action in (
        Action.objects.filter(plan__in=list(actions_of))
        .select_related("recommendation")
        .order_by("plan", "reference")
    ):
        actions_of[action.plan_id].append(action)
    areas_of: dict[int, list[Finding]] = {plan.inspection_id: [] for plan in plans}
    for finding in Finding.objects.filter(
        inspection__in=list(areas_of), kind=Finding.Kind.AREA_FOR_IMPROVEMENT
    ).order_by("inspection", "position", "reference"):
        areas_of[finding.inspection_id].append(finding)
    # An area that already has a recommendation needs an action on it, not another
    # recommendation: the link goes to "Add an action" with that recommendation chosen.
    # Asked only when an area is unanswered, so ready plans cost no extra query.
    missing = {
        plan.pk: [f for f in areas_of[plan.inspection_id] if f.pk not in answered]
        for plan in plans
        for answered in [{a.recommendation.finding_id for a in actions_of[plan.pk]}]
    }
    if any(missing.values()):
        # An action of another plan linked to the area's recommendation answers it too.
        linked = set(
            ActionLink.objects.filter(
                recommendation__finding__in=[f.pk for found in missing.values() for f in found]
            ).values_list("recommendation__finding_id", flat=True)
        )
        missing = {pk: [f for f in found if f.pk not in linked] for pk, found in missing.items()}
    unanswered: dict[int, Recommendation] = {}
    if any(missing.values()):
        for recommendation in Recommendation.objects.filter(
            finding__in=[f.pk for found in missing.values() for f in found]
        ).order_by("reference", "pk"):
            unanswered.setdefault(recommendation.finding_id, recommendation)  # type: ignore[arg-type]
    return {
        plan.pk: _gaps(
            plan,
            actions=actions_of[plan.pk],
            has_areas=bool(areas_of[plan.inspection_id]),
            missing=missing[plan.pk],
            unanswered=unanswered,
            today=today,
        )
        for plan in plans
    }


def _gaps(
    plan: ActionPlan,
    *,
    actions: list[Action],
    has_areas: bool,
    missing: list[Finding],
    unanswered: dict[int, Recommendation],
    today: dt.date,
) -> list[Gap]:
    """One plan's gaps from what `readiness_of_plans` read: no query of its own."""
    inspection = plan.inspection
    checklist = reverse("actionplans:plan-readiness", args=[plan.pk])
    gaps: list[Gap] = []
    for finding in missing:
        chosen = unanswered.get(finding.pk)
        if chosen is not None:
            fix = (
                reverse("actionplans:action-create", args=[plan.pk])
                + f"?recommendation={chosen.pk}"
            )
        else:
            fix = (
                reverse("inspections:recommendation-create", args=[inspection.pk])
                + f"?finding={finding.pk}"
            )
        gaps.append(
            Gap(f"Area for improvement {finding.reference} has no action", _fix(fix, checklist))
        )
    if not has_areas:
        gaps.append(
            Gap(
                "No areas for improvement are recorded from the letter",
                _fix(reverse("inspections:finding-create", args=[inspection.pk]), checklist),
            )
        )
    for action in actions:
        edit = reverse("actionplans:action-update", args=[action.pk])
        if not action.lead_name.strip():
            gaps.append(
                Gap(
                    f"Action {action.reference} has no named lead person",
                    _fix(edit, checklist, "id_lead_name"),
                    action.pk,
                )
            )
        if not action.success_measure.strip():
            gaps.append(
                Gap(
                    f"Action {action.reference} has no success measure",
                    _fix(edit, checklist, "id_success_measure"),
                    action.pk,
                )
            )
        if action.is_overdue(today):
            message = (
                f"Action {action.reference} is overdue: its revised due date, "
                f"{action.revised_due_date:%-d %B %Y}, has passed"
                if action.revised_due_date
                else f"Action {action.reference} is overdue with no revised date or reason"
            )
            gaps.append(
                Gap(
                    message,
                    _fix(
                        reverse("actionplans:action-revise-due-date", args=[action.pk]),
                        checklist,
                        "id_revised_due_date_0",
                    ),
                    action.pk,
                )
            )
    return gaps
