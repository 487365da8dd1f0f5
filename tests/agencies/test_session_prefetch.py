"""A signed-in request reads its session and its person's state in one round trip to the cache:
the session's key names the person, as a hint that is never trusted."""

from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from agencies.models import Membership
from agencies.sessions import SessionStore, hinted_user_id
from tests.actionplans.factories import ActionPlanFactory
from tests.agencies.factories import MembershipFactory
from tests.inspections.factories import InspectionFactory

pytestmark = pytest.mark.django_db

TRIVIAL = "/healthz"


def lead_of_a_new_plan(client=None):
    plan = ActionPlanFactory(inspection=InspectionFactory())
    membership = MembershipFactory(partnership=plan.inspection.partnership)
    if client is not None:
        client.force_login(membership.user)
    return plan, membership.user


def reads_of_the_cache():
    """Counts each read of the shared cache (a round trip to Redis in production)."""
    counted = {"reads": 0}
    real_get, real_get_many = cache.get, cache.get_many

    def get(*args, **kwargs):
        counted["reads"] += 1
        return real_get(*args, **kwargs)

    def get_many(*args, **kwargs):
        counted["reads"] += 1
        return real_get_many(*args, **kwargs)

    patches = [mock.patch.object(cache, "get", get), mock.patch.object(cache, "get_many", get_many)]
    return counted, patches


def test_signing_in_gives_a_key_that_names_the_person(client, password):
    _, user = lead_of_a_new_plan()
    response = client.post(reverse("login"), {"username": user.email, "password": password})
    assert response.status_code == 302
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert hinted_user_id(key) == str(user.pk)
    assert len(key) <= 40  # the session table's key
    assert len(key.split(".", 1)[1]) >= 28  # as hard to guess as ever


def test_a_warm_signed_in_request_reads_the_cache_once(client):
    lead_of_a_new_plan(client)
    client.get(TRIVIAL)  # fills the cache with the person's state
    counted, patches = reads_of_the_cache()
    with patches[0], patches[1]:
        assert client.get(TRIVIAL).status_code == 200
    assert counted["reads"] == 1


def test_a_key_naming_someone_else_prefetches_nothing_of_theirs(client):
    plan, user = lead_of_a_new_plan()
    other_plan, other = lead_of_a_new_plan()
    # Warm the other person's state in the cache, so a trusted hint would pick it up.
    client.force_login(other)
    client.get(reverse("actionplans:plan-detail", args=[other_plan.pk]))
    # A session of `user` under a key that names `other` (as a forger would choose it).
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session._session_key = f"{other.pk}.forgedkeyforgedkeyforgedkey1"
    session.save(must_create=True)
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert client.get(reverse("actionplans:plan-detail", args=[plan.pk])).status_code == 200
    # Still `user`, with `user`'s memberships only: the other's plan stays hidden.
    assert client.get(reverse("actionplans:plan-detail", args=[other_plan.pk])).status_code == 404


def test_an_older_key_without_a_name_still_works(client):
    plan, user = lead_of_a_new_plan()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session._session_key = "a" * 32
    session.save(must_create=True)
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert client.get(reverse("actionplans:plan-detail", args=[plan.pk])).status_code == 200


def test_a_removed_member_is_refused_at_the_next_request_with_the_prefetch(client):
    plan, user = lead_of_a_new_plan(client)
    page = reverse("actionplans:plan-detail", args=[plan.pk])
    assert client.get(page).status_code == 200
    Membership.objects.get(user=user).delete()
    assert client.get(page).status_code == 404
