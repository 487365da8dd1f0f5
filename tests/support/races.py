"""A request held in flight while another transaction commits: how the race tests make the
moment a cache-aside cache goes wrong (a read before the commit, written back after it)."""

import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client

WAIT_SECONDS = 30


@dataclass
class Held:
    """A request in flight, held after its first query that reads `table`."""

    response_status: int | None = None
    error: BaseException | None = None
    was_held: bool = False


def reads_from(table: str) -> Callable[[str], bool]:
    """A query whose rows come from `table` (not one that only looks into it in a subquery)."""
    return lambda sql: sql.split(" FROM ", 1)[-1].startswith(f'"{table}"')


def looks_into(table: str) -> Callable[[str], bool]:
    return lambda sql: f'"{table}"' in sql


def run_held_request(
    client: Client, url: str, reads: Callable[[str], bool], change: Callable[[], None]
) -> Held:
    """Make `client` GET `url` in another thread, hold it just after its first query that
    `reads`, commit `change` meanwhile, and let the request finish. Returns what became of
    it."""
    read_done, go_on = threading.Event(), threading.Event()
    held = Held()

    def hold_after_read(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not read_done.is_set() and sql.lstrip().upper().startswith("SELECT") and reads(sql):
            held.was_held = True
            read_done.set()
            go_on.wait(WAIT_SECONDS)
        return result

    def in_flight() -> None:
        try:
            with connection.execute_wrapper(hold_after_read):
                held.response_status = client.get(url).status_code
        except BaseException as exc:  # reported to the test, which fails on it
            held.error = exc
        finally:
            read_done.set()
            connection.close()

    # Whatever a cache may hold of the person has lapsed (expired, evicted, or dropped by an
    # earlier change): the request in flight reads the rows themselves.
    cache.clear()
    thread = threading.Thread(target=in_flight)
    thread.start()
    assert read_done.wait(WAIT_SECONDS), "the request never read the row"
    assert held.was_held, "the request never made the query it is held after"
    with transaction.atomic():
        change()
    go_on.set()
    thread.join(WAIT_SECONDS)
    assert not thread.is_alive()
    assert held.error is None, held.error
    assert held.response_status is not None
    assert held.response_status < 500
    return held
