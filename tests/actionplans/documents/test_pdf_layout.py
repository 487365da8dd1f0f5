"""The PDF's layout, read back from the file: rules and quote bars inside the page margins, and no
heading left at the foot of a page without the start of what it heads."""

import pytest
from django.urls import reverse

from actionplans.documents import pdf
from actionplans.documents.plan import build_plan_document, section_story
from actionplans.plans.models import ActionPlan
from agencies.models import User
from demo.loader import load_demo
from tests.support.pdf_layout import strokes, text_lines

pytestmark = pytest.mark.django_db

QUOTE_GREY = (0.694, 0.706, 0.714)  # pdf.QUOTE_RULE as the PDF states it


@pytest.fixture
def plan():
    load_demo()
    return ActionPlan.objects.get(inspection__regime__code="jtai")


def test_quote_bars_and_table_rules_sit_inside_the_page_margins(client, plan):
    client.force_login(User.objects.get(email="manager@southampton.example"))
    document = client.get(reverse("actionplans:plan-export", args=[plan.pk, "pdf"])).content
    left, right = pdf.MARGIN, pdf.PAGE[0] - pdf.MARGIN
    pages = strokes(document)
    bars = [s for page in pages for s in page if s.colour == QUOTE_GREY and s.width >= 3]
    assert len(bars) >= 5  # the demo quotes a finding in each section
    for page in pages:
        for line in page:
            assert min(line.x1, line.x2) - line.width / 2 >= left - 0.01, line
            assert max(line.x1, line.x2) + line.width / 2 <= right + 0.01, line


def pages_holding(document: bytes, *texts: str) -> list[int]:
    pages = text_lines(document)
    return [
        next(n for n, page in enumerate(pages) if any(t.text.startswith(text) for t in page))
        for text in texts
    ]


def test_a_section_heading_is_never_left_at_the_foot_of_a_page(plan):
    section = build_plan_document(plan).sections[0]
    heading = f"{section.reference}. {section.title}"[:30]
    first_action = section.actions[0].reference
    # Push the section down the first page a step at a time, past every place a page could break.
    for filler in range(300, 490, 10):
        story = [pdf.spacer(filler), *section_story(section)]
        document = pdf.build(story, title="Layout", author="Tests", footer="Layout")
        on_heading, on_lead, on_row = pages_holding(document, heading, "Lead agency:", first_action)
        assert on_heading == on_lead == on_row, filler


def test_a_heading_is_kept_with_the_first_rows_of_its_table_not_the_whole_table():
    rows = [[f"Row {n}", "Text"] for n in range(1, 80)]  # longer than a page
    for filler in range(360, 490, 12):
        story = [
            pdf.spacer(filler),
            pdf.para("Actions that slipped", "h2"),
            pdf.table(["Action", "Why"], rows, [0.5, 0.5]),
        ]
        document = pdf.build(story, title="Layout", author="Tests", footer="Layout")
        on_heading, on_first_row = pages_holding(document, "Actions that slipped", "Row 1")
        assert on_heading == on_first_row, filler
        # Where the heading and two rows fit, they start on the first page: the table is split,
        # not pushed whole to the next page.
        if filler <= 380:
            assert on_heading == 0, filler
