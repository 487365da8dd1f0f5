"""Request-wide security: the methods pages accept, the session's lifetime, the second step of
sign-in, no caching, and a log line for every refused request. Their order is set in
`config/settings.py` (MIDDLEWARE).
"""

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.utils.cache import patch_cache_control

from accounts import kept_forms
from accounts.organisation_sign_in import PROVIDER_MFA_KEY
from accounts.security import LAST_SEEN, SIGNED_IN_AT
from accounts.signed_in import request_two_factor_state
from accounts.twofactor import is_verified
from agencies.security_log import log_event

GetResponse = Callable[[HttpRequest], HttpResponse]

# The idle clock is updated at most once a minute (seconds).
LAST_SEEN_RESOLUTION = 60

# A password-reset link carries a token: it never goes into a log.
SECRET_PATHS = re.compile(r"^(/account/password-reset/)[^/]+/[^/]+/")


class DeniedRequestLogMiddleware:
    """Writes every 403 and 404 answer to the security log (who, what, where)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in (403, 404):
            path = SECRET_PATHS.sub(r"\1[redacted]/", request.path)[:300]
            log_event(
                "denied",
                request,
                status=response.status_code,
                method=request.method,
                path=path,
            )
        return response


class FormMethodsOnlyMiddleware:
    """The pages answer only what a browser's links and forms send: GET, HEAD, POST and OPTIONS.

    Django's DeleteView deletes on DELETE at once, without the form and the checks a POST goes
    through, so PUT, PATCH and DELETE are refused here, before any view runs. The reporting API is
    left to say 405 itself, in its own JSON.
    """

    ALLOWED = ("GET", "HEAD", "OPTIONS", "POST")
    API_PREFIX = "/api/"

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in self.ALLOWED and not request.path.startswith(self.API_PREFIX):
            return HttpResponseNotAllowed(self.ALLOWED)
        return self.get_response(request)


class NoStoreMiddleware:
    """No page is kept by the browser or a proxy: plan data must not outlive the session."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response


def _protected_view(request: HttpRequest) -> HttpResponse:
    """Stands for the view a post was meant for, in the CSRF check: not exempt."""
    raise NotImplementedError


class SessionLifetimeMiddleware:
    """Ends a signed-in session after SESSION_IDLE_TIMEOUT without a request or
    SESSION_ABSOLUTE_TIMEOUT after sign-in, and refuses the session of a deactivated account.

    Deactivation signs a person out everywhere: Django's ModelBackend no longer returns an
    inactive user for the session, and this middleware then destroys the session itself.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY not in session:
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            log_event("session_refused", request, reason="account_inactive_or_removed")
            session.flush()
            return redirect_to_login(request.get_full_path())
        now = timezone.now().timestamp()
        signed_in_at = float(session.setdefault(SIGNED_IN_AT, now))
        last_seen = float(session.get(LAST_SEEN, now))
        absolute, idle = settings.SESSION_ABSOLUTE_TIMEOUT, settings.SESSION_IDLE_TIMEOUT
        if now - signed_in_at > absolute.total_seconds():
            hours = int(absolute.total_seconds() // 3600)
            return self._sign_out(request, "absolute", f"You were signed out after {hours} hours.")
        if now - last_seen > idle.total_seconds():
            minutes = int(idle.total_seconds() // 60)
            return self._sign_out(
                request, "idle", f"You were signed out after {minutes} minutes without activity."
            )
        if now - last_seen >= LAST_SEEN_RESOLUTION:
            # Not on every request: a session write per page would cost a query each time.
            session[LAST_SEEN] = now
        return self.get_response(request)

    def _sign_out(self, request: HttpRequest, reason: str, message: str) -> HttpResponse:
        log_event("session_expired", request, reason=reason)
        come_back_to = request.get_full_path()
        whose = request.user.pk
        if request.method == "POST" and whose is not None and self._passes_csrf(request):
            # What they typed is kept for them alone, to be shown again once they sign in.
            come_back_to = kept_forms.keep(request, user_id=whose)
        logout(request)
        messages.info(request, f"{message} Sign in again to continue.")
        return redirect_to_login(come_back_to)

    def _passes_csrf(self, request: HttpRequest) -> bool:
        """The check the view would have had: a post made by another site's page is not kept,
        so nobody can fill in someone's form for them to find after signing in."""
        check = CsrfViewMiddleware(self.get_response)
        return check.process_view(request, _protected_view, (), {}) is None


class TwoFactorMiddleware:
    """Until a signed-in person has passed the second step, only the second step is served:
    the code page for people with two-factor set up, the set-up page for the leads of a
    partnership that makes it compulsory.
    """

    OPEN_VIEWS = frozenset(
        {
            "accounts:two-factor-verify",
            "accounts:two-factor-setup",
            "accounts:two-factor-backup-codes",
            "logout",
        }
    )

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or is_verified(user):
            return None
        if request.session.get(PROVIDER_MFA_KEY):
            return None  # their organisation's sign-in did multi-factor authentication
        match = request.resolver_match
        if match is not None and match.view_name in self.OPEN_VIEWS:
            return None
        state = request_two_factor_state(user)  # type: ignore[arg-type]  # authenticated: a User
        if state.has_device:
            return redirect_to_login(request.get_full_path(), "accounts:two-factor-verify")
        if state.required:
            return redirect_to_login(request.get_full_path(), "accounts:two-factor-setup")
        return None
