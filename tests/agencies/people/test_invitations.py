"""The invitation's life: sent by a lead, accepted once within 7 days by the invited address
(any case), resent with a new link, withdrawn; the new member is told."""

import datetime as dt
import logging
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplans.notifications.models import Notification
from agencies.models import Invitation, Membership, User
from tests.agencies.factories import PASSWORD, AgencyFactory, UserFactory
from tests.support.outbox import send_queued_emails

pytestmark = pytest.mark.django_db


def sent_mail() -> list:
    """The emails sent, once the outbox has sent what the invitations wrote to it."""
    send_queued_emails()
    return mail.outbox


NEW_PASSWORD = "a-long-and-unusual-passphrase"


def invite(client: Client, people, **data: str):  # type: ignore[no-untyped-def]
    url = reverse("people:invite", args=[people.partnership.pk])
    return client.post(url, {"email": "Jo.New@Health.example", "role": "owner", **data})


def link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+/invitations/[^/\s]+/", str(message.body))
    assert found is not None, message.body
    return "/" + found.group(0).split("/", 3)[3]


@pytest.fixture
def lead_client(people) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(people.lead)
    return client


def test_a_lead_invites_and_the_new_person_accepts(people, lead_client, caplog):
    with caplog.at_level(logging.INFO, logger="security"):
        answer = invite(lead_client, people, agency=str(people.health.pk))
    assert answer.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "jo.new@health.example"
    assert invitation.expires_at - invitation.sent_at == dt.timedelta(days=7)
    assert "event=invitation_sent" in caplog.text
    [message] = sent_mail()
    assert message.to == ["jo.new@health.example"]
    assert "Southampton Safeguarding Children Partnership" in message.subject
    link = link_in(message)
    # Only a hash is stored: the token itself is only in the link.
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash

    invitee = Client()
    page = invitee.get(link)
    assert page.status_code == 200
    assert "Create your account" in page.content.decode()
    accepted = invitee.post(
        link,
        {
            "first_name": "Jo",
            "last_name": "New",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert accepted.status_code == 302
    user = User.objects.get(email="jo.new@health.example")
    assert user.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.partnership, membership.role, membership.agency) == (
        people.partnership,
        Membership.Role.OWNER,
        people.health,
    )
    assert invitee.get(reverse("actionplans:home")).status_code == 200
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    # Told in the app (and by the hand-off email), by the lead who invited them.
    notification = Notification.objects.get(recipient=user)
    assert notification.kind == Notification.Kind.ADDED_TO_PARTNERSHIP
    assert f"{people.lead} added you to {people.partnership}" in notification.text
    # The history keeps who gave the membership.
    assert membership.history.count() == 1


def test_a_used_link_cannot_be_used_twice(people, lead_client):
    invite(lead_client, people, agency=str(people.health.pk))
    link = link_in(sent_mail()[0])
    data = {"first_name": "Jo", "last_name": "New", "password1": NEW_PASSWORD}
    Client().post(link, {**data, "password2": NEW_PASSWORD})
    again = Client().get(link)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    posted = Client().post(link, {**data, "password2": NEW_PASSWORD})
    assert posted.status_code == 410
    assert Membership.objects.filter(user__email="jo.new@health.example").count() == 1


def test_an_expired_invitation_cannot_be_used(people, lead_client):
    invite(lead_client, people, agency=str(people.health.pk))
    link = link_in(sent_mail()[0])
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1)):
        answer = Client().get(link)
    assert answer.status_code == 410
    assert "expired" in answer.content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(days=6, hours=23)):
        assert Client().get(link).status_code == 200


def test_a_revoked_invitation_cannot_be_used(people, lead_client):
    invite(lead_client, people, agency=str(people.health.pk))
    invitation = Invitation.objects.get()
    revoked = lead_client.post(
        reverse("people:invitation-revoke", args=[people.partnership.pk, invitation.pk])
    )
    assert revoked.status_code == 302
    answer = Client().get(link_in(sent_mail()[0]))
    assert answer.status_code == 410
    assert "withdrawn" in answer.content.decode()
    assert not User.objects.filter(email__iexact="jo.new@health.example").exists()


def test_resending_makes_a_new_link_and_the_old_one_stops_working(people, lead_client):
    invite(lead_client, people, agency=str(people.health.pk))
    invitation = Invitation.objects.get()
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        lead_client.force_login(people.lead)  # a new session: the old one has lapsed
        page = lead_client.get(reverse("people:people", args=[people.partnership.pk]))
        assert "Expired" in page.content.decode()
        lead_client.post(
            reverse("people:invitation-resend", args=[people.partnership.pk, invitation.pk])
        )
        old, new = link_in(sent_mail()[0]), link_in(sent_mail()[1])
        assert old != new
        assert Client().get(old).status_code == 404
        assert Client().get(new).status_code == 200


