from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in and staying signed in: sign-in views, two-factor, organisation sign-in,
    access tokens, session lifetimes, the person a request is served for. No models: the
    people themselves (`agencies.User`) belong to the partnership domain."""

    name = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self) -> None:
        # Connects the security log's receivers to the sign-in signals.
        from accounts import security

        del security
