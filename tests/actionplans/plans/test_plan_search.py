"""Finding things in a big plan: search, filters and order on the plan page, kept in the address,
over only what the person may see, in a fixed number of queries, and never from another
person's cache."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.plans.models import Action, Rag
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory
from tests.inspections.factories import InspectionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 1, 15, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _mid_january(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def world():
    """A plan of two recommendations: police own 1.1, 1.2 and 1.10, health own 2.1."""
    plan = ActionPlanFactory(inspection=InspectionFactory())
    partnership = plan.inspection.partnership
    police = AgencyFactory(name="Hampshire Constabulary", short_name="Police")
    health = AgencyFactory(name="Integrated Care Board", short_name="ICB")
    police.partnerships.add(partnership)
    health.partnerships.add(partnership)
    first = RecommendationFactory(inspection=plan.inspection, lead_agency=police, position=1)
    second = RecommendationFactory(inspection=plan.inspection, lead_agency=health, position=2)
    actions = {
        "1.1": ActionFactory(
            plan=plan,
            recommendation=first,
            reference="1.1",
            position=1,
            title="Audit the timeliness of high-risk referrals",
            owner_agency=police,
            lead_name="Detective Superintendent Khan",
            due_date=dt.date(2026, 3, 31),
            status=Action.Status.IN_PROGRESS,
            rag=Rag.AMBER,
        ),
        "1.2": ActionFactory(
            plan=plan,
            recommendation=first,
            reference="1.2",
            position=2,
            title="Train call handlers in the referral threshold",
            owner_agency=police,
            lead_name="Inspector Patel",
            due_date=dt.date(2025, 12, 1),  # overdue on 15 January 2026
            status=Action.Status.NOT_STARTED,
            rag=Rag.RED,
        ),
        "1.10": ActionFactory(
            plan=plan,
            recommendation=first,
            reference="1.10",
            position=3,
            title="Update the Crime Knowledge Hub",
            owner_agency=police,
            lead_name="Inspector Patel",
            due_date=dt.date(2026, 2, 1),
            status=Action.Status.AWAITING_SIGN_OFF,
            rag=Rag.GREEN,
        ),
        "2.1": ActionFactory(
            plan=plan,
            recommendation=second,
            reference="2.1",
            position=1,
            title="Extend the health navigator role",
            owner_agency=health,
            lead_name="Designated Nurse Okafor",
            due_date=dt.date(2025, 11, 1),
            status=Action.Status.COMPLETE,
            signed_off_at=timezone.now(),
            rag=Rag.BLUE,
        ),
    }
    ProgressUpdateFactory(action=actions["2.1"], text="Second navigator recruited in November.")
    return {"plan": plan, "police": police, "health": health, **actions}


def member(plan, role=Membership.Role.LEAD, agency=None) -> Client:
    membership = MembershipFactory(
        partnership=plan.inspection.partnership, role=role, agency=agency
    )
    client = Client()
    client.force_login(membership.user)  # type: ignore[arg-type]  # factory-boy is untyped
    return client


@pytest.fixture
def lead(world) -> Client:
    return member(world["plan"])


def page(plan) -> str:
    return reverse("actionplans:plan-detail", args=[plan.pk])


def shown(client: Client, plan, **query: str) -> list[str]:
    """The references of the actions the page lists, in the order it lists them."""
    response = client.get(page(plan), query)
    assert response.status_code == 200
    return re.findall(r'class="govuk-link" href="/actions/\d+/">([\d.]+) ', response.text)


def test_the_plan_page_lists_every_action_in_the_plans_order(world, lead):
    assert shown(lead, world["plan"]) == ["1.1", "1.2", "1.10", "2.1"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("1.10", ["1.10"]),  # reference
        ("navigator", ["2.1"]),  # title
        ("patel", ["1.2", "1.10"]),  # named lead, in any case
        ("recruited in november", ["2.1"]),  # the text of a progress update
        ("  Knowledge   Hub ", ["1.10"]),  # spaces as typed
    ],
)
def test_search_looks_in_reference_title_lead_and_progress(world, lead, text, found):
    assert shown(lead, world["plan"], q=text) == found


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"status": "not_started"}, ["1.2"]),
        ({"status": "awaiting_sign_off"}, ["1.10"]),
        ({"rag": "red"}, ["1.2"]),
        ({"rag": "blue"}, ["2.1"]),
        ({"overdue": "on"}, ["1.2"]),  # 2.1 was due earlier, but it is complete
        ({"awaiting_sign_off": "on"}, ["1.10"]),
    ],
)
def test_each_filter(world, lead, query, found):
    assert shown(lead, world["plan"], **query) == found


def test_the_agency_filter(world, lead):
    plan = world["plan"]
    assert shown(lead, plan, agency=str(world["health"].pk)) == ["2.1"]
    assert shown(lead, plan, agency=str(world["police"].pk)) == ["1.1", "1.2", "1.10"]


def test_filters_combine(world, lead):
    plan, police = world["plan"], world["police"]
    assert shown(lead, plan, q="patel", agency=str(police.pk), overdue="on") == ["1.2"]
    assert shown(lead, plan, q="patel", awaiting_sign_off="on") == ["1.10"]
    assert shown(lead, plan, agency=str(police.pk), rag="blue") == []


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("due", ["1.2", "1.10", "1.1", "2.1"]),
        ("reference", ["1.1", "1.2", "1.10", "2.1"]),  # 1.10 after 1.9, not after 1.1
        ("rag", ["1.2", "1.1", "1.10", "2.1"]),  # red, amber, green; blue (complete) last
    ],
)
def test_sort_orders_within_each_recommendation(world, lead, sort, order):
    assert shown(lead, world["plan"], sort=sort) == order


def test_reference_order_is_by_number(world, lead):
    plan, first = world["plan"], world["1.1"].recommendation
    ActionFactory(plan=plan, recommendation=first, reference="1.9", position=0)
    assert shown(lead, plan, sort="reference")[:4] == ["1.1", "1.2", "1.9", "1.10"]


def test_the_count_says_how_many_of_how_many(world, lead):
    html = lead.get(page(world["plan"]), {"q": "patel"}).text
    assert "Showing 2 of 4 actions" in html
    assert "<title>Action plan" in html
    assert "4 actions" in lead.get(page(world["plan"])).text


def test_what_was_asked_stays_in_the_form(world, lead):
    police = world["police"]
    html = lead.get(
        page(world["plan"]),
        {"q": "patel", "agency": police.pk, "rag": "red", "sort": "due", "overdue": "on"},
    ).text
    assert 'name="q" type="search" value="patel"' in html
    assert f'<option value="{police.pk}" selected>Hampshire Constabulary</option>' in html
    assert '<option value="red" selected>Red</option>' in html
    assert '<option value="due" selected>Due date, soonest first</option>' in html
    assert re.search(r'name="overdue" type="checkbox" value="on" checked', html)
    assert 'href="/plans/{}/#actions">Clear filters</a>'.format(world["plan"].pk) in html
    assert FILTERS_OPEN in html


FILTERS_OPEN = '<details class="govuk-details govuk-!-margin-bottom-4" open>'


def test_the_filters_stay_folded_until_one_is_asked_for(world, lead):
    plan = world["plan"]
    assert FILTERS_OPEN not in lead.get(page(plan)).text
    assert FILTERS_OPEN not in lead.get(page(plan), {"q": "patel", "sort": ""}).text
    assert FILTERS_OPEN in lead.get(page(plan), {"q": "patel", "sort": "due"}).text
    assert FILTERS_OPEN in lead.get(page(plan), {"awaiting_sign_off": "on"}).text


def test_nothing_found_says_so_and_how_to_clear(world, lead):
    html = lead.get(page(world["plan"]), {"q": "no such words"}).text
    assert "Showing 0 of 4 actions" in html
    assert "No actions match" in html
    assert "Clear filters and show every action" in html
    assert "Actions for recommendation" not in html


def test_a_search_hides_the_leads_reordering_and_adding(world, lead):
    plan = world["plan"]
    whole = lead.get(page(plan)).text
    assert "Add an action" in whole
    assert 'name="direction"' in whole
    html = lead.get(page(plan), {"q": "patel"}).text
    assert "Add an action" not in html
    assert 'name="direction"' not in html  # the order of a part of the plan would mislead
    assert "To change the order of actions, or to add one" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "finished"}, "Choose a status from the list"),
        ({"rag": "purple"}, "Choose a RAG from the list"),
        ({"sort": "'; DROP TABLE actionplans_action; --"}, "Choose an order from the list"),
        ({"agency": "police"}, "Choose an agency from the list"),
        ({"agency": "99999999999999999999999"}, "Choose an agency from the list"),
        ({"q": "x" * 101}, "Search for 100 characters or fewer"),
    ],
)
def test_a_value_that_cannot_be_used_is_left_out_with_a_message(world, lead, query, message):
    response = lead.get(page(world["plan"]), query)
    assert response.status_code == 200
    assert "There is a problem with the search" in response.text
    assert message in response.text
    assert "Showing 4 of 4 actions" in response.text
    assert "<title>Error: Action plan" in response.text


def test_a_search_too_long_is_kept_for_the_person_to_shorten(world, lead):
    typed = "navigator " * 11
    html = lead.get(page(world["plan"]), {"q": typed, "rag": "blue"}).text
    assert f'value="{typed}"' in html
    assert "Showing 1 of 4 actions" in html  # the RAG filter still applies


def test_control_characters_are_ignored(world, lead):
    plan = world["plan"]
    assert shown(lead, plan, q="Knowledge\x00Hub") == ["1.10"]
    assert shown(lead, plan, q="\tKnowledge\x1bHub\r\n") == ["1.10"]
    assert shown(lead, plan, q="\x00\x07") == ["1.1", "1.2", "1.10", "2.1"]


@pytest.mark.parametrize("text", ["%", "_", "\\", "'", "1.%"])
def test_wildcards_and_quotes_are_searched_for_as_typed(world, lead, text):
    assert shown(lead, world["plan"], q=text) == []


def test_a_repeated_or_unknown_parameter_is_harmless(world, lead):
    plan = world["plan"]
    assert shown(lead, plan, utm_source="email") == ["1.1", "1.2", "1.10", "2.1"]
    response = lead.get(page(plan) + "?rag=red&rag=purple&status=&status=not_started")
    assert response.status_code == 200
    assert "Choose a RAG from the list" in response.text


def test_an_agency_of_another_partnership_is_not_a_choice(world, lead):
    elsewhere = ActionFactory(title="Audit referrals elsewhere")
    response = lead.get(page(world["plan"]), {"agency": elsewhere.owner_agency.pk})
    assert "Choose an agency from the list" in response.text
    assert elsewhere.owner_agency.name not in response.text


def test_a_search_never_finds_another_partnerships_actions(world):
    other = ActionFactory(title="Navigator pilot in another area", reference="9.9")
    ProgressUpdateFactory(action=other, text="Navigator recruited elsewhere")
    owner = member(world["plan"], Membership.Role.OWNER, world["police"])
    assert shown(owner, world["plan"], q="navigator") == ["2.1"]
    assert owner.get(page(other.plan), {"q": "navigator"}).status_code == 404


def test_an_owner_sees_the_plan_their_partnership_shares_and_nothing_of_a_lead(world):
    owner = member(world["plan"], Membership.Role.OWNER, world["police"])
    assert shown(owner, world["plan"], q="patel") == ["1.2", "1.10"]
    html = owner.get(page(world["plan"]), {"q": "patel"}).text
    assert "To change the order" not in html
    assert "Add an action" not in html


def test_a_search_is_rendered_fresh_never_from_the_cache(world, lead):
    plan = world["plan"]
    lead.get(page(plan))
    lead.get(page(plan), {"q": "navigator"})
    # A write that (wrongly) leaves the stamp alone: the cached page keeps the old title, a
    # search shows the row as it is.
    Action.objects.filter(pk=world["2.1"].pk).update(title="Extend the navigator service")
    assert "Extend the navigator service" in lead.get(page(plan), {"q": "navigator"}).text
    assert "Extend the health navigator role" in lead.get(page(plan)).text


# A cached plan page's own reads: the session, the person, their two-factor state and
# memberships, the plan's version (with who may see it) and the unread count. A lead's approval
# panel is cached under the same version, so it reads nothing more.
CACHED_PAGE_QUERIES = 6


def test_a_search_leaves_the_plan_page_in_the_cache(world, lead, django_assert_num_queries):
    plan = world["plan"]
    lead.get(page(plan))
    lead.get(page(plan), {"q": "patel"})
    with django_assert_num_queries(CACHED_PAGE_QUERIES):
        response = lead.get(page(plan))
    assert shown(lead, plan) == ["1.1", "1.2", "1.10", "2.1"]
    assert "Add an action" in response.text


def test_the_form_sent_empty_is_the_cached_plan_page(world, lead, django_assert_num_queries):
    plan = world["plan"]
    lead.get(page(plan))
    empty = {"q": "  ", "agency": "", "status": "", "rag": "", "sort": ""}
    with django_assert_num_queries(CACHED_PAGE_QUERIES):
        response = lead.get(page(plan), empty)
    assert "Showing" not in response.text
    assert "4 actions" in response.text


def test_one_persons_search_never_shows_another_their_controls(world, lead):
    plan = world["plan"]
    lead.get(page(plan), {"q": "patel"})
    owner = member(plan, Membership.Role.OWNER, world["health"])
    html = owner.get(page(plan), {"q": "patel"}).text
    assert "To change the order" not in html
    assert 'name="csrfmiddlewaretoken"' not in html.split("</header>")[1]


def filtered_page_queries(client: Client, plan) -> int:
    query = {"q": "a", "agency": str(plan.actions.first().owner_agency_id), "sort": "rag"}
    client.get(page(plan), query)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page(plan), query).status_code == 200
    return len(queries)


def test_a_filtered_page_costs_the_same_queries_at_any_size(world, lead):
    plan = world["plan"]
    small = filtered_page_queries(lead, plan)
    recommendations = list(plan.inspection.recommendations.all())
    for n in range(150):
        action = ActionFactory(
            plan=plan,
            recommendation=recommendations[n % 2],
            reference=f"3.{n}",
            owner_agency=world["police" if n % 3 else "health"],
        )
        ProgressUpdateFactory(action=action, text=f"Update {n}")
    assert filtered_page_queries(lead, plan) == small
    # The person's own reads (as a cached page's) and the page's: the plan, its findings,
    # recommendations, the actions found, their count, the agencies to choose from, the agency
    # asked for, and the latest submission.
    assert small <= CACHED_PAGE_QUERIES + 8
