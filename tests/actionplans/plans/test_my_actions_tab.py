"""The "My actions" tab is for people given actions: leads and agency owners, not managers."""

import pytest
import rules
from django.urls import reverse

from agencies.models import Membership
from tests.agencies.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def member(role, **kwargs):
    """A membership; an agency owner needs an agency."""
    if role == Membership.Role.OWNER:
        kwargs.setdefault("agency", AgencyFactory())
    return MembershipFactory(role=role, **kwargs)


MY_ACTIONS_TAB = f'href="{reverse("actionplans:my-actions")}"'


@pytest.mark.parametrize(
    ("role", "shown"),
    [(Membership.Role.LEAD, True), (Membership.Role.OWNER, True), (Membership.Role.MANAGER, False)],
)
def test_the_tab_shows_only_for_people_with_actions_of_their_own(client, role, shown):
    user = member(role).user
    client.force_login(user)
    page = client.get(reverse("actionplans:home")).content.decode()
    assert (MY_ACTIONS_TAB in page) is shown
    assert 'href="/dashboard/"' in page  # the rest of the navigation stays
    assert rules.test_rule("has_own_actions", user) is shown


def test_a_manager_who_is_also_an_owner_elsewhere_keeps_the_tab(client):
    manager = MembershipFactory(role=Membership.Role.MANAGER).user
    member(Membership.Role.OWNER, user=manager)
    client.force_login(manager)
    assert MY_ACTIONS_TAB in client.get(reverse("actionplans:home")).content.decode()


def test_nobody_without_an_active_membership_has_actions_of_their_own():
    assert rules.test_rule("has_own_actions", UserFactory()) is False
    lead = MembershipFactory(role=Membership.Role.LEAD, user__is_active=False).user
    assert rules.test_rule("has_own_actions", lead) is False
