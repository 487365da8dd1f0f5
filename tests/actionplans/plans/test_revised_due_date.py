"""A revised due date is a promise still to keep: it must be today or later, and an action past
its revised date is as overdue as one that was never revised, everywhere the word is used."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from actionplans.plans.models import Action
from actionplans.plans.readiness import check_readiness
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import MembershipFactory
from tests.support import dashboard_page as page
from tests.support.page_checks import visible_text

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 11, 25)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 11, 25, 12, tzinfo=ZoneInfo("Europe/London"))):
        yield


@pytest.fixture
def action():
    return ActionFactory(due_date=dt.date(2025, 10, 17))


def member(action: Action, role: str):
    return MembershipFactory(
        partnership=action.plan.inspection.partnership, agency=action.owner_agency, role=role
    ).user


def revise(client, action: Action, day: dt.date, reason: str = "Waiting for the board"):
    return client.post(
        reverse("actionplans:action-revise-due-date", args=[action.pk]),
        {
            "revised_due_date_0": str(day.day),
            "revised_due_date_1": str(day.month),
            "revised_due_date_2": str(day.year),
            "revised_reason": reason,
            "version": action.version,
        },
    )


def test_a_revised_due_date_in_the_past_is_refused_and_nothing_typed_is_lost(client, action):
    client.force_login(member(action, Membership.Role.OWNER))
    response = revise(client, action, dt.date(2025, 11, 24), reason="Slipped over the summer")
    body = response.content.decode()
    assert response.status_code == 200
    assert "The revised due date must be today or later" in body
    assert "Slipped over the summer" in body
    assert 'value="24"' in body
    action.refresh_from_db()
    assert action.revised_due_date is None


def test_a_revised_due_date_of_today_is_accepted(client, action):
    client.force_login(member(action, Membership.Role.OWNER))
    revise(client, action, TODAY)
    action.refresh_from_db()
    assert action.revised_due_date == TODAY


def past_revision(action: Action) -> Action:
    # As it stands after time moved past a revision made in good time.
    Action.objects.filter(pk=action.pk).update(
        revised_due_date=dt.date(2025, 11, 1), revised_reason="Waiting for the board"
    )
    action.refresh_from_db()
    return action


def test_an_action_past_its_revised_date_is_a_readiness_gap(action):
    past_revision(action)
    messages = [gap.message for gap in check_readiness(action.plan, today=TODAY)]
    assert (
        f"Action {action.reference} is overdue: its revised due date, 1 November 2025, has passed"
        in messages
    )


def test_an_action_past_its_revised_date_counts_as_overdue_on_the_dashboard(client, action):
    past_revision(action)
    client.force_login(member(action, Membership.Role.LEAD))
    html = client.get(reverse("actionplans:plan-dashboard", args=[action.plan.pk])).content
    html = html.decode()
    assert page.figure(html, "headline-overdue") == "1"
    assert "its revised due date, 1 November 2025, has passed" in page.section(html, "readiness")


def test_the_leads_queue_lists_an_action_past_its_revised_date(client, action):
    past_revision(action)
    client.force_login(member(action, Membership.Role.LEAD))
    response = client.get(reverse("actionplans:home"))
    assert action in response.context["overdue_unrevised"]


def test_the_action_page_shows_every_revision_of_its_date(client, action):
    owner = member(action, Membership.Role.OWNER)
    client.force_login(owner)
    assert revise(client, action, dt.date(2025, 12, 19), "Waiting for the board").status_code == 302
    action.refresh_from_db()
    with time_machine.travel(dt.datetime(2025, 12, 1, 12, tzinfo=ZoneInfo("Europe/London"))):
        client.force_login(owner)  # a week later: a new session
        assert revise(client, action, dt.date(2026, 2, 27), "The board moved").status_code == 302
        html = client.get(reverse("actionplans:action-detail", args=[action.pk])).content
        body = " ".join(visible_text(html.decode()).split())
    assert "Originally due 17 October 2025" in body
    assert "Revised on 25 November 2025 to 19 December 2025: Waiting for the board" in body
    assert "Revised on 1 December 2025 to 27 February 2026: The board moved" in body
