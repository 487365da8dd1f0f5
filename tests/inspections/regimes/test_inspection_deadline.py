"""An inspection's deadline comes from its regime's rule, unless the letter states a date."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from agencies.models import Membership
from inspections.models import Regime
from tests.agencies.factories import MembershipFactory
from tests.inspections.factories import InspectionFactory, regime

pytestmark = pytest.mark.django_db


def test_without_a_stated_date_the_regimes_rule_gives_the_deadline():
    inspection = InspectionFactory(
        regime=regime("peel"), letter_published=dt.date(2025, 11, 20), submission_deadline=None
    )
    assert inspection.effective_deadline == dt.date(2026, 1, 15)


def test_the_stated_date_wins_over_the_rule():
    inspection = InspectionFactory(
        letter_published=dt.date(2025, 7, 17), submission_deadline=dt.date(2025, 10, 31)
    )
    assert inspection.computed_deadline == dt.date(2025, 10, 24)
    assert inspection.effective_deadline == dt.date(2025, 10, 31)


def test_a_practice_review_counts_from_its_own_start_not_the_letter():
    inspection = InspectionFactory(
        regime=regime("practice-review"),
        letter_published=None,
        rule_starts_on=dt.date(2025, 5, 21),
        submission_deadline=None,
    )
    assert inspection.effective_deadline == dt.date(2025, 6, 19)


def test_the_short_name_uses_the_regimes_abbreviation():
    inspection = InspectionFactory(regime=regime("ilacs"), short_title="")
    assert inspection.short_name == "ILACS 2025"


def test_a_new_regime_is_a_row():
    regime_row = Regime.objects.create(
        code="ofsted-focused-visit",
        name="Ofsted focused visit",
        abbreviation="Visit",
        who_answers="The local authority",
        plan_name="Response to the visit",
        deadline_count=10,
        deadline_unit=Regime.Unit.WORKING_DAYS,
    )
    inspection = InspectionFactory(
        regime=regime_row, letter_published=dt.date(2025, 12, 22), submission_deadline=None
    )
    # 25, 26 December and 1 January do not count.
    assert inspection.effective_deadline == dt.date(2026, 1, 8)


def page(client, inspection: Any) -> str:
    lead = MembershipFactory(partnership=inspection.partnership, role=Membership.Role.LEAD)
    client.force_login(lead.user)
    return client.get(
        reverse("inspections:inspection-detail", args=[inspection.pk])
    ).content.decode()


def test_the_inspection_page_shows_the_regime_and_the_explained_deadline(client):
    inspection = InspectionFactory(
        regime=regime("practice-review"),
        letter_published=None,
        rule_starts_on=dt.date(2025, 5, 21),
        submission_deadline=None,
    )
    html = page(client, inspection)
    assert "Child safeguarding practice review" in html
    assert "The safeguarding partners" in html
    assert "Local child safeguarding practice review action plan" in html
    assert "Date the serious incident became known" in html
    assert "Notification: 5 working days after 21 May 2025: 29 May 2025" in html
    assert (
        "Rapid review: 15 working days after the notification (29 May 2025): 19 June 2025" in html
    )


def test_the_page_says_the_letters_date_is_used_and_what_the_rule_would_give(client):
    inspection = InspectionFactory(
        letter_published=dt.date(2025, 7, 17), submission_deadline=dt.date(2025, 10, 31)
    )
    html = page(client, inspection)
    assert "Written statement of proposed action" in html
    assert "31 October 2025: the date the letter states is used." in html
    assert "The rule would give:" in html
    assert "70 working days after 17 July 2025: 24 October 2025" in html
