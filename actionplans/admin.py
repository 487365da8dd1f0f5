from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from actionplans.approvals.models import ApprovalDecision, ApprovalRequest, Approver
from actionplans.contributions.models import (
    ContributedUpdate,
    Contributor,
    NamedContributor,
    UpdateRequest,
)
from actionplans.measures.models import Measure, MeasureReading
from actionplans.notifications.models import Notification
from actionplans.plans.models import Action, ActionLink, ActionPlan, Evidence, ProgressUpdate
from actionplans.queues.models import QueueVisit
from actionplans.records.models import LegalHold, RetentionPolicy, RetentionRun
from actionplans.reminders.models import Reminder, ReminderPreference, SweepDay
from actionplans.rounds.models import RoundRecipient, UpdateRound
from actionplans.submission.models import BoardReport, PlanImport, SubmittedPlan


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
class ActionAdmin(SimpleHistoryAdmin):
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
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["action", "date", "author", "rag", "status", "internal"]
    list_filter = ["rag", "status", "internal"]
    search_fields = ["text", "action__reference", "action__title"]
    autocomplete_fields = ["author"]
    list_select_related = ["action", "author"]
    date_hierarchy = "date"


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["description", "action", "kind", "original_name", "added_by", "added_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["description", "original_name", "url", "action__reference"]
    list_select_related = ["action", "added_by"]
    readonly_fields = ["original_name", "content_type", "size", "added_at"]
    autocomplete_fields = ["added_by"]


class KeptAsProducedAdmin(admin.ModelAdmin):
    """Frozen copies are for looking at: nobody adds, changes or removes one here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SubmittedPlan)
class SubmittedPlanAdmin(KeptAsProducedAdmin):
    list_display = ["plan", "submitted_at", "submitted_by"]
    list_filter = ["plan__inspection__partnership"]
    search_fields = ["plan__inspection__title"]
    list_select_related = ["plan__inspection", "submitted_by"]
    date_hierarchy = "submitted_at"


@admin.register(BoardReport)
class BoardReportAdmin(KeptAsProducedAdmin):
    list_display = ["plan", "report_date", "since", "produced_by"]
    list_filter = ["plan__inspection__partnership"]
    search_fields = ["plan__inspection__title"]
    list_select_related = ["plan__inspection", "produced_by"]
    date_hierarchy = "report_date"


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "plan", "uploaded_by", "created_at", "imported_at"]
    list_filter = ["imported_at"]
    search_fields = ["filename"]
    list_select_related = ["plan__inspection", "uploaded_by"]
    readonly_fields = ["headers", "rows", "mapping", "created_at", "imported_at"]


# Measures.


class MeasureReadingInline(admin.TabularInline):
    model = MeasureReading
    extra = 0
    fields = ["date", "value", "sample_size", "author", "comment", "evidence_url"]
    autocomplete_fields = ["author"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "plan", "recommendation", "owner_agency", "unit", "target"]
    list_filter = [
        "unit",
        "direction",
        "frequency",
        "owner_agency",
        "plan__inspection__partnership",
    ]
    search_fields = ["name", "plan__inspection__title"]
    autocomplete_fields = ["owner_agency"]
    list_select_related = ["plan__inspection__partnership", "recommendation", "owner_agency"]
    inlines = [MeasureReadingInline]


@admin.register(MeasureReading)
class MeasureReadingAdmin(admin.ModelAdmin):
    list_display = ["measure", "date", "value", "sample_size", "author"]
    search_fields = ["measure__name", "comment"]
    autocomplete_fields = ["author"]
    list_select_related = ["measure", "author"]
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


@admin.register(SweepDay)
class SweepDayAdmin(admin.ModelAdmin):
    """The days the reminder sweep ran: whether Monday's digest went, and whether an overdue
    reminder's day was missed, follow from these rows."""

    list_display = ["day", "first_at", "last_at"]
    date_hierarchy = "day"
    readonly_fields = ["day", "first_at", "last_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "weekly_digest", "stale_nudges"]
    search_fields = ["user__email"]
    exclude = ["calendar_token"]
    autocomplete_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What each person was told; made by the hand-offs, never by hand."""

    list_display = ["created", "kind", "recipient", "action", "read_at"]
    list_filter = ["kind", "partnership"]
    search_fields = ["recipient__email", "text"]
    list_select_related = ["recipient", "action"]
    date_hierarchy = "created"
    readonly_fields = [f.name for f in Notification._meta.get_fields() if f.concrete]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(QueueVisit)
class QueueVisitAdmin(admin.ModelAdmin):
    list_display = ["user", "since", "viewed_at"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]


class RecordAdmin(admin.ModelAdmin):
    """Rows written by the services, which check what the admin would not (the approver's agency,
    the link's partnership, the exact content approved): shown here, never added or changed."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ActionLink)
class ActionLinkAdmin(RecordAdmin):
    list_display = ["action", "recommendation", "linked_by", "linked_at"]
    search_fields = ["action__title", "recommendation__title"]
    list_select_related = ["action", "recommendation", "linked_by"]


@admin.register(Approver)
class ApproverAdmin(RecordAdmin):
    list_display = ["plan", "agency", "person"]
    search_fields = ["agency__name", "person__email", "plan__inspection__partnership__name"]
    list_select_related = ["plan__inspection__partnership", "agency", "person"]


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(RecordAdmin):
    list_display = ["plan", "sent_by", "sent_at", "digest"]
    search_fields = ["plan__inspection__partnership__name", "digest"]
    list_select_related = ["plan__inspection__partnership", "sent_by"]
    date_hierarchy = "sent_at"


@admin.register(ApprovalDecision)
class ApprovalDecisionAdmin(RecordAdmin):
    list_display = ["approver", "person", "decision", "decided_at", "digest"]
    list_filter = ["decision"]
    search_fields = ["person__email", "reason", "digest"]
    list_select_related = ["approver__agency", "approver__plan", "person"]
    date_hierarchy = "decided_at"


@admin.register(Contributor)
class ContributorAdmin(RecordAdmin):
    list_display = ["name", "email", "partnership", "created_at"]
    search_fields = ["name", "email", "partnership__name"]
    list_select_related = ["partnership"]


@admin.register(NamedContributor)
class NamedContributorAdmin(RecordAdmin):
    list_display = ["action", "contributor"]
    search_fields = ["action__title", "contributor__name", "contributor__email"]
    list_select_related = ["action", "contributor"]


@admin.register(UpdateRequest)
class UpdateRequestAdmin(RecordAdmin):
    # The token's hash is left out: it is no use to read, and nothing to leak.
    exclude = ["token_hash"]
    list_display = ["contributor", "created_by", "created_at", "expires_at", "withdrawn_at"]
    search_fields = ["contributor__name", "contributor__email"]
    list_select_related = ["contributor", "created_by"]
    date_hierarchy = "created_at"


@admin.register(ContributedUpdate)
class ContributedUpdateAdmin(RecordAdmin):
    list_display = ["action", "request", "status", "submitted_at", "from_ip", "decided_by"]
    list_filter = ["status"]
    search_fields = ["action__title", "request__contributor__name", "text"]
    list_select_related = ["action", "request__contributor", "decided_by"]
    date_hierarchy = "submitted_at"


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(RecordAdmin):
    list_display = ["partnership", "closed_plan_years", "evidence_years", "changed_by"]
    search_fields = ["partnership__name"]
    list_select_related = ["partnership", "changed_by"]


@admin.register(LegalHold)
class LegalHoldAdmin(RecordAdmin):
    list_display = ["plan", "reason", "placed_by", "placed_at", "lifted_at"]
    search_fields = ["plan__inspection__partnership__name", "reason"]
    list_select_related = ["plan__inspection", "placed_by"]


@admin.register(RetentionRun)
class RetentionRunAdmin(RecordAdmin):
    list_display = ["partnership", "created_at", "applied_at", "applied_by"]
    search_fields = ["partnership__name"]
    list_select_related = ["partnership", "applied_by"]


@admin.register(UpdateRound)
class UpdateRoundAdmin(RecordAdmin):
    list_display = ["name", "plan", "closes_on", "opened_at", "closed_at", "repeats"]
    list_filter = ["repeats"]
    list_select_related = ["plan__inspection__partnership"]
    date_hierarchy = "opened_at"


@admin.register(RoundRecipient)
class RoundRecipientAdmin(RecordAdmin):
    list_display = ["round", "user", "contributor", "asked_at", "reminded_at"]
    list_select_related = ["round", "user", "contributor"]
    search_fields = ["email", "contributor__name", "user__email"]
