"""Posts through a link are limited per link and per address."""

import pytest
from django.urls import reverse

from actionplans.contributions import link_views
from tests.support.contributions import answer, build_contributor_world, send_request

pytestmark = pytest.mark.django_db


def test_it_limits_posts_per_link(client, monkeypatch):
    monkeypatch.setattr(link_views, "POSTS_PER_TOKEN", 3)
    world = build_contributor_world()
    _, token = send_request(world)
    url = reverse("actionplans:contribute", args=[token])
    statuses = [client.post(url, answer(world.sibling)).status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_it_limits_posts_per_address(client, monkeypatch):
    monkeypatch.setattr(link_views, "POSTS_PER_IP", 2)
    world = build_contributor_world()
    _, first = send_request(world)
    _, second = send_request(world)
    third_world = build_contributor_world()
    _, third = send_request(third_world)
    for token in (first, second):
        client.post(reverse("actionplans:contribute", args=[token]), answer(world.sibling))
    response = client.post(
        reverse("actionplans:contribute", args=[third]), answer(third_world.action)
    )
    assert response.status_code == 429
    assert "Too many updates" in response.text
