"""The lead's approval panel on the plan page: cached under the plan's version, and redrawn by
every approver, request and answer, which replace that version in their own transaction."""

from typing import Any

import pytest
from django.urls import reverse

from actionplans.approvals import services
from actionplans.approvals.digest import submission_digest
from actionplans.plans.models import ActionPlan
from tests.actionplans.approvals.test_approval import world  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def panel(client: Any, plan: Any) -> str:
    page = client.get(reverse("actionplans:plan-detail", args=[plan.pk])).content.decode()
    start = page.index("Approval by the safeguarding partners")
    return page[start : page.index("The partnership's people")]


def version(plan: Any) -> str:
    return ActionPlan.objects.values_list("version", flat=True).get(pk=plan.pk)


def test_it_shows_each_answer_at_the_next_visit(world, client):  # noqa: F811
    plan = world["plan"]
    client.force_login(world["lead"])
    before = version(plan)
    services.add_default_approvers(plan=plan)
    assert version(plan) != before
    assert panel(client, plan).count("Not sent for approval yet") == 3
    services.send_for_approval(plan=plan, by=world["lead"])
    assert panel(client, plan).count("Waiting for approval") == 3
    for kind in ("police", "health"):
        services.answer_approval(
            plan=plan,
            by=world[kind],
            approve=True,
            reason="",
            digest_seen=submission_digest(plan),
        )
        assert panel(client, plan).count("Waiting for approval") == 2 - (kind == "health")
    assert panel(client, plan).count(">Approved<") == 2
    services.answer_approval(
        plan=plan,
        by=world["childrens_services"],
        approve=True,
        reason="",
        digest_seen=submission_digest(plan),
    )
    assert "Every approver has approved the plan as it reads now." in panel(client, plan)


def test_a_visit_that_finds_it_cached_reads_nothing_for_it(
    world,  # noqa: F811
    client,
    django_assert_num_queries,
):
    plan = world["plan"]
    services.add_default_approvers(plan=plan)
    client.force_login(world["lead"])
    panel(client, plan)
    # The session, the person, their two-factor state and memberships, the plan's version and
    # the unread count: the same six as any member's cached visit.
    with django_assert_num_queries(6):
        assert "Approval by the safeguarding partners" in panel(client, plan)
