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
    inspection = plan.inspection
    checklist = reverse("actionplans:plan-readiness", args=[plan.pk])
    gaps: list[Gap] = []
    actions = list(
        Action.objects.filter(plan=plan).select_related("recommendation").order_by("reference")
    )
    answered = {a.recommendation.finding_id for a in actions}
    areas = Finding.objects.filter(
        inspection=inspection, kind=Finding.Kind.AREA_FOR_IMPROVEMENT
    ).order_by("position", "reference")
    # An area that already has a recommendation needs an action on it, not another
    # recommendation: the link goes to "Add an action" with that recommendation chosen.
    # Asked only when an area is unanswered, so a ready plan costs no extra query.
    missing = [f for f in areas if f.pk not in answered]
    if missing:
        # An action of another plan linked to the area's recommendation answers it too.
        linked = ActionLink.objects.filter(
            recommendation__inspection=inspection,
            recommendation__finding__in=[f.pk for f in missing],
        ).values_list("recommendation__finding_id", flat=True)
        answered |= set(linked)
        missing = [f for f in missing if f.pk not in answered]
    unanswered: dict[int, Recommendation] = {}
    if missing:
        for recommendation in Recommendation.objects.filter(
            finding__in=[f.pk for f in missing]
        ).order_by("reference", "pk"):
            unanswered.setdefault(recommendation.finding_id, recommendation)  # type: ignore[arg-type]
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
    if not areas:
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
