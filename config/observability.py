"""Error reporting (Sentry) and tracing (OpenTelemetry), each on only when its setting is set.

Called from the end of config/settings.py, so every process (web, worker, beat, manage.py)
starts them the same way. Neither package is imported when its setting is unset: a site that
uses neither loads none of their code.
"""


def start_sentry(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release,
        # No person, cookies, bodies, query strings, SQL parameters or local variables: the
        # pages hold details of children's cases, and Sentry is another processor. (sentry-sdk
        # 3 replaced send_default_pii=False with these finer switches.)
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "database_query_data": False,
            "stack_frame_variables": False,
        },
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), CeleryIntegration()],
    )


def start_tracing(*, service_name: str) -> None:
    """Traces of each request sent over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT (the exporter
    reads that variable, and OTEL_EXPORTER_OTLP_HEADERS for a key, itself)."""
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.django import DjangoInstrumentor
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service_name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    DjangoInstrumentor().instrument()
