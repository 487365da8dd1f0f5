"""The demo's second source: a practice review whose plan is being written, with the rapid
review's 15-working-day deadline, one action that also answers the JTAI, and partners asked to
approve its draft."""

import datetime as dt

import pytest

from actionplans.approvals.models import ApprovalDecision, Approver
from actionplans.plans.models import Action
from actionplans.plans.selectors import plan_actions
from demo.data import REVIEW_TITLE
from demo.loader import load_demo
from inspections.models import Inspection

pytestmark = pytest.mark.django_db


def review() -> Inspection:
    return Inspection.objects.get(title=REVIEW_TITLE)


def test_the_review_counts_its_rapid_review_from_the_notification():
    load_demo(today=dt.date(2026, 12, 7))
    inspection = review()

    assert inspection.regime.code == "practice-review"
    assert [(d.name, d.due_on) for d in inspection.deadline_dates] == [
        ("Notification", dt.date(2026, 3, 23)),
        # 15 working days from 23 March, over Good Friday and Easter Monday.
        ("Rapid review", dt.date(2026, 4, 15)),
    ]
    # The partnership's own date for the plan is the one the plan is held to.
    assert inspection.effective_deadline == dt.date(2027, 1, 29)
    assert inspection.short_name == "CSPR Child R"
    assert [r.reference for r in inspection.recommendations.all()] == ["R1", "R2"]


def test_one_review_action_also_answers_the_jtai_and_counts_in_both_plans():
    load_demo(today=dt.date(2026, 12, 7))
    shared = Action.objects.get(plan__inspection=review(), reference="R1.1")
    jtai_plan = Inspection.objects.get(regime__code="jtai").action_plan

    assert [(r.inspection.short_name, r.reference) for r in shared.also_answers.all()] == [
        ("JTAI 2025", "3")
    ]
    assert shared in plan_actions(jtai_plan)
    assert list(plan_actions(jtai_plan)).count(shared) == 1


def test_health_has_approved_the_draft_and_the_others_are_asked():
    load_demo(today=dt.date(2026, 12, 7))
    plan = review().action_plan

    assert sorted(a.agency.kind for a in Approver.objects.filter(plan=plan)) == [
        "childrens_services",
        "health",
        "police",
    ]
    decisions = ApprovalDecision.objects.filter(approver__plan=plan)
    assert [(d.approver.agency.kind, d.decision) for d in decisions] == [("health", "approved")]


def test_a_demo_of_a_day_before_the_review_was_published_has_none_of_it():
    load_demo(today=dt.date(2026, 12, 7))
    load_demo(today=dt.date(2026, 10, 1))

    assert not Inspection.objects.filter(title=REVIEW_TITLE).exists()
    assert not Action.objects.filter(reference="R1.1").exists()
