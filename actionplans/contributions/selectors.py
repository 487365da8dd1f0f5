"""Reads for contributors, update requests and what contributors sent."""

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from actionplans.contributions.models import (
    ContributedUpdate,
    Contributor,
    NamedContributor,
    UpdateRequest,
)
from actionplans.plans.models import Action, ActionPlan
from agencies.models import Partnership


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_for_token(token: str) -> UpdateRequest | None:
    """The request a link's token names, open or not (the page says which); None if none."""
    return (
        UpdateRequest.objects.select_related("contributor", "created_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def named_contributors(actions: Iterable[Action]) -> dict[int, Contributor]:
    """Each action's named contributor, by action id (actions without one are left out)."""
    rows = NamedContributor.objects.filter(action__in=list(actions)).select_related("contributor")
    return {row.action_id: row.contributor for row in rows}


def contributors_of(partnership: Partnership) -> QuerySet[Contributor]:
    return Contributor.objects.filter(partnership=partnership)


def pending_for_action(action: Action) -> QuerySet[ContributedUpdate]:
    return ContributedUpdate.objects.filter(
        action=action, status=ContributedUpdate.Status.PENDING
    ).select_related("request__contributor")


def contributions_for_plan(plan: ActionPlan) -> QuerySet[ContributedUpdate]:
    return (
        ContributedUpdate.objects.filter(action__plan=plan)
        .select_related("request__contributor", "action", "decided_by")
        .order_by("status", "-submitted_at")
    )


def requests_for_action(action: Action) -> QuerySet[UpdateRequest]:
    return (
        UpdateRequest.objects.filter(actions=action)
        .select_related("contributor", "created_by")
        .distinct()
    )


def pending_action_ids(update_request: UpdateRequest) -> set[int]:
    return set(
        update_request.contributions.filter(status=ContributedUpdate.Status.PENDING).values_list(
            "action_id", flat=True
        )
    )


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    summary: str


def history_entries(action: Action) -> list[HistoryEntry]:
    """The action's requests and contributions as its history shows them, newest first."""
    entries = []
    for sent in requests_for_action(action):
        contributor = sent.contributor.name
        entries.append(
            HistoryEntry(sent.created_at, str(sent.created_by), f"Asked {contributor} by link")
        )
        if sent.withdrawn_at:
            entries.append(
                HistoryEntry(
                    sent.withdrawn_at, str(sent.withdrawn_by), f"Withdrew the link to {contributor}"
                )
            )
    contributions = ContributedUpdate.objects.filter(action=action).select_related(
        "request__contributor", "decided_by"
    )
    for c in contributions:
        name = c.request.contributor.name
        entries.append(HistoryEntry(c.submitted_at, f"{name} (by link)", "Sent an update"))
        if c.decided_at and c.decided_by:
            verb = "Accepted" if c.status == ContributedUpdate.Status.ACCEPTED else "Declined"
            reason = f": {c.decline_reason}" if c.decline_reason else ""
            entries.append(
                HistoryEntry(c.decided_at, str(c.decided_by), f"{verb} {name}'s update{reason}")
            )
    return sorted(entries, key=lambda e: e.when, reverse=True)
