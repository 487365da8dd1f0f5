from django.urls import path

from accounts import token_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path(
        "password/changed/",
        views.PasswordChangeDoneView.as_view(),
        name="password-change-done",
    ),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password-reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("two-factor/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/backup-codes/", views.two_factor_backup_codes, name="two-factor-backup-codes"),
    path("two-factor/remove/", views.two_factor_remove, name="two-factor-remove"),
    path("api-tokens/", token_views.access_tokens, name="access-tokens"),
    path(
        "api-tokens/<int:pk>/revoke/", token_views.access_token_revoke, name="access-token-revoke"
    ),
]
