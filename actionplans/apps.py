from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self) -> None:
        # Registers the named rules: rules' autodiscovery looks only for `rules.py`, and an
        # unregistered rule silently answers False.
        from actionplans.measures import permissions as measure_rules
        from actionplans.plans import permissions as plan_rules

        del measure_rules, plan_rules  # imported only to register their rules
