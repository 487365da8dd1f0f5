# One image for web, worker and beat (see docker-compose.yml).
FROM python:3.12-slim AS app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv UV_PYTHON_DOWNLOADS=never PATH=/opt/venv/bin:$PATH
# DejaVu Sans: the PDFs' font, with the accents of people's and places' names (see actionplans/pdf.py).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir uv==0.13.8 && useradd --create-home app
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# The release is a digest of the code itself (.git is not in the image): the cache's keys carry
# it (config/settings.py, RELEASE), so nothing an older release cached is read by this one.
RUN find . -name '*.py' -not -path './static/*' -print0 | sort -z | xargs -0 sha256sum \
    | sha256sum | cut -c1-12 > RELEASE \
    && SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input --ignore build \
    && mkdir -p /app/var && chown -R app /app/var
USER app
EXPOSE 8000
# Workers, threads, keep-alive and preloading: config/gunicorn.py, with the reasons.
CMD ["gunicorn", "config.wsgi", "--config", "config/gunicorn.py"]
