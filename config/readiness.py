"""/readyz: can this process do its work? The database, the cache, the broker, the file store
and the email route, each tried once, in parallel, with short timeouts.

/healthz (config/urls.py) stays the liveness check: it touches nothing, so a slow database
never gets a healthy web process restarted. /readyz is for the load balancer and the compose
file's healthchecks: a process whose database or broker is gone should get no requests.

The checks are django-health-check's where it has one; its own view is not used because it
answers 500 and negotiates HTML, where a load balancer wants 503 and one small JSON body.
Nothing here names a host, a user or a password: a failure says which part and what kind of
failure, and the log (logger "health_check") has the detail.
"""

import asyncio
import concurrent.futures
import dataclasses
import datetime as dt
import smtplib

import requests
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.mail import mailers
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from health_check import checks
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from kombu import Connection

import config.broker  # noqa: F401  (registers atomicfs://, the embedded broker)

SHORT = dt.timedelta(seconds=3)
NOTIFY_DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"


@dataclasses.dataclass
class Database(checks.Database):
    """SELECT 1 on a connection of its own (closed after)."""

    def run(self) -> None:
        try:
            super().run()
        except ServiceUnavailable as exc:
            # The driver's message names the server's address: the log has it, the answer not.
            raise ServiceUnavailable("cannot query the database") from exc


@dataclasses.dataclass
class Broker(HealthCheck):
    """Connect to the Celery broker, as a web process does to queue a task. Not a worker
    round-trip: readiness of the web tier must not hang on whether a worker is up."""

    timeout: dt.timedelta = dataclasses.field(default=SHORT, repr=False)

    def run(self) -> None:
        # Built from the settings, not the Celery app's cached configuration, with no retries:
        # a readiness check must answer within its timeout.
        connection = Connection(
            settings.CELERY_BROKER_URL,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=self.timeout.total_seconds(),
        )
        try:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0)
        except Exception as exc:
            # kombu's message may carry the URL, password and all: it goes to the log only.
            raise ServiceUnavailable("cannot connect to the broker") from exc
        finally:
            connection.release()


@dataclasses.dataclass
class Storage(checks.Storage):
    """Write, read and delete a small file in the evidence store (disk or bucket)."""

    timeout: dt.timedelta = dataclasses.field(default=SHORT, repr=False)

    def run(self) -> None:
        try:
            super().run()
        except OSError as exc:
            raise ServiceUnavailable("cannot write, read or delete a file") from exc
        except Exception as exc:
            # An S3 error (botocore) is not an OSError; its text may name the bucket's host.
            if isinstance(exc, ServiceUnavailable):
                raise
            raise ServiceUnavailable("the file store refused the test file") from exc


@dataclasses.dataclass
class SMTP(checks.Mail):
    """Open (and close) a connection to the SMTP server, as a sender would."""

    timeout: dt.timedelta = dataclasses.field(default=SHORT, repr=False)

    def run(self) -> None:
        try:
            super().run()
        except (OSError, smtplib.SMTPException, ServiceUnavailable) as exc:
            raise ServiceUnavailable("cannot connect to the mail server") from exc


@dataclasses.dataclass
class Notify(HealthCheck):
    """GOV.UK Notify's status page: a GET that needs no key and sends nothing."""

    timeout: dt.timedelta = dataclasses.field(default=SHORT, repr=False)

    def run(self) -> None:
        base = getattr(settings, "NOTIFY_BASE_URL", "") or NOTIFY_DEFAULT_BASE_URL
        try:
            response = requests.get(
                f"{base.rstrip('/')}/_status", timeout=self.timeout.total_seconds()
            )
        except requests.RequestException as exc:
            raise ServiceUnavailable("cannot reach Notify") from exc
        if response.status_code != 200:
            raise ServiceUnavailable(f"Notify answered {response.status_code}")


def email_check() -> HealthCheck | None:
    """The check for the route emails take, or None when there is nothing outside to reach
    (the file, console and in-memory backends of development and the tests)."""
    if getattr(settings, "EMAIL_ROUTE", "smtp") == "notify":
        return Notify()
    if isinstance(mailers["default"], SMTPBackend):
        return SMTP()
    return None


def readiness_checks() -> dict[str, HealthCheck | None]:
    """Each part's name in the answer, and its check (None: not checked here)."""
    return {
        "database": Database(),
        # Redis when CACHE_URL names one; this process's memory otherwise (still a real set/get).
        "cache": checks.Cache(timeout=SHORT),
        "broker": Broker(),
        "storage": Storage(),
        "email": email_check(),
    }


async def _run_all(parts: dict[str, HealthCheck]) -> dict[str, str]:
    results = await asyncio.gather(*(check.get_result() for check in parts.values()))
    return {
        name: "ok" if result.error is None else str(result.error.message)
        for name, result in zip(parts, results, strict=True)
    }


def _check_all(parts: dict[str, HealthCheck]) -> dict[str, str]:
    """Run the checks on an event loop of their own.

    Under WSGI no loop runs in the request's thread, so one is started here. Where a loop
    already runs in this thread (a test's browser driver calling the view through Django's
    test client, say), asyncio.run would refuse, so the checks get a thread of their own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_run_all(parts))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _run_all(parts)).result()


@login_not_required
@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """200 and {"status": "ok", ...} when every part answers; 503 naming the parts that did not.

    A plain (sync) view that runs its own event loop for the checks: the site is served over
    WSGI (gunicorn)."""
    planned = readiness_checks()
    results = _check_all({n: c for n, c in planned.items() if c is not None})
    failed = sorted(name for name, outcome in results.items() if outcome != "ok")
    body = {
        "status": "unavailable" if failed else "ok",
        "failed": failed,
        "checks": {name: results.get(name, "not checked") for name in planned},
    }
    return JsonResponse(body, status=503 if failed else 200)
