"""Expired sessions are deleted daily, so the database keeps no sign-in beyond its life."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.tasks import clear_expired_sessions
from config.celery import app


@pytest.mark.django_db
def test_the_daily_task_deletes_expired_sessions_and_keeps_live_ones():
    now = timezone.now()
    Session.objects.create(
        session_key="expired" + "x" * 25, session_data="", expire_date=now - dt.timedelta(hours=1)
    )
    Session.objects.create(
        session_key="live" + "x" * 28, session_data="", expire_date=now + dt.timedelta(hours=1)
    )

    clear_expired_sessions.apply().get()

    assert list(Session.objects.values_list("session_key", flat=True)) == ["live" + "x" * 28]


def test_it_is_scheduled():
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "accounts.tasks.clear_expired_sessions" in tasks
