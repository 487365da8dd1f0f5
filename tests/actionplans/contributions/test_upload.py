"""A contributor's file meets the same checks as a signed-in upload, and becomes evidence when
the update is accepted."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.contributions import services
from actionplans.contributions.models import ContributedUpdate
from actionplans.plans.models import Evidence
from tests.support.contributions import answer, build_contributor_world, send_request

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_it_refuses_a_file_that_is_not_what_it_says(client):
    world = build_contributor_world()
    _, token = send_request(world)
    fake = SimpleUploadedFile("audit.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("actionplans:contribute", args=[token]), answer(world.action, evidence_file=fake)
    )
    assert response.status_code == 400
    assert "must be a PDF" in response.text
    assert not ContributedUpdate.objects.exists()


def test_it_refuses_a_file_too_big(client, settings):
    settings.EVIDENCE_MAX_BYTES = 2**20
    world = build_contributor_world()
    _, token = send_request(world)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2**20, content_type="application/pdf")
    response = client.post(
        reverse("actionplans:contribute", args=[token]), answer(world.action, evidence_file=big)
    )
    assert response.status_code == 400
    assert "smaller than 1 MB" in response.text


def test_it_adds_the_file_as_evidence_on_acceptance(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_contributor_world()
    _, token = send_request(world)
    pdf = SimpleUploadedFile("audit.pdf", PDF, content_type="application/pdf")
    client.post(
        reverse("actionplans:contribute", args=[token]), answer(world.action, evidence_file=pdf)
    )
    contribution = ContributedUpdate.objects.get()
    assert contribution.evidence_type == "application/pdf"
    services.accept_contribution(contribution=contribution, by=world.owner, text="Ok", rag="green")
    evidence = Evidence.objects.get(action=world.action)
    assert evidence.kind == Evidence.Kind.FILE
    assert evidence.content_type == "application/pdf"
    assert evidence.original_name == "audit.pdf"
