"""The inspection form offers the regimes with their rules, and counts the rule when asked."""

import datetime as dt

import pytest
from django.urls import reverse

from agencies.models import Membership
from inspections.models import Inspection
from tests.agencies.factories import MembershipFactory
from tests.inspections.factories import regime

pytestmark = pytest.mark.django_db


def date_fields(name: str, day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def lead_client(client, time_machine):
    time_machine.move_to(dt.datetime(2025, 5, 22, 10, tzinfo=dt.UTC), tick=False)
    client.force_login(MembershipFactory(role=Membership.Role.LEAD).user)
    return client


def data(code: str, **overrides: object) -> dict[str, object]:
    return {
        "title": "Review of the response to a serious incident",
        "regime": str(regime(code).pk),
        "theme": "Neglect",
        "inspectorates": ["ofsted"],
        **date_fields("fieldwork_start", dt.date(2025, 5, 21)),
        **date_fields("fieldwork_end", dt.date(2025, 5, 21)),
        **date_fields("letter_published", None),
        **date_fields("rule_starts_on", dt.date(2025, 5, 21)),
        "deadline_mode": "rule",
        **date_fields("submission_deadline", None),
        **overrides,
    }


def test_the_form_offers_each_regime_with_its_rule(lead_client):
    html = lead_client.get(reverse("actionplans:inspection-create")).content.decode()
    assert "Joint targeted area inspection (JTAI): the plan within 70 working days" in html
    assert "HMICFRS PEEL inspection" in html
    assert "Area SEND inspection: no fixed rule" in html


def test_the_rule_gives_a_practice_reviews_deadline(lead_client):
    response = lead_client.post(reverse("actionplans:inspection-create"), data("practice-review"))
    assert response.status_code == 302, response.content.decode()
    inspection = Inspection.objects.get()
    assert inspection.regime.code == "practice-review"
    assert inspection.submission_deadline is None
    assert inspection.effective_deadline == dt.date(2025, 6, 19)


def test_a_practice_review_without_its_start_date_is_refused(lead_client):
    response = lead_client.post(
        reverse("actionplans:inspection-create"),
        data("practice-review", **date_fields("rule_starts_on", None)),
    )
    assert "Enter the date the rule counts from (date the serious incident became known)" in (
        response.content.decode()
    )


def test_a_regime_without_a_rule_asks_for_the_letters_date(lead_client):
    response = lead_client.post(reverse("actionplans:inspection-create"), data("area-send"))
    assert "Area SEND inspection has no fixed rule: enter the date the letter states" in (
        response.content.decode()
    )


def test_a_stated_deadline_before_the_start_is_refused(lead_client):
    response = lead_client.post(
        reverse("actionplans:inspection-create"),
        data(
            "practice-review",
            deadline_mode="date",
            **date_fields("rule_starts_on", dt.date(2025, 6, 10)),
            **date_fields("submission_deadline", dt.date(2025, 6, 1)),
        ),
    )
    assert (
        "The deadline must be on or after the date the rule counts from (10 June 2025)"
        in response.content.decode()
    )
    assert not Inspection.objects.exists()
