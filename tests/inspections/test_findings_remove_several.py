"""The lead removes several findings at once: ticks them on the findings list, confirms, and they
go. As when one is removed, the recommendations that answer them stay, without the link, and the
confirmation names them first."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from agencies.models import Membership
from inspections.models import Finding, Recommendation
from tests.actionplans.factories import ActionPlanFactory
from tests.agencies.factories import MembershipFactory
from tests.inspections.factories import FindingFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2025, 7, 20, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def plan(client):
    plan = ActionPlanFactory()
    lead = MembershipFactory(partnership=plan.inspection.partnership, role=Membership.Role.LEAD)
    client.force_login(lead.user)
    return plan


@pytest.fixture
def findings(plan):
    return [
        FindingFactory(inspection=plan.inspection, reference=f"AFI {n}", position=n)
        for n in (1, 2, 3)
    ]


def remove_url(plan):
    return reverse("inspections:findings-remove", args=[plan.inspection.pk])


def test_the_findings_list_has_a_checkbox_for_each_and_a_remove_button(client, plan, findings):
    html = client.get(plan.get_absolute_url()).content.decode()
    assert f'action="{remove_url(plan)}"' in html
    assert html.count('name="findings"') == 3
    assert "Remove selected findings" in html


def test_removing_the_selected_findings_asks_first_then_removes_only_them(client, plan, findings):
    chosen = [str(findings[0].pk), str(findings[2].pk)]
    page = client.post(remove_url(plan), {"findings": chosen}).content.decode()
    assert "Remove these 2 findings?" in page
    assert Finding.objects.count() == 3
    html = client.post(
        remove_url(plan), {"findings": chosen, "confirm": "yes"}, follow=True
    ).content.decode()
    assert "Removed 2 findings: AFI 1 and AFI 3" in html
    assert list(Finding.objects.values_list("reference", flat=True)) == ["AFI 2"]


def test_changing_the_selection_keeps_it_ticked(client, plan, findings):
    chosen = [str(findings[1].pk)]
    html = client.post(remove_url(plan), {"findings": chosen, "change": "yes"}).content.decode()
    assert re.search(rf'value="{findings[1].pk}"\s*checked', html)
    assert Finding.objects.count() == 3


def test_recommendations_that_answer_them_are_named_and_kept_as_for_one(client, plan, findings):
    RecommendationFactory(inspection=plan.inspection, finding=findings[0], reference="1")
    chosen = [str(findings[0].pk), str(findings[1].pk)]
    page = client.post(remove_url(plan), {"findings": chosen}).content.decode()
    assert "Recommendation 1 answers AFI 1: it is kept, without the link" in page
    assert "kept, without the link" in page
    client.post(remove_url(plan), {"findings": chosen, "confirm": "yes"})
    assert Recommendation.objects.get(reference="1").finding is None
    assert Finding.objects.count() == 1


def test_selecting_nothing_says_what_to_do(client, plan, findings):
    html = client.post(remove_url(plan), {"confirm": "yes"}).content.decode()
    assert "Select the findings to remove" in html
    assert Finding.objects.count() == 3


def test_another_inspections_finding_cannot_be_removed_from_here(client, plan, findings):
    other = FindingFactory()
    client.post(remove_url(plan), {"findings": [str(other.pk)], "confirm": "yes"})
    assert Finding.objects.filter(pk=other.pk).exists()
