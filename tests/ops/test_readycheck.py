"""deploy/readycheck.py, the containers' healthcheck: 0 when /readyz answers 200, else 1."""

import os
import subprocess
import sys

from config.settings import BASE_DIR


def readycheck(url: str) -> int:
    return subprocess.run(
        [sys.executable, "deploy/readycheck.py", url],
        cwd=BASE_DIR,
        env={**os.environ, "ALLOWED_HOSTS": "localhost"},
        capture_output=True,
        timeout=60,
    ).returncode


def test_it_passes_when_the_site_is_ready(live_server):
    assert readycheck(f"{live_server.url}/readyz") == 0


def test_it_fails_when_nothing_answers(closed_port):
    assert readycheck(f"http://127.0.0.1:{closed_port}/readyz") == 1
