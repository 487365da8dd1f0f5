"""Two plans of one partnership, each with an action 2.1: a hand-off names the action's plan, in
the app and in its email."""

import pytest
from django.core import mail
from django.urls import reverse

from actionplans.notifications.models import Notification
from actionplans.plans import services
from actionplans.plans.models import Action, Rag
from tests.support.handoffs import send_handoff_emails
from tests.support.two_plans import build_two_plans

pytestmark = pytest.mark.django_db


def test_asking_for_sign_off_names_the_plan(client):
    world = build_two_plans()
    services.add_progress_update(
        action=world.newer,
        author=world.owner,
        text="Done.",
        rag=Rag.GREEN,
        status=Action.Status.AWAITING_SIGN_OFF,
    )
    [notification] = Notification.objects.filter(recipient=world.lead)
    assert "Neglect 2026" in notification.text
    send_handoff_emails()
    [email] = mail.outbox
    assert "Neglect 2026" in email.subject
    assert "Neglect 2026" in email.body
    client.force_login(world.lead)
    page = client.get(reverse("actionplans:notifications")).content.decode()
    assert page.count("Neglect 2026") >= 2  # in what it says, and in the line under it
    assert "JTAI 2025" not in page
