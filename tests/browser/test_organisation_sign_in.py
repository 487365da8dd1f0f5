"""In Chromium: a police officer signs in with their force's account, through the redirects to
the provider and back, lands on their home page, and signs out of both."""

from collections.abc import Iterator

import pytest

from agencies.models import IdentityProvider, Membership
from tests.agencies.factories import MembershipFactory
from tests.support.identity_provider import CLIENT_ID, CLIENT_SECRET, FakeIdentityProvider

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "pat.officer@police.example"


@pytest.fixture
def idp() -> Iterator[FakeIdentityProvider]:
    provider = FakeIdentityProvider().start()
    provider.next_claims = {"email": EMAIL, "amr": ["pwd", "mfa"]}
    yield provider
    provider.stop()


def test_an_officer_signs_in_with_their_forces_account(visitor, idp, live_server, settings):
    settings.SITE_URL = live_server.url
    IdentityProvider.objects.create(
        name="Hampshire Police",
        issuer=idp.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        email_domains="police.example",
    )
    MembershipFactory(user__email=EMAIL, user__first_name="Pat", role=Membership.Role.MANAGER)
    page = visitor.page

    visitor.goto("/sign-in/")
    assert page.get_by_label("Password").count() == 0  # the address comes first
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Continue").click()
    visitor.assert_accessible()
    page.get_by_role("button", name="Continue with your organisation's account").click()
    page.get_by_role("button", name="Sign out").wait_for()
    assert page.url.startswith(live_server.url)
    assert idp.authorisations[-1]["login_hint"] == EMAIL
    visitor.assert_accessible()

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    assert len(idp.sign_outs) == 1  # the provider's session was ended too
    assert visitor.errors == []
