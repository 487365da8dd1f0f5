"""Two-factor authentication: set-up, the second step at sign-in, backup codes, and the
partnership setting that makes it compulsory for leads."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Membership
from tests.agencies.factories import PASSWORD, MembershipFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2025, 10, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock():
    """Codes depend on the time: every test runs on a frozen clock that it moves itself."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.email, "password": PASSWORD})


def set_up_app(client, user) -> tuple[TOTPDevice, list[str]]:
    """Through the pages, as a person would: returns the device and the backup codes shown."""
    page = client.get(reverse("accounts:two-factor-setup"))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()  # the QR code to scan
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:two-factor-setup"), {"token": code_for(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    return device, response.context["codes"]


def test_setting_up_an_app_shows_ten_backup_codes(client):
    user = UserFactory()
    client.force_login(user)
    _, codes = set_up_app(client, user)
    assert len(codes) == 10
    assert len(set(codes)) == 10


def test_a_wrong_code_does_not_turn_two_factor_on(client):
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("accounts:two-factor-setup"))
    response = client.post(reverse("accounts:two-factor-setup"), {"token": "000000"})
    assert "The code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_with_two_factor_on_sign_in_asks_for_the_code_before_any_page(client, clock):
    user = UserFactory()
    client.force_login(user)
    device, _ = set_up_app(client, user)
    client.post(reverse("logout"))

    clock.shift(dt.timedelta(minutes=1))
    sign_in(client, user)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two-factor-verify"))
    assert client.get(reverse("accounts:account")).status_code == 302

    refused = client.post(reverse("accounts:two-factor-verify"), {"token": "123456"})
    assert "The code is not right" in refused.content.decode()

    clock.shift(dt.timedelta(seconds=5))  # django-otp makes a retry wait after a failure
    key_before = client.session.session_key
    passed = client.post(
        reverse("accounts:two-factor-verify"), {"token": code_for(device), "next": "/"}
    )
    assert passed.status_code == 302
    assert passed.url == "/"
    assert client.session.session_key != key_before
    assert client.get("/").status_code == 200


def test_a_backup_code_works_once(client):
    user = UserFactory()
    client.force_login(user)
    _, codes = set_up_app(client, user)
    client.post(reverse("logout"))

    sign_in(client, user)
    response = client.post(reverse("accounts:two-factor-verify"), {"token": codes[0]})
    assert response.status_code == 302
    client.post(reverse("logout"))

    sign_in(client, user)
    response = client.post(reverse("accounts:two-factor-verify"), {"token": codes[0]})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_only_the_second_step_can_replace_the_app(client):
    """Someone with just the password cannot swap in their own authenticator."""
    user = UserFactory()
    client.force_login(user)
    set_up_app(client, user)
    client.post(reverse("logout"))
    sign_in(client, user)
    response = client.get(reverse("accounts:two-factor-setup"))
    assert response.url == reverse("accounts:two-factor-verify")
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def test_a_partnership_can_make_two_factor_compulsory_for_its_leads(client):
    partnership = PartnershipFactory(leads_require_two_factor=True)
    lead = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user
    manager = MembershipFactory(partnership=partnership, role=Membership.Role.MANAGER).user

    sign_in(client, lead)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two-factor-setup"))
    set_up_app(client, lead)
    assert client.get("/").status_code == 200
    client.post(reverse("logout"))

    sign_in(client, manager)
    # Not a lead: no second step asked for (a manager's home is the dashboard).
    assert client.get(reverse("actionplans:my-actions")).status_code == 200


def test_a_lead_cannot_turn_off_compulsory_two_factor(client):
    partnership = PartnershipFactory(leads_require_two_factor=True)
    lead = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user
    client.force_login(lead)
    set_up_app(client, lead)
    assert client.post(reverse("accounts:two-factor-remove")).status_code == 403
    assert TOTPDevice.objects.filter(user=lead, confirmed=True).exists()


def test_two_factor_is_optional_elsewhere_and_can_be_turned_off(client):
    user = UserFactory()
    client.force_login(user)
    set_up_app(client, user)
    response = client.post(reverse("accounts:two-factor-remove"))
    assert response.url == reverse("accounts:account")
    assert not TOTPDevice.objects.filter(user=user).exists()
