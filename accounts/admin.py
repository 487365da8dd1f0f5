"""The admin of what sign-in keeps: organisations' identity providers and access tokens."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from accounts.organisation_sign_in import callback_url
from agencies.models import IdentityProvider, PersonalAccessToken


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "issuer", "enabled"]
    list_filter = ["enabled"]
    search_fields = ["name", "issuer", "email_domains"]
    readonly_fields = ["redirect_uri"]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "client_secret":
            # Kept on save, never shown again on the page.
            kwargs["widget"] = forms.PasswordInput(render_value=True)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Redirect URI to register with the provider")
    def redirect_uri(self, provider: IdentityProvider) -> str:
        return callback_url(provider) if provider.pk else "Shown once saved"


@admin.register(PersonalAccessToken)
class PersonalAccessTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their people on Your account; here a superuser can only see and
    revoke them (the key itself is never stored)."""

    list_display = ["name", "user", "prefix", "expires_on", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__email", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created_at", "expires_on", "last_used_at"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[PersonalAccessToken]) -> None:
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
