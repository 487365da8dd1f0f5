"""The plan page says how many contributors' updates wait for this person, and only them."""

import pytest
from django.urls import reverse

from tests.support.contributions import answer, build_contributor_world, send_request

pytestmark = pytest.mark.django_db


def test_it_points_the_owner_to_the_updates_waiting(client):
    world = build_contributor_world()
    _, token = send_request(world)
    client.post(reverse("actionplans:contribute", args=[token]), answer(world.action))
    plan_url = reverse("actionplans:plan-detail", args=[world.action.plan.pk])
    client.force_login(world.owner)
    assert "1 waiting for your decision" in client.get(plan_url).text
    client.force_login(world.other_owner)
    assert "waiting for your decision" not in client.get(plan_url).text
