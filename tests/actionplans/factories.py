import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from actionplans.measures.models import Measure, MeasureReading
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate, Rag
from tests.agencies.factories import UserFactory
from tests.inspections.factories import InspectionFactory, RecommendationFactory


class ActionPlanFactory(DjangoModelFactory):
    class Meta:
        model = ActionPlan

    inspection = factory.SubFactory(InspectionFactory)


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(ActionPlanFactory)
    recommendation = factory.SubFactory(
        RecommendationFactory, inspection=factory.SelfAttribute("..plan.inspection")
    )
    reference = factory.Sequence(lambda n: f"1.{n}")
    title = "Audit the timeliness of high-risk referrals"
    owner_agency = factory.SelfAttribute("recommendation.lead_agency")
    lead_name = "Child-centred policing lead"
    start_date = dt.date(2025, 8, 1)
    due_date = dt.date(2025, 10, 17)
    success_measure = "95% of high-risk referrals within the agreed limit"


class ProgressUpdateFactory(DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.SubFactory(UserFactory)
    date = dt.date(2025, 9, 1)
    text = "Audit under way."
    rag = Rag.GREEN
    status = Action.Status.IN_PROGRESS


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = Measure

    plan = factory.SubFactory(ActionPlanFactory)
    recommendation = factory.SubFactory(
        RecommendationFactory, inspection=factory.SelfAttribute("..plan.inspection")
    )
    name = factory.Sequence(lambda n: f"% of high-risk referrals within the agreed limit ({n})")
    owner_agency = factory.SelfAttribute("recommendation.lead_agency")
    baseline = Decimal(80)
    target = Decimal(95)


class MeasureReadingFactory(DjangoModelFactory):
    class Meta:
        model = MeasureReading

    measure = factory.SubFactory(MeasureFactory)
    date = factory.Sequence(lambda n: dt.date(2026, 1, 1) + dt.timedelta(days=30 * n))
    value = Decimal(85)
    author = factory.SubFactory(UserFactory)
