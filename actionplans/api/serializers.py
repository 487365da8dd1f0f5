"""Rows as the reporting tools read them: ids to join on, names to show, ISO 8601 dates.

Text that a spreadsheet would run as a formula is neutralised as in the CSV export: Excel's
"From Web" puts these values straight into cells."""

from typing import Any

from rest_framework import serializers

from actionplans.documents.spreadsheet import neutralise
from actionplans.measures.models import Measure, MeasureReading
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate
from inspections.models import Recommendation


class ReportingSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    def to_representation(self, instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        for name, field in self.fields.items():
            if isinstance(field, serializers.CharField) and isinstance(data.get(name), str):
                data[name] = neutralise(data[name])
        return data


class PlanSerializer(ReportingSerializer):
    partnership = serializers.CharField(source="inspection.partnership.name")
    inspection_title = serializers.CharField(source="inspection.title")
    theme = serializers.CharField(source="inspection.theme")
    letter_published = serializers.DateField(source="inspection.letter_published")
    submission_deadline = serializers.DateField(source="inspection.effective_deadline")

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "partnership",
            "inspection_title",
            "theme",
            "letter_published",
            "submission_deadline",
            "status",
            "submitted_at",
            "created_at",
            "updated_at",
        ]


class RecommendationSerializer(ReportingSerializer):
    plan = serializers.IntegerField(source="inspection.action_plan.pk", allow_null=True)
    lead_agency = serializers.CharField(source="lead_agency.name")

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "plan",
            "reference",
            "title",
            "text",
            "source",
            "lead_agency_id",
            "lead_agency",
            "position",
            "created_at",
            "updated_at",
        ]


class ActionSerializer(ReportingSerializer):
    owner_agency = serializers.CharField(source="owner_agency.name")

    class Meta:
        model = Action
        fields = [
            "id",
            "plan",
            "recommendation",
            "reference",
            "title",
            "description",
            "owner_agency_id",
            "owner_agency",
            "lead_name",
            "start_date",
            "due_date",
            "revised_due_date",
            "revised_reason",
            "effective_due_date",
            "status",
            "rag",
            "success_measure",
            "signed_off_at",
            "position",
            "created_at",
            "updated_at",
        ]


class ProgressUpdateSerializer(ReportingSerializer):
    author = serializers.SerializerMethodField()
    # A send-back is internal whoever wrote the row (see ProgressUpdateQuerySet.shareable).
    internal = serializers.BooleanField(source="is_internal", read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "action",
            "date",
            "text",
            "internal",
            "rag",
            "status",
            "author",
            "created_at",
        ]

    def get_author(self, update: ProgressUpdate) -> str:
        return str(neutralise(str(update.author))) if update.author else ""


class MeasureSerializer(ReportingSerializer):
    owner_agency = serializers.CharField(source="owner_agency.name")

    class Meta:
        model = Measure
        fields = [
            "id",
            "plan",
            "recommendation",
            "name",
            "unit",
            "direction",
            "baseline",
            "target",
            "owner_agency_id",
            "owner_agency",
            "frequency",
            "position",
            "created_at",
            "updated_at",
        ]


class ReadingSerializer(ReportingSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = MeasureReading
        fields = [
            "id",
            "measure",
            "date",
            "value",
            "sample_size",
            "comment",
            "evidence_url",
            "author",
            "created_at",
            "updated_at",
        ]

    def get_author(self, reading: MeasureReading) -> str:
        return str(neutralise(str(reading.author))) if reading.author else ""
