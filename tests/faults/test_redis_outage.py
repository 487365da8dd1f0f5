"""Redis, as the cache, killed while people work: pages answer, nobody is signed out, nothing
typed is lost, and the reminders resume without doubles once it is back.

The test starts its own redis-server and kills it with SIGKILL (never the machine's shared one).
The outage lasts as long as the requests made during it: its length does not change what
happens, since every request made while Redis is down behaves the same, so the test does not
wait the minute a real outage might last. The broker's own outage (queued sends lost, swept
again) is tested with real workers in tests/actionplans/reminders/test_worker_faults.py."""

import datetime as dt
import signal
import time

import pytest
import redis
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplans.plans.models import ProgressUpdate
from actionplans.reminders.delivery import send_due_reminders_now
from actionplans.reminders.digest import record_sweep
from actionplans.reminders.models import Reminder
from tests.support.form_tokens import token_on
from tests.support.outside_world import PrivateRedis, free_port
from tests.support.reminders import assert_each_sent_once, plan_with_people
from tests.support.two_factor import sign_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_redis(settings):
    server = PrivateRedis(port=free_port())
    server.start()
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield server
    server.stop()


def kill(server: PrivateRedis) -> None:
    assert server.process is not None
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(timeout=10)
    server.process = None


def signed_in(user) -> Client:
    return sign_in_verified(Client(), user)


def test_it_keeps_pages_sessions_and_writes_while_redis_is_down(private_redis):
    today = timezone.localdate()
    action, lead, owner = plan_with_people(start_date=today, due_date=today + dt.timedelta(days=1))
    record_sweep(timezone.now())
    plan_url = reverse("actionplans:plan-detail", args=[action.plan.pk])
    lead_client, owner_client = signed_in(lead), signed_in(owner)
    assert lead_client.get(plan_url).status_code == 200
    # The plan's body is in this Redis: the page really used it.
    assert redis.Redis.from_url(private_redis.url).dbsize() > 0
    first_sweep = send_due_reminders_now()
    assert first_sweep >= 1

    kill(private_redis)
    started = time.monotonic()
    pages = [
        (lead_client, plan_url),
        (lead_client, reverse("actionplans:plan-dashboard", args=[action.plan.pk])),
        (lead_client, reverse("actionplans:dashboard")),
        (owner_client, reverse("actionplans:my-actions")),
        (owner_client, reverse("actionplans:action-detail", args=[action.pk])),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.wsgi_request.user.is_authenticated, url
    update_url = reverse("actionplans:progress-create", args=[action.pk])
    token = token_on(owner_client.get(update_url).content.decode())
    saved = owner_client.post(
        update_url,
        {
            "text": "Written while Redis was down.",
            "rag": "green",
            "status": "in_progress",
            "form_token": token,
        },
    )
    assert saved.status_code == 302
    assert ProgressUpdate.objects.filter(action=action, text="Written while Redis was down.")
    # A sweep while the cache is down needs nothing from it.
    send_due_reminders_now()
    assert time.monotonic() - started < 15  # misses are quick: no request waits on Redis

    private_redis.start()  # the same port, empty, as a Redis without persistence comes back
    assert lead_client.get(plan_url).status_code == 200
    response = lead_client.get(reverse("actionplans:action-detail", args=[action.pk]))
    assert "Written while Redis was down." in response.content.decode()
    assert redis.Redis.from_url(private_redis.url).dbsize() > 0  # the cache is used again
    send_due_reminders_now()
    send_due_reminders_now()  # the next beat too
    assert_each_sent_once()
    assert Reminder.objects.exclude(sent_at=None).count() == first_sweep
    assert len(mail.outbox) == len({m.to[0] for m in mail.outbox})
