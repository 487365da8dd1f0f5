"""The way an email leaves the service, chosen by the setting `EMAIL_ROUTE`.

"smtp" (the default): Django's mailer (`MAILERS`), the email's subject, text and HTML parts and
its headers. "notify": GOV.UK Notify's API, through its official client. Notify sends only
templates made on its site, so the service's own templates are rendered here as before and the
result handed to one Notify template made of two placeholders: `((subject))` and `((body))`
(the plain-text part). `NOTIFY_TEMPLATE_IDS` may give a kind of email its own Notify template;
any other goes through `NOTIFY_DEFAULT_TEMPLATE_ID`. Notify sends no custom headers: the
outbox's id goes as the notification's `reference`, which Notify's own pages show.

The API key signs every request and must never be written anywhere: errors are described by
their status and Notify's message alone, never by the client's exception (which holds the
request, its signed token among the headers), and every text is scrubbed of the key."""

import re
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from outbox.models import Email

SMTP = "smtp"
NOTIFY = "notify"
ROUTES = (SMTP, NOTIFY)

# Notify's answers worth another attempt later: its own failures (5xx) and no answer at all (the
# client reports a refused connection or a timeout as a 503); its rate limits (429); and a key it
# does not take (403), the service's fault and not the email's, which waits for the key's fix.
TRY_AGAIN_STATUSES = frozenset({403, 429})
_BEARER = re.compile(r"Bearer\s+[A-Za-z0-9._~+/=-]+")


class SendFailed(Exception):
    """This attempt failed, the next may not: Notify is down, busy, or out of reach."""


class SendRefused(Exception):
    """Notify refused the email as it is (an invalid address, an unknown template): the same
    request would be refused again, so it is not retried."""


def scrub(text: str) -> str:
    """The text without the API key, its secret half, or any bearer token."""
    key = settings.NOTIFY_API_KEY
    for secret in (key, key[-36:]):
        if len(secret) >= 8:
            text = text.replace(secret, "[NOTIFY_API_KEY]")
    return _BEARER.sub("Bearer [token]", text)


def send(email: Email) -> str:
    """Send the email by the route the settings choose: Notify's notification id, or "" by SMTP.

    Raises `SendRefused` when Notify will not take it; any other error (`SendFailed`, SMTP's
    OSErrors) is a failed attempt."""
    if settings.EMAIL_ROUTE == NOTIFY:
        return send_by_notify(email)
    send_by_smtp(email)
    return ""


def send_by_smtp(email: Email) -> None:
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body, to=[email.to], headers=dict(email.headers)
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    message.send()


def notify_client() -> NotificationsAPIClient:
    try:
        return NotificationsAPIClient(
            settings.NOTIFY_API_KEY,
            base_url=settings.NOTIFY_BASE_URL,
            timeout=settings.NOTIFY_TIMEOUT,
        )
    except AssertionError:
        # The client asserts the key's parts: a settings mistake (`manage.py check` names it),
        # and the emails wait for it to be put right.
        raise SendFailed("NOTIFY_API_KEY is missing or not a Notify API key") from None


def template_id_for(kind: str) -> str:
    return str(settings.NOTIFY_TEMPLATE_IDS.get(kind) or settings.NOTIFY_DEFAULT_TEMPLATE_ID)


def personalisation(email: Email) -> dict[str, str]:
    return {"subject": email.subject, "body": email.body}


def send_by_notify(email: Email) -> str:
    try:
        answer: dict[str, Any] = notify_client().send_email_notification(
            email_address=email.to,
            template_id=template_id_for(email.kind),
            personalisation=personalisation(email),
            reference=str(email.pk),
        )
    except APIError as exc:
        # `from None`: the client's error, with the request and its token, goes no further.
        if exc.status_code >= 500 or exc.status_code in TRY_AGAIN_STATUSES:
            raise SendFailed(describe(exc)) from None
        raise SendRefused(describe(exc)) from None
    return str(answer["id"])


def notification_status(provider_id: str) -> str:
    """What Notify says became of one of its notifications ("sending", "delivered", …)."""
    try:
        answer: dict[str, Any] = notify_client().get_notification_by_id(provider_id)
    except APIError as exc:
        raise SendFailed(describe(exc)) from None
    return str(answer["status"])


def describe(exc: APIError) -> str:
    """Notify's status and message, e.g. "400 from Notify: email_address Not a valid email
    address"; its message is a list of errors on a 4xx."""
    message = exc.message
    if isinstance(message, list):
        message = "; ".join(str(error.get("message", error)) for error in message)
    return scrub(f"{exc.status_code} from Notify: {message}")[:2000]
