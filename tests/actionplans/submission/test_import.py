"""Importing a partnership's own spreadsheet: preview first, then all rows or none."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.documents import spreadsheet
from actionplans.plans.models import Action, ActionPlan
from actionplans.submission.imports import apply_import
from actionplans.submission.models import PlanImport
from agencies.models import Agency, User
from inspections.models import Inspection, Recommendation

pytestmark = pytest.mark.django_db


def empty_plan() -> ActionPlan:
    demo = Inspection.objects.order_by("pk").first()
    assert demo is not None
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
    source = ActionPlan.objects.get(inspection__regime__code="jtai")
    # The file as exported, title row and all.
    xlsx = client.get(reverse("actionplans:plan-export", args=[source.pk, "xlsx"])).content
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


def test_a_real_plans_headings_are_matched(client, lead):
    """A plan as partnerships write it: a title row, their own headings, no start dates, a
    progress column, and a row without a reference."""
    target = empty_plan()
    target.inspection.letter_published = dt.date(2026, 7, 17)
    target.inspection.save()
    content = (
        b"Southampton JTAI action plan,,,,,,,\n"
        b",,,,,,,\n"
        b"Rec ref,Area for improvement,Ref,Action,Lead agency,Lead officer,By when?,Progress\n"
        b"1,Improve referrals,1.1,Audit referrals,Police,DCI Smith,31/10/2026,Audit planned\n"
        b"1,Improve referrals,,Train staff,Police,DCI Smith,March 2027,\n"
    )
    url = upload(client, target, "plan.csv", content).url
    staged = PlanImport.objects.get()
    assert {key: column for key, column in staged.mapping.items() if column is not None} == {
        "recommendation_reference": 0,
        "recommendation": 1,
        "reference": 2,
        "title": 3,
        "owner_agency": 4,
        "lead_name": 5,
        "due_date": 6,
        "latest_progress": 7,
    }
    response = client.get(url)
    body = response.content.decode()
    assert "None" not in body
    (first, second) = response.context["result"].rows
    assert (first.number, second.number) == (4, 5)
    assert first.errors == []
    assert second.errors == ["Action reference is empty"]
    assert "No reference" in body


def test_a_progress_column_becomes_the_first_update_and_start_defaults_to_the_letter(client, lead):
    target = empty_plan()
    target.inspection.letter_published = dt.date(2026, 7, 17)
    target.inspection.save()
    content = (
        b"Ref,Recommendation reference,Recommendation,Action,Lead agency,Lead officer,Timescale,"
        b"Update\n"
        b"1.1,1,Improve referrals,Audit referrals,Police,DCI Smith,March 2027,Audit planned\n"
    )
    url = upload(client, target, "plan.csv", content).url
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    action = Action.objects.get(plan=target)
    assert action.start_date == dt.date(2026, 7, 17)
    assert action.due_date == dt.date(2027, 3, 31)
    (update,) = action.progress_updates.all()
    assert update.text == "Audit planned"
    assert update.author == lead
    assert (update.status, update.rag) == (action.status, action.rag)


def test_a_due_date_before_the_letter_says_the_start_date_was_assumed(client, lead):
    target = empty_plan()
    target.inspection.letter_published = dt.date(2026, 7, 17)
    target.inspection.save()
    content = (
        b"Ref,Recommendation reference,Recommendation,Action,Lead agency,Lead officer,By when\n"
        b"1.1,1,Improve referrals,Audit referrals,Police,DCI Smith,01/06/2026\n"
    )
    (row,) = client.get(upload(client, target, "plan.csv", content).url).context["result"].rows
    assert row.errors == [
        "The due date is before the start date",
        "No start date is given, so the action starts on 17 July 2026, the date of the letter: "
        "add a start date",
    ]


def test_a_revised_date_before_the_start_is_a_row_error_and_confirm_saves_nothing(client, lead):
    target = empty_plan()
    content = (
        b"Recommendation reference,Recommendation,Action reference,Action,Owner agency,"
        b"Named lead,Start date,Due date,Revised due date,Reason for the revised date\n"
        b"1,Improve referrals,1.1,Audit,Police,Lead,01/08/2026,30/09/2026,01/07/2026,Staffing\n"
    )
    url = upload(client, target, "plan.csv", content).url
    assert "The revised due date is before the start date" in client.get(url).content.decode()
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 200
    assert "nothing was imported" in response.content.decode()
    assert not Action.objects.filter(plan=target).exists()


def test_confirming_twice_imports_once(client, lead):
    target = empty_plan()
    content = (
        b"Recommendation reference,Recommendation,Action reference,Action,Owner agency,"
        b"Named lead,Start date,Due date\n"
        b"1,Improve referrals,1.1,Audit,Police,Lead,01/08/2026,30/09/2026\n"
    )
    url = upload(client, target, "plan.csv", content).url
    staged = PlanImport.objects.get()
    assert client.post(url, {"confirm": "1"}).status_code == 302
    with pytest.raises(ValidationError, match="already been imported"):
        apply_import(plan_import=staged, by=lead)
    assert Action.objects.filter(plan=target).count() == 1


def test_the_plan_page_shows_the_imported_actions_at_once(client, lead):
    target = empty_plan()
    assert "Audit referral timeliness" not in client.get(target.get_absolute_url()).content.decode()
    content = (
        b"Recommendation reference,Recommendation,Action reference,Action,Owner agency,"
        b"Named lead,Due date\n"
        b"1,Improve referrals,1.1,Audit referral timeliness,Police,Lead,30/09/2026\n"
    )
    client.post(upload(client, target, "plan.csv", content).url, {"confirm": "1"})
    assert "Audit referral timeliness" in client.get(target.get_absolute_url()).content.decode()
