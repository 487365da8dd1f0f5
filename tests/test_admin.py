"""Every model has a working admin for staff: list (with search and filters), add and change."""

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from actionplans.demo import load_demo
from actionplans.models import Reminder
from actionplans.reminders import send_due_reminders_now
from agencies.models import User

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"agencies", "inspections", "actionplans"}
MODELS = [m for m in admin.site._registry if m._meta.app_label in PROJECT_APPS]


def test_every_project_model_is_in_the_admin():
    from django.apps import apps

    project_models = {m for app in PROJECT_APPS for m in apps.get_app_config(app).get_models()}
    assert project_models <= set(admin.site._registry)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_pages_load_for_staff(client, model):
    load_demo()
    client.force_login(User.objects.get(email="admin@southampton.example"))
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "Southampton"}).status_code == 200
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    # A model whose rows only the application writes (the reminder log) has no add page.
    assert add.status_code == (
        200 if admin.site._registry[model].has_add_permission(add.wsgi_request) else 403
    )
    if model is Reminder:
        # Reminders are written by the sweep, not by the demo: run one on the real-dated demo.
        load_demo(today=dt.date(2025, 10, 10))
        send_due_reminders_now(now=timezone.make_aware(dt.datetime(2025, 10, 10, 9)))
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200


def test_admin_is_closed_to_people_who_are_not_staff(client):
    load_demo()
    client.force_login(User.objects.get(email="lead@southampton.example"))
    response = client.get(reverse("admin:actionplans_action_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url
