"""The audit log of a partnership as CSV: one line per recorded change, from the history rows
the plan's own history pages are built from (actions, progress updates, evidence) and from the
history of the partnership's memberships (people given, changed or removed)."""

import csv
import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone

from actionplans.plans.models import Action, Evidence, ProgressUpdate
from agencies.models import Membership, Partnership

HEADER = ["when", "who", "who_email", "what", "record", "plan", "action"]
VERBS = {"+": "added", "~": "changed", "-": "removed"}


class _Echo:
    def write(self, value: str) -> str:
        return value


def _who(record: Any) -> tuple[str, str]:
    user = record.history_user
    if user is None:
        return "The service", ""
    return str(user), user.email


def audit_rows(*, partnership: Partnership, start: dt.date, end: dt.date) -> list[list[str]]:
    """Every recorded change in the partnership from `start` to `end` (both included)."""
    tz = timezone.get_current_timezone()
    first = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    when = {"history_date__gte": first, "history_date__lt": last}
    actions = {
        pk: (reference, plan)
        for pk, reference, plan in Action.objects.filter(
            plan__inspection__partnership=partnership
        ).values_list("pk", "reference", "plan_id")
    }
    rows: list[tuple[dt.datetime, list[str]]] = []

    def add(record: Any, what: str, plan: object, action: object) -> None:
        name, email = _who(record)
        line = [record.history_date.isoformat(), name, email, what, str(record)]
        rows.append((record.history_date, [*line, str(plan or ""), str(action or "")]))

    history: Any = Action.history
    for record in history.filter(plan__inspection__partnership=partnership, **when):
        add(record, f"action {VERBS[record.history_type]}", record.plan_id, record.reference)
    for model, label in ((ProgressUpdate, "progress update"), (Evidence, "evidence")):
        history = model.history  # type: ignore[attr-defined]
        for record in history.filter(action_id__in=list(actions), **when):
            reference, plan = actions[record.action_id]
            add(record, f"{label} {VERBS[record.history_type]}", plan, reference)
    history = Membership.history  # type: ignore[attr-defined]
    for record in history.filter(partnership=partnership, **when):
        add(record, f"membership {VERBS[record.history_type]} ({record.role})", "", "")
    return [line for _, line in sorted(rows, key=lambda row: row[0])]


def _lines(rows: list[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    for row in rows:
        # A value starting with = + - @ would run as a formula in a spreadsheet.
        yield writer.writerow(["'" + v if v[:1] in "=+-@" else v for v in row])


def audit_csv_response(
    *, partnership: Partnership, start: dt.date, end: dt.date
) -> StreamingHttpResponse:
    rows = audit_rows(partnership=partnership, start=start, end=end)
    response = StreamingHttpResponse(_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="audit-{partnership.slug}-{start}-{end}.csv"'
    )
    return response
