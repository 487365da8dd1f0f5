"""Seed a large data set for `make bench`: years of plans across many partnerships.

It DROPS and recreates the database, then migrates and seeds it, so it
refuses to run unless the database name says "bench". Everything is written with bulk_create.
It ends by signing in the bench manager and writing what the runner needs (session key, plan)
to var/bench/seed.json.
"""

import datetime as dt
import json
import random
from decimal import Decimal
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

from actionplans.measures.models import Measure, MeasureReading
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate, Rag
from agencies.models import Agency, Membership, Partnership, User
from inspections.models import Inspection, Recommendation

KINDS = [
    Agency.Kind.POLICE,
    Agency.Kind.CHILDRENS_SERVICES,
    Agency.Kind.HEALTH,
    Agency.Kind.EDUCATION,
]
STATUS_RAG = [
    (Action.Status.NOT_STARTED, Rag.GREEN),
    (Action.Status.IN_PROGRESS, Rag.GREEN),
    (Action.Status.IN_PROGRESS, Rag.AMBER),
    (Action.Status.IN_PROGRESS, Rag.RED),
    (Action.Status.AWAITING_SIGN_OFF, Rag.BLUE),
    (Action.Status.COMPLETE, Rag.BLUE),
]
BENCH_MANAGER = "manager@bench.example"


