"""The reporting API's documentation page is a page like any other: axe finds nothing on it,
and following an address in its contents lands on that address's fields."""

import pytest

from demo.data import DEMO_PASSWORD
from demo.loader import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_docs_page_has_no_axe_violations(visitor):
    load_demo()
    visitor.sign_in("lead@southampton.example", DEMO_PASSWORD)
    visitor.goto("/api/docs/")
    page = visitor.page
    assert page.evaluate("() => document.documentElement.lang").startswith("en")
    visitor.assert_accessible()
    page.get_by_role("link", name="GET /api/v1/actions/{id}/").click()
    assert page.url.endswith("#v1-actions-retrieve")
    page.get_by_role("heading", name="GET /api/v1/actions/{id}/").wait_for()
    page.set_viewport_size({"width": 390, "height": 800})
    visitor.assert_accessible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert visitor.errors == []
