"""The import reads a file as a stream and stops at the first limit, saying which: files are
generated here as an attacker (or a careless export) would make them."""

import io
import time
import zipfile
from collections.abc import Iterable

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from actionplans.documents import spreadsheet_import
from actionplans.submission.models import PlanImport
from tests.actionplans.submission.test_import import empty_plan

pytestmark = pytest.mark.django_db

HEADINGS = (
    "Recommendation reference,Recommendation,Action reference,Action,Owner agency,Named lead,"
    "Due date"
)


def xlsx_with_sheet(rows_xml: Iterable[str], *, dimension: str = "A1") -> bytes:
    """A real workbook (made by openpyxl) whose first sheet is replaced by the given rows."""
    workbook = Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{"".join(rows_xml)}</sheetData></worksheet>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            target.writestr(info.filename, data)
    return out.getvalue()


def text_cell(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def upload(client, plan, name, content):
    return client.post(
        reverse("actionplans:import-upload", args=[plan.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def refusal(response) -> str:
    assert response.status_code == 200
    assert not PlanImport.objects.exists()
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1
    return errors[0]


def test_a_sheet_of_400000_rows_is_refused_at_the_row_limit_quickly(client, lead):
    # Row and cell addresses are optional: without them the sheet stays under the unzipped limit.
    rows = (f"<row><c><v>{n}</v></c></row>" for n in range(1, 400_001))
    content = xlsx_with_sheet(rows, dimension="A1:A400000")
    assert len(content) < spreadsheet_import.MAX_FILE_BYTES
    started = time.monotonic()
    message = refusal(upload(client, empty_plan(), "plan.xlsx", content))
    assert time.monotonic() - started < 5
    assert message == "The file has more than 2,000 rows of actions: split it into smaller files"


def test_a_heading_in_column_xfd_is_refused_before_reading_the_rows(client, lead):
    heading = f'<row r="1">{text_cell("A1", "Action")}{text_cell("XFD1", "Far away")}</row>'
    rows = [heading] + [f'<row r="{n}">{text_cell(f"A{n}", "x")}</row>' for n in range(2, 2002)]
    content = xlsx_with_sheet(rows, dimension="A1:XFD2001")
    assert len(content) < 20_000
    started = time.monotonic()
    message = refusal(upload(client, empty_plan(), "plan.xlsx", content))
    assert time.monotonic() - started < 5
    assert message == (
        "Row 1 has something in column XFD: the file may have at most 100 columns "
        "(up to column CV). Delete the columns after it"
    )


def test_a_column_without_a_heading_is_not_staged(client, lead):
    content = (f"{HEADINGS},,\n1,Improve,1.1,Audit,Police,Lead,30/09/2026,,{'x' * 500}\n").encode()
    upload(client, empty_plan(), "plan.csv", content)
    staged = PlanImport.objects.get()
    assert staged.headers == HEADINGS.split(",")
    assert staged.rows == [
        {
            "number": 2,
            "cells": ["1", "Improve", "1.1", "Audit", "Police", "Lead", "30/09/2026"],
        }
    ]


def test_a_cell_longer_than_10000_characters_is_refused_by_name(client, lead):
    rows = [
        f'<row r="1">{text_cell("A1", "Action")}</row>',
        f'<row r="2">{text_cell("A2", "fine")}{text_cell("B2", "y" * 10_001)}</row>',
    ]
    message = refusal(upload(client, empty_plan(), "plan.xlsx", xlsx_with_sheet(rows)))
    assert message == "Cell B2 has more than 10,000 characters: shorten it"


def test_a_huge_csv_cell_is_refused_by_the_cell_limit(client, lead):
    content = f'{HEADINGS}\n1,"{"z" * 200_000}",1.1,Audit,Police,Lead,30/09/2026\n'.encode()
    message = refusal(upload(client, empty_plan(), "plan.csv", content))
    assert "more than 10,000 characters" in message


def test_more_than_a_million_characters_in_all_is_refused(client, lead):
    cell = "w" * 9_000
    lines = [HEADINGS] + [f"1,Improve,1.{n},{cell},Police,Lead,30/09/2026" for n in range(120)]
    message = refusal(upload(client, empty_plan(), "plan.csv", "\n".join(lines).encode()))
    assert message == "The file holds more than 1,000,000 characters: split it into smaller files"


def test_a_zip_bomb_is_refused_from_its_declared_sizes_before_parsing(client, lead, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(spreadsheet_import, "load_workbook", never)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("xl/worksheets/sheet1.xml", b" " * (64 * 1024 * 1024))
    content = out.getvalue()
    assert len(content) < 100_000
    message = refusal(upload(client, empty_plan(), "plan.xlsx", content))
    assert message == (
        "The workbook is more than 20 MB once unzipped: save only the action plan's sheet, "
        "or split it into smaller files"
    )


def test_a_zip_that_lies_about_its_sizes_is_refused_as_unreadable(client, lead):
    rows = [f'<row r="1">{text_cell("A1", "Action")}</row>'] + [
        f'<row r="{n}">{text_cell(f"A{n}", "padding " * 10)}</row>' for n in range(2, 1000)
    ]
    content = bytearray(xlsx_with_sheet(rows))
    # Shrink the sheet's declared size in the central directory (which comes last), as a bomb
    # would: the uncompressed size is at byte 24 of the sheet's entry.
    at = content.rfind(b"xl/worksheets/sheet1.xml")
    entry = content.rfind(b"PK\x01\x02", 0, at)
    content[entry + 24 : entry + 28] = (100).to_bytes(4, "little")
    message = refusal(upload(client, empty_plan(), "plan.xlsx", bytes(content)))
    assert message == "The selected file is not a readable Excel workbook"


def test_a_file_over_5_mb_is_refused(client, lead):
    content = (HEADINGS + "\n").encode() + b"a" * (5 * 1024 * 1024)
    message = refusal(upload(client, empty_plan(), "plan.csv", content))
    assert message == "The selected file must be smaller than 5 MB"


def test_a_file_that_takes_too_long_is_refused_at_10_seconds(client, lead, monkeypatch):
    ticks = iter(range(0, 10_000, 3))
    monkeypatch.setattr(spreadsheet_import, "clock", lambda: next(ticks))
    lines = [HEADINGS] + [f"1,Improve,1.{n},Audit,Police,Lead,30/09/2026" for n in range(10)]
    message = refusal(upload(client, empty_plan(), "plan.csv", "\n".join(lines).encode()))
    assert message == "The file took longer than 10 seconds to read: split it into smaller files"


def test_a_csv_not_saved_as_utf8_is_refused(client, lead):
    content = f"{HEADINGS}\n1,Améliorer,1.1,Audit,Police,Lead,30/09/2026\n".encode("latin-1")
    message = refusal(upload(client, empty_plan(), "plan.csv", content))
    assert message == "The CSV file must be saved as UTF-8"


def test_a_csv_with_too_many_columns_is_refused(client, lead):
    content = ",".join(f"h{n}" for n in range(101)).encode()
    message = refusal(upload(client, empty_plan(), "plan.csv", content))
    assert message.startswith("Row 1 has something in column CW")


def test_2000_rows_are_taken_and_staged(client, lead):
    lines = [HEADINGS] + [f"1,Improve,1.{n},Audit,Police,Lead,30/09/2026" for n in range(2000)]
    response = upload(client, empty_plan(), "plan.csv", "\n".join(lines).encode())
    assert response.status_code == 302
    assert len(PlanImport.objects.get().rows) == 2000


def test_the_readme_quotes_the_limits_and_the_headings():
    readme = (settings.BASE_DIR / "docs" / "user" / "submission-pack.md").read_text()
    section = readme.split("### Import limits")[1].split("\n## ")[0]
    for line, value in [
        ("| file size |", spreadsheet_import.MAX_FILE_BYTES // 1024 // 1024),
        ("once unzipped", spreadsheet_import.MAX_UNZIPPED_BYTES // 1024 // 1024),
        ("| rows of actions |", spreadsheet_import.MAX_ROWS),
        ("| columns |", spreadsheet_import.MAX_COLUMNS),
        ("| characters in one cell |", spreadsheet_import.MAX_CELL_CHARACTERS),
        ("| characters in the whole file |", spreadsheet_import.MAX_TOTAL_CHARACTERS),
        ("| time to read the file |", spreadsheet_import.MAX_SECONDS),
    ]:
        (row,) = [r for r in section.splitlines() if line in r]
        assert f"| {value:,} " in row, row
    headings_table = section.split("Headings recognised")[1]
    rows = [r.strip("| ").split(" | ") for r in headings_table.splitlines() if r.startswith("| ")]
    quoted = {
        field.removesuffix(" (required)"): set(headings.split(", ")) for field, headings in rows[1:]
    }
    assert quoted == {
        spreadsheet_import.LABELS[key]: {spreadsheet_import.LABELS[key], *headings}
        for key, headings in spreadsheet_import.HEADINGS.items()
    }
