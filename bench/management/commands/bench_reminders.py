"""Seed up to 100,000 actions and time a reminder sweep at several sizes (`make bench-reminders`).

The number of reminders due is the same at every size; only the actions that are not due grow
(signed-off ones, and open ones due later and recently started). A sweep whose cost follows what is
due takes about the same time at every size.
"""

import datetime as dt
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from actionplans.plans.models import Action, ActionPlan
from actionplans.reminders.delivery import claim_due_reminders
from actionplans.reminders.models import Reminder
from agencies.models import Agency, Membership, Partnership, User
from inspections.models import Inspection, Recommendation

NOW = timezone.make_aware(dt.datetime(2025, 10, 8, 9, 0))  # a Wednesday
TODAY = NOW.date()
PLANS = 20


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sizes", default="1000,10000,100000")
        parser.add_argument("--due", type=int, default=200, help="Actions with a reminder due.")

    def handle(self, *args: object, sizes: str, due: int, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("The benchmark writes throw-away data: run it with DEBUG on.")
        if Partnership.objects.filter(slug="benchmark").exists():
            raise CommandError("Benchmark data already exists: use an empty database.")
        plans, agency = self.seed_people_and_plans()
        self.add_due_actions(plans, agency, due)
        self.stdout.write(f"Database: {connection.vendor}; actions due a reminder: {due}")
        self.stdout.write(f"{'actions':>9} {'reminders':>9} {'1st sweep':>10} {'2nd sweep':>10}")
        for size in [int(s) for s in sizes.split(",")]:
            self.add_filler(plans, agency, size - Action.objects.count())
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum would have done after the load
            first, claimed = self.time_sweep()
            second, _ = self.time_sweep()
            Reminder.objects.all().delete()
            self.stdout.write(f"{size:>9} {claimed:>9} {first:>9.3f}s {second:>9.3f}s")

    def time_sweep(self) -> tuple[float, int]:
        started = time.perf_counter()
        claim_due_reminders(now=NOW)
        elapsed = time.perf_counter() - started
        return elapsed, Reminder.objects.count()

    @transaction.atomic
    def seed_people_and_plans(self) -> tuple[list[ActionPlan], Agency]:
        partnership = Partnership.objects.create(
            name="Benchmark partnership", slug="benchmark", local_area="Benchmark"
        )
        agency = Agency.objects.create(name="Benchmark police", short_name="Police", kind="police")
        agency.partnerships.add(partnership)
        for role, email in (
            ("lead", "bench-lead@example.org"),
            ("owner", "bench-owner@example.org"),
        ):
            user = User.objects.create_user(email)
            Membership.objects.create(
                user=user,
                partnership=partnership,
                role=role,
                agency=agency if role == "owner" else None,
            )
        plans = []
        for n in range(PLANS):
            inspection = Inspection.objects.create(
                partnership=partnership,
                title=f"Benchmark inspection {n}",
                theme="Benchmark",
                fieldwork_start=dt.date(2025, 5, 19),
                fieldwork_end=dt.date(2025, 5, 23),
                letter_published=dt.date(2025, 7, 17),
                submission_deadline=dt.date(2026, 12, 1),
            )
            Recommendation.objects.create(
                inspection=inspection, reference="R1", title="R1", lead_agency=agency
            )
            plans.append(
                ActionPlan.objects.create(
                    inspection=inspection,
                    status=ActionPlan.Status.MONITORING,
                    submitted_at=NOW - dt.timedelta(days=60),
                )
            )
        return plans, agency

    def action(self, plan: ActionPlan, agency: Agency, n: int, **fields: object) -> Action:
        recommendation = Recommendation.objects.filter(inspection_id=plan.inspection_id).first()
        return Action(
            plan=plan,
            recommendation=recommendation,
            reference=f"{n}",
            title=f"Benchmark action {n}",
            owner_agency=agency,
            lead_name="Lead",
            **fields,
        )

    def add_due_actions(self, plans: list[ActionPlan], agency: Agency, due: int) -> None:
        # Half due within 14 days, half overdue by under a week; started recently (not stale).
        start = TODAY - dt.timedelta(days=20)
        Action.objects.bulk_create(
            self.action(
                plans[n % PLANS],
                agency,
                n,
                start_date=start,
                due_date=TODAY + dt.timedelta(days=n % 14 if n % 2 else -1 - n % 6),
            )
            for n in range(due)
        )

    def add_filler(self, plans: list[ActionPlan], agency: Agency, count: int) -> None:
        """Actions with nothing due: 60% signed off, 40% open, due later, recently started."""
        first = Action.objects.count()
        recommendations = {
            r.inspection_id: r
            for r in Recommendation.objects.filter(inspection__title__startswith="Benchmark")
        }
        batch: list[Action] = []
        for n in range(first, first + count):
            plan = plans[n % PLANS]
            complete = n % 5 < 3
            batch.append(
                Action(
                    plan=plan,
                    recommendation=recommendations[plan.inspection_id],
                    reference=f"{n}",
                    title=f"Benchmark action {n}",
                    owner_agency=agency,
                    lead_name="Lead",
                    start_date=TODAY - dt.timedelta(days=400 if complete else 10),
                    due_date=TODAY - dt.timedelta(days=100)
                    if complete
                    else TODAY + dt.timedelta(days=60 + n % 300),
                    status=Action.Status.COMPLETE if complete else Action.Status.IN_PROGRESS,
                    signed_off_at=NOW - dt.timedelta(days=90) if complete else None,
                )
            )
            if len(batch) == 5000:
                Action.objects.bulk_create(batch)
                batch = []
        Action.objects.bulk_create(batch)
