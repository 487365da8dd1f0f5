"""The Celery application and the one place where periodic schedules live."""

import os
from pathlib import Path

from celery import Celery
from celery.schedules import crontab

import config.broker  # noqa: F401  (registers the atomicfs:// embedded broker)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The embedded result backend (file://…) needs its folder to exist before anything connects.
if app.conf.result_backend and app.conf.result_backend.startswith("file://"):
    Path(app.conf.result_backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)

app.conf.beat_schedule = {}

__all__ = ("app", "crontab")
