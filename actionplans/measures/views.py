"""The progress dashboard (per plan, and across a person's partnerships) and measure pages.

Views stay thin: querysets come scoped from the selectors, the figures from `figures`, the
charts from `charts`, every change from `services`."""

import datetime as dt
from typing import Any

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from actionplans.measures import figures, services
from actionplans.measures.charts import Point, measure_chart, rag_chart
from actionplans.measures.forms import DashboardFilterForm, MeasureForm, ReadingForm
from actionplans.measures.impact import MeasureSummary, format_value
from actionplans.measures.models import Measure
from actionplans.measures.permissions import can_add_reading, reading_permissions
from actionplans.measures.selectors import visible_measures
from actionplans.plans.models import Action, ActionPlan, ActionQuerySet
from actionplans.plans.page_cache import cached_body, dashboard_key, page_with_body, plan_keys
from actionplans.plans.permissions import can_edit_plan
from actionplans.plans.selectors import plan_actions, plan_or_404, visible_actions, visible_plans
from agencies.http import AuthenticatedHttpRequest
from agencies.models import Agency, Membership
from agencies.permissions import AnyUser, partnerships_of
from formtokens.views import saves_once

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


def _rag_chart(chart_id: str, title: str, tallies: list[figures.Tally]) -> Any:
    rows = [(t.short_label, t.label, t.rag_cells()) for t in tallies]
    return rag_chart(chart_id=chart_id, title=title, rows=rows)


def _panels(
    *,
    user: AnyUser,
    form: DashboardFilterForm,
    scoped: ActionQuerySet,
    measures: QuerySet[Measure],
    today: dt.date,
    plan: ActionPlan | None = None,
) -> dict[str, Any]:
    """The panels both dashboards share. `scoped` is every action the person may see here;
    `plan`, on one plan's dashboard."""
    actions = form.filter(scoped)
    since = form.since_or(today - dt.timedelta(days=CHANGES_DEFAULT_DAYS))
    overall = figures.action_tally(actions)
    by_agency = figures.tally_by_agency(actions)
    summaries = figures.measure_summaries(form.filter_measures(measures), scoped)
    can_add = reading_permissions(user)
    return {
        "form": form,
        "today": today,
        "overall": overall,
        # The tables' RAG headings, in the order of `Tally.rag_cells`.
        "rags": figures.RAGS,
        "by_agency": by_agency,
        "by_agency_chart": _rag_chart("rag-by-agency", "Actions by RAG and agency", by_agency),
        "by_recommendation": figures.tally_by_recommendation(actions, plan),
        "overdue": figures.overdue_actions(actions, today),
        "due_soon": figures.due_soon_actions(actions, today),
        "due_soon_days": figures.DUE_SOON_DAYS,
        "changes": figures.changes_since(actions, since, today),
        "since_parts": _since_parts(form, since),
        "measures": [(s, _measure_chart(s), can_add(s.measure)) for s in summaries],
        "summaries": summaries,
        "statuses": list(Action.Status),
        "filtered": any(form.data.get(name) for name in ("agency", "status", "rag")),
    }


def _since_parts(form: DashboardFilterForm, since: dt.date) -> list[tuple[str, str, str]]:
    """The "Changes since" date input's three boxes: what the person typed, else the date used."""
    shown = [str(since.day), str(since.month), str(since.year)]
    typed = [form.data.get(f"since_{i}", "") for i in range(3)] if form.is_bound else []
    if any(typed):
        shown = typed
    return [
        (part, f"since_{i}", value)
        for i, (part, value) in enumerate(zip(("Day", "Month", "Year"), shown, strict=True))
    ]


def plan_dashboard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = _dashboard_source(request, pk)
    if found is None:
        raise Http404
    local_area, source = found
    return page_with_body(
        request,
        **source,
        page="actionplans/measures/dashboard.html",
        page_context={"local_area": local_area},
    )


def dashboard_body(request: AuthenticatedHttpRequest, pk: int) -> tuple[str, SafeString] | None:
    """The plan's dashboard body and local area, inside another page (a manager's home), or None
    when the person may not see it: under that page's heading, its filters sending to the
    dashboard's own address (the body holds no POST form)."""
    found = _dashboard_source(request, pk, embedded=True)
    if found is None:
        return None
    local_area, source = found
    return local_area, cached_body(request, **source)


