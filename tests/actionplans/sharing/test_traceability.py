"""The traceability view: every recommendation of every source, and what answers it."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.sharing.services import link_action
from tests.support.shared_action import build_shared_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_shared_world()
    link_action(action=world.action, recommendation=world.r3, by=world.lead)
    return world


@pytest.mark.parametrize("who", ["lead", "manager"])
def test_leads_and_managers_see_every_source(client, world, who):
    client.force_login(getattr(world, who))
    url = reverse("actionplans:traceability", args=[world.partnership.pk])
    page = client.get(url).content.decode()
    assert "JTAI 2025 R1. Train staff in recognising neglect" in page
    assert "CSPR 2025 R3. Neglect training for all practitioners" in page
    assert "Shared: owned by JTAI 2025" in page
    assert "No action answers it yet." in page  # R4


def test_an_owner_may_not(client, world):
    client.force_login(world.owner)
    url = reverse("actionplans:traceability", args=[world.partnership.pk])
    assert client.get(url).status_code == 403


def test_the_excel_copy_holds_each_recommendation_and_its_actions(client, world):
    client.force_login(world.manager)
    url = reverse("actionplans:traceability-download", args=[world.partnership.pk])
    response = client.get(url)
    assert response["Content-Disposition"].startswith('attachment; filename="traceability-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    summary = [(r[0], r[1], r[4], r[7]) for r in rows]
    assert ("JTAI 2025", "R1", "1.1", None) in summary
    assert ("CSPR 2025", "R3", "1.1", "Shared: owned by JTAI 2025") in summary
    assert ("CSPR 2025", "R4", None, None) in summary
