"""The preview holds every rule the database holds: each constraint and each field length of the
models an import creates is reported as a row error in plain words, before anything is saved.

The cases are found by reading the models, so a constraint or a length added later without a case
here fails this file."""

import csv
import io

import pytest
from django.db import models

from actionplans.plans.models import Action, ActionPlan, ProgressUpdate
from actionplans.submission.import_rows import CONSTRAINT_MESSAGES
from actionplans.submission.models import PlanImport
from inspections.models import Finding, Recommendation
from tests.actionplans.submission.test_import import upload

pytestmark = pytest.mark.django_db

IMPORTED_MODELS: list[type[models.Model]] = [Action, Recommendation, Finding, ProgressUpdate]

ROW = {
    "Recommendation reference": "9",
    "Recommendation": "Share strategy meeting records with partners",
    "Finding reference": "AFI 9",
    "Finding": "Records of strategy meetings are not shared",
    "Action reference": "9.1",
    "Action": "Send the record of every strategy meeting to partners",
    "Owner agency": "Police",
    "Named lead": "Detective Superintendent",
    "Start date": "01/08/2026",
    "Due date": "30/09/2026",
    "Revised due date": "",
    "Reason for the revised date": "",
    "Status": "In progress",
    "RAG": "Amber",
    "Latest progress": "Template agreed",
}

# A row that breaks each constraint, and what the preview must say.
BREAKING_ROWS = {
    "unique_action_reference": ({"Action reference": "1.1"}, "Action 1.1 is already in the plan"),
    "action_due_after_start": ({"Due date": "01/07/2026"}, "The due date is before the start date"),
    "action_revised_due_after_start": (
        {"Revised due date": "01/07/2026", "Reason for the revised date": "Staff shortage"},
        "The revised due date is before the start date",
    ),
    "action_revised_due_has_reason": (
        {"Revised due date": "30/10/2026"},
        "A revised due date needs a reason for the revised date",
    ),
}

# Constraints no row can break, because the import fills the fields itself; each has a test below
# that shows the import keeps it.
KEPT_BY_THE_IMPORT = {
    "complete_action_is_signed_off": "test_a_complete_action_is_signed_off_by_the_lead",
    "unique_recommendation_reference": "test_an_existing_reference_reuses_its_recommendation",
    "unique_finding_reference": "test_an_existing_reference_reuses_its_recommendation",
    "agency_response_names_its_agency": "test_imported_recommendations_come_from_the_letter",
}

# Fields with a length that the import fills from a fixed list, never from a cell.
FILLED_FROM_A_LIST = {
    (Recommendation, "source"),
    (Finding, "kind"),
    (ProgressUpdate, "rag"),
    (ProgressUpdate, "status"),
}

# The column each field with a length is read from.
LENGTH_COLUMNS = {
    (Action, "reference"): "Action reference",
    (Action, "title"): "Action",
    (Action, "lead_name"): "Named lead",
    (Action, "status"): "Status",
    (Action, "rag"): "RAG",
    (Recommendation, "reference"): "Recommendation reference",
    (Recommendation, "title"): "Recommendation",
    (Finding, "reference"): "Finding reference",
}

CONSTRAINTS = [c.name for m in IMPORTED_MODELS for c in m._meta.constraints]
LENGTHS = [
    (m, f.name)
    for m in IMPORTED_MODELS
    for f in m._meta.concrete_fields
    if getattr(f, "max_length", None) and not f.is_relation
]


def as_csv(*rows: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(ROW))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def preview_of(client, *rows: dict[str, str]):
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    response = upload(client, plan, "plan.csv", as_csv(*rows))
    assert response.status_code == 302, response.context["form"].errors
    return client.get(response.url)


def row_errors(client, changes: dict[str, str]) -> list[str]:
    response = preview_of(client, ROW | changes)
    assert response.status_code == 200
    (row,) = response.context["result"].rows
    return row.errors


def test_the_base_row_is_accepted(client, lead):
    assert row_errors(client, {}) == []


@pytest.mark.parametrize("name", CONSTRAINTS)
def test_every_constraint_is_a_row_error_in_the_preview(client, lead, name):
    assert name in CONSTRAINT_MESSAGES, f"Give constraint {name} its words in CONSTRAINT_MESSAGES"
    if name in KEPT_BY_THE_IMPORT:
        assert KEPT_BY_THE_IMPORT[name] in globals()
        return
    assert name in BREAKING_ROWS, f"Add a row that breaks constraint {name} to BREAKING_ROWS"
    changes, message = BREAKING_ROWS[name]
    errors = row_errors(client, changes)
    assert message in errors
    assert not any("Constraint" in e or "violated" in e for e in errors)


@pytest.mark.parametrize(("model", "field"), LENGTHS, ids=lambda v: getattr(v, "__name__", v))
def test_every_field_length_is_a_row_error_in_the_preview(client, lead, model, field):
    limit = model._meta.get_field(field).max_length
    if (model, field) in FILLED_FROM_A_LIST:
        choices = model._meta.get_field(field).choices
        assert choices
        assert max(len(value) for value, _ in choices) <= limit
        return
    assert (model, field) in LENGTH_COLUMNS, f"Say which column fills {model.__name__}.{field}"
    column = LENGTH_COLUMNS[(model, field)]
    errors = row_errors(client, {column: "x" * (limit + 1)})
    if model._meta.get_field(field).choices:
        assert any(e.lower().startswith(f"unknown {column.lower()}") for e in errors), errors
    else:
        assert f"{column} must be {limit:,} characters or fewer (it has {limit + 1:,})" in errors


def test_a_long_reference_is_refused_and_nothing_is_saved_on_confirm(client, lead):
    response = preview_of(client, ROW, ROW | {"Action reference": "9." + "2" * 30})
    assert response.context["result"].error_count == 1
    before = Action.objects.count()
    confirm = client.post(response.request["PATH_INFO"], {"confirm": "1"})
    assert confirm.status_code == 200
    assert Action.objects.count() == before
    assert PlanImport.objects.get().imported_at is None


def test_a_complete_action_is_signed_off_by_the_lead(client, lead):
    response = preview_of(client, ROW | {"Status": "Complete", "RAG": "Blue"})
    client.post(response.request["PATH_INFO"], {"confirm": "1"})
    action = Action.objects.get(reference="9.1")
    assert action.status == Action.Status.COMPLETE
    assert action.signed_off_by == lead
    assert action.signed_off_at is not None


def test_an_existing_reference_reuses_its_recommendation(client, lead):
    existing = Recommendation.objects.filter(
        finding__isnull=False, inspection__regime__code="jtai"
    ).first()
    assert existing is not None
    row = ROW | {
        "Recommendation reference": existing.reference,
        "Finding reference": existing.finding.reference,
    }
    response = preview_of(client, row)
    assert response.context["result"].ok
    client.post(response.request["PATH_INFO"], {"confirm": "1"})
    assert Action.objects.get(reference="9.1").recommendation == existing
    assert existing.inspection.recommendations.filter(reference=existing.reference).count() == 1
    assert Finding.objects.filter(reference=existing.finding.reference).count() == 1


def test_imported_recommendations_come_from_the_letter(client, lead):
    response = preview_of(client, ROW)
    client.post(response.request["PATH_INFO"], {"confirm": "1"})
    recommendation = Recommendation.objects.get(reference="9")
    assert recommendation.source == Recommendation.Source.LETTER
