"""Sign-in: new session key, lockout that never tells whether an account exists, CSRF, log."""

import logging

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from agencies.models import User
from tests.agencies.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_sign_in_gives_the_session_a_new_key(client):
    user = UserFactory()
    session = client.session
    session["before"] = "sign-in"
    session.save()
    before = session.session_key
    response = sign_in(client, user.email)
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(user.pk)


def test_five_failures_lock_the_address_even_against_the_right_password(client):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.email, "wrong password")
    response = sign_in(client, user.email)
    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_and_known_addresses_get_the_same_lockout_answer(client):
    user = UserFactory()
    answers = []
    for email in (user.email, "nobody-here@example.org"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            failed = sign_in(client, email, "wrong password")
        locked = sign_in(client, email, "wrong password")
        answers.append((failed.status_code, locked.status_code, locked.content))
    assert answers[0] == answers[1]
    assert answers[0][1] == 429


def test_unknown_and_known_addresses_get_the_same_failure_message(client):
    user = UserFactory()
    known = sign_in(client, user.email, "wrong password")
    unknown = sign_in(client, "nobody-here@example.org", "wrong password")
    assert known.context["form"].errors == unknown.context["form"].errors


def test_lockout_counts_an_address_however_it_is_typed(client):
    user = UserFactory(email="lead@example.org")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "Lead@Example.org " if attempt % 2 else "lead@example.org", "wrong")
    assert sign_in(client, user.email).status_code == 429


def test_success_clears_earlier_failures(client):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, user.email, "wrong password")
    assert sign_in(client, user.email).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, user.email, "wrong password")
    assert sign_in(client, user.email).status_code == 302


def test_sign_in_refuses_a_post_without_the_csrf_token():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_signed_in_forms_refuse_a_post_without_the_csrf_token():
    user: User = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert client.post(reverse("logout")).status_code == 403


def test_sign_in_with_the_csrf_token_works():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("login"),
        {"username": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_security_log_records_sign_ins_failures_and_lockouts_without_passwords(client, caplog):
    user = UserFactory()
    caplog.set_level(logging.INFO, logger="security")
    sign_in(client, user.email)
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.email, "my-secret-guess")
    lines = [r.getMessage() for r in caplog.records if r.name == "security"]
    assert f"event=sign_in user={user.pk} ip=127.0.0.1" in lines
    assert f"event=sign_out user={user.pk} ip=127.0.0.1" in lines
    assert f"event=sign_in_failed username={user.email} ip=127.0.0.1" in lines
    assert f"event=locked_out username={user.email} ip=127.0.0.1" in lines
    assert not any("my-secret-guess" in line or PASSWORD in line for line in lines)
