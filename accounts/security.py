"""The sign-in events the security log records (`agencies/security_log.py`), and the address
a sign-in is counted against for lockout."""

import logging
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from agencies.security_log import log_event

# Session keys of SessionLifetimeMiddleware (accounts/middleware.py).
SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The address a sign-in is counted against: `Lead@x` and `lead@x ` are one address."""
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(username).strip().lower()


@receiver(user_logged_in)
def _signed_in(sender: object, request: HttpRequest | None, user: Any, **kwargs: object) -> None:
    if request is None:
        return
    # Django has just given the session a new key (login() cycles it); start its clocks.
    now = timezone.now().timestamp()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
    # An organisation's sign-in names its provider; a password sign-in keeps its plain line.
    provider = getattr(request, "sign_in_provider", None)
    log_event("sign_in", request, user=user.pk, **({"via": provider} if provider else {}))


@receiver(user_login_failed)
def _sign_in_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: object
) -> None:
    # Django has already masked the password in `credentials`; we take only the address.
    username = credentials.get("username", "")
    log_event("sign_in_failed", request, level=logging.WARNING, username=str(username)[:254])


@receiver(user_logged_out)
def _signed_out(sender: object, request: HttpRequest | None, user: Any, **kwargs: object) -> None:
    if user is not None:
        log_event("sign_out", request, user=user.pk)


@receiver(user_locked_out)
def _locked_out(
    sender: object, request: HttpRequest | None, username: str | None, **kwargs: object
) -> None:
    log_event("locked_out", request, level=logging.WARNING, username=(username or "")[:254])
