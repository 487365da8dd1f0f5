"""The `make bench` driver's parts that do not need a server."""

import pytest
from django.core.management import CommandError, call_command

from bench.management.commands.run_bench import parse_wrk

WRK = """Running 5s test @ http://127.0.0.1:8765/healthz
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.20ms  512.00us  12.51ms   93.12%
  Latency Distribution
     50%  970.00us
     75%    1.10ms
     90%    1.50ms
     99%    2.09s
  8942 requests in 5.00s, 2.10MB read
Requests/sec:   1788.40
"""


def test_wrk_figures_are_read_in_milliseconds():
    assert parse_wrk(WRK) == (1788.4, 0.97, 2090.0)


@pytest.mark.django_db
def test_seeding_refuses_a_database_that_is_not_a_bench_one():
    with pytest.raises(CommandError, match="not a bench one"):
        call_command("seed_bench")
