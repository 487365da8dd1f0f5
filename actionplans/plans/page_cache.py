"""Page bodies rendered once and kept in the shared cache, shared by everyone they fit.

A caller names the body by everything it depends on (a plan's version stamp from
`plans/versions.py`, what the person may do there, today's date, the filters); any write to the
plan changes its stamp, so a body is never stale. A body holds forms, and a form's CSRF token is
the person's own: bodies are rendered with a placeholder where the token goes, and each response
puts the person's token in.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

CACHE_SECONDS = 300
# Not a token Django could make (they are letters and digits only).
CSRF_PLACEHOLDER = "-csrf-token-of-this-request-"
# What `{% csrf_token %}` writes with the placeholder. Only this whole attribute pair is
# replaced: text a member typed is escaped, so it can never hold the quotes and cannot make the
# page show someone's token where the member chose.
CSRF_FIELD = f'name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}"'


def cached_body(
    request: HttpRequest, *, key: str, template: str, context: Callable[[], dict[str, Any]]
) -> SafeString:
    """The body under `key`, from the cache or rendered now (`context()` is called only then)."""
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request
        )
        cache.set(key, html, CACHE_SECONDS)
    # Only this function writes these keys, with HTML our own templates rendered (and escaped).
    field = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'
    return mark_safe(html.replace(CSRF_FIELD, field))  # noqa: S308
