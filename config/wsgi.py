import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if settings.OTEL_EXPORTER_OTLP_ENDPOINT:
    from config.observability import start_tracing

    start_tracing(service_name=settings.OTEL_SERVICE_NAME)
application = get_wsgi_application()

# Fail at start-up, not at the first request that needs a signature: with DEBUG off and no
# SECRET_KEY, reading it raises "The SECRET_KEY setting must not be empty".
settings.SECRET_KEY  # noqa: B018
