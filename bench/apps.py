"""The benchmarks: one seed generator and the `make bench*` commands. No models; product code
never imports it."""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    verbose_name = "Benchmarks"
