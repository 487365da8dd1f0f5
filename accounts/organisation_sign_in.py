"""Sign in with your organisation's account (OpenID Connect), through Authlib: discovery, the
authorisation-code flow, and the ID token's checks (signature against the provider's keys,
issuer, audience, expiry, nonce) are the library's; this module decides only who may come in.

Nobody gets an account or a membership just by signing in: the verified email address must
belong to an active person who is a member of a partnership, or hold a valid invitation (which
signing in accepts, making the account, without a password of ours, when there is none). Where
the provider says it used multi-factor authentication (`amr` holds "mfa"), the app's own second
step is not asked again."""

from dataclasses import dataclass
from typing import Any

from authlib.integrations.django_client import OAuth
from authlib.integrations.django_client.apps import DjangoOAuth2App
from django.conf import settings
from django.urls import reverse

from agencies.models import IdentityProvider, Invitation, Membership, User
from agencies.people import services as people

# Session keys: which provider signed the person in (for its sign-out), the ID token to hint
# that sign-out with, and whether the provider did multi-factor authentication.
PROVIDER_KEY = "organisation_sign_in_provider"
ID_TOKEN_KEY = "organisation_sign_in_id_token"  # noqa: S105  # a session key, not a secret
PROVIDER_MFA_KEY = "organisation_sign_in_mfa"
SCOPE = "openid email profile"


class Refused(Exception):
    """Why someone who proved who they are at their provider still may not come in. The
    `reason` goes to the security log; `message` to the person."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Admitted:
    user: User
    mfa: bool


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def provider_for_email(email: str) -> IdentityProvider | None:
    domain = email_domain(email)
    if not domain:
        return None
    for provider in IdentityProvider.objects.filter(enabled=True):
        if domain in provider.domains:
            return provider
    return None


def any_provider_enabled() -> bool:
    return IdentityProvider.objects.filter(enabled=True).exists()


def client_for(provider: IdentityProvider) -> DjangoOAuth2App:
    """A fresh client each time, so a secret changed in the admin applies at once."""
    registry = OAuth()
    client: DjangoOAuth2App = registry.register(
        name=f"provider-{provider.pk}",
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        server_metadata_url=provider.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": SCOPE},
    )
    return client


def callback_url(provider: IdentityProvider) -> str:
    # Built on SITE_URL, never on the request's Host header, which a caller controls.
    return settings.SITE_URL.rstrip("/") + reverse(
        "organisation-sign-in-callback", args=[provider.pk]
    )


def admit(provider: IdentityProvider, claims: dict[str, Any]) -> Admitted:
    """The person the provider vouches for, if they may come in."""
    email = str(claims.get("email") or "").strip()
    if not email:
        raise Refused("no_email", "Your organisation did not share your email address.")
    verified = claims.get("email_verified")
    if not (verified is True or provider.trusts_email_addresses):
        raise Refused(
            "email_not_verified", "Your organisation has not confirmed your email address."
        )
    if email_domain(email) not in provider.domains:
        raise Refused(
            "domain_not_answered_for",
            "Your email address is not one this organisation signs in for.",
        )
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and not user.is_active:
        raise Refused("deactivated", "Your account in this service has been closed.")
    invitations = Invitation.objects.valid().filter(email=email.lower()).order_by("pk")
    first = invitations.first()
    if user is None and first is not None:
        user = people.accept_with_new_account(
            invitation=first,
            first_name=str(claims.get("given_name") or ""),
            last_name=str(claims.get("family_name") or ""),
            password=None,
        ).user
    if user is not None:
        # Signing in accepts every other invitation the address holds.
        for invitation in invitations.all():
            try:
                people.accept_invitation(invitation=invitation, user=user)
            except people.PeopleChangeRefused:
                continue  # used or withdrawn meanwhile: the others still count
    if user is None or not Membership.objects.filter(user=user).exists():
        raise Refused(
            "not_a_member", "You are not a member of any partnership in this service yet."
        )
    amr = claims.get("amr") or []
    return Admitted(user=user, mfa=isinstance(amr, list) and "mfa" in amr)


def sign_out_url(provider_id: int, id_token: object) -> str | None:
    """Where to send someone signing out, so their provider's session ends too (RP-initiated
    logout), or None when the provider does not offer it or cannot be reached."""
    provider = IdentityProvider.objects.filter(pk=provider_id, enabled=True).first()
    if provider is None:
        return None
    client = client_for(provider)
    try:
        metadata = client.load_server_metadata()
    except Exception:  # an unreachable provider must not stop a local sign-out
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    result = client.create_logout_url(
        post_logout_redirect_uri=settings.SITE_URL.rstrip("/") + reverse("login"),
        id_token_hint=str(id_token) if id_token else None,
    )
    return str(result["url"])
