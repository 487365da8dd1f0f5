"""Every use of a link, and every decision, is in the security log with its address."""

import datetime as dt
import logging

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from actionplans.contributions.models import ContributedUpdate
from tests.support.contributions import answer, build_contributor_world, send_request

pytestmark = pytest.mark.django_db


def test_it_logs_each_use(client, caplog):
    caplog.set_level(logging.INFO)
    world = build_contributor_world()
    client.force_login(world.owner)
    client.post(
        reverse("actionplans:request-update", args=[world.action.pk]),
        {
            "actions": [world.action.pk],
            "contributor": world.contributor.pk,
            "message": "Hi",
            "expires_in": "72",
        },
    )
    _, token = send_request(world)
    client.logout()
    url = reverse("actionplans:contribute", args=[token])
    client.get(url, REMOTE_ADDR="198.51.100.7")
    client.post(url, answer(world.action), REMOTE_ADDR="198.51.100.7")
    client.force_login(world.owner)
    pk = ContributedUpdate.objects.get().pk
    client.post(
        reverse("actionplans:contribution-decide", args=[pk]),
        {"decision": "decline", "reason": "No"},
    )
    client.logout()
    with time_machine.travel(timezone.now() + dt.timedelta(days=4)):
        client.get(url)
    text = caplog.text
    for event in (
        "update_request_sent",
        "contribution_link_opened",
        "contribution_submitted",
        "contribution_declined",
        "contribution_link_expired",
    ):
        assert f"event={event}" in text
    assert "ip=198.51.100.7" in text
