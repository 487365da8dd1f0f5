"""The lead closes a submitted plan, and can reopen it; nothing else can be closed."""

import pytest
from django.urls import reverse

from actionplans.plans.models import ActionPlan
from actionplans.records import services

pytestmark = pytest.mark.django_db


def test_it_closes_a_submitted_plan_and_bumps_its_version(world):
    plan, lead = world["plan"], world["lead"]
    before = plan.version
    closed = services.close_plan(plan=plan, by=lead, reason="All complete.")
    closed.refresh_from_db()
    assert closed.status == ActionPlan.Status.CLOSED
    assert closed.closed_at is not None
    assert closed.closed_by == lead
    assert closed.version != before
    assert closed.status_in_words.startswith("Closed on ")


def test_it_refuses_to_close_a_draft(world):
    plan = world["plan"]
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.DRAFT)
    with pytest.raises(services.RecordsError, match="Only a submitted or monitored plan"):
        services.close_plan(plan=plan, by=world["lead"], reason="x")


def test_it_reopens_a_closed_plan(world):
    plan, lead = world["plan"], world["lead"]
    services.close_plan(plan=plan, by=lead, reason="Done.")
    reopened = services.reopen_plan(plan=plan, by=lead)
    assert reopened.status == ActionPlan.Status.MONITORING
    assert reopened.closed_at is None
    with pytest.raises(services.RecordsError):
        services.reopen_plan(plan=plan, by=lead)


def test_it_shows_the_lead_a_close_button_and_a_confirmation_page(client, world):
    plan = world["plan"]
    client.force_login(world["lead"])
    page = client.get(plan.get_absolute_url())
    url = reverse("actionplans:plan-close", args=[plan.pk])
    assert url in page.content.decode()
    assert client.get(url).status_code == 200
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert "Enter why the plan is being closed" in empty.content.decode()
    done = client.post(url, {"reason": "Board agreed."})
    assert done.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.CLOSED
    # The cached page shows the new state: closing changed the plan's version.
    page = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("actionplans:plan-reopen", args=[plan.pk]) in page


def test_it_refuses_an_owner(client, world):
    client.force_login(world["owner"])
    url = reverse("actionplans:plan-close", args=[world["plan"].pk])
    assert client.post(url, {"reason": "x"}).status_code == 403
