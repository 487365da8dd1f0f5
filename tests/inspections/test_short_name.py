"""An inspection's short name tells its plan apart from the partnership's other plans wherever
an action is named away from its plan: the lead's short title, or the kind and the year."""

import datetime as dt

import pytest
from django.urls import reverse

from agencies.models import Membership
from tests.actionplans.factories import ActionPlanFactory
from tests.agencies.factories import MembershipFactory
from tests.inspections.factories import InspectionFactory, regime
from tests.support.browsing import form_values

pytestmark = pytest.mark.django_db


def test_a_jtai_without_a_short_title_is_named_by_its_fieldwork_year():
    inspection = InspectionFactory.build(regime=regime("jtai"), short_title="")
    assert inspection.short_name == "JTAI 2025"


def test_another_kind_of_inspection_is_named_inspection_and_its_year():
    inspection = InspectionFactory.build(
        regime=regime("other"), fieldwork_start=dt.date(2026, 3, 2), short_title=""
    )
    assert inspection.short_name == "Inspection 2026"


def test_the_leads_short_title_wins():
    inspection = InspectionFactory.build(short_title="  Neglect 2026 ")
    assert inspection.short_name == "Neglect 2026"


def test_the_lead_sets_the_short_title_on_the_inspection_form(client, time_machine):
    time_machine.move_to(dt.datetime(2025, 7, 20, 10, tzinfo=dt.UTC), tick=False)
    plan = ActionPlanFactory()
    lead = MembershipFactory(partnership=plan.inspection.partnership, role=Membership.Role.LEAD)
    client.force_login(lead.user)
    url = reverse("inspections:inspection-update", args=[plan.inspection.pk])
    page = client.get(url).content.decode()
    assert "Short title" in page
    assert "e.g. JTAI 2025" in page
    data = form_values(page, "Save")
    data["short_title"] = ["Front door 2025"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    plan.inspection.refresh_from_db()
    assert plan.inspection.short_name == "Front door 2025"
