"""An email address is the same whatever its capitals: at sign-in, and in the database."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from agencies.models import User
from tests.agencies.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("agencies.migrations.0005_email_ignores_case")


def test_sign_in_ignores_the_capitals_of_the_address(client):
    user = UserFactory(email="lead@southampton.example")

    response = client.post(
        reverse("login"), {"username": "Lead@Southampton.EXAMPLE", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_an_address_stored_with_capitals_signs_in_typed_without(client):
    user = UserFactory(email="Police.Lead@Hampshire.example")

    response = client.post(
        reverse("login"), {"username": "police.lead@hampshire.example", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_password_still_fails_whatever_the_capitals(client):
    UserFactory(email="lead@southampton.example")

    response = client.post(
        reverse("login"), {"username": "LEAD@southampton.example", "password": "not-it"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_database_refuses_two_accounts_differing_only_by_capitals():
    UserFactory(email="lead@southampton.example")

    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="Lead@Southampton.example")


def test_validation_says_the_address_is_taken():
    UserFactory(email="lead@southampton.example")
    other = User(email="LEAD@southampton.example")

    with pytest.raises(ValidationError) as refused:
        other.validate_constraints()

    assert refused.value.messages == ["Another person already has this email address"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="drops the index in a transaction")
def test_the_migration_stops_and_names_accounts_that_already_clash():
    constraint = next(c for c in User._meta.constraints if c.name.endswith("ignoring_case"))
    with connection.schema_editor() as editor:
        editor.remove_constraint(User, constraint)
    UserFactory(email="lead@southampton.example")
    UserFactory(email="Lead@Southampton.example")
    UserFactory(email="police@southampton.example")

    with pytest.raises(migration.DuplicateEmailAddresses) as stopped:
        migration.refuse_clashing_accounts(apps, None)

    assert "lead@southampton.example" in str(stopped.value)
    assert "police" not in str(stopped.value)
    assert "Merge or rename those accounts in the admin" in str(stopped.value)


def test_the_migration_lets_distinct_addresses_through():
    UserFactory(email="lead@southampton.example")
    UserFactory(email="police@southampton.example")

    migration.refuse_clashing_accounts(apps, None)
    assert migration.clashing_addresses(User) == []
