"""Seed up to 100,000 actions and time a reminder sweep at several sizes (`make bench-reminders`).

The number of reminders due is the same at every size; only the actions that are not due grow
(signed-off ones, and open ones due later and recently started). A sweep whose cost follows what is
due takes about the same time at every size. The data comes from `bench.seed`.
"""

import datetime as dt
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from actionplans.plans.models import Action
from actionplans.reminders.delivery import claim_due_reminders
from actionplans.reminders.models import Reminder
from agencies.models import Agency, Partnership
from bench.seed import SeededPlan, due_soon, nothing_due, seed_actions, seed_partnership, seed_plan

NOW = timezone.make_aware(dt.datetime(2025, 10, 8, 9, 0))  # a Wednesday
TODAY = NOW.date()
PLANS = 20
NAME = "Benchmark"  # its partnership's slug, "benchmark", marks a database already seeded


def time_sweep(*, now: dt.datetime) -> tuple[float, int]:
    """How long one sweep as of `now` takes (seconds), and the reminders there are after it."""
    started = time.perf_counter()
    claim_due_reminders(now=now)
    elapsed = time.perf_counter() - started
    return elapsed, Reminder.objects.count()


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sizes", default="1000,10000,100000")
        parser.add_argument("--due", type=int, default=200, help="Actions with a reminder due.")

    def handle(self, *args: object, sizes: str, due: int, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("The benchmark writes throw-away data: run it with DEBUG on.")
        if Partnership.objects.filter(slug=NAME.lower()).exists():
            raise CommandError("Benchmark data already exists: use an empty database.")
        plans = self.seed_plans()
        seed_actions(plans=plans, count=due, shape=due_soon, today=TODAY)
        self.stdout.write(f"Database: {connection.vendor}; actions due a reminder: {due}")
        self.stdout.write(f"{'actions':>9} {'reminders':>9} {'1st sweep':>10} {'2nd sweep':>10}")
        for size in [int(s) for s in sizes.split(",")]:
            first = Action.objects.count()
            seed_actions(
                plans=plans, first=first, count=size - first, shape=nothing_due, today=TODAY
            )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum would have done after the load
            first_sweep, claimed = time_sweep(now=NOW)
            second_sweep, _ = time_sweep(now=NOW)
            Reminder.objects.all().delete()
            self.stdout.write(f"{size:>9} {claimed:>9} {first_sweep:>9.3f}s {second_sweep:>9.3f}s")

    def seed_plans(self) -> list[SeededPlan]:
        """Plans in monitoring of one partnership with one agency, so each action due reminds
        one owner; the digests add one reminder for the lead and one for the owner."""
        area = seed_partnership(name=NAME, kinds=[Agency.Kind.POLICE])
        return [
            seed_plan(
                area=area,
                number=n + 1,
                today=TODAY,
                fieldwork_start=dt.date(2025, 5, 19),
                recommendations=1,
            )
            for n in range(PLANS)
        ]
