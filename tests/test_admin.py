"""Every model has a working admin for staff: list (with search and filters), add and change."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from actionplans.reminders.delivery import send_due_reminders_now
from actionplans.reminders.models import Reminder
from actionplans.submission.models import SubmittedPlan
from agencies.models import User
from demo.loader import load_demo
from tests.support.two_factor import sign_in_verified

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"agencies", "inspections", "actionplans", "formtokens"}
MODELS = [m for m in admin.site._registry if m._meta.app_label in PROJECT_APPS]


def test_every_project_model_is_in_the_admin():
    # Historical models are shown through each model's own "History" page in the admin.
    project_models = {
        m
        for app in PROJECT_APPS
        for m in apps.get_app_config(app).get_models()
        if not m.__name__.startswith("Historical")
    }
    assert project_models <= set(admin.site._registry)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_pages_load_for_staff(client, model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo(freeze_submission=True)
    sign_in_verified(client, User.objects.get(email="admin@southampton.example"))
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "Southampton"}).status_code == 200
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    may_add = admin.site._registry[model].has_add_permission(add.wsgi_request)
    assert add.status_code == (200 if may_add else 403)
    if model is Reminder:
        # Reminders are written by the sweep, not by the demo: run one on the real-dated demo.
        load_demo(today=dt.date(2025, 10, 10))
        send_due_reminders_now(now=timezone.make_aware(dt.datetime(2025, 10, 10, 9)))
    obj = model.objects.first()
    if obj is not None:  # the demo has no staged imports
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert client.get(change).status_code == 200


def test_admin_is_closed_to_people_who_are_not_staff(client):
    load_demo()
    client.force_login(User.objects.get(email="lead@southampton.example"))
    response = client.get(reverse("admin:actionplans_action_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_a_frozen_submission_cannot_be_changed_in_the_admin(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo(freeze_submission=True)
    sign_in_verified(client, User.objects.get(email="admin@southampton.example"))
    frozen = SubmittedPlan.objects.get()
    url = reverse("admin:actionplans_submittedplan_change", args=[frozen.pk])
    assert "Change" not in client.get(url).content.decode().split("<h1")[1][:80]
    client.post(url, {"data": "{}"})
    client.post(
        reverse("admin:actionplans_submittedplan_delete", args=[frozen.pk]), {"post": "yes"}
    )
    frozen.refresh_from_db()
    assert frozen.data["partnership"] == "Southampton Safeguarding Children Partnership"
