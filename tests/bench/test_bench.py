"""The `make bench` driver's parts that do not need a server."""

import pytest
from django.core.management import CommandError, call_command

from bench.management.commands.run_bench import Page, Result, parse_wrk, ratio_table

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


def test_wrk_figures_of_a_second_or_more_are_read_despite_the_trailing_space():
    slow = WRK.replace("     50%  970.00us", "     50%  862.77ms").replace(
        "     99%    2.09s", "     99%    1.61s "
    )
    assert parse_wrk(slow) == (1788.4, 862.77, 1610.0)


def test_the_table_gives_each_page_as_a_ratio_to_the_anonymous_floor_with_its_target():
    def result(name: str, p50: float) -> Result:
        return Result(Page(name, "/", None), 100.0, p50, p50 * 2, 1, 3)

    plan_page = result("plan page", 3.0)
    plan_page.cold_p50_ms = 72.5
    dashboard = result("dashboard", 2.0)
    dashboard.cold_p50_ms = 31.0
    lines = ratio_table(
        [
            result("anonymous floor", 0.5),
            result("signed-in floor", 1.6),
            plan_page,
            dashboard,
            result("admin changelist", 40.0),
        ]
    )
    assert lines[2] == "| anonymous floor | 100.0 | 0.50 | 1.00 | 1.00x | 1 | 3 |  |  |  |"
    assert lines[3].endswith("| 3.20x | 1 | 3 | ≤ 3x: NOT met |  |  |")
    assert lines[4].endswith("| 6.00x | 1 | 3 | ≤ 5x: NOT met | 72.5 | ≤ 60 ms: NOT met |")
    assert lines[5].endswith("| 4.00x | 1 | 3 | ≤ 5x: met | 31.0 | ≤ 60 ms: met |")
    assert lines[6].endswith("| 80.00x | 1 | 3 |  |  |  |")  # for comparison only
