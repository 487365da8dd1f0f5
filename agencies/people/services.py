"""Every change to a partnership's people: invitations (sent, resent, revoked, accepted),
members added, their role or agency changed, memberships removed.

Each change is written to the security log, and to the history (Membership and Invitation keep
django-simple-history records, with the person who did it when a request is behind it). Rights
are read from the database on every request (accounts/signed_in.py), so a removal or a new role
takes effect at the person's very next request.
"""

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency, Invitation, Membership, Partnership, User, hash_key
from agencies.people.signals import person_added
from agencies.security_log import log_event
from formtokens.services import claim_form_token
from outbox.services import queue_email, render_email

# How long an invitation's link works.
INVITATION_LIFE = dt.timedelta(days=7)


class PeopleChangeRefused(Exception):
    """A change that would leave things wrong; `str()` says why, in words for the lead."""


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    token: str  # only in the email: never stored


def invitation_url(token: str) -> str:
    # Built on SITE_URL, never on a request's Host header, which a caller controls.
    return settings.SITE_URL + reverse("people:invitation", args=[token])


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _check_agency(partnership: Partnership, role: str, agency: Agency | None) -> Agency | None:
    if role != Membership.Role.OWNER:
        return agency
    if agency is None:
        raise PeopleChangeRefused("Choose the agency an agency owner works for")
    if not agency.partnerships.filter(pk=partnership.pk).exists():
        raise PeopleChangeRefused("Choose an agency that serves this partnership")
    return agency


def _send_invitation_email(invitation: Invitation, token: str) -> None:
    """Written to the outbox inside the lead's transaction: sent only once the invitation is
    saved, never for one rolled back."""
    context = {
        "invitation": invitation,
        "link": invitation_url(token),
        "service_name": settings.SERVICE_NAME,
        "site_url": settings.SITE_URL,
        "days": INVITATION_LIFE.days,
        "expires_at": timezone.localtime(invitation.expires_at),
    }
    queue_email(render_email("agencies/emails/invitation", context), to=invitation.email)


@transaction.atomic
def invite_person(
    *,
    partnership: Partnership,
    email: str,
    role: str,
    agency: Agency | None,
    by: User | None,
    form_token: uuid.UUID | None = None,
) -> SentInvitation:
    """Invite someone by email to join `partnership` in `role`; the email carries the link.
    Sent once per `form_token` (`AlreadySaved` the second time).

    Refused when the address already belongs to a member, or already has a live invitation
    (resend that one instead). An expired invitation for the address is replaced."""
    if form_token is not None:
        assert by is not None, "a form's token is recorded with the person who sent it"
        # First: a second post is told it was sent, not that the address has been invited.
        claim_form_token(token=form_token, person=by, already="This invitation was already sent.")
    email = email.strip().lower()
    agency = _check_agency(partnership, role, agency)
    if Membership.objects.filter(partnership=partnership, user__email__iexact=email).exists():
        raise PeopleChangeRefused(f"{email} is already a member of {partnership.name}")
    pending = (
        Invitation.objects.pending()
        .select_for_update()
        .filter(partnership=partnership, email=email)
        .first()
    )
    now = timezone.now()
    if pending is not None and not pending.is_expired:
        raise PeopleChangeRefused(
            f"{email} has already been invited. Resend that invitation from the list below"
        )
    if pending is not None:
        pending.revoked_at = now
        pending.save(update_fields=["revoked_at"])
    token = _new_token()
    invitation = Invitation.objects.create(
        partnership=partnership,
        email=email,
        role=role,
        agency=agency if role == Membership.Role.OWNER else None,
        token_hash=hash_key(token),
        invited_by=by,
        sent_at=now,
        expires_at=now + INVITATION_LIFE,
    )
    log_event(
        "invitation_sent",
        user=by.pk if by else "-",
        invitation=invitation.pk,
        partnership=partnership.pk,
        role=role,
    )
    _send_invitation_email(invitation, token)
    return SentInvitation(invitation=invitation, token=token)


