"""State changes to plans and actions: each one atomic, each one named for what it does."""

import datetime as dt
import uuid
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import CharField, F, Max, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from actionplans.plans.evidence import CheckedFile
from actionplans.plans.models import (
    Action,
    ActionPlan,
    Evidence,
    ProgressUpdate,
    Rag,
)
from actionplans.plans.page_cache import bump_plan
from actionplans.plans.selectors import reference_key
from actionplans.plans.signals import HandOff, handed_off
from agencies.models import Partnership, User
from formtokens.services import AlreadySaved, claim_form_token
from inspections.models import Inspection, Recommendation

# How a send-back reads in the action's progress; the owner's work queue shows what follows.
SENT_BACK_PREFIX = "Sent back by the partnership lead: "
# How a reopening reads in the action's progress; its history shows what follows.
REOPENED_PREFIX = "Reopened by the partnership lead: "


class StaleVersion(Exception):
    """Someone else saved the action after this person started editing it."""

    def __init__(self, current: Action) -> None:
        super().__init__(f"Action {current.pk} is at version {current.version}")
        self.current = current


class InvalidTransition(Exception):
    """The action is not in a state that allows this change."""


@transaction.atomic
def create_inspection(*, partnership: Partnership, inspection: Inspection) -> ActionPlan:
    """Save a new inspection with its (empty, draft) action plan."""
    inspection.partnership = partnership
    inspection.status = (
        Inspection.Status.LETTER_PUBLISHED if inspection.letter_published else inspection.status
    )
    inspection.save()
    return ActionPlan.objects.create(inspection=inspection)


