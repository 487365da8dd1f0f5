"""A lead invites a person in Chromium, the person accepts through the emailed link and finds
the partnership's plan; axe checks the People page, the invitation form with its errors and the
invitee's page."""

import re

import pytest
from django.core import mail

from agencies.models import Membership
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

LEAD = "lead@southampton.example"
INVITEE = "new.officer@southampton.example"
NEW_PASSWORD = "kettle-harbour-lantern-meadow"


def test_a_lead_invites_a_person_who_accepts(visitor, live_server, settings, eager_emails):
    settings.SITE_URL = live_server.url  # the emailed link points at the test server
    load_demo()
    page = visitor.page
    visitor.sign_in(LEAD, DEMO_PASSWORD)
    page.get_by_role("link", name=re.compile("^People in ")).click()
    page.get_by_role("heading", name="People", exact=True).wait_for()
    visitor.assert_accessible()

    page.get_by_role("link", name="Invite a person").click()
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("There is a problem").wait_for()
    visitor.assert_accessible()
    page.get_by_label("Email address").fill(INVITEE)
    page.get_by_label("Agency owner").check()
    page.get_by_label("Agency", exact=True).select_option(
        label="Hampshire and Isle of Wight Constabulary"
    )
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text(f"Invitation sent to {INVITEE}.").wait_for()
    assert page.get_by_role("heading", name=INVITEE).is_visible()

    [email] = [m for m in mail.outbox if m.to == [INVITEE]]
    link = re.search(r"https?://\S+/invitations/\S+/", str(email.body))
    assert link is not None
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for()

    page.goto(link.group(0))
    page.get_by_role("heading", name=re.compile("^Join ")).wait_for()
    visitor.assert_accessible()
    page.get_by_label("First name").fill("Rowan")
    page.get_by_label("Last name").fill("Ellis")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm the password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Accept invitation").click()
    page.get_by_text("You are now a member of").wait_for()
    page.get_by_role("button", name="Sign out").wait_for()
    membership = Membership.objects.get(user__email=INVITEE)
    assert membership.role == Membership.Role.OWNER
    assert membership.agency is not None
    assert membership.agency.short_name == "Police"
    assert visitor.errors == []


def test_the_agency_shows_only_for_an_agency_owner(visitor):
    load_demo()
    page = visitor.page
    visitor.sign_in(LEAD, DEMO_PASSWORD)
    page.get_by_role("link", name=re.compile("^People in ")).click()
    page.get_by_role("link", name="Invite a person").click()
    agency = page.get_by_label("Agency", exact=True)
    assert agency.is_hidden()
    page.get_by_label("Agency owner").check()
    assert agency.is_visible()
    page.get_by_label("Manager").check()
    assert agency.is_hidden()
    assert visitor.errors == []
