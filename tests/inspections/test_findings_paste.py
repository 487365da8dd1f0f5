"""The lead pastes several findings at once, one per paragraph, each with its own reference."""

import datetime as dt

import pytest
from django.urls import reverse

from agencies.models import Membership
from inspections.models import Finding
from inspections.pasted_letter import paragraphs
from tests.agencies.factories import MembershipFactory
from tests.inspections.factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db

LETTER = """The timeliness of high-risk referrals by the police to the
Children's Resource Service.

The capacity of the health navigator role to respond to all requests for information.


The arrangements to share written records of strategy meetings with partners."""


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2025, 7, 20, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def inspection(client):
    inspection = InspectionFactory()
    lead = MembershipFactory(partnership=inspection.partnership, role=Membership.Role.LEAD)
    client.force_login(lead.user)
    return inspection


def test_each_paragraph_is_one_finding_and_wrapped_lines_are_joined():
    found = paragraphs(LETTER)
    assert len(found) == 3
    assert found[0] == (
        "The timeliness of high-risk referrals by the police to the Children's Resource Service."
    )


def test_pasted_findings_are_numbered_after_those_already_recorded(client, inspection):
    FindingFactory(inspection=inspection, kind="area_for_improvement", reference="AFI 1")
    url = reverse("inspections:findings-paste", args=[inspection.pk])
    data = {"kind": "area_for_improvement", "text": LETTER, "keep": ["0", "1", "2"], "save": "yes"}
    response = client.post(url, data)
    assert response.status_code == 302
    added = Finding.objects.filter(inspection=inspection).order_by("position", "pk")
    assert [f.reference for f in added] == ["AFI 1", "AFI 2", "AFI 3", "AFI 4"]
    assert added[3].text.startswith("The arrangements to share written records")


def test_nothing_pasted_says_what_to_do_and_adds_nothing(client, inspection):
    url = reverse("inspections:findings-paste", args=[inspection.pk])
    html = client.post(url, {"kind": "strength", "text": "  "}).content.decode()
    assert "Paste the findings from the letter" in html
    assert not Finding.objects.exists()


def test_a_paste_too_long_says_how_long_it_is_and_keeps_the_text(client, inspection):
    url = reverse("inspections:findings-paste", args=[inspection.pk])
    pasted = "x" * 61234
    html = client.post(url, {"kind": "strength", "text": pasted}).content.decode()
    assert "The pasted text is 61,234 characters; the most is 50,000" in html
    assert pasted in html
    assert not Finding.objects.exists()


def test_the_text_box_does_not_cut_a_long_paste_short(client, inspection):
    # A browser's maxlength would cut the paste silently, so the lead would never see the message.
    html = client.get(reverse("inspections:findings-paste", args=[inspection.pk])).content.decode()
    assert "maxlength" not in html
