"""An action of one plan linked to another plan's recommendations counts in that plan too, once:
on its dashboard, in the overview's delivery, in its Excel export (which still imports back
without copies) and in the copy frozen when it is sent."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from actionplans.documents.spreadsheet import HEADERS, action_rows, render_xlsx
from actionplans.overview.selectors import delivery_by_plan, partnership_plans
from actionplans.plans.models import Action, Rag
from actionplans.sharing.services import link_action
from actionplans.submission.imports import stage_import
from actionplans.submission.services import freeze_plan
from tests.actionplans.factories import ActionFactory
from tests.support import dashboard_page as page
from tests.support.shared_action import build_shared_world

pytestmark = pytest.mark.django_db
# After the shared action's due date (31 March 2026): it is overdue in both plans.
TODAY = dt.date(2026, 4, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 4, 15, 12, tzinfo=ZoneInfo("Europe/London"))):
        cache.clear()
        yield


@pytest.fixture
def world():
    world = build_shared_world()
    world.action.rag = Rag.RED
    world.action.save(update_fields=["rag"])
    # The review's own action, due later and on track.
    world.review_action = ActionFactory(
        plan=world.review,
        recommendation=world.r3,
        reference="3.1",
        title="Audit case files for neglect",
        owner_agency=world.action.owner_agency,
        due_date=dt.date(2026, 9, 30),
        rag=Rag.GREEN,
    )
    link_action(action=world.action, recommendation=world.r3, by=world.lead)
    return world


@pytest.fixture(params=[1, 2], ids=["one recommendation", "two recommendations"])
def linked(request, world):
    """The JTAI's action answering one, then two, of the review's recommendations."""
    if request.param == 2:
        link_action(action=world.action, recommendation=world.r4, by=world.lead)
    return world


def dashboard(client, world, plan) -> str:
    client.force_login(world.manager)
    html = client.get(reverse("actionplans:plan-dashboard", args=[plan.pk])).content.decode()
    return page.section(html, "delivery", "measures")


def test_the_review_dashboard_counts_the_linked_action_once(client, linked):
    delivery = dashboard(client, linked, linked.review)
    assert page.figure(delivery, "total") == "2"
    assert page.figure(delivery, "overdue") == "1"
    assert page.counts(page.table(delivery, "by-rag"), "rag")[Rag.RED] == 1
    agencies = page.keyed_rows(page.table(delivery, "by-agency"))
    assert page.figure(agencies[str(linked.action.owner_agency_id)], "total") == "2"
    assert page.linked_actions(page.table(delivery, "overdue-list")) == [
        linked.action.get_absolute_url()
    ]


def test_the_review_dashboard_lists_it_under_each_recommendation_it_answers(client, linked):
    delivery = dashboard(client, linked, linked.review)
    rows = page.keyed_rows(page.table(delivery, "by-recommendation"))
    expected = {str(linked.r3.pk): "2"} | (
        {str(linked.r4.pk): "1"} if linked.r4.action_links.exists() else {}
    )
    assert {key: page.figure(row, "total") for key, row in rows.items()} == expected


def test_the_owning_plan_dashboard_still_counts_it(client, linked):
    delivery = dashboard(client, linked, linked.jtai)
    assert page.figure(delivery, "total") == "1"
    rows = page.keyed_rows(page.table(delivery, "by-recommendation"))
    assert list(rows) == [str(linked.own.pk)]


def test_the_dashboard_across_counts_it_in_each_plan(client, linked):
    client.force_login(linked.manager)
    html = client.get(reverse("actionplans:dashboard")).content.decode()
    rows = page.keyed_rows(page.table(html, "plans"))
    assert page.figure(rows[str(linked.review.pk)], "total") == "2"
    assert page.figure(rows[str(linked.review.pk)], "overdue") == "1"
    assert page.figure(rows[str(linked.jtai.pk)], "total") == "1"
    # The panels below count each action once, whatever it answers.
    assert page.figure(page.section(html, "delivery", "measures"), "total") == "2"


def test_the_overview_delivers_it_in_both_plans(linked, django_assert_num_queries):
    plans = partnership_plans(linked.partnership)
    with django_assert_num_queries(2):
        delivery = delivery_by_plan(plans, TODAY)
    review, jtai = delivery[linked.review.pk], delivery[linked.jtai.pk]
    assert (review.total, review.red, review.on_track, review.overdue) == (2, 1, 1, 1)
    assert (jtai.total, jtai.red, jtai.overdue) == (1, 1, 1)


def test_the_overview_of_one_plan_counts_what_answers_it(linked):
    only_review = partnership_plans(linked.partnership).filter(pk=linked.review.pk)
    assert delivery_by_plan(only_review, TODAY)[linked.review.pk].total == 2


def shared_column(plan) -> list[tuple[str, str, str]]:
    shared, reference = HEADERS.index("Shared"), HEADERS.index("Action reference")
    recommendation = HEADERS.index("Recommendation reference")
    return [(row[recommendation], row[reference], row[shared]) for row in action_rows(plan)]


def test_the_excel_lists_it_under_each_recommendation_it_answers(world):
    link_action(action=world.action, recommendation=world.r4, by=world.lead)
    assert shared_column(world.review) == [
        ("R3", "3.1", ""),
        ("R3", "1.1", "Owned by JTAI 2025 R1"),
        ("R4", "1.1", "Owned by JTAI 2025 R1"),
    ]
    assert shared_column(world.jtai) == [("R1", "1.1", "Also answers CSPR 2025 R3, CSPR 2025 R4")]


def test_the_excel_imports_back_without_the_linked_rows(world):
    link_action(action=world.action, recommendation=world.r4, by=world.lead)
    upload = SimpleUploadedFile("review.xlsx", render_xlsx(action_rows(world.review)))
    staged = stage_import(plan=world.review, by=world.lead, upload=upload)
    reference = HEADERS.index("Action reference")
    assert [row["cells"][reference] for row in staged.rows] == ["3.1"]


def test_the_frozen_copy_counts_it_once(linked):
    frozen = freeze_plan(plan=linked.review, by=linked.lead, at=timezone.now(), gaps=[])
    listed = [a["reference"] for s in frozen.data["sections"] for a in s["actions"]]
    assert set(listed) == {"3.1", "1.1"}
    assert listed.count("3.1") == 1
    assert Action.objects.count() == 2
