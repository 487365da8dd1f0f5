"""Sending an invitation saves once: the same page posted again sends nothing more and says it
was already sent, rather than that the person has already been invited."""

import pytest
from django.urls import reverse

from agencies.models import Invitation
from tests.support.form_tokens import post_twice

pytestmark = pytest.mark.django_db


def test_an_invitation_posted_twice_is_sent_once(
    client, people, django_capture_on_commit_callbacks
):
    client.force_login(people.lead)
    url = reverse("people:invite", args=[people.partnership.pk])
    data = {"email": "jo.new@health.example", "role": "manager"}
    with django_capture_on_commit_callbacks(execute=True):
        first, second = post_twice(client, url, data)
    assert first.status_code == 302, first.content.decode()
    assert Invitation.objects.filter(email="jo.new@health.example").count() == 1
    assert "This invitation was already sent." in second.content.decode()
