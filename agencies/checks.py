"""A deployment check: the signed-in person's state is cached, so the cache must be shared."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    backend = settings.CACHES["default"]["BACKEND"]
    if "locmem" not in backend:
        return []
    return [
        Warning(
            "The cache is each process's own memory.",
            hint=(
                "Set CACHE_URL to a Redis that every web process shares: sessions and each "
                "signed-in person's memberships and two-factor state are cached, and a change "
                "made in one process is only dropped from that process's memory."
            ),
            id="agencies.W001",
        )
    ]
