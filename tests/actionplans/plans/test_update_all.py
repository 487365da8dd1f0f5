"""Update all my actions: every filled-in row saved through the progress-update service in one
go, rows with a problem kept as typed with their errors, blank rows untouched."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplans.notifications.models import Notification
from actionplans.plans.models import Action, ProgressUpdate, Rag
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory, ProgressUpdateFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db

URL = reverse("actionplans:my-actions-update")


@pytest.fixture
def actions() -> list[Any]:
    first = ActionFactory(
        reference="2.1", due_date=dt.date(2026, 1, 10), rag=Rag.GREEN, status="in_progress"
    )
    common = {"plan": first.plan, "recommendation": first.recommendation}
    second = ActionFactory(
        reference="2.2",
        due_date=dt.date(2026, 2, 10),
        rag=Rag.AMBER,
        status="in_progress",
        **common,
    )
    third = ActionFactory(
        reference="2.3",
        due_date=dt.date(2026, 3, 10),
        rag=Rag.GREEN,
        status="not_started",
        **common,
    )
    return [first, second, third]


@pytest.fixture
def owner(actions: list[Any]) -> Any:
    first = actions[0]
    for action in actions[1:]:
        action.owner_agency = first.owner_agency
        action.save()
    return MembershipFactory(
        partnership=first.plan.inspection.partnership,
        agency=first.owner_agency,
        role=Membership.Role.OWNER,
    ).user


@pytest.fixture
def client_of(owner: Any) -> Client:
    client = Client()
    client.force_login(owner)
    return client


def row(action: Any, *, rag: str | None = None, status: str | None = None, text: str = ""):  # type: ignore[no-untyped-def]
    prefix = f"action-{action.pk}"
    return {
        f"{prefix}-rag": rag or action.rag,
        f"{prefix}-status": status or action.status,
        f"{prefix}-text": text,
    }


def test_the_page_lists_each_open_action_with_its_fields(client_of, actions, owner):
    other = ActionFactory(
        plan=actions[0].plan, recommendation=actions[0].recommendation, owner_agency=AgencyFactory()
    )
    done = ActionFactory(
        plan=actions[0].plan,
        recommendation=actions[0].recommendation,
        owner_agency=actions[0].owner_agency,
        status=Action.Status.COMPLETE,
        rag=Rag.BLUE,
        signed_off_at=timezone.now(),
    )
    page = client_of.get(URL).content.decode()
    for action in actions:
        assert f'name="action-{action.pk}-text"' in page
    assert f'name="action-{other.pk}-text"' not in page  # another agency's
    assert f'name="action-{done.pk}-text"' not in page  # complete
    assert (
        "Update all my actions" in client_of.get(reverse("actionplans:my-actions")).content.decode()
    )


def test_valid_rows_are_saved_invalid_ones_kept_and_blank_ones_untouched(client_of, actions):
    first, second, third = actions
    data = {
        **row(first, rag=Rag.AMBER, text="Training booked for March."),
        **row(second, rag=Rag.RED, text=""),  # changed but no update: a problem
        **row(third),  # blank
    }
    answer = client_of.post(URL, data)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "There is a problem" in page
    assert "Progress update saved on action 2.1." in page
    assert f'href="#id_action-{second.pk}-text">Enter what has happened on action 2.2' in page
    # The row with the problem keeps what was chosen; the saved row starts afresh.
    red = f'name="action-{second.pk}-rag" type="radio" value="red"'
    assert f"{red} checked" in page
    assert "Training booked for March.</textarea>" not in page
    # ...and shows the update just saved as its last one.
    assert "Training booked for March." in _card(page, first)

    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.rag == Rag.AMBER
    assert ProgressUpdate.objects.get(action=first).text == "Training booked for March."
    assert second.rag == Rag.AMBER  # not saved
    assert not ProgressUpdate.objects.filter(action__in=[second, third]).exists()
    assert (third.rag, third.status) == (Rag.GREEN, "not_started")


def test_when_every_row_is_good_all_are_saved_and_the_person_goes_back(client_of, actions):
    first, second, third = actions
    data = {
        **row(first, text="On track."),
        **row(second, status=Action.Status.AWAITING_SIGN_OFF, rag=Rag.GREEN, text="All done."),
        **row(third),
    }
    answer = client_of.post(URL, data)
    assert answer.status_code == 302
    assert answer.url == reverse("actionplans:my-actions")
    assert ProgressUpdate.objects.filter(action__in=[first, second]).count() == 2
    second.refresh_from_db()
    assert second.status == Action.Status.AWAITING_SIGN_OFF
    # The same service as the one-action form: the leads are asked to sign off.
    assert not Notification.objects.exclude(kind=Notification.Kind.SIGN_OFF_REQUESTED).exists()
    followed = client_of.get(answer.url).content.decode()
    assert "2 progress updates saved: actions 2.1, 2.2." in followed


def test_nothing_entered_says_so_and_saves_nothing(client_of, actions):
    answer = client_of.post(URL, {key: val for a in actions for key, val in row(a).items()})
    assert "Enter an update for at least one action" in answer.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_a_status_only_the_lead_may_give_is_refused_on_its_row(client_of, actions):
    first = actions[0]
    answer = client_of.post(URL, row(first, status=Action.Status.COMPLETE, text="Finished."))
    assert "Choose one of the statuses listed: only the partnership lead signs an action off" in (
        answer.content.decode()
    )
    assert not ProgressUpdate.objects.exists()
    first.refresh_from_db()
    assert first.status == "in_progress"


def test_a_manager_has_nothing_to_update(actions):
    manager: Any = MembershipFactory(
        partnership=actions[0].plan.inspection.partnership, role=Membership.Role.MANAGER
    ).user
    client = Client()
    client.force_login(manager)
    assert "You have no open actions to update" in client.get(URL).content.decode()
    data = row(actions[0], text="Not mine to update.")
    client.post(URL, data)
    assert not ProgressUpdate.objects.exists()


def test_the_page_costs_the_same_queries_at_any_size(
    client_of, actions, django_assert_max_num_queries
):
    for n in range(10):
        action = ActionFactory(
            plan=actions[0].plan,
            recommendation=actions[0].recommendation,
            owner_agency=actions[0].owner_agency,
            reference=f"9.{n}",
        )
        # Each row shows its last update and the lead's send-back: neither costs a query a row.
        ProgressUpdateFactory(action=action, date=dt.date(2025, 9, 1))
        ProgressUpdateFactory(action=action, date=dt.date(2025, 9, 2), sent_back=True)
    client_of.get(URL)
    with django_assert_max_num_queries(8):
        assert client_of.get(URL).status_code == 200


def _card(page: str, action: Any) -> str:
    """The HTML of one action's row, up to the next row (or the save button)."""
    start = page.index(f'id="action-{action.pk}"')
    ends = [page.find(mark, start + 1) for mark in ('class="govuk-summary-card"', "Save all")]
    return page[start : min(end for end in ends if end != -1)]


