"""Sign in with your organisation's account: a real OpenID Connect flow against a provider the
tests start on the loopback (tests/support/identity_provider.py)."""

import datetime as dt
import logging
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import IdentityProvider, Invitation, Membership, User
from agencies.people.services import invite_person
from tests.agencies.factories import MembershipFactory, UserFactory
from tests.support.identity_provider import CLIENT_ID, CLIENT_SECRET, FakeIdentityProvider

pytestmark = pytest.mark.django_db

EMAIL = "sam.lead@police.example"


@pytest.fixture
def idp() -> Iterator[FakeIdentityProvider]:
    provider = FakeIdentityProvider().start()
    provider.next_claims = {"email": EMAIL}
    yield provider
    provider.stop()


@pytest.fixture
def provider(idp: FakeIdentityProvider, settings) -> IdentityProvider:
    settings.SITE_URL = "http://testserver"
    return IdentityProvider.objects.create(
        name="Hampshire Police",
        issuer=idp.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        email_domains="police.example\nhampshire.police.example",
    )


@pytest.fixture
def member() -> User:
    user: User = MembershipFactory(user__email=EMAIL, role=Membership.Role.LEAD).user
    return user


def to_provider_and_back(client: Client, email: str = EMAIL, next_url: str = ""):  # type: ignore[no-untyped-def]
    """Type the address, follow the redirect to the provider (which approves at once) and come
    back to the callback: the answer of the callback."""
    data = {"username": email}
    if next_url:
        data["next"] = next_url
    page = client.post(reverse("login"), data)
    assert page.status_code == 200, page.content
    assert "Continue with your organisation's account" in page.content.decode()
    to_provider = client.get(page.context["provider_url"])
    assert to_provider.status_code == 302
    back = requests.get(to_provider.url, allow_redirects=False, timeout=10).headers["Location"]
    parsed = urlparse(back)
    return client.get(f"{parsed.path}?{parsed.query}")


