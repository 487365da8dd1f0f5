"""One log line per request (logger "access"): its id, the person, method, path, status, time.

First in MIDDLEWARE, so the time covers every other middleware and every line logged while the
request is answered (the security log's too) carries its id in the JSON logs.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from accounts.middleware import SECRET_PATHS
from config.logformat import request_id

log = logging.getLogger("access")

# A proxy's or load balancer's id is kept when it looks like one; anything else (too long, or
# characters that could forge a log line) is replaced by our own.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
HEADER = "X-Request-ID"
# Addresses that work as keys (an invitation, a calendar feed, a password-reset link): the
# values of these URL parts never go into the log.
SECRET_URL_PARTS = ("token", "uidb64")


def loggable_path(request: HttpRequest) -> str:
    """The path without its query string (a query may carry a code or a search) and with
    any key it carries replaced by [redacted]."""
    # As the security log does, for the reset links that match no view (and so no kwargs).
    path = SECRET_PATHS.sub(r"\1[redacted]/", request.path)[:300]
    match = getattr(request, "resolver_match", None)
    if match is None:
        return path
    for name in SECRET_URL_PARTS:
        if value := str(match.kwargs.get(name) or ""):
            path = path.replace(value, "[redacted]")
    return path


def user_id(request: HttpRequest) -> int | None:
    """The signed-in person's id, if this request loaded them. Never loads them just to log:
    /healthz and the static files must stay free of database queries."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        rid = given if VALID_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]  # for views that want it
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response[HEADER] = rid
            person, path = user_id(request), loggable_path(request)
            log.info(
                "%s %s %s %sms",
                request.method,
                path,
                response.status_code,
                duration_ms,
                extra={
                    "request_id": rid,
                    "user_id": person,
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            request_id.reset(token)
