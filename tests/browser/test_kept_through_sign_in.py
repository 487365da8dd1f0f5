"""An owner away from Update all my actions for over 30 minutes presses save, signs in again, and
finds what they typed still there, not yet saved, in Chromium."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone

from accounts.security import LAST_SEEN
from actionplans.plans.models import ProgressUpdate
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

OWNER = "police@southampton.example"
TYPED = "Multi-agency audit of 40 referrals done; report to the board in May."


def leave_idle(visitor, minutes: int) -> None:
    """As if the person had made no request for `minutes`: the session's idle clock set back."""
    cookie = next(
        c for c in visitor.page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME
    )
    session = SessionStore(session_key=cookie["value"])
    session[LAST_SEEN] = (timezone.now() - dt.timedelta(minutes=minutes)).timestamp()
    session.save()


def test_what_was_typed_survives_the_idle_sign_out(visitor):
    load_demo()
    page = visitor.page
    visitor.sign_in(OWNER, DEMO_PASSWORD)
    visitor.goto(reverse("actionplans:my-actions-update"))
    first = page.get_by_label("What has happened since the last update?").first
    first.fill(TYPED)
    leave_idle(visitor, 31)
    page.get_by_role("button", name="Save all updates").click()

    page.get_by_text("You were signed out after 30 minutes without activity").wait_for()
    page.get_by_label("Email address").fill(OWNER)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_text("Your changes were kept while you signed in again.").wait_for()
    assert page.get_by_role("heading", name="Update all my actions").is_visible()
    assert page.get_by_label("What has happened since the last update?").first.input_value() == (
        TYPED
    )
    assert not ProgressUpdate.objects.filter(text=TYPED).exists()
    visitor.assert_accessible()

    page.get_by_role("button", name="Save all updates").click()
    page.get_by_role("heading", name="My actions").wait_for()
    assert ProgressUpdate.objects.filter(text=TYPED).count() == 1
