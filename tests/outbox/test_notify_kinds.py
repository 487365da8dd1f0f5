"""Every kind of email goes through GOV.UK Notify (a fake on the loopback, the real client) with
its own template when it has one, the default template otherwise, and its subject and plain-text
body as the personalisation; the outbox's id is the reference."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from actionplans.plans import services as plan_services
from actionplans.plans.models import Action, Rag
from actionplans.reminders.delivery import send_due_reminders_now
from agencies.models import Membership
from agencies.people.services import invite_person
from outbox.models import Email
from outbox.services import Draft, queue_email, render_email
from tests.agencies.factories import PartnershipFactory, UserFactory
from tests.support.fake_notify import DEFAULT_TEMPLATE_ID, FakeNotify
from tests.support.handoffs import build_handoffs
from tests.support.outbox import send_queued_emails
from tests.support.reminders import at, plan_with_people

pytestmark = pytest.mark.django_db

INVITATION_TEMPLATE = "0b1f4b53-9e0c-4b5e-9c43-7d4a3b2f1a01"


def the_one_sent(fake: FakeNotify) -> dict:
    assert send_queued_emails() == 1
    [request] = fake.sent
    return request


def test_it_sends_an_invitation_with_its_own_template(fake_notify, settings):
    settings.NOTIFY_TEMPLATE_IDS = {"agencies/emails/invitation": INVITATION_TEMPLATE}
    partnership: Any = PartnershipFactory()
    invite_person(
        partnership=partnership,
        email="jo.new@health.example",
        role=Membership.Role.MANAGER,
        agency=None,
        by=None,
    )
    request = the_one_sent(fake_notify)
    email = Email.objects.get()
    assert request["email_address"] == "jo.new@health.example"
    assert request["template_id"] == INVITATION_TEMPLATE
    assert request["reference"] == str(email.pk)
    assert set(request["personalisation"]) == {"subject", "body"}
    assert request["personalisation"]["subject"] == email.subject
    assert "/invitations/" in request["personalisation"]["body"]
    assert "<" not in request["personalisation"]["body"]  # the plain-text part, not the HTML
    email.refresh_from_db()
    assert email.kind == "agencies/emails/invitation"
    assert email.provider_id == fake_notify.notifications[email.provider_id]["id"]
    assert email.delivery_status == Email.DeliveryStatus.SENDING
    assert (email.body, email.html) == ("", "")  # the link is not kept once sent


def test_it_sends_a_persons_reminders_with_the_default_template(fake_notify):
    friday = dt.date(2025, 10, 10)
    _, _, owner = plan_with_people(due_date=friday + dt.timedelta(days=7))
    with time_machine.travel(at(friday), tick=False):
        send_due_reminders_now()
    [request] = [r for r in fake_notify.sent if r["email_address"] == owner.email]
    assert request["template_id"] == DEFAULT_TEMPLATE_ID
    assert request["personalisation"]["subject"].startswith("Reminders:")
    assert "is due in 7 days" in request["personalisation"]["body"]
    email = Email.objects.get(to=owner.email)
    assert email.kind == "actionplans/reminders/emails/reminders"
    assert email.sent_at is not None


def test_it_sends_a_hand_off_under_its_kind(fake_notify, settings):
    kind = "actionplans/notifications/emails/sign-off-requested"
    settings.NOTIFY_TEMPLATE_IDS = {kind: "7c9e6679-7425-40de-944b-e07fc1f90ae7"}
    world = build_handoffs()
    plan_services.add_progress_update(
        action=world.action,
        author=world.police_owner,
        text="Done: every setting receives notifications.",
        rag=Rag.GREEN,
        status=Action.Status.AWAITING_SIGN_OFF,
    )
    assert send_queued_emails() == 2
    assert {r["email_address"] for r in fake_notify.sent} == {
        world.lead.email,
        world.second_lead.email,
    }
    for request in fake_notify.sent:
        assert request["template_id"] == "7c9e6679-7425-40de-944b-e07fc1f90ae7"
        assert "Asked for sign-off" in request["personalisation"]["subject"]
        assert "asks you to sign off action 2.1" in request["personalisation"]["body"]
    assert set(Email.objects.values_list("kind", flat=True)) == {kind}


def test_it_sends_a_password_reset(fake_notify, client, settings):
    settings.SITE_URL = "https://actionplans.example.org"
    user = UserFactory()
    client.post(reverse("accounts:password-reset"), {"email": user.email})
    request = the_one_sent(fake_notify)
    assert request["email_address"] == user.email
    assert request["template_id"] == DEFAULT_TEMPLATE_ID
    assert "https://actionplans.example.org/" in request["personalisation"]["body"]
    assert Email.objects.get().kind == "accounts/emails/password_reset"


def email_templates() -> list[str]:
    """Every email made of three templates under templates/**/emails/, by its name."""
    root = Path(settings.BASE_DIR) / "templates"
    names = []
    for subject in sorted(root.glob("**/emails/*-subject.txt")):
        name = str(subject.relative_to(root)).removesuffix("-subject.txt")
        if all((root / f"{name}{part}").exists() for part in ("-body.txt", "-body.html")):
            names.append(name)
    return names


def test_it_finds_the_email_templates():
    assert "agencies/emails/invitation" in email_templates()
    assert "actionplans/notifications/emails/sign-off-requested" in email_templates()


@pytest.mark.parametrize("name", email_templates())
def test_it_sends_every_email_template_under_its_own_notify_template(fake_notify, settings, name):
    template_id = "d7f5e5a0-1111-4c1a-8f55-" + f"{abs(hash(name)) % 10**12:012d}"
    settings.NOTIFY_TEMPLATE_IDS = {name: template_id}
    try:
        draft = render_email(name, {"site_url": "https://actionplans.example.org"})
    except Exception:
        # Its links and filters need the rows its caller has; the route cares only for its name.
        draft = Draft(subject=f"About {name}", body="Open the service.", kind=name)
    assert draft.kind == name
    email = queue_email(draft, to="someone@example.test")
    request = the_one_sent(fake_notify)
    assert request["template_id"] == template_id
    assert request["personalisation"] == {"subject": email.subject, "body": draft.body}
