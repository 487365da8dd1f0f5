"""Counts read as English: "1 action completed", "2 actions completed"."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from actionplans.documents.board_report import Slipped, _slipped_cells
from actionplans.plans.models import Action
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.agencies.factories import MembershipFactory

pytestmark = pytest.mark.django_db
NOON = dt.datetime(2026, 3, 2, 12, tzinfo=ZoneInfo("Europe/London"))


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize("count", [1, 2])
def test_the_dashboard_counts_one_and_two(client, count):
    plan = ActionPlanFactory()
    for n in range(count):
        action = ActionFactory(
            plan=plan,
            reference=f"1.{n + 1}",
            due_date=dt.date(2026, 2, 20),
            status=Action.Status.COMPLETE,
            signed_off_at=NOON - dt.timedelta(days=1),
        )
        ProgressUpdateFactory(action=action, date=dt.date(2026, 2, 25))
    manager = MembershipFactory(
        partnership=plan.inspection.partnership, role=Membership.Role.MANAGER
    ).user
    client.force_login(manager)
    url = reverse("actionplans:plan-dashboard", args=[plan.pk])
    page = words(client.get(url, {"since": "2026-02-01"}).content.decode())
    if count == 1:
        assert "1 action completed" in page
        assert "1 new progress update " in page
        assert " 1 action " in page
        assert "1 actions" not in page
    else:
        assert "2 actions completed" in page
        assert "2 new progress updates" in page


@pytest.mark.parametrize(("days", "said"), [(1, "1 day overdue"), (3, "3 days overdue")])
def test_the_board_report_says_days_overdue_in_english(days, said):
    slipped = Slipped(
        reference="1.1",
        title="Audit",
        owner="Police",
        original_due=dt.date(2026, 2, 1),
        now_due=dt.date(2026, 3, 1),
        days_overdue=days,
        reason="No revised date agreed",
        latest_progress="No update",
        new=True,
    )
    assert _slipped_cells(slipped)[4] == f"1 March 2026\n{said}"
