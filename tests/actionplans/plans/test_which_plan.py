"""Two plans of one partnership, each with an action 2.1: My actions and Update all my actions
name each one's plan."""

import pytest
from django.urls import reverse

from tests.support.two_plans import TwoPlans, build_two_plans

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client) -> TwoPlans:
    world = build_two_plans()
    client.force_login(world.owner)
    return world


def rows(page: str, marker: str) -> list[str]:
    return page.split(marker)[1:]


def test_my_actions_names_the_plan_of_each_action(client, world):
    page = client.get(reverse("actionplans:my-actions")).content.decode()
    body = page.split("<tbody")[1]
    first, second = rows(body, '<tr class="govuk-table__row">')
    assert {"JTAI 2025" in first, "JTAI 2025" in second} == {True, False}
    assert {"Neglect 2026" in first, "Neglect 2026" in second} == {True, False}


def test_update_all_names_the_plan_of_each_action(client, world):
    page = client.get(reverse("actionplans:my-actions-update")).content.decode()
    older = page.split(f'id="action-{world.older.pk}"')[1].split('class="govuk-summary-card"')[0]
    newer = page.split(f'id="action-{world.newer.pk}"')[1].split('class="govuk-summary-card"')[0]
    assert "JTAI 2025" in older
    assert "Neglect 2026" not in older
    assert "Neglect 2026" in newer
    assert "JTAI 2025" not in newer


def test_a_new_short_title_shows_at_once_on_my_actions(client, world):
    assert "Neglect 2026" in client.get(reverse("actionplans:my-actions")).content.decode()
    inspection = world.newer.plan.inspection
    inspection.short_title = "Front door 2026"
    inspection.save()
    page = client.get(reverse("actionplans:my-actions")).content.decode()
    assert "Front door 2026" in page
    assert "Neglect 2026" not in page
