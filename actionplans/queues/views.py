"""The home page: the person's work queue, by role, and the plans they can see."""

import datetime as dt
import hashlib
from typing import Any

import rules
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from actionplans.measures.views import dashboard_body
from actionplans.plans.page_cache import member_stamp, page_with_body
from actionplans.plans.selectors import visible_plans
from actionplans.queues import selectors, services
from agencies.http import AuthenticatedHttpRequest
from agencies.models import Partnership
from agencies.permissions import partnerships_of


@require_safe
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    roles = selectors.roles_of(user)
    if roles.lead_of or roles.owner:
        # Their queues move on with every look ("since you last looked"): made afresh.
        context = _home_context(request, roles, today)
        return render(
            request,
            "actionplans/queues/home_page.html",
            {"body": render_to_string("actionplans/queues/home.html", context, request)},
        )
    # Anyone else's home (a manager's dashboard, the list of plans) changes only with their
    # plans and their roles: its body is kept, like the dashboard's, by the plans' versions.
    # The plan chosen in the address is text anyone can type: named by its hash.
    chosen = hashlib.sha256(request.GET.get("plan", "").encode()).hexdigest()
    return page_with_body(
        request,
        key=f"home:{user.pk}:{member_stamp(user)}:{chosen}:{today.isoformat()}",
        template="actionplans/queues/home.html",
        context=lambda: _home_context(request, roles, today),
        page="actionplans/queues/home_page.html",
        page_context={},
    )


def _home_context(
    request: AuthenticatedHttpRequest, roles: selectors.Roles, today: dt.date
) -> dict[str, Any]:
    user = request.user
    context: dict[str, Any] = {
        "roles": roles,
        "today": today,
        "due_soon_days": selectors.DUE_SOON_DAYS,
        "stale_days": settings.REMINDER_STALE_AFTER_DAYS,
    }
    if roles.lead_of or roles.owner:
        since = services.record_look(user=user)
        context["changes"] = selectors.changes_since(user, roles, since)
        context["owner"] = selectors.owner_queues(user, today)
        context["show_owner"] = roles.owner or any(vars(context["owner"]).values())
    if roles.lead_of:
        context["awaiting"] = selectors.awaiting_sign_off(roles.lead_of)
        context["revised"] = selectors.with_plan_names(
            selectors.due_dates_revised(
                selectors.lead_actions(roles.lead_of), context["changes"].since, user
            )
        )
        context["overdue_unrevised"] = selectors.overdue_without_revised_date(roles.lead_of, today)
        context["led_partnerships"] = Partnership.objects.filter(pk__in=roles.lead_of)
        context["countdown"] = [
            (plan, deadline, (deadline - today).days if deadline else None)
            for plan in selectors.plans_not_submitted(roles.lead_of)
            for deadline in [plan.inspection.effective_deadline]
        ]
    if roles.manager_of and (plans := selectors.urgent_plans(roles.manager_of, today)):
        chosen = next((p for p in plans if str(p.pk) == request.GET.get("plan")), plans[0])
        found = dashboard_body(request, chosen.pk)
        context["manager"] = {"plans": plans, "chosen": chosen, "body": found and found[1]}
    # Where the person answers for all of a partnership's plans: its overview.
    context["overview_partnerships"] = [
        partnership
        for partnership in partnerships_of(user).order_by("name")
        if rules.test_rule("can_view_partnership_overview", user, partnership)
    ]
    context["plans"] = visible_plans(user).select_related(
        "inspection__partnership", "inspection__regime"
    )
    context["can_create"] = bool(roles.lead_of)
    return context


@require_POST
def mark_all_seen(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.mark_all_seen(user=request.user)
    messages.success(request, "Everything is marked as seen.")
    return redirect("actionplans:home")
