"""Sessions as Django's `cached_db` keeps them (read from the shared cache, written through to
the database), with the signed-in person's state fetched in the same round trip to the cache.

A signed-in session's key starts with its person's id (`12.k3j…`): reading the session, the
store asks the cache for it and for the person's state (`agencies.signed_in`) at once, instead
of one round trip for the session and a second for the person. The id in the key is only a hint
of what to fetch: the person is still the one the session itself names, and a key whose hint
differs gets nothing prefetched. The rest of the key is as random as Django's own keys. With Redis,
that one read is usually answered by the web thread's own copies (`config/cache.py`).
"""

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.crypto import get_random_string

from agencies import signed_in

SEPARATOR = "."
# The session table's key holds 40 characters: an id of up to 11 digits, the separator and 28
# random characters (about 145 bits: as unguessable as a key needs to be).
RANDOM_CHARACTERS = 28


def hinted_user_id(session_key: str | None) -> str | None:
    if not session_key or SEPARATOR not in session_key:
        return None
    hint = session_key.split(SEPARATOR, 1)[0]
    return hint if hint.isdigit() else None


class SessionStore(cached_db.SessionStore):
    def _get_new_session_key(self) -> str:
        user_id = (getattr(self, "_session_cache", None) or {}).get(SESSION_KEY)
        if user_id is None or not str(user_id).isdigit():
            return str(super()._get_new_session_key())  # type: ignore[misc]
        while True:
            random = get_random_string(RANDOM_CHARACTERS, VALID_KEY_CHARS)
            key = f"{user_id}{SEPARATOR}{random}"
            if not self.exists(key):
                return key

    def load(self) -> dict[str, Any]:
        user_id = hinted_user_id(self.session_key)
        if user_id is None:
            signed_in.prefetched(None, {})
            return dict(super().load())
        keys = signed_in.state_keys(user_id)
        try:
            found = self._cache.get_many([self.cache_key, *keys])  # type: ignore[attr-defined]
        except Exception:  # the cache is down: the database still has the session
            found = {}
        data = found.pop(self.cache_key, None)
        if data is None:
            data = super().load()
        # Only for the person the session names: a key carrying someone else's id prefetches
        # nothing (the hint is not trusted).
        signed_in.prefetched(user_id if data.get(SESSION_KEY) == user_id else None, found)
        return dict(data)


@receiver(user_logged_in)
def _key_names_the_person(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """Signing in already gave the session a new key, before the person was in it: one more,
    so that the key carries their id. Only for our store (tests may use others)."""
    session = getattr(request, "session", None)
    if isinstance(session, SessionStore):
        session.cycle_key()
