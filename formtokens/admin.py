from django.contrib import admin
from django.http import HttpRequest

from formtokens.models import UsedFormToken


@admin.register(UsedFormToken)
class UsedFormTokenAdmin(admin.ModelAdmin):
    # Written only by saving a create form: the admin shows them, for a support question.
    list_display = ["token", "person", "used_at"]
    list_select_related = ["person"]
    search_fields = ["token", "person__email"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
