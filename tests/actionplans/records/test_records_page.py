"""The records page: the lead sees what is deleted and when, and changes the periods."""

import pytest
from django.urls import reverse

from actionplans.records.models import RetentionPolicy

pytestmark = pytest.mark.django_db


def test_it_states_the_default_periods(client, world):
    client.force_login(world["lead"])
    page = client.get(reverse("actionplans:records", args=[world["partnership"].pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "after <strong>6 years</strong> the whole plan is deleted" in text
    assert not RetentionPolicy.objects.exists()


def test_it_saves_new_periods(client, world):
    client.force_login(world["lead"])
    url = reverse("actionplans:records", args=[world["partnership"].pk])
    answer = client.post(url, {"closed_plan_years": "8", "evidence_years": "3"})
    assert answer.status_code == 302
    policy = RetentionPolicy.objects.get(partnership=world["partnership"])
    assert (policy.closed_plan_years, policy.evidence_years) == (8, 3)


def test_it_refuses_zero_years_and_keeps_what_was_typed(client, world):
    client.force_login(world["lead"])
    url = reverse("actionplans:records", args=[world["partnership"].pk])
    answer = client.post(url, {"closed_plan_years": "0", "evidence_years": "4"})
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "Enter at least 1 year" in text
    assert 'value="4"' in text
    assert not RetentionPolicy.objects.exists()
