"""The membership questions every other app's permission rules are built on.

Each predicate takes the user and a partnership or agency and answers from the user's active
memberships. Other apps compose these into their own named rules; no view asks `user.agency == …`.
"""

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from agencies.models import Agency, Membership, Partnership, User

# What `request.user` can be.
AnyUser = User | AnonymousUser


def memberships_of(user: AnyUser) -> QuerySet[Membership]:
    """A deactivated or anonymous user has no memberships, whatever the database says."""
    if not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk)


def partnerships_of(user: AnyUser, *roles: str) -> QuerySet[Partnership]:
    """The partnerships in which the user holds one of `roles` (any role when none given)."""
    memberships = memberships_of(user)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return Partnership.objects.filter(pk__in=memberships.values("partnership"))


def agencies_owned_by(user: AnyUser, partnership: Partnership | None = None) -> QuerySet[Agency]:
    """The agencies for which the user is an agency owner (in one partnership, or in any)."""
    memberships = memberships_of(user).filter(role=Membership.Role.OWNER)
    if partnership is not None:
        memberships = memberships.filter(partnership=partnership)
    return Agency.objects.filter(pk__in=memberships.values("agency"))


@rules.predicate
def is_member(user: AnyUser, partnership: Partnership | None) -> bool:
    return partnership is not None and memberships_of(user).filter(partnership=partnership).exists()


@rules.predicate
def is_lead(user: AnyUser, partnership: Partnership | None) -> bool:
    return (
        partnership is not None
        and memberships_of(user).filter(partnership=partnership, role=Membership.Role.LEAD).exists()
    )


@rules.predicate
def is_manager(user: AnyUser, partnership: Partnership | None) -> bool:
    return (
        partnership is not None
        and memberships_of(user)
        .filter(partnership=partnership, role=Membership.Role.MANAGER)
        .exists()
    )


def owns_for(user: AnyUser, agency: Agency | None, partnership: Partnership | None) -> bool:
    """Whether the user is an agency owner of `agency` in `partnership`."""
    return (
        agency is not None
        and partnership is not None
        and memberships_of(user)
        .filter(partnership=partnership, agency=agency, role=Membership.Role.OWNER)
        .exists()
    )
