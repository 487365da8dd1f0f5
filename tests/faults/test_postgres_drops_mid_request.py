"""PostgreSQL drops a request's connection between two of its writes: the person gets the error
page (a page, never a stack trace), their next request works, and nothing of the half-done
change was kept.

The machine's PostgreSQL is shared with the other tests, so instead of restarting it the test
ends this request's own backend with `pg_terminate_backend`, from a second connection, exactly
as a restart (or a failover) ends it: the server closes the socket mid-transaction."""

import datetime as dt

import psycopg2
import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse

from actionplans.plans.models import Action, ProgressUpdate
from tests.support.form_tokens import token_on
from tests.support.reminders import plan_with_people

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="ends a PostgreSQL backend (DATABASE_URL)"
    ),
    # Committed data: the request's transaction is the one cut off, not the test's.
    pytest.mark.django_db(transaction=True),
]


def terminate_this_connection() -> None:
    """From a second connection, end the backend that the current request is using."""
    pid = connection.connection.get_backend_pid()
    db = connection.settings_dict
    other = psycopg2.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    )
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


def test_it_shows_the_error_page_keeps_nothing_half_done_and_recovers():
    action, _, owner = plan_with_people(
        due_date=dt.date(2099, 12, 19), status="in_progress", rag="amber"
    )
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    url = reverse("actionplans:progress-create", args=[action.pk])
    token = token_on(client.get(url).content.decode())
    data = {"text": "Audit done.", "rag": "green", "status": "in_progress", "form_token": token}

    def cut_off(**kwargs: object) -> None:
        # After the update's row is written, before the action carries its RAG.
        terminate_this_connection()

    post_save.connect(cut_off, sender=ProgressUpdate, dispatch_uid="cut-off")
    try:
        response = client.post(url, data)
    finally:
        post_save.disconnect(dispatch_uid="cut-off", sender=ProgressUpdate)

    assert response.status_code == 500
    page = response.content.decode()
    assert "<html" in page
    assert "Traceback" not in page
    assert "OperationalError" not in page
    # Nothing of it was kept: no update, the action as it was, the one-time token still free.
    assert not ProgressUpdate.objects.filter(action=action).exists()
    action.refresh_from_db()
    assert (action.status, action.rag) == ("in_progress", "amber")

    # The next request works, on a new connection, and the same form saves once.
    assert client.get(reverse("actionplans:plan-detail", args=[action.plan.pk])).status_code == 200
    saved = client.post(url, data)
    assert saved.status_code == 302
    assert ProgressUpdate.objects.filter(action=action).count() == 1
    assert Action.objects.get(pk=action.pk).rag == "green"
