"""Each regime's rule counted across bank holidays and year ends, with the sentence it explains."""

import datetime as dt

import pytest

from inspections.regimes.rules import explain, regime_dates, rule_deadline
from tests.inspections.factories import regime

pytestmark = pytest.mark.django_db


def sentences(code: str, start: dt.date) -> list[str]:
    return [d.explanation for d in regime_dates(regime(code), start)]


def test_a_jtai_letter_in_december_skips_christmas_boxing_day_and_new_year():
    jtai = regime("jtai")
    assert rule_deadline(jtai, dt.date(2025, 12, 10)) == dt.date(2026, 3, 23)
    assert sentences("jtai", dt.date(2025, 12, 10)) == [
        "70 working days after 10 December 2025: 23 March 2026"
    ]


def test_an_ilacs_draft_after_a_focused_visit_skips_easter():
    # Good Friday (3 April 2026) and Easter Monday (6 April) do not count.
    [draft, statement] = regime_dates(regime("ilacs"), dt.date(2026, 3, 20))
    assert draft.due_on == dt.date(2026, 4, 21)
    assert draft.explanation == (
        "Draft after a focused visit with priority actions: "
        "20 working days after 20 March 2026: 21 April 2026"
    )
    assert statement.explanation.startswith("70 working days after 20 March 2026: ")


def test_hmicfrs_asks_for_an_urgent_update_then_the_plan_within_6_weeks():
    [update, plan] = regime_dates(regime("hmicfrs-child-protection"), dt.date(2025, 3, 3))
    assert update.due_on is None
    assert update.explanation.startswith("Immediate update on urgent recommendations: ")
    assert plan.explanation == "6 weeks after 3 March 2025: 14 April 2025"


def test_peel_comments_are_due_56_calendar_days_after_publication_across_the_year_end():
    assert sentences("peel", dt.date(2025, 11, 20)) == [
        "56 days after 20 November 2025: 15 January 2026"
    ]


def test_a_practice_review_chains_notification_then_rapid_review_over_the_late_may_holiday():
    # 26 May 2025 is the late May bank holiday.
    [notification, rapid_review] = regime_dates(regime("practice-review"), dt.date(2025, 5, 21))
    assert notification.explanation == "Notification: 5 working days after 21 May 2025: 29 May 2025"
    assert rapid_review.explanation == (
        "Rapid review: 15 working days after the notification (29 May 2025): 19 June 2025"
    )
    assert rule_deadline(regime("practice-review"), dt.date(2025, 5, 21)) == dt.date(2025, 6, 19)


@pytest.mark.parametrize("code", ["area-send", "cqc-clas", "partnership-audit", "other"])
def test_regimes_with_no_fixed_rule_give_no_date(code):
    assert regime_dates(regime(code), dt.date(2025, 7, 17)) == []
    assert rule_deadline(regime(code), dt.date(2025, 7, 17)) is None


def test_a_rule_without_its_start_says_it_waits_for_the_date():
    due = explain(name="", count=70, unit="working_days", start=None, counts_from="the letter")
    assert due.due_on is None
    assert due.explanation == "70 working days after the letter, once that date is known"


def test_one_week_is_singular():
    due = explain(name="", count=1, unit="weeks", start=dt.date(2025, 3, 3))
    assert due.explanation == "1 week after 3 March 2025: 10 March 2025"
