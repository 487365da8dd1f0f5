"""A real Celery worker process runs tasks sent through the configured broker."""

import pytest

from config.celery import app

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_process_runs_a_task_through_the_broker(celery_worker_process):
    # celery.accumulate is Celery's own built-in task: it returns its arguments.
    result = app.send_task("celery.accumulate", args=(1, 2, 3))
    assert result.get(timeout=60) == [1, 2, 3]
