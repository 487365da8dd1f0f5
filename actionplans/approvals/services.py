"""Naming the plan's approvers, sending the plan to them, and their answers.

Every write here locks the plan's row first (`select_for_update`): answers given at the same
moment by different approvers are all kept, and a second answer of the same person to the same
request (a double click, two tabs) finds the first one and records nothing more."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from actionplans.approvals import selectors
from actionplans.approvals.digest import submission_digest
from actionplans.approvals.models import ApprovalDecision, ApprovalRequest, Approver
from actionplans.documents.plan import Approval
from actionplans.plans.models import ActionPlan
from actionplans.plans.services import InvalidTransition
from actionplans.plans.signals import HandOff, plan_handed_off
from agencies.models import Agency, Membership, User


class ApprovalError(ValueError):
    """A change to the approval refused, with the reason in the app's words."""


class NotApproved(InvalidTransition):
    """Submission refused: not every approver has approved the plan as it reads now."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__(
            "The plan cannot be submitted until every approver has approved it as it reads "
            "now: " + "; ".join(reasons) + "."
        )


def _lock(plan: ActionPlan) -> ActionPlan:
    locked = (
        ActionPlan.objects.select_for_update()
        .select_related("inspection__partnership")
        .get(pk=plan.pk)
    )
    if locked.status != ActionPlan.Status.DRAFT:
        raise ApprovalError("This plan has already been submitted: its approval is closed.")
    return locked


def _check_person(
    plan: ActionPlan, agency: Agency, person: User | None, *, place: Approver | None = None
) -> None:
    if person is None:
        return
    elsewhere = Approver.objects.filter(plan=plan, person=person)
    if place is not None:
        elsewhere = elsewhere.exclude(pk=place.pk)
    other = elsewhere.select_related("agency").first()
    if other is not None:
        raise ApprovalError(
            f"{person} already approves for {other.agency}: choose someone else for {agency}"
        )
    if not selectors.eligible_people(plan, agency).filter(pk=person.pk).exists():
        raise ApprovalError(
            f"{person} cannot approve for {agency}: choose someone who works for {agency} in "
            "this partnership, or a partnership lead"
        )


@transaction.atomic
def add_default_approvers(*, plan: ActionPlan) -> list[Approver]:
    """One approver for each statutory safeguarding partner of the partnership, with its first
    agency owner named, if the plan has no approvers yet. Doing it twice adds nothing."""
    locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if Approver.objects.filter(plan=locked).exists():
        return []
    return [
        Approver.objects.create(
            plan=locked, agency=agency, person=selectors.default_person(locked, agency)
        )
        for agency in selectors.partner_agencies(locked)
    ]


@transaction.atomic
def add_approver(*, plan: ActionPlan, agency: Agency, person: User | None) -> Approver:
    locked = _lock(plan)
    if not agency.partnerships.filter(pk=locked.inspection.partnership_id).exists():
        raise ApprovalError(f"{agency} is not an agency of this partnership")
    if Approver.objects.filter(plan=locked, agency=agency).exists():
        raise ApprovalError(f"{agency} is already one of the approvers: change its person instead")
    _check_person(locked, agency, person)
    return Approver.objects.create(plan=locked, agency=agency, person=person)


@transaction.atomic
def change_approver(*, approver: Approver, person: User) -> Approver:
    _lock(approver.plan)
    _check_person(approver.plan, approver.agency, person, place=approver)
    approver.person = person
    approver.save(update_fields=["person"])
    return approver


@transaction.atomic
def remove_approver(*, approver: Approver) -> None:
    locked = _lock(approver.plan)
    if Approver.objects.filter(plan=locked).count() <= 1:
        raise ApprovalError(
            "A plan needs at least one approver: add another before removing this one"
        )
    approver.delete()


@transaction.atomic
def send_for_approval(*, plan: ActionPlan, by: User) -> ApprovalRequest:
    """Send the plan as it reads now to every approver who has not approved exactly this
    content (those not asked yet, those who asked for changes, those whose approval is stale);
    each is notified and emailed."""
    locked = _lock(plan)
    digest = submission_digest(locked)
    states = selectors.approval_states(locked, digest)
    if not states:
        raise ApprovalError("Add at least one approver before sending the plan for approval")
    unnamed = [s.approver.agency for s in states if s.approver.person_id is None]
    if unnamed:
        names = ", ".join(str(agency) for agency in unnamed)
        raise ApprovalError(f"Name the approver for {names} before sending the plan for approval")
    asked = {s.approver.person_id for s in states if not s.approved}
    if not asked:
        raise ApprovalError("Every approver has already approved the plan as it reads now")
    request = ApprovalRequest.objects.create(plan=locked, digest=digest, sent_by=by)
    _hand_off(HandOff.APPROVAL_REQUESTED, locked, by, recipients={p for p in asked if p})
    return request


@transaction.atomic
def answer_approval(
    *, plan: ActionPlan, by: User, approve: bool, reason: str, digest_seen: str
) -> ApprovalDecision:
    """Record the approver's answer on the plan as they read it (`digest_seen`, the digest of
    the page they were shown): approved, or changes asked for with the reason."""
    locked = _lock(plan)
    approver = Approver.objects.filter(plan=locked, person=by).select_related("agency").first()
    if approver is None:
        raise ApprovalError("You are not one of this plan's approvers")
    request = selectors.latest_request(locked)
    if request is None:
        raise ApprovalError("The plan has not been sent for approval yet")
    if not approve and not reason.strip():
        raise ApprovalError("Enter the changes you need before you can approve the plan")
    digest = submission_digest(locked)
    if digest_seen != digest:
        raise ApprovalError(
            "The plan changed while you were reading it: read it again, then answer"
        )
    decision = (
        ApprovalDecision.Decision.APPROVED
        if approve
        else (ApprovalDecision.Decision.CHANGES_REQUESTED)
    )
    earlier = ApprovalDecision.objects.filter(approver=approver, request=request, person=by).first()
    if earlier is not None:
        if earlier.decision == decision and earlier.digest == digest and earlier.person == by:
            return earlier  # the same answer sent twice: it is recorded once
        raise ApprovalError(
            "You have already answered this request; the lead will send the plan to you again "
            "when it changes"
        )
    try:
        with transaction.atomic():
            answer = ApprovalDecision.objects.create(
                approver=approver,
                request=request,
                person=by,
                decision=decision,
                digest=digest,
                reason="" if approve else reason.strip(),
            )
    except IntegrityError:
        # Only without the row lock (it is taken above) could two answers meet here.
        return ApprovalDecision.objects.get(approver=approver, request=request, person=by)
    leads = set(
        Membership.objects.filter(
            partnership_id=locked.inspection.partnership_id, role=Membership.Role.LEAD
        ).values_list("user_id", flat=True)
    )
    kind = HandOff.PLAN_APPROVED if approve else HandOff.CHANGES_REQUESTED
    _hand_off(kind, locked, by, recipients=leads, reason=answer.reason)
    return answer


def approvals_for_submission(*, plan: ActionPlan, digest: str) -> list[Approval]:
    """What the submitted copy records: each approver's approval of exactly `digest` (the
    content being sent). Raises `NotApproved`, naming who has not approved, otherwise.

    `submission.services.submit_plan` calls it with the plan's row locked."""
    states = selectors.approval_states(plan, digest)
    reasons = selectors.refusals(states)
    if reasons:
        raise NotApproved(reasons)
    return [
        Approval(
            person=str(s.approver.person),
            agency=str(s.approver.agency),
            approved_at=timezone.localtime(s.decision.decided_at),
            digest=s.decision.digest,
        )
        for s in states
        if s.decision is not None
    ]


def _hand_off(
    kind: str, plan: ActionPlan, by: User, *, recipients: set[int], **details: Any
) -> None:
    plan_handed_off.send(
        sender=ApprovalDecision, kind=kind, plan=plan, by=by, recipients=recipients, details=details
    )
