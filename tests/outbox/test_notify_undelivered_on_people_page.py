"""An email Notify could not deliver to one of a partnership's people (no such address, or not
a valid one) is shown to its leads on the People page, and to no other partnership's lead; a
later email delivered to that address clears it."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from agencies.models import Invitation, Membership
from agencies.people.services import invite_person, resend_invitation
from outbox import sending, statuses
from outbox.models import Email
from outbox.selectors import undelivered_for
from outbox.services import Draft, queue_email
from tests.agencies.factories import MembershipFactory, PartnershipFactory
from tests.support.outbox import send_queued_emails

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():  # type: ignore[no-untyped-def]
    return PartnershipFactory()


def people_page(user, partnership) -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    response = client.get(reverse("people:people", args=[partnership.pk]))
    assert response.status_code == 200
    return response.content.decode()


def invite(partnership, address: str) -> None:  # type: ignore[no-untyped-def]
    invite_person(
        partnership=partnership, email=address, role=Membership.Role.MANAGER, agency=None, by=None
    )
    send_queued_emails()


def test_it_shows_the_lead_an_invitation_that_bounced(fake_notify, partnership):
    lead = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user
    other_lead = MembershipFactory(role=Membership.Role.LEAD)
    invite(partnership, "jo.typo@health.example")
    assert "Emails that could not be delivered" not in people_page(lead, partnership)

    email = Email.objects.get()
    fake_notify.set_status(email.provider_id, "permanent-failure")
    statuses.check_delivery_statuses()

    page = people_page(lead, partnership)
    assert "Emails that could not be delivered" in page
    section = page[page.index('id="undelivered"') :]
    assert "jo.typo@health.example" in section
    assert "Invitation" in section
    assert "The address does not exist" in section
    assert "Emails that could not be delivered" not in people_page(
        other_lead.user, other_lead.partnership
    )


def test_it_shows_a_members_address_that_notify_refused(fake_notify, partnership):
    lead = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user
    MembershipFactory(partnership=partnership, user__email="Sam@Example.test")
    draft = Draft(subject="Hi", body="Hi", kind="x/emails/hello")
    email = queue_email(draft, to="sam@example.TEST")
    fake_notify.answer_next(400, message="email_address Not a valid email address")
    assert sending.deliver(email_id=email.pk) is False
    page = people_page(lead, partnership)
    section = page[page.index('id="undelivered"') :]
    assert "sam@example.TEST" in section
    assert "Hello" in section
    assert "Not an address Notify can send to" in section


def test_a_later_delivered_email_clears_it(fake_notify, partnership):
    lead: Any = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user
    invite(partnership, "jo@health.example")
    first = Email.objects.get()
    fake_notify.set_status(first.provider_id, "permanent-failure")
    statuses.check_delivery_statuses()
    assert list(undelivered_for(["JO@health.example"])) == [first]

    resend_invitation(invitation=Invitation.objects.get(), by=lead)
    send_queued_emails()
    second = Email.objects.exclude(pk=first.pk).get()
    fake_notify.set_status(second.provider_id, "delivered")
    statuses.check_delivery_statuses()
    assert list(undelivered_for(["jo@health.example"])) == []


def test_it_leaves_out_failures_older_than_ninety_days(fake_notify, partnership):
    invite(partnership, "jo@health.example")
    email = Email.objects.get()
    Email.objects.filter(pk=email.pk).update(delivery_status="permanent-failure")
    later = email.created_at + dt.timedelta(days=91)
    assert list(undelivered_for(["jo@health.example"], now=later)) == []
