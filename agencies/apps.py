from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Partnerships and agencies"

    def ready(self) -> None:
        # Connects the security log's receivers to the sign-in signals, and the receivers that
        # drop a person's cached state when it changes.
        from agencies import checks, security, signed_in
        from agencies.people import permissions as people_rules

        # imported only to register their receivers, check and named rules
        del checks, security, signed_in, people_rules
