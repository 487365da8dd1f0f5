"""A changed due date or owner: nobody is reminded of a date or an action that no longer holds."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from actionplans.reminders.delivery import claim_due_reminders, send_due_reminders_now
from actionplans.reminders.models import Reminder
from agencies.models import Membership
from tests.agencies.factories import AgencyFactory, MembershipFactory
from tests.support.reminders import at, deliver_and_send, plan_with_people, reminder_ids

pytestmark = pytest.mark.django_db
DUE = dt.date(2025, 10, 17)


def due_mail() -> list:
    """The emails carrying an action-due reminder (the plan's deadline and stale nudges are other
    tests' business)."""
    due = set(Reminder.objects.filter(kind=Reminder.Kind.ACTION_DUE).values_list("pk", flat=True))
    return [m for m in mail.outbox if due & set(reminder_ids(m))]


def test_a_revised_due_date_is_reminded_and_the_old_one_is_not():
    action, _, owner = plan_with_people(due_date=DUE)
    with time_machine.travel(at(DUE - dt.timedelta(days=7)), tick=False):
        claimed = claim_due_reminders()
        # Revised between the claim and the send: the claimed reminder no longer holds.
        action.revised_due_date = dt.date(2025, 11, 28)
        action.revised_reason = "Waiting for the new IT system."
        action.save()
        for reminder_id in claimed:
            deliver_and_send([reminder_id])
    assert due_mail() == []
    assert Reminder.objects.get(kind=Reminder.Kind.ACTION_DUE).cancelled_at is not None
    with time_machine.travel(at(dt.date(2025, 11, 27)), tick=False):
        send_due_reminders_now()
    assert [m.to for m in due_mail()] == [[owner.email]]
    assert "28 November 2025" in due_mail()[0].body
    assert "revised from 17 October 2025" in due_mail()[0].body


def test_moving_the_action_to_another_agency_reminds_its_new_owners():
    action, _, old_owner = plan_with_people(due_date=DUE)
    with time_machine.travel(at(DUE - dt.timedelta(days=1)), tick=False):
        claimed = claim_due_reminders()
        new_agency_owner = MembershipFactory(
            partnership=action.plan.inspection.partnership,
            role=Membership.Role.OWNER,
            agency=AgencyFactory(),
        )
        action.owner_agency = new_agency_owner.agency
        action.lead_user = None
        action.save()
        for reminder_id in claimed:
            deliver_and_send([reminder_id])
        assert due_mail() == []
        send_due_reminders_now()
    assert [m.to for m in due_mail()] == [[new_agency_owner.user.email]]
    assert old_owner.email not in {m.to[0] for m in due_mail()}


def test_an_action_completed_before_the_send_is_not_reminded():
    action, _, _ = plan_with_people(due_date=DUE)
    with time_machine.travel(at(DUE), tick=False):
        claimed = claim_due_reminders()
        action.status = action.Status.COMPLETE
        action.signed_off_at = at(DUE, 8)
        action.save()
        for reminder_id in claimed:
            deliver_and_send([reminder_id])
    assert due_mail() == []
