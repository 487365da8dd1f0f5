"""The membership questions every other app's permission rules are built on.

Each predicate takes the user and a partnership or agency and answers from the user's active
memberships. Other apps compose these into their own named rules; no view asks `user.agency == …`.
"""

from typing import Any, NamedTuple

import rules
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from agencies.models import Agency, Membership, Partnership, User

# What `request.user` can be.
AnyUser = User | AnonymousUser


class MembershipRow(NamedTuple):
    partnership_id: int
    role: str
    agency_id: int | None


def membership_rows(user: User) -> frozenset[MembershipRow]:
    """The person's memberships, each as (partnership, role, agency), from the database.

    The rules ask many times a page, so the person a request is served for reads them once per
    request (`User.request_memo`, set by `accounts.signed_in`); any other user object reads
    them afresh. Never cached beyond the request: a removal or a new role holds at the
    person's next request (docs/adr/0002-no-cache-for-rights.md)."""
    memo = user.request_memo
    if memo is not None and "memberships" in memo:
        return memo["memberships"]
    rows = frozenset(
        MembershipRow(*row)
        for row in Membership.objects.filter(user_id=user.pk).values_list(
            "partnership_id", "role", "agency_id"
        )
    )
    if memo is not None:
        memo["memberships"] = rows
    return rows


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


def roles_in(user: AnyUser, partnership_id: int | None) -> list[MembershipRow]:
    """The user's memberships of one partnership (read once per request: the rules ask many
    times a page). A deactivated or anonymous user has none, as in `memberships_of`."""
    if partnership_id is None or not user.is_authenticated or not user.is_active:
        return []
    return [row for row in membership_rows(user) if row.partnership_id == partnership_id]


def roles_everywhere(user: AnyUser) -> set[str]:
    """The roles the user holds in any partnership (read once per request, as `roles_in`)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return {row.role for row in membership_rows(user)}


def _roles_in(user: AnyUser, partnership: Partnership | None) -> list[MembershipRow]:
    return roles_in(user, partnership.pk if partnership is not None else None)


@rules.predicate
def is_member(user: AnyUser, partnership: Partnership | None) -> bool:
    return bool(_roles_in(user, partnership))


@rules.predicate
def is_lead(user: AnyUser, partnership: Partnership | None) -> bool:
    return any(row.role == Membership.Role.LEAD for row in _roles_in(user, partnership))


@rules.predicate
def is_manager(user: AnyUser, partnership: Partnership | None) -> bool:
    return any(row.role == Membership.Role.MANAGER for row in _roles_in(user, partnership))


def owns_for(user: AnyUser, agency: Agency | None, partnership: Partnership | None) -> bool:
    """Whether the user is an agency owner of `agency` in `partnership`."""
    return agency is not None and any(
        row.role == Membership.Role.OWNER and row.agency_id == agency.pk
        for row in _roles_in(user, partnership)
    )


class RuleRequiredMixin:
    """For class-based views: 403 unless the named rule allows the user on the view's object.

    Scoping (404 for another partnership's rows) comes first, from the view's queryset; this
    answers only "may this member do this?".
    """

    rule: str
    request: Any

    def get_rule_object(self) -> object:
        return self.get_object()  # type: ignore[attr-defined]  # a mixin over a detail view

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.request, self.args, self.kwargs = request, args, kwargs
        if not rules.test_rule(self.rule, request.user, self.get_rule_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]  # a mixin over a view
