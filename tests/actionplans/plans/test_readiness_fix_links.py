"""Each readiness gap links to the page that fixes exactly that gap."""

import datetime as dt

import pytest
from django.urls import reverse

from actionplans.plans.models import Action, ActionPlan
from actionplans.plans.readiness import check_readiness
from agencies.models import User
from demo.loader import load_demo
from inspections.models import Finding, Recommendation

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 9, 29)


@pytest.fixture
def draft(client, time_machine):
    time_machine.move_to(dt.datetime(2025, 9, 29, 10, tzinfo=dt.UTC), tick=False)
    load_demo(deadline_in=25)
    client.force_login(User.objects.get(email="lead@southampton.example"))
    return ActionPlan.objects.get(inspection__regime__code="jtai")


def _unanswered(plan):
    """An area for improvement whose one recommendation has lost its actions."""
    recommendation = Recommendation.objects.filter(
        inspection=plan.inspection, finding__kind="area_for_improvement"
    ).first()
    Action.objects.filter(recommendation__finding=recommendation.finding).delete()
    recommendation.finding.recommendations.exclude(pk=recommendation.pk).delete()
    return recommendation


def test_an_area_with_a_recommendation_but_no_action_links_to_add_an_action(client, draft):
    recommendation = _unanswered(draft)
    gaps = check_readiness(draft, today=TODAY)
    gap = next(g for g in gaps if "has no action" in g.message)
    add_action = reverse("actionplans:action-create", args=[draft.pk])
    assert gap.url.startswith(f"{add_action}?recommendation={recommendation.pk}")

    page = client.get(gap.url)
    assert page.status_code == 200
    assert f'value="{recommendation.pk}" selected' in page.content.decode()


def test_an_area_with_no_recommendation_links_to_add_a_recommendation(draft):
    area = Finding.objects.create(
        inspection=draft.inspection, kind="area_for_improvement", reference="AFI 9", text="New"
    )
    gap = next(g for g in check_readiness(draft, today=TODAY) if "AFI 9" in g.message)
    add = reverse("inspections:recommendation-create", args=[draft.inspection.pk])
    assert gap.url.startswith(f"{add}?finding={area.pk}")


def test_adding_the_action_from_the_checklist_comes_back_to_the_checklist(client, draft):
    _unanswered(draft)
    gap = next(g for g in check_readiness(draft, today=TODAY) if "has no action" in g.message)
    form = client.get(gap.url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "title": "Audit referrals",
            "lead_name": "Sam Lead",
            "success_measure": "All audited",
            "due_date_0": "30",
            "due_date_1": "4",
            "due_date_2": "2026",
            "start_date_0": "1",
            "start_date_1": "10",
            "start_date_2": "2025",
            "next": reverse("actionplans:plan-readiness", args=[draft.pk]),
        }
    )
    response = client.post(gap.url.split("#")[0], data)
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == reverse("actionplans:plan-readiness", args=[draft.pk])
