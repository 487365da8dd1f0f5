"""/metrics for Prometheus: the outbox and how Celery tasks ended. Behind a bearer token
(METRICS_TOKEN); without one set the address does not exist.

Every figure is read at scrape time from what all processes share (the database, the cache),
so any web process gives the same answer (docs/adr/0013-observability.md).
"""

import hmac
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Min
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from config import taskoutcomes
from config.celery import app
from outbox.models import Email


class ServiceCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        waiting = Email.objects.filter(sent_at=None, given_up_at=None)
        summary = waiting.aggregate(oldest=Min("created_at"))
        yield GaugeMetricFamily(
            "jtai_outbox_waiting_emails",
            "Emails in the outbox not yet sent and not given up.",
            value=waiting.count(),
        )
        oldest = summary["oldest"]
        yield GaugeMetricFamily(
            "jtai_outbox_oldest_waiting_seconds",
            "Age of the oldest email still waiting (0 when none waits).",
            value=(timezone.now() - oldest).total_seconds() if oldest else 0,
        )
        yield GaugeMetricFamily(
            "jtai_outbox_given_up_emails",
            "Emails the outbox gave up on (too many failed attempts, or a deactivated account).",
            value=Email.objects.exclude(given_up_at=None).count(),
        )
        tasks = CounterMetricFamily(
            "jtai_celery_tasks",
            "Celery tasks ended, by task and outcome (since the release, shared by every worker).",
            labels=["task", "outcome"],
        )
        app.loader.import_default_modules()  # every app's tasks, not only those used so far
        names = sorted(name for name in app.tasks if not name.startswith("celery."))
        for (name, outcome), count in taskoutcomes.counts(names).items():
            tasks.add_metric([name, outcome], count)
        yield tasks


def token_given(request: HttpRequest) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@login_not_required
@require_safe
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    expected = settings.METRICS_TOKEN
    if not expected:
        raise Http404
    if not hmac.compare_digest(token_given(request).encode(), expected.encode()):
        response = HttpResponse("A bearer token is needed.", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    registry = CollectorRegistry(auto_describe=False)
    registry.register(ServiceCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
