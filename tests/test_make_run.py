"""`make run` starts the web server, a Celery worker and beat, and stops them all on SIGTERM."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.settings import BASE_DIR

pytestmark = pytest.mark.worker  # starts real processes, like the worker tests

# What CI and the tests set that `make run` must not take: it runs on its own SQLite database
# and file-system broker under its own folder.
NOT_FOR_MAKE_RUN = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "CACHE_URL",
    "SECRET_KEY",
    "STATICFILES_BACKEND",
    "MAKEFLAGS",
    "MFLAGS",
    "MAKELEVEL",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_processes(session_id: int) -> set[int]:
    """Every live process of a session: `make run` and all it started (their session)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended while we looked
        state, session = fields[0], int(fields[3])
        if session == session_id and state != "Z":
            found.add(int(entry.name))
    return found


@pytest.fixture
def make_run(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, Path]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in NOT_FOR_MAKE_RUN}
    env["VAR_DIR"] = str(tmp_path)
    log = tmp_path / "make-run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own session, so every process of it can be found
        )
        try:
            yield process, port, log
        finally:
            if session_processes(process.pid):
                os.killpg(process.pid, signal.SIGKILL)


def wait_until_serving(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("make run ended early:\n" + log.read_text(errors="replace"))
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail("make run did not serve within 3 minutes:\n" + log.read_text(errors="replace"))


def test_sigterm_stops_the_server_the_worker_and_beat_within_15_seconds(make_run):
    process, port, log = make_run
    wait_until_serving(port, process, log)
    deadline = time.monotonic() + 60
    while "celery@" not in log.read_text(errors="replace") and time.monotonic() < deadline:
        time.sleep(0.5)  # the worker is up too
    assert len(session_processes(process.pid)) >= 4  # make, honcho, server, worker, beat, …

    process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    while session_processes(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)

    left = session_processes(process.pid)
    assert not left, f"still running 15 s after SIGTERM: {left}\n" + log.read_text(errors="replace")
    assert "Segmentation fault" not in log.read_text(errors="replace")
