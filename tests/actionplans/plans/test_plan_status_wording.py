"""A plan's status reads the same wherever it is shown: the plan page, the home page, the
dashboards and the documents ("Monitoring (submitted on 23 October 2025)")."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actionplans.documents.plan import build_plan_document
from actionplans.plans.models import ActionPlan
from demo.loader import load_demo
from tests.support.page_checks import visible_text

pytestmark = pytest.mark.django_db

WORDS = "Monitoring (submitted on 23 October 2025)"


def test_the_plan_status_has_one_wording_on_every_page_and_document(client):
    load_demo()
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    assert plan.status_in_words == WORDS
    client.force_login(get_user_model().objects.get(email="lead@southampton.example"))
    for url in (
        plan.get_absolute_url(),
        reverse("actionplans:home"),
        reverse("actionplans:plan-dashboard", args=[plan.pk]),
        reverse("actionplans:dashboard"),
    ):
        text = " ".join(visible_text(client.get(url).content.decode()).split())
        assert WORDS in text, url
        assert "Plan monitoring" not in text
    assert build_plan_document(plan).status == WORDS


def test_a_draft_reads_not_yet_submitted():
    load_demo(deadline_in=21)
    assert (
        ActionPlan.objects.get(inspection__regime__code="jtai").status_in_words
        == "Draft (not yet submitted)"
    )
