"""A lead may reopen a signed-off action, saying why; the history keeps the reason."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from actionplans.plans import services
from actionplans.plans.models import Action, Rag
from tests.support.handoffs import Handoffs, build_handoffs

pytestmark = pytest.mark.django_db

REASON = "The audit found two settings still not notified."


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
        text="Done: every setting receives notifications.",
        rag=Rag.GREEN,
        status=Action.Status.AWAITING_SIGN_OFF,
    )
    services.sign_off_action(action=world.action, by=world.lead)
    return world


def reopen_url(world: Handoffs) -> str:
    return reverse("actionplans:action-reopen", args=[world.action.pk])


def current(world: Handoffs) -> Action:
    return Action.objects.get(pk=world.action.pk)


def test_the_action_page_offers_the_lead_a_reopen(client, world: Handoffs):
    client.force_login(world.lead)
    page = client.get(world.action.get_absolute_url()).content.decode()
    assert f'href="{reopen_url(world)}"' in page


def test_reopening_without_a_reason_is_refused(client, world: Handoffs):
    client.force_login(world.lead)
    response = client.post(reopen_url(world), {"reason": "  "})
    assert response.status_code == 200
    assert "Enter why the action is reopened" in response.content.decode()
    assert current(world).status == Action.Status.COMPLETE


def test_reopening_with_a_reason_reopens_and_the_history_says_why(client, world: Handoffs):
    client.force_login(world.lead)
    response = client.post(reopen_url(world), {"reason": REASON})
    assert response.url == world.action.get_absolute_url()
    action = current(world)
    assert action.status == Action.Status.IN_PROGRESS
    assert action.signed_off_at is None
    assert action.signed_off_by is None
    assert action.rag == Rag.AMBER
    history = client.get(reverse("actionplans:action-history", args=[action.pk])).content.decode()
    assert f"Reopened the action: {REASON}" in history
    # The owner can update it again.
    services.add_progress_update(
        action=action,
        author=world.police_owner,
        text="Both settings now notified.",
        rag=Rag.GREEN,
        status=Action.Status.AWAITING_SIGN_OFF,
    )


def test_an_owner_cannot_reopen(client, world: Handoffs):
    client.force_login(world.police_owner)
    assert client.get(reopen_url(world)).status_code == 403
    assert client.post(reopen_url(world), {"reason": REASON}).status_code == 403
    assert current(world).status == Action.Status.COMPLETE
    page = client.get(world.action.get_absolute_url()).content.decode()
    assert reopen_url(world) not in page


def test_a_lead_of_another_partnership_finds_nothing(client, world: Handoffs):
    client.force_login(world.other_lead)
    assert client.post(reopen_url(world), {"reason": REASON}).status_code == 404
    assert current(world).status == Action.Status.COMPLETE


def test_only_a_complete_action_can_be_reopened(world: Handoffs):
    services.reopen_action(action=world.action, by=world.lead, reason=REASON)
    with pytest.raises(services.InvalidTransition, match="Only a signed-off action"):
        services.reopen_action(action=world.action, by=world.lead, reason=REASON)
