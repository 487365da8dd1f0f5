"""Settings for the JTAI action-plan tracker.

Every value that differs between a laptop and production comes from the environment;
`.env.example` lists them all. Defaults are the embedded ones `make run` needs: SQLite and a
file-system broker under `var/`, so a fresh clone runs with no services at all.
"""

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
# An empty value means the default, here and in env_str: docker compose passes a line such as
# .env.example's `VAR_DIR=` on as an empty string, which would put var/ in the working directory.
VAR_DIR = Path(os.environ.get("VAR_DIR") or BASE_DIR / "var")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

# No default secret: a guessable key would let anyone forge sessions. With DEBUG on (`make run`)
# a development key is used. With DEBUG off and no SECRET_KEY, Django refuses everything that
# signs (sessions, CSRF, password-reset links) and config/wsgi.py refuses to start the site;
# commands that sign nothing, such as `makemigrations --check`, still run.
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SERVICE_NAME = "JTAI action plans"
# Who answers a vulnerability report (/.well-known/security.txt): a mailto: or https: address.
SECURITY_CONTACT = env_str("SECURITY_CONTACT", "mailto:security@localhost")
# Where the operator publishes its disclosure policy (the assurance pack's security statement).
SECURITY_POLICY_URL = env_str("SECURITY_POLICY_URL")

INSTALLED_APPS = [
    "config.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "rules",  # our rules live in permissions.py, registered by each app's ready()
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "agencies",
    "accounts",
    "outbox",
    "inspections",
    "actionplans",
    "ui",
    "formtokens",
    # Development and measurement commands (`load_demo`, `seed_bench`, …); no models, no URLs.
    "demo",
    "bench",
]

