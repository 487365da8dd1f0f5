from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from inspections.models import Finding, Inspection, Recommendation


class FindingInline(admin.StackedInline):
    model = Finding
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "kind", "fieldwork_start", "submission_deadline"]
    list_filter = ["kind", "status", "partnership"]
    search_fields = ["title", "theme", "partnership__name"]
    date_hierarchy = "fieldwork_start"
    list_select_related = ["partnership"]
    inlines = [FindingInline]


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
