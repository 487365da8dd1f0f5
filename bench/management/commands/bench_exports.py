"""How long Word and PDF exports of a large plan take (the target: under 2 s for 500 actions).

The plan (from `bench.seed`) has ten recommendations, three progress updates per action and a
measure per recommendation with four readings, so the PDF draws eleven charts.
"""

import datetime as dt
import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from actionplans.documents import board_report
from actionplans.documents.board_report import BoardReportDocument
from actionplans.documents.plan import build_plan_document, render_docx, render_pdf
from actionplans.documents.spreadsheet import action_rows, render_xlsx
from actionplans.plans.models import ActionPlan
from actionplans.submission.board_reports import build_board_report
from bench.seed import all_open, seed_partnership, seed_plan

# The updates fall a fortnight apart up to 29 September 2025, so the board report's period below
# holds two of each action's three; by its date every action is past due, so each one has slipped.
TODAY = dt.date(2025, 10, 13)


def board(plan: ActionPlan) -> BoardReportDocument:
    """A report whose period holds two updates of each action (1,000 rows for 500 actions)."""
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
        area = seed_partnership(name="Bench exports")
        return seed_plan(
            area=area,
            today=TODAY,
            fieldwork_start=dt.date(2025, 5, 19),
            recommendations=10,
            actions=count,
            shape=all_open,
            updates_per_action=3,
            # A measure per recommendation, a year of quarterly readings each: the PDF draws them.
            measures=10,
            readings=40,
        ).plan

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
