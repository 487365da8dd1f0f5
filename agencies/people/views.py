"""The People page of a partnership, for its leads, and the invitee's page behind the link.

Thin views: the partnership comes from the person's own memberships (another partnership's is
not found), the named rule `can_manage_people` decides, and a service makes each change."""

import rules
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from agencies.http import AuthenticatedHttpRequest
from agencies.models import Invitation, Membership, Partnership, User
from agencies.people import selectors, services
from agencies.people.forms import InvitationForm, MembershipForm, NewAccountForm
from agencies.people.services import PeopleChangeRefused
from agencies.permissions import partnerships_of
from formtokens.services import AlreadySaved
from ui.pages import render_form_page


def _managed_partnership(request: AuthenticatedHttpRequest, pk: int) -> Partnership:
    partnership = get_object_or_404(partnerships_of(request.user), pk=pk)
    if not rules.test_rule("can_manage_people", request.user, partnership):
        raise PermissionDenied
    return partnership


def _people_url(partnership: Partnership) -> str:
    return reverse("people:people", args=[partnership.pk])


@require_safe
def people(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = _managed_partnership(request, pk)
    waiting = list(selectors.emails_waiting(partnership)[:20])
    context = {
        "partnership": partnership,
        "members": selectors.members_of(partnership),
        "invitations": selectors.pending_invitations(partnership),
        "undelivered": selectors.undelivered_emails(partnership)[:20],
        "emails_waiting": waiting,
        # Counted only when the first twenty do not hold them all (the usual case: none).
        "emails_waiting_count": (
            len(waiting) if len(waiting) < 20 else selectors.emails_waiting(partnership).count()
        ),
    }
    return render(request, "agencies/people/people.html", context)


def invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = _managed_partnership(request, pk)
    form = InvitationForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.invite_person(
                partnership=partnership,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                agency=form.cleaned_data["agency"],
                by=request.user,
                form_token=form.one_time_token(),
            )
        except PeopleChangeRefused as refused:
            form.add_error("email", str(refused))
        except AlreadySaved as saved:
            messages.info(request, str(saved))
            return redirect(_people_url(partnership))
        else:
            messages.success(request, f"Invitation sent to {sent.invitation.email}.")
            return redirect(_people_url(partnership))
    return render_form_page(
        request,
        form,
        title="Invite a person",
        caption=partnership.name,
        back_url=_people_url(partnership),
    )


def _member(partnership: Partnership, member_pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "agency"),
        partnership=partnership,
        pk=member_pk,
    )


def member_change(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    partnership = _managed_partnership(request, pk)
    membership = _member(partnership, member_pk)
    initial = {"role": membership.role, "agency": membership.agency}
    form = MembershipForm(request.POST or None, initial=initial, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_membership(
                membership=membership,
                role=form.cleaned_data["role"],
                agency=form.cleaned_data["agency"],
                by=request.user,
            )
        except PeopleChangeRefused as refused:
            form.add_error("role", str(refused))
        else:
            messages.success(request, f"{membership.user}'s role and agency saved.")
            return redirect(_people_url(partnership))
    return render_form_page(
        request,
        form,
        title=f"Change {membership.user}'s role",
        caption=partnership.name,
        back_url=_people_url(partnership),
    )


def member_remove(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    partnership = _managed_partnership(request, pk)
    membership = _member(partnership, member_pk)
    refusal = None
    if request.method == "POST":
        try:
            services.remove_membership(membership=membership, by=request.user)
        except PeopleChangeRefused as refused:
            refusal = str(refused)
        else:
            messages.success(request, f"{membership.user} removed from {partnership.name}.")
            if membership.user_id == request.user.pk:
                return redirect("actionplans:home")
            return redirect(_people_url(partnership))
    context = {
        "title": f"Remove {membership.user} from the partnership?",
        "caption": partnership.name,
        "object": f"{membership.user} ({membership.user.email}), {membership.get_role_display()}",
        "warning": refusal
        or "They will lose access to this partnership's plans straight away. Their updates "
        "and evidence stay in the plan.",
        "back_url": _people_url(partnership),
    }
    return render(
        request, "confirm_delete.html", context, status=400 if refusal is not None else 200
    )


def _invitation(partnership: Partnership, invitation_pk: int) -> Invitation:
    return get_object_or_404(
        Invitation.objects.pending(), partnership=partnership, pk=invitation_pk
    )


@require_POST
def invitation_resend(
    request: AuthenticatedHttpRequest, pk: int, invitation_pk: int
) -> HttpResponse:
    partnership = _managed_partnership(request, pk)
    invitation = _invitation(partnership, invitation_pk)
    sent = services.resend_invitation(invitation=invitation, by=request.user)
    messages.success(
        request,
        f"Invitation sent to {sent.invitation.email} again. The earlier link no longer works.",
    )
    return redirect(_people_url(partnership))


@require_POST
def invitation_revoke(
    request: AuthenticatedHttpRequest, pk: int, invitation_pk: int
) -> HttpResponse:
    partnership = _managed_partnership(request, pk)
    invitation = _invitation(partnership, invitation_pk)
    services.revoke_invitation(invitation=invitation, by=request.user)
    messages.success(request, f"Invitation to {invitation.email} withdrawn.")
    return redirect(_people_url(partnership))


@login_not_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation email: a new person sets a password; someone with an
    account signs in first (their address must be the invited one); either gets the
    membership."""
    found = services.invitation_for_token(token)
    reason = services.why_unusable(found)
    if found is None or reason is not None:
        return _unusable(request, reason, status=404 if found is None else 410)
    try:
        return _invitation_page(request, found)
    except PeopleChangeRefused as refused:
        # Used or withdrawn while the person filled the form in (two browsers at once).
        return _unusable(request, str(refused), status=410)


def _unusable(request: HttpRequest, reason: str | None, *, status: int) -> HttpResponse:
    return render(
        request, "agencies/people/invitation_unusable.html", {"reason": reason}, status=status
    )


def _invitation_page(request: HttpRequest, found: Invitation) -> HttpResponse:
    context: dict[str, object] = {"invitation": found}
    user = request.user
    if user.is_authenticated:
        assert isinstance(user, User)
        if user.email.lower() != found.email.lower():
            context["wrong_person"] = user
            return render(request, "agencies/people/invitation.html", context, status=403)
        if request.method == "POST":
            return _accepted(request, services.accept_invitation(invitation=found, user=user))
        return render(request, "agencies/people/invitation.html", context)
    if User.objects.filter(email__iexact=found.email).exists():
        context["sign_in_url"] = f"{reverse('login')}?next={request.path}"
        return render(request, "agencies/people/invitation.html", context)
    form = NewAccountForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        membership = services.accept_with_new_account(
            invitation=found,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["password1"],
        )
        login(request, membership.user, backend="accounts.signed_in.RequestUserBackend")
        return _accepted(request, membership)
    context["form"] = form
    return render(request, "agencies/people/invitation.html", context)


def _accepted(request: HttpRequest, membership: Membership) -> HttpResponse:
    messages.success(
        request,
        f"You are now a member of {membership.partnership.name} "
        f"({membership.get_role_display().lower()}).",
    )
    return redirect("actionplans:home")