def _lock(action: Action, expected_version: int | None) -> Action:
    """The action's row, locked for this transaction; refused if someone saved it meanwhile."""
    current = Action.objects.select_for_update().get(pk=action.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleVersion(Action.objects.select_related("owner_agency").get(pk=action.pk))
    return current


@transaction.atomic
def save_action(
    *,
    action: Action,
    expected_version: int | None,
    m2m: dict[str, Any],
    by: User | None = None,
) -> Action:
    """Save the lead's edit of a whole action (a new one, or one nobody changed meanwhile).

    Giving it to another agency is a hand-off: that agency's owners are told."""
    if action.pk is None:
        last = Action.objects.filter(recommendation=action.recommendation).aggregate(
            Max("position")
        )["position__max"]
        action.position = (last or 0) + 1
        action.save()
    else:
        previous = _lock(action, expected_version)
        action.version = F("version") + 1
        action.save()
        action.refresh_from_db()
        if previous.owner_agency_id != action.owner_agency_id:
            _hand_off(HandOff.ACTION_GIVEN, action, by)
    for name, values in m2m.items():
        getattr(action, name).set(values)
    return action


def _hand_off(kind: str, action: Action, by: User | None, **details: Any) -> None:
    handed_off.send(sender=Action, kind=kind, action=action, by=by, details=details)


@transaction.atomic
def add_progress_update(
    *,
    action: Action,
    author: User,
    text: str,
    rag: str,
    status: str,
    internal: bool = False,
    sent_back: bool = False,
    reopened: bool = False,
    form_token: uuid.UUID | None = None,
) -> ProgressUpdate:
    """Record progress and carry its RAG and status onto the action, once per `form_token`
    (`AlreadySaved` the second time). Marking it awaiting sign-off is a hand-off: the
    partnership's leads are asked. An internal update (a send-back always is) stays out of
    every document sent outside the partnership."""
    # First, so that a second post is told it was saved, not that the action has moved on; a
    # refusal below rolls the token back with everything else.
    claim_form_token(token=form_token, person=author, already="This update was already saved.")
    if action.status == Action.Status.COMPLETE:
        raise InvalidTransition("This action is complete: it can no longer be updated.")
    if status == Action.Status.COMPLETE:
        raise InvalidTransition("Only the partnership lead can sign an action off as complete.")
    current = _lock(action, None)
    repeated = _just_said(current, author, text=text, rag=rag, status=status)
    if repeated and not (sent_back or reopened):
        raise AlreadySaved("This update was already saved.")
    update = ProgressUpdate.objects.create(
        action=current,
        author=author,
        text=text,
        rag=rag,
        status=status,
        internal=internal or sent_back or reopened,
        sent_back=sent_back,
        reopened=reopened,
    )
    asked = status == Action.Status.AWAITING_SIGN_OFF != current.status
    current.status, current.rag = status, rag
    current.version = F("version") + 1
    current.save(update_fields=["status", "rag", "version", "updated_at"])
    if asked:
        _hand_off(HandOff.SIGN_OFF_REQUESTED, current, author)
    return update


# Back then Save draws the form again with a new token: the same words from the same person on
# the same action within this time are that page sent twice, not news.
REPEAT_WITHIN = dt.timedelta(minutes=10)


def _just_said(action: Action, author: User, *, text: str, rag: str, status: str) -> bool:
    """Under the action's row lock, so that two such posts cannot both find nothing."""
    return ProgressUpdate.objects.filter(
        action=action,
        author=author,
        text=text,
        rag=rag,
        status=status,
        created_at__gte=timezone.now() - REPEAT_WITHIN,
    ).exists()


@transaction.atomic
def revise_due_date(
    *, action: Action, by: User, new_date: dt.date, reason: str, expected_version: int
) -> Action:
    """Move the due date, keeping the original and saying why; the leads are told."""
    current = _lock(action, expected_version)
    old_date = current.current_due_date
    current.revised_due_date, current.revised_reason = new_date, reason
    current.version = F("version") + 1
    current.save(update_fields=["revised_due_date", "revised_reason", "version", "updated_at"])
    current.refresh_from_db()
    _hand_off(
        HandOff.DUE_DATE_REVISED, current, by, reason=reason, old_date=old_date, new_date=new_date
    )
    return current


@transaction.atomic
def add_evidence(
    *,
    action: Action,
    by: User,
    description: str,
    upload: UploadedFile | None = None,
    checked: CheckedFile | None = None,
    url: str = "",
    form_token: uuid.UUID | None = None,
) -> Evidence:
    """Add a file or a link to the action, once per `form_token` (`AlreadySaved` the second
    time, before any file is stored)."""
    claim_form_token(token=form_token, person=by, already="This evidence was already saved.")
    evidence = Evidence(action=action, description=description, added_by=by)
    if upload is not None and checked is not None:
        evidence.kind = Evidence.Kind.FILE
        evidence.original_name = checked.original_name
        evidence.content_type = checked.content_type
        evidence.size = checked.size
        evidence.file.save("upload", upload, save=False)
    else:
        evidence.kind, evidence.url = Evidence.Kind.LINK, url
    evidence.save()
    return evidence


@transaction.atomic
def sign_off_action(*, action: Action, by: User) -> Action:
    """The lead confirms that an action its owner marked done is complete (blue)."""
    current = _lock(action, None)
    if current.status != Action.Status.AWAITING_SIGN_OFF:
        raise InvalidTransition("Only an action awaiting sign-off can be signed off.")
    current.status, current.rag = Action.Status.COMPLETE, Rag.BLUE
    current.signed_off_at, current.signed_off_by = timezone.now(), by
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    _hand_off(HandOff.SIGNED_OFF, current, by)
    return current


@transaction.atomic
def send_back_action(*, action: Action, by: User, reason: str) -> ProgressUpdate:
    """The lead returns an action to its owner, saying what is still needed."""
    current = _lock(action, None)
    if current.status != Action.Status.AWAITING_SIGN_OFF:
        raise InvalidTransition("Only an action awaiting sign-off can be sent back.")
    rag = current.rag if current.rag != Rag.BLUE else Rag.AMBER
    update = add_progress_update(
        action=current,
        author=by,
        text=f"{SENT_BACK_PREFIX}{reason}",
        rag=rag,
        status=Action.Status.IN_PROGRESS,
        sent_back=True,
    )
    _hand_off(HandOff.SENT_BACK, update.action, by, reason=reason)
    return update


@transaction.atomic
def reopen_action(*, action: Action, by: User, reason: str) -> ProgressUpdate:
    """The lead takes back a sign-off: the action is in progress again (amber), its sign-off
    cleared, and the reason kept as an internal progress update that the history shows."""
    current = _lock(action, None)
    if current.status != Action.Status.COMPLETE:
        raise InvalidTransition("Only a signed-off action can be reopened.")
    current.status, current.rag = Action.Status.IN_PROGRESS, Rag.AMBER
    current.signed_off_at, current.signed_off_by = None, None
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    return add_progress_update(
        action=current,
        author=by,
        text=f"{REOPENED_PREFIX}{reason}",
        rag=Rag.AMBER,
        status=Action.Status.IN_PROGRESS,
        reopened=True,
    )


@transaction.atomic
def move_action(*, action: Action, up: bool) -> bool:
    """Swap an action with its neighbour under the same recommendation. False at either end."""
    siblings = list(
        Action.objects.select_for_update()
        .filter(plan=action.plan_id, recommendation=action.recommendation_id)
        .order_by("position", "reference")
    )
    index = next(i for i, a in enumerate(siblings) if a.pk == action.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            Action.objects.filter(pk=sibling.pk).update(position=position)
    bump_plan(action.plan_id)  # the UPDATEs above send no signal
    return True


@transaction.atomic
def renumber_actions(*, plan: ActionPlan, recommendation: Recommendation) -> int:
    """Give the recommendation's actions the references 2.1, 2.2, … in the order they stand in
    the plan (after moves have left 2.1, 2.3, 2.2). Returns how many references changed."""
    actions = list(
        Action.objects.select_for_update()
        .filter(plan=plan, recommendation=recommendation)
        .order_by("position", "reference")
    )
    changing = [
        (action, f"{recommendation.reference}.{n}")
        for n, action in enumerate(actions, start=1)
        if action.reference != f"{recommendation.reference}.{n}"
    ]
    # A reference is unique in the plan: one an action of another recommendation already has
    # (typed in by hand) cannot be taken from it.
    taken = sorted(
        Action.objects.filter(plan=plan, reference__in=[ref for _, ref in changing])
        .exclude(pk__in=[a.pk for a in actions])
        .values_list("reference", flat=True),
        key=reference_key,
    )
    if taken:
        raise InvalidTransition(
            f"Cannot renumber: another recommendation's action already has the reference "
            f"{', '.join(taken)}. Change that action's reference first."
        )
    # Out of the way first, without a history row: two actions may swap references, and a
    # reference is unique in the plan.
    Action.objects.filter(pk__in=[a.pk for a, _ in changing]).update(
        reference=Concat(Value("~"), Cast("pk", CharField()))
    )
    for action, reference in changing:
        action.reference = reference
        action.version = F("version") + 1
        action.save(update_fields=["reference", "version", "updated_at"])
    bump_plan(plan.pk)
    return len(changing)
