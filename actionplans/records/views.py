"""Closing a plan, and a partnership's records page: its retention periods, legal holds, the
sweep's reports and the audit export."""

from typing import Any

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
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


def plan_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_or_404(request.user, pk)
    _check(request, "can_close_plan", plan)
    form = ClosePlanForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.close_plan(plan=plan, by=request.user, reason=form.cleaned_data["reason"])
            except services.RecordsError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "The plan is closed.")
                return redirect(plan.get_absolute_url())
        status = 400
    return render_form_page(
        request,
        form,
        title="Close the plan?",
        caption=plan.inspection.partnership.local_area,
        back_url=plan.get_absolute_url(),
        status=status,
    )


def plan_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_or_404(request.user, pk)
    _check(request, "can_close_plan", plan)
    form = ReopenPlanForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.reopen_plan(plan=plan, by=request.user)
            except services.RecordsError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "The plan is open again.")
                return redirect(plan.get_absolute_url())
        status = 400
    return render_form_page(
        request,
        form,
        title="Reopen the plan?",
        caption=plan.inspection.partnership.local_area,
        back_url=plan.get_absolute_url(),
        status=status,
    )


def records(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The retention periods (a form), the plans and their holds, and the sweep's reports."""
    partnership = selectors.partnership_or_404(request.user, pk)
    _check(request, "can_manage_records", partnership)
    policy = services.policy_for(partnership)
    initial = {
        "closed_plan_years": policy.closed_plan_years,
        "evidence_years": policy.evidence_years,
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
        "runs": selectors.recent_runs(partnership),
        "due": retention.retention_due(partnership=partnership, now=timezone.now()),
        "audit_form": AuditRangeForm(),
    }
    return render(request, "actionplans/records/records.html", context, status=status)


def hold_place(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_or_404(request.user, pk)
    _check(request, "can_hold_plan", plan)
    form = PlaceHoldForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.place_hold(plan=plan, by=request.user, reason=form.cleaned_data["reason"])
            except services.RecordsError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "The plan is held: nothing of it will be deleted.")
                return redirect("actionplans:records", pk=plan.inspection.partnership_id)
        status = 400
    return render_form_page(
        request,
        form,
        title=f"Place a legal hold on the plan for {plan.inspection}",
        back_url=f"/partnerships/{plan.inspection.partnership_id}/records/",
        status=status,
    )


def hold_lift(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    hold = selectors.hold_or_404(request.user, pk)
    _check(request, "can_hold_plan", hold.plan)
    form = LiftHoldForm(request.POST or None)
    status = 200
    partnership_id = hold.plan.inspection.partnership_id
    if request.method == "POST":
        if form.is_valid():
            try:
                services.lift_hold(hold=hold, by=request.user, reason=form.cleaned_data["reason"])
            except services.RecordsError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "The hold is lifted.")
                return redirect("actionplans:records", pk=partnership_id)
        status = 400
    return render_form_page(
        request,
        form,
        title="Lift the legal hold?",
        caption=hold.reason,
        status=status,
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
