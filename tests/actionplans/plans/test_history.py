"""An action's history reads as a person would write it: names and labels, dates in words,
evidence added and removed, and only real changes, each credited to who made it."""

import datetime as dt

import pytest
from django.urls import reverse

from actionplans.plans.models import Action, Evidence
from agencies.models import Agency, Membership
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def action():
    return ActionFactory(due_date=dt.date(2025, 10, 17))


def member(action, role):
    return MembershipFactory(
        partnership=action.plan.inspection.partnership, agency=action.owner_agency, role=role
    ).user


def history_page(client, action) -> str:
    return client.get(reverse("actionplans:action-history", args=[action.pk])).content.decode()


def test_changes_show_labels_dates_and_names_credited_to_who_made_them(client, action):
    owner = member(action, Membership.Role.OWNER)
    lead = member(action, Membership.Role.LEAD)
    client.force_login(owner)
    client.post(
        reverse("actionplans:progress-create", args=[action.pk]),
        {"text": "Audit under way", "rag": "amber", "status": "in_progress"},
    )
    client.post(
        reverse("actionplans:action-revise-due-date", args=[action.pk]),
        {
            "revised_due_date_0": "19",
            "revised_due_date_1": "12",
            "revised_due_date_2": "2025",
            "revised_reason": "The audit needs a second month of referrals",
            "version": Action.objects.get(pk=action.pk).version,
        },
    )
    health: Agency = AgencyFactory(name="Hampshire and Isle of Wight ICB")
    action.plan.inspection.partnership.agencies.add(health)
    client.force_login(lead)
    edited = Action.objects.get(pk=action.pk)
    edited.contributing_agencies.add(health)

    html = history_page(client, action)
    assert "<strong>RAG</strong>: Not yet rated" in html
    assert "Amber" in html
    assert "amber" not in html.replace("Amber", "")
    assert "<strong>Status</strong>: Not started" in html
    assert "19 December 2025" in html
    assert "2025-12-19" not in html
    assert "The audit needs a second month of referrals" in html
    assert "Hampshire and Isle of Wight ICB" in html
    assert "[{" not in html
    assert "'agency'" not in html
    assert "No visible change" not in html
    rows = html.split('<tr class="govuk-table__row">')
    revised = next(r for r in rows if "19 December 2025" in r)
    assert str(owner) in revised


def test_a_save_that_changes_nothing_leaves_no_row(client, action):
    client.force_login(member(action, Membership.Role.LEAD))
    for _ in range(3):
        action.save()
    html = history_page(client, action)
    assert html.count('<tr class="govuk-table__row">') == 2  # the heading and "Created the action"
    assert "Created the action" in html


def test_evidence_added_and_removed_is_in_the_history(client, action):
    owner = member(action, Membership.Role.OWNER)
    client.force_login(owner)
    client.post(
        reverse("actionplans:evidence-create", args=[action.pk]),
        {"description": "Audit report for the board", "url": "https://intranet.example/audit"},
    )
    evidence = Evidence.objects.get()
    evidence._history_user = owner  # type: ignore[attr-defined]
    evidence.delete()
    html = history_page(client, action)
    assert "Added evidence: Audit report for the board" in html
    assert "Removed evidence: Audit report for the board" in html
    removed = next(r for r in html.split("<tr") if "Removed evidence" in r)
    assert str(owner) in removed
