from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Partnerships and agencies"

    def ready(self) -> None:
        # Connects the security log's receivers to the sign-in signals.
        from agencies import security  # noqa: F401 (imported for its signal receivers)
