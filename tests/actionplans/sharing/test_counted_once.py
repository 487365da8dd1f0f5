"""An action shared between two sources is counted once in each plan's figures and documents,
and says where else it answers."""

import datetime as dt

import pytest

from actionplans.documents.plan import build_plan_document
from actionplans.plans.readiness import check_readiness
from actionplans.plans.selectors import distinct_count, plan_actions, plan_sections
from actionplans.sharing.services import link_action
from actionplans.submission.board_reports import build_board_report
from tests.support.shared_action import build_shared_world

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 11, 3)


@pytest.fixture
def world():
    world = build_shared_world()
    # One action answering two recommendations of the review's plan, and its own in the JTAI's.
    link_action(action=world.action, recommendation=world.r3, by=world.lead)
    link_action(action=world.action, recommendation=world.r4, by=world.lead)
    return world


def test_each_plan_counts_the_shared_action_once(world):
    assert list(plan_actions(world.review)) == [world.action]
    assert list(plan_actions(world.jtai)) == [world.action]
    sections = plan_sections(world.review)
    assert [len(s.actions) for s in sections] == [1, 1]
    assert distinct_count(sections) == 1


def test_the_documents_count_it_once_and_say_who_owns_it(world):
    document = build_plan_document(world.review)
    assert document.action_count == 1
    rows = [a for s in document.sections for a in s.actions]
    assert rows[0].shared == "Shared: owned by JTAI 2025"
    own = build_plan_document(world.jtai)
    assert own.action_count == 1
    assert own.sections[0].actions[0].shared == "Also answers CSPR 2025 R3, CSPR 2025 R4"


def test_the_board_report_counts_it_once(world):
    report = build_board_report(world.review, since=dt.date(2025, 1, 1), today=TODAY)
    assert report.total == 1


def test_a_linked_action_answers_the_area_for_improvement(world):
    gaps = [gap.message for gap in check_readiness(world.review, today=TODAY)]
    assert not any("AFI 3" in message for message in gaps)