def _dashboard_source(
    request: AuthenticatedHttpRequest, pk: int, *, embedded: bool = False
) -> tuple[str, dict[str, Any]] | None:
    """The plan's local area and how its dashboard body is named and made."""
    # The query of the plan's version also checks that the person may see it.
    found = plan_keys(request.user, plan=pk)
    if not found:
        return None
    today = timezone.localdate()
    query = {} if embedded else request.GET

    def context() -> dict[str, Any]:
        plan = plan_or_404(request.user, pk)
        form = DashboardFilterForm(
            query or None, agencies=plan.inspection.partnership.agencies.order_by("name")
        )
        panels = _panels(
            user=request.user,
            form=form,
            # A shared action counts once in every plan it answers, as on the plan's page.
            scoped=visible_actions(request.user) & plan_actions(plan),
            measures=visible_measures(request.user).filter(plan=plan),
            today=today,
            plan=plan,
        )
        return {
            **panels,
            "plan": plan,
            "readiness": figures.readiness(plan, today),
            "headline": figures.headline(
                plan, panels["overall"], panels["overdue"], panels["summaries"], today
            ),
            "can_edit": can_edit_plan(request.user, plan),
            "can_view_overview": rules.test_rule(
                "can_view_partnership_overview", request.user, plan.inspection.partnership
            ),
            "embedded": embedded,
        }

    return found[0].local_area, {
        "key": dashboard_key("plan-embedded" if embedded else "plan", found, query, today),
        "template": "actionplans/measures/_dashboard_body.html",
        "context": context,
    }


def dashboard_across(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every plan of every partnership the person belongs to, on one page."""
    today = timezone.localdate()

    def context() -> dict[str, Any]:
        # Built only when the body is rendered: even unrun, a queryset costs its building.
        plans = visible_plans(request.user)
        agencies = Agency.objects.filter(partnerships__in=partnerships_of(request.user))
        form = DashboardFilterForm(
            request.GET or None, agencies=agencies.distinct().order_by("name")
        )
        scoped = visible_actions(request.user)
        panels = _panels(
            user=request.user,
            form=form,
            scoped=scoped,
            measures=visible_measures(request.user),
            today=today,
        )
        return {
            **panels,
            "plan_rows": figures.plan_rows(plans, form.filter(scoped), today),
            # The partnerships whose overview the person may open (one link per plan's row).
            "overview_partnerships": {
                partnership.pk
                for partnership in partnerships_of(request.user)
                if rules.test_rule("can_view_partnership_overview", request.user, partnership)
            },
        }

    return page_with_body(
        request,
        key=dashboard_key(f"across-{request.user.pk}", plan_keys(request.user), request.GET, today),
        template="actionplans/measures/_dashboard_across_body.html",
        context=context,
        page="actionplans/measures/dashboard_across.html",
        # Where leads and managers trace every source's recommendations (actionplans/sharing).
        page_context={
            "traceable": partnerships_of(
                request.user, Membership.Role.LEAD, Membership.Role.MANAGER
            )
        },
    )


def _plan_dashboard(request: AuthenticatedHttpRequest, pk: int) -> str:
    return reverse("actionplans:plan-dashboard", args=[pk])


def _measure_plan_dashboard(request: AuthenticatedHttpRequest, pk: int) -> str:
    plan = get_object_or_404(visible_measures(request.user), pk=pk).plan_id
    return reverse("actionplans:plan-dashboard", args=[plan])


@saves_once(already="This measure was already saved.", then=_plan_dashboard)
def measure_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, pk, "can_edit_plan")
    form = MeasureForm(request.POST or None, plan=plan)
    if form.is_valid():
        measure = services.save_measure(measure=form.save(commit=False))
        messages.success(request, f"Measure added: {measure.name}.")
        return redirect("actionplans:plan-dashboard", pk=plan.pk)
    return render(request, "actionplans/measures/measure_form.html", {"form": form, "plan": plan})


def measure_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(
        visible_measures(request.user).select_related(
            "plan__inspection__partnership", "plan__inspection__regime"
        ),
        pk=pk,
    )
    if not can_edit_plan(request.user, measure.plan):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, instance=measure, plan=measure.plan)
    if form.is_valid():
        services.save_measure(measure=form.save(commit=False))
        messages.success(request, f"Measure saved: {measure.name}.")
        return redirect("actionplans:plan-dashboard", pk=measure.plan_id)
    return render(
        request,
        "actionplans/measures/measure_form.html",
        {"form": form, "plan": measure.plan, "measure": measure},
    )


@saves_once(already="This reading was already saved.", then=_measure_plan_dashboard)
def reading_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(
        visible_measures(request.user).select_related(
            "plan__inspection__partnership", "plan__inspection__regime", "owner_agency"
        ),
        pk=pk,
    )
    if not can_add_reading(request.user, measure):
        raise PermissionDenied
    form = ReadingForm(request.POST or None, measure=measure)
    if form.is_valid():
        reading = services.add_reading(reading=form.save(commit=False), author=request.user)
        messages.success(
            request,
            f"Reading added: {format_value(measure, reading.value)} on {reading.date:%-d %B %Y}.",
        )
        return redirect("actionplans:plan-dashboard", pk=measure.plan_id)
    readings = measure.readings.select_related("author").order_by("-date")
    return render(
        request,
        "actionplans/measures/reading_form.html",
        {"form": form, "measure": measure, "plan": measure.plan, "readings": readings},
    )
