"""Reads for the People page, scoped to the partnerships a person leads."""

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf

from agencies.models import Invitation, Membership, Partnership
from agencies.permissions import AnyUser, partnerships_of
from outbox.models import Email
from outbox.selectors import undelivered_for


def partnerships_led_by(user: AnyUser) -> QuerySet[Partnership]:
    return partnerships_of(user, Membership.Role.LEAD)


def members_of(partnership: Partnership) -> QuerySet[Membership]:
    """By name whatever its capitals (family name, then given name), then email address; a
    person with no name yet is shown, and so sorted, by their address."""
    return (
        Membership.objects.filter(partnership=partnership)
        .select_related("user", "agency")
        .order_by(
            Lower(Coalesce(NullIf("user__last_name", Value("")), "user__email")),
            Lower("user__first_name"),
            Lower("user__email"),
        )
    )


def is_member(partnership: Partnership, email: str) -> bool:
    """Whether the address (any case) already belongs to a member of the partnership."""
    return Membership.objects.filter(partnership=partnership, user__email__iexact=email).exists()


def pending_invitations(partnership: Partnership) -> QuerySet[Invitation]:
    """Invitations not yet accepted or revoked, expired ones included (to be resent)."""
    return (
        Invitation.objects.pending()
        .filter(partnership=partnership)
        .select_related("agency", "invited_by")
        .order_by("email")
    )


def lead_count(partnership: Partnership) -> int:
    return (
        Membership.objects.active()
        .filter(partnership=partnership, role=Membership.Role.LEAD)
        .count()
    )


def undelivered_emails(partnership: Partnership) -> QuerySet[Email]:
    """The emails that could not be delivered to the partnership's people: its members, and
    those its waiting invitations are for. By address, which is what the lead can put right."""
    addresses = [
        *Membership.objects.filter(partnership=partnership).values_list("user__email", flat=True),
        *Invitation.objects.pending()
        .filter(partnership=partnership)
        .values_list("email", flat=True),
    ]
    return undelivered_for(addresses)


def emails_waiting(partnership: Partnership) -> QuerySet[Email]:
    """Emails not yet sent (nor given up) to the partnership's members and invitees, oldest
    first: what a mail server that is down holds back, for the lead to see."""
    invited = pending_invitations(partnership).values("email")
    return (
        Email.objects.filter(sent_at=None, given_up_at=None)
        .filter(Q(recipient__memberships__partnership=partnership) | Q(to__in=invited))
        .distinct()
        .order_by("created_at", "pk")
    )
