"""A control character in what someone types breaks no document: the forms remove what XML 1.0
cannot hold, the writers do too (for text stored before, or written by the admin), and a data
migration cleans what was already stored."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.documents import spreadsheet
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate
from agencies.models import User
from demo.loader import load_demo
from inspections.models import Finding, Inspection
from tests.support import documents
from ui.text import UNSAFE

pytestmark = pytest.mark.django_db

CONTROLS = "Audit done\x07 for the\x0b CRS\x1b[31m, see \x00the \ufffe\uffff\x85report"
CLEAN = "Audit done for the CRS[31m, see the report"
# What a database can have stored: PostgreSQL refuses NUL in text, so no row can hold it.
STORED = CONTROLS.replace("\x00", "")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def plan(client, time_machine):
    """The demo on 29 September 2025, 25 days before its deadline, the lead signed in."""
    time_machine.move_to(dt.datetime(2025, 9, 29, 10, tzinfo=dt.UTC), tick=False)
    load_demo(deadline_in=25)
    client.force_login(User.objects.get(email="lead@southampton.example"))
    return ActionPlan.objects.get(inspection__regime__code="jtai")


def every_document(client, plan):
    exported = documents.exports(client, plan)
    reported = documents.board_report(client, plan)
    submitted = documents.submission(client, plan)
    return exported, reported, submitted


def test_an_update_posted_with_bel_vt_and_esc_is_saved_without_them(client, plan):
    action = Action.objects.exclude(status=Action.Status.COMPLETE).order_by("reference").first()
    client.force_login(User.objects.get(email="police@southampton.example"))
    response = client.post(
        reverse("actionplans:progress-create", args=[action.pk]),
        {"text": CONTROLS, "rag": "amber", "status": "in_progress"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert action.progress_updates.latest("created_at").text == CLEAN
    client.force_login(User.objects.get(email="lead@southampton.example"))
    exported, _, submitted = every_document(client, plan)
    assert CLEAN in documents.text_of_docx(exported["docx"])
    assert CLEAN in documents.text_of_xlsx(exported["xlsx"])
    assert CLEAN in documents.text_of_docx(submitted["docx"])


def test_text_stored_with_control_characters_still_renders_in_every_document(client, plan):
    # As a row saved before the forms cleaned text (or through the admin) would be.
    action = Action.objects.exclude(status=Action.Status.COMPLETE).order_by("reference").first()
    Action.objects.filter(pk=action.pk).update(title=f"Title {STORED}", lead_name="DI\x07 Smith")
    ProgressUpdate.objects.filter(action=action).update(text=STORED)
    Finding.objects.filter(pk=action.recommendation.finding_id).update(text=STORED)
    exported, reported, submitted = every_document(client, plan)
    word = documents.text_of_docx(exported["docx"])
    assert f"Title {CLEAN}" in word
    assert "DI Smith" in word
    assert "\x07" not in exported["csv"].decode()
    assert CLEAN in exported["csv"].decode()
    assert f"Title {CLEAN}" in documents.text_of_xlsx(exported["xlsx"])
    assert "DI Smith" in documents.text_of_pdf(exported["pdf"])
    assert f"Title {CLEAN}" in documents.text_of_docx(submitted["docx"])
    assert reported["pdf"].startswith(b"%PDF-")


def test_the_migration_cleans_text_already_stored(plan):
    action = Action.objects.get(reference="1.1")
    Action.objects.filter(pk=action.pk).update(description=STORED)
    ProgressUpdate.objects.filter(action=action).update(text=STORED)
    Finding.objects.filter(pk=action.recommendation.finding_id).update(text=STORED)
    untouched = ProgressUpdate.objects.exclude(action=action).values_list("text", flat=True)
    before = sorted(untouched)
    migration = importlib.import_module("actionplans.migrations.0011_clean_stored_text")
    migration.clean_stored_text(apps, None)
    action.refresh_from_db()
    assert action.description == CLEAN
    assert set(ProgressUpdate.objects.filter(action=action).values_list("text", flat=True)) == {
        CLEAN
    }
    assert Finding.objects.get(pk=action.recommendation.finding_id).text == CLEAN
    assert sorted(untouched) == before


def test_an_imported_spreadsheet_loses_the_control_characters_of_its_cells(client, plan):
    rows = spreadsheet.action_rows(plan)
    title = spreadsheet.HEADERS.index("Action")
    rows[0][title] = f"Title {CONTROLS}"
    # The export cleans what it writes: put the BEL back, as another system's file would hold it.
    csv_file = spreadsheet.render_csv(rows).replace("Title Audit done", "Title Audit\x07 done")
    assert "\x07" in csv_file
    inspection = Inspection.objects.create(
        partnership=plan.inspection.partnership,
        title="An empty inspection",
        theme="Neglect",
        fieldwork_start=dt.date(2026, 5, 1),
        fieldwork_end=dt.date(2026, 5, 5),
    )
    target = ActionPlan.objects.create(inspection=inspection)
    response = client.post(
        reverse("actionplans:import-upload", args=[target.pk]),
        {"file": SimpleUploadedFile("plan.csv", csv_file.encode())},
    )
    assert response.status_code == 302
    client.post(response.url, {"confirm": "1"})
    imported = Action.objects.filter(plan=target)
    assert imported.count() == len(rows)
    assert imported.filter(title=f"Title {CLEAN}").exists()
    assert not any(UNSAFE.search(a.title + a.description) for a in imported)
    documents.exports(client, target)
