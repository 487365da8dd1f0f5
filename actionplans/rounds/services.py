"""State changes of update rounds: opening one (one request per person), reminding those who
have not answered (each reminder claimed once), and closing it (the board report for the
round's period, and the next round when it repeats)."""

import calendar
import contextlib
import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from actionplans.contributions.models import Contributor
from actionplans.contributions.selectors import named_contributors
from actionplans.contributions.services import send_update_request
from actionplans.plans.models import Action, ActionPlan
from actionplans.rounds import selectors
from actionplans.rounds.models import RoundRecipient, UpdateRound
from actionplans.submission.services import produce_board_report
from agencies.models import Membership, User
from outbox.services import queue_email, render_email

EMAILS = "actionplans/rounds/emails"
# Reminders go this many days before the closing date (and on the days between, to anyone
# who was not reminded yet, should a day's run be missed).
REMIND_DAYS_BEFORE = 2


class RoundError(Exception):
    """A refusal to show as it is: a round already open, a past date, nothing to ask about."""


def _long(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def _end_of(day: dt.date) -> dt.datetime:
    """The moment the closing day ends, in the service's time zone."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def next_month(day: dt.date) -> dt.date:
    """The same day a month later, or the month's last day when it is shorter."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def monthly_name(closes_on: dt.date) -> str:
    return f"{calendar.month_name[closes_on.month]} update"


def _owner_accounts(plan: ActionPlan, agency_ids: set[int]) -> dict[int, list[User]]:
    """Each agency's active owner accounts in the plan's partnership, by agency id."""
    rows = (
        Membership.objects.active()
        .filter(
            partnership_id=plan.inspection.partnership_id,
            role=Membership.Role.OWNER,
            agency_id__in=agency_ids,
        )
        .select_related("user")
        .order_by("user_id")
    )
    found: dict[int, list[User]] = defaultdict(list)
    for row in rows:
        if row.agency_id is not None:
            found[row.agency_id].append(row.user)
    return found


@transaction.atomic
def open_round(
    *,
    plan: ActionPlan,
    name: str,
    closes_on: dt.date,
    by: User,
    repeats: str = UpdateRound.Repeats.NONE,
    now: dt.datetime | None = None,
) -> UpdateRound:
    """Ask, once each, the people of every open action of the plan for progress by `closes_on`.

    An action with a named contributor is asked of that contributor (one update request for
    all of theirs); any other is asked of its owner agency's owner accounts (one email each,
    listing their actions)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    name = name.strip()
    if not name:
        raise RoundError("Enter a name for the round, for example November board")
    if closes_on < today:
        raise RoundError(f"The closing date must be today or later: today is {_long(today)}")
    # Two leads opening at once queue here; the second finds the first's round.
    ActionPlan.objects.select_for_update().filter(pk=plan.pk).first()
    already = selectors.open_round_of(plan)
    if already is not None:
        raise RoundError(
            f"The round {already.name} is still open (it closes on {_long(already.closes_on)}). "
            "Close it before opening another."
        )
    actions = list(plan.actions.open().select_related("owner_agency").order_by("pk"))
    if not actions:
        raise RoundError("This plan has no open actions to ask about: every action is complete.")
    round_ = UpdateRound.objects.create(
        plan=plan, name=name, closes_on=closes_on, repeats=repeats, opened_by=by, opened_at=now
    )
    named = named_contributors(actions)
    for_contributor: dict[int, tuple[Contributor, list[Action]]] = {}
    by_agency: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        contributor = named.get(action.pk)
        if contributor is not None:
            for_contributor.setdefault(contributor.pk, (contributor, []))[1].append(action)
        else:
            by_agency[action.owner_agency_id].append(action)
    for contributor, theirs in for_contributor.values():
        sent = send_update_request(
            actions=theirs,
            contributor=contributor,
            message=f"This is for the update round {name}: please send your update by "
            f"{_long(closes_on)}.",
            by=by,
            expires_in=_end_of(closes_on) - now,
        )
        recipient = RoundRecipient.objects.create(
            round=round_,
            contributor=contributor,
            update_request=sent,
            email=contributor.email,
            asked_at=now,
        )
        recipient.actions.set(theirs)
    for_user: dict[int, tuple[User, list[Action]]] = {}
    owners = _owner_accounts(plan, set(by_agency))
    for agency_id, theirs in by_agency.items():
        for user in owners.get(agency_id, []):
            for_user.setdefault(user.pk, (user, []))[1].extend(theirs)
    for user, theirs in for_user.values():
        recipient = RoundRecipient.objects.create(
            round=round_, user=user, email=user.email, asked_at=now
        )
        recipient.actions.set(theirs)
        _email_member(recipient, theirs, kind="round-request")
    return round_


def _email_member(recipient: RoundRecipient, actions: list[Action], *, kind: str) -> None:
    assert recipient.user is not None
    round_ = recipient.round
    queue_email(
        render_email(
            f"{EMAILS}/{kind}",
            {
                "round": round_,
                "person": recipient.user,
                "plan": round_.plan,
                "actions": [
                    (a, settings.SITE_URL + a.get_absolute_url())
                    for a in sorted(actions, key=lambda a: a.reference)
                ],
                "update_all": settings.SITE_URL + reverse("actionplans:my-actions-update"),
            },
        ),
        to=recipient.user.email,
        recipient=recipient.user,
    )


def _email_contributor(recipient: RoundRecipient, actions: list[Action]) -> None:
    assert recipient.contributor is not None
    queue_email(
        render_email(
            f"{EMAILS}/round-reminder-contributor",
            {
                "round": recipient.round,
                "contributor": recipient.contributor,
                "update_request": recipient.update_request,
                "actions": sorted(actions, key=lambda a: a.reference),
            },
        ),
        to=recipient.contributor.email,
    )


@transaction.atomic
def remind_round_recipients(*, now: dt.datetime | None = None) -> int:
    """Remind, once, each person of an open round closing within `REMIND_DAYS_BEFORE` days who
    has not answered yet; the number of reminders written.

    Each reminder is claimed by a conditional UPDATE of `reminded_at`: a second run, or one on
    another worker at the same moment, finds it claimed (it waits on the first's row lock, then
    sees the row changed) and writes nothing."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rounds = UpdateRound.objects.filter(
        closed_at=None,
        closes_on__gte=today,
        closes_on__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
    ).select_related("plan__inspection__partnership")
    written = 0
    for round_ in rounds:
        waiting = [r for r in selectors.recipients_of(round_) if r.reminded_at is None]
        for answer in selectors.answers(round_, waiting):
            if answer.is_answered:
                continue
            recipient = answer.recipient
            claimed = RoundRecipient.objects.filter(pk=recipient.pk, reminded_at=None).update(
                reminded_at=now
            )
            if not claimed:
                continue  # another run got there first
            recipient.round = round_
            still = [a for a in recipient.actions.all() if answer.answered.get(a.pk) is None]
            if recipient.contributor is not None:
                _email_contributor(recipient, still)
            else:
                _email_member(recipient, still, kind="round-reminder")
            written += 1
    return written


