"""The Southampton demo: its data and the `load_demo` command. No models; product code never
imports it."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Southampton demo"