def recreate_database() -> None:
    """Start from a new, empty bench database (PostgreSQL only).

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
        areas = Partnership.objects.bulk_create(
            Partnership(
                name=f"Bench area {n} partnership", slug=f"bench-{n}", local_area=f"Area {n}"
            )
            for n in range(partnerships)
        )
        # One police force serves four partnerships, as Hampshire and Isle of Wight's does.
        forces = Agency.objects.bulk_create(
            Agency(name=f"Bench police force {n}", short_name=f"Police {n}", kind=KINDS[0])
            for n in range((partnerships + 3) // 4)
        )
        local = Agency.objects.bulk_create(
            Agency(name=f"{kind.label} of area {n}", short_name=f"{kind.label[:12]} {n}", kind=kind)
            for n in range(partnerships)
            for kind in KINDS[1:]
        )
        agencies_of: dict[int, list[Agency]] = {}
        links = []
        for n, area in enumerate(areas):
            agencies_of[area.pk] = [forces[n // 4], *local[n * 3 : n * 3 + 3]]
            links += [
                Agency.partnerships.through(agency_id=a.pk, partnership_id=area.pk)
                for a in agencies_of[area.pk]
            ]
        Agency.partnerships.through.objects.bulk_create(links)

        users = User.objects.bulk_create(
            User(email=f"{role}{n}-{i}@bench.example", password=password, first_name="Bench")
            for n in range(partnerships)
            for role, i in [("lead", 0), ("owner", 0), ("owner", 1), ("owner", 2), ("owner", 3)]
        )
        manager = User.objects.create(email=BENCH_MANAGER, password=password, first_name="Bench")
        memberships = [Membership(user=manager, partnership=areas[0], role=Membership.Role.MANAGER)]
        for n, area in enumerate(areas):
            lead, *owners = users[n * 5 : n * 5 + 5]
            memberships.append(Membership(user=lead, partnership=area, role=Membership.Role.LEAD))
            memberships += [
                Membership(user=u, partnership=area, agency=a, role=Membership.Role.OWNER)
                for u, a in zip(owners, agencies_of[area.pk], strict=True)
            ]
        Membership.objects.bulk_create(memberships)
        owner_of = {(m.partnership_id, m.agency_id): m.user_id for m in memberships if m.agency_id}

        # Inspections spread over the years, one every year or so per partnership.
        inspection_rows = []
        for i in range(inspections):
            area = areas[i % partnerships]
            start = today - dt.timedelta(days=365 * (i // partnerships) + rng.randint(30, 200))
            letter = start + dt.timedelta(days=56)
            inspection_rows.append(
                Inspection(
                    partnership=area,
                    title=f"Joint targeted area inspection {i} of {area.local_area}",
                    theme="Identification of initial need and risk",
                    inspectorates=["ofsted", "cqc", "hmicfrs"],
                    fieldwork_start=start,
                    fieldwork_end=start + dt.timedelta(days=4),
                    letter_published=letter,
                    submission_deadline=letter + dt.timedelta(days=98),
                    status=Inspection.Status.LETTER_PUBLISHED,
                )
            )
        all_inspections = Inspection.objects.bulk_create(inspection_rows)
        now = timezone.now()
        plans = ActionPlan.objects.bulk_create(
            ActionPlan(
                inspection=inspection,
                status=ActionPlan.Status.MONITORING,
                submitted_at=now - dt.timedelta(days=30),
            )
            for inspection in all_inspections
        )
        recommendations_of: dict[int, list[Recommendation]] = {}
        recommendation_rows = []
        for inspection in all_inspections:
            for r in range(8):
                agency = agencies_of[inspection.partnership_id][r % 4]
                recommendation_rows.append(
                    Recommendation(
                        inspection=inspection,
                        reference=str(r + 1),
                        title=f"Recommendation {r + 1}: improve the front door",
                        lead_agency=agency,
                        position=r,
                    )
                )
        for recommendation in Recommendation.objects.bulk_create(recommendation_rows):
            recommendations_of.setdefault(recommendation.inspection_id, []).append(recommendation)

        action_rows = []
        per_plan = actions // len(plans)
        for plan, inspection in zip(plans, all_inspections, strict=True):
            for a in range(per_plan):
                recommendation = recommendations_of[inspection.pk][a % 8]
                status, rag = rng.choice(STATUS_RAG)
                assert inspection.letter_published is not None
                start = inspection.letter_published + dt.timedelta(days=rng.randint(0, 60))
                due = today + dt.timedelta(days=rng.randint(-200, 200))
                due = max(due, start)
                revised = due + dt.timedelta(days=60) if rng.random() < 0.1 else None
                done = status == Action.Status.COMPLETE
                owner = recommendation.lead_agency_id
                action_rows.append(
                    Action(
                        plan=plan,
                        recommendation=recommendation,
                        reference=f"{recommendation.reference}.{a + 1}",
                        title=f"Bench action {a + 1}",
                        owner_agency_id=owner,
                        lead_name="Named lead",
                        lead_user_id=owner_of[(inspection.partnership_id, owner)],
                        start_date=start,
                        due_date=due,
                        revised_due_date=revised,
                        revised_reason="Slipped" if revised else "",
                        status=status,
                        rag=rag,
                        success_measure="A measurable improvement.",
                        signed_off_at=now - dt.timedelta(days=rng.randint(0, 90)) if done else None,
                        position=a,
                    )
                )
        all_actions = Action.objects.bulk_create(action_rows, batch_size=2000)
        plan_partnership = {
            p.pk: i.partnership_id for p, i in zip(plans, all_inspections, strict=True)
        }
        update_rows = []
        per_action = updates // len(all_actions)
        for action in all_actions:
            author = owner_of[(plan_partnership[action.plan_id], action.owner_agency_id)]
            for u in range(per_action):
                status, rag = rng.choice(STATUS_RAG[:5])
                update_rows.append(
                    ProgressUpdate(
                        action=action,
                        author_id=author,
                        date=today - dt.timedelta(days=per_action * 20 - u * 20),
                        text=f"Progress update {u + 1}.",
                        rag=rag,
                        status=status,
                    )
                )
        ProgressUpdate.objects.bulk_create(update_rows, batch_size=5000)

        measure_rows = []
        for plan, inspection in zip(plans, all_inspections, strict=True):
            for m in range(4):
                recommendation = recommendations_of[inspection.pk][m]
                measure_rows.append(
                    Measure(
                        plan=plan,
                        recommendation=recommendation,
                        name=f"% of referrals within the agreed limit ({m + 1})",
                        owner_agency_id=recommendation.lead_agency_id,
                        baseline=Decimal(rng.randint(50, 80)),
                        target=Decimal(95),
                        position=m,
                    )
                )
        measures = Measure.objects.bulk_create(measure_rows)
        reading_rows = []
        for n in range(readings):
            measure = measures[n % len(measures)]
            quarter = n // len(measures)
            reading_rows.append(
                MeasureReading(
                    measure=measure,
                    date=today - dt.timedelta(days=91 * (12 - quarter)),
                    value=Decimal(min(100, 60 + quarter * 3 + rng.randint(-5, 5))),
                    sample_size=rng.randint(40, 200),
                    author_id=owner_of[
                        (plan_partnership[measure.plan_id], measure.owner_agency_id)
                    ],
                )
            )
        MeasureReading.objects.bulk_create(reading_rows, batch_size=5000)

        session = SessionStore()
        session[SESSION_KEY] = str(manager.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = manager.get_session_auth_hash()
        session.set_expiry(24 * 3600)
        session.create()
        landing = (
            ActionPlan.objects.filter(inspection__partnership=areas[0])
            .order_by("-inspection__fieldwork_start")
            .first()
        )
        assert landing is not None
        return {
            "session_key": session.session_key,
            "manager": BENCH_MANAGER,
            "plan": landing.pk,
        }
