"""Reads for update rounds: a plan's rounds, its open one, and who has answered.

"Answered" is read from rows that exist anyway, so no other part of the plan needs to know
about rounds: an agency owner has answered once every one of their round actions has a
progress update written since the round opened (by them, a colleague, or the lead accepting a
contributor's update); a named contributor has answered once they have sent an update, through
the round's link, on every action it asks about."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min, QuerySet

from actionplans.contributions.models import ContributedUpdate
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate
from actionplans.rounds.models import RoundRecipient, UpdateRound
from outbox.models import Email
from outbox.selectors import undelivered_for


def rounds_of(plan: ActionPlan) -> QuerySet[UpdateRound]:
    return UpdateRound.objects.filter(plan=plan).select_related(
        "opened_by", "closed_by", "board_report"
    )


def open_round_of(plan: ActionPlan) -> UpdateRound | None:
    return UpdateRound.objects.filter(plan=plan, closed_at=None).first()


def recipients_of(round_: UpdateRound) -> list[RoundRecipient]:
    return list(
        round_.recipients.select_related("user", "contributor", "update_request").prefetch_related(
            "actions"
        )
    )


@dataclass(frozen=True)
class Answer:
    recipient: RoundRecipient
    # Each round action of theirs with the moment it was first answered (None: not yet).
    answered: dict[int, dt.datetime | None]

    @property
    def answered_at(self) -> dt.datetime | None:
        """When the last of their actions was answered; None while any is waiting."""
        times = list(self.answered.values())
        if not times or any(t is None for t in times):
            return None
        return max(t for t in times if t is not None)

    @property
    def rows(self) -> list[tuple[Action, dt.datetime | None]]:
        """Their actions, by reference, each with when it was first answered."""
        actions = sorted(self.recipient.actions.all(), key=lambda a: a.reference)
        return [(a, self.answered.get(a.pk)) for a in actions]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


def answers(round_: UpdateRound, recipients: list[RoundRecipient] | None = None) -> list[Answer]:
    """Every recipient of the round with what they have answered, in three queries."""
    recipients = recipients if recipients is not None else recipients_of(round_)
    action_ids = {a.pk for r in recipients for a in r.actions.all()}
    progressed = dict(
        ProgressUpdate.objects.filter(
            action_id__in=action_ids,
            created_at__gte=round_.opened_at,
            sent_back=False,
            reopened=False,
        )
        .values("action_id")
        .annotate(first=Min("created_at"))
        .values_list("action_id", "first")
    )
    request_ids = {r.update_request_id for r in recipients if r.update_request_id}
    contributed: dict[tuple[int, int], dt.datetime] = {
        (request_id, action_id): first
        for request_id, action_id, first in ContributedUpdate.objects.filter(
            request_id__in=request_ids
        )
        .values("request_id", "action_id")
        .annotate(first=Min("submitted_at"))
        .values_list("request_id", "action_id", "first")
    }
    found = []
    for recipient in recipients:
        if recipient.update_request_id:
            answered = {
                a.pk: contributed.get((recipient.update_request_id, a.pk))
                for a in recipient.actions.all()
            }
        else:
            answered = {a.pk: progressed.get(a.pk) for a in recipient.actions.all()}
        found.append(Answer(recipient, answered))
    return found


def undelivered_in(round_: UpdateRound, recipients: list[RoundRecipient]) -> list[Email]:
    """The round's emails that could not be delivered (only those sent since it opened)."""
    return [
        email
        for email in undelivered_for(r.email for r in recipients)
        if email.created_at >= round_.opened_at
    ]
