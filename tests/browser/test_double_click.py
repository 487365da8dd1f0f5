"""Double-clicking Add update on a progress update saves one update, in Chromium."""

import pytest
import rules
from django.urls import reverse

from actionplans.plans.models import ProgressUpdate
from actionplans.plans.selectors import owned_or_led_actions
from agencies.models import User
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_double_clicking_add_update_saves_one_update(visitor):
    load_demo()
    page = visitor.page
    visitor.sign_in("police@southampton.example", DEMO_PASSWORD)
    owner = User.objects.get(email="police@southampton.example")
    action = next(
        a for a in owned_or_led_actions(owner) if rules.test_rule("can_add_progress", owner, a)
    )
    before = ProgressUpdate.objects.filter(action=action).count()
    visitor.goto(reverse("actionplans:progress-create", args=[action.pk]))
    page.get_by_label("What has happened since the last update?").fill("Audit booked.")
    page.get_by_role("button", name="Add update").dblclick()
    page.get_by_text("Progress update added").wait_for()
    assert ProgressUpdate.objects.filter(action=action).count() == before + 1
    assert visitor.errors == []


def test_back_then_save_again_saves_one_update(visitor):
    load_demo()
    page = visitor.page
    visitor.sign_in("police@southampton.example", DEMO_PASSWORD)
    owner = User.objects.get(email="police@southampton.example")
    action = next(
        a for a in owned_or_led_actions(owner) if rules.test_rule("can_add_progress", owner, a)
    )
    before = ProgressUpdate.objects.filter(action=action).count()
    visitor.goto(reverse("actionplans:progress-create", args=[action.pk]))
    box = page.get_by_label("What has happened since the last update?")
    box.fill("Audit booked for March.")
    page.get_by_role("button", name="Add update").click()
    page.get_by_text("Progress update added").wait_for()
    page.go_back()
    # Whatever the browser kept of the page, the same words are sent again.
    box.fill("Audit booked for March.")
    page.get_by_role("button", name="Add update").click()
    page.get_by_text("already saved").wait_for()
    assert ProgressUpdate.objects.filter(action=action).count() == before + 1
    assert visitor.errors == []
