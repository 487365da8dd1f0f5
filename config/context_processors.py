import functools

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


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
    return {"service_name": settings.SERVICE_NAME, "navigation": _navigation()}
