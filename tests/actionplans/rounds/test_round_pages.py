"""The round pages: a lead opens a round from the form (errors in words), everyone of the
partnership who may see the plan's progress reads who has answered, only a lead opens and closes
one, another partnership's round is not found, and an email that could not be delivered is
shown on the round's page."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.rounds import services
from actionplans.rounds.models import UpdateRound
from outbox.models import Email
from outbox.statuses import check_delivery_statuses
from tests.actionplans.rounds.conftest import CLOSES_ON, NOW
from tests.support.outbox import send_queued_emails

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_a_lead_opens_a_round_from_the_form(world):
    lead = _as(world.lead)
    url = reverse("actionplans:round-open", args=[world.plan.pk])
    refused = lead.post(url, {"name": "", **_date("closes_on", CLOSES_ON), "repeats": "none"})
    assert refused.status_code == 400
    assert "Enter a name for the round" in refused.content.decode()
    past = lead.post(
        url, {"name": "Board", **_date("closes_on", dt.date(2025, 10, 1)), "repeats": "none"}
    )
    assert past.status_code == 400
    assert "The closing date must be today or later" in past.content.decode()
    assert not UpdateRound.objects.exists()
    opened = lead.post(
        url, {"name": "November board", **_date("closes_on", CLOSES_ON), "repeats": "monthly"}
    )
    round_ = UpdateRound.objects.get()
    assert opened.status_code == 302
    assert opened.url == round_.get_absolute_url()
    page = lead.get(round_.get_absolute_url()).content.decode()
    assert "4 people were asked for their update by 20 November 2025" in page
    assert "0 of 4 people" in page
    assert "Jo Bloggs (contributor, by link)" in page
    assert "Close the round" in page


def test_who_may_see_and_who_may_manage(world):
    round_ = services.open_round(
        plan=world.plan, name="November board", closes_on=CLOSES_ON, by=world.lead, now=NOW
    )
    detail = round_.get_absolute_url()
    close = reverse("actionplans:round-close", args=[round_.pk])
    new = reverse("actionplans:round-open", args=[world.plan.pk])
    manager = _as(world.manager)
    assert manager.get(detail).status_code == 200
    assert "Close the round" not in manager.get(detail).content.decode()
    assert manager.get(close).status_code == 403
    assert manager.get(new).status_code == 403
    owner = _as(world.police_owners[0])
    assert owner.get(detail).status_code == 403
    assert owner.post(close, {"confirm": "on"}).status_code == 403
    stranger = _as(world.other_lead)
    assert stranger.get(detail).status_code == 404
    assert stranger.post(close, {"confirm": "on"}).status_code == 404
    assert UpdateRound.objects.get().closed_at is None


def test_a_lead_closes_a_round_and_finds_its_board_report(world):
    round_ = services.open_round(
        plan=world.plan, name="November board", closes_on=CLOSES_ON, by=world.lead, now=NOW
    )
    lead = _as(world.lead)
    close = reverse("actionplans:round-close", args=[round_.pk])
    assert lead.get(close).status_code == 200
    closed = lead.post(close, {"confirm": "on"}, follow=True)
    assert closed.status_code == 200
    page = closed.content.decode()
    round_.refresh_from_db()
    assert round_.closed_at is not None
    assert (
        reverse("actionplans:board-report-download", args=[round_.board_report_id, "pdf"]) in page
    )


def test_an_undelivered_request_is_shown_on_the_rounds_page(world, fake_notify):
    round_ = services.open_round(
        plan=world.plan, name="November board", closes_on=CLOSES_ON, by=world.lead, now=NOW
    )
    send_queued_emails()
    bounced = Email.objects.get(to=world.health_owner.email)
    fake_notify.set_status(bounced.provider_id, "permanent-failure")
    check_delivery_statuses(now=NOW + dt.timedelta(minutes=10))
    page = _as(world.lead).get(round_.get_absolute_url()).content.decode()
    assert "Some emails of this round could not be delivered" in page
    assert f"{world.health_owner.email}: The address does not exist" in page
    assert world.police_owners[0].email not in page.split("Who was asked")[0]
