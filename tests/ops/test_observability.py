"""Sentry and OpenTelemetry start only when their settings are set; unset, Sentry is not so
much as imported and no tracing starts. (redis-py imports OpenTelemetry's API itself when it is
installed, for its own optional tracing: what counts is that nothing sets a tracer provider or
loads Django's instrumentation.)"""

import json
import os
import subprocess
import sys

from config.settings import BASE_DIR

PROBE = (
    "import json, sys; import config.wsgi; from django.conf import settings; "
    "print(json.dumps({"
    "'sentry': 'sentry_sdk' in sys.modules, "
    "'otel': 'opentelemetry.instrumentation.django' in sys.modules or ("
    "'opentelemetry.trace' in sys.modules and type(sys.modules['opentelemetry.trace']"
    ".get_tracer_provider()).__name__ != 'ProxyTracerProvider'), "
    "'otel_middleware': any('opentelemetry' in m for m in settings.MIDDLEWARE)}))"
)


def start_the_site(tmp_path, **env: str) -> dict[str, bool]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SENTRY_", "OTEL_"))}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env={**base, "VAR_DIR": str(tmp_path), "SECRET_KEY": "tests-only-not-a-secret", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_imports_neither_when_their_settings_are_unset(tmp_path):
    assert start_the_site(tmp_path) == {"sentry": False, "otel": False, "otel_middleware": False}


def test_it_starts_both_when_their_settings_are_set(tmp_path):
    started = start_the_site(
        tmp_path,
        # Nothing listens on port 9: nothing is sent while the site only starts.
        SENTRY_DSN="https://public@127.0.0.1:9/1",
        OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:9",
    )
    assert started == {"sentry": True, "otel": True, "otel_middleware": True}
