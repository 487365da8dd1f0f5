"""The lead person's account comes from the action's owner agency: the list offers the people
who update actions for an agency, each option marked with it (a script shows only the owner
agency's), and an account from another agency is refused with a message that says whose to pick."""

import datetime as dt

import pytest
from django.urls import reverse

from actionplans.plans.models import Action
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    action = ActionFactory(reference="1.1")
    partnership = action.plan.inspection.partnership
    health = AgencyFactory(name="Southampton Health", partnerships=[partnership])
    lead = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user
    client.force_login(lead)
    return {
        "action": action,
        "lead": lead,
        "health": health,
        "manager": MembershipFactory(partnership=partnership, role=Membership.Role.MANAGER).user,
        "police_owner": MembershipFactory(
            partnership=partnership, role=Membership.Role.OWNER, agency=action.owner_agency
        ).user,
        "health_owner": MembershipFactory(
            partnership=partnership, role=Membership.Role.OWNER, agency=health
        ).user,
    }


def edit_url(action):
    return reverse("actionplans:action-update", args=[action.pk])


def test_the_list_offers_agency_people_each_marked_with_their_agency(client, world):
    form = client.get(edit_url(world["action"])).context["form"]
    offered = set(form.fields["lead_user"].queryset)
    assert offered == {world["police_owner"], world["health_owner"]}
    html = str(form["lead_user"])
    assert f'data-agency="{world["action"].owner_agency_id}"' in html
    assert f'data-agency="{world["health"].pk}"' in html
    assert 'data-filter-by="id_owner_agency"' in html


def posted(action, **changes):
    def day(name, d):
        return {f"{name}_0": str(d.day), f"{name}_1": str(d.month), f"{name}_2": str(d.year)}

    return {
        "recommendation": action.recommendation.pk,
        "reference": action.reference,
        "title": action.title,
        "owner_agency": action.owner_agency.pk,
        "lead_name": "Sam Patel",
        **day("start_date", dt.date(2025, 9, 1)),
        **day("due_date", dt.date(2026, 3, 31)),
        "success_measure": "Every sergeant briefed",
        "version": action.version,
        **changes,
    }


def test_an_account_from_another_agency_is_refused(client, world):
    action = world["action"]
    answer = client.post(edit_url(action), posted(action, lead_user=world["health_owner"].pk))
    assert answer.status_code == 200
    html = answer.content.decode()
    assert (
        f"{world['health_owner']} does not work for {action.owner_agency.name}: choose someone "
        "who does, or No account"
    ) in html
    assert "Sam Patel" in html  # what was typed stays
    action.refresh_from_db()
    assert action.lead_user is None


def test_an_account_of_the_chosen_owner_agency_is_saved(client, world):
    action = world["action"]
    data = posted(action, owner_agency=world["health"].pk, lead_user=world["health_owner"].pk)
    assert client.post(edit_url(action), data).status_code == 302
    action = Action.objects.get(pk=action.pk)
    assert (action.owner_agency, action.lead_user) == (world["health"], world["health_owner"])
