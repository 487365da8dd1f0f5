"""Signing off from the queue is two steps: the lead first reads what the owner sent."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from actionplans.plans import services
from actionplans.plans.models import Action, Rag
from tests.support.handoffs import Handoffs, build_handoffs

pytestmark = pytest.mark.django_db

CLOSING = "Done: every setting receives notifications."


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def world() -> Handoffs:
    world = build_handoffs()
    services.add_progress_update(
        action=world.action,
        author=world.police_owner,
        text="Half the settings receive them.",
        rag=Rag.AMBER,
        status=Action.Status.IN_PROGRESS,
    )
    services.add_evidence(
        action=world.action,
        by=world.police_owner,
        description="List of the settings notified",
        url="https://example.org/settings-list",
    )
    with time_machine.travel(dt.datetime(2026, 12, 2, 11, 0, tzinfo=dt.UTC), tick=False):
        services.add_progress_update(
            action=world.action,
            author=world.police_owner,
            text=CLOSING,
            rag=Rag.GREEN,
            status=Action.Status.AWAITING_SIGN_OFF,
        )
    return world


def test_the_queue_offers_no_one_click_sign_off(client, world: Handoffs):
    client.force_login(world.lead)
    page = client.get(reverse("actionplans:home")).content.decode()
    sign_off = reverse("actionplans:action-sign-off", args=[world.action.pk])
    assert f'href="{sign_off}?next=home"' in page
    assert f'action="{sign_off}"' not in page


def test_the_check_shows_the_closing_update_and_the_evidence_and_changes_nothing(
    client, world: Handoffs
):
    client.force_login(world.lead)
    url = reverse("actionplans:action-sign-off", args=[world.action.pk])
    response = client.get(url + "?next=home")
    assert response.status_code == 200
    page = response.content.decode()
    assert CLOSING in page
    assert "Half the settings receive them." not in page  # only the closing update
    assert "List of the settings notified" in page
    assert "https://example.org/settings-list" in page
    assert "Sign off</button>" in page
    assert "Send back</a>" in page
    assert 'name="next" value="home"' in page
    assert reverse("actionplans:action-send-back", args=[world.action.pk]) + "?next=home" in page
    assert Action.objects.get(pk=world.action.pk).status == Action.Status.AWAITING_SIGN_OFF


def test_signing_off_on_the_check_page_signs_it_off(client, world: Handoffs):
    client.force_login(world.lead)
    url = reverse("actionplans:action-sign-off", args=[world.action.pk])
    response = client.post(url, {"next": "home"})
    assert response.url == reverse("actionplans:home")
    assert Action.objects.get(pk=world.action.pk).status == Action.Status.COMPLETE


def test_the_check_of_an_action_not_waiting_says_so(client, world: Handoffs):
    services.sign_off_action(action=world.action, by=world.lead)
    client.force_login(world.lead)
    page = client.get(reverse("actionplans:action-sign-off", args=[world.action.pk])).content
    assert "is not waiting for sign-off" in page.decode()
    assert b"Sign off</button>" not in page


def test_an_owner_cannot_open_the_check(client, world: Handoffs):
    client.force_login(world.police_owner)
    url = reverse("actionplans:action-sign-off", args=[world.action.pk])
    assert client.get(url).status_code == 403
