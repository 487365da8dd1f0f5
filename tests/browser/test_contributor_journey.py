"""An update by link, in Chromium: the lead asks a school's safeguarding lead for progress, the
contributor answers on a phone (390 px wide, no sideways scroll, axe-clean) without signing in,
the lead accepts, and the update shows on the action page as the contributor's.

axe-core checks the pages the journey adds: the request form, the link's page, the decision.
"""

import re

import pytest

from actionplans.plans.models import Action
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo
from outbox.models import Email

from .test_practice_review_journey import no_sideways_scroll, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

LEAD = "lead@southampton.example"
CONTRIBUTOR = "dsl@school.example"


def test_a_contributor_answers_by_link_and_the_lead_accepts(visitor):
    load_demo()
    page = visitor.page
    action = (
        Action.objects.filter(plan__inspection__partnership__memberships__user__email=LEAD)
        .exclude(status=Action.Status.COMPLETE)
        .order_by("pk")
        .first()
    )
    assert action is not None
    visitor.sign_in(LEAD, DEMO_PASSWORD)

    # The lead asks from the action page.
    visitor.goto(action.get_absolute_url())
    page.get_by_role("link", name="Ask someone for an update by link").click()
    page.get_by_role("heading", name="Ask someone for an update").wait_for()
    visitor.assert_accessible()
    page.get_by_label("Their name").fill("Jo Bloggs")
    page.get_by_label("Their email address").fill(CONTRIBUTOR)
    page.get_by_label("Your message").fill("How are the school audits going?")
    page.get_by_label("7 days").check()
    page.get_by_role("button", name="Send the request").click()
    page.get_by_text("Request sent to Jo Bloggs.").wait_for()
    sign_out(visitor)

    # The contributor opens the link from the email, on a phone, signed in as nobody.
    body = Email.objects.filter(to=CONTRIBUTOR).latest("pk").body
    match = re.search(r"(/contribute/[A-Za-z0-9_-]+/)", body)
    assert match is not None
    page.set_viewport_size({"width": 390, "height": 800})
    visitor.goto(match.group(1))
    page.get_by_role("heading", name="Give a progress update").wait_for()
    no_sideways_scroll(page, 390)
    visitor.assert_accessible()
    page.get_by_label("What has happened since the last update?").fill(
        "All twelve schools have sent their audits back."
    )
    page.get_by_label("Green").check()
    page.get_by_role("button", name="Send this update").click()
    page.get_by_text("Update sent").wait_for()
    page.get_by_text("It is waiting for the owner to accept or decline it").wait_for()
    no_sideways_scroll(page, 390)
    visitor.assert_accessible()
    page.set_viewport_size({"width": 1280, "height": 800})

    # The lead accepts it from the action page; it is then the action's latest progress.
    visitor.sign_in(LEAD, DEMO_PASSWORD)
    visitor.goto(action.get_absolute_url())
    page.get_by_role("link", name="Accept or decline it").click()
    page.get_by_role("heading", name="Update from Jo Bloggs").wait_for()
    visitor.assert_accessible()
    page.get_by_role("button", name="Accept the update").click()
    page.get_by_text("Update accepted").wait_for()
    page.get_by_text("From Jo Bloggs (by link), accepted by").first.wait_for()
    page.get_by_text("All twelve schools have sent their audits back.").first.wait_for()
