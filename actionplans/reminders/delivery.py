"""Claim each due reminder once, write it once, and one email per person per sweep.

The sweep (`claim_due_reminders`) inserts one `Reminder` row per reminder whose unique key names
the recipient, the kind, the plan or action, the date it is about and the lead time (or week); a
second sweep, or a second beat, inserts nothing new. `deliver_reminders` then takes a short lease
on a person's rows with conditional UPDATEs, checks that each reminder still holds (the date, the
owner, the person's access), and writes the ones that do as one email to the outbox, marking them
sent in the same transaction. The outbox sends it once, and retries a failed send."""

import datetime as dt
import secrets
from collections import Counter, defaultdict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from actionplans.plans.models import ActionPlan
from actionplans.plans.permissions import can_view_plan
from actionplans.plans.readiness import check_readiness
from actionplans.reminders.digest import digest_for, due_digests, record_sweep
from actionplans.reminders.due import (
    Due,
    Kind,
    People,
    due_action_reminders,
    due_deadline_reminders,
    due_overdue_reminders,
    due_stale_nudges,
    last_progress_on,
)
from actionplans.reminders.models import Reminder, ReminderPreference
from actionplans.reminders.rules import leads_get_overdue
from outbox import sending
from outbox.services import Draft, queue_email, short_subject

EMAILS = "actionplans/reminders/emails"
# The order of a grouped email's sections: the most pressing first.
SECTION_ORDER = [Kind.DEADLINE, Kind.OVERDUE, Kind.ACTION_DUE, Kind.STALE, Kind.DIGEST]
ABOUT_DEADLINES = {Kind.DEADLINE, Kind.ACTION_DUE, Kind.OVERDUE}


def due_reminders(now: dt.datetime) -> list[Due]:
    today = timezone.localdate(now)
    return [
        *due_deadline_reminders(today),
        *due_action_reminders(today),
        *due_overdue_reminders(today),
        *due_stale_nudges(today),
        *due_digests(now),
    ]


