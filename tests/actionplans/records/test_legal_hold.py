"""A lead or a superuser places and lifts a legal hold; a plan has one open hold at most."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from actionplans.records import services
from actionplans.records.models import LegalHold
from tests.agencies.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_places_and_lifts_a_hold(world):
    hold = services.place_hold(plan=world["plan"], by=world["lead"], reason="Inquiry X")
    assert hold.is_open
    lifted = services.lift_hold(hold=hold, by=world["lead"], reason="Inquiry ended")
    assert not lifted.is_open
    assert lifted.lifted_by == world["lead"]
    with pytest.raises(services.RecordsError, match="already been lifted"):
        services.lift_hold(hold=hold, by=world["lead"], reason="again")


def test_it_refuses_a_second_open_hold(world):
    services.place_hold(plan=world["plan"], by=world["lead"], reason="Inquiry X")
    with pytest.raises(services.RecordsError, match="already held"):
        services.place_hold(plan=world["plan"], by=world["lead"], reason="Inquiry Y")


def test_the_database_keeps_one_open_hold_per_plan(world):
    LegalHold.objects.create(plan=world["plan"], reason="A", placed_by=world["lead"])
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalHold.objects.create(plan=world["plan"], reason="B", placed_by=world["lead"])


def test_it_requires_a_reason(client, world):
    client.force_login(world["lead"])
    url = reverse("actionplans:hold-place", args=[world["plan"].pk])
    answer = client.post(url, {"reason": ""})
    assert answer.status_code == 400
    assert "Enter why the plan must be kept" in answer.content.decode()
    assert not LegalHold.objects.exists()


def test_a_superuser_may_place_a_hold_but_an_owner_may_not(client, world):
    url = reverse("actionplans:hold-place", args=[world["plan"].pk])
    client.force_login(world["owner"])
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.post(url, {"reason": "Inquiry"}).status_code == 302
    assert LegalHold.objects.filter(plan=world["plan"], lifted_at=None).count() == 1
