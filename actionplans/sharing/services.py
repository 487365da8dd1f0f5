"""Linking an action to a recommendation it also answers, and undoing it.

The link's own history is the action's record of it ("Also answers JTAI 2025 R3"); the pages of
both plans change with it, so both plans' versions are bumped in the same transaction (the
receiver in actionplans/plans/page_cache.py, on the link's save and delete)."""

from django.db import IntegrityError, transaction

from actionplans.plans.models import Action, ActionLink
from actionplans.plans.selectors import answer_label
from agencies.models import User
from inspections.models import Recommendation


class LinkRefused(Exception):
    """The link would break a rule; the message says which, in the app's words."""


@transaction.atomic
def link_action(*, action: Action, recommendation: Recommendation, by: User) -> ActionLink:
    partnership = action.plan.inspection.partnership_id
    if recommendation.inspection.partnership_id != partnership:
        raise LinkRefused("That recommendation belongs to another partnership")
    if recommendation.pk == action.recommendation_id:
        raise LinkRefused(
            f"Action {action.reference} was made for recommendation {recommendation.reference}"
        )
    label = answer_label(recommendation)
    if ActionLink.objects.filter(action=action, recommendation=recommendation).exists():
        raise LinkRefused(f"Action {action.reference} already answers {label}")
    link = ActionLink(action=action, recommendation=recommendation, linked_by=by)
    link._history_user = by  # type: ignore[attr-defined]  # read by simple-history
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:  # linked by someone else a moment ago
        raise LinkRefused(f"Action {action.reference} already answers {label}") from None
    return link


@transaction.atomic
def unlink_action(*, action: Action, recommendation: Recommendation, by: User) -> bool:
    """False when there was no such link (already undone)."""
    link = (
        ActionLink.objects.select_for_update()
        .filter(action=action, recommendation=recommendation)
        .first()
    )
    if link is None:
        return False
    link._history_user = by  # type: ignore[attr-defined]  # read by simple-history
    link.delete()
    return True
