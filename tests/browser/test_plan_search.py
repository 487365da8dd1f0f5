"""Finding an action in the plan, in Chromium, on a laptop and on a phone: the search form
without JavaScript, the address that keeps it, and a page that never scrolls sideways."""

import re

import pytest

from actionplans.plans.models import Action
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo
from tests.actionplans.factories import ActionFactory

pytestmark = pytest.mark.django_db(transaction=True)

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_an_owner_finds_their_audit_actions_on_the_plan_page(visitor, width, height):
    load_demo(freeze_submission=True)
    page = visitor.page
    page.set_viewport_size({"width": width, "height": height})
    visitor.sign_in("police@southampton.example", DEMO_PASSWORD)
    visitor.goto(Action.objects.get(reference="1.2").plan.get_absolute_url())
    page.get_by_role("heading", name="Recommendations and actions").wait_for()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    everything = page.locator("#actions-count").inner_text()
    assert re.fullmatch(r"\d+ actions", everything)

    search = page.get_by_role("search", name="Actions in this plan")
    search.get_by_label("Search actions").fill("audit")
    search.get_by_text("Filter and sort").click()  # folded until someone asks for a filter
    search.get_by_label("Status").select_option(label="In progress")
    search.get_by_role("button", name="Search").click()

    page.get_by_text(re.compile(r"Showing \d+ of \d+ actions")).wait_for()
    assert "q=audit" in page.url
    assert "status=in_progress" in page.url
    assert page.get_by_role("link", name=re.compile(r"^1\.2 Repeat the referral")).is_visible()
    assert page.get_by_role("link", name=re.compile(r"^1\.3 Deliver")).count() == 0
    assert search.get_by_label("Search actions").input_value() == "audit"
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    visitor.assert_accessible()

    search.get_by_label("Search actions").fill("no action says this")
    search.get_by_role("button", name="Search").click()
    page.get_by_role("heading", name="No actions match").wait_for()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    visitor.assert_accessible()

    page.get_by_role("link", name="Clear filters and show every action").click()
    page.locator("#actions-count").wait_for()
    assert page.locator("#actions-count").inner_text() == everything
    assert search.get_by_label("Search actions").input_value() == ""
    assert visitor.errors == []


def test_a_big_plans_groups_fold_and_open_without_javascript(visitor):
    load_demo(freeze_submission=True)
    first = Action.objects.get(reference="1.2")
    for n in range(40):
        ActionFactory(plan=first.plan, recommendation=first.recommendation, reference=f"1.{50 + n}")
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 844})
    visitor.sign_in("manager@southampton.example", DEMO_PASSWORD)
    visitor.goto(first.plan.get_absolute_url())
    link = page.get_by_role("link", name=re.compile(r"^1\.2 Repeat the referral"))
    assert not link.is_visible()  # folded away: the page reads as its recommendations
    page.get_by_text(re.compile(r"^\d+ actions for recommendation 1$")).click()
    assert link.is_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    visitor.assert_accessible()
