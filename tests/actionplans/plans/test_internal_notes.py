"""Internal notes stay internal: send-back reasons and updates marked internal are seen in the app
(with an "Internal" tag) and in the partnership's board reports, never in a document sent outside
the partnership (the plan as Word or PDF, the Excel and CSV exports, the submission pack)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from actionplans.plans.models import Action, ProgressUpdate
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import MembershipFactory
from tests.support import documents

pytestmark = pytest.mark.django_db

SHARED = "Audit of referral timeliness completed; the report is attached."
INTERNAL = "Two of the CRS staff are off sick until November; the audit may slip."
REASON = "The audit report is not attached yet."


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path, time_machine):
    settings.MEDIA_ROOT = tmp_path / "media"
    time_machine.move_to(dt.datetime(2025, 10, 1, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def action():
    return ActionFactory(due_date=dt.date(2025, 12, 19))


@pytest.fixture
def owner(action):
    return MembershipFactory(
        partnership=action.plan.inspection.partnership,
        agency=action.owner_agency,
        role=Membership.Role.OWNER,
    ).user


@pytest.fixture
def lead(action):
    return MembershipFactory(
        partnership=action.plan.inspection.partnership, role=Membership.Role.LEAD
    ).user


def add_update(client, action, text, *, internal=False, status="in_progress"):
    data = {"text": text, "rag": "amber", "status": status}
    if internal:
        data["internal"] = "on"
    response = client.post(reverse("actionplans:progress-create", args=[action.pk]), data)
    assert response.status_code == 302


def test_the_update_form_offers_an_internal_note(client, owner, action):
    client.force_login(owner)
    page = client.get(reverse("actionplans:progress-create", args=[action.pk])).content.decode()
    assert (
        "Internal note: only people in this partnership see it, never in documents sent outside"
        in page
    )


def test_an_internal_note_is_tagged_in_the_app(client, owner, action):
    client.force_login(owner)
    add_update(client, action, SHARED)
    add_update(client, action, INTERNAL, internal=True)
    assert ProgressUpdate.objects.get(text=INTERNAL).internal
    assert not ProgressUpdate.objects.get(text=SHARED).internal
    page = client.get(action.get_absolute_url()).content.decode()
    assert INTERNAL in page
    assert page.count(">Internal</strong>") == 1


def test_documents_sent_outside_show_the_latest_update_that_is_not_internal(
    client, owner, lead, action
):
    client.force_login(owner)
    add_update(client, action, SHARED)
    add_update(client, action, INTERNAL, internal=True)
    client.force_login(lead)
    exported = documents.exports(client, action.plan)
    for text in (
        documents.text_of_docx(exported["docx"]),
        documents.text_of_pdf(exported["pdf"]),
        documents.text_of_xlsx(exported["xlsx"]),
        exported["csv"].decode(),
    ):
        words = " ".join(text.split())  # the PDF wraps lines inside a cell
        assert "off sick" not in words
        assert SHARED in words
    submitted = documents.submission(client, action.plan)
    assert "off sick" not in documents.text_of_docx(submitted["docx"])
    assert "off sick" not in " ".join(documents.text_of_pdf(submitted["pdf"]).split())
    assert SHARED in documents.text_of_docx(submitted["docx"])


def test_a_send_back_reason_is_never_the_latest_progress_of_an_exported_plan(
    client, owner, lead, action
):
    client.force_login(owner)
    add_update(client, action, SHARED, status="awaiting_sign_off")
    client.force_login(lead)
    response = client.post(
        reverse("actionplans:action-send-back", args=[action.pk]), {"reason": REASON}
    )
    assert response.status_code == 302
    sent_back = ProgressUpdate.objects.get(sent_back=True)
    assert sent_back.internal
    assert Action.objects.get(pk=action.pk).status == Action.Status.IN_PROGRESS
    exported = documents.exports(client, action.plan)
    assert "not attached yet" not in documents.text_of_docx(exported["docx"])
    assert "not attached yet" not in exported["csv"].decode()
    assert "not attached yet" not in documents.text_of_xlsx(exported["xlsx"])
    assert SHARED in documents.text_of_docx(exported["docx"])
    page = client.get(action.get_absolute_url()).content.decode()
    assert REASON in page
    assert ">Internal</strong>" in page


def test_the_board_report_keeps_internal_notes_marked_as_such(client, owner, lead, action):
    client.force_login(owner)
    add_update(client, action, SHARED)
    add_update(client, action, INTERNAL, internal=True)
    client.force_login(lead)
    report = documents.text_of_docx(documents.board_report(client, action.plan)["docx"])
    assert f"Internal note: {INTERNAL}" in report
    assert SHARED in report
    assert f"Internal note: {SHARED}" not in report


def test_the_internal_note_hint_sits_beside_its_box_and_describes_it(client, action, owner):
    """GOV.UK's single checkbox with a hint: the hint under the label, inside the checkbox
    item, and the box described by it, so a screen reader reads it with the box."""
    client.force_login(owner)
    html = client.get(reverse("actionplans:progress-create", args=[action.pk])).content.decode()
    group = html[html.index('id="div_id_internal"') : html.index('id="div_id_rag"')]
    item = group[group.index('class="govuk-checkboxes__item"') :]
    box = re.search(r"<input[^>]*>", item)
    assert box is not None
    assert 'name="internal"' in box.group(0)
    assert 'aria-describedby="id_internal_hint"' in box.group(0)
    hint = re.search(r'<div id="id_internal_hint" class="govuk-hint govuk-checkboxes__hint">', item)
    assert hint is not None, group
    assert item.index("govuk-checkboxes__label") < hint.start()
    assert html.count('id="id_internal_hint"') == 1
