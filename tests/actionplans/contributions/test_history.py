"""The action's history shows who was asked by link, what they sent, and who decided."""

import pytest
from django.urls import reverse

from actionplans.contributions.models import ContributedUpdate
from actionplans.contributions.services import decline_contribution
from tests.support.contributions import answer, build_contributor_world, send_request

pytestmark = pytest.mark.django_db


def test_it_shows_the_contributors_events(client):
    world = build_contributor_world()
    _, token = send_request(world)
    client.post(reverse("actionplans:contribute", args=[token]), answer(world.action))
    decline_contribution(
        contribution=ContributedUpdate.objects.get(), by=world.owner, reason="Too early"
    )
    client.force_login(world.lead)
    page = client.get(reverse("actionplans:action-history", args=[world.action.pk]))
    assert "Asked Jo Bloggs by link" in page.text
    assert "Jo Bloggs (by link)" in page.text
    assert "Declined Jo Bloggs&#x27;s update: Too early" in page.text
