"""`manage.py check` says plainly what the Notify route lacks, and never shows the key; SMTP
needs nothing more and stays the route by default."""

import pytest
from django.conf import settings as django_settings
from django.core import mail

from outbox import sending
from outbox.checks import email_route
from outbox.models import Email
from outbox.services import Draft, queue_email
from tests.support.fake_notify import API_KEY, DEFAULT_TEMPLATE_ID


def ids() -> list[str]:
    return [message.id for message in email_route()]


def test_it_needs_nothing_for_smtp(settings):
    assert django_settings.EMAIL_ROUTE == "smtp"
    assert ids() == []


def test_it_refuses_an_unknown_route(settings):
    settings.EMAIL_ROUTE = "pigeon"
    assert ids() == ["outbox.E001"]


def test_it_names_the_missing_key_and_template(settings):
    settings.EMAIL_ROUTE = "notify"
    settings.NOTIFY_API_KEY = ""
    settings.NOTIFY_DEFAULT_TEMPLATE_ID = ""
    assert ids() == ["outbox.E002", "outbox.E004"]


def test_it_refuses_a_key_that_is_not_a_notify_key_without_showing_it(settings):
    settings.EMAIL_ROUTE = "notify"
    settings.NOTIFY_API_KEY = "not-a-key-but-secret-words"
    settings.NOTIFY_DEFAULT_TEMPLATE_ID = DEFAULT_TEMPLATE_ID
    [error] = email_route()
    assert error.id == "outbox.E003"
    assert "secret-words" not in error.msg


def test_it_takes_a_complete_notify_setup(settings):
    settings.EMAIL_ROUTE = "notify"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_DEFAULT_TEMPLATE_ID = DEFAULT_TEMPLATE_ID
    assert ids() == []


@pytest.mark.django_db
def test_smtp_stays_the_default_route(fake_notify, settings):
    settings.EMAIL_ROUTE = "smtp"  # the fixture's fake aside: what an unset setting gives
    email = queue_email(Draft(subject="Hello", body="Text", kind="a/b"), to="jo@example.test")
    assert sending.deliver(email_id=email.pk) is True
    assert [m.to for m in mail.outbox] == [["jo@example.test"]]
    assert fake_notify.sent == []
    assert Email.objects.get().provider_id == ""
