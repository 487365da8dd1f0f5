"""The security log: one logger, "security", one line per event.

Each line is `event=<name>` then key=value pairs, with UTC timestamps. It names people by user id
(and, for failed sign-ins, the address typed), never a password, token, session key or reset
link. Where it goes is set in `config/settings.py` (LOGGING; SECURITY_LOG_FILE). Changes to a
partnership's people are written here (`agencies/people/services.py`), and so are sign-in events
(`accounts/security.py`).
"""

import logging

from django.http import HttpRequest

log = logging.getLogger("security")


def client_ip(request: HttpRequest | None) -> str:
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


def _quote(value: object) -> str:
    text = str(value).replace("\n", " ").replace("\r", " ")
    return f'"{text}"' if (" " in text or not text) else text


def log_event(
    event: str, request: HttpRequest | None = None, level: int = logging.INFO, **fields: object
) -> None:
    """Write one line to the security log: the event, who, from where, and `fields`."""
    user = getattr(request, "user", None) if request is not None else None
    if "user" not in fields and user is not None and user.is_authenticated:
        fields = {"user": user.pk, **fields}
    parts = [f"event={event}", *(f"{key}={_quote(value)}" for key, value in fields.items())]
    parts.append(f"ip={client_ip(request)}")
    log.log(level, " ".join(parts))
