"""The driver of `make bench`: serve the app with gunicorn and load it with wrk, page by page.

Run `seed_bench` first. Each page is loaded in the same run as a trivial view (`/healthz`), so
the ratio of their latencies says how much the page costs beyond Django's own floor on this
machine, whatever else the machine is doing. It also counts the queries each page makes.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

TARGET_RATIO = 3.0
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Result:
    name: str
    path: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    queries: int
    first_queries: int


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
    p50 = _found(r"^\s+50%\s+(\S+)$", output).group(1)
    p99 = _found(r"^\s+99%\s+(\S+)$", output).group(1)
    return rps, _milliseconds(p50), _milliseconds(p99)


class Command(BaseCommand):
    help = "Serve the app with gunicorn (2 workers) and measure pages with wrk (see make bench)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed-file", default=str(settings.VAR_DIR / "bench" / "seed.json"))
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--seconds", type=int, default=10)
        parser.add_argument("--connections", type=int, default=2)

    def handle(self, *args: object, **options: Any) -> None:
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (make bench installs it with apt-get).")
        seed = json.loads(Path(options["seed_file"]).read_text())
        pages = self.pages(seed)
        queries = self.count_queries(pages, seed["session_key"])
        base = f"http://127.0.0.1:{options['port']}"
        server = self.start_gunicorn(options["port"])
        try:
            self.wait_until_up(base + "/healthz", server)
            results = []
            for name, path in pages:
                self.check_page(base + path, seed["session_key"])
                rps, p50, p99 = self.load(base + path, seed["session_key"], options)
                results.append(Result(name, path, rps, p50, p99, *queries[name]))
        finally:
            server.terminate()
            server.wait(timeout=30)
        self.report(results)

    def pages(self, seed: dict[str, Any]) -> list[tuple[str, str]]:
        pages = [
            ("trivial view", reverse("healthz")),
            ("dashboard", reverse("actionplans:plan-dashboard", args=[seed["plan"]])),
            ("dashboard across", reverse("actionplans:dashboard")),
            ("plan page", reverse("actionplans:plan-detail", args=[seed["plan"]])),
        ]
        try:
            pages.append(("my actions", reverse("actionplans:my-actions")))
        except NoReverseMatch:
            self.stdout.write("No My actions page (actionplans:my-actions) yet: skipped.")
        return pages

    def count_queries(
        self, pages: list[tuple[str, str]], session_key: str
    ) -> dict[str, tuple[int, int]]:
        """Queries per page (the first request, which fills any cache, and the next one)."""
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        counts = {}
        for name, path in pages:
            numbers = []
            for _ in range(2):
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code}, not 200.")
                numbers.append(len(captured.captured_queries))
            counts[name] = (numbers[1], numbers[0])
        return counts

    def start_gunicorn(self, port: int) -> subprocess.Popen[bytes]:
        return subprocess.Popen(  # noqa: S603  (our own interpreter and fixed arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers=2",
                f"--bind=127.0.0.1:{port}",
                "--log-level=warning",
            ],
            cwd=settings.BASE_DIR,
            env={**os.environ, "ALLOWED_HOSTS": "127.0.0.1"},
        )

    def wait_until_up(self, url: str, server: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError("gunicorn exited before it served a request.")
            try:
                with urllib.request.urlopen(url, timeout=2):  # noqa: S310  (http://127.0.0.1)
                    return
            except OSError:
                time.sleep(0.3)
        raise CommandError(f"gunicorn did not answer {url} within 30 seconds.")

    def check_page(self, url: str, session_key: str) -> None:
        request = urllib.request.Request(  # noqa: S310  (http://127.0.0.1)
            url, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            if response.status != 200 or response.url != url:
                raise CommandError(f"{url} did not answer 200 (signed in?).")

    def load(
        self, url: str, session_key: str, options: dict[str, Any]
    ) -> tuple[float, float, float]:
        cookie = f"Cookie: {settings.SESSION_COOKIE_NAME}={session_key}"
        command = ["wrk", "-t1", f"-c{options['connections']}", "-H", cookie, "--latency"]
        # A short warm-up (fills each worker's cache), then the measured run.
        subprocess.run([*command, "-d2s", url], check=True, capture_output=True)  # noqa: S603
        run = subprocess.run(  # noqa: S603
            [*command, f"-d{options['seconds']}s", url], check=True, capture_output=True, text=True
        )
        if "Non-2xx" in run.stdout or "99%" not in run.stdout:
            raise CommandError(
                f"{url} answered errors under load, or too few requests:\n{run.stdout}"
            )
        return parse_wrk(run.stdout)

    def report(self, results: list[Result]) -> None:
        trivial = results[0]
        self.stdout.write("")
        self.stdout.write(
            f"{'page':18} {'requests/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'p50 ratio':>10} "
            f"{'queries':>8} {'first':>6}"
        )
        for r in results:
            self.stdout.write(
                f"{r.name:18} {r.requests_per_second:11.1f} {r.p50_ms:8.2f} {r.p99_ms:8.2f} "
                f"{r.p50_ms / trivial.p50_ms:9.2f}x {r.queries:8} {r.first_queries:6}"
            )
        self.stdout.write(
            "(queries: per request once warm; first: the first request, which fills the cache)"
        )
        dashboard = next(r for r in results if r.name == "dashboard")
        ratio = dashboard.p50_ms / trivial.p50_ms
        verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
        self.stdout.write(
            f"\nTarget (dashboard p50 within {TARGET_RATIO:g}x the trivial view's): {verdict} "
            f"({ratio:.2f}x)."
        )
