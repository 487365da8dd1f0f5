"""Two plans of one partnership: each downloaded file is named by its plan's short name."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils.text import slugify

from tests.support.two_plans import build_two_plans

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["docx", "pdf", "xlsx", "csv"])
def test_an_export_is_named_by_the_plans_short_name(client, kind):
    world = build_two_plans()
    client.force_login(world.lead)
    area = slugify(world.newer.plan.inspection.partnership.local_area)
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC), tick=False):
        response = client.get(reverse("actionplans:plan-export", args=[world.newer.plan.pk, kind]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="action-plan-{area}-neglect-2026-2026-12-02.{kind}"'
    )


def test_the_import_template_is_named_by_the_plans_short_name(client):
    world = build_two_plans()
    client.force_login(world.lead)
    area = slugify(world.older.plan.inspection.partnership.local_area)
    response = client.get(reverse("actionplans:import-template", args=[world.older.plan.pk]))
    assert response.status_code == 200
    assert f"action-plan-template-{area}-jtai-2025.xlsx" in response["Content-Disposition"]
