"""Getting a plan approved as it reads now, through the approval services, for tests that go on
to submit it."""

from typing import Any

from actionplans.approvals import services
from actionplans.approvals.digest import submission_digest
from actionplans.approvals.models import Approver
from actionplans.plans.models import ActionPlan
from agencies.models import Membership, User
from tests.agencies.factories import AgencyFactory, MembershipFactory


def approve_plan(plan: ActionPlan, *, by: User | None = None) -> list[Approver]:
    """Every approver of the plan approves it as it reads now. A plan with no approvers gets its
    default ones (or one, for a partnership with no statutory partner), each with a person."""
    # Read afresh: the caller's copy may predate edits (its inspection's title, say), and the
    # digest approved must be the one the service computes from the database.
    plan = ActionPlan.objects.get(pk=plan.pk)
    partnership = plan.inspection.partnership
    services.add_default_approvers(plan=plan)
    approvers = list(Approver.objects.filter(plan=plan).select_related("agency"))
    if not approvers:
        agency = partnership.agencies.first() or AgencyFactory(partnerships=[partnership])
        approvers = [Approver.objects.create(plan=plan, agency=agency)]
    for approver in approvers:
        if approver.person_id is None:
            owner: Any = MembershipFactory(
                partnership=partnership, role=Membership.Role.OWNER, agency=approver.agency
            )
            approver.person = owner.user
            approver.save(update_fields=["person"])
    lead = by or _lead(plan)
    digest = submission_digest(plan)
    if any(
        not approver.decisions.filter(digest=digest, decision="approved").exists()
        for approver in approvers
    ):
        services.send_for_approval(plan=plan, by=lead)
    for approver in approvers:
        assert approver.person is not None
        if approver.decisions.filter(digest=digest, decision="approved").exists():
            continue
        services.answer_approval(
            plan=plan, by=approver.person, approve=True, reason="", digest_seen=digest
        )
    return approvers


def _lead(plan: ActionPlan) -> User:
    lead = Membership.objects.filter(
        partnership=plan.inspection.partnership, role=Membership.Role.LEAD
    ).first()
    if lead is not None:
        return lead.user
    made: Any = MembershipFactory(
        partnership=plan.inspection.partnership, role=Membership.Role.LEAD
    )
    return made.user
