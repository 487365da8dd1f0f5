"""The house Word layout (python-docx): A4 landscape, Arial 10 pt, grid tables, a footer.

The Word twin of `pdf.py`: the action plan and the board progress report are both built from
these parts. Colour in a cell always comes with its word (RAG "Red", "Amber" …), never alone.
Every text goes in through `clean_text`: a .docx is XML, and one control character stored before
the forms cleaned text (or written by the admin) would otherwise make the whole document fail.
"""

import io
from collections.abc import Iterable, Sequence

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from ui.text import clean_text

HEADER_FILL = "E8E8E8"
TEXT_WIDTH_CM = 29.7 - 2 * 1.5  # landscape A4 less the margins
SECONDARY = RGBColor(0x50, 0x5A, 0x5F)


def new_document(*, title: str, author: str) -> WordDocument:
    """An empty landscape A4 document with the house styles and its properties set."""
    word = Document()
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    word.styles["Normal"].font.name = "Arial"
    word.styles["Normal"].font.size = Pt(10)
    word.core_properties.title = clean_text(title)
    word.core_properties.author = clean_text(author)
    word.core_properties.language = "en-GB"
    return word


def heading(word: WordDocument, text: str, *, level: int) -> Paragraph:
    return word.add_heading(clean_text(text), level=level)


def paragraph(word: WordDocument, text: str) -> Paragraph:
    return word.add_paragraph(clean_text(text))


def shade(cell: _Cell, hex_colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), hex_colour)
    properties.append(shading)


def _row_property(row: _Row, name: str) -> None:
    """Switch on a row property: `w:tblHeader` (repeat on every page), `w:cantSplit`."""
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def facts(word: WordDocument, pairs: Iterable[tuple[str, str]]) -> Table:
    """A two-column table of labels (bold) and values."""
    grid = word.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    grid.autofit = False
    for label, value in pairs:
        row = grid.add_row().cells
        row[0].text, row[1].text = clean_text(label), clean_text(value)
        row[0].paragraphs[0].runs[0].bold = True
        shade(row[0], HEADER_FILL)
        _set_widths(row, (0.25, 0.75))
    _set_grid(grid, (0.25, 0.75))
    return grid


def _set_widths(cells: Sequence[_Cell], widths: Sequence[float]) -> None:
    """Word sizes a column by its cells: each gets its fraction of the text width."""
    for cell, fraction in zip(cells, widths, strict=True):
        cell.width = Cm(TEXT_WIDTH_CM * fraction)


def _set_grid(grid: Table, widths: Sequence[float]) -> None:
    """LibreOffice sizes a column by the table's grid: set that too."""
    for column, fraction in zip(grid.columns, widths, strict=True):
        column.width = Cm(TEXT_WIDTH_CM * fraction)


def table(
    word: WordDocument,
    headings: Sequence[str],
    rows: Iterable[Sequence[str]],
    widths: Sequence[float] | None = None,
    *,
    fills: Iterable[tuple[int, int, str]] = (),
) -> Table:
    """A grid with a bold, shaded heading row that repeats on every page.

    `widths` are fractions of the text width (equal columns without them); `fills` are (column,
    row, hex colour) for cells coloured by their meaning; rows are numbered from 1 below the
    heading row.
    """
    widths = widths or [1 / len(headings)] * len(headings)
    grid = word.add_table(rows=1, cols=len(headings))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    _row_property(grid.rows[0], "w:tblHeader")
    _set_grid(grid, widths)
    _set_widths(grid.rows[0].cells, widths)
    for cell, heading in zip(grid.rows[0].cells, headings, strict=True):
        cell.text = clean_text(heading)
        cell.paragraphs[0].runs[0].bold = True
        shade(cell, HEADER_FILL)
    by_row: dict[int, list[tuple[int, str]]] = {}
    for column, row, colour in fills:
        by_row.setdefault(row, []).append((column, colour.lstrip("#")))
    for number, values in enumerate(rows, start=1):
        row = grid.add_row()
        _row_property(row, "w:cantSplit")  # a row stays on one page
        cells = row.cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = clean_text(value)
        _set_widths(cells, widths)
        for column, colour in by_row.get(number, []):
            shade(cells[column], colour)
    return grid


def quote(word: WordDocument, reference: str, text: str) -> None:
    paragraph = word.add_paragraph(style="Intense Quote")
    paragraph.paragraph_format.keep_with_next = True  # with the table of actions under it
    if reference:
        paragraph.add_run(f"{clean_text(reference)}: ")
    paragraph.add_run(clean_text(text))


def save(word: WordDocument, *, footer: str) -> bytes:
    paragraph = word.sections[0].footer.paragraphs[0]
    paragraph.text = clean_text(footer)
    paragraph.runs[0].font.color.rgb = SECONDARY
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
