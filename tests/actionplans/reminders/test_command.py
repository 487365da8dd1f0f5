"""`manage.py send_reminders --as-of` runs one sweep as of a moment."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from demo.loader import load_demo
from tests.support.reminders import reminder_ids

pytestmark = pytest.mark.django_db


def test_it_sends_the_demos_reminders_as_of_a_moment(capsys):
    load_demo(today=dt.date(2025, 10, 10))
    call_command("send_reminders", "--as-of", "2025-10-10T09:00")
    out = capsys.readouterr().out
    carried = sum(len(reminder_ids(m)) for m in mail.outbox)
    assert f"Sent {carried} reminder(s) as of 2025-10-10 09:00." in out
    to_lead = next(m for m in mail.outbox if m.to == ["lead@southampton.example"])
    assert "must reach the inspectorate by 24 October 2025 (14 days" in to_lead.body
    to_health = next(m for m in mail.outbox if m.to == ["health@southampton.example"])
    assert "Action 2.1 is due today" in to_health.body
    call_command("send_reminders", "--as-of", "2025-10-10T09:15")
    assert "Sent 0 reminder(s)" in capsys.readouterr().out


def test_it_refuses_a_moment_it_cannot_read():
    with pytest.raises(CommandError, match="2025-10-10T09:00"):
        call_command("send_reminders", "--as-of", "next Friday")
