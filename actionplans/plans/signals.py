"""Hand-offs: the moments when work passes between people.

The plan's services send `handed_off` inside their transaction, so whatever a receiver writes (a
notification) is kept or rolled back with the change itself. `plans` imports no sibling: the
sub-package that tells people (`actionplans.notifications`) listens here.

Arguments: `kind` (one of `HandOff`), `action` (the action as saved), `by` (the person who did
it), and `details`: `reason` (sent back, due date revised), `old_date` and `new_date` (due date
revised)."""

from django.db import models
from django.dispatch import Signal


class HandOff(models.TextChoices):
    """Every moment work passes to someone: the kinds of notification and of hand-off email."""

    SIGN_OFF_REQUESTED = "sign-off-requested", "Asked for sign-off"
    SIGNED_OFF = "signed-off", "Signed off"
    SENT_BACK = "sent-back", "Sent back"
    ACTION_GIVEN = "action-given", "Given to your agency"
    DUE_DATE_REVISED = "due-date-revised", "Due date revised"
    # Sent by `plan_handed_off`: about the whole plan, not one action.
    APPROVAL_REQUESTED = "approval-requested", "Asked to approve the plan"
    CHANGES_REQUESTED = "changes-requested", "Changes asked for before approval"
    PLAN_APPROVED = "plan-approved", "Plan approved"
    # Sent by `agencies.people.signals.person_added`, not `handed_off`: no action is involved.
    ADDED_TO_PARTNERSHIP = "added-to-partnership", "Added to a partnership"


handed_off = Signal()

plan_handed_off = Signal()
"""A hand-off about the whole plan (its approval): `kind`, `plan`, `by`, `recipients` (user ids:
the sender knows whom it concerns) and `details` (`reason` for changes asked for)."""
