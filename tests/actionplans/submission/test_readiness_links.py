"""A readiness "fix this" link lands on the field, and saving returns to the checklist; a `next`
that leads off the site is ignored."""

import datetime as dt
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from actionplans.plans.models import Action
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def action(client):
    action = ActionFactory(success_measure="")
    lead = MembershipFactory(
        partnership=action.plan.inspection.partnership, role=Membership.Role.LEAD
    )
    client.force_login(lead.user)
    return action


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def action_data(action: Action, **overrides: str) -> dict[str, object]:
    return {
        "recommendation": action.recommendation.pk,
        "reference": action.reference,
        "title": action.title,
        "owner_agency": action.owner_agency.pk,
        "lead_name": action.lead_name,
        **date_fields("start_date", action.start_date),
        **date_fields("due_date", action.due_date),
        "success_measure": "95% of referrals within the agreed limit",
        "version": str(action.version),
        **overrides,
    }


def fix_link(client, action) -> str:
    checklist = reverse("actionplans:plan-readiness", args=[action.plan.pk])
    html = client.get(checklist).content.decode()
    marker = f"Action {action.reference} has no success measure"
    assert marker in html
    before = html[: html.index(marker)]
    return unescape(before[before.rindex('href="') + 6 :].split('"')[0])


def test_the_link_lands_on_the_field_and_saving_returns_to_the_checklist(client, action):
    link = fix_link(client, action)
    checklist = reverse("actionplans:plan-readiness", args=[action.plan.pk])
    assert link.endswith("#id_success_measure")
    page = client.get(link.split("#")[0]).content.decode()
    assert 'id="id_success_measure"' in page
    assert f'name="next" value="{checklist}"' in page
    # The form calls it what the checklist calls it.
    assert "Success measure" in page
    path, query = urlsplit(link.split("#")[0])[2:4]
    response = client.post(f"{path}?{query}", {**action_data(action), "next": checklist})
    assert response.status_code == 302
    assert response.url == checklist
    followed = client.get(response.url).content.decode()
    assert f"Action {action.reference} has no success measure" not in followed


def test_a_next_off_the_site_is_ignored(client, action):
    url = reverse("actionplans:action-update", args=[action.pk])
    response = client.post(url, {**action_data(action), "next": "https://evil.example/steal"})
    assert response.status_code == 302
    assert response.url == action.get_absolute_url()
