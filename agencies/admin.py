from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from agencies.models import (
    Agency,
    Invitation,
    Membership,
    Partnership,
    User,
)
from agencies.people.services import revoke_invitation
from agencies.people.signals import person_added


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["partnership", "agency"]


class TellsNewMembers:
    """A membership a superuser adds in the admin is told to its person, as one a lead gives
    on the People page is (agencies.people.signals)."""

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        new = [f.instance for f in formset.forms if f.instance.pk is None and f.has_changed()]
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        for membership in new:
            if isinstance(membership, Membership) and membership.pk is not None:
                person_added.send(sender=Membership, membership=membership, by=request.user)


@admin.register(User)
class UserAdmin(TellsNewMembers, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "job_title", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "memberships__role", "memberships__partnership"]
    search_fields = ["email", "first_name", "last_name", "job_title"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("first_name", "last_name", "job_title")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Partnership)
class PartnershipAdmin(TellsNewMembers, admin.ModelAdmin):
    list_display = ["name", "local_area", "leads_require_two_factor"]
    search_fields = ["name", "local_area"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind", "partnerships"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["partnerships"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "partnership", "role", "agency"]
    list_filter = ["role", "partnership", "agency"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "partnership", "agency"]
    list_select_related = ["user", "partnership", "agency"]

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            person_added.send(sender=Membership, membership=obj, by=request.user)


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    """Leads invite people from their partnership's People page; here a superuser can see the
    invitations and their history, and withdraw them (the link itself is never stored)."""

    list_display = [
        "email",
        "partnership",
        "role",
        "agency",
        "sent_at",
        "expires_at",
        "accepted_at",
    ]
    list_filter = ["role", "partnership"]
    search_fields = ["email"]
    list_select_related = ["partnership", "agency"]
    readonly_fields = [
        "partnership",
        "email",
        "role",
        "agency",
        "invited_by",
        "created_at",
        "sent_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]
    exclude = ["token_hash"]
    actions = ["withdraw"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Withdraw the selected invitations")
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        # Through the service, one by one, so each goes to the security log and the history.
        assert isinstance(request.user, User)
        for invitation in queryset.pending():  # type: ignore[attr-defined]
            revoke_invitation(invitation=invitation, by=request.user)
