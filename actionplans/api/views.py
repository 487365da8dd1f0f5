"""The endpoints: each a read-only list and detail over the same selectors as the pages, so a
token sees exactly what its person sees (never another partnership's rows).

`?updated_since=` (an ISO 8601 date or date and time) returns only rows changed since then, for
an incremental refresh; rows are in id order, so pages stay stable while data changes."""

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_safe
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, pagination, viewsets

from actionplans.api import serializers
from actionplans.api.reference import api_reference
from actionplans.measures.models import MeasureReading
from actionplans.measures.selectors import visible_measures
from actionplans.plans.selectors import visible_actions, visible_plans, visible_progress_updates
from inspections.selectors import visible_recommendations

UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description="Only rows created or changed at or after this moment "
    "(ISO 8601: 2025-10-24 or 2025-10-24T09:00:00Z).",
)


class Pages(pagination.PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


def parse_updated_since(value: str) -> dt.datetime:
    """A date means its midnight, a time without a zone the service's time zone (UK time)."""
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        moment = dt.datetime.combine(day, dt.time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class ReportingViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    pagination_class = Pages
    changed_field = "updated_at"

    def visible(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            # The schema is built without a person: it needs only the model, never rows.
            return self.serializer_class.Meta.model.objects.none()  # type: ignore[attr-defined,no-any-return]
        rows = self.visible().order_by("pk")
        raw = self.request.query_params.get("updated_since")
        if raw:
            try:
                since = parse_updated_since(raw.strip())
            except (ValueError, OverflowError):
                raise exceptions.ValidationError(
                    {
                        "updated_since": [
                            "Use an ISO 8601 date, or date and time, "
                            "like 2025-10-24 or 2025-10-24T09:00:00Z"
                        ]
                    }
                ) from None
            rows = rows.filter(**{f"{self.changed_field}__gte": since})
        return rows


@extend_schema_view(list=extend_schema(parameters=[UPDATED_SINCE]))
class PlanViewSet(ReportingViewSet):
    serializer_class = serializers.PlanSerializer

    def visible(self) -> QuerySet[Any]:
        return visible_plans(self.request.user).select_related(
            "inspection__partnership", "inspection__regime"
        )


@extend_schema_view(list=extend_schema(parameters=[UPDATED_SINCE]))
class RecommendationViewSet(ReportingViewSet):
    serializer_class = serializers.RecommendationSerializer

    def visible(self) -> QuerySet[Any]:
        return visible_recommendations(self.request.user).select_related(
            "lead_agency", "inspection__action_plan"
        )


@extend_schema_view(list=extend_schema(parameters=[UPDATED_SINCE]))
class ActionViewSet(ReportingViewSet):
    serializer_class = serializers.ActionSerializer

    def visible(self) -> QuerySet[Any]:
        return visible_actions(self.request.user).select_related("owner_agency")


@extend_schema_view(list=extend_schema(parameters=[UPDATED_SINCE]))
class ProgressUpdateViewSet(ReportingViewSet):
    serializer_class = serializers.ProgressUpdateSerializer
    changed_field = "created_at"  # an update is never edited, only added

    def visible(self) -> QuerySet[Any]:
        return visible_progress_updates(self.request.user).select_related("author")


@extend_schema_view(list=extend_schema(parameters=[UPDATED_SINCE]))
class MeasureViewSet(ReportingViewSet):
    serializer_class = serializers.MeasureSerializer

    def visible(self) -> QuerySet[Any]:
        return visible_measures(self.request.user).select_related("owner_agency")


@extend_schema_view(list=extend_schema(parameters=[UPDATED_SINCE]))
class ReadingViewSet(ReportingViewSet):
    serializer_class = serializers.ReadingSerializer

    def visible(self) -> QuerySet[Any]:
        return MeasureReading.objects.filter(
            measure__in=visible_measures(self.request.user)
        ).select_related("author")


@login_required
@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    """The API's reference for people, drawn from its schema (see `reference`)."""
    return render(request, "api/docs.html", {"reference": api_reference()})
