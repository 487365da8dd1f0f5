from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Partnerships and agencies"

    def ready(self) -> None:
        # Registers the People pages' named rules: rules' autodiscovery looks only for rules.py.
        from agencies.people import permissions as people_rules

        del people_rules
