"""Forms that help: Add an action fills in what it can, both "add" forms offer Save and add
another, moved actions can be renumbered, and a recommendation that cannot be removed says why."""

import datetime as dt

import pytest
from django.urls import reverse

from actionplans.plans.models import Action
from agencies.models import Membership
from inspections.models import Finding
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def action():
    return ActionFactory(reference="1.1")


@pytest.fixture
def lead(client, action):
    membership = MembershipFactory(
        partnership=action.plan.inspection.partnership, role=Membership.Role.LEAD
    )
    client.force_login(membership.user)
    return membership.user


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_add_an_action_suggests_the_owner_and_the_reference(client, lead, action):
    recommendation = action.recommendation
    recommendation.reference = "1"
    recommendation.save()
    url = reverse("actionplans:action-create", args=[action.plan.pk])
    form = client.get(url, {"recommendation": recommendation.pk}).context["form"]
    assert form["owner_agency"].value() == recommendation.lead_agency_id
    assert form["reference"].value() == "1.2"


def test_the_account_list_names_each_persons_agency(client, lead, action):
    owner = MembershipFactory(
        partnership=action.plan.inspection.partnership,
        agency=action.owner_agency,
        role=Membership.Role.OWNER,
    ).user
    html = client.get(reverse("actionplans:action-create", args=[action.plan.pk])).content.decode()
    assert f"{owner} ({action.owner_agency.name})" in html


def test_save_and_add_another_action_returns_to_an_empty_form(client, lead, action):
    response = client.post(
        reverse("actionplans:action-create", args=[action.plan.pk]),
        {
            "recommendation": action.recommendation.pk,
            "reference": "1.7",
            "title": "Repeat the audit every quarter",
            "owner_agency": action.owner_agency.pk,
            "lead_name": "Head of service",
            **date_fields("start_date", dt.date(2025, 9, 1)),
            **date_fields("due_date", dt.date(2026, 3, 31)),
            "success_measure": "Four audits a year",
            "add_another": "",
        },
    )
    assert Action.objects.filter(reference="1.7").exists()
    add = reverse("actionplans:action-create", args=[action.plan.pk])
    assert response.url == f"{add}?recommendation={action.recommendation.pk}"


def test_save_and_add_another_finding_returns_to_an_empty_form(client, lead, action):
    inspection = action.plan.inspection
    url = reverse("inspections:finding-create", args=[inspection.pk])
    page = client.get(url).content.decode()
    assert "Save and add another" in page
    assert "Select an option" not in page
    assert 'value=""' not in page.split('name="kind"')[0][-200:]
    response = client.post(
        url,
        {"kind": "area_for_improvement", "reference": "AFI 9", "text": "x", "add_another": ""},
    )
    assert Finding.objects.filter(reference="AFI 9").exists()
    assert response.url == url


def test_moved_actions_can_be_renumbered(client, lead, action):
    second = ActionFactory(plan=action.plan, recommendation=action.recommendation, reference="1.2")
    recommendation = action.recommendation
    recommendation.reference = "1"
    recommendation.save()
    client.post(reverse("actionplans:action-move", args=[second.pk]), {"direction": "up"})
    html = client.get(action.plan.get_absolute_url()).content.decode()
    assert "The references are out of order after a move: 1.2, 1.1" in html
    assert "Renumber them 1.1, 1.2" in html
    client.post(reverse("actionplans:actions-renumber", args=[action.plan.pk, recommendation.pk]))
    second.refresh_from_db()
    action.refresh_from_db()
    assert (second.reference, action.reference) == ("1.1", "1.2")
    html = client.get(action.plan.get_absolute_url()).content.decode()
    assert "out of order" not in html


def test_renumbering_onto_another_recommendations_reference_says_which(client, lead, action):
    recommendation = action.recommendation
    recommendation.reference = "1"
    recommendation.save()
    action.reference = "1.5"
    action.save()
    elsewhere = ActionFactory(plan=action.plan, reference="1.1")  # typed in by hand
    response = client.post(
        reverse("actionplans:actions-renumber", args=[action.plan.pk, recommendation.pk]),
        follow=True,
    )
    assert response.status_code == 200
    assert (
        "Cannot renumber: another recommendation&#x27;s action already has the reference 1.1."
        in response.content.decode()
    )
    action.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (action.reference, elsewhere.reference) == ("1.5", "1.1")


def test_a_recommendation_with_actions_says_why_it_cannot_be_removed(client, lead, action):
    inspection = action.plan.inspection
    url = reverse(
        "inspections:recommendation-delete", args=[inspection.pk, action.recommendation.pk]
    )
    html = client.get(url).content.decode()
    assert "You cannot remove this recommendation yet" in html
    assert f"It still has 1 action ({action.reference})" in html
    assert "Yes, remove it" not in html


def test_choosing_the_leads_account_fills_an_empty_named_lead(client, lead, action):
    person = MembershipFactory(
        partnership=action.plan.inspection.partnership,
        agency=action.owner_agency,
        role=Membership.Role.OWNER,
        user__first_name="Sam",
        user__last_name="Patel",
    ).user
    data = {
        "recommendation": action.recommendation.pk,
        "reference": "1.8",
        "title": "Brief every sergeant",
        "owner_agency": action.owner_agency.pk,
        "lead_name": "",
        "lead_user": person.pk,
        **date_fields("start_date", dt.date(2025, 9, 1)),
        **date_fields("due_date", dt.date(2026, 3, 31)),
        "success_measure": "Every sergeant briefed",
    }
    client.post(reverse("actionplans:action-create", args=[action.plan.pk]), data)
    assert Action.objects.get(reference="1.8").lead_name == "Sam Patel"
    refused = client.post(
        reverse("actionplans:action-create", args=[action.plan.pk]),
        {**data, "reference": "1.9", "lead_user": ""},
    )
    assert "Enter the named lead person" in refused.content.decode()


def test_the_error_summary_links_each_message_to_its_field(client, lead, action):
    html = client.post(
        reverse("actionplans:action-create", args=[action.plan.pk]), {"title": ""}
    ).content.decode()
    summary = html[
        html.index("govuk-error-summary") : html.index("</ul>", html.index("govuk-error-summary"))
    ]
    assert "This field is required" not in html
    assert 'href="#id_title"' in summary
    assert "Enter what will be done" in summary
    assert "Enter the due date" in summary
    assert 'href="#id_due_date' in summary
