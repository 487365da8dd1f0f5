"""axe-core reports no violation on any page, for any role, including pages showing errors."""

import pytest

from actionplans.plans.models import Action
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo
from tests.support.pages import LEAD_PAGES, OWNER_PAGES, READER_PAGES, page_urls

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = {
    "lead@southampton.example": LEAD_PAGES,
    "police@southampton.example": OWNER_PAGES,
    "health@southampton.example": OWNER_PAGES,
    "manager@southampton.example": READER_PAGES,
}
# An action each owner may update (the lead may update any).
ACTION_FOR = {
    "lead@southampton.example": "1.5",
    "police@southampton.example": "1.5",
    "health@southampton.example": "2.3",
    "manager@southampton.example": "3.2",
}


@pytest.mark.parametrize("email", list(ROLES))
def test_every_page_a_role_can_open_has_no_axe_violations(visitor, email):
    load_demo(freeze_submission=True)
    visitor.sign_in(email, DEMO_PASSWORD)
    action = Action.objects.get(reference=ACTION_FOR[email])
    urls = page_urls(ROLES[email], action)
    assert len(urls) == len(ROLES[email])
    for name, url in urls.items():
        visitor.goto(url)
        assert visitor.page.locator("h1").count() == 1, f"{name}: one h1"
        visitor.assert_accessible()
    assert visitor.errors == []


def test_sign_in_and_form_errors_have_no_axe_violations(visitor):
    load_demo(freeze_submission=True)
    page = visitor.page
    visitor.goto("/sign-in/")
    visitor.assert_accessible()
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("There is a problem").wait_for()
    visitor.assert_accessible()

    visitor.sign_in("lead@southampton.example", DEMO_PASSWORD)
    action = Action.objects.get(reference="1.5")
    for name in ("inspection-create", "action-update", "progress", "evidence", "revise"):
        visitor.goto(page_urls([name], action)[name])
        # Empty the first text box so that the form is refused, then look at the errors.
        page.locator("input[type=text], textarea").first.fill("")
        page.locator(
            "form[method=post] button[type=submit], form[method=post] input[type=submit]"
        ).last.click()
        page.get_by_text("There is a problem").wait_for()
        visitor.assert_accessible()
