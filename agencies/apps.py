from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Partnerships and agencies"

    def ready(self) -> None:
        # Connects the security log's receivers to the sign-in signals, and the receivers that
        # drop a person's cached state when it changes.
        from agencies import checks, security, sessions, signed_in
        from agencies.people import permissions as people_rules

        # Imported only to register their receivers, checks and named rules.
        del checks, security, sessions, signed_in, people_rules
