"""GOV.UK conditional reveals, which work without JavaScript: the deadline as a date or as a
number of working days, and whose response made a recommendation only when not the letter."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from agencies.models import Membership
from tests.actionplans.factories import ActionPlanFactory
from tests.agencies.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2025, 7, 20, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def inspection(client):
    plan = ActionPlanFactory()
    lead = MembershipFactory(partnership=plan.inspection.partnership, role=Membership.Role.LEAD)
    client.force_login(lead.user)
    return plan.inspection


def revealed(html: str, name: str, radio_value: str) -> str:
    """The conditional block under the radio with `radio_value` ("" when it reveals nothing)."""
    radio = re.search(rf'<input[^>]*id="id_{name}_(\d+)"[^>]*value="{radio_value}"', html, re.S)
    assert radio, radio_value
    block = f'id="conditional_{name}_{radio.group(1)}"'
    if block not in html:
        return ""
    start = html.index(block)
    return html[start : html.index("</div>\n", start)]


def test_the_deadline_is_a_date_or_a_number_of_working_days(client, inspection):
    url = reverse("inspections:inspection-update", args=[inspection.pk])
    html = client.get(url).content.decode()
    assert 'name="submission_deadline_0"' in revealed(html, "deadline_mode", "date")
    assert 'name="deadline_working_days"' in revealed(html, "deadline_mode", "working_days")


def test_whose_response_shows_only_for_an_agencys_own_recommendation(client, inspection):
    url = reverse("inspections:recommendation-create", args=[inspection.pk])
    html = client.get(url).content.decode()
    assert 'name="source_agency"' in revealed(html, "source", "agency_response")
    assert revealed(html, "source", "letter") == ""
    # Revealed by CSS alone: no aria-expanded for a script to add to a radio.
    assert "aria-controls" not in html.split('name="source"')[1].split("</fieldset>")[0]


def test_the_link_to_the_letter_is_a_styled_input(client, inspection):
    url = reverse("inspections:inspection-update", args=[inspection.pk])
    html = client.get(url).content.decode()
    link = re.search(r'<input[^>]*name="letter_url"[^>]*>', html)
    assert link
    assert "govuk-input" in re.search(r'class="([^"]*)"', link.group(0)).group(1)  # type: ignore[union-attr]
