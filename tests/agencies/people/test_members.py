"""Leads change a member's role or agency and remove memberships: the change holds at the
person's very next request, the last lead stays, and only the partnership's leads may do it."""

import logging
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.notifications.models import Notification
from agencies.models import Membership
from tests.agencies.factories import MembershipFactory, UserFactory
from tests.support.access_world import build_world

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def membership(user: Any, partnership: Any) -> Membership:
    return Membership.objects.get(user=user, partnership=partnership)


def change_url(people: Any, user: Any) -> str:
    return reverse(
        "people:member-change",
        args=[people.partnership.pk, membership(user, people.partnership).pk],
    )


def remove_url(people: Any, user: Any) -> str:
    return reverse(
        "people:member-remove",
        args=[people.partnership.pk, membership(user, people.partnership).pk],
    )


def test_the_people_page_lists_members_with_role_and_agency(people, django_assert_max_num_queries):
    client = signed_in(people.lead)
    client.get(reverse("people:people", args=[people.partnership.pk]))  # warms the session
    with django_assert_max_num_queries(12):
        page = client.get(reverse("people:people", args=[people.partnership.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    for person in (people.lead, people.owner, people.manager):
        assert person.email in text
    assert "Hampshire Constabulary" in text
    assert people.other_lead.email not in text


def test_a_removed_member_loses_access_at_their_next_request(people, caplog):
    owner = signed_in(people.owner)
    assert owner.get(reverse("actionplans:my-actions")).status_code == 200  # now cached
    world_plan = reverse("actionplans:home")
    assert owner.get(world_plan).status_code == 200
    with caplog.at_level(logging.INFO, logger="security"):
        answer = signed_in(people.lead).post(remove_url(people, people.owner))
    assert answer.status_code == 302
    assert not Membership.objects.filter(user=people.owner).exists()
    assert "event=membership_removed" in caplog.text
    # The history keeps the removal and who did it.
    last = Membership.history.filter(user_id=people.owner.pk).order_by("history_date").last()
    assert last is not None
    assert last.history_type == "-"
    assert last.history_user_id == people.lead.pk
    home = owner.get(world_plan)
    assert "You are not a member of any partnership yet" in home.content.decode()


def test_a_removed_member_cannot_open_the_plan_at_their_next_request():
    world = build_world()
    lead, owner = world.users["lead"], world.users["owner_a"]
    owner_client = signed_in(owner)
    plan_url = reverse("actionplans:plan-detail", args=[world.objects["plan"].pk])
    assert owner_client.get(plan_url).status_code == 200
    partnership = world.objects["partnership"]
    member = Membership.objects.get(user=owner, partnership=partnership)
    signed_in(lead).post(reverse("people:member-remove", args=[partnership.pk, member.pk]))
    assert owner_client.get(plan_url).status_code == 404


def test_a_demoted_lead_loses_the_leads_pages_at_their_next_request(people):
    second_lead = MembershipFactory(partnership=people.partnership, role="lead").user
    demoted = signed_in(second_lead)
    people_page = reverse("people:people", args=[people.partnership.pk])
    assert demoted.get(people_page).status_code == 200
    answer = signed_in(people.lead).post(change_url(people, second_lead), {"role": "manager"})
    assert answer.status_code == 302
    assert membership(second_lead, people.partnership).role == Membership.Role.MANAGER
    assert demoted.get(people_page).status_code == 403


def test_a_member_becomes_an_owner_of_an_agency(people, caplog):
    with caplog.at_level(logging.INFO, logger="security"):
        signed_in(people.lead).post(
            change_url(people, people.manager), {"role": "owner", "agency": people.health.pk}
        )
    changed = membership(people.manager, people.partnership)
    assert (changed.role, changed.agency) == (Membership.Role.OWNER, people.health)
    assert "event=membership_changed" in caplog.text
    assert changed.history.first().history_user_id == people.lead.pk  # type: ignore[union-attr]


def test_an_owner_needs_an_agency(people):
    answer = signed_in(people.lead).post(change_url(people, people.manager), {"role": "owner"})
    assert answer.status_code == 200
    assert "Choose the agency an agency owner works for" in answer.content.decode()
    assert membership(people.manager, people.partnership).role == Membership.Role.MANAGER


def test_the_last_lead_cannot_be_demoted_or_removed(people):
    lead = signed_in(people.lead)
    demoted = lead.post(change_url(people, people.lead), {"role": "manager"})
    assert "You cannot change the role of the only partnership lead" in demoted.content.decode()
    removed = lead.post(remove_url(people, people.lead))
    assert removed.status_code == 400
    assert "You cannot remove the only partnership lead" in removed.content.decode()
    assert membership(people.lead, people.partnership).role == Membership.Role.LEAD


def test_a_deactivated_lead_does_not_count_as_the_other_lead(people):
    MembershipFactory(partnership=people.partnership, role="lead", user__is_active=False)
    answer = signed_in(people.lead).post(remove_url(people, people.lead))
    assert answer.status_code == 400
    assert Membership.objects.filter(user=people.lead).exists()


def test_with_two_leads_one_may_step_down(people):
    MembershipFactory(partnership=people.partnership, role="lead")
    answer = signed_in(people.lead).post(remove_url(people, people.lead))
    assert answer.status_code == 302
    assert answer.url == reverse("actionplans:home")
    assert not Membership.objects.filter(user=people.lead).exists()


@pytest.mark.parametrize("who", ["owner", "manager"])
def test_members_who_are_not_leads_are_refused(people, who):
    client = signed_in(getattr(people, who))
    assert client.get(reverse("people:people", args=[people.partnership.pk])).status_code == 403
    answer = client.post(remove_url(people, people.lead))
    assert answer.status_code == 403
    assert Membership.objects.filter(user=people.lead).exists()


def test_another_partnerships_lead_finds_nothing(people):
    client = signed_in(people.other_lead)
    assert client.get(reverse("people:people", args=[people.partnership.pk])).status_code == 404
    assert client.post(remove_url(people, people.owner)).status_code == 404
    assert Membership.objects.filter(user=people.owner).exists()
    # Nor may a lead reach a membership of another partnership through their own.
    other_member = Membership.objects.get(user=people.other_lead)
    url = reverse("people:member-remove", args=[people.partnership.pk, other_member.pk])
    assert signed_in(people.lead).post(url).status_code == 404
    assert Membership.objects.filter(pk=other_member.pk).exists()


def test_a_person_added_directly_in_the_admin_is_told(people, admin_client):
    newcomer: Any = UserFactory()
    answer = admin_client.post(
        reverse("admin:agencies_membership_add"),
        {
            "user": newcomer.pk,
            "partnership": people.partnership.pk,
            "role": "owner",
            "agency": people.health.pk,
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    notification = Notification.objects.get(recipient=newcomer)
    assert notification.kind == Notification.Kind.ADDED_TO_PARTNERSHIP
    assert "as agency owner for Southampton Health" in notification.text
