"""The overview is for the people who answer for all the partnership's plans."""

import pytest
from django.urls import reverse

from tests.agencies.factories import MembershipFactory

PAGES = ["actionplans:partnership-overview", "actionplans:partnership-little-progress-download"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["lead", "manager"])
def test_leads_and_managers_see_it(client, partners, page, role):
    client.force_login(getattr(partners, role))
    assert client.get(reverse(page, args=[partners.partnership.pk])).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_an_agency_owner_is_refused(client, partners, page):
    client.force_login(partners.owner)
    assert client.get(reverse(page, args=[partners.partnership.pk])).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_another_partnerships_lead_finds_nothing(client, partners, page):
    client.force_login(MembershipFactory().user)
    assert client.get(reverse(page, args=[partners.partnership.pk])).status_code == 404


def test_the_page_shows_only_this_partnerships_plans(client, partners):
    other = MembershipFactory()
    from tests.actionplans.factories import ActionPlanFactory
    from tests.inspections.factories import InspectionFactory

    ActionPlanFactory(
        inspection=InspectionFactory(partnership=other.partnership, title="Elsewhere")
    )
    client.force_login(partners.lead)
    html = client.get(reverse(PAGES[0], args=[partners.partnership.pk])).content.decode()
    assert partners.jtai.inspection.title in html
    assert "Elsewhere" not in html
