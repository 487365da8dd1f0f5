"""How this works: one page for every role, linked from every page's footer."""

import pytest
from django.urls import reverse

from agencies.models import Membership
from tests.agencies.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def member(role, **kwargs):
    """A membership; an agency owner needs an agency."""
    if role == Membership.Role.OWNER:
        kwargs.setdefault("agency", AgencyFactory())
    return MembershipFactory(role=role, **kwargs)


SECTIONS = [
    "If you are a partnership lead",
    "If you update your agency&#x27;s actions",
    "If you are a manager or board member",
]


def headings_in_order(page: str) -> list[str]:
    return sorted(SECTIONS, key=lambda heading: page.index(f">{heading}</h2>"))


def test_anyone_can_read_how_it_works_from_the_footer(client):
    sign_in = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("help")}">How this works</a>' in sign_in
    page = client.get(reverse("help")).content.decode()
    assert '<h1 class="govuk-heading-l">How this works</h1>' in page
    assert headings_in_order(page) == SECTIONS


@pytest.mark.parametrize(
    ("role", "first", "you_are"),
    [
        (Membership.Role.LEAD, SECTIONS[0], "You are a partnership lead."),
        (Membership.Role.OWNER, SECTIONS[1], "You are an agency owner."),
        (Membership.Role.MANAGER, SECTIONS[2], "You are a manager."),
    ],
)
def test_a_persons_own_role_comes_first(client, role, first, you_are):
    client.force_login(member(role).user)
    page = client.get(reverse("help")).content.decode()
    assert headings_in_order(page)[0] == first
    assert you_are in page
    assert len({page.index(f">{heading}</h2>") for heading in SECTIONS}) == 3


def test_a_person_with_two_roles_is_told_both(client):
    lead = MembershipFactory(role=Membership.Role.LEAD).user
    MembershipFactory(user=lead, role=Membership.Role.MANAGER)
    client.force_login(lead)
    page = client.get(reverse("help")).content.decode()
    assert "You are a partnership lead and a manager." in page
    assert headings_in_order(page) == [SECTIONS[0], SECTIONS[2], SECTIONS[1]]
