"""The link opens one page, about the requested actions only, and signs nobody in."""

import pytest
from django.urls import reverse

from actionplans.contributions.models import ContributedUpdate
from tests.support.contributions import answer, build_contributor_world, send_request

pytestmark = pytest.mark.django_db


def test_it_shows_only_the_requested_actions(client):
    world = build_contributor_world()
    world.sibling.title = "A sibling the contributor must not see"
    world.sibling.save()
    _, token = send_request(world)
    response = client.get(reverse("actionplans:contribute", args=[token]))
    assert response.status_code == 200
    assert world.action.title in response.text
    assert "must not see" not in response.text
    assert "_auth_user_id" not in client.session


def test_it_refuses_another_action_of_the_same_plan(client):
    world = build_contributor_world()
    _, token = send_request(world)
    url = reverse("actionplans:contribute", args=[token])
    response = client.post(url, answer(world.sibling))
    assert response.status_code == 404
    assert not ContributedUpdate.objects.exists()


def test_it_refuses_another_partnerships_action(client):
    world = build_contributor_world()
    _, token = send_request(world)
    url = reverse("actionplans:contribute", args=[token])
    response = client.post(url, answer(world.other_partnership_action))
    assert response.status_code == 404
    assert not ContributedUpdate.objects.exists()


@pytest.mark.parametrize(
    "name", ["actionplans:action-detail", "actionplans:plan-detail", "actionplans:my-actions"]
)
def test_it_opens_no_other_page(client, name):
    world = build_contributor_world()
    _, token = send_request(world)
    client.get(reverse("actionplans:contribute", args=[token]))
    pk = world.action.plan.pk if name == "actionplans:plan-detail" else world.action.pk
    url = reverse(name) if name == "actionplans:my-actions" else reverse(name, args=[pk])
    response = client.get(url, {"token": token})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_it_says_a_link_is_not_valid(client):
    response = client.get(reverse("actionplans:contribute", args=["made-up"]))
    assert response.status_code == 404
    assert "This link is not valid" in response.text


def test_it_gives_a_member_no_more_through_the_link(client):
    world = build_contributor_world()
    world.contributor.email = world.other_owner.email
    world.contributor.save()
    _, token = send_request(world)
    client.force_login(world.other_owner)
    url = reverse("actionplans:contribute", args=[token])
    assert client.post(url, answer(world.sibling)).status_code == 404
    assert client.post(url, answer(world.action)).status_code == 302
    # Signed in as themselves, they have only their own rights on the action.
    decide = reverse("actionplans:contribution-decide", args=[ContributedUpdate.objects.get().pk])
    assert client.get(decide).status_code == 403
    assert (
        client.get(reverse("actionplans:action-detail", args=[world.action.pk])).status_code == 200
    )
