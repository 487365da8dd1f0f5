from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Partnerships and agencies"

    def ready(self) -> None:
        # Connects the security log's receivers to the sign-in signals, and the receivers that
        # drop a person's cached state when it changes.
        from agencies import checks, security, sessions, signed_in

        # Imported only to register their receivers and checks.
        del checks, security, sessions, signed_in
