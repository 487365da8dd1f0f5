"""The partnership lead's log of what was sent to whom."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from actionplans.reminders.delivery import send_due_reminders_now
from tests.actionplans.factories import ActionFactory
from tests.support.reminders import at, plan_with_people

pytestmark = pytest.mark.django_db


def test_the_lead_sees_what_was_sent_for_their_partnership_only(client):
    action, lead, owner = plan_with_people(due_date=dt.date(2025, 10, 17))
    _other, _, other_owner = plan_with_people(due_date=dt.date(2025, 10, 17))
    with time_machine.travel(at(dt.date(2025, 10, 16)), tick=False):
        send_due_reminders_now()
    client.force_login(lead)
    page = client.get(reverse("actionplans:reminder-log")).content.decode()
    assert str(owner) in page
    assert f"Action {action.reference}" in page
    assert str(other_owner) not in page


def test_an_owner_may_not_see_the_log(client):
    _, _, owner = plan_with_people()
    client.force_login(owner)
    assert client.get(reverse("actionplans:reminder-log")).status_code == 403


@pytest.mark.parametrize("actions", [1, 30])
def test_the_log_costs_the_same_queries_at_any_size(client, django_assert_max_num_queries, actions):
    action, lead, _ = plan_with_people(due_date=dt.date(2025, 10, 17))
    for _ in range(actions):
        ActionFactory(
            plan=action.plan,
            recommendation=action.recommendation,
            owner_agency=action.owner_agency,
            lead_user=action.lead_user,
            due_date=dt.date(2025, 10, 17),
        )
    with time_machine.travel(at(dt.date(2025, 10, 16)), tick=False):
        send_due_reminders_now()
    client.force_login(lead)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("actionplans:reminder-log"))
    assert response.status_code == 200


def test_only_the_lead_is_shown_the_way_to_the_log(client):
    _, lead, owner = plan_with_people()
    log = reverse("actionplans:reminder-log")
    client.force_login(lead)
    assert log in client.get(reverse("actionplans:reminder-preferences")).content.decode()
    client.force_login(owner)
    assert log not in client.get(reverse("actionplans:reminder-preferences")).content.decode()