@transaction.atomic
def resend_invitation(*, invitation: Invitation, by: User) -> SentInvitation:
    """Send the invitation again with a new link, valid for a new week; the old link stops
    working."""
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if current.accepted_at is not None or current.revoked_at is not None:
        raise PeopleChangeRefused("This invitation has been used or revoked: invite them again")
    token = _new_token()
    now = timezone.now()
    current.token_hash = hash_key(token)
    current.sent_at, current.expires_at = now, now + INVITATION_LIFE
    current.save(update_fields=["token_hash", "sent_at", "expires_at"])
    log_event(
        "invitation_resent",
        user=by.pk,
        invitation=current.pk,
        partnership=current.partnership_id,
    )
    _send_invitation_email(current, token)
    return SentInvitation(invitation=current, token=token)


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User) -> Invitation:
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if current.accepted_at is None and current.revoked_at is None:
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        log_event(
            "invitation_revoked",
            user=by.pk,
            invitation=current.pk,
            partnership=current.partnership_id,
        )
    return current


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link names, whatever its state (the page says why it cannot be used)."""
    return (
        Invitation.objects.select_related("partnership", "agency", "invited_by")
        .filter(token_hash=hash_key(token))
        .first()
    )


def why_unusable(invitation: Invitation | None) -> str | None:
    """What to tell someone whose link cannot be used, or None when it can."""
    if invitation is None:
        return "This invitation link is not right, or a newer invitation has replaced it."
    if invitation.accepted_at is not None:
        return "This invitation has already been used."
    if invitation.revoked_at is not None:
        return "This invitation has been withdrawn."
    if invitation.is_expired:
        return "This invitation has expired."
    return None


@transaction.atomic
def add_member(
    *, partnership: Partnership, user: User, role: str, agency: Agency | None, by: User | None
) -> Membership:
    """Make `user` a member of `partnership`; they are told (agencies.people.signals)."""
    agency = _check_agency(partnership, role, agency)
    if Membership.objects.filter(partnership=partnership, user=user).exists():
        raise PeopleChangeRefused(f"{user.email} is already a member of {partnership.name}")
    membership = Membership.objects.create(
        partnership=partnership,
        user=user,
        role=role,
        agency=agency if role == Membership.Role.OWNER else None,
    )
    log_event(
        "membership_added",
        user=by.pk if by else user.pk,
        member=user.pk,
        partnership=partnership.pk,
        role=role,
    )
    person_added.send(sender=Membership, membership=membership, by=by)
    return membership


def _lock_usable(invitation: Invitation) -> Invitation:
    """The invitation's row, locked until the transaction ends, if it can still be used: of two
    acceptances at once, the second waits here and then finds it used."""
    current = (
        Invitation.objects.select_for_update().select_related("partnership").get(pk=invitation.pk)
    )
    reason = why_unusable(current)
    if reason is not None:
        raise PeopleChangeRefused(reason)
    return current


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """Give `user` the invited membership and use the invitation up.

    Refused (PeopleChangeRefused) when the link can no longer be used, or the account's
    address is not the invited one. Someone who became a member meanwhile keeps their
    membership as it is, and the invitation is used up."""
    current = _lock_usable(invitation)
    if user.email.lower() != current.email.lower():
        raise PeopleChangeRefused(
            f"This invitation is for {current.email}. Sign out, then open the link again."
        )
    current.accepted_at, current.accepted_by = timezone.now(), user
    current.save(update_fields=["accepted_at", "accepted_by"])
    log_event(
        "invitation_accepted",
        user=user.pk,
        invitation=current.pk,
        partnership=current.partnership_id,
    )
    existing = Membership.objects.filter(partnership=current.partnership, user=user).first()
    if existing is not None:
        return existing
    return add_member(
        partnership=current.partnership,
        user=user,
        role=current.role,
        agency=current.agency,
        by=current.invited_by,
    )


@transaction.atomic
def accept_with_new_account(
    *, invitation: Invitation, first_name: str, last_name: str, password: str | None
) -> Membership:
    """Make the invitee's account (a None password: one they cannot sign in with here, for
    organisation sign-in) and accept the invitation with it.

    The invitation is locked first, so that of two browsers sending the form at once one makes
    the account and the other is told the link was used (PeopleChangeRefused), never an error."""
    current = _lock_usable(invitation)
    if User.objects.filter(email__iexact=current.email).exists():
        raise PeopleChangeRefused(
            f"An account for {current.email} already exists. Sign in, then open the link again."
        )
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=current.email, password=password, first_name=first_name, last_name=last_name
            )
    except IntegrityError as exc:  # made a moment ago some other way (organisation sign-in)
        raise PeopleChangeRefused(
            f"An account for {current.email} already exists. Sign in, then open the link again."
        ) from exc
    log_event("account_created", user=user.pk, invitation=current.pk)
    return accept_invitation(invitation=current, user=user)


def _lock_leads(partnership_id: int) -> list[int]:
    """The ids of the partnership's active leads' memberships, locked until the transaction
    ends: two leads demoting each other at once cannot leave the partnership with none."""
    return list(
        Membership.objects.select_for_update(of=("self",))
        .filter(partnership_id=partnership_id, role=Membership.Role.LEAD, user__is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _refuse_leaving_no_lead(membership: Membership, doing: str) -> None:
    if membership.role != Membership.Role.LEAD:
        return
    other_leads = [pk for pk in _lock_leads(membership.partnership_id) if pk != membership.pk]
    if not other_leads:
        raise PeopleChangeRefused(
            f"You cannot {doing} the only partnership lead. Make someone else a lead first."
        )


@transaction.atomic
def change_membership(
    *, membership: Membership, role: str, agency: Agency | None, by: User
) -> Membership:
    """A new role, or a new agency, for a member of the partnership."""
    # The leads first, always in one order, then the row: two changes at once wait in turn
    # instead of deadlocking.
    _lock_leads(membership.partnership_id)
    current = (
        Membership.objects.select_for_update().select_related("partnership").get(pk=membership.pk)
    )
    agency = _check_agency(current.partnership, role, agency)
    if role != Membership.Role.LEAD:
        _refuse_leaving_no_lead(current, "change the role of")
    before = (current.role, current.agency_id)
    current.role = role
    current.agency = agency if role == Membership.Role.OWNER else None
    if before == (current.role, current.agency_id):
        return current
    current.save(update_fields=["role", "agency"])
    log_event(
        "membership_changed",
        user=by.pk,
        member=current.user_id,
        partnership=current.partnership_id,
        role=current.role,
        agency=current.agency_id or "-",
    )
    return current


@transaction.atomic
def remove_membership(*, membership: Membership, by: User) -> None:
    """Take the person out of the partnership: they lose access at their next request."""
    _lock_leads(membership.partnership_id)  # first, as in change_membership
    current = Membership.objects.select_for_update().get(pk=membership.pk)
    _refuse_leaving_no_lead(current, "remove")
    user_id, partnership_id = current.user_id, current.partnership_id
    current.delete()
    log_event("membership_removed", user=by.pk, member=user_id, partnership=partnership_id)
