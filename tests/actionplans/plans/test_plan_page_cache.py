"""The plan page's body is cached per plan version: fresh after every change, never another
person's forms or rights, and a constant number of queries however big the plan."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from actionplans.plans.models import Action, ProgressUpdate
from actionplans.plans.page_cache import bump_plan
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory
from tests.inspections.factories import InspectionFactory, RecommendationFactory
from tests.support.races import reads_from, run_held_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = ActionPlanFactory(inspection=InspectionFactory())
    recommendation = RecommendationFactory(inspection=plan.inspection)
    for n in range(1, 4):
        ActionFactory(plan=plan, recommendation=recommendation, reference=f"1.{n}", position=n)
    return plan


def signed_in(plan, role=Membership.Role.LEAD, **client_options) -> Client:
    partnership = plan.inspection.partnership
    agency = None
    if role == Membership.Role.OWNER:
        agency = AgencyFactory(partnerships=[partnership])
    membership = MembershipFactory(partnership=partnership, role=role, agency=agency)
    client = Client(**client_options)
    client.force_login(membership.user)  # type: ignore[arg-type]  # factory-boy is untyped
    return client


def page(plan) -> str:
    return reverse("actionplans:plan-detail", args=[plan.pk])


def test_a_change_to_an_action_shows_at_once(plan):
    client = signed_in(plan)
    assert "Audit the timeliness" in client.get(page(plan)).content.decode()
    action = Action.objects.get(reference="1.2")
    action.title = "Train every call handler in the new threshold"
    action.save()
    assert "Train every call handler" in client.get(page(plan)).content.decode()


def test_a_new_recommendation_and_a_reorder_show_at_once(plan):
    client = signed_in(plan)
    client.get(page(plan))
    RecommendationFactory(inspection=plan.inspection, title="Strengthen return interviews")
    assert "Strengthen return interviews" in client.get(page(plan)).content.decode()
    first = Action.objects.get(reference="1.1")
    client.post(reverse("actionplans:action-move", args=[first.pk]), {"direction": "down"})
    html = client.get(page(plan)).content.decode()
    assert html.index(">1.2 ") < html.index(">1.1 ")


def test_an_owner_never_gets_the_leads_cached_page(plan):
    lead_html = signed_in(plan).get(page(plan)).content.decode()
    assert "Add an action" in lead_html
    owner_html = signed_in(plan, Membership.Role.OWNER).get(page(plan)).content.decode()
    assert "Add an action" not in owner_html
    assert 'name="csrfmiddlewaretoken"' not in owner_html.split("</header>")[1]


def tokens_in(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


def test_a_second_lead_never_gets_the_first_leads_token(plan):
    first = signed_in(plan, enforce_csrf_checks=True)
    first_tokens = tokens_in(first.get(page(plan)).content.decode())  # fills the cache
    second = signed_in(plan, enforce_csrf_checks=True)
    second_tokens = tokens_in(second.get(page(plan)).content.decode())
    assert first_tokens
    assert second_tokens
    assert first_tokens.isdisjoint(second_tokens)
    action = Action.objects.get(reference="1.1")
    response = second.post(
        reverse("actionplans:action-move", args=[action.pk]),
        {"direction": "down", "csrfmiddlewaretoken": second_tokens.pop()},
    )
    assert response.status_code == 302
    assert Action.objects.get(reference="1.1").position == 2


def test_a_cached_page_costs_the_same_few_queries_at_any_size(plan, django_assert_max_num_queries):
    client = signed_in(plan, Membership.Role.MANAGER)
    client.get(page(plan))
    # The session, the person, their memberships and two-factor state, the plan's version
    # (with who may see it) and the unread count: the body itself comes from the cache.
    with django_assert_max_num_queries(6):
        client.get(page(plan))
    recommendation = plan.inspection.recommendations.first()
    for n in range(4, 60):
        action = ActionFactory(plan=plan, recommendation=recommendation, reference=f"1.{n}")
        ProgressUpdateFactory(action=action)
    client.get(page(plan))
    with django_assert_max_num_queries(6):
        response = client.get(page(plan))
    assert response.content.decode().count('class="govuk-table__row" id="action-') == 59
    assert ProgressUpdate.objects.count() == 56


def owner_of(plan, agency):
    membership = MembershipFactory(
        partnership=plan.inspection.partnership, role=Membership.Role.OWNER, agency=agency
    )
    client = Client()
    client.force_login(membership.user)  # type: ignore[arg-type]  # factory-boy is untyped
    return client


def test_my_actions_shows_an_action_given_to_the_owners_agency_at_once(plan):
    agency = AgencyFactory(partnerships=[plan.inspection.partnership])
    client = owner_of(plan, agency)
    my_actions = reverse("actionplans:my-actions")
    assert "You have no open actions" in client.get(my_actions).content.decode()
    action = Action.objects.get(reference="1.2")
    action.owner_agency = agency
    action.save()
    html = client.get(my_actions).content.decode()
    assert ">1.2 Audit the timeliness" in html
    Action.objects.filter(pk=action.pk).update(status=Action.Status.IN_PROGRESS, rag="red")
    bump_plan(plan.pk)  # what code that writes with .update() must do
    assert "Red" in client.get(my_actions).content.decode()


def test_my_actions_follows_the_persons_role_at_once(plan):
    agency = AgencyFactory(partnerships=[plan.inspection.partnership])
    Action.objects.filter(reference="1.3").update(owner_agency=agency)
    bump_plan(plan.pk)
    client = owner_of(plan, agency)
    my_actions = reverse("actionplans:my-actions")
    assert ">1.3 " in client.get(my_actions).content.decode()
    Membership.objects.get(agency=agency, role=Membership.Role.OWNER).delete()
    assert client.get(my_actions).status_code == 200
    assert ">1.3 " not in client.get(my_actions).content.decode()


def test_the_dashboard_across_lists_a_new_plan_and_drops_a_moved_one_at_once(plan):
    client = signed_in(plan, Membership.Role.MANAGER)
    across = reverse("actionplans:dashboard")
    client.get(across)
    partnership = plan.inspection.partnership
    newer = ActionPlanFactory(inspection=InspectionFactory(partnership=partnership))
    html = client.get(across).content.decode()
    assert reverse("actionplans:plan-dashboard", args=[newer.pk]) in html
    elsewhere = InspectionFactory()
    inspection = newer.inspection
    inspection.partnership = elsewhere.partnership
    inspection.save()
    html = client.get(across).content.decode()
    assert reverse("actionplans:plan-dashboard", args=[newer.pk]) not in html
    assert client.get(reverse("actionplans:plan-detail", args=[newer.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races two transactions")
def test_a_page_rendered_while_a_change_commits_is_not_kept_past_it():
    plan = ActionPlanFactory(inspection=InspectionFactory())
    action = ActionFactory(plan=plan, reference="1.1", title="Audit the timeliness")
    client = signed_in(plan, Membership.Role.MANAGER)

    def retitle() -> None:
        action.title = "Train every call handler"
        action.save()

    # Held after reading the plan's version, before rendering the body from the old rows.
    run_held_request(client, page(plan), reads_from("actionplans_actionplan"), retitle)
    assert "Train every call handler" in client.get(page(plan)).content.decode()
