"""The People page shows its lead the emails still waiting to be sent to the partnership's
people (members and invitees), never another partnership's, and never their subjects."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outbox.models import Email
from outbox.services import Draft, queue_email
from tests.support.two_factor import sign_in_verified

pytestmark = pytest.mark.django_db
HEADING = "Emails waiting to be sent"


def page(people) -> str:
    client = sign_in_verified(Client(), people.lead)
    return client.get(reverse("people:people", args=[people.partnership.pk])).content.decode()


def test_it_lists_the_emails_waiting_for_the_partnerships_people(people):
    queue_email(
        Draft(subject="Secret subject", body="b"), to=people.owner.email, recipient=people.owner
    )
    queue_email(
        Draft(subject="Other", body="b"), to=people.other_lead.email, recipient=people.other_lead
    )
    html = page(people)
    assert HEADING in html
    section = html.split(HEADING)[1].split("</table>")[0]
    assert people.owner.email in section
    assert people.other_lead.email not in section
    assert "Secret subject" not in html


def test_it_shows_nothing_once_they_are_sent(people):
    email = queue_email(Draft(subject="s", body="b"), to=people.owner.email, recipient=people.owner)
    Email.objects.filter(pk=email.pk).update(sent_at=timezone.now())
    assert HEADING not in page(people)
