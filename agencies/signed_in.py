"""What every signed-in request needs to know about its person, cached between requests.

On every request Django loads the user row, our rules ask for the person's memberships and the
two-factor middleware for their two-factor state: three queries before a page does anything. They
are kept in the cache (config/settings.py: CACHES) under the person's id and dropped the moment
what they are built from changes, by the receivers below: the user row (deactivated, new
password), a membership (added, removed, a new role or agency), a partnership's two-factor rule,
a two-factor device. A change therefore takes effect at the person's very next request. Each
entry also expires after `CACHE_SECONDS`, a backstop for a change made without the ORM's signals
(a bulk `.update()`): such code must call `forget(user_id)` itself.
"""

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any, NamedTuple

from django.core.cache import cache
from django.core.signals import request_finished
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Membership, Partnership, User
from agencies.twofactor import TwoFactorState, two_factor_state

CACHE_SECONDS = 300
KINDS = ("user", "memberships", "two-factor", "unread")


class MembershipRow(NamedTuple):
    partnership_id: int
    role: str
    agency_id: int | None


def _key(kind: str, user_id: Any) -> str:
    return f"signed-in:{kind}:{user_id}"


def state_keys(user_id: Any) -> list[str]:
    """The cache keys of the person's state, for a reader that fetches them with its own keys
    (the session store, `agencies.sessions`)."""
    return [_key(kind, user_id) for kind in KINDS]


# What the session store fetched with the session, for this request only: set at every session
# load (to nothing when it fetched nothing) and taken by the first `cached_user` that asks.
_prefetched: ContextVar[tuple[str | None, dict[str, Any]]] = ContextVar(
    "signed_in_prefetched", default=(None, {})
)


def prefetched(user_id: str | None, found: dict[str, Any]) -> None:
    _prefetched.set((user_id, found))


@receiver(request_finished)
def _request_finished(sender: object, **kwargs: object) -> None:
    # Never carried over to whatever this thread does next.
    _prefetched.set((None, {}))


def cached_user(user_id: Any) -> User | None:
    """The person behind a session, with their memberships and two-factor state when the cache
    has them, all in one round trip to it (none when the session store fetched them with the
    session). The returned object serves one request: what it carries is not looked at again
    after that."""
    keys = {kind: _key(kind, user_id) for kind in KINDS}
    hinted, found = _prefetched.get()
    if hinted is not None and hinted == str(user_id):
        _prefetched.set((None, {}))
    else:
        found = cache.get_many(keys.values())
    user = found.get(keys["user"])
    if user is None:
        user = User._default_manager.filter(pk=user_id).first()
        if user is None:
            return None
        cache.set(keys["user"], user, CACHE_SECONDS)
    user._signed_in_memberships = found.get(keys["memberships"])
    user._signed_in_two_factor = found.get(keys["two-factor"])
    user._signed_in_unread = found.get(keys["unread"])
    return user


def membership_rows(user: User) -> frozenset[MembershipRow]:
    """The person's memberships, each as (partnership, role, agency)."""
    rows = getattr(user, "_signed_in_memberships", None)
    if rows is not None:
        return rows
    key = _key("memberships", user.pk)
    rows = cache.get(key)
    if rows is None:
        rows = frozenset(
            MembershipRow(*row)
            for row in Membership.objects.filter(user_id=user.pk).values_list(
                "partnership_id", "role", "agency_id"
            )
        )
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def cached_two_factor_state(user: User) -> TwoFactorState:
    state = getattr(user, "_signed_in_two_factor", None)
    if state is not None:
        return state
    key = _key("two-factor", user.pk)
    state = cache.get(key)
    if state is None:
        state = two_factor_state(user)
        cache.set(key, state, CACHE_SECONDS)
    return state


def cached_unread_count(user: User, count: Callable[[], int]) -> int:
    """The number the header shows beside "Notifications", kept with the rest of the person's
    state so that every page has it from the same round trip. `count` (one indexed query, from
    the app that keeps notifications) fills it when missing; whoever changes it calls
    `forget_unread_count`."""
    found = getattr(user, "_signed_in_unread", None)
    if found is not None:
        return int(found)
    key = _key("unread", user.pk)
    found = cache.get(key)
    if found is None:
        found = count()
        cache.set(key, found, CACHE_SECONDS)
    return int(found)


def header_facts(user: object) -> tuple[Any, ...] | None:
    """What the site's header shows of the person (templates/ui/_header.html): their name, their
    roles (which decide its links), whether they may use the admin, their unread count. Pages
    kept whole are kept per these facts (`actionplans/plans/page_cache.py`), so whatever the
    header comes to show must be named here. None when the unread count is not yet known
    without a query (the page renders it, which keeps it for the next request)."""
    if not isinstance(user, User):
        return ("signed out",)
    unread = getattr(user, "_signed_in_unread", None)
    if unread is None:
        return None
    return (
        user.pk,
        user.get_full_name(),
        user.email,
        user.is_superuser,
        tuple(sorted(membership_rows(user))),
        int(unread),
    )


def forget_unread_count(user_ids: Iterable[Any]) -> None:
    """Drop the people's unread counts now and at commit, as `forget` does."""
    keys = [_key("unread", user_id) for user_id in user_ids]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def forget(user_ids: Iterable[Any]) -> None:
    """Drop the people's cached state now, and again when the transaction commits, so that a
    request reading the old rows before the commit cannot put them back for long."""
    keys = [_key(kind, user_id) for user_id in user_ids for kind in KINDS]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


@receiver([post_save, post_delete], sender=User)
def _user_changed(sender: object, instance: User, **kwargs: object) -> None:
    forget([instance.pk])


@receiver([post_save, post_delete], sender=Membership)
def _membership_changed(sender: object, instance: Membership, **kwargs: object) -> None:
    forget([instance.user_id])


@receiver(post_save, sender=Partnership)
def _partnership_changed(sender: object, instance: Partnership, **kwargs: object) -> None:
    # Its rule on two-factor for leads may have changed.
    forget(Membership.objects.filter(partnership=instance).values_list("user_id", flat=True))


@receiver([post_save, post_delete], sender=TOTPDevice)
@receiver([post_save, post_delete], sender=StaticDevice)
def _device_changed(sender: object, instance: TOTPDevice | StaticDevice, **kwargs: object) -> None:
    forget([instance.user_id])
