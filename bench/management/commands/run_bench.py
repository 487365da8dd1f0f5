"""The driver of `make bench`: serve the app with gunicorn and load it with wrk, page by page.

Run `seed_bench` first. Every page is measured in the same run as the **anonymous floor**: a
view that touches no database and gets no cookie (`/healthz`), the least a request can cost on
this machine whatever else it is doing. Each page's p50 is printed as a ratio to it, beside the
**signed-in floor** (the same view with a session cookie: what being signed in costs), with the
queries each page makes. The table is also written to var/bench/results.md.

Each page of a plan is also timed on its **first view after a change** (cold): the plan gets a
new version, as every write to it does, so the next request renders the body afresh; the p50 of
`COLD_RUNS` such views, one at a time, against a target of `COLD_TARGET_MS`.

A second pass serves with 4 workers and loads with 16 connections, for the throughput that
capacity planning needs.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.plans.page_cache import bump_plan

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# How long gunicorn may take to answer its first request: importing the app on a loaded 2-core
# machine has taken over 30 seconds.
STARTUP_SECONDS = 120
# Each target: the most a page's p50 may be, as a multiple of the anonymous floor's.
TARGETS = {
    "signed-in floor": 3.0,
    "dashboard": 5.0,
    "dashboard across": 5.0,
    "plan page": 5.0,
    "my actions": 5.0,
    "home": 5.0,
    "plan page (500 actions)": 5.0,
    "dashboard (500 actions)": 5.0,
}
# The first view of a page after a change to its plan: views timed, and the p50 to meet.
COLD_RUNS = 15
COLD_TARGET_MS = 60.0


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    session: str | None  # the session cookie it is requested with; None for no cookie
    plan: int | None = None  # the plan whose change makes its body cold; None: not timed cold


@dataclass
class Result:
    page: Page
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    queries: int
    first_queries: int
    cold_p50_ms: float | None = None


def _found(pattern: str, text: str) -> re.Match[str]:
    match = re.search(pattern, text, re.M)
    if match is None:
        raise ValueError(f"wrk printed nothing matching {pattern!r}:\n{text}")
    return match


def _milliseconds(text: str) -> float:
    number, unit = _found(r"^([\d.]+)(us|ms|s)$", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output: str) -> tuple[float, float, float]:
    """Requests per second, p50 and p99 (ms) from `wrk --latency` output."""
    rps = float(_found(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _found(r"^\s+50%\s+(\S+)\s*$", output).group(1)
    p99 = _found(r"^\s+99%\s+(\S+)\s*$", output).group(1)
    return rps, _milliseconds(p50), _milliseconds(p99)


def ratio_table(results: list[Result]) -> list[str]:
    """The table's lines, ratios to the anonymous floor (the first result)."""
    floor = results[0].p50_ms
    lines = [
        "| page | requests/s | p50 ms | p99 ms | p50 ratio | queries | first | target "
        "| cold p50 ms | cold target |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for r in results:
        ratio = r.p50_ms / floor
        target = TARGETS.get(r.page.name)
        verdict = (
            "" if target is None else f"≤ {target:g}x: {'met' if ratio <= target else 'NOT met'}"
        )
        cold, cold_verdict = "", ""
        if r.cold_p50_ms is not None:
            cold = f"{r.cold_p50_ms:.1f}"
            met = "met" if r.cold_p50_ms <= COLD_TARGET_MS else "NOT met"
            cold_verdict = f"≤ {COLD_TARGET_MS:g} ms: {met}"
        lines.append(
            f"| {r.page.name} | {r.requests_per_second:.1f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} "
            f"| {ratio:.2f}x | {r.queries} | {r.first_queries} | {verdict} | {cold} "
            f"| {cold_verdict} |"
        )
    return lines


class Command(BaseCommand):
    help = "Serve the app with gunicorn and measure pages with wrk (see make bench)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed-file", default=str(settings.VAR_DIR / "bench" / "seed.json"))
        parser.add_argument("--out", default=str(settings.VAR_DIR / "bench" / "results.md"))
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--seconds", type=int, default=10)

    def handle(self, *args: object, **options: Any) -> None:
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (make bench installs it with apt-get).")
        seed = json.loads(Path(options["seed_file"]).read_text())
        pages = self.pages(seed)
        queries = self.count_queries(pages)
        results = self.measure(pages, options, workers=2, connections=2, cold=True)
        for r in results:
            r.queries, r.first_queries = queries[r.page.name]
        capacity = self.measure(pages, options, workers=4, connections=16)
        lines = [
            f"Latency: gunicorn with 2 workers, wrk with 2 connections, {options['seconds']} s a "
            "page; ratios to the anonymous floor's p50.",
            "",
            *ratio_table(results),
            "",
            "queries: per request once warm; first: the first request, which fills the caches. "
            f"cold: the p50 of {COLD_RUNS} first views after a change to the plan, one at a time.",
            "",
            "Capacity: gunicorn with 4 workers, wrk with 16 connections.",
            "",
            "| page | requests/s | p50 ms | p99 ms |",
            "|---|---:|---:|---:|",
            *(
                f"| {r.page.name} | {r.requests_per_second:.1f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} |"
                for r in capacity
            ),
        ]
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(lines) + "\n")
        self.stdout.write("\n" + "\n".join(lines) + f"\n\nWritten to {out}.")

    def pages(self, seed: dict[str, Any]) -> list[Page]:
        manager, admin = seed["session_key"], seed["admin_session_key"]
        plan, large, large_plan = seed["plan"], seed["large_session_key"], seed["large_plan"]
        pages = [
            Page("anonymous floor", reverse("healthz"), None),
            Page("signed-in floor", reverse("healthz"), manager),
            Page("dashboard", reverse("actionplans:plan-dashboard", args=[plan]), manager, plan),
            Page("dashboard across", reverse("actionplans:dashboard"), manager, plan),
            Page("plan page", reverse("actionplans:plan-detail", args=[plan]), manager, plan),
            Page("my actions", reverse("actionplans:my-actions"), manager, plan),
            Page(
                "plan page (500 actions)",
                reverse("actionplans:plan-detail", args=[large_plan]),
                large,
                large_plan,
            ),
            Page(
                "dashboard (500 actions)",
                reverse("actionplans:plan-dashboard", args=[large_plan]),
                large,
                large_plan,
            ),
        ]
        if self.is_a_page(reverse("actionplans:home"), manager):
            pages.append(Page("home", reverse("actionplans:home"), manager, plan))
        else:
            self.stdout.write("home: not measured (it did not answer 200 for the bench manager).")
        pages.append(Page("admin changelist", "/admin/actionplans/action/", admin))
        return pages

    def client(self, session: str | None) -> Client:
        client = Client(HTTP_HOST="127.0.0.1")
        if session is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = session
        return client

    def is_a_page(self, path: str, session: str) -> bool:
        return self.client(session).get(path).status_code == 200

    def count_queries(self, pages: list[Page]) -> dict[str, tuple[int, int]]:
        """Queries per page: the next request once warm, and the first (which fills caches)."""
        counts = {}
        for page in pages:
            client = self.client(page.session)
            numbers = []
            for _ in range(2):
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(page.path)
                if response.status_code != 200:
                    raise CommandError(f"{page.path} answered {response.status_code}, not 200.")
                numbers.append(len(captured.captured_queries))
            counts[page.name] = (numbers[1], numbers[0])
        return counts

    def measure(
        self,
        pages: list[Page],
        options: dict[str, Any],
        *,
        workers: int,
        connections: int,
        cold: bool = False,
    ) -> list[Result]:
        base = f"http://127.0.0.1:{options['port']}"
        server = self.start_gunicorn(options["port"], workers)
        try:
            self.wait_until_up(base + reverse("healthz"), server)
            results = []
            for page in pages:
                self.check_page(base + page.path, page.session)
                rps, p50, p99 = self.load(base + page.path, page.session, options, connections)
                result = Result(page, rps, p50, p99, 0, 0)
                if cold and page.plan is not None:
                    result.cold_p50_ms = self.cold_p50(base + page.path, page)
                results.append(result)
            return results
        finally:
            server.terminate()
            server.wait(timeout=30)

    def cold_p50(self, url: str, page: Page) -> float:
        """The p50 (ms) of the page's first view after each of `COLD_RUNS` changes to its plan."""
        assert page.plan is not None
        headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={page.session}"}
        times = []
        for _ in range(COLD_RUNS):
            with transaction.atomic():
                bump_plan(page.plan)  # what every write to one of the plan's rows does
            request = urllib.request.Request(url, headers=headers)  # noqa: S310  (127.0.0.1)
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                response.read()
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    def start_gunicorn(self, port: int, workers: int) -> subprocess.Popen[bytes]:
        return subprocess.Popen(  # noqa: S603  (our own interpreter and fixed arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                f"--workers={workers}",
                f"--bind=127.0.0.1:{port}",
                "--log-level=warning",
            ],
            cwd=settings.BASE_DIR,
            env={**os.environ, "ALLOWED_HOSTS": "127.0.0.1"},
        )

    def wait_until_up(self, url: str, server: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError("gunicorn exited before it served a request.")
            try:
                with urllib.request.urlopen(url, timeout=2):  # noqa: S310  (http://127.0.0.1)
                    return
            except OSError:
                time.sleep(0.3)
        raise CommandError(f"gunicorn did not answer {url} within {STARTUP_SECONDS} seconds.")

    def check_page(self, url: str, session: str | None) -> None:
        headers = {} if session is None else {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}
        request = urllib.request.Request(url, headers=headers)  # noqa: S310  (http://127.0.0.1)
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            if response.status != 200 or response.url != url:
                raise CommandError(f"{url} did not answer 200 (signed in?).")

    def load(
        self, url: str, session: str | None, options: dict[str, Any], connections: int
    ) -> tuple[float, float, float]:
        command = ["wrk", "-t1" if connections <= 2 else "-t2", f"-c{connections}", "--latency"]
        if session is not None:
            command += ["-H", f"Cookie: {settings.SESSION_COOKIE_NAME}={session}"]
        # A short warm-up (fills each worker's caches and connections), then the measured run.
        subprocess.run([*command, "-d2s", url], check=True, capture_output=True)  # noqa: S603
        run = subprocess.run(  # noqa: S603
            [*command, f"-d{options['seconds']}s", url], check=True, capture_output=True, text=True
        )
        if "Non-2xx" in run.stdout or "99%" not in run.stdout:
            raise CommandError(
                f"{url} answered errors under load, or too few requests:\n{run.stdout}"
            )
        return parse_wrk(run.stdout)