def signed_in_as(client: Client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def test_a_member_signs_in_through_their_organisation(provider, idp, member, caplog):
    client = Client()
    with caplog.at_level(logging.INFO, logger="security"):
        answer = to_provider_and_back(client)
    assert answer.status_code == 302
    assert answer.url == reverse("actionplans:home")
    assert signed_in_as(client) == member.pk
    assert client.get(reverse("actionplans:home")).status_code == 200
    # The provider was asked with the address as a hint, and the code was redeemed once.
    assert idp.authorisations[-1]["login_hint"] == EMAIL
    assert len(idp.token_requests) == 1
    line = next(r.getMessage() for r in caplog.records if "event=sign_in " in r.getMessage())
    assert 'via="Hampshire Police"' in line
    assert "eyJ" not in caplog.text  # no token in the log


def test_the_address_is_matched_ignoring_case(provider, idp, member):
    idp.next_claims = {"email": EMAIL.upper()}
    client = Client()
    to_provider_and_back(client, email="Sam.Lead@Police.Example")
    assert signed_in_as(client) == member.pk


def test_next_is_kept_through_the_round_trip(provider, idp, member):
    client = Client()
    answer = to_provider_and_back(client, next_url=reverse("accounts:account"))
    assert answer.url == reverse("accounts:account")


@pytest.mark.parametrize(
    ("spoil", "claims"),
    [
        ("wrong_audience", {"aud": "some-other-service"}),
        ("expired", {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}),
        ("wrong_issuer", {"iss": "https://impostor.example"}),
        ("bad_signature", {}),
    ],
)
def test_an_id_token_that_fails_its_checks_signs_nobody_in(
    provider, idp, member, caplog, spoil, claims
):
    idp.next_claims = {"email": EMAIL, **claims}
    idp.sign_with_other_key = spoil == "bad_signature"
    client = Client()
    with caplog.at_level(logging.INFO, logger="security"):
        answer = to_provider_and_back(client)
    assert answer.status_code == 400
    assert "Sign-in did not work" in answer.content.decode()
    assert signed_in_as(client) is None
    assert "event=organisation_sign_in_failed" in caplog.text
    assert 'provider="Hampshire Police"' in caplog.text
    assert "eyJ" not in caplog.text


def test_a_replayed_nonce_is_refused(provider, idp, member):
    first = Client()
    to_provider_and_back(first)
    assert signed_in_as(first) == member.pk
    idp.replay_nonce_of = idp.nonces_seen[-1]  # an ID token from that earlier sign-in
    second = Client()
    answer = to_provider_and_back(second)
    assert answer.status_code == 400
    assert signed_in_as(second) is None


def test_a_replayed_callback_is_refused(provider, idp, member):
    client = Client()
    page = client.post(reverse("login"), {"username": EMAIL})
    to_provider = client.get(page.context["provider_url"])
    back = urlparse(
        requests.get(to_provider.url, allow_redirects=False, timeout=10).headers["Location"]
    )
    callback = f"{back.path}?{back.query}"
    assert client.get(callback).status_code == 302
    client.post(reverse("logout"))
    again = client.get(callback)
    assert again.status_code == 400
    assert signed_in_as(client) is None


@pytest.mark.parametrize(
    ("claims", "words"),
    [
        ({"email": EMAIL, "email_verified": False}, "has not confirmed your email address"),
        ({"email": EMAIL, "email_verified": None}, "has not confirmed your email address"),
        ({"email": None}, "did not share your email address"),
        ({"email": "someone@elsewhere.example"}, "not one this organisation signs in for"),
    ],
)
def test_an_address_the_provider_cannot_vouch_for_is_refused(
    provider, idp, member, claims, words, caplog
):
    idp.next_claims = claims
    client = Client()
    with caplog.at_level(logging.INFO, logger="security"):
        answer = to_provider_and_back(client)
    assert answer.status_code == 403
    assert words in answer.content.decode()
    assert signed_in_as(client) is None
    assert "event=organisation_sign_in_refused" in caplog.text


def test_a_provider_that_trusts_its_addresses_needs_no_email_verified(provider, idp, member):
    provider.trusts_email_addresses = True
    provider.save()
    idp.next_claims = {"email": EMAIL, "email_verified": None}
    client = Client()
    to_provider_and_back(client)
    assert signed_in_as(client) == member.pk


def test_someone_with_no_membership_gets_no_account_and_no_way_in(provider, idp):
    idp.next_claims = {"email": "new.person@police.example"}
    client = Client()
    answer = to_provider_and_back(client, email="new.person@police.example")
    assert answer.status_code == 403
    assert "Ask your partnership lead" in answer.content.decode()
    assert not User.objects.filter(email__iexact="new.person@police.example").exists()
    UserFactory(email="no.role@police.example")  # an account, but no membership
    idp.next_claims = {"email": "no.role@police.example"}
    assert to_provider_and_back(Client(), email="no.role@police.example").status_code == 403


def test_a_deactivated_member_is_refused(provider, idp, member):
    member.is_active = False
    member.save()
    assert to_provider_and_back(Client()).status_code == 403


def test_an_address_no_provider_answers_for_gets_the_password(provider):
    client = Client()
    page = client.post(reverse("login"), {"username": "lead@council.example"})
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="password"' in body
    assert 'value="lead@council.example"' in body


def test_the_sign_in_page_asks_for_the_address_first_once_a_provider_exists(provider):
    body = Client().get(reverse("login")).content.decode()
    assert 'name="password"' not in body
    assert "Continue" in body


def test_without_any_provider_the_sign_in_page_is_as_before():
    body = Client().get(reverse("login")).content.decode()
    assert 'name="password"' in body


def test_a_bad_address_at_the_first_step_says_what_to_enter(provider):
    page = Client().post(reverse("login"), {"username": "not an address"})
    assert page.status_code == 400
    assert "Enter your email address, like name@example.org" in page.content.decode()


def test_a_disabled_provider_is_not_used(provider):
    provider.enabled = False
    provider.save()
    body = Client().post(reverse("login"), {"username": EMAIL}).content.decode()
    assert 'name="password"' in body


def two_factor_app(user: User) -> None:
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def test_mfa_at_the_provider_skips_the_apps_second_step(provider, idp, member):
    two_factor_app(member)
    idp.next_claims = {"email": EMAIL, "amr": ["pwd", "mfa"]}
    client = Client()
    to_provider_and_back(client)
    assert client.get(reverse("actionplans:home")).status_code == 200


def test_without_mfa_at_the_provider_the_partnerships_rule_applies(provider, idp, member):
    two_factor_app(member)
    idp.next_claims = {"email": EMAIL, "amr": ["pwd"]}
    client = Client()
    to_provider_and_back(client)
    home = client.get(reverse("actionplans:home"))
    assert home.status_code == 302
    assert home.url.startswith(reverse("accounts:two-factor-verify"))


def test_signing_out_ends_the_providers_session_too(provider, idp, member):
    client = Client()
    to_provider_and_back(client)
    answer = client.post(reverse("logout"))
    assert answer.status_code == 200
    assert signed_in_as(client) is None
    target = urlparse(answer.context["provider_url"])
    assert f"{target.scheme}://{target.netloc}" == idp.issuer
    query = parse_qs(target.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver" + reverse("login")]
    assert query["id_token_hint"][0].startswith("eyJ")
    assert 'http-equiv="refresh"' in answer.content.decode()


def test_a_password_sign_out_stays_local(member):
    client = Client()
    client.force_login(member)
    answer = client.post(reverse("logout"))
    assert answer.status_code == 302
    assert signed_in_as(client) is None


def test_an_unreachable_provider_fails_plainly(provider, idp, member, caplog):
    idp.stop()
    client = Client()
    page = client.post(reverse("login"), {"username": EMAIL})
    with caplog.at_level(logging.INFO, logger="security"):
        answer = client.get(page.context["provider_url"])
    assert answer.status_code == 400
    assert "event=organisation_sign_in_failed" in caplog.text


def test_two_enabled_providers_cannot_claim_one_domain(provider):
    from django.core.exceptions import ValidationError

    other = IdentityProvider(
        name="Impostor",
        issuer="https://impostor.example",
        client_id="x",
        client_secret="y",
        email_domains="police.example",
    )
    with pytest.raises(ValidationError, match="already answered for"):
        other.full_clean()


def _invite(email: str, role: str = Membership.Role.MANAGER) -> Invitation:
    lead: Any = MembershipFactory(role=Membership.Role.LEAD)
    return invite_person(
        partnership=lead.partnership, email=email, role=role, agency=None, by=lead.user
    ).invitation


def test_an_invited_person_without_an_account_gets_in_and_the_membership(provider, idp):
    invitation = _invite("New.Person@Police.example")
    idp.next_claims = {"email": "new.person@police.example", "given_name": "Nia"}
    client = Client()
    answer = to_provider_and_back(client, email="new.person@police.example")
    assert answer.status_code == 302
    user = User.objects.get(email__iexact="new.person@police.example")
    assert signed_in_as(client) == user.pk
    assert not user.has_usable_password()  # they sign in through their organisation
    assert user.first_name == "Nia"
    membership = Membership.objects.get(user=user)
    assert membership.partnership == invitation.partnership
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_an_invited_person_with_an_account_gets_the_membership(provider, idp):
    existing: Any = UserFactory(email="sam.other@police.example")
    invitation = _invite("SAM.OTHER@police.example")
    idp.next_claims = {"email": "Sam.Other@police.example"}
    client = Client()
    to_provider_and_back(client, email="sam.other@police.example")
    assert signed_in_as(client) == existing.pk
    assert Membership.objects.get(user=existing).partnership == invitation.partnership


@pytest.mark.parametrize("spoil", ["expired", "revoked", "used"])
def test_an_invitation_no_longer_valid_lets_nobody_in(provider, idp, spoil):
    invitation = _invite("new.person@police.example")
    if spoil == "expired":
        invitation.expires_at = timezone.now() - dt.timedelta(minutes=1)
    elif spoil == "revoked":
        invitation.revoked_at = timezone.now()
    else:
        invitation.accepted_at = timezone.now()
    invitation.save()
    idp.next_claims = {"email": "new.person@police.example"}
    client = Client()
    answer = to_provider_and_back(client, email="new.person@police.example")
    assert answer.status_code == 403
    assert signed_in_as(client) is None
    assert not User.objects.filter(email__iexact="new.person@police.example").exists()


def test_an_invitation_for_another_address_does_not_count(provider, idp):
    _invite("someone.else@police.example")
    idp.next_claims = {"email": "new.person@police.example"}
    answer = to_provider_and_back(Client(), email="new.person@police.example")
    assert answer.status_code == 403
    assert not User.objects.filter(email__iexact="new.person@police.example").exists()
