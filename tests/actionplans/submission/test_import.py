"""Importing a partnership's own spreadsheet: preview first, then all rows or none."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.documents import spreadsheet
from actionplans.plans.models import Action, ActionPlan
from actionplans.submission.models import PlanImport
from agencies.models import Agency, User
from inspections.models import Inspection, Recommendation

pytestmark = pytest.mark.django_db


def empty_plan() -> ActionPlan:
    demo = Inspection.objects.get()
    inspection = Inspection.objects.create(
        partnership=demo.partnership,
        title="An empty inspection",
        theme="Neglect",
        fieldwork_start=dt.date(2026, 5, 1),
        fieldwork_end=dt.date(2026, 5, 5),
    )
    return ActionPlan.objects.create(inspection=inspection)


def upload(client, plan, name, content):
    return client.post(
        reverse("actionplans:import-upload", args=[plan.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_export_then_import_into_an_empty_inspection_gives_the_same_plan(client, lead):
    source = ActionPlan.objects.get()
    xlsx = spreadsheet.render_xlsx(spreadsheet.action_rows(source))
    target = empty_plan()
    response = upload(client, target, "plan.xlsx", xlsx)
    staged = PlanImport.objects.get()
    assert response.url == reverse("actionplans:import-preview", args=[target.pk, staged.pk])
    preview = client.get(response.url)
    assert preview.context["result"].ok
    client.post(response.url, {"confirm": "1"})

    def shape(plan):
        return [
            (
                a.recommendation.reference,
                a.recommendation.title,
                a.recommendation.lead_agency_id,
                a.recommendation.finding.reference if a.recommendation.finding else None,
                a.reference,
                a.title,
                a.owner_agency_id,
                a.lead_name,
                sorted(a.contributing_agencies.values_list("pk", flat=True)),
                a.start_date,
                a.due_date,
                a.revised_due_date,
                a.revised_reason,
                a.status,
                a.rag,
                a.success_measure,
            )
            for a in Action.objects.filter(plan=plan).order_by("reference")
        ]

    assert shape(target) == shape(source)
    assert len(shape(target)) == 17


def test_rows_in_error_are_shown_and_nothing_is_saved(client, lead):
    target = empty_plan()
    content = (
        b"Recommendation reference,Recommendation,Action reference,Action,Owner agency,"
        b"Named lead,Start date,Due date\n"
        b"1,Improve referrals,1.1,Audit,Police,Lead,01/08/2026,30/09/2026\n"
        b"1,Improve referrals,1.2,Train,Ministry of Magic,Lead,01/08/2026,30/09/2026\n"
        b"1,Improve referrals,1.3,Report,Police,Lead,31/02/2026,30/09/2026\n"
    )
    response = client.get(upload(client, target, "plan.csv", content).url)
    body = response.content.decode()
    result = response.context["result"]
    assert not result.ok
    assert result.error_count == 2
    assert "Unknown agency “Ministry of Magic”" in body
    assert "Start date “31/02/2026” is not a date" in body
    staged = PlanImport.objects.get()
    client.post(
        reverse("actionplans:import-preview", args=[target.pk, staged.pk]), {"confirm": "1"}
    )
    assert not Action.objects.filter(plan=target).exists()
    assert not Recommendation.objects.filter(inspection=target.inspection).exists()


def test_columns_can_be_matched_by_hand(client, lead):
    target = empty_plan()
    content = (
        b"Rec,Rec title,Ref,What,Who,Lead person,From,To\n"
        b"1,Improve referrals,1.1,Audit,Police,Lead,2026-08-01,2026-09-30\n"
    )
    url = upload(client, target, "plan.csv", content).url
    assert not client.get(url).context["result"].ok
    mapping = {
        "map-recommendation_reference": 0,
        "map-recommendation": 1,
        "map-reference": 2,
        "map-title": 3,
        "map-owner_agency": 4,
        "map-lead_name": 5,
        "map-start_date": 6,
        "map-due_date": 7,
        "remap": "1",
    }
    assert client.post(url, mapping).context["result"].ok
    client.post(url, {"confirm": "1"})
    action = Action.objects.get(plan=target)
    assert action.owner_agency == Agency.objects.get(short_name="Police")
    assert action.due_date == dt.date(2026, 9, 30)


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, lead):
    target = empty_plan()
    response = upload(client, target, "plan.pdf", b"%PDF-1.4")
    assert "must be an Excel workbook (.xlsx) or a CSV" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_the_template_has_the_columns_the_import_reads(client, lead):
    from openpyxl import load_workbook

    response = client.get(reverse("actionplans:import-template", args=[empty_plan().pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == spreadsheet.HEADERS


def test_only_the_lead_may_import(client, lead):
    target = empty_plan()
    client.force_login(User.objects.get(email="police@southampton.example"))
    response = upload(client, target, "plan.csv", b"a,b\n1,2\n")
    assert response.status_code == 403
    assert not PlanImport.objects.exists()
