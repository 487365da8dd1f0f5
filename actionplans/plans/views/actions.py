"""One action's pages: reading it, adding and editing it, signing it off or sending it back,
moving it in the plan, and its history."""

from typing import Any

import rules
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import DeleteView

from actionplans.plans import history, rag, services
from actionplans.plans.forms import (
    ActionForm,
    ReopenForm,
    SendBackForm,
)
from actionplans.plans.models import Action, Evidence, ProgressUpdate, Rag
from actionplans.plans.selectors import (
    action_or_404,
    plan_or_404,
    suggested_reference,
    visible_actions,
)
from actionplans.plans.services import InvalidTransition, StaleVersion
from agencies.http import AuthenticatedHttpRequest
from agencies.permissions import (
    RuleRequiredMixin,
)
from formtokens.views import saves_once
from inspections.models import Recommendation
from ui.forms import ADD_ANOTHER
from ui.pages import render_form_page, safe_next


def action_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    updates = ProgressUpdate.objects.select_related("author")
    action = get_object_or_404(
        visible_actions(request.user)
        .select_related(
            "owner_agency",
            "recommendation",
            "plan__inspection__partnership",
            "plan__inspection__regime",
            "signed_off_by",
        )
        .prefetch_related(
            Prefetch("progress_updates", queryset=updates),
            Prefetch("evidence", queryset=Evidence.objects.select_related("added_by")),
            "contributing_agencies",
            Prefetch(
                "also_answers",
                queryset=Recommendation.objects.select_related("inspection__action_plan"),
            ),
        ),
        pk=pk,
    )
    return render(
        request,
        "actionplans/plans/action_detail.html",
        {
            "action": action,
            "can_update": rules.test_rule("can_update_action", request.user, action),
            "can_edit": rules.test_rule("can_edit_plan", request.user, action.plan),
            "can_sign_off": rules.test_rule("can_sign_off_action", request.user, action),
            "can_reopen": rules.test_rule("can_reopen_action", request.user, action),
            # Linking is the lead's, as editing the plan is: one rule answers for each link.
            "can_link": rules.test_rule("can_link_action", request.user, action.recommendation),
            "send_back_form": SendBackForm(),
            "today": timezone.localdate(),
            "rag_suggestion": rag.differs(action, timezone.localdate()),
            "rag_meaning": rag.MEANINGS[Rag(action.rag)],
            "revisions": history.date_revisions(action) if action.revised_due_date else [],
        },
    )


