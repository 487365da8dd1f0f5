"""Measures and their readings: the lead sets measures up, the owning agency adds readings."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse

from actionplans.measures.models import Measure, MeasureReading
from actionplans.measures.permissions import can_add_reading, reading_permissions
from actionplans.plans.models import ActionPlan
from agencies.models import Agency, User
from demo.loader import load_demo
from tests.actionplans.factories import MeasureFactory, MeasureReadingFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def demo():
    load_demo(today=TODAY)
    return ActionPlan.objects.get(inspection__regime__code="jtai")


def person(email: str) -> User:
    return User.objects.get(email=email)


def reading_url(measure) -> str:
    return reverse("actionplans:reading-create", args=[measure.pk])


def police_measure() -> Measure:
    return Measure.objects.get(name__contains="high-risk police referrals")


def test_an_owner_adds_a_reading_of_their_agencys_measure(client, demo):
    police = person("police@southampton.example")
    client.force_login(police)
    measure = police_measure()
    response = client.post(
        reading_url(measure),
        {"date": "2026-11-20", "value": "98", "sample_size": "101", "comment": "Quarter 3."},
    )
    assert response.status_code == 302
    assert response.url == reverse("actionplans:plan-dashboard", args=[demo.pk])
    reading = measure.readings.get(date=dt.date(2026, 11, 20))
    assert (reading.value, reading.sample_size, reading.author) == (Decimal(98), 101, police)


def test_the_lead_adds_a_reading_of_any_measure(client, demo):
    client.force_login(person("lead@southampton.example"))
    measure = Measure.objects.get(name__contains="health navigator")
    response = client.post(reading_url(measure), {"date": "2026-11-24", "value": "93"})
    assert response.status_code == 302
    assert measure.readings.filter(value=93).exists()


@pytest.mark.parametrize("email", ["health@southampton.example", "manager@southampton.example"])
def test_others_in_the_partnership_cannot_add_a_reading(client, demo, email):
    client.force_login(person(email))
    assert client.get(reading_url(police_measure())).status_code == 403
    response = client.post(reading_url(police_measure()), {"date": "2026-11-20", "value": "1"})
    assert response.status_code == 403
    assert not MeasureReading.objects.filter(value=1).exists()


def test_another_partnerships_measure_is_not_found(client, demo):
    other = MeasureFactory()
    client.force_login(person("lead@southampton.example"))
    assert client.get(reading_url(other)).status_code == 404
    assert client.get(reverse("actionplans:measure-update", args=[other.pk])).status_code == 404
    assert (
        client.get(reverse("actionplans:measure-create", args=[other.plan.pk])).status_code == 404
    )


def test_a_percentage_over_100_is_refused_with_an_error_summary(client, demo):
    client.force_login(person("police@southampton.example"))
    response = client.post(reading_url(police_measure()), {"date": "2026-11-20", "value": "104"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "There is a problem" in body
    assert 'href="#id_value"' in body
    assert "A percentage must be between 0 and 100" in body


def test_a_second_reading_on_the_same_date_is_refused(client, demo):
    client.force_login(person("police@southampton.example"))
    response = client.post(reading_url(police_measure()), {"date": "2026-09-18", "value": "97"})
    assert response.status_code == 200
    assert "There is already a reading for this date" in response.content.decode()
    assert police_measure().readings.filter(date=dt.date(2026, 9, 18)).count() == 1


def test_the_database_refuses_two_readings_on_one_date():
    reading = MeasureReadingFactory()
    with pytest.raises(IntegrityError):
        MeasureReadingFactory(measure=reading.measure, date=reading.date)


def test_the_database_refuses_a_percentage_target_over_100():
    with pytest.raises(IntegrityError):
        MeasureFactory(target=Decimal(101))


def test_the_lead_adds_a_measure(client, demo):
    client.force_login(person("lead@southampton.example"))
    url = reverse("actionplans:measure-create", args=[demo.pk])
    assert client.get(url).status_code == 200
    education = Agency.objects.get(short_name="Education")
    response = client.post(
        url,
        {
            "name": "% of early years settings receiving notifications",
            "recommendation": demo.inspection.recommendations.get(reference="PCC 2").pk,
            "owner_agency": education.pk,
            "unit": "percentage",
            "direction": "higher",
            "baseline": "0",
            "target": "100",
            "frequency": "quarterly",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(name__startswith="% of early years")
    assert (measure.plan, measure.owner_agency, measure.target) == (demo, education, 100)


def test_a_measure_percentage_target_is_checked_in_the_form(client, demo):
    client.force_login(person("lead@southampton.example"))
    response = client.post(
        reverse("actionplans:measure-update", args=[police_measure().pk]),
        {
            "name": police_measure().name,
            "owner_agency": police_measure().owner_agency_id,
            "unit": "percentage",
            "direction": "higher",
            "target": "120",
            "frequency": "quarterly",
        },
    )
    assert response.status_code == 200
    assert "A percentage must be between 0 and 100" in response.content.decode()
    assert police_measure().target == 95


def test_the_lead_changes_a_measure(client, demo):
    client.force_login(person("lead@southampton.example"))
    measure = police_measure()
    response = client.post(
        reverse("actionplans:measure-update", args=[measure.pk]),
        {
            "name": measure.name,
            "recommendation": measure.recommendation_id,
            "owner_agency": measure.owner_agency_id,
            "unit": "percentage",
            "direction": "higher",
            "baseline": "88",
            "target": "98",
            "frequency": "quarterly",
        },
    )
    assert response.status_code == 302
    assert police_measure().target == 98


@pytest.mark.parametrize("email", ["police@southampton.example", "manager@southampton.example"])
def test_only_the_lead_sets_up_measures(client, demo, email):
    client.force_login(person(email))
    assert client.get(reverse("actionplans:measure-create", args=[demo.pk])).status_code == 403
    assert (
        client.get(reverse("actionplans:measure-update", args=[police_measure().pk])).status_code
        == 403
    )


def test_the_list_form_of_the_rule_agrees_with_the_rule(demo):
    other = MeasureFactory()
    measures: list = [*Measure.objects.select_related("plan__inspection"), other]
    for user in User.objects.all():
        can_add = reading_permissions(user)
        for measure in measures:
            assert can_add(measure) == can_add_reading(user, measure), (user, measure)


def test_the_reading_page_lists_earlier_readings_with_their_evidence(client, demo):
    measure = police_measure()
    measure.readings.filter(value=97).update(evidence_url="https://example.org/audit-q2")
    client.force_login(person("police@southampton.example"))
    body = client.get(reading_url(measure)).content.decode()
    assert 'href="https://example.org/audit-q2"' in body
    assert body.index("18 September 2026") < body.index("27 August 2025")
