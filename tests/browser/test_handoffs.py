"""A hand-off in Chromium: the police owner asks for sign-off, the lead finds it on their home
page and sends it back with a reason, and the owner's home shows why. Both emails leave through
the outbox; axe checks every page on the way."""

import pytest
from django.core import mail

from demo.data import DEMO_PASSWORD
from demo.loader import load_demo
from outbox.models import Email

pytestmark = pytest.mark.django_db(transaction=True)

POLICE = "police@southampton.example"
LEAD = "lead@southampton.example"
REASON = "Attach the quarter 3 audit report before sign-off."


def sign_out(visitor) -> None:
    visitor.page.get_by_role("button", name="Sign out").click()
    visitor.page.get_by_role("button", name="Sign in").wait_for()


def test_a_send_back_reaches_the_owner_with_its_reason(visitor, eager_emails):
    load_demo()
    page = visitor.page

    visitor.sign_in(POLICE, DEMO_PASSWORD)
    page.get_by_role("heading", name="What needs you now").wait_for()
    visitor.assert_accessible()
    visitor.goto("/my-actions/")
    page.get_by_role("link", name="1.2 Repeat the referral timeliness audit").click()
    page.get_by_role("link", name="Add a progress update").click()
    page.get_by_label("What has happened since the last update?").fill(
        "Quarterly audit built into the champions' calendar: ready for sign-off."
    )
    page.get_by_label("Green").check()
    page.get_by_label("Awaiting sign-off").check()
    page.get_by_role("button", name="Add update").click()
    page.get_by_text("Progress update added to 1.2.").wait_for()
    sign_out(visitor)

    visitor.sign_in(LEAD, DEMO_PASSWORD)
    queue = page.locator("#queue-sign-off")
    queue.wait_for()
    assert "1.2 Repeat the referral timeliness audit" in page.content()
    visitor.assert_accessible()
    page.get_by_role("link", name="Send back 1.2").click()
    visitor.assert_accessible()
    page.get_by_label("What is still needed before it can be signed off?").fill(REASON)
    page.get_by_role("button", name="Send back").click()
    page.get_by_text("Action 1.2 sent back to its owner.").wait_for()
    assert page.url.endswith("/")
    visitor.goto("/notifications/")
    visitor.assert_accessible()
    sign_out(visitor)

    visitor.sign_in(POLICE, DEMO_PASSWORD)
    sent_back = page.locator("#queue-sent-back")
    sent_back.wait_for()
    assert REASON in page.content()
    visitor.assert_accessible()
    # The demo's own send-back (PCC 2.1) and this one.
    page.get_by_role("link", name="Notifications (2 unread)").click()
    visitor.assert_accessible()
    page.get_by_role("link", name="sent action 1.2").first.click()
    page.get_by_role("heading", name="1.2").first.wait_for()

    asked = [m for m in mail.outbox if "1.2 (JTAI 2025): Asked for sign-off" in m.subject]
    sent = [m for m in mail.outbox if "1.2 (JTAI 2025): Sent back" in m.subject]
    assert [m.to for m in asked] == [[LEAD]]
    assert [m.to for m in sent] == [[POLICE]]
    assert REASON in sent[0].body
    # Each written once to the outbox with its change, and sent.
    assert sorted(Email.objects.filter(sent_at__isnull=False).values_list("to", flat=True)) == [
        LEAD,
        POLICE,
    ]
    assert not visitor.errors
