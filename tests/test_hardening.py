"""Production hardening: check --deploy, Content Security Policy, no caching of pages, friendly
error pages, the admin kept to superusers, and the security log's format."""

import logging
import os
import re
import secrets
import subprocess
import sys
import time

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.logformat import UTCFormatter
from config.settings import BASE_DIR
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import MembershipFactory, UserFactory


def production_env(tmp_path) -> dict[str, str]:
    """The environment .env.example documents for production, with a real-looking key."""
    env = {
        key: value
        for line in (BASE_DIR / ".env.example").read_text().splitlines()
        if line and not line.startswith("#") and "=" in line
        for key, value in [line.split("=", 1)]
        if value
    }
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    # No PostgreSQL is needed to check settings: a throw-away SQLite file stands in for it.
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'check.sqlite3'}"
    env["VAR_DIR"] = str(tmp_path)
    return {**os.environ, **env, "DEBUG": "false"}


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    client.force_login(UserFactory())
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    # The nonce appears only on pages that use one; none of ours needs to yet.
    assert directives["script-src"].split()[0] == "'self'"
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_templates_have_no_inline_scripts_or_styles():
    for path in (BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or "nonce=" in tag, f"inline script in {path}"
        assert "<style" not in text, f"inline style in {path}"
        assert not re.search(r"\sstyle=", text), f"style attribute in {path}"


@pytest.mark.django_db
def test_pages_with_plan_data_are_never_stored(client):
    action = ActionFactory()
    lead = MembershipFactory(partnership=action.plan.inspection.partnership).user
    client.force_login(lead)
    for url in ("/", action.plan.get_absolute_url(), action.get_absolute_url(), "/nowhere/"):
        assert "no-store" in client.get(url)["Cache-Control"], url
    client.logout()
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]


@pytest.mark.django_db
def test_not_found_is_a_friendly_page(client):
    client.force_login(UserFactory())
    response = client.get("/plans/999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert "Traceback" not in body
    assert "govuk-template" in body


def test_server_error_is_a_friendly_page_without_details():
    request = RequestFactory().get("/")
    response = defaults.server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in body
    assert "Traceback" not in body


@pytest.mark.django_db
def test_forbidden_is_a_friendly_page(rf):
    request = rf.get("/")
    request.user = UserFactory()
    response = defaults.permission_denied(request, PermissionError("secret detail"))
    body = response.content.decode()
    assert response.status_code == 403
    assert "You cannot do this" in body
    assert "secret detail" not in body


@pytest.mark.django_db
def test_a_refused_request_goes_to_the_security_log(client, caplog):
    other = ActionFactory()
    user = UserFactory()
    client.force_login(user)
    caplog.set_level(logging.INFO, logger="security")
    client.get(other.plan.get_absolute_url())
    path = other.plan.get_absolute_url()
    assert f"event=denied user={user.pk} status=404 method=GET path={path} ip=127.0.0.1" in (
        caplog.messages
    )


@pytest.mark.django_db
def test_a_password_reset_link_never_goes_into_the_log(client, caplog):
    caplog.set_level(logging.INFO, logger="security")
    client.get("/account/password-reset/MQ/set-password/nothing/")
    assert caplog.messages
    assert not any("set-password" in m for m in caplog.messages)


def test_log_timestamps_are_utc():
    formatter = UTCFormatter("%(asctime)s %(message)s")
    record = logging.LogRecord("security", logging.INFO, __file__, 1, "event=x", None, None)
    record.created = 0.0
    record.msecs = 0
    assert formatter.format(record) == "1970-01-01T00:00:00.000Z event=x"
    assert time.gmtime(0).tm_hour == 0


# The admin --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_who_are_not_superusers_cannot_use_the_admin(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


@pytest.mark.django_db
def test_a_superuser_without_the_second_step_cannot_use_the_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


@pytest.mark.django_db
def test_a_superuser_who_passed_the_second_step_can_use_the_admin(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=superuser, name="Authenticator app", confirmed=True)
    client.force_login(superuser)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # what django-otp's login() records
    session.save()
    assert client.get(reverse("admin:index")).status_code == 200
