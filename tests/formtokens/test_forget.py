"""Used form tokens are kept only as long as a page could still be posted again: a week."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.utils import timezone

from formtokens.models import UsedFormToken
from formtokens.tasks import forget_old_form_tokens
from tests.agencies.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_tokens_older_than_a_week_are_forgotten_and_newer_ones_kept():
    person = UserFactory()
    now = timezone.now()
    old = UsedFormToken.objects.create(
        token=uuid.uuid4(), person=person, used_at=now - dt.timedelta(days=8)
    )
    recent = UsedFormToken.objects.create(
        token=uuid.uuid4(), person=person, used_at=now - dt.timedelta(days=6)
    )
    with time_machine.travel(now, tick=False):
        assert forget_old_form_tokens() == 1
    assert list(UsedFormToken.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not UsedFormToken.objects.filter(pk=old.pk).exists()


def test_the_clean_up_is_on_the_schedule():
    from config.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "formtokens.tasks.forget_old_form_tokens" in tasks
