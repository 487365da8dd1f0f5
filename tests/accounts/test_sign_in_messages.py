"""The sign-in page says what went wrong in plain words, and the same for every address."""

import pytest
from django.urls import reverse

from tests.agencies.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def summary_of(response) -> list[str]:
    form = response.context["form"]
    return [str(error) for errors in form.errors.values() for error in errors]


def test_a_wrong_password_is_explained_in_plain_english(client):
    user = UserFactory()
    response = client.post(reverse("login"), {"username": user.email, "password": "wrong"})
    assert summary_of(response) == [
        "The email address or password is not right. Check them and try again, "
        "or reset your password"
    ]
    page = response.content.decode()
    assert "case-sensitive" not in page
    assert "Please enter" not in page


def test_an_unknown_address_gets_the_same_message_as_a_wrong_password(client):
    known = UserFactory()
    wrong_password = client.post(reverse("login"), {"username": known.email, "password": "x"})
    unknown = client.post(
        reverse("login"), {"username": "nobody@example.org", "password": PASSWORD}
    )
    assert summary_of(unknown) == summary_of(wrong_password)


def test_empty_fields_say_what_to_enter_and_mark_each_field(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert summary_of(response) == [
        "Enter your email address, like name@example.org",
        "Enter your password",
    ]
    page = response.content.decode()
    assert "This field is required" not in page
    assert 'id="id_password" name="password" type="password"' in page
    assert 'govuk-input govuk-input--error" id="id_password"' in page
