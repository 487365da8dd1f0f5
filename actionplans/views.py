"""Pages of the action plan. Views stay thin: scoped querysets from `permissions`, named rules
for what a member may do, and `services` for every state change."""

from typing import Any

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import DeleteView

from actionplans import services
from actionplans.forms import (
    ActionForm,
    EvidenceForm,
    ProgressUpdateForm,
    RevisedDueDateForm,
    SendBackForm,
)
from actionplans.models import Action, Evidence, ProgressUpdate
from actionplans.permissions import plan_or_404, visible_actions, visible_plans
from actionplans.views_dashboard import manager_landing_url
from agencies.models import Membership
from agencies.permissions import (
    RuleRequiredMixin,
    agencies_owned_by,
    partnerships_of,
)
from inspections.forms import InspectionForm


def _form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    """One template for every form page: back link, title, error summary, the form."""
    status = context.pop("status", 200)
    return render(request, "form_page.html", {"form": form, **context}, status=status)


def _action_or_404(request: HttpRequest, pk: int, rule: str | None = None) -> Action:
    """An action of the user's partnerships (404 otherwise), and 403 unless `rule` allows."""
    action = get_object_or_404(
        visible_actions(request.user).select_related(
            "plan__inspection__partnership", "owner_agency", "recommendation"
        ),
        pk=pk,
    )
    if rule and not rules.test_rule(rule, request.user, action):
        raise PermissionDenied
    return action


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # A manager reviews progress, so they land on the dashboard (issue 6).
    if landing := manager_landing_url(request.user):
        return redirect(landing)
    plans = visible_plans(request.user).select_related("inspection__partnership")
    lead_of = partnerships_of(request.user, Membership.Role.LEAD)
    return render(
        request, "actionplans/home.html", {"plans": plans, "can_create": lead_of.exists()}
    )


@login_required
def my_actions(request: HttpRequest) -> HttpResponse:
    """What the person's agencies own, across all their partnerships, soonest due first."""
    owned = Q(
        owner_agency__in=agencies_owned_by(request.user),
        plan__inspection__partnership__in=partnerships_of(request.user, Membership.Role.OWNER),
    )
    actions = (
        visible_actions(request.user)
        .filter(owned | Q(lead_user_id=request.user.pk))
        .distinct()
        .open()
        .select_related("owner_agency", "plan__inspection__partnership", "recommendation")
        .order_by("effective_due_date", "reference")
    )
    return render(
        request,
        "actionplans/my_actions.html",
        {"actions": actions, "today": timezone.localdate()},
    )


