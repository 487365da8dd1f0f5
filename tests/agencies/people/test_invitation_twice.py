"""One invitation accepted from two browsers at the same moment: one account, and the other
browser is told plainly that the link has been used, never an error page."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from agencies.models import Membership, User
from agencies.people import services

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "new.starter@example.org"


def test_two_browsers_accepting_one_invitation_make_one_account(people):
    sent = services.invite_person(
        partnership=people.partnership,
        email=EMAIL,
        role=Membership.Role.MANAGER,
        agency=None,
        by=people.lead,
    )
    link = reverse("people:invitation", args=[sent.token])
    browsers = [Client(), Client()]
    for browser in browsers:
        assert browser.get(link).status_code == 200  # both see the form
    start = threading.Barrier(2)
    answers: list[tuple[int, str]] = []

    def accept(browser: Client) -> None:
        try:
            start.wait()
            response = browser.post(
                link,
                {
                    "first_name": "Sam",
                    "last_name": "Starter",
                    "password1": "a long enough password 42",
                    "password2": "a long enough password 42",
                },
            )
            answers.append((response.status_code, response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(browser,)) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(status for status, _ in answers) == [302, 410]
    refused = next(text for status, text in answers if status == 410)
    assert "This invitation has already been used." in refused
    assert User.objects.filter(email__iexact=EMAIL).count() == 1
    assert Membership.objects.filter(user__email__iexact=EMAIL).count() == 1
