"""How long Word and PDF exports of a large plan take (the target: under 2 s for 500 actions).

The plan has ten recommendations, three progress updates per action and a measure per
recommendation with four readings, so the PDF draws eleven charts.
"""

import datetime as dt
import statistics
import time
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from actionplans.documents import board_report
from actionplans.documents.board_report import BoardReportDocument
from actionplans.documents.plan import build_plan_document, render_docx, render_pdf
from actionplans.documents.spreadsheet import action_rows, render_xlsx
from actionplans.measures.models import Measure, MeasureReading
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate, Rag
from actionplans.submission.board_reports import build_board_report
from agencies.models import Agency, Partnership, User
from inspections.models import Finding, Inspection, Recommendation


def board(plan: ActionPlan) -> BoardReportDocument:
    """A report whose period holds 500 completed actions' worth of updates (1,000 rows)."""
    return build_board_report(plan, since=dt.date(2025, 9, 10), today=dt.date(2026, 6, 1))


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the Word, PDF and Excel exports of a generated plan (rolled back afterwards)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--actions", type=int, default=500)
        parser.add_argument("--runs", type=int, default=3)

    def handle(self, *args: Any, actions: int, runs: int, **options: Any) -> None:
        try:
            with transaction.atomic():
                plan = self.seed(actions)
                self.measure(plan, runs)
                raise Rollback
        except Rollback:
            pass

    def seed(self, count: int) -> ActionPlan:
        partnership = Partnership.objects.create(
            name="Bench partnership", slug="bench-exports", local_area="Bench"
        )
        agencies = [
            Agency.objects.create(name=f"Bench agency {i}", short_name=f"B{i}", kind="police")
            for i in range(4)
        ]
        author = User.objects.create_user("bench-exports@example.org")
        inspection = Inspection.objects.create(
            partnership=partnership,
            title="Bench inspection",
            theme="Bench",
            fieldwork_start=dt.date(2025, 5, 19),
            fieldwork_end=dt.date(2025, 5, 23),
        )
        plan = ActionPlan.objects.create(inspection=inspection)
        recommendations = []
        for i in range(10):
            finding = Finding.objects.create(
                inspection=inspection,
                kind="area_for_improvement",
                reference=f"AFI {i}",
                text="x" * 200,
            )
            recommendations.append(
                Recommendation.objects.create(
                    inspection=inspection,
                    finding=finding,
                    reference=str(i),
                    title=f"Recommendation {i}",
                    lead_agency=agencies[i % 4],
                )
            )
        rows = Action.objects.bulk_create(
            Action(
                plan=plan,
                recommendation=recommendations[i % 10],
                reference=f"{i % 10}.{i}",
                title=f"Action {i}: audit, train and report on the front door " * 2,
                owner_agency=agencies[i % 4],
                lead_name="Head of service",
                start_date=dt.date(2025, 8, 1),
                due_date=dt.date(2026, 3, 31),
                rag=list(Rag)[i % 4],
                success_measure="95% of referrals within the agreed limit, audited quarterly",
            )
            for i in range(count)
        )
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(
                action=a,
                author=author,
                date=dt.date(2025, 9, d),
                text="Progress " * 20,
                rag="green",
                status="in_progress",
            )
            for a in rows
            for d in (1, 15, 29)
        )
        # A measure per recommendation with a year of quarterly readings: the PDF draws each chart.
        for i, recommendation in enumerate(recommendations):
            measure = Measure.objects.create(
                plan=plan,
                recommendation=recommendation,
                name=f"Referrals decided within one working day ({i})",
                baseline=Decimal(60),
                target=Decimal(95),
                owner_agency=agencies[i % 4],
            )
            MeasureReading.objects.bulk_create(
                MeasureReading(
                    measure=measure,
                    date=dt.date(2025, month, 1),
                    value=Decimal(60 + month + i),
                    author=author,
                )
                for month in (3, 6, 9, 12)
            )
        return plan

    def measure(self, plan: ActionPlan, runs: int) -> None:
        count = plan.actions.count()
        self.stdout.write(f"Exports of a plan with {count} actions, best and median of {runs} runs")
        for name, render in (
            ("Word (.docx)", lambda: render_docx(build_plan_document(plan))),
            ("PDF", lambda: render_pdf(build_plan_document(plan))),
            ("Excel (.xlsx)", lambda: render_xlsx(action_rows(plan))),
            ("Board report, Word", lambda: board_report.render_docx(board(plan))),
            ("Board report, PDF", lambda: board_report.render_pdf(board(plan))),
        ):
            render()  # warm up: fonts, templates
            timings = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    size = len(render())
                    timings.append(time.perf_counter() - start)
            if name.startswith("Board"):
                verdict = "no target; the report lists 1,500 progress updates"
            else:
                verdict = ("within" if min(timings) < 2 else "OVER") + " the 2 s target"
            median = statistics.median(timings)
            self.stdout.write(
                f"  {name:20} best {min(timings):5.2f} s, median {median:5.2f} s"
                f"  {size / 1024:7.0f} KiB  {len(queries)} queries  ({verdict})"
            )
