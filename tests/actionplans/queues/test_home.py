"""Each role's home page is a work queue: what needs them now."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.plans import services
from actionplans.plans.models import Action, ActionPlan, Rag
from actionplans.queues.models import QueueVisit
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory, ProgressUpdateFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory, PartnershipFactory
from tests.inspections.factories import InspectionFactory, RecommendationFactory
from tests.support.handoffs import Handoffs, build_handoffs

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 2)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world() -> Handoffs:
    return build_handoffs()


def ask(world: Handoffs, action: Action | None = None) -> None:
    services.add_progress_update(
        action=action or world.action,
        author=world.police_owner,
        text="Done: every setting receives notifications.",
        rag=Rag.GREEN,
        status=Action.Status.AWAITING_SIGN_OFF,
    )


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("actionplans:home"))
    assert response.status_code == 200
    return response


def test_the_lead_sees_what_waits_for_sign_off_oldest_first(client, world: Handoffs, clock):
    newer: Any = ActionFactory(
        plan=world.action.plan, recommendation=world.action.recommendation, reference="2.2"
    )
    ask(world)
    clock.shift(dt.timedelta(hours=2))
    ask(world, newer)

    response = home(client, world.lead)
    assert [a.reference for a in response.context["awaiting"]] == ["2.1", "2.2"]
    page = response.content.decode()
    assert "Waiting for your sign-off (2)" in page
    assert reverse("actionplans:action-sign-off", args=[world.action.pk]) in page
    assert reverse("actionplans:action-send-back", args=[world.action.pk]) + "?next=home" in page


def test_signing_off_from_the_queue_comes_back_to_it(client, world: Handoffs):
    ask(world)
    client.force_login(world.lead)
    response = client.post(
        reverse("actionplans:action-sign-off", args=[world.action.pk]), {"next": "home"}
    )
    assert response.url == reverse("actionplans:home")
    assert Action.objects.get(pk=world.action.pk).status == Action.Status.COMPLETE
    assert list(home(client, world.lead).context["awaiting"]) == []


def test_sending_back_from_the_queue_shows_the_owner_why(client, world: Handoffs):
    ask(world)
    client.force_login(world.lead)
    url = reverse("actionplans:action-send-back", args=[world.action.pk])
    assert 'name="next" value="home"' in client.get(url + "?next=home").content.decode()
    response = client.post(url, {"reason": "Send the list of settings.", "next": "home"})
    assert response.url == reverse("actionplans:home")

    owner_home = home(client, world.police_owner)
    [sent_back] = owner_home.context["owner"].sent_back
    assert sent_back == world.action
    page = owner_home.content.decode()
    assert "Send the list of settings." in page
    # Sent back comes first on the owner's home.
    assert page.index("Sent back to you") < page.index("Your overdue actions")
    # My actions says so too, not just "In progress".
    my_actions = client.get(reverse("actionplans:my-actions")).content.decode()
    assert 'In progress<br><strong class="govuk-tag govuk-tag--orange">Sent back</strong>' in (
        my_actions
    )


def test_an_update_by_the_owner_takes_it_out_of_sent_back(client, world: Handoffs):
    ask(world)
    services.send_back_action(action=world.action, by=world.lead, reason="Not yet.")
    services.add_progress_update(
        action=world.action,
        author=world.police_owner,
        text="List sent.",
        rag=Rag.GREEN,
        status=Action.Status.IN_PROGRESS,
    )
    assert home(client, world.police_owner).context["owner"].sent_back == []


def test_the_lead_sees_overdue_actions_with_no_revised_date(client, world: Handoffs):
    late = ActionFactory(
        plan=world.action.plan,
        recommendation=world.action.recommendation,
        reference="3.1",
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 11, 1),
    )
    ActionFactory(
        plan=world.action.plan,
        recommendation=world.action.recommendation,
        reference="3.2",
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 11, 1),
        revised_due_date=dt.date(2027, 1, 1),
        revised_reason="Agreed.",
    )
    assert list(home(client, world.lead).context["overdue_unrevised"]) == [late]


def test_the_lead_sees_the_countdown_of_plans_not_submitted(client, world: Handoffs):
    inspection = world.action.plan.inspection
    inspection.submission_deadline = dt.date(2026, 12, 16)
    inspection.save()
    response = home(client, world.lead)
    assert response.context["countdown"] == [(world.action.plan, dt.date(2026, 12, 16), 14)]
    assert "14 days" in response.content.decode()
    world.action.plan.status = ActionPlan.Status.SUBMITTED
    world.action.plan.submitted_at = timezone.now()
    world.action.plan.save()
    assert home(client, world.lead).context["countdown"] == []


def test_the_owner_sees_overdue_due_soon_and_not_updated(client, world: Handoffs):
    def action(reference: str, due: dt.date, start: dt.date = dt.date(2026, 11, 20)) -> Any:
        return ActionFactory(
            plan=world.action.plan,
            recommendation=world.action.recommendation,
            reference=reference,
            start_date=start,
            due_date=due,
        )

    overdue = action("4.1", dt.date(2026, 11, 30))
    soon = action("4.2", dt.date(2026, 12, 10))
    stale = action("4.3", dt.date(2027, 6, 1), start=dt.date(2026, 6, 1))
    fresh = action("4.4", dt.date(2027, 6, 1), start=dt.date(2026, 6, 1))
    ProgressUpdateFactory(action=fresh, date=dt.date(2026, 11, 25))
    queues = home(client, world.police_owner).context["owner"]
    assert queues.overdue == [overdue]
    assert queues.due_soon == [soon]
    assert stale in queues.not_updated
    assert fresh not in queues.not_updated
    # Another agency's owner sees none of them.
    other = home(client, world.health_owner).context["owner"]
    assert other.overdue == other.due_soon == other.not_updated == []


def test_revised_due_dates_show_for_the_lead_with_the_reason(client, world: Handoffs):
    home(client, world.lead)  # first look
    client.force_login(world.police_owner)
    client.post(
        reverse("actionplans:action-revise-due-date", args=[world.action.pk]),
        {
            "revised_due_date_0": "31",
            "revised_due_date_1": "3",
            "revised_due_date_2": "2027",
            "revised_reason": "Legal services need longer.",
            "version": world.action.version,
        },
    )
    assert Action.objects.get(pk=world.action.pk).revised_due_date == dt.date(2027, 3, 31)
    response = home(client, world.lead)
    [revision] = response.context["revised"]
    assert revision.revised_reason == "Legal services need longer."
    page = response.content.decode()
    assert "Due dates revised since you last looked" in page
    assert "now due 31 March 2027 (was 18 December 2026)" in page
    assert response.context["changes"].count == 1


# Since you last looked ------------------------------------------------------------------------


def changes(client, user) -> int:
    return home(client, user).context["changes"].count


def test_changes_since_the_last_look_are_per_person_and_move_forward(
    client, world: Handoffs, clock
):
    assert changes(client, world.lead) == 0
    assert changes(client, world.second_lead) == 0
    clock.shift(dt.timedelta(hours=1))
    ask(world)  # by the police owner: a change for both leads
    clock.shift(dt.timedelta(minutes=5))
    assert changes(client, world.lead) == 1
    # A reload within the same visit keeps the list.
    clock.shift(dt.timedelta(minutes=10))
    assert changes(client, world.lead) == 1
    # The next visit starts where this one ended.
    clock.shift(dt.timedelta(hours=2))
    assert changes(client, world.lead) == 0
    # The second lead has not looked since: they still see it.
    assert changes(client, world.second_lead) == 1


def test_a_persons_own_changes_are_not_news_to_them(client, world: Handoffs, clock):
    changes(client, world.police_owner)
    clock.shift(dt.timedelta(hours=1))
    ask(world)
    assert changes(client, world.police_owner) == 0


def test_mark_all_as_seen(client, world: Handoffs, clock):
    changes(client, world.lead)
    clock.shift(dt.timedelta(hours=1))
    ask(world)
    assert changes(client, world.lead) == 1
    assert "Mark all as seen" in home(client, world.lead).content.decode()
    response = client.post(reverse("actionplans:queue-seen"))
    assert response.url == reverse("actionplans:home")
    assert changes(client, world.lead) == 0
    visit = QueueVisit.objects.get(user=world.lead)
    assert visit.since == timezone.now()


def test_a_person_with_several_roles_gets_each_part_once(client, world: Handoffs):
    # The lead of P is also the police owner in another partnership, and a manager in a third.
    other: Any = PartnershipFactory()
    world.police.partnerships.add(other)
    MembershipFactory(
        user=world.lead, partnership=other, role=Membership.Role.OWNER, agency=world.police
    )
    MembershipFactory(
        user=world.lead, partnership=PartnershipFactory(), role=Membership.Role.MANAGER
    )
    ask(world)
    page = home(client, world.lead).content.decode()
    for heading in (
        "Waiting for your sign-off",
        "Your overdue actions",
        "Changed since you last looked",
        "Your action plans",
    ):
        assert page.count(heading) == 1, heading


# Cost -------------------------------------------------------------------------------------------


def grow(world: Handoffs, n: int, batch: str) -> None:
    """`n` more actions in each queue, with updates and evidence by others."""
    plan, recommendation = world.action.plan, world.action.recommendation
    for i in range(n):
        for status, due in (
            (Action.Status.AWAITING_SIGN_OFF, dt.date(2026, 12, 10)),
            (Action.Status.IN_PROGRESS, dt.date(2026, 11, 1)),
        ):
            action = ActionFactory(
                plan=plan,
                recommendation=recommendation,
                reference=f"{batch}{status[:3]}.{i}",
                start_date=dt.date(2026, 1, 1),
                due_date=due,
                status=status,
            )
            ProgressUpdateFactory(action=action, author=world.second_police_owner, status=status)
            ProgressUpdateFactory(
                action=action,
                author=world.second_lead,
                status=Action.Status.IN_PROGRESS,
                sent_back=True,
                text="Sent back by the partnership lead: more, please.",
            )


@pytest.mark.parametrize("role", ["lead", "police_owner"])
def test_the_home_page_costs_the_same_queries_at_any_size(
    client, world: Handoffs, role: str, django_assert_max_num_queries
):
    user = getattr(world, role)
    # A lead who is also an owner elsewhere sees every part at once.
    inspection = InspectionFactory()
    agency = AgencyFactory(partnerships=[inspection.partnership])
    MembershipFactory(user=user, partnership=inspection.partnership, role=Membership.Role.MANAGER)
    RecommendationFactory(inspection=inspection, lead_agency=agency)
    counts = []
    for size in (1, 12):
        grow(world, size, batch=str(size))
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("actionplans:home")).status_code == 200
        counts.append(len(captured))
    assert counts[1] <= counts[0]
    with django_assert_max_num_queries(counts[0]):
        client.get(reverse("actionplans:home"))


# The manager's most urgent plan -----------------------------------------------------------------


def manager_of(*deadlines: dt.date | None) -> tuple[Any, list[Any]]:
    manager: Any = None
    plans = []
    for deadline in deadlines:
        inspection: Any = InspectionFactory(submission_deadline=deadline)
        action: Any = ActionFactory(plan__inspection=inspection)
        plans.append(action.plan)
        membership: Any = MembershipFactory(
            partnership=inspection.partnership,
            role=Membership.Role.MANAGER,
            **({"user": manager} if manager else {}),
        )
        manager = membership.user
    return manager, plans


def test_a_manager_sees_the_plan_with_the_nearest_deadline_first(client):
    manager, (later, sooner, passed) = manager_of(
        dt.date(2027, 2, 1), dt.date(2026, 12, 20), dt.date(2026, 11, 1)
    )
    response = home(client, manager)
    assert response.context["manager"]["chosen"] == sooner
    # A deadline already missed comes after those still to meet.
    assert response.context["manager"]["plans"] == [sooner, later, passed]


def test_with_no_deadline_to_come_the_most_overdue_plan_comes_first(client):
    manager, (a, b) = manager_of(dt.date(2026, 10, 1), dt.date(2026, 9, 1))
    for plan in (a, b):
        plan.status = ActionPlan.Status.MONITORING
        plan.submitted_at = timezone.now()
        plan.save()
    Action.objects.filter(plan=a).update(due_date=dt.date(2026, 6, 1))
    Action.objects.filter(plan=b).update(due_date=dt.date(2026, 11, 1))
    assert home(client, manager).context["manager"]["chosen"] == a


def test_evidence_added_by_others_is_a_change(client, world: Handoffs, clock):
    changes(client, world.lead)
    clock.shift(dt.timedelta(hours=1))
    services.add_evidence(
        action=world.action,
        by=world.police_owner,
        description="Audit report",
        url="https://intranet.example/audit",
    )
    response = home(client, world.lead)
    assert [e.description for e in response.context["changes"].evidence] == ["Audit report"]
    assert "evidence added by" in response.content.decode()
