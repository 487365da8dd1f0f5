"""The board progress report: what it says matches the database, and it is kept as produced."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from actionplans.measures.models import Measure
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate
from actionplans.plans.selectors import plan_actions
from actionplans.submission.board_reports import default_since
from actionplans.submission.models import BoardReport
from agencies.models import User
from demo.loader import load_demo

pytestmark = pytest.mark.django_db

SINCE = dt.date(2026, 3, 1)


@pytest.fixture
def plan(client):
    load_demo()
    client.force_login(User.objects.get(email="manager@southampton.example"))
    return ActionPlan.objects.get(inspection__regime__code="jtai")


def produce(client, plan, since=SINCE):
    url = reverse("actionplans:board-reports", args=[plan.pk])
    return client.post(
        url, {"since_0": since.day, "since_1": since.month, "since_2": since.year}, follow=True
    )


def download(client, report, kind):
    response = client.get(reverse("actionplans:board-report-download", args=[report.pk, kind]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def tables_by_heading(word):
    """Each table under the heading just before it."""
    found, heading = {}, None
    for block in word.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(block, word).text.strip()
            if text:
                heading = text
        elif tag == "tbl":
            found[heading] = next(t for t in word.tables if t._tbl is block)
    return found


def references(table):
    return [row.cells[0].text for row in table.rows[1:]]


def test_the_manager_produces_a_report_kept_with_its_period(client, plan):
    response = produce(client, plan)
    assert response.status_code == 200
    report = BoardReport.objects.get()
    assert (report.since, report.report_date) == (SINCE, timezone.localdate())
    assert report.produced_by.email == "manager@southampton.example"
    assert "ready: download it below" in response.content.decode()
    assert reverse("actionplans:board-report-download", args=[report.pk, "pdf"]) in (
        response.content.decode()
    )


def test_the_word_report_says_what_the_database_says(client, plan):
    produce(client, plan)
    word = Document(io.BytesIO(download(client, BoardReport.objects.get(), "docx")))
    tables = tables_by_heading(word)
    today = timezone.localdate()
    actions = plan_actions(plan)

    completed = actions.filter(signed_off_at__date__gte=SINCE)
    assert set(references(tables["Completed since 1 March 2026"])) == set(
        completed.values_list("reference", flat=True)
    )
    assert completed.exists()

    open_actions = actions.exclude(status=Action.Status.COMPLETE)
    slipped = {
        a.reference: a
        for a in open_actions
        if (a.revised_due_date and a.revised_due_date > a.due_date)
        or (a.revised_due_date or a.due_date) < today
    }
    slipped_table = next(t for h, t in tables.items() if h.startswith("Slipped actions and why"))
    rows = {row.cells[0].text: row.cells for row in slipped_table.rows[1:]}
    assert set(rows) == set(slipped)
    for reference, action in slipped.items():
        reason = rows[reference][5].text
        if action.revised_due_date:
            assert reason.startswith(action.revised_reason)
        else:
            assert reason == "No revised date agreed"

    updates = ProgressUpdate.objects.filter(
        action__in=plan_actions(plan), date__gte=SINCE, date__lte=today
    )
    progress = tables["Progress reported since 1 March 2026"]
    assert len(progress.rows) - 1 == updates.count()
    # The board is the partnership's own: internal notes are in, marked as such.
    assert {row.cells[4].text for row in progress.rows[1:]} == {
        f"Internal note: {u.text}" if u.is_internal else u.text for u in updates
    }

    trend = tables["Measures and their trend"]
    assert [row.cells[0].text for row in trend.rows[1:]] == list(
        Measure.objects.filter(plan=plan)
        .order_by("position", "name", "pk")
        .values_list("name", flat=True)
    )
    ethnicity = next(row.cells for row in trend.rows[1:] if "ethnicity" in row.cells[0].text)
    assert (ethnicity[6].text, ethnicity[7].text) == ("Not moving", "Red")


def test_a_slipped_action_gives_the_date_it_was_revised_and_whether_it_is_new(client, plan):
    produce(client, plan)
    word = Document(io.BytesIO(download(client, BoardReport.objects.get(), "docx")))
    slipped = next(t for h, t in tables_by_heading(word).items() if h.startswith("Slipped"))
    rows = {row.cells[0].text: row.cells for row in slipped.rows[1:]}
    # The demo's PCC 2.1 was revised on 6 March 2026, within the period: new since the last report.
    assert "(revised 6 March 2026)" in rows["PCC 2.1"][5].text
    assert rows["PCC 2.1"][7].text == "New"
    # 3.2 fell overdue on 30 January 2026, before the period: it had already slipped.
    assert rows["3.2"][7].text == ""


def test_the_pdf_report_has_the_charts_and_the_slipped_actions(client, plan):
    produce(client, plan)
    reader = PdfReader(io.BytesIO(download(client, BoardReport.objects.get(), "pdf")))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Progress report to the board: Southampton Safeguarding Children Partnership" in text
    assert "Actions by RAG and agency" in text
    for measure in Measure.objects.filter(plan=plan):
        assert measure.name in text
    assert "No revised date agreed" in text
    assert "PCC 2.1" in text


def test_the_next_report_starts_where_the_last_one_ended(client, plan):
    today = timezone.localdate()
    assert default_since(plan, today) == timezone.localdate(plan.submitted_at)
    produce(client, plan)
    assert default_since(plan, today) == today
    page = client.get(reverse("actionplans:board-reports", args=[plan.pk])).content.decode()
    assert f'name="since_0" value="{today.day}"' in page


def test_a_date_in_the_future_is_refused_and_nothing_is_produced(client, plan):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = produce(client, plan, since=tomorrow)
    assert response.status_code == 400
    assert "The date must be today or in the past" in response.content.decode()
    assert not BoardReport.objects.exists()


def test_an_impossible_date_is_refused_with_a_message(client, plan):
    url = reverse("actionplans:board-reports", args=[plan.pk])
    response = client.post(url, {"since_0": "31", "since_1": "2", "since_2": "2026"})
    assert response.status_code == 400
    assert "must be a real date" in response.content.decode()
    assert not BoardReport.objects.exists()


def test_an_owner_reads_reports_but_cannot_produce_one(client, plan):
    produce(client, plan)
    client.force_login(User.objects.get(email="police@southampton.example"))
    page = client.get(reverse("actionplans:board-reports", args=[plan.pk]))
    assert page.status_code == 200
    assert "Produce a report" not in page.content.decode()
    assert download(client, BoardReport.objects.get(), "pdf").startswith(b"%PDF")
    assert produce(client, plan).status_code == 403
    assert BoardReport.objects.count() == 1


def test_a_report_cannot_be_changed_once_produced(client, plan):
    produce(client, plan)
    report = BoardReport.objects.get()
    report.since = dt.date(2025, 1, 1)
    with pytest.raises(ValueError, match="cannot be changed"):
        report.save()
