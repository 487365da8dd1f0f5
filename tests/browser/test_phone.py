"""No page scrolls sideways on a phone: every page of every role, at 320, 390 and 1,280 px.

Two sweeps. The access matrix's world gives every URL of the URL configuration that a role can
open (its table has a row for each, so a new page is swept without being listed here); the
Southampton demo gives the same pages with real, long words in them.
"""

from collections.abc import Iterable

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from actionplans.plans.models import Action
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo
from tests.browser.test_accessibility import ACTION_FOR
from tests.support.access_world import build_world
from tests.support.pages import LEAD_PAGES, OWNER_PAGES, READER_PAGES, page_urls
from tests.support.swept_pages import ACCOUNT_PAGES, SWEPT_ROLES, client_as, matrix_urls

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 390, 1280)
DEMO_ROLES = {
    "lead@southampton.example": LEAD_PAGES,
    "police@southampton.example": OWNER_PAGES,
    "manager@southampton.example": READER_PAGES,
}

# What sticks out, to say in the failure: the innermost element past the right edge.
WIDEST_ELEMENT = """() => {
  const out = [...document.querySelectorAll("main *")].filter(
    (e) => e.getBoundingClientRect().right > window.innerWidth + 0.5
  );
  const inner = out.filter((e) => !out.some((o) => o !== e && e.contains(o)));
  return inner.slice(0, 3).map((e) => e.outerHTML.slice(0, 120)).join(" | ");
}"""


def html_pages(client: Client, urls: Iterable[str]) -> list[str]:
    """The URLs that answer a page (not a download, a redirect or a refusal)."""
    return [
        url
        for url in urls
        if (response := client.get(url)).status_code == 200
        and response["Content-Type"].startswith("text/html")
    ]


def too_wide(browser, live_server, client: Client, urls: list[str]) -> list[str]:
    """Opens each page once and measures it at every width; returns what scrolls sideways."""
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if session is not None:
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session.value, "url": live_server.url}]
        )
    page = context.new_page()
    found = []
    try:
        for url in urls:
            page.set_viewport_size({"width": WIDTHS[0], "height": 800})
            page.goto(live_server.url + url)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
                if scroll_width > width:
                    culprit = page.evaluate(WIDEST_ELEMENT)
                    found.append(f"{url} at {width} px is {scroll_width} px wide: {culprit}")
    finally:
        context.close()
    return found


@pytest.mark.parametrize("role", SWEPT_ROLES)
def test_no_page_of_the_url_configuration_scrolls_sideways(browser, live_server, role):
    world = build_world()
    client = client_as(world, role)
    urls = matrix_urls(world, role)
    pages = html_pages(client, urls)
    # Every role opens pages here, so the sweep cannot pass by finding nothing to look at.
    assert len(pages) >= (5 if role == "anonymous" else 10), pages
    wide = too_wide(browser, live_server, client, pages)
    assert wide == [], "\n".join(wide)


@pytest.mark.parametrize("email", list(DEMO_ROLES))
def test_no_demo_page_scrolls_sideways(browser, live_server, email):
    load_demo(freeze_submission=True)
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    action = Action.objects.get(reference=ACTION_FOR[email])
    urls = [*page_urls(DEMO_ROLES[email], action).values(), *ACCOUNT_PAGES]
    pages = html_pages(client, urls)
    assert len(pages) == len(urls), set(urls) - set(pages)
    wide = too_wide(browser, live_server, client, pages)
    assert wide == [], "\n".join(wide)


@pytest.mark.parametrize(
    ("email", "names"),
    [
        ("police@southampton.example", ["my-actions", "home", "history", "reminders"]),
        ("lead@southampton.example", ["plan", "home", "reminder-log", "plan-dashboard"]),
    ],
)
def test_stacked_lists_read_well_on_a_phone(visitor, email, names):
    load_demo(freeze_submission=True)
    visitor.page.set_viewport_size({"width": 390, "height": 800})
    visitor.sign_in(email, DEMO_PASSWORD)
    action = Action.objects.get(reference=ACTION_FOR[email])
    for url in page_urls(names, action).values():
        visitor.goto(url)
        visitor.assert_accessible()
    if "my-actions" in names:
        visitor.goto(reverse("actionplans:my-actions"))
        page = visitor.page
        # Each stacked cell says which column it was: "Due: 31 March 2026".
        due = page.locator("td[data-label=Due]").first
        label = due.evaluate("(e) => getComputedStyle(e, '::before').content")
        assert label == '"Due: "'
        assert page.locator("thead").first.bounding_box()["width"] <= 1
        # "Add update" was off-screen at 390 px; now every one is in view across.
        for link in page.get_by_role("link", name="Add update").all():
            box = link.bounding_box()
            assert box is not None
            assert box["x"] + box["width"] <= 390


def test_forms_showing_their_errors_fit_a_small_phone(visitor):
    load_demo(freeze_submission=True)
    page = visitor.page
    page.set_viewport_size({"width": 320, "height": 800})
    visitor.goto(reverse("login"))
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("There is a problem").wait_for()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320

    visitor.sign_in("lead@southampton.example", DEMO_PASSWORD)
    action = Action.objects.get(reference="1.5")
    for name, url in page_urls(["inspection-create", "action-update", "progress"], action).items():
        visitor.goto(url)
        page.locator("input[type=text], textarea").first.fill("")
        page.locator(
            "form[method=post] button[type=submit], form[method=post] input[type=submit]"
        ).last.click()
        page.get_by_text("There is a problem").wait_for()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{name}: {page.evaluate(WIDEST_ELEMENT)}"
