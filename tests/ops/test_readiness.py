"""/readyz: 200 when the database, cache, broker, file store and email route answer; 503
naming the part that does not, with nothing secret in the answer."""

import asyncio
import http.server
import threading

import pytest

from tests.support.outside_world import FakeMailServer

pytestmark = pytest.mark.django_db


def test_it_answers_ok_without_signing_in_when_every_part_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert {k: v for k, v in body["checks"].items() if k != "email"} == {
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "storage": "ok",
    }
    # The tests' in-memory mail backend reaches nothing outside: not checked.
    assert body["checks"]["email"] == "not checked"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_it_answers_from_a_thread_where_an_event_loop_already_runs(client):
    # A browser driver's loop runs in the thread of a test that also calls the view directly.
    async def from_inside_a_loop():
        return client.get("/readyz")

    response = asyncio.run(from_inside_a_loop())
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ok"


def test_it_names_the_broker_when_nothing_listens_on_its_port(client, settings, closed_port):
    settings.CELERY_BROKER_URL = f"redis://:broker-password@127.0.0.1:{closed_port}/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"]
    assert response.json()["checks"]["broker"] == "cannot connect to the broker"
    assert b"broker-password" not in response.content
    assert str(closed_port).encode() not in response.content


def test_it_names_storage_when_no_file_can_be_written(client, settings, tmp_path):
    # A folder under a plain file cannot be made, even by root.
    (tmp_path / "a-file").write_text("")
    settings.MEDIA_ROOT = str(tmp_path / "a-file" / "media")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]
    assert str(tmp_path).encode() not in response.content


def test_it_connects_to_the_smtp_server_when_email_goes_by_smtp(client, settings):
    with FakeMailServer() as server:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": server.port},
            }
        }
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["email"] == "ok"


def test_it_names_email_when_the_smtp_server_does_not_answer(client, settings, closed_port):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port, "password": "smtp-password"},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["email"]
    assert response.json()["checks"]["email"] == "cannot connect to the mail server"
    assert b"smtp-password" not in response.content


class _NotifyStatus(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/_status" else 404)
        self.end_headers()
        self.wfile.write(b'{"status": "ok"}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def notify_status_page():
    server = http.server.HTTPServer(("127.0.0.1", 0), _NotifyStatus)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_it_asks_notifys_status_page_when_email_goes_through_notify(
    client, settings, notify_status_page
):
    settings.EMAIL_ROUTE = "notify"
    settings.NOTIFY_BASE_URL = notify_status_page
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["email"] == "ok"


def test_it_names_email_when_notify_cannot_be_reached(client, settings, closed_port):
    settings.EMAIL_ROUTE = "notify"
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{closed_port}"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["email"]
