"""Django's Redis cache, with less work between a cache call and Redis, and local copies of the
few keys every signed-in request reads.

Every signed-in request reads its session and its person's state (one MGET, `agencies/sessions.py`)
before it does anything else. On this machine the round trip to Redis takes about 60 µs, and
Django's and redis-py's layers around it took twice as long again; under load a request also
waits for Redis to be scheduled. Three things are done about it:

- Django's `RedisCacheClient.get_client` builds a `redis.Redis` around the connection pool on every
  call (about a quarter of a millisecond). A `redis.Redis` is safe to share between threads and
  keeps no connection of its own, so one per pool is kept and reused.
- Reads (`get`, `get_many`) go over one connection that each thread keeps for itself, instead of
  taking one from the pool and giving it back around every command (a lock, a `poll()` to check
  the connection, redis-py's retry and metrics wrappers).
- The keys named by the cache's `LOCAL_COPY_PREFIXES` option are also copied into the thread, with
  Redis's own client-side caching protocol (RESP3 `CLIENT TRACKING`): Redis remembers which keys
  this connection read and pushes an invalidation down it the moment any client, on any host,
  changes or deletes one of them (or it expires, is evicted, or the database is flushed). Before
  a copy is used, whatever Redis pushed is read first (one non-blocking `poll()`). A write of a
  copied key through this cache returns only once Redis has sent the invalidation to every
  process (`_written`), so a request that starts after the write sees the change, as if the key
  had been read from Redis. A copy is used for at most `COPY_SECONDS` in any case.

If the thread's connection fails (Redis restarted, or closed it as idle) it is dropped with every
copy it guarded, and the read goes the ordinary way, with redis-py's retries; the next read opens a
new connection. redis-py closes a connection that is interrupted between a command and its reply,
and this module then drops it too, so a reply is never taken for another command's and a copy
never outlives the connection that would have heard of its change.
"""

import contextlib
import logging
import os
import threading
import time
import weakref
from collections.abc import Iterable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

# A copy is used for at most this long, even if Redis never says it changed: a backstop, not the
# mechanism (invalidations arrive within the round trip they replace).
COPY_SECONDS = 10.0
# Copies a thread keeps; the oldest go first.
MAX_COPIES = 20_000


class _Copies(dict[str, tuple[float, bytes | None]]):
    """A thread's copies: key -> (used until, value as stored, None for a missing key)."""


class _Reader(threading.local):
    """This thread's connection for reads, and the copies it guards."""

    connection: Any = None
    pid: int | None = None  # a connection is never used across a fork: it shares the socket

    def __init__(self) -> None:
        self.copies = _Copies()


class _Unavailable(Exception):
    pass


