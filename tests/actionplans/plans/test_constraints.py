import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from actionplans.plans.models import Action, ActionPlan
from tests.actionplans.factories import ActionFactory, ActionPlanFactory
from tests.inspections.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def test_due_date_cannot_be_before_start():
    with pytest.raises(IntegrityError):
        ActionFactory(start_date=dt.date(2025, 9, 1), due_date=dt.date(2025, 8, 1))


def test_revised_due_date_needs_a_reason():
    with pytest.raises(IntegrityError):
        ActionFactory(revised_due_date=dt.date(2025, 12, 19), revised_reason="")


def test_revised_due_date_cannot_be_before_start():
    with pytest.raises(IntegrityError):
        ActionFactory(revised_due_date=dt.date(2025, 7, 1), revised_reason="Typo")


def test_one_plan_per_inspection():
    plan = ActionPlanFactory()
    with pytest.raises(IntegrityError):
        ActionPlan.objects.create(inspection=plan.inspection)


def test_action_reference_is_unique_within_a_plan():
    action = ActionFactory(reference="1.1")
    with pytest.raises(IntegrityError):
        ActionFactory(plan=action.plan, recommendation=action.recommendation, reference="1.1")


def test_a_complete_action_has_been_signed_off():
    with pytest.raises(IntegrityError):
        ActionFactory(status=Action.Status.COMPLETE, signed_off_at=None)


def test_a_submitted_plan_records_when():
    with pytest.raises(IntegrityError):
        ActionPlanFactory(status=ActionPlan.Status.SUBMITTED, submitted_at=None)


def test_action_recommendation_must_belong_to_the_plans_inspection():
    action = ActionFactory()
    action.recommendation = RecommendationFactory()
    with pytest.raises(ValidationError, match="another inspection"):
        action.full_clean()


def test_effective_due_date_is_the_revised_one_when_there_is_one():
    action = ActionFactory(
        due_date=dt.date(2025, 10, 17),
        revised_due_date=dt.date(2025, 12, 19),
        revised_reason="Waiting for sign-off",
    )
    action.refresh_from_db()
    assert action.effective_due_date == dt.date(2025, 12, 19)
    assert list(Action.objects.due_between(dt.date(2025, 12, 1), dt.date(2025, 12, 31))) == [action]


def test_overdue_excludes_complete_actions():
    late = ActionFactory(due_date=dt.date(2025, 10, 17))
    ActionFactory(
        plan=late.plan,
        recommendation=late.recommendation,
        due_date=dt.date(2025, 10, 17),
        status=Action.Status.COMPLETE,
        signed_off_at=timezone.now(),
    )
    assert list(Action.objects.overdue(dt.date(2025, 10, 20))) == [late]
    assert late.is_overdue(dt.date(2025, 10, 20))
    assert not late.is_overdue(dt.date(2025, 10, 17))
