from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"

    def ready(self) -> None:
        # Registers the named rules: rules' autodiscovery looks only for `rules.py`, and an
        # unregistered rule silently answers False.
        from inspections import permissions  # noqa: F401 (imported to register its rules)
