"""Update rounds: one request per person at the opening, one reminder before the close to each
person still to answer (nothing to those who have), the close with the board report of the
round's period, and the next month's round when it repeats."""

import datetime as dt
import uuid

import pytest
from django.core import mail

from actionplans.contributions.models import UpdateRequest
from actionplans.contributions.services import submit_contribution
from actionplans.plans.models import Action
from actionplans.plans.services import add_progress_update
from actionplans.rounds import selectors, services
from actionplans.rounds.models import RoundRecipient, UpdateRound
from actionplans.submission.models import BoardReport
from tests.actionplans.rounds.conftest import CLOSES_ON, NOW
from tests.support.outbox import send_queued_emails

pytestmark = pytest.mark.django_db


def _open(world, **kwargs):
    round_ = services.open_round(
        plan=world.plan,
        name=kwargs.pop("name", "November board"),
        closes_on=kwargs.pop("closes_on", CLOSES_ON),
        by=world.lead,
        now=NOW,
        **kwargs,
    )
    send_queued_emails()
    return round_


def _sent_to() -> list[str]:
    return sorted(address for m in mail.outbox for address in m.to)


def test_opening_asks_each_person_once_for_all_their_open_actions(world):
    round_ = _open(world)
    # Two police owners (each for both police actions), the health owner, the contributor.
    expected = sorted(
        [u.email for u in world.police_owners] + [world.health_owner.email, world.contributor.email]
    )
    assert _sent_to() == expected
    by_email = {r.email: r for r in selectors.recipients_of(round_)}
    police = {a.pk for a in world.police_actions}
    for owner in world.police_owners:
        assert {a.pk for a in by_email[owner.email].actions.all()} == police
    contributor = by_email[world.contributor.email]
    assert [a.pk for a in contributor.actions.all()] == [world.named_action.pk]
    assert UpdateRequest.objects.filter(contributor=world.contributor).count() == 1
    # The complete action is asked of nobody; the named one not of the police owners.
    asked = {a.pk for r in by_email.values() for a in r.actions.all()}
    assert world.complete_action.pk not in asked
    assert world.named_action.pk not in {
        a.pk for a in by_email[world.health_owner.email].actions.all()
    }
    first_owner_email = next(m for m in mail.outbox if m.to == [world.police_owners[0].email])
    for action in world.police_actions:
        assert action.reference in first_owner_email.body
    assert "20 November 2025" in first_owner_email.body


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "  "}, "Enter a name for the round"),
        ({"closes_on": dt.date(2025, 11, 4)}, "The closing date must be today or later"),
    ],
)
def test_it_refuses_a_round_it_cannot_open(world, kwargs, message):
    with pytest.raises(services.RoundError, match=message):
        _open(world, **kwargs)
    assert not UpdateRound.objects.exists()
    assert mail.outbox == []


def test_it_refuses_a_second_open_round_and_a_plan_with_nothing_open(world):
    _open(world)
    with pytest.raises(services.RoundError, match="is still open"):
        _open(world, name="Another")
    assert UpdateRound.objects.count() == 1
    Action.objects.filter(plan=world.plan).update(status=Action.Status.COMPLETE, signed_off_at=NOW)
    UpdateRound.objects.update(closed_at=NOW)
    with pytest.raises(services.RoundError, match="no open actions"):
        _open(world, name="December")


def test_one_reminder_to_each_person_still_to_answer_and_none_to_those_who_have(world):
    round_ = _open(world)
    mail.outbox.clear()
    # Before the reminder window: nothing.
    assert services.remind_round_recipients(now=NOW + dt.timedelta(days=3)) == 0
    # The health owner answers their one action; one police owner answers one action of two.
    add_progress_update(
        action=world.health_action,
        author=world.health_owner,
        text="Training done.",
        rag="green",
        status=Action.Status.IN_PROGRESS,
    )
    add_progress_update(
        action=world.police_actions[0],
        author=world.police_owners[0],
        text="Half way.",
        rag="amber",
        status=Action.Status.IN_PROGRESS,
    )
    window = dt.datetime(2025, 11, 18, 7, 0, tzinfo=dt.UTC)
    assert services.remind_round_recipients(now=window) == 3
    assert services.remind_round_recipients(now=window + dt.timedelta(days=1)) == 0
    send_queued_emails()
    assert _sent_to() == sorted([u.email for u in world.police_owners] + [world.contributor.email])
    # A police owner's reminder names only the action still waiting.
    reminder = next(m for m in mail.outbox if m.to == [world.police_owners[1].email])
    assert world.police_actions[1].reference in reminder.body
    assert world.police_actions[0].reference not in reminder.body
    answers = {a.recipient.email: a for a in selectors.answers(round_)}
    assert answers[world.health_owner.email].is_answered
    assert not answers[world.police_owners[0].email].is_answered
    assert RoundRecipient.objects.filter(round=round_, reminded_at=None).count() == 1


def test_a_contributors_update_by_link_answers_for_them(world):
    round_ = _open(world)
    request = UpdateRequest.objects.get(contributor=world.contributor)
    submit_contribution(
        update_request=request,
        action=world.named_action,
        text="All schools replied.",
        suggested_rag="green",
        form_token=uuid.uuid4(),
        from_ip="192.0.2.1",
    )
    answers = {a.recipient.email: a for a in selectors.answers(round_)}
    assert answers[world.contributor.email].is_answered
    mail.outbox.clear()
    services.remind_round_recipients(now=dt.datetime(2025, 11, 19, 7, 0, tzinfo=dt.UTC))
    send_queued_emails()
    assert world.contributor.email not in _sent_to()


def test_closing_prepares_the_board_report_of_the_rounds_period(world):
    round_ = _open(world)
    closed = services.close_round(round=round_, by=world.lead, now=NOW + dt.timedelta(days=14))
    assert closed.closed_at is not None
    report = BoardReport.objects.get(pk=closed.board_report_id)
    assert report.plan_id == world.plan.pk
    assert report.since == dt.date(2025, 11, 5)
    assert report.report_date == dt.date(2025, 11, 19)
    with pytest.raises(services.RoundError, match="already closed"):
        services.close_round(round=round_, by=world.lead, now=NOW + dt.timedelta(days=15))
    # Not monthly: no next round.
    assert UpdateRound.objects.count() == 1


def test_a_monthly_round_closed_by_the_daily_task_opens_the_next_month(world):
    _open(world, repeats=UpdateRound.Repeats.MONTHLY)
    assert services.close_due_rounds(now=dt.datetime(2025, 11, 20, 23, 0, tzinfo=dt.UTC)) == 0
    after = dt.datetime(2025, 11, 21, 6, 50, tzinfo=dt.UTC)
    assert services.close_due_rounds(now=after) == 1
    assert services.close_due_rounds(now=after) == 0
    first, second = UpdateRound.objects.order_by("pk")
    assert first.closed_at is not None
    assert first.closed_by is None
    assert first.board_report is not None
    assert (second.name, second.closes_on, second.closed_at) == (
        "December update",
        dt.date(2025, 12, 20),
        None,
    )
    assert second.recipients.count() == 4


def test_the_next_month_of_a_long_month_end_is_the_shorter_months_last_day():
    assert services.next_month(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert services.next_month(dt.date(2025, 12, 15)) == dt.date(2026, 1, 15)