@transaction.atomic
def close_round(
    *, round: UpdateRound, by: User | None, now: dt.datetime | None = None
) -> UpdateRound:
    """Close the round and prepare the board report of its period (the day it opened to
    today); a monthly round opens the next one, closing a month after this one's date.

    `by` is None when the daily task closes a round after its closing date: the report is then
    produced in the name of the lead who opened the round."""
    now = now or timezone.now()
    locked = UpdateRound.objects.select_for_update().select_related("plan").get(pk=round.pk)
    if locked.closed_at is not None:
        raise RoundError(
            f"This round was already closed on {timezone.localtime(locked.closed_at):%-d %B %Y}."
        )
    today = timezone.localdate(now)
    report = produce_board_report(
        plan=locked.plan,
        since=min(timezone.localdate(locked.opened_at), today),
        by=by or locked.opened_by,
        today=today,
    )
    locked.closed_at, locked.closed_by, locked.board_report = now, by, report
    locked.save(update_fields=["closed_at", "closed_by", "board_report"])
    if locked.repeats == UpdateRound.Repeats.MONTHLY:
        closes_on = next_month(locked.closes_on)
        while closes_on < today:  # closed late, past a month: the next date still ahead
            closes_on = next_month(closes_on)
        # Nothing left to ask about: the repeating ends with the plan's open actions.
        with contextlib.suppress(RoundError):
            open_round(
                plan=locked.plan,
                name=monthly_name(closes_on),
                closes_on=closes_on,
                by=locked.opened_by,
                repeats=UpdateRound.Repeats.MONTHLY,
                now=now,
            )
    return locked


def close_due_rounds(*, now: dt.datetime | None = None) -> int:
    """Close every open round whose closing date has passed; how many were closed."""
    now = now or timezone.now()
    closed = 0
    due = UpdateRound.objects.filter(closed_at=None, closes_on__lt=timezone.localdate(now))
    for round_ in due:
        try:
            close_round(round=round_, by=None, now=now)
        except RoundError:
            continue  # closed by a lead in the meantime
        closed += 1
    return closed
