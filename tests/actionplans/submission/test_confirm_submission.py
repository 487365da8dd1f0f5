"""Mark as submitted asks first, on its own page: only its confirming POST submits."""

import datetime as dt

import pytest
from django.urls import reverse

from actionplans.plans.models import Action, ActionPlan
from actionplans.submission.models import SubmittedPlan
from agencies.models import User
from demo.loader import load_demo
from tests.support.approvals import approve_plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def draft(client, time_machine):
    time_machine.move_to(dt.datetime(2025, 9, 29, 10, tzinfo=dt.UTC), tick=False)
    load_demo(deadline_in=25)
    client.force_login(User.objects.get(email="lead@southampton.example"))
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    # The partners approve the plan as the demo has it: submitting needs their approval.
    approve_plan(plan)
    return plan


def submit_url(plan: ActionPlan) -> str:
    return reverse("actionplans:plan-submit", args=[plan.pk])


def test_the_check_page_links_to_the_confirmation_and_posts_nothing(client, draft):
    page = client.get(reverse("actionplans:plan-readiness", args=[draft.pk])).content.decode()
    assert f'href="{submit_url(draft)}"' in page
    assert f'action="{submit_url(draft)}"' not in page


def test_the_confirmation_asks_and_changes_nothing(client, draft):
    response = client.get(submit_url(draft))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mark the plan as submitted?" in page
    assert "Yes, mark it as submitted" in page
    assert 'name="confirm" value="yes"' in page
    draft.refresh_from_db()
    assert draft.status == ActionPlan.Status.DRAFT
    assert not SubmittedPlan.objects.exists()


def test_a_post_without_the_confirmation_only_asks(client, draft):
    response = client.post(submit_url(draft))
    assert response.status_code == 200
    assert "Yes, mark it as submitted" in response.content.decode()
    assert not SubmittedPlan.objects.exists()


def test_the_confirming_post_submits(client, draft):
    response = client.post(submit_url(draft), {"confirm": "yes"})
    assert response.url == SubmittedPlan.objects.get().get_absolute_url()
    draft.refresh_from_db()
    assert draft.status == ActionPlan.Status.SUBMITTED


def test_the_confirmation_lists_the_gaps_and_needs_them_accepted(client, draft):
    Action.objects.filter(reference="1.3").update(success_measure="")
    page = client.get(submit_url(draft)).content.decode()
    assert "Action 1.3 has no success measure" in page
    assert 'name="accept_gaps"' in page
    response = client.post(submit_url(draft), {"confirm": "yes"})
    assert response.status_code == 400
    assert "still has 1 gaps" in response.content.decode()
    assert not SubmittedPlan.objects.exists()


def test_a_submitted_plan_is_not_offered_again(client, draft):
    client.post(submit_url(draft), {"confirm": "yes"})
    response = client.get(submit_url(draft))
    assert response.url == reverse("actionplans:plan-readiness", args=[draft.pk])