MIDDLEWARE = [
    # First: one log line per request, timed over everything below (config/requestlog.py).
    "config.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Pages take GET and POST only (accounts/middleware.py): a DELETE never reaches a view.
    "accounts.middleware.FormMethodsOnlyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in person unless its view says `login_not_required`.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Ours (accounts/middleware.py): log refused requests, never cache pages, end expired or
    # deactivated sessions, then hold back everything but the second step until 2FA is done.
    "accounts.middleware.DeniedRequestLogMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "config.context_processors.service",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL says otherwise (PostgreSQL in CI and production).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that a Celery worker started by a test sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}

# The cache: Django's own RedisCache when CACHE_URL names a Redis (production: every web and
# Celery process shares it), else this process's memory (`make run`, the tests). It holds the
# plans' rendered bodies, keyed by versions read from the database (actionplans/plans/
# page_cache.py), and the API's rate-limit counts; never anything that decides rights
# (docs/adr/0002-no-cache-for-rights.md). Its keys carry the release, so what one release
# pickled is never read by the next.
CACHE_URL = env_str("CACHE_URL")


def release() -> str:
    """The running release: RELEASE if set, else the image's RELEASE file (a digest of its code,
    Dockerfile), else the checkout's commit, else "dev"."""
    if value := env_str("RELEASE"):
        return value
    head = BASE_DIR / ".git" / "HEAD"
    try:
        if (BASE_DIR / "RELEASE").is_file():
            return (BASE_DIR / "RELEASE").read_text().strip()
        ref = head.read_text().strip()
        if ref.startswith("ref: "):
            return (BASE_DIR / ".git" / ref[5:]).read_text().strip()[:12]
        return ref[:12]
    except OSError:
        return "dev"


RELEASE = release()
CACHES = {
    "default": {
        "BACKEND": (
            "django.core.cache.backends.redis.RedisCache"
            if CACHE_URL
            else "django.core.cache.backends.locmem.LocMemCache"
        ),
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": RELEASE,
        # A Redis that does not answer is a miss within a second (ui/cache.py), not a page
        # waiting on it: these go to redis-py's connection pool.
        **({"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}} if CACHE_URL else {}),
    }
}
# Sessions in the database, Django's plain store: read at every request with the person's row,
# so signing out (or an expired session) holds at once on every process.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "agencies.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out person is refused before their password is even checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend; the person it loads for a request keeps what the request read.
    "accounts.signed_in.RequestUserBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "actionplans:home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 3600  # a reset link works for one hour

# Lockout (django-axes): five failures for one email address lock it for 15 minutes, whether or
# not an account exists for it, so the answer never tells an attacker which addresses are real.
# Counting by address, not by IP, stops guessing spread over many machines.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the IP address as well; we do not: a council, NHS trust or police force
# signs in from one office address, and five mistakes by anyone there would lock them all out.
# Counting by address cannot be dodged by changing browser or cookies (neither is counted).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False  # our security log records lockouts (accounts/security.py)

# Two-factor authentication (django-otp): TOTP apps and single-use backup codes.
OTP_TOTP_ISSUER = SERVICE_NAME

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Dates a person reads are written "30 April 2027" (config/formats/en_GB/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded evidence and the documents kept as produced (frozen submissions, board reports) are
# private: they have no public address and are read only through the download views, which
# check the same rules as the pages. Uploads past 2 MB are spooled to a temporary file.
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# With FILE_STORAGE=local they live on this host's disk, here, outside the web root.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))


def file_storage(kind: str) -> dict[str, Any]:
    """STORAGES["default"] for FILE_STORAGE: this host's disk (`local`, one web host) or an
    S3-compatible bucket (`s3`) that every web host reads and writes alike."""
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"FILE_STORAGE must be local or s3, not {kind!r}")
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Unset: Amazon S3 itself. Set for MinIO or another S3-compatible store.
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # Unset: boto3 finds credentials itself (an instance or task role), no key to keep.
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            # Private objects: no ACL of their own (the bucket's, which must be private), and no
            # signed links, which would skip the permission check and outlive a membership.
            "default_acl": None,
            "querystring_auth": False,
            # Never replace a stored object, as on disk: a frozen document stays as it was sent.
            "file_overwrite": False,
            # A download is fetched whole before it is streamed: past 2 MB into a temporary
            # file, so twenty 20 MB downloads at once do not sit in memory.
            "max_memory_size": FILE_UPLOAD_MAX_MEMORY_SIZE,
        },
    }


STORAGES = {
    "default": file_storage(env_str("FILE_STORAGE", "local")),
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Email through Django's MAILERS: SMTP in production, files under var/mail in `make run`.
EMAIL_BACKEND_PATH = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILER_OPTIONS: dict[str, object] = {}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILER_OPTIONS = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", default=False),
        "timeout": env_int("EMAIL_TIMEOUT", 20),
    }
elif EMAIL_BACKEND_PATH.endswith("filebased.EmailBackend"):
    MAILER_OPTIONS = {"file_path": env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))}
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH, "OPTIONS": MAILER_OPTIONS}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "JTAI action plans <no-reply@localhost>")
# The route an email leaves by (outbox/routes.py): "smtp", Django's MAILERS above, or "notify",
# GOV.UK Notify's API with the key and templates below (docs/operations/email-notify.md).
EMAIL_ROUTE = env_str("EMAIL_ROUTE", "smtp").lower()
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY")
NOTIFY_BASE_URL = env_str("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
# {"<kind>": "<template id>"}, a kind being the email's template name such as
# "agencies/emails/invitation"; any kind not listed goes through NOTIFY_DEFAULT_TEMPLATE_ID.
try:
    NOTIFY_TEMPLATE_IDS: dict[str, str] = json.loads(env_str("NOTIFY_TEMPLATE_IDS", "{}"))
except ValueError as exc:
    raise ImproperlyConfigured(
        "NOTIFY_TEMPLATE_IDS must be a JSON object of template names to template ids"
    ) from exc
NOTIFY_DEFAULT_TEMPLATE_ID = env_str("NOTIFY_DEFAULT_TEMPLATE_ID")
NOTIFY_TIMEOUT = env_int("NOTIFY_TIMEOUT", 20)

# Celery. The embedded default is kombu's file-system transport under var/broker, made atomic by
# config.broker; production uses Redis (CELERY_BROKER_URL=redis://…).
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "atomicfs://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("atomicfs://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        # Move consumed messages with a same-disk rename (atomic), never a copy across disks.
        "store_processed": True,
    }
