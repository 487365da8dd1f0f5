"""Password change and reset by email; Django's validators with a 12-character minimum."""

import re

import pytest
from django.urls import reverse

from tests.agencies.factories import PASSWORD, UserFactory
from tests.support.outbox import send_queued_emails

pytestmark = pytest.mark.django_db

NEW = "a-brand-new-passphrase"


def test_password_change_refuses_short_and_common_passwords(client):
    user = UserFactory()
    client.force_login(user)
    for weak, message in (
        ("short-pass1", "at least 12 characters"),
        ("password1234", "too common"),
    ):
        response = client.post(
            reverse("accounts:password-change"),
            {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
        )
        assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_mails_a_link_on_the_site_address_that_sets_a_new_password(
    client, mailoutbox, settings
):
    settings.SITE_URL = "https://actionplans.example.org"
    # Even a Host header that gets past ALLOWED_HOSTS never makes it into the link.
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    user = UserFactory()
    response = client.post(
        reverse("accounts:password-reset"), {"email": user.email}, HTTP_HOST="evil.example"
    )
    assert response.url == reverse("accounts:password-reset-done")
    send_queued_emails()  # as the worker does once the request's change commits
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    link = re.search(r"https://actionplans\.example\.org(/\S+)", body)
    assert link, body
    assert "evil.example" not in body

    form_page = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}
    )
    assert done.url == reverse("accounts:password-reset-complete")
    user.refresh_from_db()
    assert user.check_password(NEW)


def test_password_reset_answers_the_same_for_an_unknown_address(client, mailoutbox):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("accounts:password-reset-done")
    assert send_queued_emails() == 0
    assert mailoutbox == []


def test_a_used_reset_link_does_not_work_twice(client, mailoutbox):
    user = UserFactory()
    client.post(reverse("accounts:password-reset"), {"email": user.email})
    send_queued_emails()
    path = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[0].body).group(1)
    page = client.get(path, follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    again = client.get(path, follow=True)
    assert "This link does not work" in again.content.decode()
