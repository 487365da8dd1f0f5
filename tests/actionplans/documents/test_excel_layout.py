"""The Excel export reads at once: a title row naming the plan, then a frozen, filterable heading
row, wrapped text in columns sized to it, dates as dates and each RAG cell in its colour, with its
word."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.documents.figures import RAG_COLOURS
from actionplans.documents.spreadsheet import HEADERS
from actionplans.plans.models import ActionPlan, Rag
from actionplans.plans.selectors import plan_actions
from agencies.models import User
from demo.data import INSPECTION_TITLE, PARTNERSHIP_NAME
from demo.loader import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(client):
    load_demo()
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    with time_machine.travel(dt.datetime(2027, 4, 30, 9, tzinfo=dt.UTC), tick=False):
        client.force_login(User.objects.get(email="manager@southampton.example"))
        response = client.get(reverse("actionplans:plan-export", args=[plan.pk, "xlsx"]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def column(sheet, header):
    return [row[HEADERS.index(header)] for row in sheet.iter_rows(min_row=3)]


def test_a_title_row_names_the_plan_above_the_headings(sheet):
    title = sheet["A1"].value
    assert (
        title == f"{PARTNERSHIP_NAME}: {INSPECTION_TITLE}. Written statement of proposed action, "
        "produced 30 April 2027"
    )
    assert sheet["A1"].font.bold
    assert all(c.value is None for c in sheet[1][1:])
    assert [c.value for c in sheet[2]] == HEADERS


def test_the_heading_row_is_frozen_filterable_and_repeats_on_printed_pages(sheet):
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == f"A2:U{sheet.max_row}"  # to the last column, "Shared"
    assert [c.value for c in sheet[2]] == HEADERS
    assert all(c.font.bold for c in sheet[2])
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.page_setup.orientation == "landscape"


def test_text_wraps_in_columns_sized_to_what_they_hold(sheet):
    widths = {h: sheet.column_dimensions[chr(ord("A") + i)].width for i, h in enumerate(HEADERS)}
    assert widths["Action reference"] < widths["Owner agency"] < widths["Latest progress"]
    assert widths["Latest progress"] >= 50
    progress = column(sheet, "Latest progress")
    assert progress
    assert all(c.alignment.wrap_text for c in progress)


def test_each_rag_cell_has_its_word_and_colour(sheet):
    cells = column(sheet, "RAG")
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    assert len(cells) == len(plan_actions(plan))
    colours = {Rag(r).label: c for r, c in RAG_COLOURS.items()}
    seen = set()
    for cell in cells:
        assert cell.value in colours
        assert cell.fill.fgColor.rgb.endswith(colours[cell.value])
        seen.add(cell.value)
    assert len(seen) >= 3  # the demo has actions of several colours


def test_dates_are_dates_shown_in_words(sheet):
    due = column(sheet, "Due date")
    assert all(isinstance(c.value, dt.datetime | dt.date) for c in due)
    assert all(c.number_format == "d mmmm yyyy" for c in due)
