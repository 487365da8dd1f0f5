"""Leads and managers find the overview where they start: their home page, the plan's dashboard
and the dashboard across their partnerships. Agency owners are not shown a link they cannot use."""

import pytest
from django.core.cache import cache
from django.urls import reverse


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def pages(partners) -> list[str]:
    return [
        reverse("actionplans:home"),
        reverse("actionplans:plan-dashboard", args=[partners.jtai.pk]),
        reverse("actionplans:dashboard"),
    ]


@pytest.mark.parametrize("role", ["lead", "manager"])
def test_leads_and_managers_are_shown_the_way_in(client, partners, role):
    client.force_login(getattr(partners, role))
    overview = reverse("actionplans:partnership-overview", args=[partners.partnership.pk])
    for url in pages(partners):
        assert f'href="{overview}"' in client.get(url).content.decode(), url


def test_an_agency_owner_is_not(client, partners):
    client.force_login(partners.owner)
    overview = reverse("actionplans:partnership-overview", args=[partners.partnership.pk])
    for url in pages(partners):
        response = client.get(url)
        assert response.status_code == 200
        assert overview not in response.content.decode(), url
