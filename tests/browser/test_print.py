"""Plan on a page: the plan and the dashboard print without the menu, buttons or forms, with
their tables whole and readable, on A4 paper's width."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from actionplans.plans.models import ActionPlan
from demo.loader import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

A4_WIDTH = 794  # CSS pixels across an A4 sheet, at 96 to the inch

VISIBLE = """(selector) => [...document.querySelectorAll(selector)].filter((e) => {
  const box = e.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && getComputedStyle(e).visibility !== "hidden";
}).length"""
PRINTED_ADDRESSES = """() => [...document.querySelectorAll("main a[href^='/']")].filter(
  (a) => !["none", "normal", ""].includes(getComputedStyle(a, "::after").content)
).length"""

# What runs off the sheet, to say in the failure.
PAST_THE_EDGE = f"""() => [...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > {A4_WIDTH} + 0.5)
  .slice(0, 5)
  .map((e) => e.outerHTML.slice(0, 120))
  .join(" | ")"""


@pytest.fixture
def lead_page(browser, live_server):
    load_demo(freeze_submission=True)
    client = Client()
    client.force_login(get_user_model().objects.get(email="lead@southampton.example"))
    context = browser.new_context(viewport={"width": A4_WIDTH, "height": 1123})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    yield page, live_server.url
    context.close()


def count(page, selector: str) -> int:
    return page.evaluate(VISIBLE, selector)


@pytest.mark.parametrize("which", ["plan", "dashboard"])
def test_the_page_prints_its_content_without_the_controls(lead_page, which):
    page, base = lead_page
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    url = (
        plan.get_absolute_url()
        if which == "plan"
        else reverse("actionplans:plan-dashboard", args=[plan.pk])
    )
    page.goto(base + url)

    # On screen the person has the menu, buttons and forms...
    page.emulate_media(media="screen")
    assert count(page, ".govuk-service-navigation") == 1
    assert count(page, "main .govuk-button, main button") > 0
    assert count(page, "main form") > 0

    # ...on paper only what they say.
    page.emulate_media(media="print")
    assert count(page, ".govuk-service-navigation") == 0
    assert count(page, ".govuk-button, button, input, select, textarea") == 0
    # A form prints only for the content it wraps (the findings), never its controls (above).
    assert count(page, "main form:not(.app-print-content)") == 0
    assert count(page, ".govuk-footer") == 0
    assert count(page, "h1") == 1
    assert (
        page.locator("h1")
        .inner_text()
        .startswith(
            "Written statement of proposed action:" if which == "plan" else "Progress dashboard:"
        )
    )
    tables = count(page, "main table")
    assert tables > 0
    # The tables keep their columns and headings, and nothing runs off the sheet.
    assert count(page, "main thead th:not(:has(.govuk-visually-hidden))") >= tables
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= A4_WIDTH, page.evaluate(PAST_THE_EDGE)
    assert page.evaluate(PRINTED_ADDRESSES) == 0
    rag = page.locator(".app-rag").first
    assert rag.evaluate("(e) => getComputedStyle(e).printColorAdjust") == "exact"

    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
