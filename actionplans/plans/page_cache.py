"""A plan's page body, rendered once per version stamp and kept in the shared cache.

Its key holds everything the body depends on: the plan's version stamp (`plans/versions.py`),
whether the person may edit the plan (the only difference between what members see), and today's
date ("Overdue"). The body holds forms, and a form's CSRF token is the person's own: the body is
rendered with a placeholder where the token goes, and each response puts the person's token in.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from actionplans.plans.models import ActionPlan
from actionplans.plans.versions import plan_versions

CACHE_SECONDS = 300
# Not a token Django could make (they are letters and digits only).
CSRF_PLACEHOLDER = "-csrf-token-of-this-request-"


def plan_body(
    request: HttpRequest,
    plan: ActionPlan,
    *,
    template: str,
    can_edit: bool,
    today: dt.date,
    context: Callable[[], dict[str, Any]],
) -> SafeString:
    """The rendered body, from the cache or rendered now (`context()` is called only then)."""
    version = plan_versions([plan.pk])[plan.pk]
    key = f"plan-page:{plan.pk}:{version}:{int(can_edit)}:{today.isoformat()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request
        )
        cache.set(key, html, CACHE_SECONDS)
    # Only this function writes these keys, with HTML our own template rendered (and escaped).
    return mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308
