"""A create form saves once: the page carries a one-time token, and posting it again (a double
click, or Back then Save) creates nothing more and says the first one was saved."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.plans.models import Action, Evidence, ProgressUpdate
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import MembershipFactory
from tests.support.form_tokens import post_twice, token_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def action():
    return ActionFactory(due_date=dt.date(2099, 12, 19), status="in_progress")


def member(action, role):
    return MembershipFactory(
        partnership=action.plan.inspection.partnership,
        agency=action.owner_agency,
        role=role,
    ).user


@pytest.fixture
def owner_client(action):
    client = Client()
    client.force_login(member(action, Membership.Role.OWNER))
    return client


def test_a_progress_update_posted_twice_is_saved_once(owner_client, action):
    url = reverse("actionplans:progress-create", args=[action.pk])
    data = {"text": "Training booked.", "rag": "green", "status": "in_progress"}
    first, second = post_twice(owner_client, url, data)
    assert first.status_code == 302
    assert ProgressUpdate.objects.filter(action=action).count() == 1
    assert "This update was already saved." in second.content.decode()


def test_an_evidence_link_posted_twice_is_saved_once(owner_client, action):
    url = reverse("actionplans:evidence-create", args=[action.pk])
    data = {"description": "Intranet page", "url": "https://intranet.example/a"}
    post_twice(owner_client, url, data)
    assert Evidence.objects.filter(action=action).count() == 1


def test_update_all_posted_twice_saves_each_row_once(owner_client, action):
    url = reverse("actionplans:my-actions-update")
    prefix = f"action-{action.pk}"
    data = {
        f"{prefix}-rag": "amber",
        f"{prefix}-status": "in_progress",
        f"{prefix}-text": "Audit started.",
    }
    _, second = post_twice(owner_client, url, data)
    assert ProgressUpdate.objects.filter(action=action).count() == 1
    assert "These updates were already saved." in second.content.decode()


def test_an_action_posted_twice_is_added_once(action):
    client = Client()
    client.force_login(member(action, Membership.Role.LEAD))
    url = reverse("actionplans:action-create", args=[action.plan.pk])
    page = client.get(url).content.decode()
    data = {
        "recommendation": action.recommendation.pk,
        "reference": "9.9",
        "title": "Audit the referrals",
        "lead_name": "Sam Lee",
        "owner_agency": action.owner_agency.pk,
        "start_date_0": "1",
        "start_date_1": "1",
        "start_date_2": "2099",
        "due_date_0": "1",
        "due_date_1": "6",
        "due_date_2": "2099",
        "form_token": token_on(page),
    }
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()
    second = client.post(url, data, follow=True)
    assert Action.objects.filter(plan=action.plan, reference="9.9").count() == 1
    # Told it was saved, not that its reference is taken (by the first save).
    assert "This action was already saved." in second.content.decode()


def test_a_refused_update_leaves_its_token_free(owner_client, action):
    url = reverse("actionplans:progress-create", args=[action.pk])
    token = token_on(owner_client.get(url).content.decode())
    owner_client.post(
        url, {"text": "", "rag": "green", "status": "in_progress", "form_token": token}
    )
    owner_client.post(
        url, {"text": "Now written.", "rag": "green", "status": "in_progress", "form_token": token}
    )
    assert ProgressUpdate.objects.filter(action=action).count() == 1
