"""A deadline given as N working days after the letter is the same date on every page, and a
submitted plan says when it was sent once, in words."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from actionplans.plans.models import ActionPlan
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory, ActionPlanFactory
from tests.agencies.factories import MembershipFactory
from tests.inspections.factories import InspectionFactory

pytestmark = pytest.mark.django_db


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@time_machine.travel(dt.datetime(2025, 8, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)
def test_every_page_shows_the_deadline_counted_from_the_letter(client):
    # 70 England working days after 17 July 2025 (the bank holiday of 25 August left out).
    inspection = InspectionFactory(
        letter_published=dt.date(2025, 7, 17), submission_deadline=None, deadline_working_days=70
    )
    plan = ActionPlanFactory(inspection=inspection)
    ActionFactory(plan=plan)
    lead = MembershipFactory(partnership=inspection.partnership, role=Membership.Role.LEAD).user
    client.force_login(lead)
    pages = {
        "the list of plans": reverse("actionplans:home"),
        "the plan": plan.get_absolute_url(),
        "the inspection": inspection.get_absolute_url(),
        "check and submit": reverse("actionplans:plan-readiness", args=[plan.pk]),
        "the plan's dashboard": reverse("actionplans:plan-dashboard", args=[plan.pk]),
        "the dashboard across plans": reverse("actionplans:dashboard"),
    }
    for name, url in pages.items():
        page = words(client.get(url).content.decode())
        assert "24 October 2025" in page, name
        assert "not set" not in page.lower(), name


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (ActionPlan.Status.SUBMITTED, "Submitted on 23 October 2025"),
        (ActionPlan.Status.MONITORING, "Monitoring (submitted on 23 October 2025)"),
    ],
)
def test_a_submitted_plan_says_when_once(client, status, said):
    submitted = dt.datetime(2025, 10, 23, 15, tzinfo=ZoneInfo("Europe/London"))
    plan = ActionPlanFactory(status=status, submitted_at=submitted)
    lead = MembershipFactory(
        partnership=plan.inspection.partnership, role=Membership.Role.LEAD
    ).user
    client.force_login(lead)
    for url in (plan.get_absolute_url(), reverse("actionplans:home")):
        page = words(client.get(url).content.decode())
        assert said in page, url
        assert not re.search(r"Submitted, submitted", page, re.I), url


def test_a_draft_plan_is_just_a_draft(client):
    plan = ActionPlanFactory()
    lead = MembershipFactory(
        partnership=plan.inspection.partnership, role=Membership.Role.LEAD
    ).user
    client.force_login(lead)
    page = words(client.get(plan.get_absolute_url()).content.decode())
    assert "Plan status Draft " in page
