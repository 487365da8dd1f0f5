"""Sending an update request: the email carries the link; the row keeps only its hash."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from actionplans.contributions.models import Contributor, UpdateRequest
from actionplans.contributions.selectors import named_contributors
from outbox.models import Email
from tests.support.contributions import build_contributor_world, send_request

pytestmark = pytest.mark.django_db


def test_it_emails_the_link_and_keeps_only_the_hash():
    world = build_contributor_world()
    sent, token = send_request(world)
    email = Email.objects.get(to="jo.bloggs@school.example")
    assert f"/contribute/{token}/" in email.body
    assert f"/contribute/{token}/" in email.html
    assert "How is the audit going?" in email.body
    assert sent.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in sent.token_hash
    assert sent.expires_at - sent.created_at == dt.timedelta(hours=72)


def test_it_names_the_contributor_when_asked():
    world = build_contributor_world()
    send_request(world, name_as_contributor=True)
    assert named_contributors([world.action, world.sibling]) == {world.action.pk: world.contributor}


def test_it_sends_from_the_action_page_to_someone_new(client):
    world = build_contributor_world()
    client.force_login(world.owner)
    url = reverse("actionplans:request-update", args=[world.action.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "actions": [world.action.pk, world.sibling.pk],
            "name": "Sam Health",
            "email": "Sam.Health@nhs.example",
            "message": "Please update",
            "expires_in": "168",
            "name_as_contributor": "on",
        },
    )
    assert response.status_code == 302
    sent = UpdateRequest.objects.get(contributor__email="Sam.Health@nhs.example")
    assert set(sent.actions.all()) == {world.action, world.sibling}
    assert sent.expires_at - sent.created_at == dt.timedelta(days=7)
    # The next request finds them by their email, whatever its case.
    client.post(
        url,
        {
            "actions": [world.action.pk],
            "name": "Sam",
            "email": "sam.health@NHS.example",
            "message": "Again",
            "expires_in": "24",
        },
    )
    assert Contributor.objects.filter(email__iexact="sam.health@nhs.example").count() == 1


def test_it_keeps_what_was_typed_when_the_name_is_missing(client):
    world = build_contributor_world()
    client.force_login(world.owner)
    url = reverse("actionplans:request-update", args=[world.action.pk])
    response = client.post(
        url,
        {
            "actions": [world.action.pk],
            "email": "x@example.org",
            "message": "Kept words",
            "expires_in": "72",
        },
    )
    assert response.status_code == 400
    assert "Enter their name" in response.text
    assert "Kept words" in response.text


def test_it_refuses_an_owner_of_another_agency(client):
    world = build_contributor_world()
    client.force_login(world.other_owner)
    url = reverse("actionplans:request-update", args=[world.action.pk])
    assert client.get(url).status_code == 403
