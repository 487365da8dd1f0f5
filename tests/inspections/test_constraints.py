import datetime as dt

import pytest
from django.db import IntegrityError

from inspections.models import Recommendation
from tests.inspections.factories import FindingFactory, InspectionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def test_fieldwork_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        InspectionFactory(fieldwork_start=dt.date(2025, 5, 23), fieldwork_end=dt.date(2025, 5, 19))


def test_letter_cannot_come_before_fieldwork_ends():
    with pytest.raises(IntegrityError):
        InspectionFactory(letter_published=dt.date(2025, 5, 20))


def test_deadline_cannot_come_before_the_letter():
    with pytest.raises(IntegrityError):
        InspectionFactory(submission_deadline=dt.date(2025, 7, 1))


def test_finding_reference_is_unique_within_an_inspection():
    finding = FindingFactory(reference="AFI 1")
    FindingFactory(reference="AFI 1")  # another inspection: fine
    with pytest.raises(IntegrityError):
        FindingFactory(inspection=finding.inspection, reference="AFI 1")


def test_recommendation_reference_is_unique_within_an_inspection():
    recommendation = RecommendationFactory(reference="1")
    with pytest.raises(IntegrityError):
        RecommendationFactory(inspection=recommendation.inspection, reference="1")


def test_an_agency_response_recommendation_names_its_agency():
    with pytest.raises(IntegrityError):
        RecommendationFactory(source=Recommendation.Source.AGENCY_RESPONSE, source_agency=None)
