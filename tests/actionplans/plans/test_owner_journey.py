"""The agency owner's journey: My actions, progress, revised dates, marking done, sign-off."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from actionplans.plans.models import Action, ProgressUpdate, Rag
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action():
    return ActionFactory(due_date=dt.date(2025, 10, 17))


@pytest.fixture
def owner(client, action):
    membership = MembershipFactory(
        partnership=action.plan.inspection.partnership,
        agency=action.owner_agency,
        role=Membership.Role.OWNER,
    )
    client.force_login(membership.user)
    return membership.user


def test_my_actions_lists_the_agencys_open_actions_soonest_first(client, owner, action):
    later = ActionFactory(
        plan=action.plan, recommendation=action.recommendation, due_date=dt.date(2025, 12, 1)
    )
    sooner = ActionFactory(
        plan=action.plan, recommendation=action.recommendation, due_date=dt.date(2025, 9, 1)
    )
    other_agency = ActionFactory(
        plan=action.plan,
        recommendation=action.recommendation,
        owner_agency=AgencyFactory(partnerships=[action.plan.inspection.partnership]),
    )
    response = client.get(reverse("actionplans:my-actions"))
    assert list(response.context["actions"]) == [sooner, action, later]
    assert other_agency not in response.context["actions"]


def test_my_actions_spans_every_partnership_the_agency_serves(client, owner, action):
    elsewhere = ActionFactory(owner_agency=action.owner_agency)
    MembershipFactory(
        user=owner,
        partnership=elsewhere.plan.inspection.partnership,
        agency=action.owner_agency,
        role=Membership.Role.OWNER,
    )
    response = client.get(reverse("actionplans:my-actions"))
    assert set(response.context["actions"]) == {action, elsewhere}


@pytest.mark.parametrize("actions", [10, 500])
def test_my_actions_queries_do_not_grow(
    client, owner, action, django_assert_max_num_queries, actions
):
    ActionFactory.create_batch(actions - 1, plan=action.plan, recommendation=action.recommendation)
    # Rendered afresh (nothing cached yet): the person's own reads and the list's, at any size.
    with django_assert_max_num_queries(7):
        assert client.get(reverse("actionplans:my-actions")).status_code == 200


def test_owner_adds_a_progress_update_that_sets_rag_and_status(client, owner, action):
    response = client.post(
        reverse("actionplans:progress-create", args=[action.pk]),
        {"text": "Audit under way", "rag": "amber", "status": "in_progress", "next": "my-actions"},
    )
    assert response.url == reverse("actionplans:my-actions")
    action.refresh_from_db()
    update = ProgressUpdate.objects.get()
    assert (update.author, update.rag, update.status) == (owner, "amber", "in_progress")
    assert (action.rag, action.status, action.version) == ("amber", "in_progress", 2)


def test_an_owner_cannot_mark_an_action_complete_themselves(client, owner, action):
    response = client.post(
        reverse("actionplans:progress-create", args=[action.pk]),
        {"text": "Done", "rag": "green", "status": "complete"},
    )
    assert "Select the status" in response.content.decode()
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED


def test_an_empty_update_is_refused_with_a_message(client, owner, action):
    response = client.post(
        reverse("actionplans:progress-create", args=[action.pk]),
        {"text": "", "rag": "", "status": "in_progress"},
    )
    body = response.content.decode()
    assert "Enter what has happened" in body
    assert "Select red, amber or green" in body
    assert not ProgressUpdate.objects.exists()


@time_machine.travel(dt.datetime(2025, 11, 1, 12, tzinfo=dt.UTC))
def test_owner_revises_the_due_date_and_the_original_stays_visible(client, owner, action):
    client.post(
        reverse("actionplans:action-revise-due-date", args=[action.pk]),
        {
            "revised_due_date_0": "19",
            "revised_due_date_1": "12",
            "revised_due_date_2": "2025",
            "revised_reason": "Waiting for the partnership executive",
            "version": action.version,
        },
    )
    action.refresh_from_db()
    assert action.due_date == dt.date(2025, 10, 17)
    assert action.effective_due_date == dt.date(2025, 12, 19)
    body = client.get(action.get_absolute_url()).content.decode()
    assert "Originally due 17 October 2025" in body
    assert "to 19 December 2025: Waiting for the partnership executive" in body


def test_a_revised_date_needs_a_reason(client, owner, action):
    response = client.post(
        reverse("actionplans:action-revise-due-date", args=[action.pk]),
        {
            "revised_due_date_0": "19",
            "revised_due_date_1": "12",
            "revised_due_date_2": "2025",
            "revised_reason": "",
            "version": action.version,
        },
    )
    assert "Enter why the date has changed" in response.content.decode()
    action.refresh_from_db()
    assert action.revised_due_date is None


def test_owner_marks_done_and_the_lead_signs_off(client, owner, action):
    client.post(
        reverse("actionplans:progress-create", args=[action.pk]),
        {"text": "Audit complete", "rag": "green", "status": "awaiting_sign_off"},
    )
    # The owner cannot sign off.
    assert client.post(reverse("actionplans:action-sign-off", args=[action.pk])).status_code == 403
    lead = MembershipFactory(partnership=action.plan.inspection.partnership).user
    client.force_login(lead)
    client.post(reverse("actionplans:action-sign-off", args=[action.pk]))
    action.refresh_from_db()
    assert (action.status, action.rag, action.signed_off_by) == ("complete", Rag.BLUE, lead)


def test_lead_sends_an_action_back_with_a_reason(client, owner, action):
    client.post(
        reverse("actionplans:progress-create", args=[action.pk]),
        {"text": "Audit complete", "rag": "green", "status": "awaiting_sign_off"},
    )
    client.force_login(MembershipFactory(partnership=action.plan.inspection.partnership).user)
    client.post(
        reverse("actionplans:action-send-back", args=[action.pk]),
        {"reason": "Attach the audit report"},
    )
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    assert ProgressUpdate.objects.filter(text__contains="Attach the audit report").exists()


def test_owner_cannot_update_another_agencys_action(client, owner, action):
    theirs = ActionFactory(
        plan=action.plan,
        recommendation=action.recommendation,
        owner_agency=AgencyFactory(partnerships=[action.plan.inspection.partnership]),
    )
    response = client.post(
        reverse("actionplans:progress-create", args=[theirs.pk]),
        {"text": "Not mine", "rag": "green", "status": "in_progress"},
    )
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_owner_cannot_edit_the_whole_action_or_reassign_it(client, owner, action):
    other = AgencyFactory(partnerships=[action.plan.inspection.partnership])
    # The owner's form holds the named lead only: the rest of the post is ignored.
    response = client.post(
        reverse("actionplans:action-update", args=[action.pk]),
        {
            "owner_agency": other.pk,
            "title": "Reassigned",
            "lead_name": "DS Lee",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.owner_agency != other
    assert action.title != "Reassigned"
    assert action.lead_name == "DS Lee"


def test_extra_fields_in_a_progress_post_change_nothing_else(client, owner, action):
    other = AgencyFactory(partnerships=[action.plan.inspection.partnership])
    client.post(
        reverse("actionplans:progress-create", args=[action.pk]),
        {
            "text": "Update",
            "rag": "green",
            "status": "in_progress",
            "owner_agency": other.pk,
            "due_date": "2030-01-01",
            "signed_off_at": "2025-01-01T00:00",
        },
    )
    action.refresh_from_db()
    assert action.owner_agency != other
    assert action.due_date == dt.date(2025, 10, 17)
    assert action.signed_off_at is None


def test_another_partnerships_action_is_not_found(client, owner):
    stranger = ActionFactory(plan__inspection__partnership=PartnershipFactory())
    url = reverse("actionplans:progress-create", args=[stranger.pk])
    assert client.get(url).status_code == 404


def test_history_shows_who_changed_what(client, owner, action):
    client.post(
        reverse("actionplans:progress-create", args=[action.pk]),
        {"text": "Audit under way", "rag": "amber", "status": "in_progress"},
    )
    body = client.get(reverse("actionplans:action-history", args=[action.pk])).content.decode()
    assert "RAG" in body
    assert "<strong>RAG</strong>: Not yet rated" in body
    assert "Amber" in body
    assert str(owner) in body
