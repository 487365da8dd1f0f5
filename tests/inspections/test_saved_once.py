"""Adding a finding or a recommendation saves once: the same page posted again (a double click,
or Back then Save) adds nothing more and says it was already saved."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from agencies.models import Membership
from inspections.models import Finding, Recommendation
from tests.agencies.factories import AgencyFactory, MembershipFactory
from tests.inspections.factories import InspectionFactory
from tests.support.form_tokens import post_twice, token_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspection():
    return InspectionFactory()


@pytest.fixture
def lead_client(inspection):
    client = Client()
    lead: Any = MembershipFactory(partnership=inspection.partnership, role=Membership.Role.LEAD)
    client.force_login(lead.user)
    return client


def test_a_finding_posted_twice_is_added_once(lead_client, inspection):
    url = reverse("inspections:finding-create", args=[inspection.pk])
    data = {"kind": "area_for_improvement", "reference": "AFI 9", "text": "Referrals are late."}
    first, second = post_twice(lead_client, url, data)
    assert first.status_code == 302
    assert Finding.objects.filter(inspection=inspection).count() == 1
    assert "This finding was already saved." in second.content.decode()


def test_a_recommendation_posted_twice_is_added_once(lead_client, inspection):
    police = AgencyFactory(partnerships=[inspection.partnership])
    url = reverse("inspections:recommendation-create", args=[inspection.pk])
    data = {
        "reference": "1",
        "title": "Improve referrals",
        "source": "letter",
        "lead_agency": police.pk,
    }
    first, second = post_twice(lead_client, url, data)
    assert first.status_code == 302, first.content.decode()
    assert Recommendation.objects.filter(inspection=inspection).count() == 1
    assert "This recommendation was already saved." in second.content.decode()


def test_a_refused_finding_leaves_its_token_free(lead_client, inspection):
    url = reverse("inspections:finding-create", args=[inspection.pk])
    first, _ = post_twice(
        lead_client, url, {"kind": "area_for_improvement", "reference": "", "text": ""}
    )
    assert first.status_code == 200
    # The same page, corrected, still saves.
    token = token_on(first.content.decode())
    lead_client.post(
        url, {"kind": "strength", "reference": "S 1", "text": "Caring.", "form_token": token}
    )
    assert Finding.objects.filter(inspection=inspection).count() == 1
