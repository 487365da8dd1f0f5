"""Django's Redis cache, without a new client object for every call.

Django's `RedisCacheClient.get_client` builds a `redis.Redis` around the connection pool on every
cache call; building one costs about a quarter of a millisecond, as much as the round trip to
Redis itself, and every signed-in request makes several calls (its session, its person). A
`redis.Redis` is safe to share between threads and keeps no connection of its own (the pool
does, and redis-py's pool starts afresh in a forked process), so one per pool is kept and reused.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    # Private parts of Django's client that its type stubs do not declare.
    _client: Any
    _get_connection_pool: Any
    _get_connection_pool_index: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
