"""The reporting API as Power BI and Excel use it: a person's token, read-only, the person's rows
only, paged, incremental, and safe to pour into a spreadsheet."""

import datetime as dt
import re
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from accounts.tokens import create_token, hash_key
from actionplans.api.authentication import PerTokenRateThrottle
from actionplans.measures.models import MeasureReading
from actionplans.measures.selectors import visible_measures
from actionplans.plans.models import Action, ProgressUpdate
from actionplans.plans.selectors import visible_actions, visible_plans, visible_progress_updates
from agencies.models import Membership, PersonalAccessToken
from inspections.selectors import visible_recommendations
from tests.actionplans.factories import ActionFactory
from tests.support.access_world import World, build_world

pytestmark = pytest.mark.django_db

ENDPOINTS = ("plan", "recommendation", "action", "progress-update", "measure", "reading")


def expected_ids(endpoint: str, user: Any) -> set[int]:
    rows = {
        "plan": visible_plans(user),
        "recommendation": visible_recommendations(user),
        "action": visible_actions(user),
        "progress-update": visible_progress_updates(user),
        "measure": visible_measures(user),
        "reading": MeasureReading.objects.filter(measure__in=visible_measures(user)),
    }[endpoint]
    return set(rows.values_list("pk", flat=True))


def key_for(user: Any, days: int = 30) -> str:
    return create_token(
        user=user, name="Power BI", expires_on=timezone.localdate() + dt.timedelta(days=days)
    ).key


def api(key: str | None = None) -> Client:
    return Client(headers={"Authorization": f"Token {key}"} if key else {})


def listed_ids(client: Client, endpoint: str, **params: Any) -> set[int]:
    ids: set[int] = set()
    url: str | None = reverse(f"api:{endpoint}-list")
    query: dict[str, Any] = dict(params)
    while url:
        response = client.get(url, query)
        assert response.status_code == 200, response.content
        body = response.json()
        ids |= {row["id"] for row in body["results"]}
        url, query = body["next"], {}
    return ids


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role", ["lead", "lead_other", "owner_a", "owner_b", "manager"])
def test_a_token_sees_exactly_what_its_person_sees(world: World, endpoint: str, role: str):
    user = world.users[role]
    seen = listed_ids(api(key_for(user)), endpoint)
    assert seen == expected_ids(endpoint, user)
    assert seen  # the world gives every role something to see


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_two_partnerships_never_see_each_others_rows(world: World, endpoint: str):
    p_rows = listed_ids(api(key_for(world.users["lead"])), endpoint)
    q_rows = listed_ids(api(key_for(world.users["lead_other"])), endpoint)
    assert p_rows
    assert q_rows
    assert p_rows.isdisjoint(q_rows)


@pytest.mark.parametrize(
    ("endpoint", "other"),
    [
        ("plan", "plan_other"),
        ("recommendation", "recommendation_other"),
        ("action", "action_other"),
        ("progress-update", "progress_other"),
        ("measure", "measure_other"),
        ("reading", "reading_other"),
    ],
)
def test_another_partnerships_row_is_not_found(world: World, endpoint: str, other: str):
    url = reverse(f"api:{endpoint}-detail", args=[world.objects[other].pk])
    assert api(key_for(world.users["owner_a"])).get(url).status_code == 404


def database_rows() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if issubclass(model, Model) and model._meta.app_label in ("actionplans", "inspections")
    }


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_endpoint_accepts_a_write(world: World, endpoint: str, method: str):
    client = api(key_for(world.users["lead"]))
    detail_of = {
        "plan": "plan",
        "recommendation": "recommendation_a",
        "action": "action_a",
        "progress-update": "progress_a",
        "measure": "measure_a",
        "reading": "reading_a",
    }
    before = database_rows()
    title_before = Action.objects.get(pk=world.objects["action_a"].pk).title
    for url in (
        reverse(f"api:{endpoint}-list"),
        reverse(f"api:{endpoint}-detail", args=[world.objects[detail_of[endpoint]].pk]),
    ):
        response = getattr(client, method)(
            url, {"title": "changed"}, content_type="application/json"
        )
        assert response.status_code == 405, (url, response.status_code)
    assert database_rows() == before
    assert Action.objects.get(pk=world.objects["action_a"].pk).title == title_before


