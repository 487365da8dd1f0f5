"""Readiness, submission and the frozen copy."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from actionplans.plans.models import Action, ActionPlan
from actionplans.plans.readiness import check_readiness
from actionplans.submission.models import SubmittedPlan
from agencies.models import User
from demo.loader import load_demo
from inspections.models import Finding
from tests.support.approvals import approve_plan

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 9, 29)
# The confirmation page's "Yes, mark it as submitted".
CONFIRM = {"confirm": "yes"}


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def draft(client, time_machine):
    """The demo on 29 September 2025, 25 days before its deadline: a draft plan."""
    time_machine.move_to(dt.datetime(2025, 9, 29, 10, tzinfo=dt.UTC), tick=False)
    load_demo(deadline_in=25)
    client.force_login(User.objects.get(email="lead@southampton.example"))
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    # The partners approve the plan as the demo has it: submitting needs their approval.
    approve_plan(plan)
    return plan


def test_readiness_lists_each_gap_with_a_link_to_fix_it(draft):
    today = TODAY
    assert check_readiness(draft, today=today) == []
    Action.objects.filter(reference="1.3").update(success_measure="")
    area = Finding.objects.create(
        inspection=draft.inspection, kind="area_for_improvement", reference="AFI 4", text="New"
    )
    gaps = check_readiness(draft, today=today)
    messages = [g.message for g in gaps]
    assert messages == [
        "Area for improvement AFI 4 has no action",
        "Action 1.3 has no success measure",
    ]
    assert f"finding={area.pk}" in gaps[0].url
    edit = reverse("actionplans:action-update", args=[Action.objects.get(reference="1.3").pk])
    checklist = reverse("actionplans:plan-readiness", args=[draft.pk])
    assert gaps[1].url == f"{edit}?next={checklist.replace('/', '%2F')}#id_success_measure"


def test_an_overdue_action_without_a_reason_is_a_gap(draft):
    late = Action.objects.get(reference="1.5")
    gaps = check_readiness(draft, today=late.effective_due_date + dt.timedelta(days=1))
    assert "Action 1.5 is overdue with no revised date or reason" in [g.message for g in gaps]


def test_submitting_freezes_the_plan_and_its_documents(client, draft):
    response = client.post(reverse("actionplans:plan-submit", args=[draft.pk]), CONFIRM)
    frozen = SubmittedPlan.objects.get()
    assert response.url == frozen.get_absolute_url()
    draft.refresh_from_db()
    assert draft.status == ActionPlan.Status.SUBMITTED
    assert draft.submitted_by.email == "lead@southampton.example"
    word = Document(frozen.word_document.open("rb"))
    assert any(row.cells[0].text == "1.1" for t in word.tables for row in t.rows)
    assert frozen.pdf_document.open("rb").read(5) == b"%PDF-"

    # The live plan changes; the frozen copy does not.
    Action.objects.filter(reference="1.1").update(title="Changed after submission")
    body = client.get(frozen.get_absolute_url()).content.decode()
    assert "Changed after submission" not in body
    assert "Audit the timeliness of high-risk referrals to the CRS" in body
    word = Document(
        io.BytesIO(
            client.get(
                reverse("actionplans:submission-download", args=[frozen.pk, "docx"])
            ).getvalue()
        )
    )
    assert "Changed after submission" not in "".join(
        c.text for t in word.tables for row in t.rows for c in row.cells
    )


def test_a_frozen_copy_cannot_be_saved_again(client, draft):
    client.post(reverse("actionplans:plan-submit", args=[draft.pk]), CONFIRM)
    frozen = SubmittedPlan.objects.get()
    frozen.data = {}
    with pytest.raises(ValueError, match="frozen"):
        frozen.save()


def test_a_plan_with_gaps_needs_the_lead_to_confirm(client, draft):
    Action.objects.filter(reference="1.3").update(success_measure="")
    response = client.post(reverse("actionplans:plan-submit", args=[draft.pk]), CONFIRM)
    assert response.status_code == 400
    assert "still has 1 gaps" in response.content.decode()
    assert not SubmittedPlan.objects.exists()
    # Removing the success measure changed what is sent: the partners approve it again.
    approve_plan(draft)
    client.post(
        reverse("actionplans:plan-submit", args=[draft.pk]), {**CONFIRM, "accept_gaps": "on"}
    )
    assert SubmittedPlan.objects.get().gaps_accepted == ["Action 1.3 has no success measure"]


def test_only_the_lead_may_submit(client, draft):
    client.force_login(User.objects.get(email="police@southampton.example"))
    assert (
        client.post(reverse("actionplans:plan-submit", args=[draft.pk]), CONFIRM).status_code == 403
    )
    assert client.get(reverse("actionplans:plan-readiness", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == ActionPlan.Status.DRAFT


def test_a_plan_is_submitted_once(client, draft):
    client.post(reverse("actionplans:plan-submit", args=[draft.pk]), CONFIRM)
    response = client.post(
        reverse("actionplans:plan-submit", args=[draft.pk]), CONFIRM, follow=True
    )
    assert "already been submitted" in response.content.decode()
    assert SubmittedPlan.objects.count() == 1


def test_the_sent_documents_end_with_who_approved_them(client, draft):
    client.post(reverse("actionplans:plan-submit", args=[draft.pk]), CONFIRM)
    frozen = SubmittedPlan.objects.get()
    approvers = {
        f"{d.approver.agency}": str(d.person)
        for d in draft.approval_requests.first().decisions.select_related("approver__agency")
    }
    assert len(approvers) == 3

    word = Document(frozen.word_document.open("rb"))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-1] == "Approved by"
    rows = [[c.text for c in row.cells] for row in word.tables[-1].rows]
    assert rows[0][:3] == ["Agency", "Approved by", "Approved on"]
    assert {row[0]: row[1] for row in rows[1:]} == approvers

    pdf = "".join(page.extract_text() for page in PdfReader(frozen.pdf_document.open("rb")).pages)
    assert "Approved by" in pdf
    for person in approvers.values():
        assert person in pdf
