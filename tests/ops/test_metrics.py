"""/metrics: absent without METRICS_TOKEN, refused without it, and the outbox and task
outcomes read from what every process shares."""

import pytest
from celery.signals import task_failure, task_retry, task_success
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from outbox.models import Email
from outbox.tasks import send_email

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-for-tests"


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_TOKEN = TOKEN


def scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def test_it_does_not_exist_without_a_token_set(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.usefixtures("metrics_on")
def test_it_refuses_a_missing_or_wrong_token(client):
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"].startswith("Bearer")
    basic = client.get("/metrics", headers={"Authorization": f"Basic {TOKEN}"})
    assert basic.status_code == 401


@pytest.mark.usefixtures("metrics_on")
def test_it_counts_the_emails_waiting_and_given_up(client):
    now = timezone.now()
    for n in range(3):
        Email.objects.create(to=f"w{n}@example.org", subject="Waiting")
    Email.objects.create(to="s@example.org", subject="Sent", sent_at=now)
    Email.objects.create(to="g@example.org", subject="Given up", given_up_at=now)
    samples = scrape(client)
    assert samples[("jtai_outbox_waiting_emails", ())] == 3
    assert samples[("jtai_outbox_given_up_emails", ())] == 1
    assert samples[("jtai_outbox_oldest_waiting_seconds", ())] >= 0


@pytest.mark.usefixtures("metrics_on")
def test_it_counts_how_tasks_ended_by_task(client):
    task_success.send(sender=send_email, result=1)
    task_success.send(sender=send_email, result=1)
    task_retry.send(sender=send_email, request=None, reason="mail server down")
    task_failure.send(sender=send_email, task_id="x", exception=OSError())
    samples = scrape(client)

    def count(outcome: str, task: str = "outbox.tasks.send_email") -> float:
        return samples[("jtai_celery_tasks_total", (("outcome", outcome), ("task", task)))]

    assert count("succeeded") == 2
    assert count("retried") == 1
    assert count("failed") == 1
    # Every task is listed, counted or not, so a rate is 0 rather than missing.
    assert count("failed", "actionplans.tasks.send_due_reminders") == 0
