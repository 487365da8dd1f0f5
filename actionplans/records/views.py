"""Closing a plan, and a partnership's records page: its retention periods, legal holds, the
sweep's reports and the audit export."""

from collections.abc import Callable
from typing import Any

import rules
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from actionplans.records import audit, retention, selectors, services
from actionplans.records.forms import (
    AuditRangeForm,
    ClosePlanForm,
    LiftHoldForm,
    PlaceHoldForm,
    ReopenPlanForm,
    RetentionPolicyForm,
    SubjectAccessForm,
)
from actionplans.records.subject_access import subject_access_zip
from agencies.http import AuthenticatedHttpRequest
from agencies.models import User
from agencies.security_log import log_event
from ui.pages import render_form_page


def _check(request: AuthenticatedHttpRequest, rule: str, target: object) -> None:
    if not rules.test_rule(rule, request.user, target):
        raise PermissionDenied


def _confirm(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    *,
    act: Callable[[dict[str, Any]], object],
    done: str,
    then: str,
    **page: Any,
) -> HttpResponse:
    """A confirm page whose form, once valid, calls `act` (a service) with what it holds: a
    refusal is shown on the form in the service's words, success goes to `then` with `done`."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                act(form.cleaned_data)
            except services.RecordsError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, done)
                return redirect(then)
        status = 400
    return render_form_page(request, form, status=status, **page)


def plan_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_or_404(request.user, pk)
    _check(request, "can_close_plan", plan)
    return _confirm(
        request,
        ClosePlanForm(request.POST or None),
        act=lambda data: services.close_plan(plan=plan, by=request.user, reason=data["reason"]),
        done="The plan is closed.",
        then=plan.get_absolute_url(),
        title="Close the plan?",
        caption=plan.inspection.partnership.local_area,
        back_url=plan.get_absolute_url(),
    )


def plan_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_or_404(request.user, pk)
    _check(request, "can_close_plan", plan)
    return _confirm(
        request,
        ReopenPlanForm(request.POST or None),
        act=lambda data: services.reopen_plan(plan=plan, by=request.user),
        done="The plan is open again.",
        then=plan.get_absolute_url(),
        title="Reopen the plan?",
        caption=plan.inspection.partnership.local_area,
        back_url=plan.get_absolute_url(),
    )


def records(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The retention periods (a form), the plans and their holds, and the sweep's reports."""
    partnership = selectors.partnership_or_404(request.user, pk)
    _check(request, "can_manage_records", partnership)
    policy = services.policy_for(partnership)
    initial = {
        "closed_plan_years": policy.closed_plan_years,
        "evidence_years": policy.evidence_years,
        "apply_unconfirmed_after_days": policy.apply_unconfirmed_after_days,
    }
    form = RetentionPolicyForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.set_retention_policy(
                partnership=partnership, by=request.user, **form.cleaned_data
            )
            messages.success(request, "The retention periods are saved.")
            return redirect("actionplans:records", pk=partnership.pk)
        status = 400
    context: dict[str, Any] = {
        "partnership": partnership,
        "policy": policy,
        "form": form,
        "plans": selectors.plans_with_holds(partnership),
        "runs": [
            (run, run.applies_automatically_on(policy))
            for run in selectors.recent_runs(partnership)
        ],
        "due": retention.retention_due(partnership=partnership, now=timezone.now()),
        "audit_form": AuditRangeForm(),
    }
    return render(request, "actionplans/records/records.html", context, status=status)


def hold_place(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_or_404(request.user, pk)
    _check(request, "can_hold_plan", plan)
    records_url = reverse("actionplans:records", args=[plan.inspection.partnership_id])
    return _confirm(
        request,
        PlaceHoldForm(request.POST or None),
        act=lambda data: services.place_hold(plan=plan, by=request.user, reason=data["reason"]),
        done="The plan is held: nothing of it will be deleted.",
        then=records_url,
        title=f"Place a legal hold on the plan for {plan.inspection}",
        back_url=records_url,
    )


def hold_lift(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    hold = selectors.hold_or_404(request.user, pk)
    _check(request, "can_hold_plan", hold.plan)
    records_url = reverse("actionplans:records", args=[hold.plan.inspection.partnership_id])
    return _confirm(
        request,
        LiftHoldForm(request.POST or None),
        act=lambda data: services.lift_hold(hold=hold, by=request.user, reason=data["reason"]),
        done="The hold is lifted.",
        then=records_url,
        title="Lift the legal hold?",
        caption=hold.reason,
        back_url=records_url,
    )


@require_POST
def run_apply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm a report of the sweep: what it listed and is still due is deleted now."""
    run = selectors.run_or_404(request.user, pk)
    _check(request, "can_manage_records", run.partnership)
    try:
        applied = retention.apply_retention(now=timezone.now(), report_id=run.pk, by=request.user)
    except services.RecordsError as refused:
        messages.error(request, str(refused))
    else:
        outcome = applied.outcome
        messages.success(
            request,
            f"Deleted {len(outcome['plans'])} plan(s) and {len(outcome['evidence'])} "
            "evidence item(s).",
        )
    return redirect("actionplans:records", pk=run.partnership_id)


@require_GET
def audit_export(
    request: AuthenticatedHttpRequest, pk: int
) -> HttpResponse | StreamingHttpResponse:
    partnership = selectors.partnership_or_404(request.user, pk)
    _check(request, "can_manage_records", partnership)
    form = AuditRangeForm(request.GET or None)
    if request.GET and form.is_valid():
        return audit.audit_csv_response(
            partnership=partnership, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
        )
    return render_form_page(
        request,
        form,
        title="Download the audit log",
        caption=partnership.name,
        status=400 if request.GET else 200,
    )


def subject_access(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A superuser downloads everything the service holds on one person (a zip)."""
    _check(request, "can_export_subject_access", None)
    form = SubjectAccessForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            person = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
            if person is None:
                form.add_error("email", "No account has this email address")
            else:
                log_event("subject_access_exported", request, subject=person.pk, via="page")
                response = HttpResponse(subject_access_zip(person), content_type="application/zip")
                response["Content-Disposition"] = (
                    f'attachment; filename="subject-access-{person.pk}.zip"'
                )
                return response
        status = 400
    return render_form_page(request, form, title="Subject access export", status=status)
