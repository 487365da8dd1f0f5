"""Pages of the action plan. Views stay thin: querysets come scoped from `permissions`."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from actionplans.models import Action, ProgressUpdate
from actionplans.permissions import visible_actions, visible_plans
from actionplans.views_dashboard import manager_landing_url


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # A manager reviews progress, so they land on the dashboard (issue 6).
    if landing := manager_landing_url(request.user):
        return redirect(landing)
    plans = visible_plans(request.user).select_related("inspection__partnership")
    return render(request, "actionplans/home.html", {"plans": plans})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(visible_plans(request.user).select_related("inspection"), pk=pk)
    actions = plan.actions.select_related("owner_agency", "recommendation").order_by(
        "recommendation__position", "recommendation__reference", "position", "reference"
    )
    recommendations = plan.inspection.recommendations.select_related("lead_agency", "finding")
    by_recommendation: dict[int, list[Action]] = {r.pk: [] for r in recommendations}
    for action in actions:
        by_recommendation.setdefault(action.recommendation_id, []).append(action)
    sections = [(r, by_recommendation[r.pk]) for r in recommendations]
    return render(request, "actionplans/plan_detail.html", {"plan": plan, "sections": sections})


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    updates = ProgressUpdate.objects.select_related("author")
    action = get_object_or_404(
        visible_actions(request.user)
        .select_related("owner_agency", "recommendation", "plan__inspection")
        .prefetch_related(Prefetch("progress_updates", queryset=updates)),
        pk=pk,
    )
    return render(request, "actionplans/action_detail.html", {"action": action})
