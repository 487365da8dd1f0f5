from django.contrib import admin
from django.http import HttpRequest

from actionplans.models import Action, ActionPlan, ProgressUpdate, Reminder, ReminderPreference


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["reference", "title", "owner_agency", "due_date", "status", "rag"]
    show_change_link = True


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    fields = ["date", "author", "rag", "status", "text"]
    autocomplete_fields = ["author"]


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["inspection", "status", "submitted_at"]
    list_filter = ["status", "inspection__partnership"]
    search_fields = ["inspection__title"]
    list_select_related = ["inspection__partnership"]
    inlines = [ActionInline]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "title",
        "owner_agency",
        "lead_name",
        "effective_due_date",
        "status",
        "rag",
    ]
    list_filter = ["status", "rag", "owner_agency", "plan__inspection__partnership"]
    search_fields = ["reference", "title", "lead_name", "description"]
    autocomplete_fields = ["owner_agency", "lead_user"]
    filter_horizontal = ["contributing_agencies"]
    list_select_related = ["owner_agency"]
    date_hierarchy = "due_date"
    readonly_fields = ["effective_due_date", "version"]
    inlines = [ProgressUpdateInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["action", "date", "author", "rag", "status"]
    list_filter = ["rag", "status"]
    search_fields = ["text", "action__reference", "action__title"]
    autocomplete_fields = ["author"]
    list_select_related = ["action", "author"]
    date_hierarchy = "date"


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The log of what was sent to whom; rows are written by the sweep, never by hand."""

    list_display = ["created_at", "kind", "recipient", "subject_key", "due_on", "period_key"]
    list_display += ["sent_at", "cancelled_at", "attempts"]
    list_filter = ["kind", "plan__inspection__partnership", "sent_at"]
    search_fields = ["recipient__email", "subject_key"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Reminder._meta.get_fields() if f.concrete]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "weekly_digest", "stale_nudges"]
    search_fields = ["user__email"]
    exclude = ["calendar_token"]
    autocomplete_fields = ["user"]
