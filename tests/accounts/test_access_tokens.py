"""Your account → Reporting API tokens: made (shown once), listed with when each was last used,
revoked; at most a year."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tokens import hash_key
from agencies.models import PersonalAccessToken, User
from tests.agencies.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def date_fields(day: dt.date) -> dict[str, str]:
    return {
        "expires_on_0": str(day.day),
        "expires_on_1": str(day.month),
        "expires_on_2": str(day.year),
    }


@pytest.fixture
def person_client() -> tuple[object, Client]:
    user: User = MembershipFactory().user
    client = Client()
    client.force_login(user)
    return user, client


def test_a_new_token_is_shown_once_and_stored_hashed(person_client):
    user, client = person_client
    expires = timezone.localdate() + dt.timedelta(days=90)
    page = client.post(
        reverse("accounts:access-tokens"), {"name": "Board Power BI", **date_fields(expires)}
    )
    assert page.status_code == 200
    key = page.context["new_key"]
    assert key
    assert key in page.content.decode()
    token = PersonalAccessToken.objects.get(user=user)
    assert token.key_hash == hash_key(key)
    assert token.expires_on == expires
    again = client.get(reverse("accounts:access-tokens")).content.decode()
    assert key not in again
    assert "Board Power BI" in again
    assert token.prefix in again


@pytest.mark.parametrize(
    ("days", "message"),
    [(400, "at most a year"), (0, "must be in the future"), (-3, "must be in the future")],
)
def test_an_expiry_out_of_range_is_refused_with_a_message(person_client, days, message):
    user, client = person_client
    day = timezone.localdate() + dt.timedelta(days=days)
    page = client.post(reverse("accounts:access-tokens"), {"name": "X", **date_fields(day)})
    assert page.status_code == 400
    assert message in page.content.decode()
    assert 'value="X"' in page.content.decode()  # what was typed is kept
    assert not PersonalAccessToken.objects.filter(user=user).exists()


def test_an_empty_form_says_what_to_enter(person_client):
    _, client = person_client
    page = client.post(reverse("accounts:access-tokens"), {})
    assert page.status_code == 400
    assert "Enter a name for the token" in page.content.decode()


def test_revoking_stops_the_token_and_only_the_owner_can(person_client):
    user, client = person_client
    expires = timezone.localdate() + dt.timedelta(days=30)
    key = client.post(
        reverse("accounts:access-tokens"), {"name": "Quarterly extract", **date_fields(expires)}
    ).context["new_key"]
    token = PersonalAccessToken.objects.get(user=user)
    api = Client(headers={"Authorization": f"Token {key}"})
    assert api.get(reverse("api:plan-list")).status_code == 200

    stranger = Client()
    somebody_else: User = UserFactory()
    stranger.force_login(somebody_else)
    stranger.post(reverse("accounts:access-token-revoke", args=[token.pk]))
    assert api.get(reverse("api:plan-list")).status_code == 200

    response = client.post(reverse("accounts:access-token-revoke", args=[token.pk]))
    assert response.status_code == 302
    assert api.get(reverse("api:plan-list")).status_code == 401
    assert "Quarterly extract" not in client.get(reverse("accounts:access-tokens")).content.decode()


def test_the_page_points_to_the_help_inside_the_service_not_the_readme(person_client):
    _, client = person_client
    expires = timezone.localdate() + dt.timedelta(days=30)
    page = client.post(reverse("accounts:access-tokens"), {"name": "X", **date_fields(expires)})
    text = page.content.decode()
    assert "README" not in text
    assert f'href="{reverse("help")}#reporting-api"' in text
    help_page = client.get(reverse("help")).content.decode()
    assert 'id="reporting-api"' in help_page
    assert "Authorization" in help_page
