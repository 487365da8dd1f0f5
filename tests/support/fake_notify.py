"""A fake GOV.UK Notify API on the loopback, for the tests: the real client talks to it over HTTP.

It checks each request's bearer token as Notify does (a JWT signed HS256 with the key's secret,
its `iss` the service id, its `iat` within 30 seconds), takes `POST /v2/notifications/email`
and answers `GET /v2/notifications/<id>`. It records what it was sent; `answer_next` makes the
next requests fail with a status (500 twice, a 400), `set_status` says what became of a
notification. The fixture `fake_notify` starts one and points the settings at it."""

import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"jtai_tests-{SERVICE_ID}-{SECRET}"
DEFAULT_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"

_NOTIFICATION = re.compile(r"^/v2/notifications/(?P<id>[0-9a-f-]{36})$")
_ERROR_NAMES = {400: "BadRequestError", 403: "AuthError", 429: "RateLimitError"}


@dataclass
class FakeNotify:
    service_id: str = SERVICE_ID
    secret: str = SECRET
    sent: list[dict[str, Any]] = field(default_factory=list)  # the emails it took
    requests: list[tuple[str, str]] = field(default_factory=list)  # every (method, path)
    notifications: dict[str, dict[str, Any]] = field(default_factory=dict)
    _answers: list[tuple[int, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer_next(self, status: int, times: int = 1, message: str = "") -> None:
        """Answer the next `times` requests with this status instead of doing them."""
        with self._lock:
            self._answers.extend([(status, message or f"Fake error {status}")] * times)

    def answer_normally(self) -> None:
        """Forget the failures `answer_next` still had to give."""
        with self._lock:
            self._answers.clear()

    def set_status(self, notification_id: str, status: str) -> None:
        self.notifications[notification_id]["status"] = status

    def _next_answer(self) -> tuple[int, str] | None:
        with self._lock:
            return self._answers.pop(0) if self._answers else None

    def check_token(self, header: str) -> str | None:
        """Why the request is refused, as Notify's API says it; None when the token is good."""
        if not header.startswith("Bearer "):
            return "Unauthorized: authentication token must be provided"
        try:
            claims = jwt.decode(
                header.removeprefix("Bearer "),
                self.secret,
                algorithms=["HS256"],
                options={"require": ["iss", "iat"], "verify_iat": False},
            )
        except jwt.InvalidTokenError:
            return "Invalid token: signature, api token not found"
        if claims["iss"] != self.service_id:
            return "Invalid token: service not found"
        if abs(time.time() - int(claims["iat"])) > 30:
            return "Error: Your system clock must be accurate to within 30 seconds"
        return None

    def take_email(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        address = str(body.get("email_address", ""))
        if "@" not in address:
            return 400, _errors(400, "email_address Not a valid email address")
        if not body.get("template_id"):
            return 400, _errors(400, "template_id is a required property")
        notification_id = str(uuid.uuid4())
        personalisation = body.get("personalisation") or {}
        self.sent.append(body)
        self.notifications[notification_id] = {
            "id": notification_id,
            "reference": body.get("reference"),
            "email_address": address,
            "type": "email",
            "status": "created",
            "template": {"id": body["template_id"], "version": 1, "uri": ""},
            "subject": personalisation.get("subject", ""),
            "body": personalisation.get("body", ""),
        }
        return 201, {
            "id": notification_id,
            "reference": body.get("reference"),
            "content": {
                "subject": personalisation.get("subject", ""),
                "body": personalisation.get("body", ""),
                "from_email": "jtai.tests@notifications.service.gov.uk",
            },
            "uri": f"{self.base_url}/v2/notifications/{notification_id}",
            "template": {"id": body["template_id"], "version": 1, "uri": ""},
        }

    def start(self) -> "FakeNotify":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def handle_request(self, method: str) -> None:
                fake.requests.append((method, self.path))
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                refusal = fake.check_token(self.headers.get("Authorization", ""))
                if refusal:
                    return self.answer(403, _errors(403, refusal))
                if spoiled := fake._next_answer():
                    status, message = spoiled
                    return self.answer(status, _errors(status, message))
                if method == "POST" and self.path == "/v2/notifications/email":
                    return self.answer(*fake.take_email(json.loads(raw or b"{}")))
                if method == "GET" and (found := _NOTIFICATION.match(self.path)):
                    notification = fake.notifications.get(found["id"])
                    if notification is None:
                        return self.answer(404, _errors(404, "No result found"))
                    return self.answer(200, notification)
                return self.answer(404, _errors(404, "Not found"))

            def do_POST(self) -> None:
                self.handle_request("POST")

            def do_GET(self) -> None:
                self.handle_request("GET")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def _errors(status: int, message: str) -> dict[str, Any]:
    name = _ERROR_NAMES.get(status, "Exception" if status >= 500 else "BadRequestError")
    return {"status_code": status, "errors": [{"error": name, "message": message}]}


@pytest.fixture
def fake_notify(settings) -> Iterator[FakeNotify]:
    """A fake Notify, and the settings that send every email through it."""
    fake = FakeNotify().start()
    settings.EMAIL_ROUTE = "notify"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_BASE_URL = fake.base_url
    settings.NOTIFY_DEFAULT_TEMPLATE_ID = DEFAULT_TEMPLATE_ID
    settings.NOTIFY_TEMPLATE_IDS = {}
    settings.NOTIFY_TIMEOUT = 5
    try:
        yield fake
    finally:
        fake.stop()
