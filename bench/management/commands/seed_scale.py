"""Seed England's partnerships for `make bench-scale` (see `bench.scale`) and time it.

Like `seed_bench`, it DROPS and recreates the database, so it refuses one whose name does not say
"bench". It writes who the load test plays (their sessions and work) to var/bench/scale.json.
"""

import json
import os
import random
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from actionplans.plans.models import Action, ActionPlan, ProgressUpdate
from agencies.models import Partnership, User
from bench.management.commands.seed_bench import recreate_database, session_for
from bench.scale import Size, identities, seed_england


class Command(BaseCommand):
    help = "Empty the bench database and seed every partnership in England (make bench-scale)."
    requires_system_checks: list[str] = []  # the database may not exist yet

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=float(os.environ.get("BENCH_SCALE", "1")),
            help="A fraction of England's 150 partnerships (default BENCH_SCALE, else 1).",
        )
        parser.add_argument("--seed", type=int, default=150)
        parser.add_argument("--out", default=str(settings.VAR_DIR / "bench" / "scale.json"))
        parser.add_argument("--drop", action="store_true", help="Drop the database, seed nothing.")

    def handle(
        self, *args: object, scale: float, seed: int, out: str, drop: bool, **options: Any
    ) -> None:
        name = str(connection.settings_dict["NAME"])
        if connection.vendor != "postgresql" or "bench" not in name:
            raise CommandError(
                f"seed_scale empties the database; {name!r} is not a PostgreSQL bench one."
            )
        if drop:
            recreate_database(create=False)
            self.stdout.write(f"Dropped {name}.")
            return
        recreate_database()
        call_command("migrate", interactive=False, verbosity=0)
        started = time.perf_counter()
        plans = seed_england(size=Size.at(scale), rng=random.Random(seed))  # noqa: S311
        seeded = time.perf_counter() - started
        people = identities(plans, session_for=session_for)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics, as a live database has
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(people))
        self.stdout.write(
            f"Seeded at scale {scale:g}: {Partnership.objects.count()} partnerships, "
            f"{ActionPlan.objects.count()} plans, {Action.objects.count()} actions, "
            f"{ProgressUpdate.objects.count()} progress updates, {User.objects.count()} people "
            f"in {seeded:.1f} s (sessions and ANALYZE: {time.perf_counter() - started - seeded:.1f}"
            f" s more). Wrote {path}."
        )
