"""Every page of every role renders right: each table's heading row as wide as its rows, and no
template syntax in the text a person reads.

Two sweeps, as in tests/browser/test_phone.py: the access matrix's world gives every URL of the
URL configuration a role can open (so a new page is swept without being listed here), and the
Southampton demo gives the same pages with many rows in their tables, plus the dashboards
filtered down to nothing (their "No actions." rows).
"""

from collections.abc import Iterable
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from actionplans.plans.models import Action, ActionPlan
from demo.loader import load_demo
from tests.support.access_world import build_world
from tests.support.page_checks import table_rows, table_width_faults, template_syntax_shown
from tests.support.pages import LEAD_PAGES, OWNER_PAGES, READER_PAGES, page_urls
from tests.support.swept_pages import ACCOUNT_PAGES, SWEPT_ROLES, client_as, matrix_urls

pytestmark = pytest.mark.django_db

DEMO_ROLES = {
    "lead@southampton.example": (LEAD_PAGES, "1.5"),
    "police@southampton.example": (OWNER_PAGES, "1.5"),
    "health@southampton.example": (OWNER_PAGES, "2.3"),
    "manager@southampton.example": (READER_PAGES, "3.2"),
}
# A filter no demo action matches: the dashboards' tables show their empty rows.
NOTHING_MATCHES = "?status=complete&rag=red"


def faults(client: Client, urls: Iterable[str]) -> tuple[int, int, list[str]]:
    """(pages read, table rows seen, what is wrong) over the URLs that answer a page."""
    pages = rows = 0
    found = []
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        pages += 1
        rows += table_rows(html)
        found += [f"{url}: {fault}" for fault in table_width_faults(html)]
        found += [f"{url} shows template syntax: {text}" for text in template_syntax_shown(html)]
    return pages, rows, found


@pytest.mark.parametrize("role", SWEPT_ROLES)
def test_no_page_of_the_url_configuration_has_a_misaligned_table_or_template_syntax(role):
    world = build_world()
    client = client_as(world, role)
    urls = matrix_urls(world, role)
    pages, _, found = faults(client, urls)
    assert pages >= (5 if role == "anonymous" else 10)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("email", list(DEMO_ROLES))
def test_no_demo_page_has_a_misaligned_table_or_template_syntax(email):
    load_demo(freeze_submission=True)
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    names, reference = DEMO_ROLES[email]
    action = Action.objects.get(reference=reference)
    plan_dashboard = reverse("actionplans:plan-dashboard", args=[action.plan_id])
    urls = [
        *page_urls(names, action).values(),
        *ACCOUNT_PAGES,
        reverse("actionplans:dashboard") + NOTHING_MATCHES,
        plan_dashboard + NOTHING_MATCHES,
    ]
    pages, rows, found = faults(client, urls)
    assert pages == len(urls)
    # The demo's tables have rows, so a width that is wrong on every row cannot hide.
    assert rows >= 20
    assert found == [], "\n".join(found)


def test_the_dashboard_heads_every_column_of_its_tables():
    load_demo()
    client = Client()
    client.force_login(get_user_model().objects.get(email="lead@southampton.example"))
    dashboard = reverse(
        "actionplans:plan-dashboard",
        args=[ActionPlan.objects.get(inspection__regime__code="jtai").pk],
    )
    html = client.get(dashboard).content.decode()
    assert table_width_faults(html) == []
    assert "Not yet rated</th>" in html
    empty = client.get(dashboard + NOTHING_MATCHES).content.decode()
    assert empty.count('colspan="8">No actions.') == 2
    assert table_width_faults(empty) == []


def test_no_template_leaves_a_comment_open_at_the_end_of_its_line():
    # Django's {# #} ends at its line: one left open prints itself, and what follows, on the page.
    found = []
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*")):
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for part in line.split("{#")[1:]:
                if "#}" not in part:
                    found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert found == [], "use {% comment %} for a comment over several lines:\n" + "\n".join(found)
