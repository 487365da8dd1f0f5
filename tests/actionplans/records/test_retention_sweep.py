"""The sweep reports what is due, then deletes only what a confirmed report listed and is still
due; a legal hold always wins, even one placed between the report and the confirmation."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from actionplans.plans.models import Action, ActionPlan, Evidence, ProgressUpdate
from actionplans.records import retention, services
from actionplans.records.models import RetentionRun
from actionplans.submission.models import SubmittedPlan
from inspections.models import Inspection
from outbox.models import Email
from tests.actionplans.records.conftest import file_evidence

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _closed_years_ago(world, years: int) -> ActionPlan:
    plan = services.close_plan(plan=world["plan"], by=world["lead"], reason="Done.")
    ActionPlan.objects.filter(pk=plan.pk).update(
        closed_at=retention.years_before(NOW, years) - dt.timedelta(days=1)
    )
    plan.refresh_from_db()
    return plan


def test_it_reports_an_old_closed_plan_without_deleting_it(world):
    plan = _closed_years_ago(world, 7)
    report = retention.retention_due(partnership=world["partnership"], now=NOW)
    assert [row["id"] for row in report.plans] == [plan.pk]
    assert ActionPlan.objects.filter(pk=plan.pk).exists()


def test_it_leaves_a_recently_closed_or_open_plan_alone(world):
    assert not retention.retention_due(partnership=world["partnership"], now=NOW).plans
    _closed_years_ago(world, 5)
    assert not retention.retention_due(partnership=world["partnership"], now=NOW).plans


def test_it_applies_a_report_deleting_the_plan_and_its_files(
    world, django_capture_on_commit_callbacks
):
    plan = _closed_years_ago(world, 7)
    name = str(world["evidence"].file.name)
    assert default_storage.exists(name)
    run = retention.record_retention_report(partnership=world["partnership"], now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        applied = retention.apply_retention(now=NOW, report_id=run.pk, by=world["lead"])
    assert applied.outcome["plans"] == [plan.pk]
    assert not ActionPlan.objects.filter(pk=plan.pk).exists()
    assert not Inspection.objects.filter(pk=plan.inspection_id).exists()
    assert not Action.objects.filter(pk=world["action"].pk).exists()
    assert not ProgressUpdate.objects.filter(pk=world["update"].pk).exists()
    assert not Evidence.objects.filter(pk=world["evidence"].pk).exists()
    assert not Action.history.filter(id=world["action"].pk).exists()
    assert not default_storage.exists(name)


def test_a_hold_placed_after_the_report_wins(world, django_capture_on_commit_callbacks):
    plan = _closed_years_ago(world, 7)
    run = retention.record_retention_report(partnership=world["partnership"], now=NOW)
    services.place_hold(plan=plan, by=world["lead"], reason="Inquiry X")
    with django_capture_on_commit_callbacks(execute=True):
        applied = retention.apply_retention(now=NOW, report_id=run.pk, by=world["lead"])
    assert applied.outcome == {"plans": [], "evidence": []}
    assert ActionPlan.objects.filter(pk=plan.pk).exists()
    assert default_storage.exists(world["evidence"].file.name)


def test_a_held_plan_is_reported_as_kept(world):
    plan = _closed_years_ago(world, 7)
    services.place_hold(plan=plan, by=world["lead"], reason="Inquiry X")
    report = retention.retention_due(partnership=world["partnership"], now=NOW)
    assert report.plans == []
    assert report.kept[0]["reason"] == "legal hold (Inquiry X)"


def test_it_deletes_only_what_was_listed_and_is_still_due(world):
    plan = _closed_years_ago(world, 7)
    run = retention.record_retention_report(partnership=world["partnership"], now=NOW)
    services.reopen_plan(plan=plan, by=world["lead"])  # no longer due
    applied = retention.apply_retention(now=NOW, report_id=run.pk, by=world["lead"])
    assert applied.outcome["plans"] == []
    assert ActionPlan.objects.filter(pk=plan.pk).exists()


def test_it_does_not_delete_a_plan_the_report_did_not_list(world):
    empty = retention.record_retention_report(partnership=world["partnership"], now=NOW)
    plan = _closed_years_ago(world, 7)
    retention.apply_retention(now=NOW, report_id=empty.pk, by=world["lead"])
    assert ActionPlan.objects.filter(pk=plan.pk).exists()


def test_a_report_is_applied_once(world):
    run = retention.record_retention_report(partnership=world["partnership"], now=NOW)
    retention.apply_retention(now=NOW, report_id=run.pk, by=world["lead"])
    with pytest.raises(services.RecordsError, match="already been applied"):
        retention.apply_retention(now=NOW, report_id=run.pk, by=world["lead"])


def test_it_deletes_old_evidence_of_a_kept_closed_plan(world, django_capture_on_commit_callbacks):
    plan = services.close_plan(plan=world["plan"], by=world["lead"], reason="Done.")
    services.set_retention_policy(
        partnership=world["partnership"], closed_plan_years=10, evidence_years=2, by=world["lead"]
    )
    old = file_evidence(world["action"], world["owner"], added_at=NOW - dt.timedelta(days=800))
    name = str(old.file.name)
    run = retention.record_retention_report(partnership=world["partnership"], now=NOW)
    assert [row["id"] for row in run.listing["evidence"]] == [old.pk]
    with django_capture_on_commit_callbacks(execute=True):
        retention.apply_retention(now=NOW, report_id=run.pk, by=world["lead"])
    assert not Evidence.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(name)
    assert Evidence.objects.filter(pk=world["evidence"].pk).exists()
    assert ActionPlan.objects.filter(pk=plan.pk).exists()


def test_the_weekly_task_records_reports_and_emails_the_leads(world):
    from actionplans.tasks import report_retention

    _closed_years_ago(world, 7)
    assert report_retention() >= 1
    assert RetentionRun.objects.filter(partnership=world["partnership"]).count() == 1
    email = Email.objects.get(to=world["lead"].email)
    assert "What is due for deletion" in email.subject
    assert ActionPlan.objects.filter(pk=world["plan"].pk).exists()


def test_it_deletes_a_submitted_plan_with_its_submitted_documents(
    world, django_capture_on_commit_callbacks
):
    submitted = SubmittedPlan.objects.create(
        plan=world["plan"],
        submitted_at=NOW,
        submitted_by=world["lead"],
        data={"sections": []},
        word_document=ContentFile(b"PK-word", name="plan.docx"),
        pdf_document=ContentFile(b"%PDF-1.4", name="plan.pdf"),
    )
    pdf = submitted.pdf_document
    storage, name = pdf.storage, str(pdf.name)
    assert storage.exists(name)
    plan = _closed_years_ago(world, 7)
    run = retention.record_retention_report(partnership=world["partnership"], now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        applied = retention.apply_retention(now=NOW, report_id=run.pk, by=world["lead"])
    assert applied.outcome["plans"] == [plan.pk]
    assert not SubmittedPlan.objects.filter(pk=submitted.pk).exists()
    assert not storage.exists(name)
