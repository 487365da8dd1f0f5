"""Seed a large data set for `make bench`: years of plans across many partnerships.

It DROPS and recreates the database, then migrates and seeds it (with `bench.seed`, as the other
benchmarks do), so it refuses to run unless the database name says "bench". It ends by signing in
the bench manager and writing what the runner needs (session key, plan) to var/bench/seed.json.
"""

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from actionplans.measures.models import MeasureReading
from actionplans.plans.models import Action, ProgressUpdate
from agencies.models import User
from bench.seed import KINDS, seed_partnership, seed_plan, seed_police_forces


def session_for(user: User, *, second_factor: bool = False) -> str:
    """A signed-in session for the runner's requests, as signing in would make it (past the
    second step, with an authenticator app, when `second_factor`: the admin asks for it)."""
    session = SessionStore()
    if second_factor:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(24 * 3600)
    session.create()
    assert session.session_key is not None
    return session.session_key


def recreate_database(*, create: bool = True) -> None:
    """Start from a new, empty bench database (PostgreSQL only); only drop it unless `create`.

    Dropped and created rather than flushed, so that a database left by an older checkout, with
    other migrations applied, cannot get in the way.
    """
    if connection.vendor != "postgresql":
        return
    import psycopg2  # the PostgreSQL driver; only needed here

    db = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"],
        port=db["PORT"],
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
        if create:
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
    admin.close()


class Command(BaseCommand):
    help = "Empty the bench database and seed it with a large data set (see `make bench`)."
    # The checks query the database, which may not exist yet: `migrate` runs them once it does.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnerships", type=int, default=20)
        parser.add_argument("--inspections", type=int, default=60)
        parser.add_argument("--actions", type=int, default=6000)
        parser.add_argument("--updates", type=int, default=60000)
        parser.add_argument("--readings", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=6)
        parser.add_argument("--out", default=str(settings.VAR_DIR / "bench" / "seed.json"))

    def handle(self, *args: object, **options: Any) -> None:
        name = str(connection.settings_dict["NAME"])
        # SQLite's name is a path: only the file and its folder count, not a checkout that
        # happens to be called "bench" (the tests' database would be emptied).
        if connection.vendor == "sqlite":
            name = "/".join(Path(name).parts[-2:])
        if "bench" not in name:
            raise CommandError(f"seed_bench empties the database; {name!r} is not a bench one.")
        recreate_database()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        rng = random.Random(options["seed"])  # noqa: S311  (made-up data, not secrets)
        with transaction.atomic():
            info = self.seed(rng, **{k: options[k] for k in (
                "partnerships", "inspections", "actions", "updates", "readings")})  # fmt: skip
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(info, indent=2))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh planner statistics, as a live database has
        self.stdout.write(
            f"Seeded {options['partnerships']} partnerships, {options['inspections']} inspections, "
            f"{Action.objects.count()} actions, {ProgressUpdate.objects.count()} progress "
            f"updates, {MeasureReading.objects.count()} measure readings. Wrote {out}."
        )

    def seed(
        self,
        rng: random.Random,
        *,
        partnerships: int,
        inspections: int,
        actions: int,
        updates: int,
        readings: int,
    ) -> dict[str, Any]:
        today = timezone.localdate()
        password = make_password("bench-password-not-secret")
        # One police force serves four partnerships; each has its own other three agencies.
        forces = seed_police_forces(count=(partnerships + 3) // 4)
        areas = [
            seed_partnership(
                name=f"Bench area {n}",
                kinds=KINDS[1:],
                shared=[forces[n // 4]],
                managers=1 if n == 0 else 0,
                password=password,
            )
            for n in range(partnerships)
        ]
        per_plan = actions // inspections
        plans = []
        for i in range(inspections):
            # One inspection a year or so per partnership, the oldest years ago.
            years, days = i // partnerships, rng.randint(30, 200)
            plans.append(
                seed_plan(
                    area=areas[i % partnerships],
                    number=i + 1,
                    today=today,
                    fieldwork_start=today - dt.timedelta(days=365 * years + days),
                    recommendations=8,
                    actions=per_plan,
                    updates_per_action=updates // (per_plan * inspections),
                    measures=4,
                    # The readings shared out as evenly as they go (2,000 over 60 plans).
                    readings=readings // inspections + (i < readings % inspections),
                    rng=rng,
                )
            )

        # One partnership more, with one plan of 500 actions: the size at which a plan's first
        # view after a change is timed too (its manager sees only that plan).
        large_area = seed_partnership(
            name="Bench large plan",
            kinds=KINDS[1:],
            shared=[forces[0]],
            managers=1,
            password=password,
        )
        large = seed_plan(
            area=large_area,
            number=inspections + 1,
            today=today,
            fieldwork_start=today - dt.timedelta(days=60),
            recommendations=8,
            actions=500,
            updates_per_action=updates // (per_plan * inspections),
            measures=4,
            readings=readings // inspections,
            rng=rng,
        )
        manager = areas[0].managers[0]
        # For the admin changelist, measured for comparison.
        admin = User.objects.create_superuser(email="admin@bench.example", password=None)
        # The manager lands on their partnership's latest plan.
        landing = max(
            (p for p in plans if p.area is areas[0]), key=lambda p: p.inspection.fieldwork_start
        )
        return {
            "session_key": session_for(manager),
            "admin_session_key": session_for(admin, second_factor=True),
            "large_session_key": session_for(large_area.managers[0]),
            "large_plan": large.plan.pk,
            "manager": manager.email,
            "plan": landing.plan.pk,
        }
