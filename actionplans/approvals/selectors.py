"""Reads about a plan's approval: its approvers, where each stands on the content as it reads
now, whom a person may name for an agency's place."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from actionplans.approvals.digest import submission_digest
from actionplans.approvals.models import ApprovalDecision, ApprovalRequest, Approver
from actionplans.plans.models import ActionPlan
from agencies.models import Agency, Membership, User

# The statutory safeguarding partners, in the order the plan lists them: the local authority,
# the integrated care board (health) and the chief officer of police.
PARTNER_KINDS = (Agency.Kind.CHILDRENS_SERVICES, Agency.Kind.HEALTH, Agency.Kind.POLICE)


@dataclass(frozen=True)
class ApproverState:
    """One approver's place and where it stands on the plan as it reads now."""

    approver: Approver
    decision: ApprovalDecision | None  # the person's latest answer, if any
    state: str  # a key of STATE_WORDS
    sent_again: bool  # sent to them since their latest answer

    @property
    def words(self) -> str:
        return STATE_WORDS[self.state]

    @property
    def tag(self) -> str:
        return TAG_COLOURS[self.state]

    @property
    def can_answer(self) -> bool:
        """Sent to them and not answered since (one answer each time it is sent)."""
        return self.state == "waiting" or (self.state == "stale" and self.sent_again)

    @property
    def approved(self) -> bool:
        return self.state == "approved"

    @property
    def who(self) -> str:
        person = self.approver.person
        return f"{person} ({self.approver.agency})" if person else f"{self.approver.agency}"


STATE_WORDS = {
    "no-person": "No approver named",
    "not-sent": "Not sent for approval yet",
    "waiting": "Waiting for approval",
    "approved": "Approved",
    "stale": "Approved an earlier version",
    "changes": "Asked for changes",
}
TAG_COLOURS = {
    "no-person": "govuk-tag--red",
    "not-sent": "govuk-tag--grey",
    "waiting": "govuk-tag--yellow",
    "approved": "govuk-tag--green",
    "stale": "govuk-tag--orange",
    "changes": "govuk-tag--red",
}


def latest_request(plan: ActionPlan) -> ApprovalRequest | None:
    return ApprovalRequest.objects.filter(plan=plan).first()


def approvers_of(plan: ActionPlan) -> QuerySet[Approver]:
    return Approver.objects.filter(plan=plan).select_related("agency", "person")


def approval_states(plan: ActionPlan, digest: str) -> list[ApproverState]:
    """Each approver of the plan, with where they stand on the content whose digest is
    `digest` (the plan as it reads now). Three queries whatever the number of approvers."""
    approvers = list(approvers_of(plan))
    person_of = {a.pk: a.person_id for a in approvers}
    request = latest_request(plan)
    latest: dict[int, ApprovalDecision] = {}
    # Newest first: the first answer met per approver, given by the person named there now.
    for answer in ApprovalDecision.objects.filter(approver__plan=plan):
        if answer.person_id == person_of.get(answer.approver_id):
            latest.setdefault(answer.approver_id, answer)
    states = []
    for approver in approvers:
        decision: ApprovalDecision | None = latest.get(approver.pk)
        sent_again = bool(
            decision is not None and request is not None and request.pk != decision.request_id
        )
        if approver.person_id is None:
            state = "no-person"
        elif decision is None:
            state = "waiting" if request is not None else "not-sent"
        elif decision.approved:
            state = "approved" if decision.digest == digest else "stale"
        else:
            state = "waiting" if sent_again else "changes"
        states.append(ApproverState(approver, decision, state, sent_again))
    return states


def refusals(states: list[ApproverState]) -> list[str]:
    """Why the plan may not be submitted yet, one sentence per approver who has not approved
    the plan as it reads now; none when every one has."""
    if not states:
        return ["Name at least one approver on the Approvers page, and send the plan to them"]
    said = []
    for s in states:
        if s.state == "no-person":
            said.append(f"No approver is named for {s.approver.agency}")
        elif s.state == "changes" and s.decision is not None:
            said.append(f"{s.who} asked for changes: {s.decision.reason}")
        elif s.state == "stale":
            said.append(f"{s.who} approved an earlier version, not the plan as it reads now")
        elif s.state != "approved":
            said.append(f"{s.who} has not approved the plan yet")
    return said


def eligible_people(plan: ActionPlan, agency: Agency) -> QuerySet[User]:
    """Who may fill an agency's place: its active members in the plan's partnership, and the
    partnership's leads."""
    members = Membership.objects.active().filter(partnership_id=plan.inspection.partnership_id)
    return User.objects.filter(
        pk__in=members.filter(Q(agency=agency) | Q(role=Membership.Role.LEAD)).values("user_id")
    ).order_by("first_name", "last_name", "email")


def partnership_people(plan: ActionPlan) -> QuerySet[User]:
    members = Membership.objects.active().filter(partnership_id=plan.inspection.partnership_id)
    return User.objects.filter(pk__in=members.values("user_id")).order_by(
        "first_name", "last_name", "email"
    )


def partner_agencies(plan: ActionPlan) -> list[Agency]:
    """The partnership's statutory partners, in PARTNER_KINDS order (the default approvers)."""
    agencies = Agency.objects.filter(
        partnerships=plan.inspection.partnership_id, kind__in=PARTNER_KINDS
    )
    return sorted(agencies, key=lambda a: (PARTNER_KINDS.index(Agency.Kind(a.kind)), a.name))


def default_person(plan: ActionPlan, agency: Agency) -> User | None:
    """The agency's first active owner in the partnership, to start with; the lead can change it."""
    members = Membership.objects.active().filter(
        partnership_id=plan.inspection.partnership_id, agency=agency, role=Membership.Role.OWNER
    )
    return User.objects.filter(pk__in=members.values("user_id")).order_by("pk").first()


def approver_for(plan: ActionPlan, user: User) -> Approver | None:
    return approvers_of(plan).filter(person=user).first()


def approval_refusals(plan: ActionPlan) -> list[str]:
    """Why the plan may not be submitted yet, for the plan as it reads now (see `refusals`)."""
    return refusals(approval_states(plan, submission_digest(plan)))
