import pytest
from django.urls import reverse

from actionplans.plans.models import Action, ActionPlan
from agencies.models import User
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo
from tests.actionplans.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_the_address_shows_a_sign_in_page(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert b"Sign in" in response.content


def test_a_demo_lead_signs_in_and_sees_the_southampton_plan(client):
    load_demo()
    response = client.post(
        reverse("login"),
        {"username": "lead@southampton.example", "password": DEMO_PASSWORD},
        follow=True,
    )
    assert response.context["user"].email == "lead@southampton.example"
    assert "initial need and risk in Southampton" in response.content.decode()


def test_a_wrong_password_is_refused_with_a_message(client):
    load_demo()
    response = client.post(
        reverse("login"), {"username": "lead@southampton.example", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_plan_page_groups_actions_under_their_recommendations(client):
    load_demo()
    client.force_login(User.objects.get(email="manager@southampton.example"))
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    response = client.get(plan.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Improve the timeliness of high-risk referrals") < body.index(
        "Audit the timeliness of high-risk referrals to the CRS"
    )
    assert "24 October 2025" in body


def test_action_page_shows_progress_and_revised_dates(client):
    load_demo()
    client.force_login(User.objects.get(email="police@southampton.example"))
    action = Action.objects.get(reference="1.5")
    body = client.get(action.get_absolute_url()).content.decode()
    assert "Originally due 17 October 2025" in body
    assert "Revised on 10 October 2025 to 31 March 2026: The escalation route" in body
    assert "Draft escalation route" in body


def test_another_partnerships_plan_is_not_found(client):
    load_demo()
    other = ActionFactory()
    client.force_login(User.objects.get(email="lead@southampton.example"))
    assert client.get(other.plan.get_absolute_url()).status_code == 404
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(other.plan.inspection.get_absolute_url()).status_code == 404


# 24: the page's own 6, the session, the user, the two-factor check (accounts/middleware.py),
# the memberships, the plan's version and the header's count of unread notifications; the
# regime, the actions shared from and to other plans; and for a lead of a draft the approval
# panel, whose digest is built from the plan's document on the first view of each version.
@pytest.mark.parametrize(("actions", "max_queries"), [(10, 24), (500, 24)])
def test_plan_page_queries_do_not_grow_with_actions(
    client, django_assert_max_num_queries, actions, max_queries
):
    first = ActionFactory()
    ActionFactory.create_batch(actions - 1, plan=first.plan, recommendation=first.recommendation)
    from agencies.models import Membership
    from tests.agencies.factories import MembershipFactory

    lead = MembershipFactory(
        partnership=first.plan.inspection.partnership, role=Membership.Role.LEAD
    ).user
    client.force_login(lead)
    with django_assert_max_num_queries(max_queries):
        assert client.get(first.plan.get_absolute_url()).status_code == 200
