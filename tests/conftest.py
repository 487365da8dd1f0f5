"""Fixtures shared by every test: the services check and a real Celery worker."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.agencies.factories import PASSWORD
from tests.support.two_factor import sign_in_verified

BASE_DIR = Path(__file__).resolve().parent.parent

# The machine is shared and noisy: a deadline would fail on timing, not on behaviour. CI runs fewer
# examples (HYPOTHESIS_PROFILE=ci) so the whole suite stays well inside its time.
hypothesis_settings.register_profile(
    "dev",
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.register_profile(
    "ci",
    deadline=None,
    max_examples=25,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session", autouse=True)
def _real_services_when_required() -> None:
    """In CI (REQUIRE_SERVICES=true) refuse to run on the embedded defaults."""
    if os.environ.get("REQUIRE_SERVICES", "").lower() not in ("1", "true", "yes"):
        return
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        pytest.exit(f"REQUIRE_SERVICES is set but the database is {engine}", returncode=3)
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.exit(f"REQUIRE_SERVICES is set but the broker is {settings.CELERY_BROKER_URL}", 3)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    # The production hasher is slow on purpose; tests hash hundreds of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    # The database is rolled back after each test, the cache (Redis in CI) is not: a cached
    # body must not reach the next test, where its ids may mean other rows.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _seeded_regimes(request: pytest.FixtureRequest) -> None:
    """The regimes a data migration wrote are there for every test that uses the database.

    A transactional test ends by emptying every table, so the tests after it would find none;
    writing them again (when missing) costs one query."""
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not uses_db:
        return
    # The database fixture opens the database; asked for here, it is set up before this runs.
    request.getfixturevalue("_django_db_helper")
    from inspections.models import Regime
    from inspections.regimes.seed import REGIMES, seed_regimes

    if Regime.objects.count() < len(REGIMES):
        seed_regimes(Regime)


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's, signed in past the second step: the admin asks for it."""
    return sign_in_verified(client, admin_user)


def _database_url() -> str:
    """The URL of the test database this process is using, for a subprocess to share."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db: None, tmp_path: Path) -> Iterator[subprocess.Popen]:
    """A real `celery worker` subprocess on the configured broker, using the test database.

    Tests that use it must commit their data (it depends on `transactional_db`), since the worker
    reads the database from another process.
    """
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DEBUG": "true",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            "--pool=prefork",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while "ready." not in (tmp_path / "worker.log").read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(
                "The Celery worker did not start:\n" + (tmp_path / "worker.log").read_text()
            )
        time.sleep(0.2)
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
