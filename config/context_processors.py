import functools

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
        (reverse("agencies:account"), "Your account"),
    )


def service(request: HttpRequest) -> dict[str, object]:
    """The service's name, for the header and page titles, and its navigation."""
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": _navigation(),
        # Called only by a header that shows it (a signed-in person's): see `unread_count`.
        "notifications_href": _notifications_href(),
        "notifications_label": lambda: _notifications_label(request),
    }


@functools.cache
def _notifications_href() -> str:
    return reverse("actionplans:notifications")


def _notifications_label(request: HttpRequest) -> str:
    count = unread_count(getattr(request, "user", None))
    return f"Notifications ({count} unread)" if count else "Notifications"
