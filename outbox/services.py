"""The one way an email leaves the service: `queue_email`, inside the transaction of the change
that sends it. The row is kept or rolled back with the change; its send is queued on commit.

An email is three templates: `<name>-subject.txt`, `<name>-body.txt` and `<name>-body.html`
(`render_email`), or parts made elsewhere (`Draft`). Its `kind` is the template's name, or a name
its maker gives: it picks the GOV.UK Notify template (outbox/routes.py) and names the email once
its body is gone."""

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string

from outbox.models import Email
from outbox.tasks import send_email

log = logging.getLogger(__name__)

# Email subjects stay under 78 characters (RFC 5322's line length, and what a phone shows).
SUBJECT_MAX = 77


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    html: str = ""
    # The template's name, "<app>/emails/<name>"; a Draft made by hand names what it is.
    kind: str = ""


def short_subject(text: str, limit: int = SUBJECT_MAX) -> str:
    """One line, at most `limit` characters, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-(")
    return f"{cut}…"


def render_email(name: str, context: dict[str, Any]) -> Draft:
    return Draft(
        subject=short_subject(render_to_string(f"{name}-subject.txt", context)),
        body=render_to_string(f"{name}-body.txt", context),
        html=render_to_string(f"{name}-body.html", context),
        kind=name,
    )


def queue_email(
    draft: Draft,
    *,
    to: str,
    recipient: Any = None,
    headers: dict[str, str] | None = None,
) -> Email:
    """Write the email; it is sent once the surrounding transaction commits (at once outside
    one). `recipient`, the account it is for: nothing is sent once that account is deactivated."""
    email = Email.objects.create(
        to=to,
        recipient=recipient,
        subject=short_subject(draft.subject),
        body=draft.body,
        html=draft.html,
        headers=headers or {},
        kind=draft.kind,
    )
    email_id = email.pk
    transaction.on_commit(lambda: _queue_send(email_id))
    return email


def _queue_send(email_id: int) -> None:
    try:
        send_email.delay(email_id)
    except Exception:
        # The change is saved: the request must not fail now. The sweep sends it.
        log.exception("Could not queue email %s; the outbox's sweep sends it", email_id)
