"""The table of plans: each plan's regime, deadline, status, readiness and delivery, filtered by
regime and by status, in a fixed number of queries."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.plans.models import Action, ActionPlan, Rag
from tests.actionplans.factories import ActionFactory, ActionPlanFactory
from tests.actionplans.overview.conftest import TODAY
from tests.inspections.factories import (
    FindingFactory,
    InspectionFactory,
    RecommendationFactory,
    regime,
)
from tests.support import dashboard_page as page

S = Action.Status


def overview(client, partners, **query) -> str:
    client.force_login(partners.lead)
    url = reverse("actionplans:partnership-overview", args=[partners.partnership.pk])
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def act(plan: ActionPlan, *, status=S.IN_PROGRESS, rag=Rag.GREEN, due=TODAY, **kw) -> Action:
    signed = timezone.now() if status == S.COMPLETE else None
    action: Action = ActionFactory(
        plan=plan, status=status, rag=rag, due_date=due, signed_off_at=signed, **kw
    )
    return action


def other_plan(partners, *, regime_code="other", status=ActionPlan.Status.DRAFT, **kw):
    plan = ActionPlanFactory(
        inspection=InspectionFactory(
            partnership=partners.partnership,
            regime=regime(regime_code),
            fieldwork_start=dt.date(2026, 1, 5),
            fieldwork_end=dt.date(2026, 1, 9),
            letter_published=dt.date(2026, 2, 2),
            submission_deadline=dt.date(2026, 6, 30),
            **({"short_title": "Review 2026"} | kw),
        ),
        status=status,
        submitted_at=None if status == ActionPlan.Status.DRAFT else timezone.now(),
    )
    return plan


def row(html: str, plan: ActionPlan) -> str:
    return page.keyed_rows(page.section(html, "plans", "little-progress"))[str(plan.pk)]


def test_each_plan_shows_its_own_delivery(client, partners):
    plan = partners.jtai
    act(plan, status=S.COMPLETE, rag=Rag.BLUE)
    act(plan, rag=Rag.GREEN, due=TODAY + dt.timedelta(days=30))
    act(plan, rag=Rag.AMBER, due=TODAY + dt.timedelta(days=30))
    act(plan, rag=Rag.RED, due=TODAY - dt.timedelta(days=1))  # red and overdue
    act(plan, rag=Rag.GREEN, due=TODAY - dt.timedelta(days=3))  # overdue, still green
    second = other_plan(partners)
    act(second, rag=Rag.RED, due=TODAY + dt.timedelta(days=3))
    html = overview(client, partners)
    first = row(html, plan)
    assert page.figure(first, "complete") == "1 of 5 complete"
    assert page.figure(first, "on-track") == "2 on track (green)"
    assert page.figure(first, "amber") == "1 amber"
    assert page.figure(first, "red") == "1 red"
    assert page.figure(first, "overdue") == "2 overdue"
    other = row(html, second)
    assert page.figure(other, "complete") == "0 of 1 complete"
    assert page.figure(other, "red") == "1 red"
    assert page.figure(other, "overdue") == "0 overdue"


def test_each_plan_shows_its_regime_deadline_and_status(client, partners):
    second = other_plan(partners, status=ActionPlan.Status.MONITORING)
    html = overview(client, partners)
    first = row(html, partners.jtai)
    assert page.figure(first, "regime") == "Joint targeted area inspection (JTAI)"
    assert "24 October 2025" in first
    assert page.figure(first, "status") == "Draft (not yet submitted)"
    other = row(html, second)
    assert page.figure(other, "regime") == "Other inspection"
    assert "30 June 2026" in other
    assert page.figure(other, "status").startswith("Monitoring (submitted on")


def test_readiness_counts_the_gaps_check_and_submit_shows(client, partners):
    # The JTAI plan: an area for improvement with no action, and an overdue action with no
    # revised date: two gaps. The other plan answers its one area: ready.
    FindingFactory(inspection=partners.jtai.inspection)
    act(partners.jtai, due=TODAY - dt.timedelta(days=1))
    ready = other_plan(partners)
    area = FindingFactory(inspection=ready.inspection)
    act(
        ready,
        due=TODAY + dt.timedelta(days=5),
        recommendation=RecommendationFactory(inspection=ready.inspection, finding=area),
    )
    sent = other_plan(partners, status=ActionPlan.Status.SUBMITTED, short_title="Sent one")
    html = overview(client, partners)
    assert page.figure(row(html, partners.jtai), "readiness") == "2 things to put right"
    assert page.figure(row(html, ready), "readiness") == "Ready to send"
    assert page.figure(row(html, sent), "readiness") == "Sent"


def test_the_regime_filter_keeps_one_regime(client, partners):
    second = other_plan(partners)
    html = overview(client, partners, regime="other")
    rows = page.keyed_rows(page.section(html, "plans", "little-progress"))
    assert list(rows) == [str(second.pk)]
    # The filter stays in the address and on the form.
    assert '<option value="other" selected>' in html


def test_the_status_filter_keeps_one_status(client, partners):
    monitoring = other_plan(partners, status=ActionPlan.Status.MONITORING)
    html = overview(client, partners, status="draft")
    rows = page.keyed_rows(page.section(html, "plans", "little-progress"))
    assert list(rows) == [str(partners.jtai.pk)]
    html = overview(client, partners, status="monitoring")
    rows = page.keyed_rows(page.section(html, "plans", "little-progress"))
    assert list(rows) == [str(monitoring.pk)]
    assert '<option value="monitoring" selected>' in html


def test_filters_that_match_nothing_say_so(client, partners):
    html = overview(client, partners, regime="jtai", status="closed")
    assert "No plans match these filters" in html
    assert not page.keyed_rows(page.section(html, "plans", "little-progress"))


def test_a_regime_the_partnership_has_not_is_an_error_not_a_crash(client, partners):
    html = overview(client, partners, regime="ofsted-ilacs")
    assert "Choose an inspection or review from the list" in html
    assert str(partners.jtai.pk) in page.keyed_rows(page.section(html, "plans", "little-progress"))


def test_the_regime_filter_offers_only_the_partnerships_regimes(client, partners):
    html = overview(client, partners)
    assert '<option value="jtai">' in html
    assert '<option value="other">' not in html


def _queries(client, partners) -> int:
    client.force_login(partners.lead)
    url = reverse("actionplans:partnership-overview", args=[partners.partnership.pk])
    client.get(url)  # the session and the sign-in's own first reads
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_queries_do_not_grow_with_the_plans(client, partners):
    act(partners.jtai, rag=Rag.RED, due=TODAY - dt.timedelta(days=1))
    FindingFactory(inspection=partners.jtai.inspection)
    few = _queries(client, partners)
    for n in range(6):
        plan = other_plan(partners, short_title=f"Review {n}")
        FindingFactory(inspection=plan.inspection)
        for _ in range(3):
            act(plan, rag=Rag.RED, due=TODAY - dt.timedelta(days=1))
    assert _queries(client, partners) == few
