"""My actions, a new inspection and its plan, and the plan page."""

import datetime as dt
from typing import Any

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from actionplans.plans import services
from actionplans.plans.forms import ActionSearchForm
from actionplans.plans.models import ProgressUpdate
from actionplans.plans.page_cache import member_stamp, page_with_body, plan_keys
from actionplans.plans.selectors import (
    agencies_in_plan,
    distinct_count,
    find_in_plan,
    owned_or_led_actions,
    plan_or_404,
    plan_sections,
)
from agencies.http import AuthenticatedHttpRequest
from agencies.models import Agency, Membership, User
from agencies.permissions import (
    partnerships_of,
    roles_in,
)
from inspections.forms import InspectionForm
from ui.pages import render_form_page


def my_actions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the person's agencies own, across all their partnerships, soonest due first.

    The list is the person's own, so is its cached body: keyed by their memberships and the
    versions of every plan of their partnerships, read from the database, any change to one
    of those plans (or to their roles) shows at once."""
    today = timezone.localdate()
    # "Sent back" until the owner adds an update of their own.
    latest_update = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by(
        "-date", "-created_at", "-pk"
    )
    return page_with_body(
        request,
        key=f"my-actions:{request.user.pk}:{member_stamp(request.user)}:{today.isoformat()}",
        template="actionplans/plans/_my_actions_body.html",
        context=lambda: _my_actions_context(request.user, latest_update, today),
        page="actionplans/plans/my_actions.html",
        page_context={},
    )


def _my_actions_context(
    user: User, latest_update: QuerySet[ProgressUpdate], today: dt.date
) -> dict[str, Any]:
    actions = list(
        owned_or_led_actions(user)
        .select_related(
            "owner_agency",
            "plan__inspection__partnership",
            "plan__inspection__regime",
            "recommendation__inspection__partnership",
            "recommendation__inspection__regime",
            "recommendation__lead_agency",
        )
        .annotate(sent_back=Subquery(latest_update.values("sent_back")[:1]))
    )
    return {
        "actions": actions,
        # Owners edit the recommendations their agency leads from here too.
        "editable_recommendations": {
            action.recommendation_id
            for action in actions
            if rules.test_rule("can_edit_recommendation", user, action.recommendation)
        },
        "today": today,
    }


def inspection_create(request: AuthenticatedHttpRequest) -> HttpResponse:
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
    return render_form_page(
        request,
        form,
        title="New inspection",
        caption=partnership.name,
        back_url=reverse("actionplans:home"),
        partnerships=partnerships if partnerships.count() > 1 else None,
        partnership=partnership,
    )


# Plans bigger than this open with each recommendation's actions folded away, so that the page
# reads as a list of recommendations; a search opens every group it shows.
FOLD_OVER = 30
SEARCH_FIELDS = tuple(ActionSearchForm.base_fields)


def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The page every member opens most: its body comes from the cache, keyed by the plan's
    version read from the database, and a visit that finds it there renders no action.

    A search, filter or order in the address is rendered afresh and never cached: search text
    makes the possible addresses endless and mostly used once, so their bodies would only push
    the plan's own page out of the cache, and a body never stored cannot be shown to someone
    else or outlive a change. Rendered, it is still a fixed number of queries. An address whose
    search fields are all empty (the form sent as it came) is the plan's own page."""
    found = plan_keys(request.user, plan=pk)
    if not found:  # no such plan, or another partnership's: the same answer
        raise Http404
    state = found[0]
    roles = roles_in(request.user, state.partnership)
    # The rule `can_edit_plan` (a lead of the plan's partnership), from the memberships.
    can_edit = any(row.role == Membership.Role.LEAD for row in roles)
    # Owners see "Edit" on the recommendations their agency leads: the page differs by agency.
    owned = sorted(row.agency_id or 0 for row in roles if row.role == Membership.Role.OWNER)
    today = timezone.localdate()
    searching = any(value.strip() for name in SEARCH_FIELDS for value in request.GET.getlist(name))

    def context() -> dict[str, Any]:
        plan = plan_or_404(request.user, pk)
        if searching:
            agencies = agencies_in_plan(request.user, plan)
            search = ActionSearchForm(request.GET, agencies=agencies)
            sections, shown, total = find_in_plan(request.user, plan, search.filters(), today)
            agency_choices = list(agencies)
        else:
            search = ActionSearchForm(agencies=Agency.objects.none())
            sections = plan_sections(plan)
            shown = total = distinct_count(sections)
            # The agencies owning an action, from the rows in hand rather than one more query.
            owners = {action.owner_agency for section in sections for action in section.actions}
            agency_choices = sorted(owners, key=lambda agency: agency.name)
        return {
            "plan": plan,
            "inspection": plan.inspection,
            "findings": plan.inspection.findings.all(),
            "sections": sections,
            "can_edit": can_edit,
            "editable_recommendations": {
                recommendation.pk
                for recommendation, _ in sections
                if rules.test_rule("can_edit_recommendation", request.user, recommendation)
            },
            "latest_submission": plan.submissions.first(),
            "today": today,
            "search": search,
            "searching": searching,
            "agency_choices": agency_choices,
            "shown": shown,
            "total": total,
            "folded": not searching and total > FOLD_OVER,
        }

    if searching:
        rendered = context()
        body = render_to_string("actionplans/plans/_plan_body.html", rendered, request=request)
        return render(
            request,
            "actionplans/plans/plan_detail.html",
            {
                "local_area": state.local_area,
                "body": body,
                "errors": bool(rendered["search"].errors),
                "partnership_id": state.partnership if can_edit else None,
                "plan_pk": pk,
                "plan_version": state.version,
            },
        )
    return page_with_body(
        request,
        key=f"plan-page:{pk}:{state.version}:{int(can_edit)}:{owned}:{today.isoformat()}",
        template="actionplans/plans/_plan_body.html",
        context=context,
        page="actionplans/plans/plan_detail.html",
        page_context={
            "local_area": state.local_area,
            "partnership_id": state.partnership if can_edit else None,
            "plan_pk": pk,
            "plan_version": state.version,
        },
        # A lead's page moves and renumbers actions: its forms carry the lead's CSRF token.
        has_forms=can_edit,
    )
