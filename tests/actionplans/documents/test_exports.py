"""Exports: the documents say what the database says, and nothing runs when they are opened."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from actionplans.documents.spreadsheet import FORMULA_TRIGGERS, HEADERS
from actionplans.measures.models import Measure
from actionplans.plans.models import Action, ActionPlan, Rag
from actionplans.plans.selectors import plan_actions
from agencies.models import Agency, User
from demo.loader import load_demo
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(client):
    load_demo()
    client.force_login(User.objects.get(email="manager@southampton.example"))
    return ActionPlan.objects.get(inspection__regime__code="jtai")


def export(client, plan, kind):
    response = client.get(reverse("actionplans:plan-export", args=[plan.pk, kind]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content


def test_word_document_has_a_table_per_recommendation_matching_the_database(client, plan):
    word = Document(io.BytesIO(export(client, plan, "docx")))
    text = "\n".join(p.text for p in word.paragraphs)
    assert (
        "Written statement of proposed action: Southampton Safeguarding Children Partnership"
        in text
    )
    assert "24 October 2025" in "\n".join(c.text for c in word.tables[0].columns[1].cells)
    action_tables = [t for t in word.tables if t.rows[0].cells[0].text == "Ref"]
    assert len(action_tables) == plan.inspection.recommendations.count()
    exported = {row.cells[0].text: row.cells for table in action_tables for row in table.rows[1:]}
    assert set(exported) == {a.reference for a in plan_actions(plan)}
    revised = Action.objects.get(reference="1.5")
    cells = exported["1.5"]
    assert cells[1].text == revised.title
    assert "revised to 31 March 2026" in cells[3].text
    assert cells[5].text.startswith(revised.get_rag_display())
    assert revised.owner_agency.name in cells[2].text


def test_word_document_has_the_dashboards_figures_and_measures(client, plan):
    word = Document(io.BytesIO(export(client, plan, "docx")))
    by_heading = {t.rows[0].cells[0].text: t for t in word.tables}
    by_agency = {
        row.cells[0].text: [int(c.text) for c in row.cells[1:]]
        for row in by_heading["Agency"].rows[1:]
    }
    for agency in Agency.objects.filter(actions__in=plan_actions(plan)).distinct():
        *rags, total = by_agency[agency.name]
        actions = plan_actions(plan).filter(owner_agency=agency)
        assert total == actions.count()
        assert rags == [actions.filter(rag=rag).count() for rag in Rag]
    measures = by_heading["Measure"].rows[1:]
    assert [r.cells[0].text.split("\n")[0] for r in measures] == list(
        Measure.objects.filter(plan=plan)
        .order_by("position", "name", "pk")
        .values_list("name", flat=True)
    )
    ethnicity = next(r for r in measures if "ethnicity" in r.cells[0].text)
    assert ethnicity.cells[6].text == "Red"  # all actions done, the measure not moving


def test_pdf_text_matches_the_database(client, plan):
    reader = PdfReader(io.BytesIO(export(client, plan, "pdf")))
    # Table cells wrap, so compare with the whitespace folded.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for action in plan_actions(plan):
        assert action.reference in text
    assert "Written statement of proposed action" in text
    assert "AFI 3" in text
    # The dashboard's charts are drawn with their words and values.
    assert "Actions by RAG and agency" in text
    for measure in Measure.objects.filter(plan=plan).prefetch_related("readings"):
        assert measure.name in text
        assert f"Target {measure.target:.0f}%" in text
    assert reader.metadata.title == (
        "Written statement of proposed action: Southampton Safeguarding Children Partnership"
    )


def test_excel_rows_match_the_database(client, plan):
    sheet = load_workbook(io.BytesIO(export(client, plan, "xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[1]) == HEADERS  # below the title row
    by_reference = {row[HEADERS.index("Action reference")]: row for row in rows[2:]}
    assert set(by_reference) == {a.reference for a in plan_actions(plan)}
    action = Action.objects.get(reference="2.2")
    row = by_reference["2.2"]
    assert row[HEADERS.index("Owner agency")] == action.owner_agency.name
    assert row[HEADERS.index("Due date")].date() == action.due_date
    assert row[HEADERS.index("Revised due date")].date() == action.revised_due_date


def test_csv_rows_match_the_database(client, plan):
    rows = list(csv.reader(io.StringIO(export(client, plan, "csv").decode())))
    assert rows[0] == HEADERS
    assert len(rows) - 1 == len(plan_actions(plan))


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_formula_payloads_come_out_inert(client, plan, trigger):
    payload = f'{trigger}HYPERLINK("https://evil.example","x")'
    Action.objects.filter(reference="1.1").update(
        title=payload, description=payload, lead_name=payload, success_measure=payload
    )
    sheet = load_workbook(io.BytesIO(export(client, plan, "xlsx"))).active
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_TRIGGERS)
    for row in csv.reader(io.StringIO(export(client, plan, "csv").decode())):
        assert not any(value.startswith(FORMULA_TRIGGERS) for value in row)


def test_another_partnership_cannot_export_the_plan(client, plan):
    client.force_login(MembershipFactory().user)
    for kind in ("docx", "pdf", "xlsx", "csv"):
        response = client.get(reverse("actionplans:plan-export", args=[plan.pk, kind]))
        assert response.status_code == 404


def test_an_owner_export_holds_only_their_partnerships_plan(client, plan):
    other = ActionFactory(title="Portsmouth-only action")
    client.force_login(User.objects.get(email="police@southampton.example"))
    content = export(client, plan, "csv").decode()
    assert "Portsmouth-only action" not in content
    response = client.get(reverse("actionplans:plan-export", args=[other.plan.pk, "csv"]))
    assert response.status_code == 404


@pytest.mark.parametrize("actions", [10, 500])
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_export_queries_do_not_grow_with_the_plan(
    client, django_assert_max_num_queries, actions, kind
):
    first = ActionFactory()
    ActionFactory.create_batch(actions - 1, plan=first.plan, recommendation=first.recommendation)
    client.force_login(MembershipFactory(partnership=first.plan.inspection.partnership).user)
    with django_assert_max_num_queries(12):
        export(client, first.plan, kind)


def test_the_export_benchmark_prints_a_timing_per_document_and_leaves_nothing_behind():
    out = io.StringIO()
    call_command("bench_exports", actions=20, runs=1, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Exports of a plan with 20 actions, best and median of 1 runs"
    for name in ("Word (.docx)", "PDF", "Excel (.xlsx)", "Board report, Word", "Board report, PDF"):
        line = next(line for line in lines if line.strip().startswith(name))
        assert re.search(r"best +\d+\.\d\d s, median +\d+\.\d\d s +\d+ KiB +\d+ queries", line)
    assert not ActionPlan.objects.exists()
