"""RAG that means something: a new action is not yet rated, the dates suggest a RAG, the owner
chooses, and the page says when their choice differs from what the dates suggest."""

import datetime as dt

import pytest
from django.urls import reverse

from actionplans.plans.models import Action, Rag
from actionplans.plans.rag import MEANINGS, suggested_rag
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 31)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 31, 10, tzinfo=dt.UTC), tick=False)


def sign_in(client, action, role=Membership.Role.OWNER):
    membership = MembershipFactory(
        partnership=action.plan.inspection.partnership, agency=action.owner_agency, role=role
    )
    client.force_login(membership.user)
    return membership.user


def test_a_new_action_is_not_yet_rated():
    action: Action = ActionFactory()
    assert action.rag == Rag.NOT_RATED
    assert action.get_rag_display() == "Not yet rated"


def test_overdue_with_no_agreed_revised_date_suggests_red():
    action: Action = ActionFactory(due_date=TODAY - dt.timedelta(days=240), status="in_progress")
    suggestion = suggested_rag(action, TODAY)
    assert suggestion.rag == Rag.RED
    assert "overdue" in suggestion.reason
    assert "with no agreed revised date" in suggestion.reason


def test_a_passed_revised_date_still_suggests_red():
    action: Action = ActionFactory(
        due_date=TODAY - dt.timedelta(days=90),
        revised_due_date=TODAY - dt.timedelta(days=1),
        revised_reason="Staff shortage",
    )
    assert suggested_rag(action, TODAY).rag == Rag.RED


def test_an_agreed_revised_date_in_the_future_is_not_red():
    action: Action = ActionFactory(
        start_date=TODAY - dt.timedelta(days=200),
        due_date=TODAY - dt.timedelta(days=90),
        revised_due_date=TODAY + dt.timedelta(days=90),
        revised_reason="Waiting for the new system",
        status="in_progress",
    )
    assert suggested_rag(action, TODAY).rag == Rag.GREEN


def test_not_started_close_to_the_due_date_suggests_amber():
    action: Action = ActionFactory(start_date=TODAY, due_date=TODAY + dt.timedelta(days=10))
    assert suggested_rag(action, TODAY).rag == Rag.AMBER


def test_on_track_suggests_green_and_complete_blue():
    action: Action = ActionFactory(start_date=TODAY, due_date=TODAY + dt.timedelta(days=120))
    assert suggested_rag(action, TODAY).rag == Rag.GREEN
    action.status = Action.Status.COMPLETE
    assert suggested_rag(action, TODAY).rag == Rag.BLUE


def test_the_action_page_shows_the_suggestion_beside_a_different_choice(client):
    action: Action = ActionFactory(due_date=TODAY - dt.timedelta(days=240), rag=Rag.GREEN)
    sign_in(client, action)
    html = client.get(action.get_absolute_url()).content.decode()
    assert MEANINGS[Rag.GREEN] in html
    assert 'id="rag-suggestion"' in html
    assert "The dates suggest" in html
    assert "app-rag--red" in html.split('id="rag-suggestion"')[1].split("</p>")[0]


def test_the_action_page_says_nothing_more_when_the_choice_matches(client):
    action: Action = ActionFactory(due_date=TODAY - dt.timedelta(days=240), rag=Rag.RED)
    sign_in(client, action)
    html = client.get(action.get_absolute_url()).content.decode()
    assert 'id="rag-suggestion"' not in html


def test_the_update_form_explains_each_colour_and_marks_the_suggestion(client):
    action: Action = ActionFactory(due_date=TODAY - dt.timedelta(days=240))
    sign_in(client, action)
    html = client.get(reverse("actionplans:progress-create", args=[action.pk])).content.decode()
    for rag in (Rag.RED, Rag.AMBER, Rag.GREEN):
        assert MEANINGS[rag] in html
    assert "Suggested from the dates: it is overdue" in html
    # Nobody has rated it yet: no colour is chosen for them.
    assert "checked" not in html.split('name="rag"')[1].split("</fieldset>")[0]


def test_the_owner_chooses_and_a_not_yet_rated_choice_is_refused(client):
    action: Action = ActionFactory(due_date=TODAY - dt.timedelta(days=240))
    sign_in(client, action)
    url = reverse("actionplans:progress-create", args=[action.pk])
    refused = client.post(url, {"text": "Started", "rag": "not_rated", "status": "in_progress"})
    assert "Select red, amber or green" in refused.content.decode()
    client.post(url, {"text": "Started late", "rag": "amber", "status": "in_progress"})
    action.refresh_from_db()
    assert action.rag == Rag.AMBER
