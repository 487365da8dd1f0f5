# The README's two commands are `make run` and `make test`; everything else is for developers.
# Each target installs what it needs first, so a fresh clone needs only Python 3.12+.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv

PYTHON_FOR_TOOLS ?= $(shell command -v python3.12 || command -v python3.13 || command -v python3)
UV := $(CURDIR)/.tools/bin/uv
PY := $(CURDIR)/.venv/bin/python
PORT ?= 8000
# `make run` is a development server with the demo: DEBUG on and the embedded defaults.
RUN_ENV := DEBUG=true EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend \
	SITE_URL=http://127.0.0.1:$(PORT)
# Tests run with DEBUG off, as production does, but with plain static storage (the manifest
# storage needs collectstatic) and their own var/ folder, so `make run` can run beside them.
TEST_ENV := SECRET_KEY=tests-only-not-a-secret VAR_DIR=$(CURDIR)/var/test \
	STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage

.PHONY: help install install-dev run test check lint docs format typecheck migrations-check bench clean \
	bench-exports bench-reminders bench-scale backup restore

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON_FOR_TOOLS) -m venv .tools
	.tools/bin/pip install --quiet uv==0.13.8

install: $(UV)  ## install the app's locked dependencies into .venv
	$(UV) sync --frozen --no-dev --inexact

install-dev: $(UV)  ## install the app and the test and lint tools
	$(UV) sync --frozen

run: install  ## the app with its demo data, a Celery worker and beat, on 127.0.0.1:$(PORT)
	@mkdir -p var
	$(RUN_ENV) $(PY) manage.py migrate --no-input -v0
	$(RUN_ENV) $(PY) manage.py load_demo
	@echo
	@echo "  Open http://127.0.0.1:$(PORT)/ and sign in with a demo account above."
	@echo "  Emails are written to var/mail/. Ctrl-C stops the web server, worker and beat."
	@echo
	@# honcho (Procfile) runs the three and stops them together; `exec` makes it the process
	@# that make signals, so SIGTERM to make stops them too.
	$(RUN_ENV) WEB_PORT=$(PORT) exec $(PY) -m honcho start -f Procfile

test: install-dev  ## run the whole test suite (PostgreSQL/Redis when DATABASE_URL/CELERY_BROKER_URL are set)
	@mkdir -p var/test/staticfiles
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev  ## ruff lint and format check, and the import rules (pyproject.toml: importlinter)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=true $(CURDIR)/.venv/bin/lint-imports --no-cache

docs: install-dev  ## build the documentation (docs/, MkDocs) into var/docs, failing on any warning
	$(CURDIR)/.venv/bin/mkdocs build --strict --site-dir $(CURDIR)/var/docs

format: install-dev  ## apply ruff's fixes and formatting
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

typecheck: install-dev  ## mypy with django-stubs
	DEBUG=true $(PY) -m mypy .

migrations-check: install-dev  ## fail if a model change has no migration
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

check: lint docs migrations-check typecheck test  ## everything CI runs

bench-exports: install-dev  ## time Word/PDF/Excel exports of a 500-action plan (SQLite under var/bench)
	@mkdir -p var/bench
	DEBUG=true VAR_DIR=$(CURDIR)/var/bench $(PY) manage.py migrate --no-input -v0
	DEBUG=true VAR_DIR=$(CURDIR)/var/bench $(PY) manage.py bench_exports --actions 500
# `make bench` needs PostgreSQL: BENCH_DATABASE_URL names a database it EMPTIES and reseeds.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/jtai_bench
# The cache every gunicorn worker shares (sessions, signed-in state, pages): Redis, as in production.
BENCH_CACHE_URL ?= redis://127.0.0.1:6379/3
BENCH_ENV := DATABASE_URL=$(BENCH_DATABASE_URL) SECRET_KEY=bench-only-not-a-secret \
	ALLOWED_HOSTS=127.0.0.1 CACHE_URL=$(BENCH_CACHE_URL) \
	STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage
BENCH_SECONDS ?= 10

bench: install  ## seed a large data set on PostgreSQL, serve it with gunicorn, load it with wrk
	@command -v wrk >/dev/null || apt-get install -y wrk
	@mkdir -p var/staticfiles
	$(BENCH_ENV) $(PY) manage.py seed_bench
	$(BENCH_ENV) $(PY) manage.py run_bench --seconds $(BENCH_SECONDS)

# Its own SQLite database under var/bench (or DATABASE_URL's, which must be an empty database).
bench-reminders: install-dev  ## time a reminder sweep over 1k, 10k and 100k actions (figures printed)
	@rm -rf var/bench && mkdir -p var/bench
	DEBUG=true VAR_DIR=$(CURDIR)/var/bench $(PY) manage.py migrate --no-input -v0
	DEBUG=true VAR_DIR=$(CURDIR)/var/bench $(PY) manage.py bench_reminders

# `make bench-scale`: every partnership in England (BENCH_SCALE=0.1 for a tenth) in its own
# PostgreSQL database, created and dropped here, with its own Redis database for the cache and the
# broker; cookies without the Secure flag, since the bench serves plain HTTP.
BENCH_SCALE ?= 1
BENCH_SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/jtai_bench_scale
BENCH_SCALE_REDIS ?= redis://127.0.0.1:6379/8
BENCH_SCALE_USERS ?= 20
BENCH_SCALE_SECONDS ?= 60
BENCH_SCALE_ENV := DATABASE_URL=$(BENCH_SCALE_DATABASE_URL) SECRET_KEY=bench-only-not-a-secret \
	ALLOWED_HOSTS=127.0.0.1 CACHE_URL=$(BENCH_SCALE_REDIS) CELERY_BROKER_URL=$(BENCH_SCALE_REDIS) \
	CELERY_RESULT_BACKEND=$(BENCH_SCALE_REDIS) CSRF_COOKIE_SECURE=false SESSION_COOKIE_SECURE=false \
	STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage LOG_LEVEL=WARNING \
	BENCH_SCALE=$(BENCH_SCALE)

bench-scale: install-dev  ## seed England's 150 partnerships, load them with Locust, time the sweep
	@mkdir -p var/staticfiles var/bench
	@trap '$(BENCH_SCALE_ENV) $(PY) manage.py seed_scale --drop' EXIT; \
	$(BENCH_SCALE_ENV) $(PY) manage.py seed_scale && \
	$(BENCH_SCALE_ENV) $(PY) manage.py run_scale \
		--users $(BENCH_SCALE_USERS) --seconds $(BENCH_SCALE_SECONDS)

clean:  ## remove the environment and local data (var/)
	rm -rf .venv .tools var

# A consistent backup of the database and the stored files into one timestamped folder under
# BACKUP_DIR (docs/operations/backups.md); `make restore BACKUP=<folder>` loads one into the new,
# empty database that DATABASE_URL names, and checks it against the backup's manifest.
BACKUP_DIR ?= var/backups
backup: install  ## back up the database and the stored files into $(BACKUP_DIR)/jtai-<time>/
	$(PY) manage.py backup --to $(BACKUP_DIR)

restore: install  ## restore BACKUP=<folder> into the (new, empty) DATABASE_URL and storage
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=var/backups/jtai-…" >&2; exit 2; }
	$(PY) manage.py restore $(BACKUP)
