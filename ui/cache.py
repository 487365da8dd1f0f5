"""The shared cache (Redis in production), read and written so that its outage is a miss.

Everything kept there can be made again from the database (docs/adr/0002-no-cache-for-rights.md,
docs/adr/0004-page-bodies-keyed-by-plan-version.md), so a page whose cache is down is rendered
in full, never refused. Django's RedisCache raises redis-py's errors when the server cannot be
reached; these functions log them and carry on as if the key were absent. They go through
Django's public cache API only: no backend subclass, nothing private."""

import logging
from typing import Any

from django.core.cache import cache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# What a cache that cannot be reached raises: redis-py's errors, or the socket's own.
CACHE_DOWN = (RedisError, OSError)


def get(key: str, default: Any = None) -> Any:
    """The value under `key`, or `default` if there is none or the cache cannot be reached."""
    try:
        return cache.get(key, default)
    except CACHE_DOWN as exc:
        log.warning("The cache is down (%s): %s read as a miss", type(exc).__name__, key)
        return default


def put(key: str, value: Any, timeout: int) -> bool:
    """Keep `value` under `key` for `timeout` seconds; False if the cache cannot be reached."""
    try:
        cache.set(key, value, timeout)
    except CACHE_DOWN as exc:
        log.warning("The cache is down (%s): %s not kept", type(exc).__name__, key)
        return False
    return True


def delete(key: str) -> None:
    """Forget `key`; a cache that cannot be reached keeps it until its timeout."""
    try:
        cache.delete(key)
    except CACHE_DOWN as exc:
        log.warning("The cache is down (%s): %s not deleted", type(exc).__name__, key)
