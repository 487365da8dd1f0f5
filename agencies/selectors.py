"""Reads about partnerships and their agencies that forms and pages share."""

from django.db.models import QuerySet

from agencies.models import Agency, Partnership


def partnership_agencies(partnership: Partnership) -> QuerySet[Agency]:
    return Agency.objects.filter(partnerships=partnership).order_by("name")
