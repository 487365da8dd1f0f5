"""Backup codes are shown once and stored only as digests, never as the codes themselves."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from accounts import twofactor
from agencies.models import User
from tests.agencies.factories import UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("agencies.migrations.0004_backup_codes_hashed")


def stored_tokens(user) -> set[str]:
    return set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def test_the_codes_are_not_stored():
    user: User = UserFactory()

    codes = twofactor.replace_backup_codes(user=user)

    stored = stored_tokens(user)
    assert len(stored) == twofactor.BACKUP_CODE_COUNT
    assert not stored & set(codes)
    assert stored == {twofactor.backup_code_digest(user.pk, code) for code in codes}


def test_a_stored_digest_typed_as_a_code_is_refused():
    user: User = UserFactory()
    twofactor.replace_backup_codes(user=user)
    leaked = next(iter(stored_tokens(user)))

    assert twofactor.verify_second_factor(user=user, token=leaked) is None


def test_the_same_code_of_another_person_is_stored_differently():
    assert twofactor.backup_code_digest(1, "12345678") != twofactor.backup_code_digest(
        2, "12345678"
    )


def test_a_code_works_once_and_then_is_gone():
    user: User = UserFactory()
    codes = twofactor.replace_backup_codes(user=user)

    assert isinstance(twofactor.verify_second_factor(user=user, token=codes[3]), StaticDevice)
    assert twofactor.verify_second_factor(user=user, token=codes[3]) is None
    assert twofactor.backup_codes_left(user) == twofactor.BACKUP_CODE_COUNT - 1


def test_codes_keep_working_while_the_secret_key_is_rotated(settings):
    user: User = UserFactory()
    codes = twofactor.replace_backup_codes(user=user)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-the-rotation-of-this-test-0123456789"

    assert twofactor.verify_second_factor(user=user, token=codes[0]) is not None


def test_the_codes_are_shown_once(client):
    user: User = UserFactory()
    twofactor.replace_backup_codes(user=user)
    client.force_login(user)
    session = client.session
    # The page needs the second step done in this session.
    device = StaticDevice.objects.get(user=user)
    session["otp_device_id"] = device.persistent_id
    session.save()

    made = client.post(reverse("accounts:two-factor-backup-codes"))
    codes = made.context["codes"]
    later = client.get(reverse("accounts:two-factor-backup-codes")).content.decode()

    assert len(codes) == twofactor.BACKUP_CODE_COUNT
    assert all(code in made.content.decode() for code in codes)
    assert not any(code in later for code in codes)
    assert "You have 10 unused backup codes" in later


def test_the_migration_hashes_codes_stored_as_typed_and_they_still_work():
    user: User = UserFactory()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    StaticToken.objects.create(device=device, token="12345678")

    migration.hash_backup_codes(apps, None)
    migration.hash_backup_codes(apps, None)  # a second run changes nothing

    assert stored_tokens(user) == {twofactor.backup_code_digest(user.pk, "12345678")}
    assert twofactor.verify_second_factor(user=user, token="12345678") is not None
