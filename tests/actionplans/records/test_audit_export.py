"""The audit export: one CSV line per recorded change, for a valid range of dates only."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.records.audit import audit_rows
from actionplans.records.forms import AuditRangeForm

pytestmark = pytest.mark.django_db


def _form(start: str, end: str) -> AuditRangeForm:
    return AuditRangeForm({"start": start, "end": end})


def test_it_refuses_a_start_after_the_end():
    form = _form("2026-03-01", "2026-02-01")
    assert not form.is_valid()
    assert form.errors["start"] == ["The first day must be on or before the last day"]


def test_it_refuses_more_than_a_year():
    form = _form("2024-01-01", "2025-06-01")
    assert not form.is_valid()
    assert "at most one year" in form.errors["end"][0]


def test_it_refuses_the_future():
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    form = _form(timezone.localdate().isoformat(), tomorrow)
    assert not form.is_valid()
    assert form.errors["end"] == ["The last day cannot be in the future"]


def test_it_lists_the_changes_of_the_partnership(world):
    update = world["update"]
    update._history_user = world["owner"]  # as the signed-in request would set it
    update.text = "Audit finished."
    update.save()
    today = timezone.localdate()
    rows = audit_rows(partnership=world["partnership"], start=today, end=today)
    whats = {row[3] for row in rows}
    assert {"action added", "progress update added", "evidence added"} <= whats
    owner = world["owner"]
    assert any(row[2] == owner.email for row in rows if row[3] == "progress update changed")


def test_a_lead_downloads_the_csv(client, world):
    client.force_login(world["lead"])
    today = timezone.localdate().isoformat()
    url = reverse("actionplans:audit-export", args=[world["partnership"].pk])
    answer = client.get(url, {"start": today, "end": today})
    assert answer["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode())))
    assert lines[0] == ["when", "who", "who_email", "what", "record", "plan", "action"]
    assert len(lines) > 1


def test_a_bad_range_keeps_what_was_typed(client, world):
    client.force_login(world["lead"])
    url = reverse("actionplans:audit-export", args=[world["partnership"].pk])
    answer = client.get(url, {"start": "2026-03-01", "end": "2026-02-01"})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "The first day must be on or before the last day" in page
    assert 'value="2026-03-01"' in page


def test_an_owner_may_not_download(client, world):
    client.force_login(world["owner"])
    url = reverse("actionplans:audit-export", args=[world["partnership"].pk])
    assert client.get(url).status_code == 403
