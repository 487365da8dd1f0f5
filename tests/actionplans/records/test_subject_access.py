"""A subject access export holds every row that names the person, and none of their secrets."""

import datetime as dt
import io
import json
import uuid
import zipfile
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.tokens import create_token
from actionplans.contributions.services import submit_contribution
from actionplans.records.subject_access import (
    REVIEWED,
    relation_name,
    subject_access_zip,
    user_relations,
)
from outbox.models import Email
from tests.agencies.factories import UserFactory
from tests.support.contributions import build_contributor_world, send_request

pytestmark = pytest.mark.django_db


def test_every_relation_to_a_user_is_reviewed():
    """A new model naming a user fails here until someone adds it to REVIEWED (and its
    secrets, if any, to SECRET_FIELDS)."""
    assert {relation_name(model, field) for model, field in user_relations()} == REVIEWED


def test_it_exports_the_persons_rows_without_secrets(world, settings, tmp_path):
    owner = world["owner"]
    log = tmp_path / "security.log"
    log.write_text(f"event=signed_in user={owner.pk} ip=-\nevent=signed_in user=99999 ip=-\n")
    settings.SECURITY_LOG_FILE = str(log)
    create_token(user=owner, name="Reports", expires_on=dt.date.today() + dt.timedelta(days=30))
    Email.objects.create(to=owner.email, recipient=owner, subject="Hello", body="")
    archive = zipfile.ZipFile(io.BytesIO(subject_access_zip(owner)))
    names = set(archive.namelist())
    assert {
        "user.json",
        "agencies.membership.user.json",
        "actionplans.progressupdate.author.json",
        "actionplans.evidence.added_by.json",
        "agencies.personalaccesstoken.user.json",
        "outbox.email.recipient.json",
        "security-log.txt",
    } <= names
    user = json.loads(archive.read("user.json"))[0]
    assert "password" not in user
    assert user["email"] == owner.email
    token = json.loads(archive.read("agencies.personalaccesstoken.user.json"))[0]
    assert "key_hash" not in token
    assert archive.read("security-log.txt").decode().splitlines() == [
        f"event=signed_in user={owner.pk} ip=-"
    ]


def test_the_command_writes_the_zip(world, tmp_path):
    out = tmp_path / "sar.zip"
    call_command("export_subject_access", user=world["owner"].email.upper(), output=str(out))
    assert zipfile.is_zipfile(out)
    with pytest.raises(CommandError, match="No account"):
        call_command("export_subject_access", user="nobody@example.org", output=str(out))


def test_a_superuser_downloads_the_export_from_a_page(client, world):
    url = reverse("actionplans:subject-access")
    client.force_login(world["lead"])
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    missing = client.post(url, {"email": "nobody@example.org"})
    assert missing.status_code == 400
    assert "No account has this email address" in missing.content.decode()
    answer = client.post(url, {"email": world["owner"].email})
    assert answer["Content-Type"] == "application/zip"
    assert zipfile.is_zipfile(io.BytesIO(answer.content))


def test_it_holds_what_they_sent_as_a_contributor_by_link_without_the_link():
    contributors = build_contributor_world()
    sent, token = send_request(contributors)
    submit_contribution(
        update_request=sent,
        action=contributors.action,
        text="All schools replied.",
        suggested_rag="green",
        form_token=uuid.uuid4(),
        from_ip="192.0.2.1",
    )
    person: Any = UserFactory(email=contributors.contributor.email.upper())
    archive = zipfile.ZipFile(io.BytesIO(subject_access_zip(person)))
    assert json.loads(archive.read("actionplans.contributor.json"))[0]["name"] == "Jo Bloggs"
    requests = json.loads(archive.read("actionplans.updaterequest.contributor.json"))
    assert "token_hash" not in requests[0]
    assert token not in archive.read("actionplans.updaterequest.contributor.json").decode()
    sent_back = json.loads(archive.read("actionplans.contributedupdate.contributor.json"))
    assert sent_back[0]["text"] == "All schools replied."