@login_required
def inspection_create(request: HttpRequest) -> HttpResponse:
    partnerships = partnerships_of(request.user, Membership.Role.LEAD)
    if not partnerships.exists():
        raise PermissionDenied
    partnership_id = request.POST.get("partnership") or request.GET.get("partnership")
    partnership = partnerships.filter(pk=partnership_id).first() if partnership_id else None
    partnership = partnership or partnerships.first()
    if partnership is None:
        raise PermissionDenied
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = services.create_inspection(
            partnership=partnership, inspection=form.save(commit=False)
        )
        messages.success(request, "Inspection created. Now add the findings from the letter.")
        return redirect(plan)
    return _form_page(
        request,
        form,
        title="New inspection",
        caption=partnership.name,
        back_url=reverse("actionplans:home"),
        partnerships=partnerships if partnerships.count() > 1 else None,
        partnership=partnership,
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    actions = plan.actions.select_related("owner_agency").order_by("position", "reference")
    recommendations = plan.inspection.recommendations.select_related(
        "lead_agency", "finding", "source_agency"
    )
    by_recommendation: dict[int, list[Action]] = {r.pk: [] for r in recommendations}
    for action in actions:
        by_recommendation.setdefault(action.recommendation_id, []).append(action)
    return render(
        request,
        "actionplans/plan_detail.html",
        {
            "plan": plan,
            "inspection": plan.inspection,
            "findings": plan.inspection.findings.all(),
            "sections": [(r, by_recommendation[r.pk]) for r in recommendations],
            "can_edit": rules.test_rule("can_edit_plan", request.user, plan),
            "latest_submission": plan.submissions.first(),
            "today": timezone.localdate(),
        },
    )


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    updates = ProgressUpdate.objects.select_related("author")
    action = get_object_or_404(
        visible_actions(request.user)
        .select_related(
            "owner_agency", "recommendation", "plan__inspection__partnership", "signed_off_by"
        )
        .prefetch_related(
            Prefetch("progress_updates", queryset=updates),
            Prefetch("evidence", queryset=Evidence.objects.select_related("added_by")),
            "contributing_agencies",
        ),
        pk=pk,
    )
    return render(
        request,
        "actionplans/action_detail.html",
        {
            "action": action,
            "can_update": rules.test_rule("can_update_action", request.user, action),
            "can_edit": rules.test_rule("can_edit_plan", request.user, action.plan),
            "can_sign_off": rules.test_rule("can_sign_off_action", request.user, action),
            "send_back_form": SendBackForm(),
            "today": timezone.localdate(),
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


@login_required
def action_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = plan_or_404(request, plan_pk, "can_edit_plan")
    initial = {"recommendation": request.GET.get("recommendation")}
    form = ActionForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        services.save_action(
            action=action,
            expected_version=None,
            m2m={"contributing_agencies": form.cleaned_data["contributing_agencies"]},
        )
        messages.success(request, f"Action {action.reference} added.")
        return redirect(plan)
    return _form_page(
        request,
        form,
        title="Add an action",
        caption=str(plan.inspection),
        back_url=plan.get_absolute_url(),
    )


@login_required
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_or_404(request, pk)
    if not rules.test_rule("can_edit_plan", request.user, action.plan):
        raise PermissionDenied
    form = ActionForm(request.POST or None, instance=action, plan=action.plan)
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            services.save_action(
                action=form.save(commit=False),
                expected_version=form.cleaned_data["version"],
                m2m={"contributing_agencies": form.cleaned_data["contributing_agencies"]},
            )
        except services.StaleVersion as stale:
            context["conflict"] = _conflict(form, stale.current)
            context["conflict_by"] = stale.current.history.first()
            data = request.POST.copy()
            data["version"] = str(stale.current.version)  # saving again now takes this one
            form = ActionForm(data, instance=stale.current, plan=action.plan)
            form.is_valid()
        else:
            messages.success(request, f"Action {action.reference} saved.")
            return redirect(action)
    return _form_page(
        request,
        form,
        title=f"Edit action {action.reference}",
        caption=action.title,
        back_url=action.get_absolute_url(),
        status=409 if "conflict" in context else 200,
        **context,
    )


class ActionDeleteView(RuleRequiredMixin, DeleteView):
    rule = "can_edit_plan"
    template_name = "confirm_delete.html"

    def get_queryset(self) -> QuerySet[Action]:
        return visible_actions(self.request.user).select_related("plan__inspection")

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


@login_required
def progress_create(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_or_404(request, pk, "can_update_action")
    form = ProgressUpdateForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_progress_update(
                action=action,
                author=request.user,  # type: ignore[arg-type]
                text=form.cleaned_data["text"],
                rag=form.cleaned_data["rag"],
                status=form.cleaned_data["status"],
            )
        except services.InvalidTransition as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"Progress update added to {action.reference}.")
            if request.POST.get("next") == "my-actions":
                return redirect("actionplans:my-actions")
            return redirect(action)
    return _form_page(
        request,
        form,
        title=f"Add a progress update to {action.reference}",
        caption=action.title,
        back_url=action.get_absolute_url(),
        next=request.GET.get("next", ""),
    )


@login_required
def revise_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_or_404(request, pk, "can_update_action")
    form = RevisedDueDateForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.revise_due_date(
                action=action,
                by=request.user,  # type: ignore[arg-type]
                new_date=form.cleaned_data["revised_due_date"],
                reason=form.cleaned_data["revised_reason"],
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleVersion as stale:
            data = request.POST.copy()
            data["version"] = str(stale.current.version)
            form = RevisedDueDateForm(data, action=stale.current)
            form.is_valid()
            form.add_error(
                None,
                "Someone else changed this action while you were editing. Its due date is now "
                f"{stale.current.current_due_date:%-d %B %Y}. Check and save again.",
            )
        else:
            messages.success(request, f"Due date of {action.reference} revised.")
            return redirect(action)
    return _form_page(
        request,
        form,
        title=f"Revise the due date of {action.reference}",
        caption=f"Due {action.current_due_date:%-d %B %Y}"
        + (f" (originally {action.due_date:%-d %B %Y})" if action.revised_due_date else ""),
        back_url=action.get_absolute_url(),
    )


@login_required
def evidence_create(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_or_404(request, pk, "can_update_action")
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_evidence(
            action=action,
            by=request.user,  # type: ignore[arg-type]
            description=form.cleaned_data["description"],
            upload=form.cleaned_data.get("file"),
            checked=form.checked,
            url=form.cleaned_data.get("url", ""),
        )
        messages.success(request, f"Evidence added to {action.reference}.")
        return redirect(action)
    return _form_page(
        request,
        form,
        title=f"Add evidence to {action.reference}",
        caption=action.title,
        back_url=action.get_absolute_url(),
        multipart=True,
        evidence_warning=True,
    )


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(
        Evidence.objects.filter(action__in=visible_actions(request.user)).select_related(
            "action__plan__inspection__partnership"
        ),
        pk=pk,
        kind=Evidence.Kind.FILE,
    )
    if not rules.test_rule("can_view_evidence", request.user, evidence):
        raise PermissionDenied
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing from storage.") from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@login_required
def action_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_or_404(request, pk, "can_sign_off_action")
    try:
        services.sign_off_action(action=action, by=request.user)  # type: ignore[arg-type]
    except services.InvalidTransition as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Action {action.reference} signed off as complete.")
    return redirect(action)


@login_required
def action_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_or_404(request, pk, "can_sign_off_action")
    form = SendBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_back_action(
                action=action,
                by=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )
        except services.InvalidTransition as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Action {action.reference} sent back to its owner.")
        return redirect(action)
    return _form_page(
        request,
        form,
        title=f"Send {action.reference} back to its owner",
        caption=action.title,
        back_url=action.get_absolute_url(),
    )


@require_POST
@login_required
def action_move(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_or_404(request, pk)
    if not rules.test_rule("can_edit_plan", request.user, action.plan):
        raise PermissionDenied
    services.move_action(action=action, up=request.POST.get("direction") == "up")
    return redirect(f"{action.plan.get_absolute_url()}#action-{action.pk}")


@login_required
def action_history(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_or_404(request, pk)
    records = list(action.history.select_related("history_user").order_by("-history_date"))
    changes: list[tuple[Any, list[tuple[str, Any, Any]]]] = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        if older is None:
            changes.append((newer, []))
            continue
        delta = newer.diff_against(older, excluded_fields=["version", "updated_at"])
        changes.append(
            (
                newer,
                [
                    (
                        str(getattr(Action._meta.get_field(c.field), "verbose_name", c.field)),
                        c.old,
                        c.new,
                    )
                    for c in delta.changes
                ],
            )
        )
    updates = action.progress_updates.select_related("author")
    return render(
        request,
        "actionplans/action_history.html",
        {"action": action, "changes": changes, "updates": updates},
    )
