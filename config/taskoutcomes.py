"""How Celery tasks ended, counted by task name in the shared cache, for /metrics.

A worker is several processes, on several hosts, and /metrics is answered by whichever web
process the scrape reaches: a counter in one process's memory would be a different number at
each scrape. Redis (CACHE_URL) is shared by all of them and INCR is atomic, so the count is one
number. It restarts from zero with a new release (the cache's keys carry it) or a flushed Redis;
Prometheus reads a drop as a counter reset, which rate() and increase() expect.
(docs/adr/0013-observability.md)
"""

import logging
from typing import Any

from celery.signals import task_failure, task_retry, task_success
from django.core.cache import cache

log = logging.getLogger(__name__)

OUTCOMES = ("succeeded", "failed", "retried")


def key(task_name: str, outcome: str) -> str:
    return f"task-outcome:{task_name}:{outcome}"


def record(task_name: str, outcome: str) -> None:
    """Add one to the count; never fails the task it counts."""
    try:
        cache.add(key(task_name, outcome), 0, timeout=None)
        cache.incr(key(task_name, outcome))
    except Exception:
        log.warning("could not count a task outcome", exc_info=True)


def counts(task_names: list[str]) -> dict[tuple[str, str], int]:
    """(task, outcome) -> count, for the names given (those never counted are 0)."""
    keys = {key(name, outcome): (name, outcome) for name in task_names for outcome in OUTCOMES}
    found = cache.get_many(list(keys))
    return {pair: int(found.get(k, 0)) for k, pair in keys.items()}


@task_success.connect
def _succeeded(sender: Any = None, **kwargs: Any) -> None:
    record(sender.name, "succeeded")


@task_failure.connect
def _failed(sender: Any = None, **kwargs: Any) -> None:
    record(sender.name, "failed")


@task_retry.connect
def _retried(sender: Any = None, **kwargs: Any) -> None:
    record(sender.name, "retried")
