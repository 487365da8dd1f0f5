"""Accepting makes a progress update (by the acceptor, from the contributor); declining needs
a reason; only whoever may update the action decides, once."""

import pytest
from django.urls import reverse

from actionplans.contributions import services
from actionplans.contributions.models import ContributedUpdate
from actionplans.plans.models import Evidence, ProgressUpdate
from tests.support.contributions import answer, build_contributor_world, send_request

pytestmark = pytest.mark.django_db


def _contributed(client, world, **fields):
    _, token = send_request(world)
    client.post(reverse("actionplans:contribute", args=[token]), answer(world.action, **fields))
    return ContributedUpdate.objects.get(), token


def test_it_accepts_with_edits_and_shows_who_it_came_from(client):
    world = build_contributor_world()
    contribution, _ = _contributed(
        client, world, text="Half done", evidence_url="https://school.example/audit"
    )
    client.force_login(world.owner)
    url = reverse("actionplans:contribution-decide", args=[contribution.pk])
    response = client.post(
        url, {"decision": "accept", "text": "Half done, checked", "rag": "amber"}
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(action=world.action)
    assert update.author == world.owner
    assert update.text.startswith("From Jo Bloggs (by link), accepted by")
    assert update.text.endswith("Half done, checked")
    assert update.rag == "amber"
    assert Evidence.objects.get(action=world.action).url == "https://school.example/audit"
    contribution.refresh_from_db()
    assert contribution.progress_update == update
    page = client.get(world.action.get_absolute_url())
    assert "From Jo Bloggs (by link)" in page.text


def test_it_refuses_a_second_acceptance_plainly(client):
    world = build_contributor_world()
    contribution, _ = _contributed(client, world)
    client.force_login(world.lead)
    url = reverse("actionplans:contribution-decide", args=[contribution.pk])
    client.post(url, {"decision": "accept", "text": "One", "rag": "green"})
    again = client.post(url, {"decision": "accept", "text": "One", "rag": "green"})
    assert again.status_code == 409
    assert "already accepted" in again.text
    assert ProgressUpdate.objects.filter(action=world.action).count() == 1


def test_it_cannot_change_an_accepted_contribution_from_the_link(client):
    world = build_contributor_world()
    contribution, token = _contributed(client, world)
    services.accept_contribution(contribution=contribution, by=world.owner, text="Ok", rag="green")
    url = reverse("actionplans:contribute", args=[token])
    replay = client.post(url, answer(world.action, form_token=contribution.form_token))
    assert replay.status_code == 400
    contribution.refresh_from_db()
    assert contribution.text != "Ok"
    assert contribution.status == "accepted"
    assert ContributedUpdate.objects.count() == 1
    # A new update (a new form) is taken, pending again.
    assert client.post(url, answer(world.action, text="Now all done")).status_code == 302
    assert ContributedUpdate.objects.filter(status="pending").count() == 1


def test_it_requires_a_reason_to_decline(client):
    world = build_contributor_world()
    contribution, _ = _contributed(client, world)
    client.force_login(world.owner)
    url = reverse("actionplans:contribution-decide", args=[contribution.pk])
    assert client.post(url, {"decision": "decline", "reason": ""}).status_code == 400
    assert client.post(url, {"decision": "decline", "reason": "Not this term"}).status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == "declined"
    assert contribution.decline_reason == "Not this term"
    assert not ProgressUpdate.objects.filter(action=world.action).exists()


@pytest.mark.parametrize(("who", "status"), [("other_owner", 403), ("lead", 200), ("owner", 200)])
def test_it_lets_only_the_right_people_decide(client, who, status):
    world = build_contributor_world()
    contribution, _ = _contributed(client, world)
    client.force_login(getattr(world, who))
    url = reverse("actionplans:contribution-decide", args=[contribution.pk])
    assert client.get(url).status_code == status
    if status == 403:
        assert (
            client.post(url, {"decision": "accept", "text": "x", "rag": "red"}).status_code == 403
        )
        assert not ProgressUpdate.objects.filter(action=world.action).exists()


def test_it_hides_another_partnerships_contribution(client):
    world = build_contributor_world()
    contribution, _ = _contributed(client, world)
    other = build_contributor_world()
    client.force_login(other.lead)
    url = reverse("actionplans:contribution-decide", args=[contribution.pk])
    assert client.get(url).status_code == 404
