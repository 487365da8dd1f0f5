"""Adding a measure or a reading saves once: the same page posted again adds nothing more and
says it was already saved."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.measures.models import Measure, MeasureReading
from agencies.models import Membership
from tests.actionplans.factories import MeasureFactory
from tests.agencies.factories import MembershipFactory
from tests.support.form_tokens import post_twice

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure():
    return MeasureFactory()


def lead_of(measure) -> Client:
    client = Client()
    partnership = measure.plan.inspection.partnership
    lead: Any = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD)
    client.force_login(lead.user)
    return client


def test_a_measure_posted_twice_is_added_once(measure):
    measure.owner_agency.partnerships.add(measure.plan.inspection.partnership)
    url = reverse("actionplans:measure-create", args=[measure.plan.pk])
    data = {
        "name": "% of referrals within a day",
        "recommendation": measure.recommendation.pk,
        "owner_agency": measure.owner_agency.pk,
        "unit": "percentage",
        "direction": "higher",
        "baseline": "0",
        "target": "100",
        "frequency": "quarterly",
    }
    first, second = post_twice(lead_of(measure), url, data)
    assert first.status_code == 302, first.content.decode()
    assert Measure.objects.filter(name="% of referrals within a day").count() == 1
    assert "This measure was already saved." in second.content.decode()


def test_a_reading_posted_twice_is_added_once(measure):
    url = reverse("actionplans:reading-create", args=[measure.pk])
    first, second = post_twice(lead_of(measure), url, {"date": "2026-11-20", "value": "90"})
    assert first.status_code == 302, first.content.decode()
    assert MeasureReading.objects.filter(measure=measure).count() == 1
    assert "This reading was already saved." in second.content.decode()
