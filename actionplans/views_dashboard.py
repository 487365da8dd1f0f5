"""The progress dashboard (per plan, and across a person's partnerships) and measure pages.

Views stay thin: every queryset comes scoped from `permissions`, the figures from `dashboard`, the
charts from `charts`.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from actionplans import dashboard, dashboard_cache
from actionplans.charts import Point, measure_chart, rag_chart
from actionplans.dashboard_forms import DashboardFilterForm, MeasureForm, ReadingForm
from actionplans.measures import MeasureSummary, format_value
from actionplans.models import Action, Measure
from actionplans.permissions import (
    can_add_reading,
    can_edit_plan,
    plan_or_404,
    reading_permissions,
    visible_actions,
    visible_measures,
    visible_plans,
)
from agencies.models import Agency, Membership
from agencies.permissions import AnyUser, memberships_of, partnerships_of

CHANGES_DEFAULT_DAYS = 30


def _measure_chart(summary: MeasureSummary) -> Any:
    measure = summary.measure
    return measure_chart(
        chart_id=f"measure-{measure.pk}",
        name=measure.name,
        target=measure.target,
        target_display=summary.target_display,
        points=[
            Point(date=r.date, value=r.value, label=format_value(measure, r.value))
            for r in summary.readings
        ],
        percentage=measure.unit == Measure.Unit.PERCENTAGE,
    )


def _rag_chart(chart_id: str, title: str, tallies: list[dashboard.Tally]) -> Any:
    rows = [(t.short_label, t.label, t.rag_cells()) for t in tallies]
    return rag_chart(chart_id=chart_id, title=title, rows=rows)


def _panels(
    *,
    user: AnyUser,
    form: DashboardFilterForm,
    scoped: QuerySet[Action],
    measures: QuerySet[Measure],
    today: dt.date,
) -> dict[str, Any]:
    """The panels both dashboards share. `scoped` is every action the person may see here."""
    actions = form.filter(scoped)
    since = form.since_or(today - dt.timedelta(days=CHANGES_DEFAULT_DAYS))
    overall = dashboard.action_tally(actions)
    by_agency = dashboard.tally_by_agency(actions)
    summaries = dashboard.measure_summaries(form.filter_measures(measures), scoped)
    can_add = reading_permissions(user)
    return {
        "form": form,
        "today": today,
        "overall": overall,
        "by_agency": by_agency,
        "by_agency_chart": _rag_chart("rag-by-agency", "Actions by RAG and agency", by_agency),
        "by_recommendation": dashboard.tally_by_recommendation(actions),
        "overdue": dashboard.overdue_actions(actions, today),
        "due_soon": dashboard.due_soon_actions(actions, today),
        "due_soon_days": dashboard.DUE_SOON_DAYS,
        "changes": dashboard.changes_since(actions, since, today),
        "measures": [(s, _measure_chart(s), can_add(s.measure)) for s in summaries],
        "statuses": list(Action.Status),
        "filtered": any(form.data.get(name) for name in ("agency", "status", "rag")),
    }


@login_required
def plan_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    # The fingerprint query also checks that the plan is visible; see dashboard_cache.
    found = dashboard_cache.fingerprints(request.user, plan=pk)
    if not found:
        raise Http404
    today = timezone.localdate()
    key = dashboard_cache.cache_key("plan", found, request.GET, today)
    body = dashboard_cache.get(key)
    if body is None:
        plan = plan_or_404(request, pk)
        form = DashboardFilterForm(
            request.GET or None, agencies=plan.inspection.partnership.agencies.order_by("name")
        )
        context = _panels(
            user=request.user,
            form=form,
            scoped=visible_actions(request.user).filter(plan=plan),
            measures=visible_measures(request.user).filter(plan=plan),
            today=today,
        )
        context["plan"] = plan
        context["readiness"] = dashboard.readiness(plan, today)
        context["can_edit"] = can_edit_plan(request.user, plan)
        body = render_to_string("actionplans/dashboard_body.html", context, request=request)
        dashboard_cache.put(key, body)
    return render(
        request, "actionplans/dashboard.html", {"local_area": found[0].local_area, "body": body}
    )


@login_required
def dashboard_across(request: HttpRequest) -> HttpResponse:
    """Every plan of every partnership the person belongs to, on one page."""
    today = timezone.localdate()
    plans = visible_plans(request.user)
    key = dashboard_cache.cache_key(
        f"across-{request.user.pk}", dashboard_cache.fingerprints(request.user), request.GET, today
    )
    body = dashboard_cache.get(key)
    if body is None:
        agencies = Agency.objects.filter(partnerships__in=partnerships_of(request.user))
        form = DashboardFilterForm(
            request.GET or None, agencies=agencies.distinct().order_by("name")
        )
        scoped = visible_actions(request.user)
        context = _panels(
            user=request.user,
            form=form,
            scoped=scoped,
            measures=visible_measures(request.user),
            today=today,
        )
        context["plan_rows"] = dashboard.plan_rows(plans, form.filter(scoped), today)
        body = render_to_string("actionplans/dashboard_across_body.html", context, request=request)
        dashboard_cache.put(key, body)
    return render(request, "actionplans/dashboard_across.html", {"body": body})


@login_required
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk, "can_edit_plan")
    form = MeasureForm(request.POST or None, plan=plan)
    if form.is_valid():
        measure = form.save()
        messages.success(request, f"Measure added: {measure.name}.")
        return redirect("actionplans:plan-dashboard", pk=plan.pk)
    return render(request, "actionplans/dashboard_measure_form.html", {"form": form, "plan": plan})


@login_required
def measure_update(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(
        visible_measures(request.user).select_related("plan__inspection__partnership"), pk=pk
    )
    if not can_edit_plan(request.user, measure.plan):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, instance=measure, plan=measure.plan)
    if form.is_valid():
        form.save()
        messages.success(request, f"Measure saved: {measure.name}.")
        return redirect("actionplans:plan-dashboard", pk=measure.plan_id)
    return render(
        request,
        "actionplans/dashboard_measure_form.html",
        {"form": form, "plan": measure.plan, "measure": measure},
    )


@login_required
def reading_create(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(
        visible_measures(request.user).select_related(
            "plan__inspection__partnership", "owner_agency"
        ),
        pk=pk,
    )
    if not can_add_reading(request.user, measure):
        raise PermissionDenied
    form = ReadingForm(request.POST or None, measure=measure)
    if form.is_valid():
        form.instance.author = request.user
        reading = form.save()
        messages.success(
            request,
            f"Reading added: {format_value(measure, reading.value)} on {reading.date:%-d %B %Y}.",
        )
        return redirect("actionplans:plan-dashboard", pk=measure.plan_id)
    readings = measure.readings.select_related("author").order_by("-date")
    return render(
        request,
        "actionplans/dashboard_reading_form.html",
        {"form": form, "measure": measure, "plan": measure.plan, "readings": readings},
    )


def manager_landing_url(user: AnyUser) -> str | None:
    """Where a manager (and no lead or owner) lands after signing in: the dashboard.

    The dashboard of their partnership's current plan (its latest inspection's) when they manage
    one partnership; the dashboard across their partnerships when they manage several.
    """
    roles = set(memberships_of(user).values_list("role", flat=True))
    if roles != {Membership.Role.MANAGER}:
        return None
    plans = visible_plans(user).order_by("-inspection__fieldwork_start", "-pk")
    if partnerships_of(user).count() == 1 and (plan := plans.first()):
        return reverse("actionplans:plan-dashboard", args=[plan.pk])
    return reverse("actionplans:dashboard")
