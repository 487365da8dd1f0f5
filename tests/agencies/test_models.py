import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import RequestFactory

from agencies.models import Membership, User
from tests.agencies.factories import AgencyFactory, MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def test_user_signs_in_by_email(password):
    User.objects.create_user("Sam.Patel@Example.org", password)
    request = RequestFactory().post("/sign-in/")  # django-axes counts attempts per request
    assert authenticate(request, username="sam.patel@example.org", password=password) is not None


def test_agency_owner_membership_needs_an_agency():
    with pytest.raises(IntegrityError):
        MembershipFactory(role=Membership.Role.OWNER, agency=None)


def test_one_role_per_person_per_partnership():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError):
        MembershipFactory(user=membership.user, partnership=membership.partnership, role="manager")


def test_same_person_can_hold_roles_in_several_partnerships():
    police = AgencyFactory()
    first, second = PartnershipFactory(), PartnershipFactory()
    police.partnerships.add(first, second)
    owner = MembershipFactory(partnership=first, agency=police, role=Membership.Role.OWNER).user
    MembershipFactory(user=owner, partnership=second, agency=police, role=Membership.Role.OWNER)
    assert owner.memberships.count() == 2


def test_membership_agency_must_serve_the_partnership():
    membership = MembershipFactory.build(
        user=MembershipFactory().user,
        partnership=PartnershipFactory(),
        agency=AgencyFactory(),
        role=Membership.Role.OWNER,
    )
    with pytest.raises(ValidationError, match="does not serve"):
        membership.full_clean()
