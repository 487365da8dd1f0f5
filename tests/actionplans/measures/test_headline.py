"""The dashboard opens with its headline figures, and readiness means the same as on Check and
submit: the same gaps, in the same words."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from actionplans.measures.models import Measure
from actionplans.plans.models import Action, ActionPlan
from actionplans.plans.readiness import check_readiness
from actionplans.plans.selectors import plan_actions
from agencies.models import User
from demo.loader import load_demo
from tests.support import dashboard_page as page

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, tzinfo=ZoneInfo("Europe/London"))):
        yield


def dashboard(client, plan: ActionPlan) -> str:
    return client.get(reverse("actionplans:plan-dashboard", args=[plan.pk])).content.decode()


def sign_in(client, email: str) -> None:
    client.force_login(User.objects.get(email=email))


def test_before_submission_the_band_leads_with_the_deadline_and_readiness(client):
    load_demo(today=TODAY, deadline_in=14)
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    Action.objects.filter(plan=plan, reference="1.1").update(success_measure="")
    sign_in(client, "manager@southampton.example")
    html = dashboard(client, plan)
    band = page.section(html, "headline", "deadline")
    assert page.figure(band, "headline-deadline").startswith("14")
    gaps = check_readiness(plan, today=TODAY)
    assert gaps
    assert page.figure(band, "headline-readiness").startswith(str(len(gaps)))
    readiness = page.section(html, "readiness")
    for gap in gaps:
        assert gap.message in readiness
    assert "The plan is ready" not in html
    assert "Readiness:" not in html  # no percentage that says otherwise


def test_the_dashboard_and_check_and_submit_agree_when_the_plan_is_ready(client):
    load_demo(today=TODAY, deadline_in=14)
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    assert not check_readiness(plan, today=TODAY), "the demo plan is ready to send"
    sign_in(client, "lead@southampton.example")
    html = dashboard(client, plan)
    checklist = client.get(reverse("actionplans:plan-readiness", args=[plan.pk])).content.decode()
    assert "The plan is ready" in page.section(html, "readiness")
    assert "The plan is ready" in checklist
    assert page.figure(html, "headline-readiness").startswith("Ready")


def test_in_monitoring_the_band_leads_with_delivery_and_impact(client):
    load_demo(today=TODAY)
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    assert plan.submitted_at is not None
    sign_in(client, "manager@southampton.example")
    html = dashboard(client, plan)
    band = page.section(html, "headline", "by-status")
    # The plan's own actions and the practice review's action that also answers it.
    actions = list(plan_actions(plan))
    done = sum(a.status == Action.Status.COMPLETE for a in actions)
    assert page.figure(band, "headline-complete").startswith(f"{round(100 * done / len(actions))}%")
    overdue = sum(a.status != "complete" and a.effective_due_date < TODAY for a in actions)
    assert page.figure(band, "headline-overdue") == str(overdue)
    waiting = sum(a.status == Action.Status.AWAITING_SIGN_OFF for a in actions)
    assert page.figure(band, "headline-sign-off") == str(waiting)
    on_track = page.figure(band, "headline-measures")
    assert on_track.endswith(f"of {Measure.objects.filter(plan=plan).count()}")
    assert "since submission" in band
    assert 'data-figure="headline-deadline"' not in band
    # "Is it working" comes first; the passed deadline last.
    assert html.index('id="measures"') < html.index('id="deadline"')


def test_a_plan_without_measures_says_so_instead_of_0_of_0(client):
    load_demo(today=TODAY)
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    Measure.objects.filter(plan=plan).delete()
    add = reverse("actionplans:measure-create", args=[plan.pk])
    sign_in(client, "lead@southampton.example")
    tile = re.search(r'data-figure="headline-measures">(.*?)</li>', dashboard(client, plan), re.S)
    assert tile
    assert "0 of 0" not in tile.group(1)
    assert "No measures yet" in tile.group(1)
    assert f'href="{add}"' in tile.group(1)  # the lead may add one
    sign_in(client, "manager@southampton.example")
    tile = re.search(r'data-figure="headline-measures">(.*?)</li>', dashboard(client, plan), re.S)
    assert tile
    assert "No measures yet" in tile.group(1)
    assert add not in tile.group(1)  # a manager changes nothing
