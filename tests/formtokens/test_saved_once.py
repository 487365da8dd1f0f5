"""`saved_once`: the one guard every create form shares, low enough for every app to use."""

import uuid
from typing import Any

import pytest

from formtokens.models import UsedFormToken
from formtokens.services import AlreadySaved, saved_once
from tests.agencies.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_token_saves_once_and_says_what_was_saved():
    person: Any = UserFactory()
    token = uuid.uuid4()
    with saved_once(token=token, person=person, already="This finding was already saved."):
        pass
    with (
        pytest.raises(AlreadySaved, match=r"^This finding was already saved\.$"),
        saved_once(token=token, person=person, already="This finding was already saved."),
    ):
        pytest.fail("the second save ran")
    assert UsedFormToken.objects.filter(token=token, person=person).count() == 1


def test_a_create_that_fails_leaves_its_token_free():
    person: Any = UserFactory()
    token = uuid.uuid4()
    with (
        pytest.raises(ValueError, match="refused"),
        saved_once(token=token, person=person, already="Saved."),
    ):
        raise ValueError("refused")
    with saved_once(token=token, person=person, already="Saved."):
        pass
    assert UsedFormToken.objects.filter(token=token).count() == 1


def test_a_page_drawn_without_a_token_is_not_guarded():
    person: Any = UserFactory()
    for _ in range(2):
        with saved_once(token=None, person=person, already="Saved."):
            pass
    assert not UsedFormToken.objects.exists()