def test_no_token_asks_for_one(world: World):
    response = api().get(reverse("api:action-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize(
    "spoil",
    ["revoked", "expired", "deactivated", "unknown", "malformed"],
)
def test_a_dead_token_answers_401(world: World, spoil: str):
    user = world.users["owner_a"]
    key = key_for(user)
    token = PersonalAccessToken.objects.get(key_hash=hash_key(key))
    header = f"Token {key}"
    if spoil == "revoked":
        token.revoked_at = timezone.now()
        token.save()
    elif spoil == "expired":
        token.expires_on = timezone.localdate() - dt.timedelta(days=1)
        token.save()
    elif spoil == "deactivated":
        user.is_active = False
        user.save()
    elif spoil == "unknown":
        header = f"Token {key[:-4]}abcd"
    elif spoil == "malformed":
        header = f"Token {key} extra"
    response = Client(headers={"Authorization": header}).get(reverse("api:action-list"))
    assert response.status_code == 401
    assert "results" not in response.json()


def test_a_removed_member_is_refused_at_once(world: World):
    user = world.users["owner_a"]
    client = api(key_for(user))
    assert client.get(reverse("api:action-list")).status_code == 200
    Membership.objects.filter(user=user).delete()
    response = client.get(reverse("api:action-list"))
    assert response.status_code == 403
    assert "not a member" in response.json()["detail"]


def test_removed_from_one_partnership_loses_its_rows_at_once(world: World):
    person = world.users["lead_other"]
    client = api(key_for(person))
    p = world.objects["partnership"]
    Membership.objects.create(user=person, partnership=p, role=Membership.Role.MANAGER)
    assert world.objects["action_a"].pk in listed_ids(client, "action")
    Membership.objects.filter(user=person, partnership=p).delete()
    ids = listed_ids(client, "action")
    assert world.objects["action_a"].pk not in ids
    assert world.objects["action_other"].pk in ids


def test_the_key_is_stored_only_as_a_hash(world: World):
    key = key_for(world.users["lead"])
    stored = PersonalAccessToken.objects.get(key_hash=hash_key(key))
    assert key not in {stored.key_hash, stored.prefix, stored.name}
    assert key.startswith(stored.prefix)


def test_a_token_records_when_it_was_last_used(world: World):
    key = key_for(world.users["lead"])
    token = PersonalAccessToken.objects.get(key_hash=hash_key(key))
    assert token.last_used_at is None
    api(key).get(reverse("api:plan-list"))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_rate_limited_per_token(world: World, monkeypatch):
    # The rate is read once, when DRF loads; the limit itself is what is under test.
    monkeypatch.setattr(PerTokenRateThrottle, "THROTTLE_RATES", {"api": "3/minute"})
    first = api(key_for(world.users["lead"]))
    answers = [first.get(reverse("api:plan-list")).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    # Another token of the same person has its own allowance.
    second = api(key_for(world.users["lead"]))
    assert second.get(reverse("api:plan-list")).status_code == 200


def test_pages_and_page_size(world: World):
    plan = world.objects["plan"]
    for _ in range(5):
        ActionFactory(plan=plan, recommendation=world.objects["recommendation_a"])
    client = api(key_for(world.users["lead"]))
    body = client.get(reverse("api:action-list"), {"page_size": 3}).json()
    assert body["count"] == 7
    assert len(body["results"]) == 3
    assert body["next"]
    assert "page=2" in body["next"]
    assert listed_ids(client, "action", page_size=3) == expected_ids("action", world.users["lead"])


def test_updated_since_returns_only_what_changed(world: World):
    client = api(key_for(world.users["lead"]))
    old, changed = world.objects["action_a"], world.objects["action_b"]
    long_ago = timezone.now() - dt.timedelta(days=10)
    Action.objects.filter(pk=old.pk).update(updated_at=long_ago)
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    ids = listed_ids(client, "action", updated_since=since)
    assert changed.pk in ids
    assert old.pk not in ids
    as_date = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert listed_ids(client, "action", updated_since=as_date) == ids


def test_a_bad_updated_since_says_what_to_send(world: World):
    response = api(key_for(world.users["lead"])).get(
        reverse("api:action-list"), {"updated_since": "last tuesday"}
    )
    assert response.status_code == 400
    assert "ISO 8601" in response.json()["updated_since"][0]


def test_dates_are_iso_8601_and_text_cannot_become_a_formula(world: World):
    action = world.objects["action_a"]
    Action.objects.filter(pk=action.pk).update(
        title='=HYPERLINK("http://evil.example","Click")', lead_name="@SUM(A1)"
    )
    client = api(key_for(world.users["lead"]))
    row = client.get(reverse("api:action-detail", args=[action.pk])).json()
    assert row["title"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["lead_name"] == "'@SUM(A1)"
    assert row["due_date"] == action.due_date.isoformat()
    dt.datetime.fromisoformat(row["updated_at"])


def test_figures_are_numbers(world: World):
    client = api(key_for(world.users["lead"]))
    measure = client.get(reverse("api:measure-detail", args=[world.objects["measure_a"].pk])).json()
    assert isinstance(measure["target"], (int, float))


def test_query_count_does_not_grow_with_rows(world: World, django_assert_max_num_queries):
    client = api(key_for(world.users["lead"]))
    client.get(reverse("api:action-list"))  # warm the signed-in cache
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("api:action-list"))
    for _ in range(30):
        ActionFactory(plan=world.objects["plan"], recommendation=world.objects["recommendation_a"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("api:action-list"))


def test_the_schema_is_valid_openapi(world: World):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    paths = set(schema["paths"])
    assert "/api/v1/actions/" in paths
    assert {f"/api/v1/{name}s/" for name in ENDPOINTS} <= paths
    client = api(key_for(world.users["lead"]))
    assert client.get(reverse("api:schema")).status_code == 200


def test_the_documentation_page_lists_every_address_under_the_sites_own_policy(world: World):
    client = Client()
    client.force_login(world.users["lead"])
    response = client.get(reverse("api:docs"))
    page = response.content.decode()
    # A page like every other: no inline styles allowed, no scripts of its own.
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert {f"/api/v1/{name}s/" for name in ENDPOINTS} <= set(
        re.findall(r"<code>(/api/v1/[a-z-]+/)</code>", page)
    )
    assert "cdn." not in page
    assert "jsdelivr" not in page
    assert "/api/v1/actions/" in page
    assert "effective_due_date" in page


def test_each_progress_update_says_whether_it_is_an_internal_note(world: World):
    shared, internal = world.objects["progress_a"], world.objects["progress_b"]
    ProgressUpdate.objects.filter(pk=internal.pk).update(sent_back=True)
    client = api(key_for(world.users["lead"]))
    rows = {
        pk: client.get(reverse("api:progress-update-detail", args=[pk])).json()
        for pk in (shared.pk, internal.pk)
    }
    assert rows[shared.pk]["internal"] is False
    assert rows[internal.pk]["internal"] is True  # a send-back is internal