def test_someone_with_an_account_signs_in_to_accept_the_address_in_any_case(people, lead_client):
    existing: Any = UserFactory(email="Sam.Existing@Police.example")
    invite(lead_client, people, email="sam.existing@POLICE.example", role="manager")
    link = link_in(sent_mail()[0])
    signed_out = Client().get(link)
    assert "Sign in to accept" in signed_out.content.decode()
    invitee = Client()
    invitee.force_login(existing)
    assert invitee.get(link).status_code == 200
    assert invitee.post(link).status_code == 302
    assert Membership.objects.get(user=existing).role == Membership.Role.MANAGER
    assert existing.check_password(PASSWORD)  # their password is not touched


def test_someone_signed_in_as_another_person_cannot_accept(people, lead_client):
    invite(lead_client, people, role="manager")
    link = link_in(sent_mail()[0])
    answer = lead_client.post(link)
    assert answer.status_code == 403
    assert "this invitation is for jo.new@health.example" in answer.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_an_existing_member_is_not_invited(people, lead_client):
    answer = invite(lead_client, people, email=people.owner.email.upper(), role="manager")
    assert answer.status_code == 200
    assert "is already a member" in answer.content.decode()
    assert not Invitation.objects.exists()
    assert sent_mail() == []


def test_an_invitation_accepted_by_someone_who_became_a_member_meanwhile_changes_nothing(
    people, lead_client
):
    invite(lead_client, people, email="sam@police.example", role="lead")
    sam: Any = UserFactory(email="sam@police.example")
    Membership.objects.create(user=sam, partnership=people.partnership, role="manager")
    client = Client()
    client.force_login(sam)
    assert client.post(link_in(sent_mail()[0])).status_code == 302
    assert Membership.objects.get(user=sam).role == Membership.Role.MANAGER
    assert Invitation.objects.get().accepted_at is not None


def test_a_second_invitation_to_a_pending_address_is_refused(people, lead_client):
    invite(lead_client, people, role="manager")
    answer = invite(lead_client, people, email="JO.NEW@health.example", role="manager")
    assert "already been invited" in answer.content.decode()
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": ""}, "Enter the email address of the person to invite"),
        ({"email": "not an address"}, "Enter an email address in the right format"),
        ({"role": ""}, "Choose a role"),
        ({"role": "owner"}, "Choose the agency an agency owner works for"),
    ],
)
def test_a_bad_invitation_says_what_to_fix_and_keeps_what_was_typed(
    people, lead_client, data, message
):
    answer = invite(lead_client, people, **data)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "There is a problem" in page
    assert message in page
    if data.get("email", "x"):
        assert "Jo.New@Health.example" in page or data["email"] in page
    assert not Invitation.objects.exists()


def test_an_agency_that_does_not_serve_the_partnership_cannot_be_chosen(people, lead_client):
    elsewhere = AgencyFactory(partnerships=[people.other])
    answer = invite(lead_client, people, agency=str(elsewhere.pk))
    assert "Choose an agency that serves this partnership" in answer.content.decode()
    assert not Invitation.objects.exists()


def test_the_new_account_form_says_what_to_fix(people, lead_client):
    invite(lead_client, people, role="manager")
    link = link_in(sent_mail()[0])
    answer = Client().post(
        link, {"first_name": "Jo", "last_name": "", "password1": "short", "password2": "other"}
    )
    page = answer.content.decode()
    assert "Enter your last name" in page
    assert "The passwords do not match" in page
    assert 'value="Jo"' in page
    assert not User.objects.filter(email="jo.new@health.example").exists()


def test_a_superuser_can_withdraw_an_invitation_in_the_admin(people, lead_client, admin_client):
    invite(lead_client, people, role="manager")
    invitation = Invitation.objects.get()
    answer = admin_client.post(
        reverse("admin:agencies_invitation_changelist"),
        {"action": "withdraw", "_selected_action": [invitation.pk]},
    )
    assert answer.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert invitation.history.filter(revoked_at__isnull=False).exists()


@pytest.mark.parametrize(
    "data",
    [{"role": "owner"}, {"role": ""}, {"role": "manager", "agency": "999999"}],
    ids=["owner-without-agency", "no-role", "manager-with-a-stray-agency"],
)
def test_an_existing_member_is_told_so_the_first_time(people, lead_client, data):
    """The lead learns at once that the person is already in, not after fixing other fields
    that would never matter."""
    answer = invite(lead_client, people, email=people.manager.email, **data)
    assert answer.status_code == 200
    assert f"{people.manager.email} is already a member of" in answer.content.decode()
    assert not Invitation.objects.exists()


def test_an_agency_posted_for_a_role_that_has_none_is_ignored(people, lead_client):
    """Without script the Agency select is always shown: an agency picked for a manager, even
    one that does not serve the partnership, is dropped rather than refused."""
    elsewhere = AgencyFactory(partnerships=[people.other])
    answer = invite(lead_client, people, role="manager", agency=str(elsewhere.pk))
    assert answer.status_code == 302
    assert Invitation.objects.get().agency is None


def test_the_agency_select_says_it_is_only_for_an_agency_owner(people, lead_client):
    page = lead_client.get(reverse("people:invite", args=[people.partnership.pk]))
    html = page.content.decode()
    assert 'data-only-for-role="owner"' in html
    assert "Only for an agency owner" in html
