"""How this works (/help/): a few steps for each role, the reader's own roles first."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from agencies.models import Membership
from agencies.permissions import roles_everywhere

# The template writes each section's steps; this is their order when the reader has no role.
SECTIONS = [
    (Membership.Role.LEAD.value, "If you are a partnership lead"),
    (Membership.Role.OWNER.value, "If you update your agency's actions"),
    (Membership.Role.MANAGER.value, "If you are a manager or board member"),
]
ROLE_NAMES = {
    Membership.Role.LEAD.value: "a partnership lead",
    Membership.Role.OWNER.value: "an agency owner",
    Membership.Role.MANAGER.value: "a manager",
}


@login_not_required
@require_safe
def help_page(request: HttpRequest) -> HttpResponse:
    roles = roles_everywhere(request.user)
    mine = [section for section in SECTIONS if section[0] in roles]
    context = {
        "roles": roles,
        "role_labels": [ROLE_NAMES[key] for key, _ in mine],
        "sections": mine + [section for section in SECTIONS if section not in mine],
        # A report reads actions a thousand at a time, the largest page the API gives.
        "actions_url": request.build_absolute_uri(reverse("api:action-list")) + "?page_size=1000",
    }
    return render(request, "help.html", context)
