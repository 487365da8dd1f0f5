"""Linking an action to another source's recommendation, unlinking it, and the traceability
view (with its Excel copy). Thin: the reads are in `selectors`, the changes in `services`."""

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from actionplans.documents.naming import TRACEABILITY, partnership_file_stem
from actionplans.plans.selectors import action_or_404, answer_label, plan_or_404
from actionplans.sharing import services
from actionplans.sharing.forms import LinkActionForm
from actionplans.sharing.selectors import by_plan, traceability
from actionplans.sharing.spreadsheet import traceability_xlsx
from agencies.http import AuthenticatedHttpRequest
from agencies.models import Partnership
from agencies.permissions import partnerships_of
from inspections.models import Recommendation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _recommendation(plan_pk: int, pk: int, user: object) -> Recommendation:
    plan = plan_or_404(user, plan_pk)  # type: ignore[arg-type]
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("inspection__partnership"),
        pk=pk,
        inspection_id=plan.inspection_id,
    )
    if not rules.test_rule("can_link_action", user, recommendation):
        raise PermissionDenied
    return recommendation


@require_http_methods(["GET", "POST"])
def action_link(request: AuthenticatedHttpRequest, pk: int, recommendation_pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, pk)
    recommendation = _recommendation(pk, recommendation_pk, request.user)
    data = request.POST if request.method == "POST" else None
    form = LinkActionForm(data, plan=plan, recommendation=recommendation)
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        try:
            services.link_action(action=action, recommendation=recommendation, by=request.user)
        except services.LinkRefused as refused:
            form.add_error("action", str(refused))
        else:
            messages.success(
                request,
                f"Action {action.reference} of {action.plan.inspection.short_name} now also "
                f"answers recommendation {recommendation.reference}.",
            )
            return redirect(f"{plan.get_absolute_url()}#recommendation-{recommendation.pk}")
    choices = list(form.fields["action"].queryset)  # type: ignore[attr-defined]
    chosen = form["action"].value()
    return render(
        request,
        "actionplans/sharing/action_link.html",
        {
            "form": form,
            "plan": plan,
            "recommendation": recommendation,
            "groups": by_plan(choices),
            "chosen": str(chosen or ""),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def action_unlink(
    request: AuthenticatedHttpRequest, pk: int, recommendation_pk: int
) -> HttpResponse:
    action = action_or_404(request.user, pk)
    recommendation = (
        action.also_answers.select_related("inspection__partnership")
        .filter(pk=recommendation_pk)
        .first()
    )
    if recommendation is None:
        raise Http404
    if not rules.test_rule("can_link_action", request.user, recommendation):
        raise PermissionDenied
    plan = plan_or_404(request.user, recommendation.inspection.action_plan.pk)
    if request.method == "POST":
        services.unlink_action(action=action, recommendation=recommendation, by=request.user)
        messages.success(
            request,
            f"Action {action.reference} no longer answers recommendation "
            f"{recommendation.reference}.",
        )
        return redirect(f"{plan.get_absolute_url()}#recommendation-{recommendation.pk}")
    return render(
        request,
        "actionplans/sharing/action_unlink.html",
        {
            "action": action,
            "recommendation": recommendation,
            "label": answer_label(recommendation),
            "plan": plan,
        },
    )


def _partnership(request: AuthenticatedHttpRequest, pk: int) -> Partnership:
    partnership = partnerships_of(request.user).filter(pk=pk).first()
    if partnership is None:
        raise Http404
    if not rules.test_rule("can_view_traceability", request.user, partnership):
        raise PermissionDenied
    return partnership


def partnership_traceability(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    rows = traceability(partnership)
    return render(
        request,
        "actionplans/sharing/traceability.html",
        {"partnership": partnership, "rows": rows, "today": timezone.localdate()},
    )


def partnership_traceability_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    today = timezone.localdate()
    body = traceability_xlsx(partnership, traceability(partnership), day=today)
    response = HttpResponse(body, content_type=XLSX)
    name = partnership_file_stem(TRACEABILITY, partnership=partnership, day=today)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
