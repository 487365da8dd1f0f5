"""Every permission rule × every role × objects of agency A and B (and of another partnership).

These are the rules the views and templates call (`rules.test_rule(name, user, obj)`), so this
table is the specification of who may do what. One row per (rule, object): the roles allowed.
For each object of partnership P the same rule is also asked of Q's counterpart, where only
Q's own lead may ever be allowed (nobody of P gets anything in another partnership).
"""

import pytest
import rules
from rules.rulesets import default_rules

from actionplans.plans.permissions import OWNER_ACTION_FIELDS, action_fields_editable_by
from config.settings import BASE_DIR
from inspections.permissions import (
    OWNER_RECOMMENDATION_FIELDS,
    recommendation_fields_editable_by,
)
from tests.support.access_world import ROLES, build_world

pytestmark = pytest.mark.django_db

MEMBERS = {"lead", "owner_a", "owner_b", "manager"}
LEAD = {"lead"}
LEAD_OR_OWNER_A = {"lead", "owner_a"}
LEAD_OR_OWNER_B = {"lead", "owner_b"}

# (rule, object in partnership P, roles allowed; everyone else is refused)
PREDICATES: list[tuple[str, str, set[str]]] = [
    # inspections/permissions.py
    ("can_view_inspection", "inspection", MEMBERS),
    ("can_add_inspection", "partnership", LEAD),
    ("can_edit_inspection", "inspection", LEAD),
    ("can_delete_inspection", "inspection", LEAD),
    ("can_edit_finding", "finding", LEAD),
    ("can_delete_finding", "finding", LEAD),
    ("can_edit_recommendation", "recommendation_a", LEAD_OR_OWNER_A),
    ("can_edit_recommendation", "recommendation_b", LEAD_OR_OWNER_B),
    ("can_reassign_recommendation", "recommendation_a", LEAD),
    ("can_reassign_recommendation", "recommendation_b", LEAD),
    ("can_delete_recommendation", "recommendation_a", LEAD),
    ("can_delete_recommendation", "recommendation_b", LEAD),
    # agencies/people/permissions.py
    ("can_manage_people", "partnership", LEAD),
    # actionplans/plans/permissions.py and actionplans/measures/permissions.py
    ("can_view_plan", "plan", MEMBERS),
    ("can_add_plan", "inspection", LEAD),
    ("can_edit_plan", "plan", LEAD),
    ("can_submit_plan", "plan", LEAD),
    ("can_delete_plan", "plan", LEAD),
    ("can_view_dashboard", "partnership", MEMBERS),
    ("can_produce_board_report", "plan", {"lead", "manager"}),
    ("can_view_evidence", "evidence_a", MEMBERS),
    ("can_add_reading", "measure_a", LEAD_OR_OWNER_A),
    ("can_view_action", "action_a", MEMBERS),
    ("can_view_action", "action_b", MEMBERS),
    ("can_update_action", "action_a", LEAD_OR_OWNER_A),
    ("can_update_action", "action_b", LEAD_OR_OWNER_B),
    ("can_reassign_action", "action_a", LEAD),
    ("can_reassign_action", "action_b", LEAD),
    ("can_sign_off_action", "action_a", LEAD),
    ("can_sign_off_action", "action_b", LEAD),
    ("can_reopen_action", "action_a", LEAD),
    ("can_reopen_action", "action_b", LEAD),
    ("can_delete_action", "action_a", LEAD),
    ("can_delete_action", "action_b", LEAD),
    ("can_add_progress", "action_a", LEAD_OR_OWNER_A),
    ("can_add_progress", "action_b", LEAD_OR_OWNER_B),
    ("can_edit_progress", "progress_a", LEAD_OR_OWNER_A),
    ("can_edit_progress", "progress_b", LEAD_OR_OWNER_B),
    ("can_delete_progress", "progress_a", LEAD),
    ("can_delete_progress", "progress_b", LEAD),
    # actionplans/sharing/permissions.py
    ("can_link_action", "recommendation_a", LEAD),
    ("can_link_action", "recommendation_b", LEAD),
    ("can_view_traceability", "partnership", {"lead", "manager"}),
    # actionplans/overview/permissions.py
    ("can_view_partnership_overview", "partnership", {"lead", "manager"}),
    # actionplans/approvals/permissions.py: the access world names owner_a the plan's approver.
    ("can_manage_approvers", "plan", LEAD),
    ("can_answer_approval", "plan", {"owner_a"}),
    # actionplans/contributions/permissions.py: the same people as updating the action.
    ("can_request_update", "action_a", LEAD_OR_OWNER_A),
    ("can_request_update", "action_b", LEAD_OR_OWNER_B),
    ("can_decide_contribution", "contribution_a", LEAD_OR_OWNER_A),
    ("can_withdraw_update_request", "update_request_a", LEAD_OR_OWNER_A),
    # actionplans/rounds/permissions.py: leads run rounds; leads and managers read them.
    ("can_manage_rounds", "plan", LEAD),
    ("can_view_rounds", "plan", {"lead", "manager"}),
    # actionplans/records/permissions.py: records are the one place a superuser gets more.
    ("can_close_plan", "plan", LEAD),
    ("can_manage_records", "partnership", {"lead", "superuser"}),
    ("can_hold_plan", "plan", {"lead", "superuser"}),
    ("can_export_subject_access", "partnership", {"superuser"}),
]

