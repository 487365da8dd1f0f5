"""The GOV.UK form kit (mixins, date fields, widgets) and template tags shared by every app.
It imports no other app of ours."""

from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "ui"
    verbose_name = "Page kit"
