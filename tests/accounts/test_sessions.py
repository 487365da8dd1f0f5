"""Sessions end after 30 idle minutes, 10 hours after sign-in, and at once on deactivation."""

import datetime as dt
import logging

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.agencies.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2025, 10, 1, 9, 0, tzinfo=dt.UTC)
HOME = "/"


def sign_in(client, user) -> None:
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302


def is_sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_session_survives_29_idle_minutes(client):
    user = UserFactory()
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, user)
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(HOME).status_code == 200
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(HOME).status_code == 200


def test_a_session_ends_after_30_idle_minutes(client, caplog):
    user = UserFactory()
    caplog.set_level(logging.INFO, logger="security")
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, user)
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(HOME)
    assert is_sent_to_sign_in(response)
    assert SESSION_KEY not in client.session
    assert f"event=session_expired user={user.pk} reason=idle ip=127.0.0.1" in caplog.messages
    page = client.get(response.url).content.decode()
    assert "You were signed out after 30 minutes without activity" in page


def test_a_session_ends_10_hours_after_sign_in_however_busy(client):
    user = UserFactory()
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, user)
        for _ in range(29):  # a request every 20 minutes: 9 hours 40
            clock.shift(dt.timedelta(minutes=20))
            assert client.get(HOME).status_code == 200
        clock.shift(dt.timedelta(minutes=21))
        assert is_sent_to_sign_in(client.get(HOME))


def test_deactivating_an_account_ends_its_sessions_at_once(client, caplog):
    user = UserFactory()
    sign_in(client, user)
    other_browser = client.__class__()
    sign_in(other_browser, user)
    user.is_active = False
    user.save()
    caplog.set_level(logging.INFO, logger="security")
    for browser in (client, other_browser):
        assert is_sent_to_sign_in(browser.get(HOME))
        assert SESSION_KEY not in browser.session
    assert any("event=session_refused" in m for m in caplog.messages)


def test_changing_the_password_signs_out_other_sessions(client):
    user = UserFactory()
    sign_in(client, user)
    other_browser = client.__class__()
    sign_in(other_browser, user)
    new = "a-brand-new-passphrase"
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200
    assert is_sent_to_sign_in(other_browser.get(HOME))
