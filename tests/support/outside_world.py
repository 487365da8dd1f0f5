"""The outside world for the fault tests: a fake mail server, a private Redis, worker processes."""

import asyncio
import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings

from tests.conftest import BASE_DIR, _database_url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeMailServer:
    """An SMTP server on 127.0.0.1 that can be slow (before DATA) or refuse mail for a while."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[email.message.Message] = []
        self.delay = 0.0
        self.failing = False
        self.refused = 0
        self._lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # Slow here, before the message is handed over: a sender killed now has sent nothing.
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.failing:
            self.refused += 1
            return "451 4.3.0 Mail server busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.received.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def reminder_ids(self) -> list[str]:
        """The reminders the received emails carry (one email carries a person's reminders)."""
        with self._lock:
            return [pk for m in self.received for pk in m["X-Reminder-Id"].split(",")]

    def duplicates(self) -> list[str]:
        return [rid for rid, n in Counter(self.reminder_ids()).items() if n > 1]

    def __enter__(self) -> "FakeMailServer":
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


class PrivateRedis:
    """A throw-away redis-server (never the shared one on 6379), stopped and started at will."""

    def __init__(self, port: int = 6391) -> None:
        if shutil.which("redis-server") is None:
            pytest.skip("redis-server is not installed")
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class Worker:
    """A real `celery worker` process on the test database, sending mail by SMTP."""

    def __init__(self, log: Path, *, broker: str, smtp_port: int, concurrency: int = 1) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DEBUG": "true",
            "CELERY_BROKER_URL": broker,
            "CELERY_RESULT_BACKEND": broker if broker.startswith("redis") else "",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": "10",
            # A killed sender's claim lapses quickly here (five minutes in production).
            "OUTBOX_CLAIM_SECONDS": "2",
            "OUTBOX_RETRY_BACKOFF_SECONDS": "1",
        }
        if not env["CELERY_RESULT_BACKEND"]:
            env["CELERY_RESULT_BACKEND"] = settings.CELERY_RESULT_BACKEND
        self.log_path = log
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel=INFO",
                f"--concurrency={concurrency}",
                "--pool=prefork",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
                f"--hostname={log.stem}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so kill -9 reaches the pool too
        )
        deadline = time.monotonic() + 60
        while "ready." not in log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                pytest.fail("The Celery worker did not start:\n" + log.read_text())
            time.sleep(0.2)

    def kill(self) -> None:
        """kill -9 the worker and its pool processes, mid-whatever."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def wait_for(condition, timeout: float = 90, message: str = "", state=None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out waiting: {message} {state() if state else ''}")
        time.sleep(0.2)
