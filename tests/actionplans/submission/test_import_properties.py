"""Arbitrary small spreadsheets through the import, as a lead would upload them: whatever the
cells, types and sizes, no page answers 500, and confirming saves every row or none."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from actionplans.documents.spreadsheet_import import HEADINGS, LABELS, REQUIRED
from actionplans.plans.models import Action
from tests.actionplans.submission.test_import import empty_plan

pytestmark = pytest.mark.django_db

# Cells that reach the deeper checks (agencies, dates, choices) as well as anything at all.
LIKELY = [
    "Police",
    "Children's services",
    "Ministry of Magic",
    "1",
    "1.1",
    "24/10/2025",
    "31/02/2026",
    "March 2027",
    "Complete",
    "In progress",
    "Red",
    "Blue",
    "Police; Health",
    "=1+1",
    '\'=HYPERLINK("x")',
    "x" * 301,
    "",
]
HEADING_POOL = [LABELS[key] for key in REQUIRED] + [h for hs in HEADINGS.values() for h in hs]

any_text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), max_size=40
)  # any Unicode a file can hold: controls, right-to-left, emoji
cells = st.one_of(
    st.none(),
    st.sampled_from(LIKELY),
    any_text,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)),
)


VALID = {
    "recommendation_reference": "1",
    "recommendation": "Improve the timeliness of referrals",
    "reference": "1.1",
    "title": "Audit referrals",
    "owner_agency": "Police",
    "lead_name": "DCI Smith",
    "due_date": "30/09/2026",
    "latest_progress": "Audit planned",
}


@st.composite
def plausible(draw: st.DrawFn) -> tuple[list[str], list[list[object]]]:
    """A plan that is nearly right: most cells valid, some anything at all."""
    keys = draw(st.permutations(list(VALID)))
    rows = []
    for number in range(draw(st.integers(min_value=1, max_value=5))):
        row: list[object] = []
        for key in keys:
            valid = f"1.{number}" if key == "reference" else VALID[key]
            row.append(valid if draw(st.integers(0, 9)) else draw(cells))
        rows.append(row)
    return [draw(st.sampled_from(HEADINGS[key])) for key in keys], rows


@st.composite
def sheets(draw: st.DrawFn) -> tuple[list[str], list[list[object]]]:
    if draw(st.booleans()):
        return draw(plausible())
    if draw(st.booleans()):
        headers = [LABELS[key] for key in REQUIRED]
        headers += draw(st.lists(st.sampled_from(HEADING_POOL) | any_text, max_size=3))
        headers = draw(st.permutations(headers))
    else:
        headers = draw(st.lists(st.sampled_from(HEADING_POOL) | any_text, max_size=8))
    width = max(len(headers), 1)
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=width), max_size=6))
    return headers, rows


def as_csv(headers: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode()


def as_xlsx(headers: list[str], rows: list[list[object]]) -> bytes:
    def legal(value: object) -> object:
        # openpyxl refuses to write what XML cannot hold, so no such file reaches a lead.
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([legal(h) for h in headers])
    for row in rows:
        sheet.append([legal(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@given(sheet=sheets(), kind=st.sampled_from(["csv", "xlsx"]), mapping=st.lists(any_text))
def test_any_small_spreadsheet_imports_all_or_nothing_without_a_500(
    client, lead, sheet, kind, mapping
):
    headers, rows = sheet
    content = as_csv(headers, rows) if kind == "csv" else as_xlsx(headers, rows)
    plan = empty_plan()
    response = client.post(
        reverse("actionplans:import-upload", args=[plan.pk]),
        {"file": SimpleUploadedFile(f"plan.{kind}", content)},
    )
    if response.status_code == 200:
        assert response.context["form"].errors["file"]
        event("file refused")
        return
    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.status_code == 200
    result = preview.context["result"]

    confirm = client.post(response.url, {"confirm": "1"})
    created = Action.objects.filter(plan=plan).count()
    event("imported" if result.ok else "rows in error")
    if result.ok:
        assert confirm.status_code == 302
        assert created == len(result.rows)
        assert client.get(plan.get_absolute_url()).status_code == 200
    else:
        assert confirm.status_code == 200
        assert created == 0
        remap = {f"map-{key}": value for key, value in zip(LABELS, mapping, strict=False)}
        assert client.post(response.url, remap | {"remap": "1"}).status_code == 200
