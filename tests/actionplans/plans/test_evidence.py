"""Evidence: files checked by their content, stored privately, downloaded only by members."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.plans.models import Evidence
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import MembershipFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def action():
    return ActionFactory()


@pytest.fixture
def owner(client, action):
    membership = MembershipFactory(
        partnership=action.plan.inspection.partnership,
        agency=action.owner_agency,
        role=Membership.Role.OWNER,
    )
    client.force_login(membership.user)
    return membership.user


def upload(client, action, name, content, **extra):
    return client.post(
        reverse("actionplans:evidence-create", args=[action.pk]),
        {"description": "Audit report", "file": SimpleUploadedFile(name, content), **extra},
    )


def test_owner_uploads_a_pdf_and_members_download_it_as_an_attachment(client, owner, action):
    upload(client, action, "audit.pdf", PDF)
    evidence = Evidence.objects.get()
    assert (evidence.content_type, evidence.original_name, evidence.size) == (
        "application/pdf",
        "audit.pdf",
        len(PDF),
    )
    assert evidence.file.name
    assert "audit" not in evidence.file.name  # a generated name, not the uploader's
    response = client.get(reverse("actionplans:evidence-download", args=[evidence.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="action-')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_type_comes_from_content_not_name(client, owner, action):
    response = upload(client, action, "report.pdf", b"<html><script>alert(1)</script></html>")
    assert "The selected file must be a PDF" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_png_named_as_a_pdf_is_stored_as_a_png(client, owner, action):
    upload(client, action, "photo.pdf", PNG)
    assert Evidence.objects.get().content_type == "image/png"


def test_files_over_20_mb_are_refused(client, owner, action, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = upload(client, action, "big.pdf", PDF + b"0" * 2048)
    assert "must be smaller than" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_link_is_accepted_but_only_http_or_https(client, owner, action):
    url = reverse("actionplans:evidence-create", args=[action.pk])
    response = client.post(url, {"description": "Script", "url": "javascript:alert(1)"})
    assert "There is a problem" in response.content.decode()
    client.post(url, {"description": "Intranet page", "url": "https://intranet.example/a"})
    assert Evidence.objects.get().url == "https://intranet.example/a"


def test_the_upload_form_warns_against_identifying_children(client, owner, action):
    body = client.get(reverse("actionplans:evidence-create", args=[action.pk])).content.decode()
    assert "Do not upload anything that identifies a child" in body


def test_another_partnership_cannot_download(client, owner, action):
    upload(client, action, "audit.pdf", PDF)
    evidence = Evidence.objects.get()
    outsider = MembershipFactory().user
    client.force_login(outsider)
    response = client.get(reverse("actionplans:evidence-download", args=[evidence.pk]))
    assert response.status_code == 404


def test_text_files_are_accepted_by_content(client, owner, action):
    upload(client, action, "figures.csv", b"month,percent\nJuly,94\n")
    assert Evidence.objects.get().content_type == "text/csv"
    upload(client, action, "binary.csv", b"\x00\x01\x02")
    assert Evidence.objects.count() == 1


def test_evidence_is_not_served_from_a_public_url(client, owner, action, settings):
    upload(client, action, "audit.pdf", PDF)
    name = Evidence.objects.get().file.name
    client.logout()
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/static/{name}").status_code == 404


@pytest.mark.parametrize("name", ["run.bat", "x.hta", "poly.html", "poly.svg"])
def test_a_pdf_under_a_dangerous_name_downloads_as_a_pdf_named_after_the_action(
    client, owner, action, name, time_machine
):
    time_machine.move_to("2025-10-24 09:00", tick=False)
    action.reference = "2.1"
    action.save()
    upload(client, action, name, PDF)
    evidence = Evidence.objects.get()
    response = client.get(reverse("actionplans:evidence-download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="action-2.1-evidence-2025-10-24.pdf"'
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    # The uploader's name is shown as text, never as a link's name or a file's.
    page = client.get(action.get_absolute_url()).content.decode()
    assert f"uploaded as {name}" in page
    assert f'download="{name}"' not in page


def test_a_text_file_downloads_as_text_with_its_own_extension(client, owner, action):
    action.reference = "AFI 3/2"
    action.save()
    upload(client, action, "minutes.csv", b"date,referrals\n2025-10-01,12\n")
    evidence = Evidence.objects.get()
    response = client.get(reverse("actionplans:evidence-download", args=[evidence.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="action-afi-3-2-')
    assert response["Content-Disposition"].endswith('.csv"')


def test_a_kept_file_whose_content_changed_is_served_as_bytes_to_save(client, owner, action):
    upload(client, action, "audit.pdf", PDF)
    evidence = Evidence.objects.get()
    # As a file changed in storage, or kept from before the checks, would be.
    with evidence.file.open("wb") as handle:
        handle.write(b"<html><script>alert(1)</script></html>")
    response = client.get(reverse("actionplans:evidence-download", args=[evidence.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].endswith('.bin"')
    assert response["X-Content-Type-Options"] == "nosniff"
