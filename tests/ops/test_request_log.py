"""One log line a request: its id (the caller's when valid, echoed back), the person, method,
path without its query string or any key it carries, status and time; JSON when LOG_FORMAT=json."""

import json
import logging
import os
import subprocess
import sys

import pytest

from agencies.models import User
from config.logformat import JSONFormatter
from config.settings import BASE_DIR
from tests.agencies.factories import UserFactory
from tests.support.two_factor import sign_in_verified

pytestmark = pytest.mark.django_db


def access_lines(caplog) -> list[dict]:
    formatter = JSONFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "access"]


def test_it_writes_one_json_line_with_the_requests_fields(client, caplog):
    caplog.set_level(logging.INFO, logger="access")
    response = client.get("/healthz?token=secret-in-query", headers={"X-Request-ID": "lb-42.a"})
    assert response["X-Request-ID"] == "lb-42.a"
    [line] = access_lines(caplog)
    assert line["request_id"] == "lb-42.a"
    assert line["user_id"] is None
    assert line["method"] == "GET"
    assert line["path"] == "/healthz"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["logger"] == "access"
    assert line["level"] == "INFO"
    assert line["time"].endswith("Z")
    assert "secret-in-query" not in json.dumps(line)


def test_it_makes_its_own_id_when_the_callers_is_not_one(client, caplog):
    caplog.set_level(logging.INFO, logger="access")
    response = client.get("/healthz", headers={"X-Request-ID": "forged line\nlevel=ERROR"})
    [line] = access_lines(caplog)
    assert response["X-Request-ID"] == line["request_id"]
    assert len(line["request_id"]) == 32
    assert "forged" not in line["request_id"]


def test_it_names_the_signed_in_person(client, caplog):
    user: User = UserFactory()
    sign_in_verified(client, user)
    caplog.set_level(logging.INFO, logger="access")
    client.get("/")
    [line] = access_lines(caplog)
    assert line["user_id"] == user.pk


def test_it_never_logs_the_key_in_an_address(client, caplog):
    caplog.set_level(logging.INFO, logger="access")
    client.get("/invitations/a-secret-invitation-key/")
    client.get("/account/password-reset/MQ/a-secret-reset-key/")
    lines = access_lines(caplog)
    assert len(lines) == 2
    assert not any("secret" in json.dumps(line) for line in lines)
    assert lines[0]["path"] == "/invitations/[redacted]/"


@pytest.mark.django_db(transaction=False)
def test_it_writes_json_to_the_console_when_log_format_is_json(tmp_path):
    env = {**os.environ, "LOG_FORMAT": "json", "DEBUG": "true", "VAR_DIR": str(tmp_path)}
    code = "import logging; logging.getLogger('security').info('event=x ip=1')"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "event=x ip=1"
    assert line["logger"] == "security"


def test_it_leaves_out_objects_that_other_loggers_attach(rf):
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", None, None)
    record.request = rf.get("/plans/?token=secret")
    record.status_code = 500
    line = json.loads(JSONFormatter().format(record))
    assert line["status_code"] == 500
    assert "request" not in line
