"""The Approvers page (the lead names who approves and sends the plan to them) and an
approver's page (they read the plan and answer)."""

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from actionplans.approvals import selectors, services
from actionplans.approvals.digest import document_digest
from actionplans.approvals.forms import AddApproverForm, AnswerForm, ChangeApproverForm
from actionplans.approvals.models import Approver
from actionplans.documents.plan import build_plan_document
from actionplans.plans.models import ActionPlan
from actionplans.plans.selectors import plan_or_404, visible_plans
from agencies.http import AuthenticatedHttpRequest


def _approver_or_404(request: AuthenticatedHttpRequest, pk: int) -> Approver:
    approver = get_object_or_404(
        Approver.objects.filter(plan__in=visible_plans(request.user)).select_related(
            "plan__inspection__partnership", "agency", "person"
        ),
        pk=pk,
    )
    if not rules.test_rule("can_manage_approvers", request.user, approver.plan):
        raise PermissionDenied
    return approver


def plan_approvers(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who approves the plan, where each stands, and the form to add one (a POST)."""
    plan = plan_or_404(request.user, pk, "can_manage_approvers")
    draft = plan.status == ActionPlan.Status.DRAFT
    if draft:
        # The statutory partners are named the first time a lead opens the page; doing it
        # again adds nothing.
        services.add_default_approvers(plan=plan)
    form = AddApproverForm(plan=plan)
    status = 200
    if request.method == "POST" and draft:
        form = AddApproverForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                approver = services.add_approver(
                    plan=plan,
                    agency=form.cleaned_data["agency"],
                    person=form.cleaned_data["person"],
                )
            except services.ApprovalError as refused:
                form.add_error("person", str(refused))
            else:
                messages.success(request, f"{approver.person} now approves for {approver.agency}.")
                return redirect("actionplans:plan-approvers", pk=plan.pk)
        status = 400
    digest = document_digest(build_plan_document(plan))
    states = selectors.approval_states(plan, digest)
    return render(
        request,
        "actionplans/approvals/plan_approvers.html",
        {
            "plan": plan,
            "draft": draft,
            "states": states,
            "request_sent": selectors.latest_request(plan),
            "form": form if draft else None,
            "all_approved": not selectors.refusals(states),
        },
        status=status,
    )


def approver_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    approver = _approver_or_404(request, pk)
    plan = approver.plan
    form = ChangeApproverForm(
        request.POST if request.method == "POST" else None,
        approver=approver,
        initial={"person": approver.person},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_approver(approver=approver, person=form.cleaned_data["person"])
        except services.ApprovalError as refused:
            form.add_error("person", str(refused))
        else:
            messages.success(request, f"{approver.person} now approves for {approver.agency}.")
            return redirect("actionplans:plan-approvers", pk=plan.pk)
    return render(
        request,
        "actionplans/approvals/approver_form.html",
        {"plan": plan, "approver": approver, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def approver_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    approver = _approver_or_404(request, pk)
    try:
        services.remove_approver(approver=approver)
    except services.ApprovalError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{approver.agency} no longer approves the plan.")
    return redirect("actionplans:plan-approvers", pk=approver.plan_id)


@require_POST
def approval_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, pk, "can_manage_approvers")
    try:
        services.send_for_approval(plan=plan, by=request.user)
    except services.ApprovalError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "The plan is sent for approval: each approver is told by email.")
    return redirect("actionplans:plan-approvers", pk=plan.pk)


def plan_approval(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An approver's page: the plan as it reads now, and their answer. Only the plan's named
    approvers open it."""
    plan = plan_or_404(request.user, pk, "can_answer_approval")
    document = build_plan_document(plan)
    digest = document_digest(document)
    states = selectors.approval_states(plan, digest)
    mine = next(s for s in states if s.approver.person_id == request.user.pk)
    form = AnswerForm(initial={"digest": digest})
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.answer_approval(
                    plan=plan,
                    by=request.user,
                    approve=form.cleaned_data["answer"] == "approve",
                    reason=form.cleaned_data["reason"],
                    digest_seen=form.cleaned_data["digest"],
                )
            except services.ApprovalError as refused:
                form.add_error("answer", str(refused))
            else:
                approved = form.cleaned_data["answer"] == "approve"
                messages.success(
                    request,
                    "You approved the plan. The lead is told."
                    if approved
                    else "You asked for changes. The lead is told what you wrote.",
                )
                return redirect("actionplans:plan-approval", pk=plan.pk)
    return render(
        request,
        "actionplans/approvals/plan_approval.html",
        {
            "plan": plan,
            "document": document,
            "mine": mine,
            "request_sent": selectors.latest_request(plan),
            "form": form,
            "open": plan.status == ActionPlan.Status.DRAFT,
        },
        status=400 if form.errors else 200,
    )
