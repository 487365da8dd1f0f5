"""The Notifications page and the unread count in the header."""

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.notifications.models import Notification
from actionplans.plans import services
from actionplans.plans.models import Action, Rag
from agencies.models import Membership
from tests.agencies.factories import MembershipFactory
from tests.support.handoffs import Handoffs, build_handoffs

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client) -> Handoffs:
    world = build_handoffs()
    services.add_progress_update(
        action=world.action,
        author=world.police_owner,
        text="Done.",
        rag=Rag.GREEN,
        status=Action.Status.AWAITING_SIGN_OFF,
    )
    client.force_login(world.lead)
    return world


def test_the_header_counts_unread_notifications(client, world: Handoffs):
    page = client.get(reverse("actionplans:my-actions")).content.decode()
    assert "Notifications (1 unread)" in page


def test_the_page_lists_the_persons_own_notifications(client, world: Handoffs):
    response = client.get(reverse("actionplans:notifications"))
    [notification] = response.context["page"]
    assert notification.recipient == world.lead
    assert "asks you to sign off action 2.1" in response.content.decode()
    assert "Mark all as read" in response.content.decode()


def test_opening_one_marks_it_read_and_goes_to_the_action(client, world: Handoffs):
    notification = Notification.objects.get(recipient=world.lead)
    response = client.get(notification.get_absolute_url())
    assert response.url == world.action.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None
    page = client.get(reverse("actionplans:my-actions")).content.decode()
    assert "unread" not in page


def test_another_persons_notification_is_not_found(client, world: Handoffs):
    theirs = Notification.objects.get(recipient=world.second_lead)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_as_read(client, world: Handoffs):
    response = client.post(reverse("actionplans:notifications-read"), follow=True)
    assert "All your notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=world.lead, read_at=None).exists()
    assert Notification.objects.filter(recipient=world.second_lead, read_at=None).exists()


def test_a_new_notification_shows_in_the_header_at_once(client, world: Handoffs):
    client.post(reverse("actionplans:notifications-read"))
    client.get(reverse("actionplans:my-actions"))  # the count (0) is now cached
    services.revise_due_date(
        action=world.action,
        by=world.police_owner,
        new_date=world.action.due_date.replace(year=2027),
        reason="Waiting for legal services.",
        expected_version=Action.objects.get(pk=world.action.pk).version,
    )
    page = client.get(reverse("actionplans:my-actions")).content.decode()
    assert "Notifications (1 unread)" in page


def test_the_count_is_one_query(client, world: Handoffs, django_assert_num_queries):
    trivial = reverse("accessibility")
    assert "Notifications (1 unread)" in client.get(trivial).content.decode()
    # The session, the person, their two-factor state and memberships (which partnerships'
    # notifications count), and the count itself.
    with django_assert_num_queries(5):
        assert "Notifications (1 unread)" in client.get(trivial).content.decode()


def test_the_count_follows_notifications_read_at_once(client, world: Handoffs):
    trivial = reverse("accessibility")
    assert "Notifications (1 unread)" in client.get(trivial).content.decode()
    Notification.objects.filter(recipient=world.lead).update(read_at=timezone.now())
    assert "unread" not in client.get(trivial).content.decode()


def test_notifications_of_a_partnership_left_are_not_shown(client, world: Handoffs):
    Membership.objects.filter(user=world.lead).delete()
    MembershipFactory(user=world.lead, role=Membership.Role.MANAGER)  # of another partnership
    response = client.get(reverse("actionplans:notifications"))
    assert list(response.context["page"]) == []
    assert "unread" not in response.content.decode()


@pytest.mark.parametrize("extra", [1, 40])
def test_the_page_costs_the_same_queries_at_any_size(
    client, world: Handoffs, extra: int, django_assert_max_num_queries
):
    for n in range(extra):
        services.add_progress_update(
            action=world.action,
            author=world.police_owner,
            text=f"Still awaiting ({n}).",
            rag=Rag.GREEN,
            status=Action.Status.IN_PROGRESS,
        )
        services.add_progress_update(
            action=world.action,
            author=world.police_owner,
            text=f"Done again ({n}).",
            rag=Rag.GREEN,
            status=Action.Status.AWAITING_SIGN_OFF,
        )
    assert Notification.objects.filter(recipient=world.lead).count() == extra + 1
    client.get(reverse("actionplans:notifications"))
    # The person's own reads (session, user, two-factor state, memberships, unread count) and
    # the page's: a fixed number whatever the count.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("actionplans:notifications")).status_code == 200
