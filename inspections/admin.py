from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from inspections.models import Finding, Inspection, Recommendation, Regime


class FindingInline(admin.StackedInline):
    model = Finding
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "regime", "fieldwork_start", "submission_deadline"]
    list_filter = ["regime", "status", "partnership"]
    search_fields = ["title", "theme", "partnership__name"]
    date_hierarchy = "fieldwork_start"
    list_select_related = ["partnership", "regime"]
    inlines = [FindingInline]


@admin.register(Regime)
class RegimeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "abbreviation", "plan_name", "rule_summary", "position"]
    list_editable = ["position"]
    search_fields = ["name", "code", "abbreviation"]
    prepopulated_fields = {"code": ["abbreviation"]}
    fieldsets = [
        (None, {"fields": ["code", "name", "abbreviation", "position"]}),
        ("The plan", {"fields": ["who_answers", "plan_name", "plan_sections", "legal_basis"]}),
        (
            "The deadline rule",
            {
                "fields": [
                    "starts_at_letter",
                    "start_label",
                    "deadline_name",
                    "deadline_count",
                    "deadline_unit",
                    "deadline_counts_from",
                    "deadline_follows_step",
                ]
            },
        ),
        (
            "An earlier step",
            {"fields": ["step_name", "step_count", "step_unit", "step_counts_from"]},
        ),
    ]

    def has_delete_permission(self, request: object, obj: Regime | None = None) -> bool:
        # Inspections hold on to their regime (PROTECT); an unused one may go.
        return obj is None or not obj.inspections.exists()


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "kind", "inspection"]
    list_filter = ["kind", "inspection__partnership"]
    search_fields = ["reference", "text"]
    list_select_related = ["inspection__partnership"]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "lead_agency", "source", "inspection"]
    list_filter = ["source", "lead_agency", "inspection__partnership"]
    search_fields = ["reference", "title", "text"]
    autocomplete_fields = ["lead_agency", "source_agency"]
    filter_horizontal = ["contributing_agencies"]
    list_select_related = ["lead_agency", "inspection__partnership"]
