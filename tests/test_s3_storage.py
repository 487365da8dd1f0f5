"""Files in an S3-compatible bucket (FILE_STORAGE=s3), so that several web hosts share them.

The bucket is on a real S3 server on 127.0.0.1 (moto's, in its own process): uploads and
downloads go over HTTP through boto3 exactly as they would to MinIO or Amazon S3. Every file
still reaches people only through the download views, which check the rules.
"""

import datetime as dt
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from actionplans.plans.models import ActionPlan, Evidence
from actionplans.submission.models import BoardReport, SubmittedPlan
from agencies.models import Membership, User
from config.settings import BASE_DIR, file_storage
from demo.loader import load_demo
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import MembershipFactory
from tests.support.approvals import approve_plan
from tests.support.browsing import form_with_button, link_with_text
from tests.support.s3 import S3Server

# A PDF past FILE_UPLOAD_MAX_MEMORY_SIZE, so that it is spooled to disk on its way in and out.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"%" * (3 * 1024 * 1024)


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory) -> Iterator[S3Server]:
    server = S3Server(tmp_path_factory.mktemp("s3") / "server.log")
    yield server
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, monkeypatch, tmp_path) -> str:
    """A fresh bucket, chosen the way a web host's environment chooses it; this host's media
    folder is set to one that must still not exist at the end."""
    name = s3_server.new_bucket()
    for key, value in s3_server.environment(name).items():
        monkeypatch.setenv(key, value)
    settings.STORAGES = {**settings.STORAGES, "default": file_storage(os.environ["FILE_STORAGE"])}
    settings.MEDIA_ROOT = tmp_path / "media"
    return name


def _streamed(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_an_owner_uploads_evidence_into_the_bucket_and_downloads_it_through_the_view(
    client, bucket, s3_server, tmp_path
):
    action = ActionFactory()
    owner = MembershipFactory(
        partnership=action.plan.inspection.partnership,
        agency=action.owner_agency,
        role=Membership.Role.OWNER,
    ).user
    client.force_login(owner)
    page_url = reverse("actionplans:evidence-create", args=[action.pk])
    page = client.get(page_url).content.decode()
    form = form_with_button(page, "Add evidence", page_url=page_url)
    assert form.enctype == "multipart/form-data"
    assert {"description", "file"} <= form.fields

    response = client.post(
        form.action,
        {"description": "Audit of referrals", "file": SimpleUploadedFile("audit.pdf", PDF)},
    )
    assert response.status_code == 302

    evidence = Evidence.objects.get()
    assert s3_server.objects(bucket) == {evidence.file.name: PDF}
    assert evidence.file.name.startswith(f"evidence/{action.plan_id}/")
    assert s3_server.is_private(bucket, evidence.file.name)
    download = client.get(reverse("actionplans:evidence-download", args=[evidence.pk]))
    named = f"action-{action.reference}-evidence-{timezone.localdate(evidence.added_at):%Y-%m-%d}"
    assert download["Content-Disposition"] == f'attachment; filename="{named}.pdf"'
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Length"] == str(len(PDF))
    assert _streamed(download) == PDF
    assert not (tmp_path / "media").exists()


@pytest.mark.django_db
def test_nobody_outside_the_partnership_gets_evidence_from_the_bucket(client, bucket):
    action = ActionFactory()
    lead = MembershipFactory(partnership=action.plan.inspection.partnership).user
    client.force_login(lead)
    client.post(
        reverse("actionplans:evidence-create", args=[action.pk]),
        {"description": "Audit", "file": SimpleUploadedFile("audit.pdf", PDF)},
    )
    url = reverse("actionplans:evidence-download", args=[Evidence.objects.get().pk])

    client.force_login(MembershipFactory().user)  # a lead of another partnership
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_plan_submitted_on_its_page_keeps_its_word_and_pdf_in_the_bucket(
    client, bucket, s3_server, time_machine, tmp_path
):
    time_machine.move_to(dt.datetime(2025, 9, 29, 10, tzinfo=dt.UTC), tick=False)
    load_demo(deadline_in=25)
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    approve_plan(plan)
    client.force_login(User.objects.get(email="lead@southampton.example"))
    page_url = reverse("actionplans:plan-readiness", args=[plan.pk])
    confirm_url = link_with_text(client.get(page_url).content.decode(), "Mark as submitted")
    page = client.get(confirm_url).content.decode()
    form = form_with_button(page, "Yes, mark it as submitted", page_url=confirm_url)
    assert "confirm" in form.fields

    frozen_page = client.post(form.action, {"confirm": "yes"}, follow=True).content.decode()

    frozen = SubmittedPlan.objects.get()
    stored = s3_server.objects(bucket)
    assert {frozen.word_document.name, frozen.pdf_document.name} <= set(stored)
    assert all(key.startswith(f"submissions/{plan.pk}/") for key in stored)
    assert all(s3_server.is_private(bucket, key) for key in stored)
    word_link = link_with_text(frozen_page, "Download the submitted Word document")
    word = _streamed(client.get(word_link))
    pdf = _streamed(client.get(link_with_text(frozen_page, "Download the submitted PDF")))
    assert word == stored[frozen.word_document.name]
    assert pdf == stored[frozen.pdf_document.name]
    assert pdf.startswith(b"%PDF-")
    tables = Document(io.BytesIO(word)).tables
    assert any(row.cells[0].text == "1.1" for table in tables for row in table.rows)
    assert not (tmp_path / "media").exists()

    client.force_login(MembershipFactory().user)
    url = reverse("actionplans:submission-download", args=[frozen.pk, "pdf"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_board_report_produced_on_its_page_is_kept_in_the_bucket(
    client, bucket, s3_server, time_machine
):
    time_machine.move_to(dt.datetime(2025, 9, 29, 10, tzinfo=dt.UTC), tick=False)
    load_demo(deadline_in=25)
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    client.force_login(User.objects.get(email="manager@southampton.example"))
    page_url = reverse("actionplans:board-reports", args=[plan.pk])
    form = form_with_button(
        client.get(page_url).content.decode(), "Produce the report", page_url=page_url
    )

    since = {"since_0": "1", "since_1": "9", "since_2": "2025"}
    page = client.post(form.action, since, follow=True).content.decode()

    report = BoardReport.objects.get()
    stored = s3_server.objects(bucket)
    assert set(stored) == {report.word_document.name, report.pdf_document.name}
    pdf = _streamed(client.get(link_with_text(page, "PDF report of 29 September 2025")))
    assert pdf == stored[report.pdf_document.name]


def test_the_bucket_hands_out_no_signed_links(bucket):
    # The views stream files themselves; a signed link would work for whoever holds it.
    address = default_storage.url("evidence/1/0123456789abcdef")
    assert "Signature" not in address
    assert "?" not in address


def test_files_stay_on_local_disk_unless_the_environment_chooses_s3(monkeypatch):
    assert file_storage("local")["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        file_storage("s3")
    with pytest.raises(ImproperlyConfigured, match="local or s3"):
        file_storage("S3 please")


def test_file_storage_s3_in_the_environment_puts_the_default_storage_in_the_bucket():
    code = (
        "from django.conf import settings; import json; "
        "print(json.dumps(settings.STORAGES['default']))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "FILE_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "actionplans",
        "AWS_S3_ENDPOINT_URL": "http://storage:9000",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    configured = json.loads(result.stdout)
    assert configured["BACKEND"] == "storages.backends.s3.S3Storage"
    options = configured["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == (
        "actionplans",
        "http://storage:9000",
    )
    assert options["querystring_auth"] is False
    assert options["default_acl"] is None
