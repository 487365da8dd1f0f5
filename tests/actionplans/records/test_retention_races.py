"""A hold placed while a confirmed report is being applied: the apply waits for the plan's row
lock, then reads the hold and keeps the plan."""

import datetime as dt
import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from actionplans.plans.models import ActionPlan
from actionplans.records import retention, services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="races two transactions on PostgreSQL"
    ),
]


def test_it_keeps_a_plan_whose_hold_commits_while_the_apply_waits(world):
    now = timezone.now()
    plan = services.close_plan(plan=world["plan"], by=world["lead"], reason="Done.")
    ActionPlan.objects.filter(pk=plan.pk).update(closed_at=now - dt.timedelta(days=365 * 8))
    run = retention.record_retention_report(partnership=world["partnership"], now=now)
    assert run.listing["plans"]
    outcome: dict[str, Any] = {}

    def apply() -> None:
        try:
            applied = retention.apply_retention(now=now, report_id=run.pk, by=world["lead"])
            outcome.update(applied.outcome)
        except BaseException as exc:  # reported to the test, which fails on it
            outcome["error"] = exc
        finally:
            connection.close()

    with transaction.atomic():
        services.place_hold(plan=plan, by=world["lead"], reason="Inquiry X")
        worker = threading.Thread(target=apply)
        worker.start()
        time.sleep(1)
        assert worker.is_alive()  # waiting for the plan's row lock
    worker.join(30)
    assert outcome == {"plans": [], "evidence": []}
    assert ActionPlan.objects.filter(pk=plan.pk).exists()
