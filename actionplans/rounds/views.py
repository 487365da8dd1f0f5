"""A plan's update rounds: the list, opening one, the round's page (who was asked, who has
answered, who was reminded, what could not be delivered) and closing it."""

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from actionplans.plans.selectors import plan_or_404, visible_plans
from actionplans.rounds import selectors, services
from actionplans.rounds.forms import CloseRoundForm, OpenRoundForm
from actionplans.rounds.models import UpdateRound
from agencies.http import AuthenticatedHttpRequest
from ui.pages import render_form_page


def _round_or_404(request: AuthenticatedHttpRequest, pk: int, rule: str) -> UpdateRound:
    round_ = get_object_or_404(
        UpdateRound.objects.filter(plan__in=visible_plans(request.user)).select_related(
            "plan__inspection__partnership", "opened_by", "closed_by", "board_report"
        ),
        pk=pk,
    )
    if not rules.test_rule(rule, request.user, round_.plan):
        raise PermissionDenied
    return round_


@require_safe
def round_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, pk, "can_view_rounds")
    return render(
        request,
        "actionplans/rounds/round_list.html",
        {
            "plan": plan,
            "rounds": selectors.rounds_of(plan),
            "may_manage": rules.test_rule("can_manage_rounds", request.user, plan),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def round_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, pk, "can_manage_rounds")
    form = OpenRoundForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                opened = services.open_round(
                    plan=plan,
                    name=data["name"],
                    closes_on=data["closes_on"],
                    by=request.user,
                    repeats=data["repeats"],
                )
            except services.RoundError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    f"{opened.name} is open: {opened.recipients.count()} people were asked "
                    f"for their update by {opened.closes_on:%-d %B %Y}.",
                )
                return redirect(opened.get_absolute_url())
        status = 400
    return render_form_page(
        request,
        form,
        title="Open an update round",
        caption=plan.inspection.partnership.name,
        back_url=plan.get_absolute_url(),
        status=status,
    )


@require_safe
def round_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round_ = _round_or_404(request, pk, "can_view_rounds")
    recipients = selectors.recipients_of(round_)
    answers = selectors.answers(round_, recipients)
    return render(
        request,
        "actionplans/rounds/round_detail.html",
        {
            "round": round_,
            "plan": round_.plan,
            "answers": answers,
            "answered_count": sum(1 for a in answers if a.is_answered),
            "undelivered": selectors.undelivered_in(round_, recipients),
            "may_manage": rules.test_rule("can_manage_rounds", request.user, round_.plan),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def round_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round_ = _round_or_404(request, pk, "can_manage_rounds")
    form = CloseRoundForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.close_round(round=round_, by=request.user)
            except services.RoundError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request, f"{round_.name} is closed. The board report is ready below."
                )
                return redirect(round_.get_absolute_url())
        status = 400
    return render(
        request,
        "actionplans/rounds/round_close.html",
        {"round": round_, "plan": round_.plan, "form": form},
        status=status,
    )
