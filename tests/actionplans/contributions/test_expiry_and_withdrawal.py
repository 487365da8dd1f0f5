"""An expired or withdrawn link says so plainly, with 410, and takes nothing."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from actionplans.contributions.models import ContributedUpdate
from actionplans.contributions.services import withdraw_update_request
from tests.support.contributions import answer, build_contributor_world, send_request

pytestmark = pytest.mark.django_db


def test_it_expires_after_the_chosen_time(client):
    world = build_contributor_world()
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        _, token = send_request(world, expires_in=dt.timedelta(hours=24))
    url = reverse("actionplans:contribute", args=[token])
    with time_machine.travel(now + dt.timedelta(hours=23), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(now + dt.timedelta(hours=25), tick=False):
        response = client.get(url)
        assert response.status_code == 410
        assert "This link has expired" in response.text
        assert "ask " in response.text
        assert client.post(url, answer(world.action)).status_code == 410
    assert not ContributedUpdate.objects.exists()


def test_it_stops_a_withdrawn_link(client):
    world = build_contributor_world()
    sent, token = send_request(world)
    withdraw_update_request(request=sent, by=world.owner)
    url = reverse("actionplans:contribute", args=[token])
    response = client.post(url, answer(world.action))
    assert response.status_code == 410
    assert "This link was withdrawn" in response.text
    assert not ContributedUpdate.objects.exists()


def test_it_lets_the_owner_withdraw_from_the_plans_list(client):
    world = build_contributor_world()
    sent, _ = send_request(world)
    client.force_login(world.owner)
    listing = client.get(reverse("actionplans:plan-contributions", args=[world.action.plan.pk]))
    assert "Withdraw" in listing.text
    client.post(reverse("actionplans:update-request-withdraw", args=[sent.pk]))
    sent.refresh_from_db()
    assert sent.withdrawn_by == world.owner


def test_it_refuses_withdrawal_by_another_agencys_owner(client):
    world = build_contributor_world()
    sent, _ = send_request(world)
    client.force_login(world.other_owner)
    response = client.post(reverse("actionplans:update-request-withdraw", args=[sent.pk]))
    assert response.status_code == 403
