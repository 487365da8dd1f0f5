"""Two plans of one partnership, each with an action 2.1: the home queues name each one's plan."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.support.two_plans import TwoPlans, build_two_plans

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_the_owners_queue_names_the_plan_of_each_action(client):
    world: TwoPlans = build_two_plans(
        older_due=dt.date(2026, 11, 20), newer_due=dt.date(2026, 12, 10)
    )
    client.force_login(world.owner)
    page = client.get(reverse("actionplans:home")).content.decode()
    overdue = page.split('id="queue-overdue"')[1].split('id="queue-due-soon"')[0]
    due_soon = page.split('id="queue-due-soon"')[1].split('id="queue-not-updated"')[0]
    assert "JTAI 2025" in overdue
    assert "Neglect 2026" not in overdue
    assert "Neglect 2026" in due_soon
    assert "JTAI 2025" not in due_soon


def test_a_revised_due_date_names_the_plan(client):
    world: TwoPlans = build_two_plans()
    action = world.newer
    action.revised_due_date = dt.date(2027, 1, 29)
    action.revised_reason = "The settings' contracts start in January."
    action._change_reason = "revised"
    action.save()
    client.force_login(world.lead)
    page = client.get(reverse("actionplans:home")).content.decode()
    revised = page.split('id="queue-revised"')[1].split("</ul>")[0]
    assert "Neglect 2026" in revised
    assert "JTAI 2025" not in revised
