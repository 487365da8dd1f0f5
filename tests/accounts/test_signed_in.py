"""A signed-in request reads its person from the database, so every change to who they are or
what they may do takes effect at their very next request (the races: test_rights_races.py)."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Membership
from tests.actionplans.factories import ActionPlanFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory, UserFactory
from tests.inspections.factories import InspectionFactory

pytestmark = pytest.mark.django_db

TRIVIAL = "/healthz"


@pytest.fixture
def plan():
    return ActionPlanFactory(inspection=InspectionFactory())


def member(client, plan, role=Membership.Role.LEAD, agency=None):
    membership = MembershipFactory(
        partnership=plan.inspection.partnership, role=role, agency=agency
    )
    client.force_login(membership.user)
    return membership


def test_a_signed_in_request_reads_its_person_from_the_database(
    client, plan, django_assert_num_queries
):
    member(client, plan)
    client.get(TRIVIAL)
    # The session, the user row and their two-factor state (none set up, so asked each time):
    # nothing about the person comes from the cache.
    with django_assert_num_queries(3):
        assert client.get(TRIVIAL).status_code == 200


def test_the_rules_read_the_memberships_once_a_request(client, plan, django_assert_max_num_queries):
    member(client, plan)
    plan_page = reverse("actionplans:plan-detail", args=[plan.pk])
    client.get(plan_page)
    # The session, the person, their memberships (once, however many rules ask), their
    # two-factor state, the plan's version, the unread count: the body itself is cached, and
    # so is a lead's approval panel, under the same version.
    with django_assert_max_num_queries(7):
        assert client.get(plan_page).status_code == 200


def test_a_removed_member_loses_the_partnership_at_the_next_request(client, plan):
    membership = member(client, plan)
    plan_page = reverse("actionplans:plan-detail", args=[plan.pk])
    assert client.get(plan_page).status_code == 200
    membership.delete()
    assert client.get(plan_page).status_code == 404


def test_a_lead_demoted_to_manager_cannot_edit_at_the_next_request(client, plan):
    membership = member(client, plan)
    new_action = reverse("actionplans:action-create", args=[plan.pk])
    assert client.get(new_action).status_code == 200
    membership.role = Membership.Role.MANAGER
    membership.save()
    assert client.get(new_action).status_code == 403


def test_an_owner_made_lead_can_edit_at_the_next_request(client, plan):
    agency = AgencyFactory(partnerships=[plan.inspection.partnership])
    membership = member(client, plan, role=Membership.Role.OWNER, agency=agency)
    new_action = reverse("actionplans:action-create", args=[plan.pk])
    assert client.get(new_action).status_code == 403
    membership.role, membership.agency = Membership.Role.LEAD, None
    membership.save()
    assert client.get(new_action).status_code == 200


def test_a_deactivated_account_is_signed_out_at_the_next_request(client, plan):
    membership = member(client, plan)
    assert client.get("/").status_code == 200
    user = membership.user
    user.is_active = False
    user.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_new_password_signs_out_other_browsers_at_their_next_request(client, plan):
    membership = member(client, plan)
    assert client.get("/").status_code == 200
    membership.user.set_password("a-new-password-for-this-test")
    membership.user.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_new_two_factor_device_is_asked_for_at_the_next_request(client, plan):
    membership = member(client, plan)
    assert client.get("/").status_code == 200
    TOTPDevice.objects.create(user=membership.user, name="Authenticator app", confirmed=True)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two-factor-verify"))


def test_a_partnership_that_makes_two_factor_compulsory_stops_its_leads_at_once(client, plan):
    member(client, plan)
    assert client.get("/").status_code == 200
    partnership = plan.inspection.partnership
    partnership.leads_require_two_factor = True
    partnership.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two-factor-setup"))


def test_one_persons_cached_state_is_never_anothers(client, plan):
    lead = member(client, plan)
    other_plan = ActionPlanFactory(inspection=InspectionFactory())
    stranger = MembershipFactory(partnership=other_plan.inspection.partnership)
    assert client.get(reverse("actionplans:plan-detail", args=[plan.pk])).status_code == 200
    client.force_login(stranger.user)
    assert client.get(reverse("actionplans:plan-detail", args=[plan.pk])).status_code == 404
    assert client.get(reverse("actionplans:plan-detail", args=[other_plan.pk])).status_code == 200
    client.force_login(lead.user)
    assert client.get(reverse("actionplans:plan-detail", args=[other_plan.pk])).status_code == 404


def test_a_person_deleted_by_an_administrator_is_signed_out(client, plan):
    membership = member(client, plan)
    assert client.get("/").status_code == 200
    UserFactory()  # another person's row changing does not matter
    membership.user.delete()
    response = client.get("/")
    assert response.status_code == 302
