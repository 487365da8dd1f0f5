"""The Redis cache's local copies (config/cache.py): a copy saves the round trip, and a change made
anywhere is seen at the very next read, as if there were no copy at all."""

import os
import threading
from unittest import mock

import pytest
import redis

from config import cache as redis_cache
from config.cache import ReusingRedisCache

# A database of its own, whatever CACHE_URL the rest of the tests use.
URL = "redis://127.0.0.1:6379/12"
COPIED = "signed-in:user:7"
NOT_COPIED = "page:plan:7"


def _redis_is_up() -> bool:
    try:
        return bool(redis.Redis.from_url(URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(
    not _redis_is_up() and os.environ.get("REQUIRE_SERVICES", "").lower() not in ("1", "true"),
    reason="needs Redis on 127.0.0.1:6379 (CI runs it)",
)


def new_cache() -> ReusingRedisCache:
    """A cache as one web process has it: another call gives another process's."""
    return ReusingRedisCache(URL, {"OPTIONS": {"LOCAL_COPY_PREFIXES": ("signed-in:",)}})


@pytest.fixture
def here():
    redis.Redis.from_url(URL).flushdb()
    return new_cache()


@pytest.fixture
def elsewhere():
    return new_cache()


def round_trips(cache: ReusingRedisCache) -> dict[str, int]:
    """Counts the commands this thread's read connection sends from now on."""
    cache.get("warm-up")  # opens the connection
    connection = cache._cache._reader.connection
    counted = {"sent": 0}
    send_packed = connection.send_packed_command

    def counting_send_packed(*args, **kwargs):  # every command goes through it
        counted["sent"] += 1
        return send_packed(*args, **kwargs)

    connection.send_packed_command = counting_send_packed
    return counted


def test_a_copied_key_is_read_from_redis_once(here):
    here.set(COPIED, {"name": "Sam"})
    counted = round_trips(here)
    for _ in range(5):
        assert here.get(COPIED) == {"name": "Sam"}
    assert here.get_many([COPIED]) == {COPIED: {"name": "Sam"}}
    assert counted["sent"] == 1


def test_a_missing_key_is_copied_too_and_seen_once_it_is_set_elsewhere(here, elsewhere):
    counted = round_trips(here)
    assert here.get(COPIED) is None
    assert here.get(COPIED) is None
    assert counted["sent"] == 1
    elsewhere.set(COPIED, 3)
    assert here.get(COPIED) == 3


def test_other_keys_are_read_from_redis_every_time(here):
    here.set(NOT_COPIED, "<html>")
    counted = round_trips(here)
    for _ in range(3):
        assert here.get(NOT_COPIED) == "<html>"
    assert counted["sent"] == 3


@pytest.mark.parametrize("change", ["set", "delete", "delete_many", "set_many", "incr", "expire"])
def test_a_change_made_by_another_process_is_seen_at_the_next_read(here, elsewhere, change):
    for round_ in range(50):  # a race would show within a few rounds
        elsewhere.set(COPIED, 1)
        assert here.get(COPIED) == 1
        assert here.get(COPIED) == 1  # from the copy
        if change == "set":
            elsewhere.set(COPIED, round_ + 2)
            expected = round_ + 2
        elif change == "delete":
            elsewhere.delete(COPIED)
            expected = None
        elif change == "delete_many":
            elsewhere.delete_many([COPIED, "other"])
            expected = None
        elif change == "set_many":
            elsewhere.set_many({COPIED: "many", "other": 1})
            expected = "many"
        elif change == "incr":
            elsewhere.incr(COPIED)
            expected = 2
        else:  # Redis expires the key itself
            redis.Redis.from_url(URL).pexpire(here.make_key(COPIED), 1)
            outside = redis.Redis.from_url(URL)
            while outside.exists(here.make_key(COPIED)):
                pass
            outside.ping()  # see test_a_change_written_straight_to_redis_is_seen
            expected = None
        assert here.get(COPIED) == expected, f"stale after {change} in round {round_}"


def test_a_change_written_straight_to_redis_is_seen(here):
    """Not only through Django: any client on any host (redis-cli, another app). Redis tells the
    copies in the same turn of its event loop, just after the writer's reply: once the writer's
    next command is answered, they have been told."""
    for round_ in range(50):
        here.set(COPIED, "before")
        assert here.get(COPIED) == "before"
        outside = redis.Redis.from_url(URL)
        outside.set(here.make_key(COPIED), round_)
        outside.ping()
        assert here.get(COPIED) == round_


def test_a_change_made_in_another_thread_of_this_process_is_seen(here):
    here.set(COPIED, "before")
    assert here.get(COPIED) == "before"

    def change() -> None:
        new_cache().set(COPIED, "after")  # a thread has a cache object of its own, as Django's

    thread = threading.Thread(target=change)
    thread.start()
    thread.join()
    assert here.get(COPIED) == "after"


def test_emptying_the_cache_empties_the_copies(here, elsewhere):
    here.set(COPIED, 1)
    assert here.get(COPIED) == 1
    elsewhere.clear()
    assert here.get(COPIED) is None


def test_a_lost_connection_drops_its_copies_and_the_read_still_answers(here, elsewhere):
    here.set(COPIED, "before")
    assert here.get(COPIED) == "before"
    connection = here._cache._reader.connection
    client_id = connection.send_command("CLIENT", "ID") or connection.read_response()
    redis.Redis.from_url(URL).client_kill_filter(_id=client_id)
    # Redis can no longer tell this process of the change...
    elsewhere.set(COPIED, "after")
    # ...which is why a copy is never used once its connection is gone.
    assert here.get(COPIED) == "after"
    assert here.get(COPIED) == "after"
    assert here._cache._reader.connection is not connection


def test_a_copy_is_used_for_copy_seconds_at_most(here):
    here.set(COPIED, 1)
    counted = round_trips(here)
    with mock.patch.object(redis_cache.time, "monotonic", return_value=1000.0) as clock:
        here.get(COPIED)
        clock.return_value += redis_cache.COPY_SECONDS - 0.1
        here.get(COPIED)
        assert counted["sent"] == 1
        clock.return_value += 0.2
        here.get(COPIED)
        assert counted["sent"] == 2


def test_a_forked_process_does_not_use_its_parents_connection(here):
    assert here.get(COPIED) is None
    parents = here._cache._reader.connection
    with mock.patch.object(redis_cache.os, "getpid", return_value=-1):
        assert here.get(COPIED) is None
        assert here._cache._reader.connection is not parents


def test_a_redis_that_cannot_track_keys_serves_plain_reads(here):
    """Before Redis 6 there is no CLIENT TRACKING: reads still answer, nothing is copied."""
    real_send = redis.Connection.send_command

    def send(connection, *args, **kwargs):
        if args[:2] == ("CLIENT", "TRACKING"):
            raise redis.ResponseError("unknown subcommand 'TRACKING'")
        return real_send(connection, *args, **kwargs)

    here.set(COPIED, 1)
    with mock.patch.object(redis.Connection, "send_command", send):
        assert here.get(COPIED) == 1
        assert here.get(COPIED) == 1
    assert not here._cache._reader.copies
    here.set(COPIED, 2)
    assert here.get(COPIED) == 2


def test_without_the_option_nothing_is_copied():
    cache = ReusingRedisCache(URL, {})
    cache.set(COPIED, 1)
    counted = round_trips(cache)
    cache.get(COPIED)
    cache.get(COPIED)
    assert counted["sent"] == 2
    assert not cache._cache._reader.copies
