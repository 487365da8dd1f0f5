"""The signed-in side: asking a contributor from an action, the plan's list of what came back,
accepting or declining one, withdrawing a request. The link's own page is in `link_views`."""

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from actionplans.contributions import selectors, services
from actionplans.contributions.forms import AcceptForm, DeclineForm, SendRequestForm
from actionplans.contributions.models import ContributedUpdate, UpdateRequest
from actionplans.plans.models import Action
from actionplans.plans.selectors import action_or_404, plan_or_404, visible_actions
from actionplans.plans.services import InvalidTransition
from agencies.http import AuthenticatedHttpRequest
from agencies.security_log import log_event
from formtokens.services import AlreadySaved


@require_http_methods(["GET", "HEAD", "POST"])
def request_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask someone outside the service for progress on this action (and others of the same
    plan and owner agency)."""
    action = action_or_404(request.user, pk, "can_request_update")
    partnership = action.plan.inspection.partnership
    choices = Action.objects.filter(plan=action.plan, owner_agency=action.owner_agency).open()
    contributors = selectors.contributors_of(partnership)
    named = selectors.named_contributors([action]).get(action.pk)
    form = SendRequestForm(
        request.POST if request.method == "POST" else None,
        actions=choices,
        contributors=contributors,
        initial={"actions": [action.pk], "contributor": named.pk if named else None},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            contributor = data["contributor"] or services.find_or_add_contributor(
                partnership=partnership, name=data["name"], email=data["email"]
            )
            actions = [
                a for a in data["actions"] if rules.test_rule("can_request_update", request.user, a)
            ]
            try:
                sent = services.send_update_request(
                    actions=actions,
                    contributor=contributor,
                    message=data["message"],
                    by=request.user,
                    expires_in=form.expiry,
                    name_as_contributor=data["name_as_contributor"],
                )
            except services.ContributionError as refused:
                form.add_error(None, str(refused))
            else:
                log_event(
                    "update_request_sent",
                    request,
                    update_request=sent.pk,
                    contributor=contributor.pk,
                    actions=",".join(str(a.pk) for a in actions),
                )
                messages.success(
                    request,
                    f"Request sent to {contributor.name}. The link works until "
                    f"{timezone.localtime(sent.expires_at):%-d %B %Y, %H:%M}.",
                )
                return redirect(action.get_absolute_url())
        status = 400
    return render(
        request,
        "actionplans/contributions/request_update.html",
        {"action": action, "form": form},
        status=status,
    )


@require_safe
def plan_contributions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Updates from contributors on the plan's actions that this person may decide on, and the
    requests still open."""
    plan = plan_or_404(request.user, pk)
    mine = [
        c
        for c in selectors.contributions_for_plan(plan)
        if rules.test_rule("can_decide_contribution", request.user, c)
    ]
    if not mine and not rules.test_rule("can_edit_plan", request.user, plan):
        owned = [
            a for a in plan.actions.all() if rules.test_rule("can_request_update", request.user, a)
        ]
        if not owned:
            raise PermissionDenied
    requests_sent = [
        r
        for r in UpdateRequest.objects.filter(actions__plan=plan)
        .select_related("contributor", "created_by")
        .prefetch_related("actions")
        .distinct()
        if rules.test_rule("can_withdraw_update_request", request.user, r)
    ]
    return render(
        request,
        "actionplans/contributions/plan_contributions.html",
        {
            "plan": plan,
            "pending": [c for c in mine if c.status == ContributedUpdate.Status.PENDING],
            "decided": [c for c in mine if c.status != ContributedUpdate.Status.PENDING],
            "requests_sent": requests_sent,
        },
    )


def _contribution_or_404(request: AuthenticatedHttpRequest, pk: int) -> ContributedUpdate:
    contribution = get_object_or_404(
        ContributedUpdate.objects.filter(action__in=visible_actions(request.user)).select_related(
            "action__plan__inspection__partnership", "action__owner_agency", "request__contributor"
        ),
        pk=pk,
    )
    if not rules.test_rule("can_decide_contribution", request.user, contribution):
        raise PermissionDenied
    return contribution


@require_http_methods(["GET", "HEAD", "POST"])
def decide_contribution(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Accept (perhaps edited) or decline (with a reason) one contribution."""
    contribution = _contribution_or_404(request, pk)
    post = request.POST if request.method == "POST" else None
    decision = request.POST.get("decision") if post else None
    accept_form = AcceptForm(
        post if decision == "accept" else None,
        initial={"text": contribution.text, "rag": contribution.suggested_rag},
    )
    decline_form = DeclineForm(post if decision == "decline" else None)
    status = 200
    if post is not None:
        status = 400
        try:
            if decision == "accept" and accept_form.is_valid():
                services.accept_contribution(
                    contribution=contribution,
                    by=request.user,
                    text=accept_form.cleaned_data["text"],
                    rag=accept_form.cleaned_data["rag"],
                )
                log_event("contribution_accepted", request, contribution=contribution.pk)
                messages.success(request, "Update accepted: it is now in the action's progress.")
                return redirect(contribution.action.get_absolute_url())
            if decision == "decline" and decline_form.is_valid():
                services.decline_contribution(
                    contribution=contribution,
                    by=request.user,
                    reason=decline_form.cleaned_data["reason"],
                )
                log_event("contribution_declined", request, contribution=contribution.pk)
                messages.success(request, "Update declined.")
                return redirect(contribution.action.get_absolute_url())
        except services.ContributionError as refused:
            messages.error(request, str(refused))
            status = 409
        except (InvalidTransition, AlreadySaved) as refused:
            messages.error(request, str(refused))
            status = 409
        contribution.refresh_from_db()
    return render(
        request,
        "actionplans/contributions/decide.html",
        {
            "contribution": contribution,
            "action": contribution.action,
            "accept_form": accept_form,
            "decline_form": decline_form,
        },
        status=status,
    )


@require_POST
def withdraw_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    update_request = get_object_or_404(
        UpdateRequest.objects.filter(actions__in=visible_actions(request.user)).distinct(), pk=pk
    )
    if not rules.test_rule("can_withdraw_update_request", request.user, update_request):
        raise PermissionDenied
    services.withdraw_update_request(request=update_request, by=request.user)
    log_event("update_request_withdrawn", request, update_request=update_request.pk)
    messages.success(
        request, f"The link sent to {update_request.contributor.name} no longer works."
    )
    plan_id = update_request.actions.values_list("plan_id", flat=True).first()
    return redirect("actionplans:plan-contributions", pk=plan_id)