@transaction.atomic
def claim_due_reminders(*, now: dt.datetime | None = None) -> list[int]:
    """Claim every reminder due as of `now` and return the ids of all still to be sent.

    Claiming inserts the reminder's row; an existing row (claimed by an earlier or a concurrent
    sweep) is left alone. Still to be sent: not sent, not cancelled, not given up on, and not
    leased by a sender right now (a sender that died lets its lease lapse).
    """
    now = now or timezone.now()
    record_sweep(now)
    Reminder.objects.bulk_create(
        [
            Reminder(
                recipient_id=d.recipient_id,
                kind=d.kind,
                subject_key=d.subject_key,
                due_on=d.due_on,
                period_key=d.period_key,
                plan_id=d.plan_id,
                action_id=d.action_id,
            )
            for d in due_reminders(now)
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    return list(
        Reminder.objects.filter(sent_at=None, cancelled_at=None)
        .filter(attempts__lt=settings.OUTBOX_MAX_ATTEMPTS)
        .filter(Q(claimed_until=None) | Q(claimed_until__lt=now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def by_recipient(reminder_ids: list[int]) -> list[list[int]]:
    """The ids to send together: each person's reminders as one batch (one email), in the order
    of the first id of each batch."""
    batches: dict[int, list[int]] = defaultdict(list)
    for pk, recipient_id in (
        Reminder.objects.filter(pk__in=reminder_ids)
        .order_by("created_at", "pk")
        .values_list("pk", "recipient_id")
    ):
        batches[recipient_id].append(pk)
    return list(batches.values())


def deadline_context(
    reminder: Reminder, context: dict[str, Any], people: People, is_lead: bool, today: dt.date
) -> dict[str, Any] | None:
    """Leads read the plan's readiness gaps; an owner, what their agency's actions still lack
    for the submission. An owner with nothing left to do for it gets nothing."""
    plan = reminder.plan
    assert plan is not None
    deadline = plan.inspection.effective_deadline
    if plan.status != ActionPlan.Status.DRAFT or deadline != reminder.due_on:
        return None
    gaps = check_readiness(plan, today=today)
    if not is_lead:
        partnership_id = plan.inspection.partnership_id
        theirs = {
            a.pk
            for a in plan.actions.filter(pk__in={g.action_id for g in gaps if g.action_id})
            if reminder.recipient_id
            in people.action_owners(partnership_id, a.owner_agency_id, a.lead_user_id)
        }
        gaps = [g for g in gaps if g.action_id in theirs]
        if not gaps:
            return None
    return {
        **context,
        "plan": plan,
        "deadline": deadline,
        "days_left": (deadline - today).days,
        "gaps": gaps,
        "is_lead": is_lead,
    }


def reminder_context(reminder: Reminder, today: dt.date) -> dict[str, Any] | None:
    """What the email says, or None when the reminder no longer holds (checked at send time)."""
    user = reminder.recipient
    if not user.is_active:
        return None
    context: dict[str, Any] = {
        "recipient": user,
        "reminder": reminder,
        "today": today,
        "site_url": settings.SITE_URL,
    }
    if reminder.kind == Kind.DIGEST:
        preference = ReminderPreference.objects.filter(user=user).first()
        digest = digest_for(user, today)
        if (preference and not preference.weekly_digest) or not digest:
            return None
        return {**context, "digest": digest}
    plan = reminder.plan
    if plan is None or not can_view_plan(user, plan):
        return None
    partnership_id = plan.inspection.partnership_id
    people = People.of([partnership_id])
    is_lead = user.pk in people.leads[partnership_id]
    if reminder.kind == Kind.DEADLINE:
        return deadline_context(reminder, context, people, is_lead, today)
    action = reminder.action
    if action is None or action.is_complete:
        return None
    if reminder.kind != Kind.STALE and action.effective_due_date != reminder.due_on:
        return None  # the date changed: a reminder about the new date has its own key
    recipients = people.action_owners(partnership_id, action.owner_agency_id, action.lead_user_id)
    days_late = (today - action.effective_due_date).days
    if reminder.kind == Kind.OVERDUE and leads_get_overdue(days_late):
        recipients |= people.leads[partnership_id]
    if user.pk not in recipients:
        return None
    last_update = action.progress_updates.order_by("-date", "-created_at").first()
    if reminder.kind == Kind.STALE:
        preference = ReminderPreference.objects.filter(user=user).first()
        if (preference and not preference.stale_nudges) or last_progress_on(
            action
        ) != reminder.due_on:
            return None
    return {
        **context,
        "plan": plan,
        "action": action,
        "due_date": action.effective_due_date,
        "days_left": (action.effective_due_date - today).days,
        "days_late": days_late,
        "last_update": last_update,
        "stale_days": (today - reminder.due_on).days,
        "is_lead": is_lead,
    }


def grouped_subject(items: list[tuple[Reminder, dict[str, Any]]]) -> str:
    """One reminder: its own subject. Several: what is in the email, most pressing first."""
    if len(items) == 1:
        reminder, context = items[0]
        return render_to_string(f"{EMAILS}/{reminder.kind}-subject.txt", context)
    counts = Counter(reminder.kind for reminder, _ in items)
    parts = []
    for reminder, context in items:
        if reminder.kind == Kind.DEADLINE:
            days, plan = context["days_left"], context["plan"].inspection.short_name
            parts.append(
                f"{plan} plan due today"
                if days == 0
                else f"{plan} plan due in {days} day{'s' if days != 1 else ''}"
            )
    if n := counts[Kind.OVERDUE]:
        parts.append(f"{n} overdue")
    if n := counts[Kind.ACTION_DUE]:
        parts.append(f"{n} due soon")
    if n := counts[Kind.STALE]:
        parts.append(f"{n} not updated")
    if counts[Kind.DIGEST]:
        parts.append("weekly digest")
    return "Reminders: " + ", ".join(parts)


def reminders_email(items: list[tuple[Reminder, dict[str, Any]]], context: dict[str, Any]) -> Draft:
    """One email of all a person's reminders of a sweep, one section each
    (`emails/_<kind>.txt` and `.html`) inside `emails/reminders-body.txt` and `.html`."""
    items = sorted(items, key=lambda item: SECTION_ORDER.index(Kind(item[0].kind)))
    kinds = {reminder.kind for reminder, _ in items}
    outer = {
        **context,
        "sections_txt": [render_to_string(f"{EMAILS}/_{r.kind}.txt", c).strip() for r, c in items],
        "sections_html": [
            mark_safe(render_to_string(f"{EMAILS}/_{r.kind}.html", c))  # noqa: S308  (rendered with autoescape)
            for r, c in items
        ],
        "about_deadlines": bool(kinds & ABOUT_DEADLINES),
        "can_switch_off": bool(kinds & {Kind.DIGEST, Kind.STALE}),
    }
    return Draft(
        subject=short_subject(grouped_subject(items)),
        body=render_to_string(f"{EMAILS}/reminders-body.txt", outer),
        html=render_to_string(f"{EMAILS}/reminders-body.html", outer),
        kind=f"{EMAILS}/reminders",
    )


def take_leases(reminder_ids: list[int], now: dt.datetime) -> list[int]:
    """Lease, in one conditional UPDATE, those of the rows that nobody sent, cancelled or holds;
    return their ids. A random microsecond makes this lease's end its mark: a concurrent sender
    takes all of a person's rows or none, so the person never gets two emails of one sweep."""
    until = now + dt.timedelta(
        seconds=settings.OUTBOX_CLAIM_SECONDS, microseconds=secrets.randbelow(1_000_000)
    )
    Reminder.objects.filter(pk__in=reminder_ids, sent_at=None, cancelled_at=None).filter(
        Q(claimed_until=None) | Q(claimed_until__lt=now)
    ).update(claimed_until=until, attempts=F("attempts") + 1)
    return list(
        Reminder.objects.filter(pk__in=reminder_ids, claimed_until=until, sent_at=None)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def deliver_reminders(*, reminder_ids: list[int], now: dt.datetime | None = None) -> int:
    """Write one person's claimed reminders as one email to the outbox, except those written,
    being written, or that no longer hold; return how many reminders it carries."""
    now = now or timezone.now()
    leased = take_leases(reminder_ids, now)
    if not leased:
        return 0  # written, cancelled, or another sender holds them right now
    today = timezone.localdate(now)
    holding: list[tuple[Reminder, dict[str, Any]]] = []
    for reminder in (
        Reminder.objects.select_related(
            "recipient",
            "plan__inspection__partnership",
            "plan__inspection__regime",
            "action__owner_agency",
        )
        .filter(pk__in=leased)
        .order_by("created_at", "pk")
    ):
        context = reminder_context(reminder, today)
        if context is None:
            Reminder.objects.filter(pk=reminder.pk).update(cancelled_at=now, claimed_until=None)
        else:
            holding.append((reminder, context))
    if not holding:
        return 0
    recipient = holding[0][0].recipient
    pks = [reminder.pk for reminder, _ in holding]
    context = {"recipient": recipient, "today": today, "site_url": settings.SITE_URL}
    with transaction.atomic():
        email = queue_email(
            reminders_email(holding, context),
            to=recipient.email,
            recipient=recipient,
            # Names the reminders, so that a duplicate could be recognised (and support traces it).
            headers={"X-Reminder-Id": ",".join(str(pk) for pk in pks)},
        )
        Reminder.objects.filter(pk__in=pks).update(
            sent_at=now, email=email, claimed_until=None, last_error=""
        )
    return len(pks)


def send_due_reminders_now(*, now: dt.datetime | None = None) -> int:
    """Claim, write and send in this process (the `send_reminders` command and tests): the count
    of reminders written (a person's reminders of one sweep go in one email). The emails are
    sent here too; one the mail server refuses stays in the outbox for its next attempt."""
    now = now or timezone.now()
    written = sum(
        deliver_reminders(reminder_ids=batch, now=now)
        for batch in by_recipient(claim_due_reminders(now=now))
    )
    sending.send_unsent_now(now=now)
    return written
