import datetime as dt

import factory
from factory.django import DjangoModelFactory

from inspections.models import Finding, Inspection, Inspectorate, Recommendation, Regime
from tests.agencies.factories import AgencyFactory, PartnershipFactory


def regime(code: str) -> Regime:
    """One of the regimes the data migration seeds ("jtai", "ilacs", "peel", ...)."""
    return Regime.objects.get(code=code)


class InspectionFactory(DjangoModelFactory):
    class Meta:
        model = Inspection

    partnership = factory.SubFactory(PartnershipFactory)
    regime = factory.LazyFunction(lambda: regime("jtai"))
    title = factory.Sequence(lambda n: f"Joint targeted area inspection {n}")
    theme = "Identification of initial need and risk"
    inspectorates = factory.LazyFunction(
        lambda: [Inspectorate.OFSTED, Inspectorate.CQC, Inspectorate.HMICFRS]
    )
    fieldwork_start = dt.date(2025, 5, 19)
    fieldwork_end = dt.date(2025, 5, 23)
    letter_published = dt.date(2025, 7, 17)
    submission_deadline = dt.date(2025, 10, 24)


class FindingFactory(DjangoModelFactory):
    class Meta:
        model = Finding

    inspection = factory.SubFactory(InspectionFactory)
    kind = Finding.Kind.AREA_FOR_IMPROVEMENT
    reference = factory.Sequence(lambda n: f"AFI {n}")
    text = "The timeliness of high-risk referrals by the police to the CRS."


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    inspection = factory.SubFactory(InspectionFactory)
    finding = None
    reference = factory.Sequence(lambda n: str(n + 1))
    title = "Improve the timeliness of high-risk referrals"
    lead_agency = factory.SubFactory(AgencyFactory)

    @factory.post_generation
    def _lead_agency_serves_the_partnership(self, create: bool, extracted: object, **kw: object):
        if create:
            self.lead_agency.partnerships.add(self.inspection.partnership)
