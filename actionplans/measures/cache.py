"""Caching the dashboard: its figures are expensive to work out, its freshness is one query.

The rendered body of a dashboard is cached under a key made of everything it depends on:

- the data, as a *fingerprint* read in the same query as the plan itself: for each table the
  dashboard shows, the number of rows and their latest change (the latest `updated_at`, the sum
  of the actions' `version`s, the highest id of rows that are only ever added);
- what the person may do there (their role and agency: the "Add a reading" and "Change" links);
- the filters in the address, and today's date (overdue and due-soon depend on it).

So any write through the ORM (save, create, delete), or any UPDATE that bumps `Action.version`,
changes the key, and the next request in any worker process recomputes: there is no
invalidation message to lose, and a per-process cache (Django's default local-memory cache) is
safe. What carries no change time (an agency's name, a user's name on a progress update, an
edited progress update's text) can show up to `CACHE_SECONDS` late.
"""

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from actionplans.measures.models import Measure, MeasureReading
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate
from agencies.models import Membership, Partnership
from agencies.permissions import AnyUser
from inspections.models import Inspection, Recommendation

CACHE_SECONDS = 300
FILTER_NAMES = ("agency", "status", "rag", "since")


@functools.cache
def _fingerprint_sql() -> str:
    """One query: each plan the user may see (optionally one), its fingerprint and their role.

    Written in SQL because it runs on every dashboard request, cache hit or not, and building
    the same query through the ORM costs more than running it. Portable SQL (SQLite and
    PostgreSQL). The join on the membership is the same rule as `plans/selectors.visible_plans`:
    the plans of the partnerships the person is a member of (`login_required` has already
    refused anonymous and deactivated users).
    """
    t = {
        model.__name__: model._meta.db_table
        for model in (
            Action,
            ActionPlan,
            Inspection,
            Measure,
            MeasureReading,
            Membership,
            Partnership,
            ProgressUpdate,
            Recommendation,
        )
    }

    def text(expression: str) -> str:
        return f"COALESCE(CAST({expression} AS TEXT), '')"

    # Only table names of our own models are interpolated; values go in as parameters.
    return f"""
        SELECT p.id, pt.local_area, ms.role, ms.agency_id,
            {text("p.updated_at")} || '|' || {text("i.updated_at")},
            (SELECT {text("COUNT(*)")} || '|' || {text("SUM(a.version)")} || '|'
                    || {text("MAX(a.updated_at)")}
                FROM {t["Action"]} a WHERE a.plan_id = p.id),
            (SELECT {text("COUNT(*)")} || '|' || {text("MAX(u.id)")}
                FROM {t["ProgressUpdate"]} u JOIN {t["Action"]} a ON a.id = u.action_id
                WHERE a.plan_id = p.id),
            (SELECT {text("COUNT(*)")} || '|' || {text("MAX(m.updated_at)")}
                FROM {t["Measure"]} m WHERE m.plan_id = p.id),
            (SELECT {text("COUNT(*)")} || '|' || {text("MAX(r.updated_at)")}
                FROM {t["MeasureReading"]} r JOIN {t["Measure"]} m ON m.id = r.measure_id
                WHERE m.plan_id = p.id),
            (SELECT {text("COUNT(*)")} || '|' || {text("MAX(rc.updated_at)")}
                FROM {t["Recommendation"]} rc WHERE rc.inspection_id = p.inspection_id)
        FROM {t["ActionPlan"]} p
        JOIN {t["Inspection"]} i ON i.id = p.inspection_id
        JOIN {t["Partnership"]} pt ON pt.id = i.partnership_id
        JOIN {t["Membership"]} ms ON ms.partnership_id = i.partnership_id AND ms.user_id = %s
    """  # noqa: S608


@dataclass(frozen=True)
class Fingerprint:
    plan: int
    local_area: str
    role: str
    agency: int | None
    rows: tuple[str, ...]


def fingerprints(user: AnyUser, plan: int | None = None) -> list[Fingerprint]:
    """The visible plans' fingerprints (of one plan, when given: none when it is not visible)."""
    sql = _fingerprint_sql()
    params: list[Any] = [user.pk]
    if plan is not None:
        sql += " WHERE p.id = %s"
        params.append(plan)
    sql += " ORDER BY p.id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            Fingerprint(
                plan=row[0], local_area=row[1], role=row[2], agency=row[3], rows=tuple(row[4:])
            )
            for row in cursor.fetchall()
        ]


def cache_key(kind: str, parts: Iterable[Any], query: Mapping[str, Any], today: dt.date) -> str:
    filters = tuple((name, str(query.get(name, ""))) for name in FILTER_NAMES)
    digest = hashlib.sha256(repr((tuple(parts), filters, today)).encode()).hexdigest()
    return f"dashboard:{kind}:{digest}"


def get(key: str) -> SafeString | None:
    html = cache.get(key)
    # Only `put` writes these keys, with HTML our own templates rendered (and escaped).
    return None if html is None else mark_safe(html)  # noqa: S308


def put(key: str, html: str) -> None:
    cache.set(key, html, CACHE_SECONDS)
