"""An agency owner edits a recommendation their agency leads and changes the named lead of one of
their actions, in Chromium, from My actions, by labels and roles."""

import re

import pytest

from actionplans.plans.models import Action
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo
from inspections.models import Recommendation

pytestmark = pytest.mark.django_db(transaction=True)


def test_owner_edits_their_recommendation_and_names_a_new_lead(visitor):
    load_demo()
    page = visitor.page
    visitor.sign_in("police@southampton.example", DEMO_PASSWORD)
    page.get_by_role("link", name="My actions").first.click()
    visitor.assert_accessible()

    edit = page.get_by_role("link", name=re.compile(r"^Edit recommendation")).first
    reference = edit.inner_text().removeprefix("Edit recommendation").strip()
    edit.click()
    visitor.assert_accessible()
    assert page.get_by_label("Lead agency").count() == 0  # not an owner's to change
    page.get_by_label("What must improve?").fill("Audit every high-risk referral within a day")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("heading", name="My actions").wait_for()
    changed = Recommendation.objects.get(title="Audit every high-risk referral within a day")
    assert changed.reference == reference

    page.get_by_role("link", name=re.compile(r"^\d")).first.click()
    page.get_by_role("link", name=re.compile(r"^Change the named lead")).click()
    visitor.assert_accessible()
    assert page.get_by_label("Due date").count() == 0
    page.get_by_label("Named lead person").fill("DI Sam Patel, Public Protection")
    page.get_by_role("button", name="Save").click()

    page.get_by_text("DI Sam Patel, Public Protection").wait_for()
    assert Action.objects.filter(lead_name="DI Sam Patel, Public Protection").count() == 1
