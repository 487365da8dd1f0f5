"""What someone typed into a form when their session ran out, kept while they sign in again.

A form posted after 30 idle minutes never reaches its view: the session has ended, so nothing is
saved and, until now, everything typed was lost. `SessionLifetimeMiddleware` keeps the posted
fields instead, under a random id, for the person the session belonged to; the sign-in page's
`next` carries the id back to the form's page, and a view that reads `posted_or_kept` shows the
form filled in again, for the person to check and save themselves.

The fields are kept in the cache (Redis in production) for 30 minutes at most, under a key that
names the person: someone else signing in with the same address finds nothing. The CSRF token
is not kept (the page gives a new one) and neither are files (the person chooses them again).
"""

import datetime as dt
import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from ui import cache

KEPT_PARAM = "kept"
KEEP_FOR = dt.timedelta(minutes=30)
MESSAGE = "Your changes were kept while you signed in again. Check them and save."
# The page draws a fresh one: an old token is no use, and a secret is better not stored.
NOT_KEPT = frozenset({"csrfmiddlewaretoken"})


def _key(user_id: int, kept_id: str) -> str:
    return f"kept-form:{user_id}:{kept_id}"


def keep(request: HttpRequest, *, user_id: int) -> str:
    """Keep the fields of this POST for `user_id`; the address to come back to, carrying the id.

    `request.POST` holds the text fields only: uploaded files are in `request.FILES` and are not
    kept."""
    kept_id = secrets.token_urlsafe(16)
    fields = [(name, values) for name, values in request.POST.lists() if name not in NOT_KEPT]
    # The limit is kept with the fields as well as given to the cache: the cache's own clock
    # (Redis's) is not the one the rest of the service keeps time by.
    until = (timezone.now() + KEEP_FOR).timestamp()
    cache.put(
        _key(user_id, kept_id),
        {"path": request.path, "fields": fields, "until": until},
        timeout=int(KEEP_FOR.total_seconds()),
    )
    query = request.GET.copy()
    query[KEPT_PARAM] = kept_id
    return f"{request.path}?{query.urlencode()}"


def take(*, user_id: int, path: str, kept_id: str) -> QueryDict | None:
    """The fields kept for this person on this page, once: they are forgotten as they are read."""
    key = _key(user_id, kept_id)
    entry = cache.get(key)
    if not entry or entry["path"] != path:
        return None
    cache.delete(key)
    if timezone.now().timestamp() > entry["until"]:
        return None
    # Read-only, as request.POST is.
    return QueryDict(urlencode(entry["fields"], doseq=True))


def posted_or_kept(request: HttpRequest) -> QueryDict | None:
    """For a form view: the POST; on a GET, the fields kept for this person when their session
    ran out (with a message asking them to check and save), else None."""
    if request.method == "POST":
        return request.POST
    kept_id = request.GET.get(KEPT_PARAM)
    if not kept_id or not request.user.is_authenticated:
        return None
    data = take(user_id=request.user.pk, path=request.path, kept_id=kept_id)
    if data is not None:
        messages.info(request, MESSAGE)
    return data
