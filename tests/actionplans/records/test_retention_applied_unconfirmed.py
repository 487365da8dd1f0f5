"""A partnership may ask for a report nobody confirmed to be applied N days after it was made:
the weekly sweep then deletes what it listed and is still due, never what is held by then;
partnerships that left the setting empty keep everything until a lead confirms."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actionplans.plans.models import ActionPlan
from actionplans.records import retention, services
from actionplans.records.models import RetentionRun
from actionplans.tasks import report_retention
from tests.support.outbox import send_queued_emails

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _closed_years_ago(world, years: int) -> ActionPlan:
    plan = services.close_plan(plan=world["plan"], by=world["lead"], reason="Done.")
    ActionPlan.objects.filter(pk=plan.pk).update(
        closed_at=retention.years_before(NOW, years) - dt.timedelta(days=1)
    )
    return plan


def _apply_after(world, days: int | None) -> None:
    services.set_retention_policy(
        partnership=world["partnership"],
        closed_plan_years=6,
        evidence_years=6,
        by=world["lead"],
        apply_unconfirmed_after_days=days,
    )


def test_a_report_nobody_confirmed_is_applied_after_the_days_set(world):
    _apply_after(world, 30)
    plan = _closed_years_ago(world, 7)
    run = retention.record_retention_report(partnership=world["partnership"], now=NOW)
    assert retention.apply_unconfirmed_reports(now=NOW + dt.timedelta(days=29)) == []
    assert ActionPlan.objects.filter(pk=plan.pk).exists()
    applied = retention.apply_unconfirmed_reports(now=NOW + dt.timedelta(days=30))
    assert [a.pk for a in applied] == [run.pk]
    assert not ActionPlan.objects.filter(pk=plan.pk).exists()
    run.refresh_from_db()
    assert run.applied_by is None
    assert run.outcome["plans"] == [plan.pk]
    # Applied once: the next sweep finds nothing left to apply.
    assert retention.apply_unconfirmed_reports(now=NOW + dt.timedelta(days=37)) == []


def test_a_hold_placed_before_the_day_still_wins(world):
    _apply_after(world, 14)
    plan = _closed_years_ago(world, 7)
    retention.record_retention_report(partnership=world["partnership"], now=NOW)
    services.place_hold(plan=plan, by=world["lead"], reason="Inquiry X")
    [applied] = retention.apply_unconfirmed_reports(now=NOW + dt.timedelta(days=15))
    assert applied.outcome == {"plans": [], "evidence": []}
    assert ActionPlan.objects.filter(pk=plan.pk).exists()


def test_without_the_setting_nothing_is_applied_however_old_the_report(world):
    _apply_after(world, None)
    plan = _closed_years_ago(world, 7)
    run = retention.record_retention_report(partnership=world["partnership"], now=NOW)
    assert retention.apply_unconfirmed_reports(now=NOW + dt.timedelta(days=3650)) == []
    assert ActionPlan.objects.filter(pk=plan.pk).exists()
    assert RetentionRun.objects.get(pk=run.pk).applied_at is None


def test_the_weekly_task_applies_then_reports_and_the_email_says_when(world, time_machine):
    _apply_after(world, 21)
    plan = _closed_years_ago(world, 7)
    time_machine.move_to(NOW, tick=False)
    report_retention()
    send_queued_emails()
    [email] = [m for m in mail.outbox if m.subject.startswith("What is due for deletion")]
    due_on = timezone.localdate(NOW + dt.timedelta(days=21))
    assert "applied then" in email.body
    assert f"{due_on.day} {due_on:%B %Y}" in email.body
    assert ActionPlan.objects.filter(pk=plan.pk).exists()
    time_machine.move_to(NOW + dt.timedelta(days=21), tick=False)
    report_retention()
    assert not ActionPlan.objects.filter(pk=plan.pk).exists()


def test_the_records_page_takes_the_setting_and_says_when(client, world):
    client.force_login(world["lead"])
    url = reverse("actionplans:records", args=[world["partnership"].pk])
    refused = client.post(
        url, {"closed_plan_years": 6, "evidence_years": 6, "apply_unconfirmed_after_days": 3}
    )
    assert refused.status_code == 400
    assert "Enter at least 14 days" in refused.content.decode()
    saved = client.post(
        url, {"closed_plan_years": 6, "evidence_years": 6, "apply_unconfirmed_after_days": 30}
    )
    assert saved.status_code == 302
    _closed_years_ago(world, 7)
    run = retention.record_retention_report(partnership=world["partnership"], now=NOW)
    page = client.get(url).content.decode()
    due_on = timezone.localdate(run.created_at + dt.timedelta(days=30))
    assert f"Applied automatically on {due_on.day} {due_on:%B %Y}" in page
    cleared = client.post(
        url, {"closed_plan_years": 6, "evidence_years": 6, "apply_unconfirmed_after_days": ""}
    )
    assert cleared.status_code == 302
    assert "Applied automatically" not in client.get(url).content.decode()
