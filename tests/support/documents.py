"""Every document a plan is sent or reported in, produced as a person would: the four exports, a
board report in both formats, and the submission pack. Each must open in its own reader."""

import csv
import datetime as dt
import io

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from actionplans.plans.models import ActionPlan
from actionplans.submission.models import BoardReport, SubmittedPlan
from tests.support.approvals import approve_plan


def exports(client: Client, plan: ActionPlan) -> dict[str, bytes]:
    """The live plan as Word, PDF, Excel and CSV, each checked to open."""
    found = {}
    for kind in ("docx", "pdf", "xlsx", "csv"):
        response = client.get(reverse("actionplans:plan-export", args=[plan.pk, kind]))
        assert response.status_code == 200, (kind, response.status_code)
        found[kind] = response.content
    Document(io.BytesIO(found["docx"]))
    assert PdfReader(io.BytesIO(found["pdf"])).pages
    load_workbook(io.BytesIO(found["xlsx"]))
    list(csv.reader(io.StringIO(found["csv"].decode())))
    return found


def board_report(client: Client, plan: ActionPlan) -> dict[str, bytes]:
    """A board report produced by `client` (a lead or manager) and both its files."""
    since = timezone.localdate() - dt.timedelta(days=30)
    response = client.post(
        reverse("actionplans:board-reports", args=[plan.pk]),
        {"since_0": since.day, "since_1": since.month, "since_2": since.year},
    )
    assert response.status_code == 302, response.status_code
    report = BoardReport.objects.filter(plan=plan).latest("pk")
    files = {}
    for kind in ("docx", "pdf"):
        download = client.get(reverse("actionplans:board-report-download", args=[report.pk, kind]))
        assert download.status_code == 200, (kind, download.status_code)
        files[kind] = b"".join(download.streaming_content)
    Document(io.BytesIO(files["docx"]))
    assert PdfReader(io.BytesIO(files["pdf"])).pages
    return files


def submission(client: Client, plan: ActionPlan) -> dict[str, bytes]:
    """The plan submitted by `client` (its lead), once its approvers approve it as it reads now,
    and the frozen pack's files."""
    approve_plan(plan)
    response = client.post(
        reverse("actionplans:plan-submit", args=[plan.pk]), {"confirm": "yes", "accept_gaps": "on"}
    )
    assert response.status_code == 302, response.status_code
    frozen = SubmittedPlan.objects.get(plan=plan)
    assert client.get(frozen.get_absolute_url()).status_code == 200
    files = {}
    for kind in ("docx", "pdf"):
        download = client.get(reverse("actionplans:submission-download", args=[frozen.pk, kind]))
        assert download.status_code == 200, (kind, download.status_code)
        files[kind] = download.getvalue()
    Document(io.BytesIO(files["docx"]))
    assert PdfReader(io.BytesIO(files["pdf"])).pages
    return files


def text_of_docx(content: bytes) -> str:
    word = Document(io.BytesIO(content))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def text_of_pdf(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def text_of_xlsx(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
