"""The dashboards' cache keys: their figures are expensive to work out, their freshness free.

The rendered body of a dashboard is cached under a key made of everything it depends on:

- each plan's version stamp (`plans/versions.py`), which every write to the plan's rows changes,
  in the shared cache: so a change shows at the next request in every web process;
- what the person may do there (their role and agency: the "Add a reading" and "Change" links);
- the filters in the address, and today's date (overdue and due-soon depend on it).

The person's plans (the rule of `plans/selectors.visible_plans`: their partnerships' plans)
and their role come from the cache too, so a cached dashboard costs no query. What carries no
stamp (an agency's name, a user's name on a progress update) can show up to
`plans/page_cache.CACHE_SECONDS` late. The bodies are kept by `plans/page_cache.cached_page`.
"""

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from actionplans.plans.versions import partnership_plans, plan_state, plan_versions
from agencies.models import User
from agencies.signed_in import membership_rows

FILTER_NAMES = ("agency", "status", "rag", "since")


@dataclass(frozen=True)
class Fingerprint:
    plan: int
    local_area: str
    role: str
    agency: int | None
    version: str


def fingerprints(user: User, plan: int | None = None) -> list[Fingerprint]:
    """The visible plans' fingerprints (of one plan, when given: none when it is not visible)."""
    if not user.is_active:
        return []
    roles = {m.partnership_id: m for m in membership_rows(user)}
    if not roles:
        return []
    if plan is not None:
        # One plan: its place and stamp are in the cache, so no query at all.
        state = plan_state(plan)
        if state.place is None or state.place.partnership_id not in roles:
            return []
        member = roles[state.place.partnership_id]
        return [
            Fingerprint(plan, state.place.local_area, member.role, member.agency_id, state.version)
        ]
    rows = sorted(
        (plan_id, local_area, partnership_id)
        for partnership_id, plans in partnership_plans(roles).items()
        for plan_id, local_area in plans
    )
    versions = plan_versions(pk for pk, _, _ in rows)
    return [
        Fingerprint(
            plan=pk,
            local_area=local_area,
            role=roles[partnership].role,
            agency=roles[partnership].agency_id,
            version=versions[pk],
        )
        for pk, local_area, partnership in rows
        if partnership in roles
    ]


def cache_key(kind: str, parts: Iterable[Any], query: Mapping[str, Any], today: dt.date) -> str:
    filters = tuple((name, str(query.get(name, ""))) for name in FILTER_NAMES)
    digest = hashlib.sha256(repr((tuple(parts), filters, today)).encode()).hexdigest()
    return f"dashboard:{kind}:{digest}"