def _conflict(form: Any, current: Action) -> list[tuple[str, Any, Any]]:
    """The fields where the saved action now differs from what this person submitted."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        theirs = getattr(current, name, None)
        yours = form.cleaned_data[name]
        if isinstance(field, forms.ModelMultipleChoiceField):
            theirs = ", ".join(str(o) for o in getattr(current, name).all())
            yours = ", ".join(str(o) for o in yours)
        if str(theirs or "") != str(yours or ""):
            rows.append((str(field.label), theirs, yours))
    return rows


def _plan_url(request: AuthenticatedHttpRequest, plan_pk: int) -> str:
    return plan_or_404(request.user, plan_pk).get_absolute_url()


# The form refuses a reference already taken, so the token is claimed before it is checked.
@saves_once(already="This action was already saved.", then=_plan_url)
def action_create(request: AuthenticatedHttpRequest, plan_pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, plan_pk, "can_edit_plan")
    initial: dict[str, Any] = {}
    chosen = request.GET.get("recommendation", "")
    recommendation = (
        plan.inspection.recommendations.filter(pk=chosen).first() if chosen.isdigit() else None
    )
    if recommendation is not None:
        # Most actions belong to the recommendation's lead agency; the lead may choose another.
        initial = {
            "recommendation": recommendation.pk,
            "owner_agency": recommendation.lead_agency_id,
            "reference": suggested_reference(plan, recommendation),
        }
    form = ActionForm(request.POST or None, plan=plan, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        services.save_action(
            action=action,
            expected_version=None,
            m2m={"contributing_agencies": form.cleaned_data["contributing_agencies"]},
            by=request.user,
        )
        messages.success(request, f"Action {action.reference} added.")
        if ADD_ANOTHER in request.POST:
            add = reverse("actionplans:action-create", args=[plan.pk])
            return redirect(f"{add}?recommendation={action.recommendation_id}")
        return redirect(safe_next(request, plan.get_absolute_url()))
    return render_form_page(
        request,
        form,
        title="Add an action",
        caption=str(plan.inspection),
        back_url=safe_next(request, plan.get_absolute_url()),
        next=request.POST.get("next") or request.GET.get("next", ""),
    )


def _m2m(form: ActionForm) -> dict[str, Any]:
    """The many-to-many fields this person's form holds (an owner's holds none)."""
    return {
        name: form.cleaned_data[name]
        for name in ("contributing_agencies",)
        if name in form.cleaned_data
    }


def action_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = action_or_404(request.user, pk, "can_update_action")
    form = ActionForm(request.POST or None, instance=action, plan=action.plan, user=request.user)
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            services.save_action(
                action=form.save(commit=False),
                expected_version=form.cleaned_data["version"],
                m2m=_m2m(form),
                by=request.user,
            )
        except StaleVersion as stale:
            context["conflict"] = _conflict(form, stale.current)
            context["conflict_by"] = stale.current.history.first()
            data = request.POST.copy()
            data["version"] = str(stale.current.version)  # saving again now takes this one
            form = ActionForm(data, instance=stale.current, plan=action.plan, user=request.user)
            form.is_valid()
        else:
            messages.success(request, f"Action {action.reference} saved.")
            return redirect(safe_next(request, action.get_absolute_url()))
    return render_form_page(
        request,
        form,
        title=f"Edit action {action.reference}",
        caption=action.title,
        back_url=safe_next(request, action.get_absolute_url()),
        next=request.POST.get("next") or request.GET.get("next", ""),
        status=409 if "conflict" in context else 200,
        **context,
    )


class ActionDeleteView(RuleRequiredMixin, DeleteView):
    rule = "can_edit_plan"
    template_name = "confirm_delete.html"
    # DeleteView would delete on DELETE without the form; removal goes through the POST form only.
    http_method_names = ["get", "head", "options", "post"]

    def get_queryset(self) -> QuerySet[Action]:
        return visible_actions(self.request.user).select_related("plan__inspection__regime")

    def get_rule_object(self) -> object:
        return self.get_object().plan

    def get_success_url(self) -> str:
        messages.success(self.request, f"Action {self.object.reference} removed.")
        return self.object.plan.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=f"Remove action {self.object.reference}?",
            warning="Its progress updates and evidence are removed with it.",
            back_url=self.object.get_absolute_url(),
            **kwargs,
        )


def action_sign_off(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET: the check before signing off, with the owner's closing update and the evidence in
    front of the lead, so that the queue never signs off in one click. POST: the sign-off."""
    action = action_or_404(request.user, pk, "can_sign_off_action")
    if request.method != "POST":
        from_home = request.GET.get("next") == "home"
        return render(
            request,
            "actionplans/plans/action_sign_off.html",
            {
                "action": action,
                "closing_update": action.progress_updates.select_related("author").first(),
                "evidence": action.evidence.select_related("added_by"),
                "next": "home" if from_home else "",
                "back_url": reverse("actionplans:home") if from_home else action.get_absolute_url(),
            },
        )
    try:
        services.sign_off_action(action=action, by=request.user)
    except InvalidTransition as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Action {action.reference} signed off as complete.")
    return _back(request, action)


def _back(request: AuthenticatedHttpRequest, action: Action) -> HttpResponse:
    """Back to the work queue the lead came from, else to the action."""
    if request.POST.get("next") == "home":
        return redirect("actionplans:home")
    return redirect(action)


def action_send_back(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = action_or_404(request.user, pk, "can_sign_off_action")
    form = SendBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_back_action(
                action=action,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except InvalidTransition as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Action {action.reference} sent back to its owner.")
        return _back(request, action)
    from_home = (request.POST or request.GET).get("next") == "home"
    return render_form_page(
        request,
        form,
        title=f"Send {action.reference} back to its owner",
        caption=action.title,
        back_url=reverse("actionplans:home") if from_home else action.get_absolute_url(),
        next="home" if from_home else "",
    )


def action_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = action_or_404(request.user, pk, "can_reopen_action")
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_action(
                action=action, by=request.user, reason=form.cleaned_data["reason"]
            )
        except InvalidTransition as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Action {action.reference} reopened: it is in progress.")
        return redirect(action)
    return render_form_page(
        request,
        form,
        title=f"Reopen {action.reference}",
        caption=action.title,
        back_url=action.get_absolute_url(),
    )


@require_POST
def action_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = action_or_404(request.user, pk)
    if not rules.test_rule("can_edit_plan", request.user, action.plan):
        raise PermissionDenied
    services.move_action(action=action, up=request.POST.get("direction") == "up")
    return redirect(f"{action.plan.get_absolute_url()}#action-{action.pk}")


@require_POST
def actions_renumber(
    request: AuthenticatedHttpRequest, pk: int, recommendation_pk: int
) -> HttpResponse:
    plan = plan_or_404(request.user, pk, "can_edit_plan")
    recommendation = get_object_or_404(plan.inspection.recommendations, pk=recommendation_pk)
    try:
        changed = services.renumber_actions(plan=plan, recommendation=recommendation)
    except services.InvalidTransition as refused:
        messages.error(request, str(refused))
        changed = 0
    if changed:
        messages.success(
            request, f"The actions of recommendation {recommendation.reference} are renumbered."
        )
    return redirect(f"{plan.get_absolute_url()}#recommendation-{recommendation.pk}")


def action_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = action_or_404(request.user, pk)
    updates = action.progress_updates.select_related("author")
    return render(
        request,
        "actionplans/plans/action_history.html",
        {"action": action, "entries": history.action_history(action), "updates": updates},
    )
