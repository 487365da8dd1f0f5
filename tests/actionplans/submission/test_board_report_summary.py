"""The board report opens with a paragraph a board member can read in a minute: how many actions,
how many complete, on track, at risk, off track and overdue, and where the plan stands against
its deadline. Its charts are half the size they are in the plan."""

import datetime as dt
import io

import pytest
import time_machine
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from actionplans.documents import board_report
from actionplans.documents import plan as plan_document
from actionplans.plans.models import Action, Rag
from actionplans.submission.board_reports import build_board_report
from tests.actionplans.factories import (
    ActionFactory,
    ActionPlanFactory,
    MeasureFactory,
    MeasureReadingFactory,
)
from tests.support.pdf_layout import strokes, text_lines

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)
SINCE = dt.date(2026, 1, 1)
S = Action.Status


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def plan():
    """Six actions: two complete, two on track, one at risk and one off track (both overdue)."""
    plan = ActionPlanFactory(submitted_at=dt.datetime(2025, 10, 23, 12, tzinfo=dt.UTC))
    recommendation = ActionFactory(plan=plan).recommendation
    Action.objects.all().delete()
    later = dt.date(2026, 6, 30)
    signed = timezone.now()
    for status, rag, due in [
        (S.COMPLETE, Rag.BLUE, dt.date(2026, 1, 31)),
        (S.COMPLETE, Rag.BLUE, dt.date(2026, 2, 27)),
        (S.IN_PROGRESS, Rag.GREEN, later),
        (S.NOT_STARTED, Rag.GREEN, later),
        (S.IN_PROGRESS, Rag.AMBER, dt.date(2026, 1, 31)),
        (S.IN_PROGRESS, Rag.RED, dt.date(2026, 2, 15)),
    ]:
        ActionFactory(
            plan=plan,
            recommendation=recommendation,
            status=status,
            rag=rag,
            due_date=due,
            signed_off_at=signed if status == S.COMPLETE else None,
        )
    return plan


def summary_of(plan):
    return board_report.summary(build_board_report(plan, since=SINCE, today=TODAY))


def test_the_summary_counts_the_actions_and_gives_the_deadline(plan):
    assert summary_of(plan) == (
        "The plan has 6 actions: 2 complete, 2 on track (green), 1 at risk (amber) and "
        "1 off track (red). 2 are overdue. The plan was submitted on 23 October 2025, before "
        "its deadline of 24 October 2025."
    )


def test_the_summary_opens_both_documents(plan):
    report = build_board_report(plan, since=SINCE, today=TODAY)
    expected = board_report.summary(report)
    word = Document(io.BytesIO(board_report.render_docx(report)))
    paragraphs = [p.text for p in word.paragraphs if p.text.strip()]
    assert paragraphs[0] == report.heading
    assert paragraphs[1] == expected
    reader = PdfReader(io.BytesIO(board_report.render_pdf(report)))
    first_page = " ".join(reader.pages[0].extract_text().split())
    assert first_page.startswith(f"{report.heading} {expected}")


@pytest.mark.parametrize(
    ("submitted", "deadline", "sentence"),
    [
        (None, dt.date(2026, 3, 20), "The plan is due to be submitted by 20 March 2026."),
        (
            None,
            dt.date(2026, 2, 20),
            "The plan has not been submitted and its deadline, 20 February 2026, has passed.",
        ),
        (
            dt.datetime(2025, 10, 24, 9, tzinfo=dt.UTC),
            dt.date(2025, 10, 24),
            "The plan was submitted on 24 October 2025, its deadline.",
        ),
        (
            dt.datetime(2025, 10, 27, 9, tzinfo=dt.UTC),
            dt.date(2025, 10, 24),
            "The plan was submitted on 27 October 2025, after its deadline of 24 October 2025.",
        ),
        (None, None, "No submission deadline is set."),
    ],
)
def test_the_summary_says_where_the_plan_stands_against_its_deadline(
    plan, submitted, deadline, sentence
):
    plan.submitted_at = submitted
    plan.save()
    plan.inspection.submission_deadline = deadline
    plan.inspection.letter_published = None  # no deadline counted from the letter either
    plan.inspection.save()
    assert summary_of(plan).endswith(sentence)


def test_one_action_and_none_overdue_read_as_plain_words(plan):
    Action.objects.exclude(rag=Rag.GREEN).delete()
    Action.objects.filter(status=S.NOT_STARTED).delete()
    assert summary_of(plan).startswith(
        "The plan has 1 action: 1 on track (green). None is overdue."
    )
    Action.objects.all().delete()
    assert summary_of(plan).startswith("The plan has no actions yet.")


def chart_widths(document: bytes) -> list[float]:
    """The width of each chart's plotting area, from its horizontal grid lines (grey, 1 point)."""
    widths = []
    for page in strokes(document):
        grid = [s for s in page if s.colour == GRID and s.y1 == s.y2 and s.width < 1.5]
        widths += sorted({round(s.x2 - s.x1, 1) for s in grid})
    return widths


GRID = (0.694, 0.706, 0.714)


def test_the_reports_charts_are_half_as_wide_as_the_plans_and_their_words_readable(plan):
    measure = MeasureFactory(plan=plan)
    for value in (82, 86, 90):
        MeasureReadingFactory(measure=measure, value=value, date=dt.date(2026, 1, value - 80))
    report = board_report.render_pdf(build_board_report(plan, since=SINCE, today=TODAY))
    whole = plan_document.render_pdf(plan_document.build_plan_document(plan))
    (in_report,), (in_plan,) = chart_widths(report), chart_widths(whole)
    assert 0.35 <= in_report / in_plan <= 0.6
    assert min(t.size for page in text_lines(report) for t in page) >= 7
