"""The outbox's Celery tasks: send one email; send what a lost task left behind."""

from celery import shared_task
from django.conf import settings

from outbox import sending


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    # smtplib's errors are OSErrors, as are refused connections: retry those, later each time.
    autoretry_for=(OSError,),
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