# Q's counterpart of each of P's objects.
OTHER = {
    "partnership": "partnership_other",
    "inspection": "inspection_other",
    "finding": "finding_other",
    "recommendation_a": "recommendation_other",
    "recommendation_b": "recommendation_other",
    "plan": "plan_other",
    "action_a": "action_other",
    "action_b": "action_other",
    "progress_a": "progress_other",
    "progress_b": "progress_other",
    "evidence_a": "evidence_other",
    "measure_a": "measure_other",
    "contribution_a": "contribution_other",
    "update_request_a": "update_request_other",
}


def _cells() -> list[tuple[str, str, set[str]]]:
    cells = list(PREDICATES)
    for rule, obj, allowed in PREDICATES:
        # In Q only Q's lead, and only where P's lead is allowed in P.
        # In Q only Q's lead, and only where P's lead is allowed in P (a superuser, where
        # allowed, everywhere).
        others = {"lead_other"} if "lead" in allowed else set()
        cells.append((rule, OTHER[obj], others | ({"superuser"} & allowed)))
    return list(dict.fromkeys((r, o, frozenset(a)) for r, o, a in cells))  # type: ignore[misc]


CELLS = _cells()


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize(("rule", "obj", "allowed"), CELLS, ids=lambda v: str(v))
def test_rule_answers_each_role(world, rule, obj, allowed):
    target = world.objects[obj]
    answers = {role: rules.test_rule(rule, world.users[role], target) for role in ROLES}
    expected = {role: role in allowed for role in ROLES}
    assert answers == expected


def test_every_rule_of_the_project_is_in_the_matrix():
    project_rules = {name for name in default_rules if name.startswith("can_")}
    assert project_rules == {rule for rule, _, _ in PREDICATES}


def test_a_rule_asked_about_nothing_refuses(world):
    for rule, _, _ in PREDICATES:
        assert rules.test_rule(rule, world.users["lead"], None) is False


# Mass assignment: the fields a form may take from each person -----------------------------

ACTION_FORM_FIELDS = {
    "reference",
    "title",
    "description",
    "owner_agency",
    "contributing_agencies",
    "lead_name",
    "lead_user",
    "due_date",
    "revised_due_date",
    "revised_reason",
    "status",
    "rag",
    "success_measure",
}


def test_owner_may_not_reassign_or_retitle_their_action(world):
    fields = action_fields_editable_by(
        world.users["owner_a"], world.objects["action_a"], ACTION_FORM_FIELDS
    )
    assert fields == OWNER_ACTION_FIELDS
    assert "owner_agency" not in fields


def test_lead_may_change_every_field(world):
    lead = world.users["lead"]
    assert action_fields_editable_by(lead, world.objects["action_b"], ACTION_FORM_FIELDS) == (
        ACTION_FORM_FIELDS
    )


@pytest.mark.parametrize(
    "role", ["owner_b", "manager", "lead_other", "staff", "superuser", "deactivated", "anonymous"]
)
def test_others_may_change_no_field_of_agency_as_action(world, role):
    action = world.objects["action_a"]
    assert action_fields_editable_by(world.users[role], action, ACTION_FORM_FIELDS) == set()


RECOMMENDATION_FORM_FIELDS = {
    "finding",
    "source",
    "source_agency",
    "reference",
    "title",
    "text",
    "lead_agency",
    "contributing_agencies",
    "position",
}


def test_owner_may_not_give_their_recommendation_to_another_agency(world):
    fields = recommendation_fields_editable_by(
        world.users["owner_a"], world.objects["recommendation_a"], RECOMMENDATION_FORM_FIELDS
    )
    assert fields == OWNER_RECOMMENDATION_FIELDS
    assert not {"lead_agency", "finding", "source", "reference"} & fields


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("lead", RECOMMENDATION_FORM_FIELDS),
        ("owner_b", set()),
        ("manager", set()),
        ("lead_other", set()),
        ("superuser", set()),
    ],
)
def test_recommendation_fields_each_role_may_change(world, role, expected):
    recommendation = world.objects["recommendation_a"]
    user = world.users[role]
    assert recommendation_fields_editable_by(user, recommendation, RECOMMENDATION_FORM_FIELDS) == (
        expected
    )


# The README's roles table says the same -------------------------------------------------------

# The README's words for the fields, and the form fields they stand for.
README_FIELD_WORDS = {
    "status": {"status"},
    "RAG": {"rag"},
    "named lead": {"lead_name", "lead_user"},
    "revised date and reason": {"revised_due_date", "revised_reason"},
    "title": {"title"},
    "detail": {"text"},
    "contributing agencies": {"contributing_agencies"},
}


def readme_row(starts_with: str) -> list[str]:
    readme = (BASE_DIR / "docs" / "user" / "roles.md").read_text()
    rows = [line for line in readme.splitlines() if line.startswith(f"| {starts_with}")]
    assert len(rows) == 1, f"the README's roles table has no single row '{starts_with}'"
    return [cell.strip() for cell in rows[0].strip("|").split("|")]


def fields_named_in(cell: str) -> set[str]:
    words = cell[cell.index("(") + 1 : cell.index(")")]
    return {field for name in words.split(",") for field in README_FIELD_WORDS[name.strip()]}


def test_readme_names_the_action_fields_owners_may_change():
    cells = readme_row("update an action (")
    assert fields_named_in(cells[0]) == OWNER_ACTION_FIELDS
    assert cells[1] == "yes, every field"
    assert cells[2] == "only their agency's actions, only those fields"


def test_readme_names_the_recommendation_fields_owners_may_change():
    cells = readme_row("edit a recommendation (")
    assert fields_named_in(cells[0]) == OWNER_RECOMMENDATION_FIELDS
    assert cells[2] == "only if their agency leads it, only those fields"
