"""Personal access tokens for the reporting API: made, used and revoked here only.

A key is 256 random bits, so a plain SHA-256 of it is enough to look it up and cannot be
reversed or guessed; a slow password hash would only slow every API request."""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from agencies.models import PersonalAccessToken, User, hash_key

KEY_PREFIX = "jtai_"
# A token lives at most a year: a forgotten key in an old report stops working by itself.
LONGEST_LIFE = dt.timedelta(days=366)
# Writing "last used" on every request would make each API read a write; once a minute is
# precise enough for the person checking which key is still in use.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: PersonalAccessToken
    key: str  # shown once, never stored


def latest_expiry(today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) + LONGEST_LIFE


def create_token(*, user: User, name: str, expires_on: dt.date) -> NewToken:
    if expires_on > latest_expiry():
        raise ValueError("A token lasts at most a year.")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name,
        prefix=key[: len(KEY_PREFIX) + 6],
        key_hash=hash_key(key),
        expires_on=expires_on,
    )
    return NewToken(token=token, key=key)


def revoke_token(*, user: User, token_id: int) -> PersonalAccessToken | None:
    """Revoke one of the person's own tokens; None when they have no such live token."""
    token = live_tokens(user).filter(pk=token_id).first()
    if token is not None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def live_tokens(user: User) -> QuerySet[PersonalAccessToken]:
    return PersonalAccessToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_on__gte=timezone.localdate()
    )


def token_for_key(key: str) -> PersonalAccessToken | None:
    """The live token for a presented key, with its person, or None (unknown, revoked, expired,
    or its person deactivated). Marks it used."""
    if not key.startswith(KEY_PREFIX):
        return None
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(
            key_hash=hash_key(key),
            revoked_at__isnull=True,
            expires_on__gte=timezone.localdate(),
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
