"""Add a recommendation starts with the next free reference, as Add an action does: "3" after
1 and 2, skipping one already taken; the lead may type another."""

import pytest
from django.urls import reverse

from agencies.models import Membership
from tests.agencies.factories import MembershipFactory
from tests.inspections.factories import InspectionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspection(client):
    inspection = InspectionFactory()
    lead = MembershipFactory(partnership=inspection.partnership, role=Membership.Role.LEAD)
    client.force_login(lead.user)
    return inspection


def suggested(client, inspection, **query):  # type: ignore[no-untyped-def]
    url = reverse("inspections:recommendation-create", args=[inspection.pk])
    return client.get(url, query).context["form"]["reference"].value()


def test_the_first_recommendation_is_1(client, inspection):
    assert suggested(client, inspection) == "1"


def test_the_next_free_reference_is_suggested(client, inspection):
    RecommendationFactory(inspection=inspection, reference="1")
    RecommendationFactory(inspection=inspection, reference="2")
    assert suggested(client, inspection) == "3"
    RecommendationFactory(inspection=inspection, reference="4")
    assert suggested(client, inspection) == "5"


def test_the_suggestion_comes_with_a_chosen_finding_too(client, inspection):
    finding = inspection.findings.create(
        kind="area_for_improvement", reference="AFI 1", text="Referrals wait too long"
    )
    RecommendationFactory(inspection=inspection, reference="1")
    assert suggested(client, inspection, finding=finding.pk) == "2"