class ReusingRedisCacheClient(RedisCacheClient):
    # Private parts of Django's client that its type stubs do not declare.
    _client: Any
    _lib: Any
    _servers: Any
    _serializer: Any
    _get_connection_pool: Any
    _get_connection_pool_index: Any

    def __init__(self, *args: Any, local_copy_prefixes: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}
        self._reader = _Reader()
        # Copies only with one server: Django spreads reads over replicas at random.
        self._copy_prefixes = tuple(local_copy_prefixes) if len(self._servers) == 1 else ()
        # Every thread's copies, for this process's own writes (a thread's go with it).
        self._every_thread: weakref.WeakValueDictionary[int, _Copies] = (
            weakref.WeakValueDictionary()
        )

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client

    # --- reads ---------------------------------------------------------------------------------

    def get(self, key: Any, default: Any) -> Any:
        try:
            value = self._fetch([key]).get(key)
        except _Unavailable:
            return super().get(key, default)
        return default if value is None else self._serializer.loads(value)

    def get_many(self, keys: Any) -> dict[Any, Any]:
        keys = list(keys)
        if not keys:
            return {}
        try:
            found = self._fetch(keys)
        except _Unavailable:
            return dict(super().get_many(keys))
        return {key: self._serializer.loads(value) for key, value in found.items()}

    def _fetch(self, keys: list[str]) -> dict[str, bytes]:
        """The stored values of `keys` (missing keys left out), from this thread's copies where it
        has them and from Redis for the rest. Raises `_Unavailable` if the connection fails."""
        reader = self._connected_reader()
        connection, copies = reader.connection, reader.copies
        found: dict[str, bytes] = {}
        wanted, to_copy, now = keys, [], 0.0
        try:
            if self._copy_prefixes:
                # Whatever Redis pushed since the last read: the copies it invalidates go first.
                while connection.can_read(0):
                    connection.read_response(push_request=True)
                now = time.monotonic()
                wanted = []
                for key in keys:
                    copy = copies.get(key)
                    if copy is None or copy[0] < now:
                        wanted.append(key)
                    elif copy[1] is not None:
                        found[key] = copy[1]
                if not wanted:
                    return found
                to_copy = [key for key in wanted if self._copied(key)]
            if to_copy:
                # OPTIN tracking: only the command after CACHING YES is remembered by Redis.
                connection.send_packed_command(
                    connection.pack_commands([("CLIENT", "CACHING", "YES"), ("MGET", *wanted)])
                )
                connection.read_response()
            else:
                connection.send_command("MGET", *wanted)
            values = connection.read_response()
        except BaseException as error:
            self._drop(reader)
            if isinstance(error, self._lib.ConnectionError | self._lib.TimeoutError | OSError):
                raise _Unavailable from error
            raise
        found.update(_present(wanted, values))
        if to_copy:
            if len(copies) > MAX_COPIES:
                for key in list(copies)[: MAX_COPIES // 10]:
                    copies.pop(key, None)
            until = now + COPY_SECONDS
            for key in to_copy:
                copies[key] = (until, found.get(key))
        return found

    def _copied(self, key: str) -> bool:
        # Django's keys read "<KEY_PREFIX>:<version>:<key>"; the prefixes name the last part. (A
        # KEY_PREFIX holding a colon makes this miss, and the key is then simply not copied.)
        return key.split(":", 2)[-1].startswith(self._copy_prefixes)

    def _connected_reader(self) -> _Reader:
        reader = self._reader
        pid = os.getpid()
        if reader.pid == pid:
            return reader
        pool = self._get_connection_pool(False)
        try:
            connection = self._tracking_connection(pool, reader.copies)
            if connection is None:
                # Taken from the pool and never given back: it stays this thread's.
                connection = pool.get_connection()
        except (self._lib.ConnectionError, self._lib.TimeoutError, OSError) as error:
            raise _Unavailable from error
        reader.copies.clear()
        reader.connection, reader.pid = connection, pid
        self._every_thread[id(reader.copies)] = reader.copies
        return reader

    def _tracking_connection(self, pool: Any, copies: _Copies) -> Any:
        """A RESP3 connection that Redis tells of changes to the keys copied from it; None
        when nothing is copied, or when this Redis cannot track keys (before Redis 6): then
        nothing is copied from now on, and the reads are plain ones."""
        if not self._copy_prefixes:
            return None
        connection = pool.connection_class(**{**pool.connection_kwargs, "protocol": 3})
        try:
            connection.connect()
            connection._parser.set_invalidation_push_handler(self._invalidated(copies))
            connection.send_command("CLIENT", "TRACKING", "ON", "OPTIN")
            connection.read_response()
        except (self._lib.ConnectionError, self._lib.TimeoutError):
            connection.disconnect()
            raise
        except self._lib.RedisError:
            connection.disconnect()
            logger.warning("Redis cannot track keys (CLIENT TRACKING): no local copies are kept.")
            self._copy_prefixes = ()
            return None
        return connection

    @staticmethod
    def _invalidated(copies: _Copies) -> Any:
        def handle(message: list[Any]) -> None:
            keys = message[1]
            if keys is None:  # the database was flushed
                copies.clear()
                return
            for key in keys:
                copies.pop(key.decode() if isinstance(key, bytes) else key, None)

        return handle

    def _drop(self, reader: _Reader) -> None:
        connection = reader.connection
        reader.connection = reader.pid = None
        reader.copies.clear()
        if connection is not None:
            with contextlib.suppress(Exception):  # already broken: nothing more to do with it
                connection.disconnect()

    # --- writes --------------------------------------------------------------------------------

    def _written(self, keys: Iterable[Any], *, everything: bool = False) -> None:
        """After a write: this process's copies of the keys go at once, and every other
        process has been sent the invalidation before the write returns."""
        if not self._copy_prefixes:
            return
        keys = list(keys)
        for copies in list(self._every_thread.values()):
            if everything:
                copies.clear()
            for key in keys:
                copies.pop(key, None)
        if everything or any(self._copied(key) for key in keys):
            # Redis sends invalidations as the event-loop turn that ran the write ends, just
            # after the write's own reply. A command sent now runs in a later turn, so once it is
            # answered every tracking connection has been sent the news: without this, a request
            # on another worker could use, for a few microseconds, a copy this write outdated.
            with contextlib.suppress(self._lib.RedisError):
                self.get_client(write=True).ping()

    def add(self, key: Any, value: Any, timeout: Any) -> Any:
        try:
            return super().add(key, value, timeout)
        finally:
            self._written([key])

    def set(self, key: Any, value: Any, timeout: Any) -> Any:
        try:
            return super().set(key, value, timeout)
        finally:
            self._written([key])

    def touch(self, key: Any, timeout: Any) -> Any:
        try:
            return super().touch(key, timeout)
        finally:
            self._written([key])

    def delete(self, key: Any) -> Any:
        try:
            return super().delete(key)
        finally:
            self._written([key])

    def incr(self, key: Any, delta: Any) -> Any:
        try:
            return super().incr(key, delta)
        finally:
            self._written([key])

    def set_many(self, data: Any, timeout: Any) -> Any:
        try:
            return super().set_many(data, timeout)
        finally:
            self._written(data)

    def delete_many(self, keys: Any) -> Any:
        keys = list(keys)
        try:
            return super().delete_many(keys)
        finally:
            self._written(keys)

    def clear(self) -> Any:
        try:
            return super().clear()
        finally:
            self._written([], everything=True)


def _present(keys: list[str], values: list[bytes | None]) -> dict[str, bytes]:
    return {key: value for key, value in zip(keys, values, strict=True) if value is not None}


class ReusingRedisCache(RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        prefixes = options.pop("LOCAL_COPY_PREFIXES", ())
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient
        self._options: dict[str, Any] = {**self._options, "local_copy_prefixes": prefixes}

    def validate_key(self, key: str) -> None:
        """Django's check warns about keys memcached would refuse (spaces, over 250 characters),
        going through every character of every key; Redis takes any key, and this cache is
        only ever Redis."""
