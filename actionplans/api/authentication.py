"""Who is asking: a personal access token (`Authorization: Token <key>`, or `Bearer <key>`), or
the signed-in session for someone trying the API in their browser. Both act as the person, and
the rules of the pages apply unchanged."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling
from rest_framework.request import Request

from accounts.tokens import token_for_key
from agencies.models import PersonalAccessToken, User
from agencies.permissions import membership_rows
from ui.cache import CACHE_DOWN

KEYWORDS = ("token", "bearer")


class AccessTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, PersonalAccessToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in KEYWORDS:
            return None  # no token offered: another method may apply
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as: Authorization: Token <your token>")
            )
        token = token_for_key(header[1].decode(errors="replace"))
        if token is None:
            # One answer for unknown, revoked, expired and deactivated: which of them it is
            # would tell a guesser too much.
            raise exceptions.AuthenticationFailed(
                _("This token is not valid: it may have expired or been revoked.")
            )
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Token realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser session, for reads only (every endpoint is read-only): the CSRF check that
    DRF adds for writes never applies."""


class IsPartnershipMember(permissions.BasePermission):
    """Someone whose memberships have all ended (or who never had one) is refused outright,
    rather than shown empty lists: their token stops at once, not silently."""

    message = "You are not a member of any partnership. Ask your partnership lead."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            isinstance(user, User)
            and user.is_authenticated
            and user.is_active
            and membership_rows(user)
        )


class PerTokenRateThrottle(throttling.SimpleRateThrottle):
    """Each token (or, in the browser, each person) has its own allowance: one busy report
    does not slow another person's."""

    scope = "api"

    def allow_request(self, request: Request, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except CACHE_DOWN:
            # The counts live in the cache alone: while it is down nobody's can be read, and
            # refusing every report for a minute would be worse than not limiting for it.
            return True

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, PersonalAccessToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AccessTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """How the OpenAPI schema describes the token, so Power BI and client generators know it."""

    target_class = "actionplans.api.authentication.AccessTokenAuthentication"
    name = "accessToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <your token>`: made and revoked on Your account.",
        }


class SessionScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "actionplans.api.authentication.SessionAuthentication"
    name = "signedInSession"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
