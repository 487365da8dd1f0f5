"""Agency owners edit their own agency's recommendations and change their actions' named lead,
with forms that hold only the fields the rules give them (`recommendation_fields_editable_by`,
`action_fields_editable_by`)."""

import pytest
from django.urls import reverse

from actionplans.plans.forms import ActionForm
from actionplans.plans.permissions import action_fields_editable_by
from agencies.models import Membership
from inspections.forms import RecommendationForm
from inspections.permissions import recommendation_fields_editable_by
from tests.agencies.factories import MembershipFactory
from tests.support.access_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def recommendation_url(world, key: str) -> str:
    return reverse(
        "inspections:recommendation-update",
        kwargs={"inspection_pk": world.objects["inspection"].pk, "pk": world.objects[key].pk},
    )


def test_owner_edits_the_recommendation_their_agency_leads(client, world):
    recommendation = world.objects["recommendation_a"]
    agency_b = world.objects["recommendation_b"].lead_agency
    client.force_login(world.users["owner_a"])

    response = client.post(
        recommendation_url(world, "recommendation_a"),
        {
            "title": "Audit every high-risk referral within 24 hours",
            "text": "Monthly, by the force's audit team.",
            "contributing_agencies": [agency_b.pk],
            # Not theirs to change: ignored, as the form does not hold them.
            "lead_agency": agency_b.pk,
            "reference": "X9",
        },
    )

    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.title == "Audit every high-risk referral within 24 hours"
    assert list(recommendation.contributing_agencies.all()) == [agency_b]
    assert recommendation.lead_agency == world.objects["action_a"].owner_agency
    assert recommendation.reference != "X9"


def test_owner_cannot_make_their_own_agency_a_contributor(client, world):
    recommendation = world.objects["recommendation_a"]
    client.force_login(world.users["owner_a"])

    response = client.post(
        recommendation_url(world, "recommendation_a"),
        {"title": "New title", "contributing_agencies": [recommendation.lead_agency.pk]},
    )

    assert response.status_code == 200
    assert "The lead agency cannot also be a contributing agency" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.title != "New title"


def test_owner_cannot_edit_another_agencys_recommendation(client, world):
    client.force_login(world.users["owner_a"])
    assert client.get(recommendation_url(world, "recommendation_b")).status_code == 403


def test_plan_page_offers_owners_the_edit_of_their_agencys_recommendation_only(client, world):
    client.force_login(world.users["owner_a"])
    page = client.get(world.objects["plan"].get_absolute_url()).content.decode()

    assert recommendation_url(world, "recommendation_a") in page
    assert recommendation_url(world, "recommendation_b") not in page
    delete_url = reverse(
        "inspections:recommendation-delete",
        kwargs={
            "inspection_pk": world.objects["inspection"].pk,
            "pk": world.objects["recommendation_a"].pk,
        },
    )
    assert delete_url not in page


def test_plan_page_is_cached_apart_for_each_owners_agency(client, world):
    client.force_login(world.users["owner_a"])
    client.get(world.objects["plan"].get_absolute_url())
    client.force_login(world.users["owner_b"])
    page = client.get(world.objects["plan"].get_absolute_url()).content.decode()

    assert recommendation_url(world, "recommendation_b") in page
    assert recommendation_url(world, "recommendation_a") not in page


def test_my_actions_links_to_the_recommendation_an_owner_may_edit(client, world):
    client.force_login(world.users["owner_a"])
    page = client.get(reverse("actionplans:my-actions")).content.decode()

    assert recommendation_url(world, "recommendation_a") in page
    assert recommendation_url(world, "recommendation_b") not in page


def test_owner_changes_the_named_lead_of_their_action(client, world):
    action = world.objects["action_a"]
    colleague = MembershipFactory(
        partnership=world.objects["partnership"],
        role=Membership.Role.OWNER,
        agency=action.owner_agency,
    ).user
    due = action.due_date
    client.force_login(world.users["owner_a"])

    response = client.post(
        reverse("actionplans:action-update", kwargs={"pk": action.pk}),
        {
            "lead_name": "DI Sam Patel",
            "lead_user": colleague.pk,
            "version": action.version,
            # Not theirs to change: ignored.
            "due_date_0": "1",
            "due_date_1": "1",
            "due_date_2": "2030",
            "title": "Something else",
        },
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.lead_name, action.lead_user) == ("DI Sam Patel", colleague)
    assert action.due_date == due
    assert action.title != "Something else"


def test_owner_names_only_people_of_their_agency(client, world):
    action = world.objects["action_a"]
    client.force_login(world.users["owner_a"])

    response = client.post(
        reverse("actionplans:action-update", kwargs={"pk": action.pk}),
        {"lead_name": "Someone", "lead_user": world.users["owner_b"].pk},
    )

    assert response.status_code == 200
    assert "Select the lead person&#x27;s account" in response.content.decode()
    action.refresh_from_db()
    assert action.lead_name != "Someone"


def test_owner_must_name_the_lead(client, world):
    action = world.objects["action_a"]
    client.force_login(world.users["owner_a"])

    response = client.post(
        reverse("actionplans:action-update", kwargs={"pk": action.pk}), {"lead_name": ""}
    )

    assert response.status_code == 200
    assert "Enter the named lead person" in response.content.decode()


def test_action_page_links_owners_to_the_named_lead_change(client, world):
    client.force_login(world.users["owner_a"])
    page = client.get(world.objects["action_a"].get_absolute_url()).content.decode()
    assert "Change the named lead" in page
    assert reverse("actionplans:action-update", kwargs={"pk": world.objects["action_a"].pk}) in page


# One truth: each form holds exactly the fields the rules give each person ------------------

EDITORS = ["lead", "owner_a"]


@pytest.mark.parametrize("role", EDITORS)
def test_the_action_form_holds_the_fields_the_rule_gives(world, role):
    action = world.objects["action_a"]
    user = world.users[role]
    form = ActionForm(instance=action, plan=action.plan, user=user)
    every_field = set(ActionForm.base_fields) - {"version"}

    assert set(form.fields) - {"version", "form_token"} == action_fields_editable_by(
        user, action, every_field
    )


@pytest.mark.parametrize("role", EDITORS)
def test_the_recommendation_form_holds_the_fields_the_rule_gives(world, role):
    recommendation = world.objects["recommendation_a"]
    user = world.users[role]
    form = RecommendationForm(
        instance=recommendation, inspection=recommendation.inspection, user=user
    )
    every_field = set(RecommendationForm.base_fields)

    # The one-time form token is a mechanism field, like an action's version.
    shown = set(form.fields) - {"form_token"}
    assert shown == recommendation_fields_editable_by(user, recommendation, every_field)
