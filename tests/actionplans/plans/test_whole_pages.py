"""Pages kept whole in the web process's memory: reused only for the same person in the same
state at the same address, never stale, never another person's header or CSRF token."""

import re
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse

from actionplans.notifications.models import Notification
from actionplans.notifications.services import notify
from actionplans.plans import page_cache
from actionplans.plans.models import Action
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory, ActionPlanFactory
from tests.agencies.factories import MembershipFactory
from tests.inspections.factories import InspectionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = ActionPlanFactory(inspection=InspectionFactory())
    recommendation = RecommendationFactory(inspection=plan.inspection)
    ActionFactory(plan=plan, recommendation=recommendation, reference="1.1", position=1)
    return plan


def signed_in(plan, role=Membership.Role.LEAD, **options):
    membership = MembershipFactory(partnership=plan.inspection.partnership, role=role)
    client = Client(**options)
    client.force_login(membership.user)  # type: ignore[arg-type]  # factory-boy is untyped
    return client, membership.user


def rendered_templates(client, path):
    names: list[str] = []

    def record(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    try:
        response = client.get(path)
    finally:
        template_rendered.disconnect(record)
    assert response.status_code == 200
    return response, names


def plan_page(plan):
    return reverse("actionplans:plan-detail", args=[plan.pk])


def test_a_second_visit_renders_no_template(plan):
    client, _ = signed_in(plan)
    client.get(plan_page(plan))
    client.get(plan_page(plan))  # the unread count is now known from the cache
    response, names = rendered_templates(client, plan_page(plan))
    assert names == []
    html = response.content.decode()
    assert "1.1" in html
    assert page_cache.CSRF_PLACEHOLDER not in html


def test_each_person_gets_their_own_header_and_token(plan):
    first, first_user = signed_in(plan, enforce_csrf_checks=True)
    second, second_user = signed_in(plan, enforce_csrf_checks=True)
    for _ in range(2):
        first.get(plan_page(plan))
    html = second.get(plan_page(plan)).content.decode()
    html = second.get(plan_page(plan)).content.decode()
    assert second_user.email in html or second_user.get_full_name() in html
    assert first_user.get_full_name() not in html.split("</header>")[0]
    first_html = first.get(plan_page(plan)).content.decode()
    first_tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', first_html))
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) == 1
    assert not tokens & first_tokens
    # The sign-out form in the header works with the token the second person was given.
    response = second.post(reverse("logout"), {"csrfmiddlewaretoken": tokens.pop()})
    assert response.status_code in (200, 302)


def test_a_new_notification_shows_in_the_header_at_once(plan):
    client, user = signed_in(plan)
    for _ in range(2):
        assert "unread" not in client.get(plan_page(plan)).content.decode().split("</header>")[0]
    notify(
        recipients=[user],
        kind=Notification.Kind.SIGN_OFF_REQUESTED,
        partnership=plan.inspection.partnership,
        text="Please sign off 1.1.",
        action=Action.objects.get(reference="1.1"),
    )
    header = client.get(plan_page(plan)).content.decode().split("</header>")[0]
    assert "Notifications (1 unread)" in header


def test_a_change_to_the_plan_shows_at_once(plan):
    client, _ = signed_in(plan)
    for _ in range(2):
        client.get(plan_page(plan))
    action = Action.objects.get(reference="1.1")
    action.title = "Audit every strategy meeting's attendance"
    action.save()
    assert "Audit every strategy meeting" in client.get(plan_page(plan)).content.decode()


def test_a_message_after_a_form_is_shown_once(plan):
    client, _ = signed_in(plan)
    for _ in range(2):
        client.get(plan_page(plan))
    action = Action.objects.get(reference="1.1")
    response = client.post(reverse("actionplans:action-delete", args=[action.pk]))
    assert response.status_code == 302
    html = client.get(plan_page(plan)).content.decode()
    assert "Action 1.1 removed." in html
    assert "govuk-notification-banner" not in client.get(plan_page(plan)).content.decode()


def test_a_page_older_than_the_cache_allows_is_made_anew(plan):
    client, _ = signed_in(plan)
    for _ in range(2):
        client.get(plan_page(plan))
    later = time.time() + page_cache.CACHE_SECONDS + 1
    cache.clear()  # as Redis would have let it expire
    with mock.patch.object(page_cache.time, "time", return_value=later):
        _, names = rendered_templates(client, plan_page(plan))
    assert "actionplans/plans/_plan_body.html" in names


def test_a_body_kept_by_an_older_release_is_rendered_anew(plan):
    client, _ = signed_in(plan)
    client.get(plan_page(plan))
    keys = [key for key in page_cache.local_pages._entries if key.startswith("plan-page:")]
    assert keys
    page_cache.local_pages.clear()
    cache.set(keys[0], "<p>an older release's body</p>", 60)
    html = client.get(plan_page(plan)).content.decode()
    assert "an older release" not in html
    assert "1.1" in html


def test_the_process_keeps_no_more_than_its_budget():
    pages = page_cache.LocalPages(max_bytes=100)
    ends = time.time() + 60
    for n in range(10):
        pages.set(f"k{n}", (ends, "x" * 30))
    assert pages.get("k0") is None
    assert pages.get("k9") is not None
    assert sum(len(html) for _, html in pages._entries.values()) <= 100
    pages.set("huge", (ends, "x" * 101))
    assert pages.get("huge") is None


def test_a_managers_home_is_kept_whole_and_fresh(plan):
    client, _ = signed_in(plan, Membership.Role.MANAGER)
    home = reverse("actionplans:home")
    for _ in range(2):
        client.get(home)
    response, names = rendered_templates(client, home)
    assert names == []
    assert "Your most urgent plan" in response.content.decode()
    action = Action.objects.get(reference="1.1")
    action.title = "Check every referral's outcome within a day"
    action.save()
    plan.inspection.title = "A retitled inspection"
    plan.inspection.save()
    assert "A retitled inspection" in client.get(home).content.decode()
