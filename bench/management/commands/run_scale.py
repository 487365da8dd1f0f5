"""The driver of `make bench-scale`: gunicorn against the seeded database, loaded by Locust.

Run `seed_scale` first. It serves the app with gunicorn (as `make bench` does), runs
bench/locustfile.py headless for a while, and prints each request name's p50 and p99 with its
count and errors against the targets: every page's p99 within `PAGE_P99_MS`, every write's within
`WRITE_P99_MS`, no errors. Then, with gunicorn stopped, it times a reminder sweep over the whole
data set (the code `make bench-reminders` times) against `SWEEP_SECONDS`. The figures are printed
as measured, targets met or not, and written to var/bench/scale-results.md.
"""

import csv
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils import timezone

from actionplans.plans.models import Action, ProgressUpdate
from bench.management.commands.bench_reminders import time_sweep
from bench.management.commands.run_bench import Command as RunBench
from bench.pages import WRITES

PAGE_P99_MS = 250.0
WRITE_P99_MS = 400.0
SWEEP_SECONDS = 60.0


@dataclass(frozen=True)
class Row:
    name: str
    count: int
    failures: int
    p50_ms: float
    p99_ms: float

    @property
    def is_write(self) -> bool:
        return self.name in WRITES


def read_stats(path: Path) -> tuple[list[Row], Row]:
    """Each request name's row of Locust's `<prefix>_stats.csv`, and the total."""
    rows, total = [], None
    with path.open(newline="") as f:
        for line in csv.DictReader(f):
            row = Row(
                name=line["Name"],
                count=int(line["Request Count"]),
                failures=int(line["Failure Count"]),
                p50_ms=float(line["50%"] if line["50%"] != "N/A" else "nan"),
                p99_ms=float(line["99%"] if line["99%"] != "N/A" else "nan"),
            )
            if line["Name"] == "Aggregated":
                total = row
            else:
                rows.append(row)
    assert total is not None, f"{path} has no Aggregated row"
    return sorted(rows, key=lambda r: (r.is_write, r.name)), total


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def table(rows: list[Row], total: Row) -> list[str]:
    """The results' lines: a row per page and per write, then the totals."""
    lines = [
        "| request | kind | count | errors | p50 ms | p99 ms | target (p99) |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        limit = WRITE_P99_MS if r.is_write else PAGE_P99_MS
        lines.append(
            f"| {r.name} | {'write' if r.is_write else 'page'} | {r.count} | {r.failures} "
            f"| {r.p50_ms:.0f} | {r.p99_ms:.0f} | ≤ {limit:g} ms: {verdict(r.p99_ms <= limit)} |"
        )
    writes = sum(r.count for r in rows if r.is_write)
    lines += [
        f"| all | {100 * writes / max(total.count, 1):.1f}% writes | {total.count} "
        f"| {total.failures} | {total.p50_ms:.0f} | {total.p99_ms:.0f} "
        f"| 0 errors: {verdict(total.failures == 0)} |",
    ]
    return lines


class Command(BaseCommand):
    help = "Serve the scale data set with gunicorn and load it with Locust (make bench-scale)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed-file", default=str(settings.VAR_DIR / "bench" / "scale.json"))
        parser.add_argument("--out", default=str(settings.VAR_DIR / "bench" / "scale-results.md"))
        parser.add_argument("--port", type=int, default=8766)
        parser.add_argument("--workers", type=int, default=3)  # two cores, and one waiting on I/O
        parser.add_argument("--users", type=int, default=20)
        parser.add_argument("--spawn-rate", type=float, default=5)
        parser.add_argument("--seconds", type=int, default=60)

    def handle(self, *args: object, **options: Any) -> None:
        runner = RunBench()
        base = f"http://127.0.0.1:{options['port']}"
        server = runner.start_gunicorn(options["port"], options["workers"])
        try:
            runner.wait_until_up(base + reverse("healthz"), server)
            with tempfile.TemporaryDirectory() as folder:
                rows, total = self.load(base, Path(folder), options)
        finally:
            server.terminate()
            server.wait(timeout=30)
        sweep, reminders = time_sweep(now=timezone.now())
        lines = [
            f"Locust: {options['users']} users (spawned {options['spawn_rate']:g}/s), "
            f"{options['seconds']} s, against gunicorn with {options['workers']} workers; "
            f"{Action.objects.count()} actions, {ProgressUpdate.objects.count()} progress updates.",
            "",
            *table(rows, total),
            "",
            f"Reminder sweep over {Action.objects.count()} actions: {sweep:.1f} s, "
            f"{reminders} reminders claimed; "
            f"≤ {SWEEP_SECONDS:g} s: {verdict(sweep <= SWEEP_SECONDS)}.",
        ]
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(lines) + "\n")
        self.stdout.write("\n" + "\n".join(lines) + f"\n\nWritten to {out}.")

    def load(self, base: str, folder: Path, options: dict[str, Any]) -> tuple[list[Row], Row]:
        prefix = folder / "scale"
        command = [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(settings.BASE_DIR / "bench" / "locustfile.py"),
            "--headless",
            f"--users={options['users']}",
            f"--spawn-rate={options['spawn_rate']}",
            f"--run-time={options['seconds']}s",
            f"--host={base}",
            f"--csv={prefix}",
            "--only-summary",
            "--loglevel=WARNING",
        ]
        env = {
            **os.environ,
            "PYTHONPATH": str(settings.BASE_DIR),
            "BENCH_SCALE_SEED": str(Path(options["seed_file"]).resolve()),
        }
        # Locust exits 1 when a request failed: the table says so, with the rest.
        run = subprocess.run(command, env=env, check=False)  # noqa: S603  (our own locust)
        stats = prefix.with_name("scale_stats.csv")
        if not stats.exists():
            raise CommandError(f"Locust stopped (exit {run.returncode}) before any results.")
        failures = prefix.with_name("scale_failures.csv")
        if failures.exists() and failures.read_text().count("\n") > 1:
            self.stdout.write("Errors, by request:\n" + failures.read_text())
        return read_stats(stats)
