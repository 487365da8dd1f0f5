"""The person a request is served for: read from the database at every request, never cached.

Django's ModelBackend loads the user row behind the session on every request; our rules then
ask for the person's memberships (`agencies.permissions.membership_rows`) and the two-factor
middleware for their two-factor state, each many times a page. This backend gives the row it
loads a `request_memo`, so each of those is read once for the request and kept on that request's
user object only. Nothing here outlives the request: a deactivation, a removal, a new role, a new
password or a new two-factor device holds at the person's next request, by construction
(docs/adr/0002-no-cache-for-rights.md; `tests/accounts/test_rights_races.py` races each change
against a request in flight).
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from accounts.twofactor import TwoFactorState, two_factor_state
from agencies.models import User


class RequestUserBackend(ModelBackend):
    """Django's ModelBackend; the person it returns for a session carries a memo for the
    request."""

    def get_user(self, user_id: Any) -> Any:
        user = super().get_user(user_id)
        if user is not None:
            user.request_memo = {}
        return user


def request_two_factor_state(user: User) -> TwoFactorState:
    """The person's two-factor state (one query), once per request."""
    memo = user.request_memo
    if memo is not None and "two-factor" in memo:
        return memo["two-factor"]
    state = two_factor_state(user)
    if memo is not None:
        memo["two-factor"] = state
    return state
