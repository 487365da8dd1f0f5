"""Each hand-off notifies exactly the people it reaches, once, in the app and by email; nobody
who may not see the plan, and never the person who did it."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction

from actionplans.notifications.models import Notification
from actionplans.plans import services
from actionplans.plans.models import Action, Rag
from actionplans.reminders.services import preference_of
from outbox.models import Email
from tests.support.handoffs import Handoffs, build_handoffs, send_handoff_emails

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> Handoffs:
    return build_handoffs()


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def emailed() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)


def ask_for_sign_off(
    world: Handoffs, text: str = "Done: every setting receives notifications."
) -> None:
    services.add_progress_update(
        action=world.action,
        author=world.police_owner,
        text=text,
        rag=Rag.GREEN,
        status=Action.Status.AWAITING_SIGN_OFF,
    )


def test_asking_for_sign_off_tells_the_plans_leads_only(world: Handoffs):
    ask_for_sign_off(world)

    leads = {world.lead.email, world.second_lead.email}
    assert told("sign-off-requested") == leads
    assert Notification.objects.count() == 2
    notification = Notification.objects.get(recipient=world.lead)
    assert notification.action == world.action
    assert f"{world.police_owner} asks you to sign off action 2.1" in notification.text

    assert send_handoff_emails() == 2
    assert emailed() == sorted(leads)
    assert "Action 2.1 (JTAI 2025): Asked for sign-off" in mail.outbox[0].subject
    assert "asks you to sign off action 2.1" in mail.outbox[0].body
    assert f"/notifications/{notification.pk}/open/" in mail.outbox[0].body or any(
        f"/notifications/{notification.pk}/open/" in m.body for m in mail.outbox
    )


def test_each_email_is_sent_once(world: Handoffs):
    ask_for_sign_off(world)
    send_handoff_emails()
    assert send_handoff_emails() == 0
    assert len(mail.outbox) == 2


def test_a_second_update_while_awaiting_sign_off_asks_nobody_again(world: Handoffs):
    ask_for_sign_off(world)
    ask_for_sign_off(world, "And the evidence of the last setting is attached.")
    assert Notification.objects.count() == 2


def test_signing_off_tells_the_lead_person_and_the_agencys_owners(world: Handoffs):
    ask_for_sign_off(world)
    services.sign_off_action(action=world.action, by=world.lead)

    assert told("signed-off") == {world.police_owner.email, world.second_police_owner.email}
    send_handoff_emails()
    signed_off = [m for m in mail.outbox if "Signed off" in m.subject]
    assert sorted(m.to[0] for m in signed_off) == sorted(
        [world.police_owner.email, world.second_police_owner.email]
    )


def test_sending_back_tells_them_why(world: Handoffs):
    ask_for_sign_off(world)
    services.send_back_action(
        action=world.action, by=world.lead, reason="Send the list of settings first."
    )

    assert told("sent-back") == {world.police_owner.email, world.second_police_owner.email}
    text = Notification.objects.get(kind="sent-back", recipient=world.police_owner).text
    assert "Send the list of settings first." in text
    # Sending back is not itself a request for sign-off.
    assert Notification.objects.filter(kind="sign-off-requested").count() == 2
    send_handoff_emails()
    [email] = [m for m in mail.outbox if m.to == [world.police_owner.email]]
    assert "Send the list of settings first." in email.body


def test_a_lead_person_who_may_not_see_the_plan_is_not_told(world: Handoffs):
    world.action.lead_user = world.other_police_owner  # a member of the other partnership only
    world.action.save()
    ask_for_sign_off(world)
    services.send_back_action(action=world.action, by=world.lead, reason="Not yet.")
    assert world.other_police_owner.email not in told("sent-back")
    assert not Notification.objects.filter(recipient=world.other_police_owner).exists()
    assert not Email.objects.filter(to=world.other_police_owner.email).exists()


def test_giving_an_action_to_another_agency_tells_that_agencys_owners(world: Handoffs):
    action = Action.objects.get(pk=world.action.pk)
    action.owner_agency = world.health
    services.save_action(action=action, expected_version=action.version, m2m={}, by=world.lead)

    assert told("action-given") == {world.health_owner.email}
    notification = Notification.objects.get(kind="action-given")
    assert notification.text.startswith("You now own action 2.1")
    send_handoff_emails()
    assert emailed() == [world.health_owner.email]


def test_saving_an_action_without_moving_it_tells_nobody(world: Handoffs):
    action = Action.objects.get(pk=world.action.pk)
    action.title = "A better title"
    services.save_action(action=action, expected_version=action.version, m2m={}, by=world.lead)
    assert not Notification.objects.exists()


def test_revising_a_due_date_tells_the_leads_the_old_date_the_new_and_why(world: Handoffs):
    services.revise_due_date(
        action=world.action,
        by=world.police_owner,
        new_date=dt.date(2027, 3, 31),
        reason="The providers' agreement is with legal services.",
        expected_version=world.action.version,
    )

    assert told("due-date-revised") == {world.lead.email, world.second_lead.email}
    text = Notification.objects.filter(kind="due-date-revised").first().text  # type: ignore[union-attr]
    assert "from 18 December 2026 to 31 March 2027" in text
    assert "The providers' agreement is with legal services." in text


def test_the_person_who_did_it_is_not_told(world: Handoffs):
    services.revise_due_date(
        action=world.action,
        by=world.lead,
        new_date=dt.date(2027, 3, 31),
        reason="Agreed at the board.",
        expected_version=world.action.version,
    )
    assert told("due-date-revised") == {world.second_lead.email}


def test_nobody_outside_the_partnership_or_deactivated_is_told(world: Handoffs):
    ask_for_sign_off(world)
    services.send_back_action(action=world.action, by=world.lead, reason="Not yet.")
    everyone = set(Notification.objects.values_list("recipient__email", flat=True))
    for outsider in (world.other_lead, world.other_police_owner, world.deactivated_lead):
        assert outsider.email not in everyone
    assert world.manager.email not in everyone
    assert world.health_owner.email not in everyone


def test_turning_hand_off_emails_off_keeps_the_notification(world: Handoffs):
    preference = preference_of(world.lead)
    preference.handoff_emails = False
    preference.save()

    ask_for_sign_off(world)
    assert told("sign-off-requested") == {world.lead.email, world.second_lead.email}
    send_handoff_emails()
    assert emailed() == [world.second_lead.email]


def test_an_account_deactivated_before_the_send_gets_no_email(world: Handoffs):
    ask_for_sign_off(world)
    world.second_lead.is_active = False
    world.second_lead.save()
    send_handoff_emails()
    assert emailed() == [world.lead.email]
    given_up = Email.objects.get(to=world.second_lead.email)
    assert given_up.given_up_at is not None
    assert given_up.body == ""


def test_the_email_is_written_with_the_change_and_not_for_one_rolled_back(world: Handoffs):
    def change_that_fails_after_the_hand_off() -> None:
        with transaction.atomic():
            ask_for_sign_off(world)
            assert Email.objects.count() == 2
            raise RuntimeError("the change fails after the hand-off")

    with pytest.raises(RuntimeError):
        change_that_fails_after_the_hand_off()
    assert Email.objects.count() == 0
    assert send_handoff_emails() == 0


def test_the_email_is_queued_when_the_change_commits(
    world: Handoffs, django_capture_on_commit_callbacks, settings
):
    from config.celery import app

    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ask_for_sign_off(world)
    finally:
        app.conf.task_always_eager = False
    assert emailed() == sorted([world.lead.email, world.second_lead.email])
    assert Email.objects.filter(sent_at__isnull=False).count() == 2


def test_the_reminders_page_turns_hand_off_emails_off(client, world: Handoffs):
    client.force_login(world.lead)
    page = client.get("/reminders/").content.decode()
    assert "Email me when work is handed to me" in page
    client.post("/reminders/", {"weekly_digest": "on", "stale_nudges": "on"})
    assert preference_of(world.lead).handoff_emails is False
    ask_for_sign_off(world)
    send_handoff_emails()
    assert emailed() == [world.second_lead.email]
