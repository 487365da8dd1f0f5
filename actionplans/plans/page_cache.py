"""Page bodies rendered once and kept in the shared cache, shared by everyone they fit; and
whole pages, kept in this process's memory for the person they were rendered for.

A caller names the body by everything it depends on (a plan's version stamp from
`plans/versions.py`, what the person may do there, today's date, the filters); any write to the
plan changes its stamp, so a body is never stale. A body holds forms, and a form's CSRF token is
the person's own: bodies are rendered with a placeholder where the token goes, and each response
puts the person's token in.

Two layers keep them:
- the shared cache (Redis in production), so every web process renders a body once;
- this process's memory (`LOCAL_BYTES` at most, least recently used first out), for bodies and
  for whole pages: a key holds a version stamp (a random value, never reused), so what is
  under it never changes and needs no round trip to check. An entry keeps the moment its body
  was first rendered and ends `CACHE_SECONDS` after it, in both layers alike.

A whole page is the body inside the site's header and navigation. Those show who is signed in,
their unread count, their roles (which links) and where they are: `shell_facts` names all of
it, so a page is reused only for the same person, in the same state, at the same address. A
request with a message to show (after a form) is always rendered afresh.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from agencies.signed_in import header_facts

CACHE_SECONDS = 300
# Enough for a few thousand pages; a web process holds it at most.
LOCAL_BYTES = 64 * 1024 * 1024
# Not a token Django could make (they are letters and digits only).
CSRF_PLACEHOLDER = "-csrf-token-of-this-request-"
# What `{% csrf_token %}` writes with the placeholder. Only this whole attribute pair is
# replaced: text a member typed is escaped, so it can never hold the quotes and cannot make the
# page show someone's token where the member chose.
CSRF_FIELD = f'name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}"'

# (when it ends, the HTML with the placeholder): a body as text, to go into a page; a whole page
# as UTF-8 bytes already cut where each CSRF token goes, so serving it is one join.
Entry = tuple[float, str]
PageEntry = tuple[float, tuple[bytes, ...]]


class LocalPages:
    """A process's own least-recently-used store of rendered HTML, bounded in bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, Entry | PageEntry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # `runserver` and the test server serve from threads

    def get(self, key: str) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] <= time.time():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def set(self, key: str, entry: Entry | PageEntry) -> None:
        size = _size(entry)
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: str) -> None:
        self._bytes -= _size(self._entries.pop(key))


def _size(entry: Entry | PageEntry) -> int:
    payload = entry[1]
    return len(payload) if isinstance(payload, str) else sum(len(part) for part in payload)


local_pages = LocalPages(LOCAL_BYTES)


def _token_field(request: HttpRequest) -> str:
    return f'name="csrfmiddlewaretoken" value="{get_token(request)}"'


def _with_token(request: HttpRequest, html: str) -> str:
    # Only this module writes these entries, with HTML our own templates rendered (and escaped).
    return html.replace(CSRF_FIELD, _token_field(request))


def _page_response(request: HttpRequest, parts: tuple[bytes, ...]) -> HttpResponse:
    return HttpResponse(_token_field(request).encode().join(parts))


def _body_entry(
    request: HttpRequest, key: str, template: str, context: Callable[[], dict[str, Any]]
) -> Entry:
    entry = local_pages.get(key)
    if entry is None:
        entry = cache.get(key)
        # Anything else under the key (kept by an older release) is rendered anew.
        if not isinstance(entry, tuple) or entry[0] <= time.time():
            html = render_to_string(
                template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request
            )
            entry = (time.time() + CACHE_SECONDS, html)
            cache.set(key, entry, CACHE_SECONDS)
        local_pages.set(key, entry)
    return entry


def cached_part(
    request: HttpRequest, *, key: str, template: str, context: Callable[[], dict[str, Any]]
) -> SafeString:
    """The body under `key`, from the cache or rendered now (`context()` is called only then),
    as a part of a page that `render_page` or `cached_page` renders: they put the person's CSRF
    token where the placeholder is."""
    return mark_safe(_body_entry(request, key, template, context)[1])  # noqa: S308


def render_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """`render`, for a page holding parts from `cached_part`."""
    html = render_to_string(template, {**context, "csrf_token": CSRF_PLACEHOLDER}, request)
    return HttpResponse(_with_token(request, html))


def shell_facts(request: HttpRequest) -> tuple[Any, ...] | None:
    """Everything the page around a body shows that is not in its key (see the module's
    docstring), or None when that cannot be known without more work or the page must be
    rendered afresh."""
    if len(get_messages(request)):
        return None
    facts = header_facts(request.user)
    return None if facts is None else (request.path, facts)


def cached_page(
    request: HttpRequest,
    *,
    key: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    page: str,
    page_context: dict[str, Any],
) -> HttpResponse:
    """The page `page` (given `page_context`) around the body under `key` (made from `template`
    and `context()` when it is not kept): kept whole for this person in this process's memory."""
    facts = shell_facts(request)
    page_key = None
    if facts is not None:
        named = repr((key, page, sorted(page_context.items()), facts)).encode()
        page_key = "page:" + hashlib.sha256(named).hexdigest()
        found = local_pages.get(page_key)
        if found is not None:
            return _page_response(request, found[1])
    ends, body = _body_entry(request, key, template, context)
    html = render_to_string(
        page,
        {**page_context, "body": mark_safe(body), "csrf_token": CSRF_PLACEHOLDER},  # noqa: S308
        request=request,
    )
    parts = tuple(html.encode().split(CSRF_FIELD.encode()))
    if page_key is not None:
        local_pages.set(page_key, (ends, parts))
    return _page_response(request, parts)
