"""The partnership lead's journey: inspection, findings, recommendations, actions."""

import datetime as dt

import pytest
from django.urls import reverse

from actionplans.plans.models import Action, ActionPlan
from agencies.models import Membership
from inspections.models import Finding, Inspection, Recommendation
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory, PartnershipFactory
from tests.inspections.factories import regime

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _three_days_after_the_letter(time_machine):
    time_machine.move_to(dt.datetime(2025, 7, 20, 10, tzinfo=dt.UTC), tick=False)


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def lead(client):
    membership = MembershipFactory(role=Membership.Role.LEAD)
    client.force_login(membership.user)
    return membership


def inspection_data(**overrides):
    data = {
        "title": "Joint inspection of the front door in Southampton",
        "regime": str(regime("jtai").pk),
        "theme": "Identification of initial need and risk",
        "inspectorates": ["ofsted", "cqc", "hmicfrs"],
        "legal_basis": "Section 20 of the Children Act 2004",
        **date_fields("fieldwork_start", dt.date(2025, 5, 19)),
        **date_fields("fieldwork_end", dt.date(2025, 5, 23)),
        **date_fields("letter_published", dt.date(2025, 7, 17)),
        "deadline_mode": "date",
        **date_fields("submission_deadline", dt.date(2025, 10, 24)),
        "deadline_working_days": "70",
    }
    data.update(overrides)
    return data


def test_lead_creates_an_inspection_with_its_draft_plan(client, lead):
    response = client.post(reverse("actionplans:inspection-create"), inspection_data())
    plan = ActionPlan.objects.get()
    assert response.url == plan.get_absolute_url()
    assert plan.status == ActionPlan.Status.DRAFT
    assert plan.inspection.partnership == lead.partnership
    assert plan.inspection.submission_deadline == dt.date(2025, 10, 24)


