"""Celery tasks: thin wrappers that take ids, call one function of `reminders`, return a count.

They live here, not in `reminders/`, so their dotted names (which beat and queued messages
carry) stay `actionplans.tasks.*`."""

from celery import shared_task
from django.conf import settings

from actionplans.reminders import delivery


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_due_reminders() -> int:
    """Claim what is due and queue one sending task per person (their reminders go in one email)
    and per hand-off email still to be sent."""
    batches = delivery.by_recipient(delivery.claim_due_reminders())
    for batch in batches:
        send_reminders.delay(batch)
    return len(batches)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    # smtplib's errors are OSErrors, as are refused connections: retry those, later each time.
    autoretry_for=(OSError,),
    retry_backoff=settings.REMINDER_RETRY_BACKOFF_SECONDS,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def send_reminder(reminder_id: int) -> int:
    return int(delivery.deliver_reminder(reminder_id=reminder_id))


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    retry_backoff=settings.REMINDER_RETRY_BACKOFF_SECONDS,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def send_reminders(reminder_ids: list[int]) -> int:
    """One person's reminders of a sweep, as one email."""
    return delivery.deliver_reminders(reminder_ids=reminder_ids)
