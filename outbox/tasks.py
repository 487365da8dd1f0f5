"""The outbox's Celery tasks: send one email; send what a lost task left behind; read back what
became of the emails Notify took."""

from celery import shared_task
from django.conf import settings

from outbox import sending, statuses


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    # smtplib's errors are OSErrors, as are refused connections; Notify out of reach or failing
    # is SendFailed: retry those, later each time.
    autoretry_for=sending.TRY_AGAIN,
    retry_backoff=settings.OUTBOX_RETRY_BACKOFF_SECONDS,
    retry_backoff_max=sending.BACKOFF_LIMIT_SECONDS,
    retry_jitter=True,
    max_retries=8,
)
def send_email(email_id: int) -> int:
    return int(sending.deliver(email_id=email_id))


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_unsent_emails() -> int:
    """Queue a send of every email still waiting (its task lost with a broker, or its retries
    spent while the mail server was down); the count queued."""
    email_ids = sending.unsent_ids()
    for email_id in email_ids:
        send_email.delay(email_id)
    return len(email_ids)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def check_delivery_statuses() -> int:
    """Ask Notify what became of its emails of the last days not yet settled; the count asked."""
    return statuses.check_delivery_statuses()
