"""Faults with real worker processes: after each, reminders sent = reminders due, none twice.

The worker runs on the real clock, so the data here is dated from today. Each test triggers the
sweeps as beat would (`send_due_reminders`, and the outbox's `send_unsent_emails`, through the
broker); "the next beat" is another pair.
"""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from actionplans.reminders.delivery import due_reminders
from actionplans.reminders.digest import record_sweep
from actionplans.reminders.models import Reminder
from actionplans.tasks import send_due_reminders
from agencies.models import Membership, User
from config.celery import app
from outbox.models import Email
from outbox.tasks import send_unsent_emails
from tests.support.outside_world import FakeMailServer, PrivateRedis, Worker, wait_for
from tests.support.reminders import plan_with_people

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ACTIONS = 8


@pytest.fixture
def due() -> int:
    """Actions due tomorrow, in separate partnerships: each reminds its owner, and the digest."""
    today = timezone.localdate()
    for _ in range(ACTIONS):
        plan_with_people(start_date=today, due_date=today + dt.timedelta(days=1))
    # Today's sweeps make today the digest day when no sweep ran on Monday: as they will here.
    record_sweep(timezone.now())
    expected = len({(d.recipient_id, d.kind, d.subject_key) for d in due_reminders(timezone.now())})
    assert expected >= ACTIONS
    return expected


@pytest.fixture
def mail_server():
    with FakeMailServer() as server:
        yield server


def sweep(broker_url: str | None = None) -> None:
    """What beat does: put one `send_due_reminders` and one `send_unsent_emails` on the broker."""
    if broker_url is None:
        send_due_reminders.apply_async()
        send_unsent_emails.apply_async()
        return
    with app.connection_for_write(broker_url) as connection:
        # celery-types omits apply_async's documented `connection` option.
        send_due_reminders.apply_async(connection=connection, retry=False)  # type: ignore[call-arg]
        send_unsent_emails.apply_async(connection=connection, retry=False)  # type: ignore[call-arg]


def all_sent(server: FakeMailServer, expected: int):
    def check() -> bool:
        return (
            Reminder.objects.filter(sent_at=None, cancelled_at=None).count() == 0
            and Reminder.objects.count() == expected
            and not Email.objects.filter(sent_at=None, given_up_at=None).exists()
            and len(server.reminder_ids()) >= expected
        )

    return check


def state_of(server: FakeMailServer):
    def state() -> str:
        rows = list(
            Reminder.objects.values_list("pk", "kind", "sent_at", "cancelled_at", "attempts")
        )
        emails = list(Email.objects.values_list("pk", "sent_at", "attempts", "last_error"))
        return f"received {server.reminder_ids()}; reminders {rows}; emails {emails}"

    return state


def assert_sent_once(server: FakeMailServer, expected: int) -> None:
    time.sleep(1)  # anything that would arrive twice has had time to
    assert server.duplicates() == []
    assert len(server.reminder_ids()) == expected
    # One email per person per sweep: never more emails than people reminded.
    assert len(server.received) == len({m["To"] for m in server.received})
    assert Reminder.objects.exclude(sent_at=None).count() == expected
    assert sorted(server.reminder_ids()) == sorted(
        str(pk) for pk in Reminder.objects.exclude(sent_at=None).values_list("pk", flat=True)
    )


def test_killing_the_worker_mid_sweep_loses_and_doubles_nothing(tmp_path, due, mail_server):
    mail_server.delay = 0.6
    worker = Worker(tmp_path / "first.log", broker=settings_broker(), smtp_port=mail_server.port)
    sweep()
    wait_for(lambda: len(mail_server.received) >= 3, message="the first emails")
    time.sleep(0.3)  # inside the next message's SMTP exchange
    worker.kill()
    sent_before_the_kill = len(mail_server.reminder_ids())
    assert 3 <= sent_before_the_kill < due
    mail_server.delay = 0
    time.sleep(2.5)  # the dead worker's claim lapses
    second = Worker(tmp_path / "second.log", broker=settings_broker(), smtp_port=mail_server.port)
    try:
        sweep()  # the next beat
        wait_for(
            all_sent(mail_server, due), message="every reminder sent", state=state_of(mail_server)
        )
        assert_sent_once(mail_server, due)
    finally:
        second.stop()


def test_two_sweeps_at_once_send_each_reminder_once(tmp_path, due, mail_server):
    mail_server.delay = 0.1
    workers = [
        Worker(tmp_path / f"w{n}.log", broker=settings_broker(), smtp_port=mail_server.port)
        for n in (1, 2)
    ]
    try:
        for _ in range(4):  # two beats, each firing twice
            sweep()
        wait_for(
            all_sent(mail_server, due), message="every reminder sent", state=state_of(mail_server)
        )
        assert_sent_once(mail_server, due)
    finally:
        for worker in workers:
            worker.stop()


def test_a_mail_server_failing_for_a_while_is_retried_with_backoff(tmp_path, due, mail_server):
    mail_server.failing = True
    worker = Worker(tmp_path / "worker.log", broker=settings_broker(), smtp_port=mail_server.port)
    try:
        sweep()
        wait_for(lambda: mail_server.refused >= 3, message="the mail server refusing")
        assert Email.objects.filter(sent_at=None).exclude(last_error="").exists()
        mail_server.failing = False  # the mail server recovers; the tasks' retries deliver
        wait_for(
            all_sent(mail_server, due),
            timeout=120,
            message="every reminder sent",
            state=state_of(mail_server),
        )
        assert_sent_once(mail_server, due)
    finally:
        worker.stop()


def test_redis_stopping_mid_sweep_loses_nothing_and_pages_still_work(
    tmp_path, due, mail_server, client
):
    redis = PrivateRedis()
    redis.start()
    worker = None
    try:
        mail_server.delay = 0.4
        worker = Worker(tmp_path / "worker.log", broker=redis.url, smtp_port=mail_server.port)
        sweep(redis.url)
        wait_for(lambda: len(mail_server.received) >= 2, message="the first emails")
        redis.stop()  # the queued sending tasks are lost with it (no persistence)
        # The pages never wait on the broker, and a beat sweep now fails without harm.
        client.force_login(User.objects.filter(memberships__role=Membership.Role.OWNER).first())
        started = time.monotonic()
        assert client.get(reverse("actionplans:reminder-preferences")).status_code == 200
        keep_all = {"weekly_digest": "on", "stale_nudges": "on"}
        response = client.post(reverse("actionplans:reminder-preferences"), keep_all)
        assert response.status_code == 302
        assert time.monotonic() - started < 5
        with pytest.raises(OperationalError):
            sweep(redis.url)
        redis.start()
        mail_server.delay = 0
        time.sleep(2.5)  # any claim held when Redis went away lapses
        wait_for(lambda: "Connected to" in worker.log_path.read_text(), message="reconnect")
        sweep(redis.url)  # the next beat
        wait_for(
            all_sent(mail_server, due),
            timeout=120,
            message="every reminder sent",
            state=state_of(mail_server),
        )
        assert_sent_once(mail_server, due)
    finally:
        if worker is not None:
            worker.stop()
        redis.stop()


def settings_broker() -> str:
    return settings.CELERY_BROKER_URL
