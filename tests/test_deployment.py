"""The scale-out files are consistent with the app (Docker itself does not run on our machines)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from config.settings import BASE_DIR


def test_compose_file_parses_and_runs_every_service_from_one_image():
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"db", "redis", "web", "worker", "beat", "mail"} <= set(services)
    for name in ("web", "worker", "beat"):
        assert services[name]["build"] == "."
        assert services[name]["environment"]["CELERY_BROKER_URL"].startswith("redis://")
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://")
    assert "gunicorn config.wsgi" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert services["beat"]["command"].startswith("celery -A config beat")


def test_env_example_lists_every_variable_the_settings_read():
    settings_source = (BASE_DIR / "config" / "settings.py").read_text()
    example = (BASE_DIR / ".env.example").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', settings_source))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', settings_source))
    listed = {line.split("=")[0] for line in example.splitlines() if "=" in line}
    assert read - listed == set()


def test_dockerfile_installs_from_the_lock_file():
    dockerfile = Path(BASE_DIR / "Dockerfile").read_text()
    assert "uv sync --frozen --no-dev" in dockerfile


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_site_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _run("import config.wsgi")
    assert result.returncode != 0
    assert "The SECRET_KEY setting must not be empty" in result.stderr


def test_migration_checks_run_without_a_secret_key():
    code = (
        "import django, sys; django.setup(); from django.core.management import call_command; "
        "call_command('makemigrations', '--check', '--dry-run', verbosity=0)"
    )
    assert _run(code).returncode == 0
