"""The scale-out files are consistent with the app (Docker itself does not run on our machines)."""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from config import gunicorn as gunicorn_settings
from config.settings import BASE_DIR

COMPOSE = BASE_DIR / "docker-compose.yml"
NGINX = BASE_DIR / "deploy" / "nginx.conf"


def compose_services() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def scale_services() -> dict[str, Any]:
    return {n: s for n, s in compose_services().items() if "scale" in s.get("profiles", [])}


def test_compose_file_parses_and_runs_every_service_from_one_image():
    services = compose_services()
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
    settings_source += (BASE_DIR / "config" / "gunicorn.py").read_text()
    example = (BASE_DIR / ".env.example").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', settings_source))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', settings_source))
    listed = {line.split("=")[0] for line in example.splitlines() if "=" in line}
    assert read - listed == set()


def test_dockerfile_installs_from_the_lock_file():
    dockerfile = Path(BASE_DIR / "Dockerfile").read_text()
    assert "uv sync --frozen --no-dev" in dockerfile


def test_every_web_server_runs_gunicorn_with_the_production_settings():
    dockerfile = Path(BASE_DIR / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "config.wsgi", "--config", "config/gunicorn.py"]' in dockerfile
    web_servers = [s for s in compose_services().values() if "gunicorn" in s.get("command", "")]
    assert len(web_servers) == 2  # the one-host web, and the scale profile's replicas
    for service in web_servers:
        assert "gunicorn config.wsgi --config config/gunicorn.py" in service["command"]


def test_the_scale_profile_runs_web_replicas_on_the_bucket_behind_nginx():
    scale = scale_services()
    replicas = {n: s for n, s in scale.items() if "gunicorn" in s.get("command", "")}
    assert replicas, "no web replica in the scale profile"
    for name, service in replicas.items():
        assert service["deploy"]["replicas"] >= 2, name
        assert "ports" not in service, f"{name} must be reached through the proxy only"
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert service["depends_on"]["storage-bucket"]["condition"] == (
            "service_completed_successfully"
        )
    upstreams = re.findall(r"^\s*server\s+([\w-]+):8000\b", NGINX.read_text(), re.M)
    assert set(upstreams) == set(replicas)
    proxy = scale["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]


def test_every_app_container_of_the_scale_profile_keeps_its_files_in_the_bucket():
    scale = scale_services()
    app = {n: s for n, s in scale.items() if s.get("build") == "."}
    assert {"migrate", "web-replica"} <= set(app)
    bucket_setup = " ".join(scale["storage-bucket"]["entrypoint"])
    store = scale["storage"]["environment"]
    for name, service in app.items():
        env = service["environment"]
        assert env["FILE_STORAGE"] == "s3", name
        assert env["AWS_S3_ENDPOINT_URL"] == "http://storage:9000", name
        assert f"mc mb --ignore-existing store/{env['AWS_STORAGE_BUCKET_NAME']}" in bucket_setup
        assert (env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]) == (
            store["MINIO_ROOT_USER"],
            store["MINIO_ROOT_PASSWORD"],
        )
        assert not service.get("volumes"), f"{name} must not use the shared volume"
        assert env["DATABASE_URL"].startswith("postgres://"), name


def test_the_documented_scale_command_starts_the_replicas_and_not_the_one_host_web():
    command = re.search(r"docker compose --profile scale up .*", COMPOSE.read_text())
    assert command is not None
    assert command.group(0) in (BASE_DIR / "docs" / "operations" / "scale.md").read_text()
    services = compose_services()
    started: set[str] = set()
    wanted = [a for a in shlex.split(command.group(0))[5:] if not a.startswith("-")]
    while wanted:
        name = wanted.pop()
        if name not in started:
            started.add(name)
            wanted.extend(services[name].get("depends_on", []))
    assert {"proxy", "web-replica", "migrate", "storage", "worker", "beat", "mail"} <= started
    assert "web" not in started  # its files are on the volume, which the replicas cannot see
    assert "FILE_STORAGE" not in services["web"]["environment"]  # local disk by default


@pytest.mark.parametrize(
    ("cpu_max", "expected"),
    [("max 100000", "all"), ("100000 100000", 1), ("150000 100000", 2), (None, "all")],
)
def test_gunicorn_counts_the_cpus_its_container_may_use(tmp_path, cpu_max, expected):
    path = tmp_path / "cpu.max"
    if cpu_max is not None:
        path.write_text(cpu_max + "\n")
    all_cpus = len(os.sched_getaffinity(0))
    wanted = all_cpus if expected == "all" else min(all_cpus, expected)
    assert gunicorn_settings.usable_cpus(path) == wanted


def test_gunicorn_starts_two_workers_a_cpu_preloads_the_app_and_outwaits_the_proxy():
    assert gunicorn_settings.workers == 2 * gunicorn_settings.usable_cpus() + 1
    assert gunicorn_settings.preload_app is True
    assert gunicorn_settings.worker_class != "sync"  # sync workers ignore keepalive
    proxy_idle = re.search(r"keepalive_timeout\s+(\d+)s;", NGINX.read_text())
    assert proxy_idle is not None
    assert gunicorn_settings.keepalive > int(proxy_idle.group(1))


def test_gunicorn_accepts_its_settings_and_loads_the_app(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--config",
            "config/gunicorn.py",
            "--check-config",
        ],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "SECRET_KEY": "gunicorn-check-only",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


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


def test_the_empty_lines_of_the_env_file_mean_the_defaults(tmp_path):
    # docker compose passes `MEDIA_ROOT=` from .env on as an empty string, not as unset.
    example = (BASE_DIR / ".env.example").read_text().splitlines()
    env = dict(line.split("=", 1) for line in example if "=" in line and line[0] != "#")
    env |= {"SECRET_KEY": "settings-check-only", "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}"}
    code = (
        "from django.conf import settings; import json; print(json.dumps({"
        "'media': str(settings.MEDIA_ROOT), 'static': str(settings.STATIC_ROOT), "
        "'files': settings.STORAGES['default']['BACKEND'], "
        "'statics': settings.STORAGES['staticfiles']['BACKEND']}))"
    )
    result = _run(code, **env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "media": str(BASE_DIR / "var" / "media"),
        "static": str(BASE_DIR / "var" / "staticfiles"),
        "files": "django.core.files.storage.FileSystemStorage",
        "statics": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    }


def test_the_image_leaves_out_secrets_local_data_and_history():
    ignored = {
        line.strip()
        for line in (BASE_DIR / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".env", "var/", ".git/"} <= ignored


def test_the_cache_keys_carry_the_release(tmp_path):
    """Pickled values of one release are never read by the next: the key prefix is the
    release, set by RELEASE (or the image's digest of its code)."""
    script = "from django.conf import settings; print(settings.CACHES['default']['KEY_PREFIX'])"
    env = {**os.environ, "DEBUG": "true", "RELEASE": "2026-12-06.1"}
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "2026-12-06.1"
    assert "| sha256sum | cut -c1-12 > RELEASE" in (BASE_DIR / "Dockerfile").read_text()
