"""What was typed into a form when the session ran out is kept through signing in again: shown
to the same person only, once, never saved for them, and gone after 30 minutes."""

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import kept_forms
from actionplans.plans.models import ProgressUpdate
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)
URL = reverse("actionplans:my-actions-update")
KEPT = "Your changes were kept while you signed in again. Check them and save."
TYPED = "Training booked for every social worker in March."


@pytest.fixture
def action() -> Any:
    return ActionFactory(due_date=dt.date(2027, 3, 1), status="in_progress", rag="green")


def owner_of(action: Any) -> Any:
    return MembershipFactory(
        partnership=action.plan.inspection.partnership,
        agency=action.owner_agency,
        role=Membership.Role.OWNER,
    ).user


def sign_in(client: Client, user: Any, url: str = reverse("login")) -> Any:
    return client.post(url, {"username": user.email, "password": PASSWORD})


def typed(action: Any) -> dict[str, str]:
    prefix = f"action-{action.pk}"
    return {f"{prefix}-rag": "amber", f"{prefix}-status": "in_progress", f"{prefix}-text": TYPED}


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def post_after_the_idle_sign_out(client: Client, user: Any, action: Any, clock: Any) -> Any:
    """Sign in, open the page, leave it 31 minutes, then press save: the sign-in page's address."""
    assert sign_in(client, user).status_code == 302
    assert client.get(URL).status_code == 200
    clock.shift(dt.timedelta(minutes=31))
    answer = client.post(URL, typed(action))
    assert answer.status_code == 302
    assert answer.url.startswith(reverse("login"))
    return answer.url


def test_what_was_typed_comes_back_after_signing_in_again(client, action, clock):
    owner = owner_of(action)
    sign_in_url = post_after_the_idle_sign_out(client, owner, action, clock)
    assert "signed out after 30 minutes" in client.get(sign_in_url).content.decode()
    signed_in = sign_in(client, owner, sign_in_url)
    assert signed_in.status_code == 302
    assert signed_in.url.startswith(URL)
    page = client.get(signed_in.url).content.decode()
    assert KEPT in page
    assert f">{TYPED}</textarea>" in page
    assert f'name="action-{action.pk}-rag" type="radio" value="amber" checked' in page
    # Shown, never saved for them: they check it and press save themselves.
    assert not ProgressUpdate.objects.exists()
    action.refresh_from_db()
    assert action.rag == "green"


def test_it_is_shown_once(client, action, clock):
    owner = owner_of(action)
    sign_in_url = post_after_the_idle_sign_out(client, owner, action, clock)
    back = sign_in(client, owner, sign_in_url).url
    client.get(back)
    again = client.get(back).content.decode()
    assert TYPED not in again
    assert KEPT not in again


def test_another_person_signing_in_never_sees_it(client, action, clock):
    owner, colleague = owner_of(action), owner_of(action)
    sign_in_url = post_after_the_idle_sign_out(client, owner, action, clock)
    other_browser = Client()
    back = sign_in(other_browser, colleague, sign_in_url).url
    page = other_browser.get(back).content.decode()
    assert TYPED not in page
    assert KEPT not in page
    # The person who typed it still gets it back.
    assert TYPED in client.get(sign_in(client, owner, sign_in_url).url).content.decode()


def test_it_is_gone_after_30_minutes(client, action, clock):
    owner = owner_of(action)
    sign_in_url = post_after_the_idle_sign_out(client, owner, action, clock)
    clock.shift(dt.timedelta(minutes=31))
    page = client.get(sign_in(client, owner, sign_in_url).url).content.decode()
    assert TYPED not in page
    assert KEPT not in page


def test_a_post_that_fails_its_csrf_check_is_not_kept(action, clock):
    owner = owner_of(action)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.get(URL).status_code == 200
    clock.shift(dt.timedelta(minutes=31))
    answer = client.post(URL, typed(action))  # no token: perhaps another site's form
    assert answer.status_code == 302
    assert "kept" not in answer.url


def test_a_session_that_is_simply_gone_keeps_nothing(client, action):
    # Without the session we cannot know whose words these are: they are not kept.
    answer = client.post(URL, typed(action))
    assert answer.status_code == 302
    assert "kept" not in answer.url


def test_the_csrf_token_and_files_are_not_kept(rf, action):
    owner = owner_of(action)
    request = rf.post(
        URL,
        {
            **typed(action),
            "csrfmiddlewaretoken": "secret",
            "file": SimpleUploadedFile("report.pdf", b"%PDF-1.4"),
        },
    )
    next_url = kept_forms.keep(request, user_id=owner.pk)
    kept_id = QueryDict(urlsplit(next_url).query)[kept_forms.KEPT_PARAM]
    assert kept_forms.take(user_id=owner.pk + 1, path=URL, kept_id=kept_id) is None
    assert kept_forms.take(user_id=owner.pk, path="/elsewhere/", kept_id=kept_id) is None
    data = kept_forms.take(user_id=owner.pk, path=URL, kept_id=kept_id)
    assert data is not None
    assert data[f"action-{action.pk}-text"] == TYPED
    assert "csrfmiddlewaretoken" not in data
    assert "file" not in data


def test_a_single_progress_update_is_kept_too(client, action, clock):
    owner = owner_of(action)
    url = reverse("actionplans:progress-create", args=[action.pk])
    assert sign_in(client, owner).status_code == 302
    assert client.get(url).status_code == 200
    clock.shift(dt.timedelta(minutes=31))
    posted = {"text": TYPED, "rag": "amber", "status": "in_progress"}
    sign_in_url = client.post(url, posted).url
    page = client.get(sign_in(client, owner, sign_in_url).url).content.decode()
    assert KEPT in page
    assert TYPED in page
    assert not ProgressUpdate.objects.exists()


def test_it_waits_through_the_second_step_of_sign_in(client, action, clock):
    owner = owner_of(action)
    device = TOTPDevice.objects.create(user=owner, name="Authenticator app", confirmed=True)

    def code() -> str:
        return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"

    def sign_in_with_code(url: str = reverse("login")) -> str:
        after_password = sign_in(client, owner, url).url
        second_step = client.get(after_password)
        assert second_step.url.startswith(reverse("accounts:two-factor-verify"))
        passed = client.post(second_step.url, {"token": code()})
        assert passed.status_code == 302
        return passed.url

    client.get(sign_in_with_code())
    assert client.get(URL).status_code == 200
    clock.shift(dt.timedelta(minutes=31))
    sign_in_url = client.post(URL, typed(action)).url
    back = sign_in_with_code(sign_in_url)
    page = client.get(back).content.decode()
    assert KEPT in page
    assert f">{TYPED}</textarea>" in page
