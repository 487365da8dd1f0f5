"""Just after pasting findings the lead can undo it: exactly the findings just added go, unless a
recommendation already answers one of them."""

import datetime as dt

import pytest
from django.urls import reverse

from agencies.models import Membership
from inspections.models import Finding
from tests.agencies.factories import MembershipFactory
from tests.inspections.factories import FindingFactory, InspectionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

LETTER = """1. The timeliness of high-risk referrals.

2. The capacity of the health navigator role."""


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2025, 7, 20, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def inspection(client):
    inspection = InspectionFactory()
    lead = MembershipFactory(partnership=inspection.partnership, role=Membership.Role.LEAD)
    client.force_login(lead.user)
    return inspection


def paste(client, inspection):
    url = reverse("inspections:findings-paste", args=[inspection.pk])
    data = {"kind": "area_for_improvement", "text": LETTER, "keep": ["0", "1"], "save": "yes"}
    return client.post(url, data, follow=True)


def undo_url(inspection):
    return reverse("inspections:findings-undo", args=[inspection.pk])


def test_the_message_after_saving_offers_to_undo(client, inspection):
    html = paste(client, inspection).content.decode()
    assert "2 findings added (AFI 1 and AFI 2)" in html
    assert f'href="{undo_url(inspection)}' in html


def test_undo_removes_exactly_the_findings_just_added(client, inspection):
    FindingFactory(inspection=inspection, kind="strength", reference="S 1")
    paste(client, inspection)
    page = client.get(undo_url(inspection)).content.decode()
    assert "AFI 1" in page
    assert "AFI 2" in page
    assert "S 1" not in page
    html = client.post(undo_url(inspection), {"confirm": "yes"}, follow=True).content.decode()
    assert "Removed the 2 findings you had just added: AFI 1 and AFI 2" in html
    assert list(Finding.objects.values_list("reference", flat=True)) == ["S 1"]
    # Undone once: there is nothing more to undo.
    assert "There is nothing to undo" in client.get(undo_url(inspection)).content.decode()


def test_undo_is_refused_once_a_recommendation_answers_one(client, inspection):
    paste(client, inspection)
    finding = Finding.objects.get(reference="AFI 2")
    RecommendationFactory(inspection=inspection, finding=finding, reference="1")
    assert "AFI 2" in client.get(undo_url(inspection)).content.decode()
    html = client.post(undo_url(inspection), {"confirm": "yes"}, follow=True).content.decode()
    assert "Not undone: recommendation 1 answers AFI 2" in html
    assert Finding.objects.count() == 2


def test_with_nothing_just_added_there_is_nothing_to_undo(client, inspection):
    FindingFactory(inspection=inspection)
    assert "There is nothing to undo" in client.get(undo_url(inspection)).content.decode()
    client.post(undo_url(inspection), {"confirm": "yes"})
    assert Finding.objects.count() == 1
