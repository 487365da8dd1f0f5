"""The benchmarks' seed generator: the counts asked for, and rows the permission rules accept."""

import datetime as dt
import random

import pytest

from actionplans.measures.models import MeasureReading
from actionplans.plans.models import Action, ProgressUpdate
from agencies.models import Agency, Membership
from bench.seed import (
    KINDS,
    due_soon,
    nothing_due,
    seed_actions,
    seed_partnership,
    seed_plan,
    seed_police_forces,
)

TODAY = dt.date(2025, 10, 8)

pytestmark = pytest.mark.django_db


def test_a_plan_has_the_counts_asked_for_and_every_action_an_owner_of_its_partnership():
    [force] = seed_police_forces(count=1)
    area = seed_partnership(name="Seed test", kinds=KINDS[1:], shared=[force], managers=1)
    seeded = seed_plan(
        area=area,
        today=TODAY,
        fieldwork_start=dt.date(2025, 1, 6),
        recommendations=3,
        actions=10,
        updates_per_action=2,
        measures=2,
        readings=5,
        rng=random.Random(1),
    )

    assert len(area.agencies) == 4
    assert Membership.objects.filter(partnership=area.partnership).count() == 1 + 4 + 1
    actions = Action.objects.filter(plan=seeded.plan)
    assert actions.count() == 10
    assert seeded.inspection.recommendations.count() == 3
    assert ProgressUpdate.objects.filter(action__plan=seeded.plan).count() == 20
    assert seeded.plan.measures.count() == 2
    assert MeasureReading.objects.filter(measure__plan=seeded.plan).count() == 5
    served = set(Agency.objects.filter(partnerships=area.partnership).values_list("pk", flat=True))
    for action in actions:
        assert action.owner_agency_id in served
        owner = Membership.objects.get(partnership=area.partnership, agency=action.owner_agency)
        assert action.lead_user_id == owner.user_id
    assert {a.owner_agency_id for a in actions} == served  # each agency owns some
    assert ProgressUpdate.objects.filter(action__plan=seeded.plan, date__gt=TODAY).count() == 0


def test_actions_added_later_continue_the_numbering_across_plans():
    area = seed_partnership(name="Seed test", kinds=KINDS[:1])
    plans = [
        seed_plan(area=area, number=n, today=TODAY, fieldwork_start=dt.date(2025, 5, 19))
        for n in range(3)
    ]
    seed_actions(plans=plans, count=30, shape=due_soon, today=TODAY)
    seed_actions(plans=plans, first=30, count=70, shape=nothing_due, today=TODAY)

    assert Action.objects.count() == 100
    for seeded in plans:
        assert seeded.plan.actions.count() in (33, 34)
    due = Action.objects.filter(effective_due_date__lte=TODAY + dt.timedelta(days=14))
    assert due.exclude(status=Action.Status.COMPLETE).count() == 30
