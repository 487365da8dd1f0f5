"""The People page lists members by name whatever its capitals (family name, then given name),
then by email address; someone with no name yet sorts by their address."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from agencies.models import Membership
from agencies.people.selectors import members_of
from tests.agencies.factories import MembershipFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_members_are_listed_by_name_ignoring_capitals_then_email():
    partnership: Any = PartnershipFactory()
    people = [
        ("b@example.org", "Sam", "Carter"),
        ("a@example.org", "Sam", "carter"),
        ("x@example.org", "ann", "Baker"),
        ("y@example.org", "Zoe", "Baker"),
        ("bell@example.org", "", ""),
        ("z@example.org", "Tom", "adams"),
    ]
    for email, first, last in people:
        user = UserFactory(email=email, first_name=first, last_name=last)
        role = Membership.Role.LEAD if email == "z@example.org" else Membership.Role.MANAGER
        MembershipFactory(partnership=partnership, user=user, role=role)

    listed = [m.user.email for m in members_of(partnership)]

    assert listed == [
        "z@example.org",  # adams
        "x@example.org",  # ann Baker
        "y@example.org",  # Zoe Baker
        "bell@example.org",  # no name: sorted as "bell@example.org"
        "a@example.org",  # carter, Sam, a@
        "b@example.org",  # Carter, Sam, b@
    ]
    client = Client()
    client.force_login(members_of(partnership).get(user__email="z@example.org").user)
    page = client.get(reverse("people:people", args=[partnership.pk])).content.decode()
    shown = [page.index(f'<dd class="govuk-summary-list__value">{e}</dd>') for e in listed]
    assert shown == sorted(shown)
