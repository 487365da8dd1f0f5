"""Every statutory partner approves the exact plan before it is submitted."""

from typing import Any

import pytest
from django.urls import reverse

from actionplans.approvals import services
from actionplans.approvals.digest import submission_digest
from actionplans.approvals.models import ApprovalDecision, Approver
from actionplans.notifications.models import Notification
from actionplans.plans.models import Action
from actionplans.submission.services import submit_plan
from agencies.models import Agency, Membership
from outbox.models import Email
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world() -> dict[str, Any]:
    action: Any = ActionFactory()
    plan = action.plan
    partnership = plan.inspection.partnership
    people: dict[str, Any] = {"plan": plan, "action": action}
    # The factories' own agency stands for one that is no statutory partner.
    Agency.objects.filter(pk=action.owner_agency_id).update(kind=Agency.Kind.OTHER)
    for kind in (Agency.Kind.POLICE, Agency.Kind.HEALTH, Agency.Kind.CHILDRENS_SERVICES):
        agency = AgencyFactory(kind=kind, partnerships=[partnership])
        people[kind] = MembershipFactory(
            partnership=partnership, role=Membership.Role.OWNER, agency=agency
        ).user
    people["education"] = AgencyFactory(kind=Agency.Kind.EDUCATION, partnerships=[partnership])
    people["lead"] = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user
    return people


def approve(plan: Any, person: Any) -> ApprovalDecision:
    return services.answer_approval(
        plan=plan, by=person, approve=True, reason="", digest_seen=submission_digest(plan)
    )


def test_the_default_approvers_are_the_three_statutory_partners(world):
    services.add_default_approvers(plan=world["plan"])
    approvers = Approver.objects.filter(plan=world["plan"])
    assert [a.agency.kind for a in approvers] == ["childrens_services", "health", "police"]
    assert {a.person for a in approvers} == {
        world["police"],
        world["health"],
        world["childrens_services"],
    }
    assert services.add_default_approvers(plan=world["plan"]) == []


def test_a_person_of_another_agency_cannot_approve_for_it(world):
    services.add_default_approvers(plan=world["plan"])
    police = Approver.objects.get(plan=world["plan"], agency__kind="police")
    teacher: Any = MembershipFactory(
        partnership=world["plan"].inspection.partnership,
        role=Membership.Role.OWNER,
        agency=world["education"],
    )
    with pytest.raises(services.ApprovalError, match="cannot approve for"):
        services.change_approver(approver=police, person=teacher.user)


def test_submission_is_refused_until_every_approver_approves(world):
    plan = world["plan"]
    services.add_default_approvers(plan=plan)
    services.send_for_approval(plan=plan, by=world["lead"])
    approve(plan, world["police"])
    approve(plan, world["health"])
    with pytest.raises(services.NotApproved, match="has not approved the plan yet"):
        submit_plan(plan=plan, by=world["lead"], gaps=[])
    approve(plan, world["childrens_services"])
    frozen = submit_plan(plan=plan, by=world["lead"], gaps=[])
    approved = frozen.data["approved_by"]
    assert {a["person"] for a in approved} == {
        str(world["police"]),
        str(world["health"]),
        str(world["childrens_services"]),
    }
    assert {a["digest"] for a in approved} == {frozen.data["content_digest"]}


def test_a_change_after_approval_makes_it_stale_and_blocks_submission(world, client):
    plan = world["plan"]
    services.add_default_approvers(plan=plan)
    services.send_for_approval(plan=plan, by=world["lead"])
    for kind in ("police", "health", "childrens_services"):
        approve(plan, world[kind])
    Action.objects.filter(pk=world["action"].pk).update(title="A new wording")
    with pytest.raises(services.NotApproved, match="approved an earlier version"):
        submit_plan(plan=plan, by=world["lead"], gaps=[])
    client.force_login(world["lead"])
    page = client.get(reverse("actionplans:plan-approvers", args=[plan.pk])).content.decode()
    assert "Approved an earlier version" in page
    Notification.objects.all().delete()
    services.send_for_approval(plan=plan, by=world["lead"])
    assert Notification.objects.filter(kind="approval-requested").count() == 3


def test_sending_tells_each_approver_and_answers_tell_the_lead(world):
    plan = world["plan"]
    services.add_default_approvers(plan=plan)
    services.send_for_approval(plan=plan, by=world["lead"])
    asked = set(
        Notification.objects.filter(kind="approval-requested").values_list("recipient", flat=True)
    )
    assert asked == {world[k].pk for k in ("police", "health", "childrens_services")}
    assert Email.objects.count() == 3
    services.answer_approval(
        plan=plan,
        by=world["police"],
        approve=False,
        reason="Add the audit dates",
        digest_seen=submission_digest(plan),
    )
    told = Notification.objects.get(kind="changes-requested")
    assert told.recipient == world["lead"]
    assert "Add the audit dates" in told.text
    with pytest.raises(services.NotApproved, match="asked for changes: Add the audit dates"):
        submit_plan(plan=plan, by=world["lead"], gaps=[])


def test_asking_for_changes_needs_a_reason(world, client):
    plan = world["plan"]
    services.add_default_approvers(plan=plan)
    services.send_for_approval(plan=plan, by=world["lead"])
    client.force_login(world["police"])
    url = reverse("actionplans:plan-approval", args=[plan.pk])
    response = client.post(url, {"answer": "changes", "reason": "", "digest": "x"})
    assert response.status_code == 400
    assert "Enter what needs to change" in response.content.decode()
    assert not ApprovalDecision.objects.exists()


def test_someone_who_is_not_an_approver_is_refused(world, client):
    plan = world["plan"]
    services.add_default_approvers(plan=plan)
    outsider = MembershipFactory(
        partnership=plan.inspection.partnership,
        role=Membership.Role.OWNER,
        agency=world["education"],
    ).user
    client.force_login(outsider)
    assert client.get(reverse("actionplans:plan-approval", args=[plan.pk])).status_code == 403


def test_a_double_post_records_one_approval(world, client):
    plan = world["plan"]
    services.add_default_approvers(plan=plan)
    services.send_for_approval(plan=plan, by=world["lead"])
    client.force_login(world["police"])
    url = reverse("actionplans:plan-approval", args=[plan.pk])
    data = {"answer": "approve", "reason": "", "digest": submission_digest(plan)}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert ApprovalDecision.objects.count() == 1
