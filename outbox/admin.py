from django.contrib import admin

from outbox.models import Email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """What was sent, what is waiting and why: read-only, since the outbox owns every change."""

    list_display = [
        "subject",
        "to",
        "kind",
        "created_at",
        "state",
        "attempts",
        "sent_at",
        "delivery_status",
    ]
    list_filter = ["sent_at", "given_up_at", "delivery_status"]
    search_fields = ["to", "subject", "provider_id"]
    readonly_fields = [f.name for f in Email._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
