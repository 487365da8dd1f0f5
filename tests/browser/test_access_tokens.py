"""A person makes a reporting API token in Chromium on a phone and can read all of it, underscores
included, in the box they copy it from; the token they read is the one the API accepts."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from demo.data import DEMO_PASSWORD
from demo.loader import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

LEAD = "lead@southampton.example"

# Whether any of the box's text is drawn outside the box (and so cut off or scrolled away).
TEXT_CLIPPED = """(box) => {
  const range = document.createRange();
  range.selectNodeContents(box);
  const outer = box.getBoundingClientRect();
  return [...range.getClientRects()].some(
    (r) => r.left < outer.left || r.right > outer.right
      || r.top < outer.top || r.bottom > outer.bottom
  ) || box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
}"""


def test_the_new_token_is_shown_whole_and_works_with_the_api(visitor):
    load_demo()
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 844})
    visitor.sign_in(LEAD, DEMO_PASSWORD)
    visitor.goto(reverse("accounts:access-tokens"))
    page.get_by_label("Name").fill("Board report in Power BI")
    page.get_by_role("button", name="Create token").click()
    page.get_by_role("heading", name="Copy your token now").wait_for()

    box = page.locator("#new-key")
    shown = box.inner_text().strip()
    assert re.fullmatch(r"jtai_[A-Za-z0-9_-]{43}", shown), shown
    assert box.evaluate(TEXT_CLIPPED) is False
    api = Client(headers={"Authorization": f"Token {shown}"})
    assert api.get(reverse("api:plan-list")).status_code == 200

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy token").click()
    page.get_by_text("Copied").wait_for()
    assert page.evaluate("() => navigator.clipboard.readText()") == shown
    visitor.assert_accessible()
