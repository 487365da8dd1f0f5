from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self) -> None:
        # Registers the named rules: rules' autodiscovery looks only for `rules.py`, and an
        # unregistered rule silently answers False.
        from actionplans import permissions  # noqa: F401 (imported to register its rules)
