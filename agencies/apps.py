from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Partnerships and agencies"

    def ready(self) -> None:
        # Connects the security log's receivers to the sign-in signals, and the receivers that
        # drop a person's cached state when it changes.
        from agencies import checks, security, signed_in

        del checks, security, signed_in  # imported only to register their receivers and check
