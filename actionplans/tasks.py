"""Celery tasks: thin wrappers that take ids, call one function of `reminders`, return a count.

They live here, not in `reminders/`, so their dotted names (which beat and queued messages
carry) stay `actionplans.tasks.*`. The emails they write are sent by the outbox's tasks."""

from celery import shared_task
from django.utils import timezone

from actionplans.records import retention
from actionplans.reminders import delivery
from actionplans.rounds import services as rounds


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_due_reminders() -> int:
    """Claim what is due and queue one task per person (their reminders go in one email)."""
    batches = delivery.by_recipient(delivery.claim_due_reminders())
    for batch in batches:
        send_reminders.delay(batch)
    return len(batches)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_reminders(reminder_ids: list[int]) -> int:
    """One person's reminders of a sweep, written as one email to the outbox."""
    return delivery.deliver_reminders(reminder_ids=reminder_ids)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def report_retention() -> int:
    """The weekly retention sweep: first the reports a partnership asked to have applied when no
    lead confirmed them in time, then this week's report of every partnership, emailed to its
    leads (which deletes nothing)."""
    now = timezone.now()
    retention.apply_unconfirmed_reports(now=now)
    return retention.report_retention_to_leads(now=now)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def close_due_rounds() -> int:
    """Close the update rounds whose closing date has passed (each prepares its board report)."""
    return rounds.close_due_rounds(now=timezone.now())


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_round_reminders() -> int:
    """One reminder to each person of a round closing soon who has not answered yet."""
    return rounds.remind_round_recipients(now=timezone.now())
