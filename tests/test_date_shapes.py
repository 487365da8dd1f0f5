"""Every date a person reads is written "30 April 2027": on the pages of every role, in the
emails, and in every date format the templates and the code give a person. Machine formats
(CSV, JSON, the API, a form input's value, a cache key) are not read as dates and keep ISO."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from actionplans.plans.models import Action
from demo.loader import load_demo
from tests.support.outbox import send_queued_emails
from tests.support.page_checks import other_date_shapes
from tests.support.pages import page_urls
from tests.test_rendered_pages import ACCOUNT_PAGES, DEMO_ROLES

pytestmark = pytest.mark.django_db

BASE = Path(settings.BASE_DIR)
# The date filter's formats a person may read: the date, or the date and the time.
READABLE = {"j F Y", "j F Y, H:i", "H:i"}
# Python's format specs for the same (and a year or a time on its own).
READABLE_PYTHON = {"%-d %B %Y", "%-d %B %Y, %H:%M", "%H:%M", "%Y"}
# Where a format is not a date written for a person to read, and why.
NOT_FOR_READING = {
    "actionplans/documents/spreadsheet_import.py": "parses the dates a spreadsheet holds",
    "actionplans/documents/naming.py": "a file name, sorted by date",
    "actionplans/plans/evidence.py": "a file name, sorted by date",
    "actionplans/management/commands/send_reminders.py": "a log line for the operator",
    "actionplans/measures/charts.py": "a chart's axis: months, abbreviated to fit",
    "actionplans/management/backups.py": "a backup folder's name, sorted by time",
}


def test_every_date_format_in_the_templates_is_the_readable_one():
    found = []
    for path in sorted((BASE / "templates").rglob("*")):
        if path.is_file():
            for fmt in re.findall(r'\|date:"([^"]*)"', path.read_text()):
                if fmt not in READABLE:
                    found.append(f"{path.relative_to(BASE)}: {fmt}")
    assert found == [], "\n".join(found)


def test_every_date_format_in_the_code_is_the_readable_one():
    found = []
    for folder in ("accounts", "actionplans", "agencies", "inspections", "outbox", "ui", "config"):
        for path in sorted((BASE / folder).rglob("*.py")):
            relative = str(path.relative_to(BASE))
            if "migrations" in relative or relative in NOT_FOR_READING:
                continue
            for fmt in re.findall(r":(%[^}\"']*)\}", path.read_text()):
                if fmt not in READABLE_PYTHON:
                    found.append(f"{relative}: {fmt}")
    assert found == [], "\n".join(found)


def test_a_date_shown_without_a_format_reads_30_april_2027():
    """A template that prints a date as it is gets the site's own format, not Django's
    "30 Apr 2027"."""
    day = dt.date(2027, 4, 30)
    moment = dt.datetime(2027, 4, 30, 14, 5, tzinfo=dt.UTC)
    text = Template("{{ day }} {{ moment }}").render(Context({"day": day, "moment": moment}))
    assert other_date_shapes(text) == []
    assert "30 April 2027" in text


@pytest.mark.parametrize("email", list(DEMO_ROLES))
def test_no_demo_page_shows_another_date_shape(email):
    load_demo(freeze_submission=True)
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    names, reference = DEMO_ROLES[email]
    urls = [*page_urls(names, Action.objects.get(reference=reference)).values(), *ACCOUNT_PAGES]
    found = []
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            found += [f"{url}: {shape}" for shape in other_date_shapes(response.content.decode())]
    assert found == [], "\n".join(found)


def test_the_emails_write_dates_the_one_way(people_world):
    """The invitation (its link's end) and the reminders the demo's dates call for."""
    client, partnership = people_world
    client.post(
        reverse("people:invite", args=[partnership.pk]),
        {"email": "new.person@example.org", "role": "manager"},
    )
    send_queued_emails()
    assert mail.outbox
    found = []
    for message in mail.outbox:
        subject = str(message.subject)
        found += [f"{subject}: {s}" for s in other_date_shapes(subject, html=False)]
        found += [
            f"{message.subject}: {s}" for s in other_date_shapes(str(message.body), html=False)
        ]
        for body, kind in getattr(message, "alternatives", []):
            if kind == "text/html":
                found += [f"{message.subject}: {s}" for s in other_date_shapes(str(body))]
    assert found == [], "\n".join(found)


@pytest.fixture
def people_world():  # type: ignore[no-untyped-def]
    from agencies.models import Membership
    from tests.agencies.factories import MembershipFactory

    lead: Any = MembershipFactory(role=Membership.Role.LEAD)
    client = Client()
    client.force_login(lead.user)
    return client, lead.partnership
