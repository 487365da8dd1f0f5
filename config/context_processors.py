import functools

import rules
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from actionplans.notifications.selectors import unread_count


@functools.cache
def _navigation() -> tuple[tuple[str, str], ...]:
    """The service navigation's links, reversed once per process: every page shows them."""
    return (
        (reverse("actionplans:home"), "Action plans"),
        (reverse("actionplans:my-actions"), "My actions"),
        (reverse("actionplans:dashboard"), "Dashboard"),
        (reverse("actionplans:reminder-preferences"), "Reminders"),
        (reverse("accounts:account"), "Your account"),
    )


def service(request: HttpRequest) -> dict[str, object]:
    """The service's name, for the header and page titles, and its navigation."""
    return {
        "service_name": settings.SERVICE_NAME,
        # Called only by a header that shows it (a signed-in person's).
        "navigation": lambda: _navigation_for(request),
        # Called only by a header that shows it (a signed-in person's): see `unread_count`.
        "notifications_href": _notifications_href(),
        "notifications_label": lambda: _notifications_label(request),
    }


def _navigation_for(request: HttpRequest) -> tuple[tuple[str, str], ...]:
    """The links this person has a use for: no "My actions" for someone never given any."""
    user = getattr(request, "user", None)
    if rules.test_rule("has_own_actions", user):
        return _navigation()
    my_actions = reverse("actionplans:my-actions")
    return tuple(link for link in _navigation() if link[0] != my_actions)


@functools.cache
def _notifications_href() -> str:
    return reverse("actionplans:notifications")


def _notifications_label(request: HttpRequest) -> str:
    count = unread_count(getattr(request, "user", None))
    return f"Notifications ({count} unread)" if count else "Notifications"