def test_deadline_can_be_given_in_working_days(client, lead):
    client.post(
        reverse("actionplans:inspection-create"),
        inspection_data(deadline_mode="working_days", submission_deadline_0=""),
    )
    inspection = Inspection.objects.get()
    assert inspection.deadline_working_days == 70
    assert inspection.submission_deadline is None
    assert inspection.effective_deadline == dt.date(2025, 10, 24)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (date_fields("submission_deadline", dt.date(2025, 7, 1)), "is in the past"),
        (date_fields("fieldwork_end", dt.date(2025, 5, 1)), "must be on or after its start"),
        ({"fieldwork_start_0": "31", "fieldwork_start_1": "2"}, "must be a real date"),
        ({"title": "x" * 301}, "The title of the letter must be 300 characters or fewer"),
        ({"inspectorates": []}, "Choose at least one inspectorate"),
        (
            {
                "deadline_mode": "working_days",
                "letter_published_0": "",
                "letter_published_1": "",
                "letter_published_2": "",
            },
            "to count the working days from it",
        ),
    ],
)
def test_bad_inspection_input_is_refused_with_a_clear_message_and_kept(
    client, lead, overrides, message
):
    data = inspection_data(**overrides)
    response = client.post(reverse("actionplans:inspection-create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert 'value="Identification of initial need and risk"' in body  # input kept
    assert not Inspection.objects.exists()
    assert not ActionPlan.objects.exists()


def test_only_a_lead_may_create_an_inspection(client):
    owner = MembershipFactory(role=Membership.Role.OWNER, agency=AgencyFactory())
    client.force_login(owner.user)
    response = client.post(reverse("actionplans:inspection-create"), inspection_data())
    assert response.status_code == 403
    assert not Inspection.objects.exists()


def test_lead_adds_a_finding_then_a_recommendation_from_it(client, lead):
    client.post(reverse("actionplans:inspection-create"), inspection_data())
    inspection = Inspection.objects.get()
    police = AgencyFactory(partnerships=[lead.partnership])
    client.post(
        reverse("inspections:finding-create", args=[inspection.pk]),
        {"kind": "area_for_improvement", "reference": "AFI 1", "text": "Timeliness of referrals"},
    )
    finding = Finding.objects.get()
    response = client.post(
        reverse("inspections:recommendation-create", args=[inspection.pk]),
        {
            "finding": finding.pk,
            "reference": "1",
            "title": "Improve referral timeliness",
            "source": "letter",
            "lead_agency": police.pk,
            "next": f"/plans/{inspection.action_plan.pk}/",
        },
    )
    recommendation = Recommendation.objects.get()
    assert response.url == f"/plans/{inspection.action_plan.pk}/"
    assert (recommendation.finding, recommendation.lead_agency) == (finding, police)


def test_duplicate_finding_reference_is_refused_with_a_message(client, lead):
    client.post(reverse("actionplans:inspection-create"), inspection_data())
    inspection = Inspection.objects.get()
    url = reverse("inspections:finding-create", args=[inspection.pk])
    client.post(url, {"kind": "strength", "reference": "S1", "text": "Caring approach"})
    response = client.post(url, {"kind": "strength", "reference": "s1", "text": "Again"})
    assert "Another finding already has the reference s1" in response.content.decode()
    assert Finding.objects.count() == 1


def test_next_pointing_elsewhere_is_ignored(client, lead):
    client.post(reverse("actionplans:inspection-create"), inspection_data())
    inspection = Inspection.objects.get()
    response = client.post(
        reverse("inspections:finding-create", args=[inspection.pk]),
        {"kind": "strength", "reference": "S1", "text": "x", "next": "https://evil.example/"},
    )
    assert response.url == inspection.get_absolute_url()


def action_data(recommendation, agency, **overrides):
    data = {
        "recommendation": recommendation.pk,
        "reference": "1.1",
        "title": "Audit referral timeliness",
        "owner_agency": agency.pk,
        "lead_name": "Child-centred policing lead",
        **date_fields("start_date", dt.date(2025, 8, 1)),
        **date_fields("due_date", dt.date(2025, 10, 17)),
        "success_measure": "95% within limits",
    }
    data.update(overrides)
    return data


def test_lead_adds_an_action(client, lead):
    existing = ActionFactory(plan__inspection__partnership=lead.partnership)
    response = client.post(
        reverse("actionplans:action-create", args=[existing.plan.pk]),
        action_data(existing.recommendation, existing.owner_agency, reference="1.9"),
    )
    action = Action.objects.get(reference="1.9")
    assert response.url == existing.plan.get_absolute_url()
    assert action.position == existing.position + 1


def test_due_date_before_start_is_refused_and_nothing_saved(client, lead):
    existing = ActionFactory(plan__inspection__partnership=lead.partnership)
    response = client.post(
        reverse("actionplans:action-create", args=[existing.plan.pk]),
        action_data(
            existing.recommendation,
            existing.owner_agency,
            reference="1.9",
            **date_fields("due_date", dt.date(2025, 7, 1)),
        ),
    )
    assert "The due date must be on or after the start date" in response.content.decode()
    assert not Action.objects.filter(reference="1.9").exists()


def test_a_second_save_from_a_stale_page_is_refused_and_shows_the_other_change(client, lead):
    action = ActionFactory(plan__inspection__partnership=lead.partnership, title="Original")
    url = reverse("actionplans:action-update", args=[action.pk])
    stale_version = action.version
    first = action_data(
        action.recommendation,
        action.owner_agency,
        reference=action.reference,
        title="First person's title",
        version=stale_version,
    )
    second = action_data(
        action.recommendation,
        action.owner_agency,
        reference=action.reference,
        title="Second person's title",
        version=stale_version,
    )
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this action while you were editing it" in body
    assert "First person&#x27;s title" in body  # theirs, shown
    assert "Second person&#x27;s title" in body  # yours, kept in the form
    action.refresh_from_db()
    assert action.title == "First person's title"
    # Saving again from the refreshed form goes through.
    second["version"] = action.version
    assert client.post(url, second).status_code == 302
    action.refresh_from_db()
    assert action.title == "Second person's title"


def test_lead_reorders_actions(client, lead):
    first = ActionFactory(plan__inspection__partnership=lead.partnership, position=1)
    second = ActionFactory(plan=first.plan, recommendation=first.recommendation, position=2)
    client.post(reverse("actionplans:action-move", args=[second.pk]), {"direction": "up"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, first.position) == (1, 2)


def test_lead_removes_an_action_after_confirming(client, lead):
    action = ActionFactory(plan__inspection__partnership=lead.partnership)
    url = reverse("actionplans:action-delete", args=[action.pk])
    assert "Yes, remove it" in client.get(url).content.decode()
    client.post(url)
    assert not Action.objects.filter(pk=action.pk).exists()


def test_a_recommendation_with_actions_cannot_be_removed(client, lead):
    action = ActionFactory(plan__inspection__partnership=lead.partnership)
    inspection = action.plan.inspection
    response = client.post(
        reverse(
            "inspections:recommendation-delete", args=[inspection.pk, action.recommendation.pk]
        ),
        follow=True,
    )
    assert "still has actions" in response.content.decode()
    assert Recommendation.objects.filter(pk=action.recommendation.pk).exists()


def test_text_is_stored_as_typed_and_shown_escaped(client, lead):
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(2)>{{7*7}}'
    action = ActionFactory(plan__inspection__partnership=lead.partnership)
    client.post(
        reverse("actionplans:action-update", args=[action.pk]),
        action_data(
            action.recommendation,
            action.owner_agency,
            reference=action.reference,
            title=payload,
            version=action.version,
        ),
    )
    action.refresh_from_db()
    assert action.title == payload
    body = client.get(action.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "{{7*7}}" in body
    assert "49" not in body.split("<h1")[1].split("</h1>")[0]


def test_owner_sees_their_partnership_agencies_only_in_the_owner_list(client, lead):
    action = ActionFactory(plan__inspection__partnership=lead.partnership)
    stranger = AgencyFactory(partnerships=[PartnershipFactory()])
    response = client.post(
        reverse("actionplans:action-create", args=[action.plan.pk]),
        action_data(action.recommendation, stranger, reference="1.9"),
    )
    assert "Select the owner agency" in response.content.decode()
    assert not Action.objects.filter(reference="1.9").exists()
