"""`manage.py check` (and every start of the site) says plainly when the email route cannot
work: an unknown EMAIL_ROUTE, or the Notify route without its key or default template."""

import re
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from outbox import routes

# "<key name>-<service id>-<secret>": the two UUIDs are what the client signs with.
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_NOTIFY_KEY = re.compile(rf".+-{_UUID}-{_UUID}", re.IGNORECASE)


@register()
def email_route(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    route = settings.EMAIL_ROUTE
    if route not in routes.ROUTES:
        return [
            Error(
                f"EMAIL_ROUTE must be one of {', '.join(routes.ROUTES)}, not {route!r}",
                id="outbox.E001",
            )
        ]
    if route != routes.NOTIFY:
        return []
    errors: list[CheckMessage] = []
    # Never the key itself in a message: say only what is wrong with it.
    if not settings.NOTIFY_API_KEY:
        errors.append(
            Error(
                "EMAIL_ROUTE is notify but NOTIFY_API_KEY is not set",
                hint="Create an API key in GOV.UK Notify (API integration) and set it.",
                id="outbox.E002",
            )
        )
    elif not _NOTIFY_KEY.fullmatch(settings.NOTIFY_API_KEY):
        errors.append(
            Error(
                "NOTIFY_API_KEY is not a GOV.UK Notify API key "
                "(its name, then the service id and the secret, two UUIDs)",
                id="outbox.E003",
            )
        )
    if not settings.NOTIFY_DEFAULT_TEMPLATE_ID:
        errors.append(
            Error(
                "EMAIL_ROUTE is notify but NOTIFY_DEFAULT_TEMPLATE_ID is not set",
                hint="Create a Notify email template whose subject is ((subject)) and whose "
                "message is ((body)), and set its id (docs/operations/email-notify.md).",
                id="outbox.E004",
            )
        )
    if not isinstance(settings.NOTIFY_TEMPLATE_IDS, dict):
        errors.append(
            Error(
                "NOTIFY_TEMPLATE_IDS must be a JSON object of template names to template ids",
                id="outbox.E005",
            )
        )
    return errors
