"""The guard a create service puts before what it creates: at most once per form token."""

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction

from formtokens.models import UsedFormToken


class AlreadySaved(Exception):
    """This form, by its one-time token, was saved before: nothing more is created. `str()` is
    what the person is told ("This update was already saved.")."""


def claim_form_token(*, token: uuid.UUID | None, person: AbstractBaseUser, already: str) -> None:
    """Record the form's token in the caller's transaction; `AlreadySaved(already)` if it was
    recorded before. No token (a page drawn before tokens existed, or a caller that is not a
    form) means no guard.

    Inside the create's own transaction, a create that fails afterwards (an invalid
    transition, say) rolls the token back too, leaving it free for the corrected form. The
    unique constraint, not a look-up, is the guard: a second POST arriving at the same moment
    waits on the first one's row and then fails to insert its own."""
    if token is None:
        return
    # Outside a transaction the token would stay claimed when the create after it fails.
    assert transaction.get_connection().in_atomic_block, (
        "claim the token in the create's transaction"
    )
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction outlives the refusal
            UsedFormToken.objects.create(token=token, person_id=person.pk)
    except IntegrityError as used:
        raise AlreadySaved(already) from used


@contextmanager
def saved_once(
    *, token: uuid.UUID | None, person: AbstractBaseUser, already: str
) -> Iterator[None]:
    """A transaction around a create that has no service of its own (a generic `CreateView`),
    with the form's token claimed first (see `claim_form_token`)."""
    with transaction.atomic():
        claim_form_token(token=token, person=person, already=already)
        yield


# How long a saved page's token is remembered. A page older than this cannot be posted anyway:
# sessions end within 10 hours and signing in again gives a new CSRF token.
REMEMBER_FOR = dt.timedelta(days=7)


def forget_old_tokens(*, now: dt.datetime) -> int:
    """Delete the tokens used more than `REMEMBER_FOR` before `now`; the count deleted."""
    deleted, _ = UsedFormToken.objects.filter(used_at__lt=now - REMEMBER_FOR).delete()
    return deleted