CELERY_RESULT_BACKEND = env_str(
    "CELERY_RESULT_BACKEND",
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else f"file://{VAR_DIR}/results",
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# Logs carry UTC timestamps (config/logformat.py). The "security" logger is the
# security log: sign-ins, failures, lockouts, refused requests, never a secret; it goes to the
# console with everything else and, when SECURITY_LOG_FILE is set, to that file as well.
SECURITY_LOG_FILE = env_str("SECURITY_LOG_FILE")
# The console's lines: `text` for a person reading a terminal (`make run`, the tests), `json`
# (one object a line, with the request's id) for a log collector in production. The security
# log's file keeps its plain lines either way.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
# Reminders (actionplans/reminders/). Lead times are days before the date; 0 is the day itself.
REMINDER_DEADLINE_DAYS = [int(d) for d in env_list("REMINDER_DEADLINE_DAYS", "28,14,7,3,1,0")]
REMINDER_ACTION_DUE_DAYS = [int(d) for d in env_list("REMINDER_ACTION_DUE_DAYS", "14,7,1,0")]
REMINDER_STALE_AFTER_DAYS = env_int("REMINDER_STALE_AFTER_DAYS", 28)
REMINDER_DIGEST_HOUR = env_int("REMINDER_DIGEST_HOUR", 7)  # Monday, Europe/London
# The outbox (outbox/sending.py): how long a sender holds an email (or a person's reminders
# while it writes their email) before another may take it, as a killed sender's hold lapses;
# how many attempts before it gives up; the first retry's delay, twice as long each time.
OUTBOX_CLAIM_SECONDS = env_int("OUTBOX_CLAIM_SECONDS", 300)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 20)
OUTBOX_RETRY_BACKOFF_SECONDS = env_int("OUTBOX_RETRY_BACKOFF_SECONDS", 5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "config.logformat.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "json": {"()": "config.logformat.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        },
        **(
            {
                "security_file": {
                    "class": "logging.FileHandler",
                    "filename": SECURITY_LOG_FILE,
                    "formatter": "plain",
                }
            }
            if SECURITY_LOG_FILE
            else {}
        ),
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # svglib names every SVG feature it skips (the charts' tooltips) at INFO and WARNING.
        "svglib": {"level": "ERROR"},
        # Django's own "Forbidden"/"Not Found" warnings: the security log records those.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "ERROR"},  # the security log records what axes would say
        "security": {
            "level": "INFO",
            "handlers": ["security_file"] if SECURITY_LOG_FILE else [],
        },
    },
}

# Production hardening: on unless DEBUG. `manage.py check --deploy` passes with the values of
# .env.example (tests/test_hardening.py proves it).
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Sessions end after 30 minutes without a request, and 10 hours after sign-in whatever happens
# (accounts.middleware.SessionLifetimeMiddleware); the cookie dies with the browser.
SESSION_IDLE_TIMEOUT = dt.timedelta(minutes=30)
SESSION_ABSOLUTE_TIMEOUT = dt.timedelta(hours=10)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content Security Policy (Django's own middleware): our files only, no inline script or style.
# A script that must be inline takes the nonce: <script nonce="{{ csp_nonce }}">.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The reporting API (actionplans/api): read-only, a person's token or session, per-token limits.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "actionplans.api.authentication.AccessTokenAuthentication",
        "actionplans.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["actionplans.api.authentication.IsPartnershipMember"],
    "DEFAULT_THROTTLE_CLASSES": ["actionplans.api.authentication.PerTokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env_str("API_RATE_LIMIT", "120/minute")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,  # figures arrive in Power BI as numbers, not text
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "JTAI action plans: reporting API",
    "DESCRIPTION": "Read-only. Send a personal access token (made on Your account) as "
    "`Authorization: Token <token>`. Each token sees what its person sees.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Plans and actions both have a "status": named so each reads plainly in the schema.
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "actionplans.plans.models.ActionPlan.Status",
        "ActionStatusEnum": "actionplans.plans.models.Action.Status",
    },
}

# Monitoring (docs/operations/monitoring.md). /metrics answers only a request that sends
# `Authorization: Bearer <METRICS_TOKEN>`; unset, the address does not exist.
METRICS_TOKEN = env_str("METRICS_TOKEN")
# Errors to Sentry when SENTRY_DSN is set (sentry-sdk is not even imported otherwise).
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    from config.observability import start_sentry

    start_sentry(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT"),
        release=RELEASE,
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
# Request traces over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set: started by
# config/wsgi.py, before the first request, since it adds a middleware to MIDDLEWARE.
OTEL_EXPORTER_OTLP_ENDPOINT = env_str("OTEL_EXPORTER_OTLP_ENDPOINT")
OTEL_SERVICE_NAME = env_str("OTEL_SERVICE_NAME", "jtai-action-plans")
