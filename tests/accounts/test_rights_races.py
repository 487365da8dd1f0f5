"""A change to what a person may do holds from their next request, even when a request of theirs
read the old rows just before the change committed.

Each test holds a signed-in request in another thread (its own database connection) right after
it has read the row the change is about, commits the change from this thread, lets the held
request finish, then makes the person's next request. A cache filled from the held request's
read (the race that kept a deactivated account working for minutes) would answer that next
request with the old row; the person must instead be refused.
"""

import pytest
from django.db import connection
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Membership
from tests.actionplans.factories import ActionPlanFactory
from tests.agencies.factories import MembershipFactory
from tests.inspections.factories import InspectionFactory
from tests.support.races import looks_into, reads_from, run_held_request

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # SQLite keeps a reader's lock until its statement is done, so the held read would block the
    # change it races; on PostgreSQL (CI's services run) the two run as they do in production.
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="races two transactions on PostgreSQL"
    ),
]


@pytest.fixture
def plan():
    return ActionPlanFactory(inspection=InspectionFactory())


@pytest.fixture
def lead(plan):
    return MembershipFactory(partnership=plan.inspection.partnership, role=Membership.Role.LEAD)


@pytest.fixture
def signed_in(client, lead):
    client.force_login(lead.user)
    assert client.get(reverse("actionplans:home")).status_code == 200
    return client


def refused_to_sign_in(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_deactivation_holds_against_a_request_in_flight(signed_in, lead):
    user = lead.user

    def deactivate() -> None:
        user.is_active = False
        user.save()

    run_held_request(
        signed_in, reverse("actionplans:home"), reads_from("agencies_user"), deactivate
    )
    assert refused_to_sign_in(signed_in.get(reverse("actionplans:home")))


def test_a_new_password_holds_against_a_request_in_flight(signed_in, lead):
    user = lead.user

    def new_password() -> None:
        user.set_password("another-password-for-this-race")
        user.save()

    run_held_request(
        signed_in, reverse("actionplans:home"), reads_from("agencies_user"), new_password
    )
    assert refused_to_sign_in(signed_in.get(reverse("actionplans:home")))


def test_a_removal_holds_against_a_request_in_flight(signed_in, lead, plan):
    page = reverse("actionplans:plan-detail", args=[plan.pk])
    run_held_request(signed_in, page, reads_from("agencies_membership"), lead.delete)
    assert signed_in.get(page).status_code == 404


def test_a_new_role_holds_against_a_request_in_flight(signed_in, lead, plan):
    new_action = reverse("actionplans:action-create", args=[plan.pk])

    def demote() -> None:
        # Another lead keeps the partnership led; this one becomes a manager.
        MembershipFactory(partnership=plan.inspection.partnership, role=Membership.Role.LEAD)
        lead.role = Membership.Role.MANAGER
        lead.save()

    run_held_request(signed_in, new_action, reads_from("agencies_membership"), demote)
    assert signed_in.get(new_action).status_code == 403


def test_a_new_two_factor_device_holds_against_a_request_in_flight(signed_in, lead):
    def add_device() -> None:
        TOTPDevice.objects.create(user=lead.user, name="Authenticator app", confirmed=True)

    home = reverse("actionplans:home")
    run_held_request(signed_in, home, looks_into("otp_totp_totpdevice"), add_device)
    response = signed_in.get(home)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two-factor-verify"))
