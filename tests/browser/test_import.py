"""A lead brings in the plan the partnership already keeps in a spreadsheet, in Chromium."""

import io
from collections.abc import Sequence

import pytest
from openpyxl import Workbook

from actionplans.plans.models import Action, ActionPlan
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(*rows: Sequence[object]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADINGS = ["Rec ref", "Area for improvement", "Ref", "Action", "Lead agency", "Lead officer"]


def upload(page, name: str, content: bytes) -> None:
    page.get_by_label("Upload your action plan spreadsheet").set_input_files(
        {"name": name, "mimeType": XLSX, "buffer": content}
    )
    page.get_by_role("button", name="Upload and preview").click()


def test_lead_imports_the_partnerships_own_spreadsheet(visitor):
    load_demo()
    page = visitor.page
    visitor.sign_in("lead@southampton.example", DEMO_PASSWORD)
    visitor.goto(ActionPlan.objects.get(inspection__regime__code="jtai").get_absolute_url())
    page.get_by_role("link", name="Import from a spreadsheet").click()
    visitor.assert_accessible()

    # A sheet past a limit is refused with the limit named, and the page says what to do.
    wide = workbook(["Action"] + [f"Column {n}" for n in range(120)])
    upload(page, "wide.xlsx", wide)
    page.get_by_role("link", name="the file may have at most 100 columns").wait_for()
    visitor.assert_accessible()

    # Their own headings, a title row, a month for "By when", and one agency we do not know.
    mistaken = workbook(
        ["Southampton JTAI action plan"],
        [*HEADINGS, "By when", "Progress"],
        ["4", "Share records", "4.1", "Send records to partners", "Police", "DCI Smith",
         "March 2027", "Template agreed"],
        ["4", "Share records", "4.2", "Audit sharing", "Ministry of Magic", "DCI Smith",
         "April 2027", ""],
    )  # fmt: skip
    upload(page, "plan.xlsx", mistaken)
    page.get_by_role("heading", name="Check the import").wait_for()
    unknown = "Unknown agency “Ministry of Magic”: it does not serve this partnership"
    page.get_by_text(unknown).wait_for()
    assert page.get_by_role("button", name="Import").count() == 0
    visitor.assert_accessible()

    page.get_by_role("link", name="Upload another file").click()
    corrected = workbook(
        [*HEADINGS, "By when", "Progress"],
        ["4", "Share records", "4.1", "Send records to partners", "Police", "DCI Smith",
         "March 2027", "Template agreed"],
        ["4", "Share records", "4.2", "Audit sharing", "Police", "DCI Smith", "April 2027", ""],
    )  # fmt: skip
    upload(page, "plan.xlsx", corrected)
    page.get_by_text("2 actions will be created. Nothing has been saved yet.").wait_for()
    visitor.assert_accessible()
    page.get_by_role("button", name="Import 2 actions").click()
    page.get_by_text("2 actions imported.").wait_for()

    action = Action.objects.get(reference="4.1")
    assert action.recommendation.title == "Share records"
    assert action.progress_updates.get().text == "Template agreed"
    assert visitor.errors == []
