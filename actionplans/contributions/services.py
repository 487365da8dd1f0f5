"""State changes for update requests: sending, withdrawing, a contributor's answer, and the
owner's acceptance or refusal of it. Nothing a contributor sends reaches the plan before
`accept_contribution`, which goes through the plan's own `add_progress_update`."""

import datetime as dt
import secrets
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from actionplans.contributions.models import (
    DEFAULT_EXPIRY,
    ContributedUpdate,
    Contributor,
    NamedContributor,
    UpdateRequest,
)
from actionplans.contributions.selectors import hash_token
from actionplans.plans.evidence import CheckedFile
from actionplans.plans.models import Action, ProgressUpdate
from actionplans.plans.services import add_evidence, add_progress_update
from agencies.models import Partnership, User
from outbox.services import queue_email, render_email

# How an accepted contribution reads in the action's progress (and in every document).
FROM_PREFIX = "From {name} (by link), accepted by {by}: "


class ContributionError(Exception):
    """A refusal to show as it is: already decided, already waiting, not one of the actions."""


@transaction.atomic
def find_or_add_contributor(*, partnership: Partnership, name: str, email: str) -> Contributor:
    """The partnership's contributor with this email (any case), added if new."""
    found = Contributor.objects.filter(partnership=partnership, email__iexact=email).first()
    if found is not None:
        return found
    return Contributor.objects.create(partnership=partnership, name=name, email=email)


@transaction.atomic
def send_update_request(
    *,
    actions: Sequence[Action],
    contributor: Contributor,
    message: str,
    by: User,
    expires_in: dt.timedelta = DEFAULT_EXPIRY,
    name_as_contributor: bool = False,
) -> UpdateRequest:
    """Ask `contributor` by email for progress on `actions` (of one plan, in the contributor's
    partnership). The link's token is in the email only; the row keeps its hash."""
    if not actions:
        raise ContributionError("Choose at least one action.")
    plans = {action.plan_id for action in actions}
    if len(plans) != 1:
        raise ContributionError("The actions of one request must be of one plan.")
    if actions[0].plan.inspection.partnership_id != contributor.partnership_id:
        raise ContributionError("The contributor is not one of this partnership's.")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    update_request = UpdateRequest.objects.create(
        contributor=contributor,
        message=message,
        token_hash=hash_token(token),
        created_by=by,
        created_at=now,
        expires_at=now + expires_in,
    )
    update_request.actions.set(actions)
    if name_as_contributor:
        for action in actions:
            NamedContributor.objects.update_or_create(
                action=action, defaults={"contributor": contributor}
            )
    queue_email(
        render_email(
            "actionplans/contributions/emails/update-request",
            {
                "contributor": contributor,
                "update_request": update_request,
                "actions": actions,
                "sender": by,
                "link": settings.SITE_URL + reverse("actionplans:contribute", args=[token]),
            },
        ),
        to=contributor.email,
    )
    return update_request


@transaction.atomic
def withdraw_update_request(*, request: UpdateRequest, by: User) -> UpdateRequest:
    """The link stops working at once; what was already sent stays to be decided."""
    UpdateRequest.objects.filter(pk=request.pk, withdrawn_at=None).update(
        withdrawn_at=timezone.now(), withdrawn_by=by
    )
    request.refresh_from_db()
    return request


@transaction.atomic
def submit_contribution(
    *,
    update_request: UpdateRequest,
    action: Action,
    text: str,
    suggested_rag: str,
    form_token: uuid.UUID,
    from_ip: str | None,
    evidence_url: str = "",
    upload: UploadedFile | None = None,
    checked: CheckedFile | None = None,
) -> ContributedUpdate:
    """Keep the contributor's update, pending; one pending per action of the request."""
    locked = UpdateRequest.objects.select_for_update().get(pk=update_request.pk)
    if not locked.is_open:
        raise ContributionError("This link can no longer be used.")
    if not locked.actions.filter(pk=action.pk).exists():
        raise ContributionError("This action is not one this link asks about.")
    if ContributedUpdate.objects.filter(form_token=form_token).exists():
        raise ContributionError("This update was already sent.")
    if locked.contributions.filter(action=action, status=ContributedUpdate.Status.PENDING).exists():
        raise ContributionError(
            "You have already sent an update on this action; it is waiting for the owner to "
            "accept it. You can send another once they have."
        )
    contribution = ContributedUpdate(
        request=locked,
        action=action,
        text=text,
        suggested_rag=suggested_rag,
        evidence_url=evidence_url,
        form_token=form_token,
        from_ip=from_ip,
    )
    if upload is not None and checked is not None:
        contribution.evidence_name = checked.original_name
        contribution.evidence_type = checked.content_type
        contribution.evidence_size = checked.size
        contribution.evidence_file.save("upload", upload, save=False)
    try:
        with transaction.atomic():
            contribution.save()
    except IntegrityError as clash:
        raise ContributionError("This update was already sent.") from clash
    return contribution


def _lock_pending(contribution: ContributedUpdate) -> ContributedUpdate:
    locked = (
        ContributedUpdate.objects.select_for_update()
        .select_related("request__contributor", "action")
        .get(pk=contribution.pk)
    )
    if locked.status != ContributedUpdate.Status.PENDING:
        raise ContributionError(
            f"This update was already {locked.get_status_display().lower()}"
            f"{f' by {locked.decided_by}' if locked.decided_by else ''}."
        )
    return locked


@transaction.atomic
def accept_contribution(
    *, contribution: ContributedUpdate, by: User, text: str, rag: str
) -> ProgressUpdate:
    """Make the contribution (as edited by `by`) a progress update of the action, with its
    evidence; under the row's lock, so two acceptances make one update."""
    locked = _lock_pending(contribution)
    action = locked.action
    name = locked.request.contributor.name
    update = add_progress_update(
        action=action,
        author=by,
        text=FROM_PREFIX.format(name=name, by=by) + text,
        rag=rag,
        status=action.status,
    )
    description = f"From {name} (by link)"
    if locked.evidence_file:
        add_evidence(
            action=action,
            by=by,
            description=description,
            upload=locked.evidence_file.file,  # type: ignore[arg-type]
            checked=CheckedFile(
                locked.evidence_type, locked.evidence_name, locked.evidence_size or 0
            ),
        )
    elif locked.evidence_url:
        add_evidence(action=action, by=by, description=description, url=locked.evidence_url)
    locked.status = ContributedUpdate.Status.ACCEPTED
    locked.decided_by, locked.decided_at = by, timezone.now()
    locked.progress_update = update
    locked.save(update_fields=["status", "decided_by", "decided_at", "progress_update"])
    return update


@transaction.atomic
def decline_contribution(
    *, contribution: ContributedUpdate, by: User, reason: str
) -> ContributedUpdate:
    if not reason.strip():
        raise ContributionError("Enter why you are declining this update.")
    locked = _lock_pending(contribution)
    locked.status = ContributedUpdate.Status.DECLINED
    locked.decided_by, locked.decided_at = by, timezone.now()
    locked.decline_reason = reason
    locked.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
    return locked
