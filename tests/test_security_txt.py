"""/.well-known/security.txt tells a researcher, without signing in, whom to tell (RFC 9116)."""

import datetime as dt

import pytest
from django.utils import timezone


def fields(body: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in body.splitlines() if line)


@pytest.mark.django_db
def test_security_txt_names_the_contact_and_an_expiry_within_a_year(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@council.example"
    settings.SITE_URL = "https://plans.council.example"
    settings.SECURITY_POLICY_URL = ""

    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    got = fields(response.content.decode())
    assert got["Contact"] == "mailto:security@council.example"
    assert got["Canonical"] == "https://plans.council.example/.well-known/security.txt"
    expires = dt.datetime.strptime(got["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    assert timezone.now() < expires < timezone.now() + dt.timedelta(days=365)
    assert "Policy" not in got


@pytest.mark.django_db
def test_security_txt_links_the_operators_policy_when_it_has_one(client, settings):
    settings.SECURITY_POLICY_URL = "https://council.example/security-statement"

    got = fields(client.get("/.well-known/security.txt").content.decode())

    assert got["Policy"] == "https://council.example/security-statement"


def test_security_txt_only_answers_reads(client):
    assert client.post("/.well-known/security.txt").status_code == 405