def test_each_row_shows_the_last_update_with_its_date(client_of, actions, owner, time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC), tick=False)
    first, second, third = actions
    ProgressUpdateFactory(action=first, date=dt.date(2025, 11, 3), text="Older news.")
    ProgressUpdateFactory(action=first, date=dt.date(2025, 12, 1), text="Audit half done.")
    long_text = "Training booked for every team. " * 20
    ProgressUpdateFactory(action=second, date=dt.date(2025, 12, 2), text=long_text)
    page = client_of.get(URL).content.decode()
    card = _card(page, first)
    assert "Last update, 1 December 2025" in card
    assert "Audit half done." in card
    assert "Older news." not in card
    # A long update is cut short: the row is a reminder, the action page has it all.
    assert long_text.strip() not in _card(page, second)
    assert "Training booked for every team." in _card(page, second)
    assert "No progress update yet" in _card(page, third)


def test_a_row_sent_back_shows_what_the_lead_asked_for(client_of, actions, owner, time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC), tick=False)
    first, second, _ = actions
    ProgressUpdateFactory(
        action=first, date=dt.date(2025, 12, 1), text="Ready for sign-off.", status="in_progress"
    )
    ProgressUpdateFactory(
        action=first,
        date=dt.date(2025, 12, 3),
        text="Attach the audit report first.",
        sent_back=True,
        internal=True,
    )
    # Sent back once, then answered: the old reason no longer shows.
    ProgressUpdateFactory(
        action=second, date=dt.date(2025, 11, 1), text="Add the dates.", sent_back=True
    )
    ProgressUpdateFactory(action=second, date=dt.date(2025, 11, 20), text="Dates added.")
    page = client_of.get(URL).content.decode()
    card = _card(page, first)
    assert "Sent back on 3 December 2025" in card
    assert "Attach the audit report first." in card
    # The owner's own last update still shows beside the lead's reason.
    assert "Last update, 1 December 2025" in card
    assert "Ready for sign-off." in card
    answered = _card(page, second)
    assert "Sent back" not in answered
    assert "Add the dates." not in answered
    assert "Dates added." in answered


def test_each_row_shows_the_rag_the_dates_suggest(client_of, actions, time_machine):
    time_machine.move_to(dt.datetime(2026, 2, 20, 10, tzinfo=dt.UTC), tick=False)
    first, second, third = actions
    page = client_of.get(URL).content.decode()
    assert "The dates suggest" in _card(page, first)
    assert "Red" in _card(page, first).split("The dates suggest")[1]
    assert "it is overdue (due 10 January 2026) with no agreed revised date" in _card(page, first)
    assert "it has not started and is due on 10 March 2026" in _card(page, third)
    assert "its dates are on track" not in _card(page, second)  # 2.2 is overdue too
