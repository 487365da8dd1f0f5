"""What a contributor sends waits for the owner: one pending per action, once per form."""

import uuid

import pytest
from django.urls import reverse

from actionplans.contributions.models import ContributedUpdate
from actionplans.plans.models import ProgressUpdate
from tests.support.contributions import answer, build_contributor_world, send_request

pytestmark = pytest.mark.django_db


def test_it_keeps_the_update_pending_and_changes_nothing_on_the_plan(client):
    world = build_contributor_world()
    _, token = send_request(world)
    rag = world.action.rag
    url = reverse("actionplans:contribute", args=[token])
    response = client.post(url, answer(world.action, rag="red"), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    contribution = ContributedUpdate.objects.get()
    assert contribution.status == ContributedUpdate.Status.PENDING
    assert contribution.from_ip == "203.0.113.9"
    world.action.refresh_from_db()
    assert world.action.rag == rag
    assert not ProgressUpdate.objects.filter(action=world.action).exists()
    page = client.get(url)
    assert "waiting for the owner" in page.text


def test_it_saves_a_double_submit_once(client):
    world = build_contributor_world()
    _, token = send_request(world)
    url = reverse("actionplans:contribute", args=[token])
    form_token = uuid.uuid4()
    client.post(url, answer(world.action, form_token=form_token))
    again = client.post(url, answer(world.action, form_token=form_token))
    assert again.status_code == 400
    assert "already sent" in again.text
    assert ContributedUpdate.objects.count() == 1


def test_it_takes_one_pending_update_per_action(client):
    world = build_contributor_world()
    _, token = send_request(world)
    url = reverse("actionplans:contribute", args=[token])
    client.post(url, answer(world.action))
    second = client.post(url, answer(world.action, text="Something else"))
    assert second.status_code == 400
    assert "already sent an update on this action" in second.text
    assert ContributedUpdate.objects.count() == 1


def test_it_keeps_what_was_typed_when_the_rag_is_missing(client):
    world = build_contributor_world()
    _, token = send_request(world)
    url = reverse("actionplans:contribute", args=[token])
    data = answer(world.action, text="Words I typed")
    del data[f"action-{world.action.pk}-suggested_rag"]
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Select red, amber or green" in response.text
    assert "Words I typed" in response.text
