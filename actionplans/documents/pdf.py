"""The house PDF layout (reportlab): A4 landscape, one font family, tables and charts.

Both PDFs (the action plan and the board progress report) are built from these parts, so they look
alike. reportlab's Platypus lays out a 500-action plan in well under a second; WeasyPrint, which
we used first, took 10 to 30 seconds for the same plan (see `make bench-exports`).

The font is DejaVu Sans where the system has it (Debian's fonts-dejavu-core; the Dockerfile
installs it): it covers the accents and scripts of people's and places' names. Otherwise it is
Bitstream Vera, which reportlab ships. Either way the font is embedded, so the PDF reads the same
everywhere and its text can be copied and searched.
"""

import io
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from svglib.svglib import svg2rlg

from ui.text import clean_text

PAGE = landscape(A4)
MARGIN = 1.5 * cm
FRAME_PADDING = 6  # reportlab's frame keeps this much inside the margins on every side
WIDTH = PAGE[0] - 2 * (MARGIN + FRAME_PADDING)  # the width a table or chart may take
QUOTE_BAR = 4  # the width of the grey rule beside a quotation
INK = colors.HexColor("#0b0c0c")
SECONDARY = colors.HexColor("#505a5f")
RULE = colors.HexColor("#505a5f")
HEADER_FILL = colors.HexColor("#e8e8e8")
QUOTE_RULE = colors.HexColor("#b1b4b6")

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
)
DEJAVU = {
    "Sans": "DejaVuSans.ttf",
    "Sans-Bold": "DejaVuSans-Bold.ttf",
    "Sans-Italic": "DejaVuSans-Oblique.ttf",
    "Sans-BoldItalic": "DejaVuSans-BoldOblique.ttf",
}
VERA = {
    "Sans": "Vera.ttf",
    "Sans-Bold": "VeraBd.ttf",
    "Sans-Italic": "VeraIt.ttf",
    "Sans-BoldItalic": "VeraBI.ttf",
}


@cache
def font_family() -> str:
    """Register the "Sans" family once per process and return the name of the regular face."""
    for folder in FONT_DIRS:
        if all((folder / name).is_file() for name in DEJAVU.values()):
            faces = {face: str(folder / name) for face, name in DEJAVU.items()}
            break
    else:
        faces = dict(VERA)  # reportlab finds its own fonts by file name
    for face, path in faces.items():
        pdfmetrics.registerFont(TTFont(face, path))
    pdfmetrics.registerFontFamily(
        "Sans", normal="Sans", bold="Sans-Bold", italic="Sans-Italic", boldItalic="Sans-BoldItalic"
    )
    return "Sans"


@cache
def styles() -> dict[str, ParagraphStyle]:
    font = font_family()
    base = ParagraphStyle("body", fontName=font, fontSize=9, leading=12, textColor=INK)
    return {
        "body": base,
        "title": ParagraphStyle(
            "title", parent=base, fontName="Sans-Bold", fontSize=18, leading=22, spaceAfter=4
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName="Sans-Bold",
            fontSize=13,
            leading=16,
            spaceBefore=14,
            spaceAfter=4,
            keepWithNext=True,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName="Sans-Bold",
            fontSize=10.5,
            leading=13,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=True,
        ),
        "cell": ParagraphStyle(
            "cell", parent=base, fontSize=8, leading=10, alignment=TA_LEFT, splitLongWords=True
        ),
        "cell_bold": ParagraphStyle("cell_bold", fontName="Sans-Bold", fontSize=8, leading=10),
        # A line that introduces what follows it (a section's lead agency) stays with it.
        "intro": ParagraphStyle("intro", parent=base, keepWithNext=True),
        "quote": ParagraphStyle(
            "quote", parent=base, leftIndent=10, borderPadding=(2, 0, 2, 6), spaceAfter=6
        ),
        "secondary": ParagraphStyle("secondary", parent=base, textColor=SECONDARY),
    }


def text(value: object) -> str:
    """Plain text made safe for reportlab's paragraph markup, line breaks kept, without the
    characters no document should hold (the PDF's twin of the Word writer's cleaning)."""
    return escape(clean_text(str(value))).replace("\n", "<br/>")


def para(value: object, style: str = "body") -> Paragraph:
    return Paragraph(text(value), styles()[style])


def quote(value: str) -> Table:
    """An inset quotation with a grey rule on its left, like the web page's inset text, kept on
    the page of what follows it (the quoted finding introduces its actions).

    The rule is drawn centred on the block's left edge: the block starts half the rule's width in,
    so the rule's outer edge lines up with the text and stays inside the margin."""
    block = Table([[para(value, "quote")]], colWidths=[WIDTH - QUOTE_BAR / 2], hAlign="RIGHT")
    block.keepWithNext = True
    block.setStyle(
        TableStyle(
            [
                ("LINEBEFORE", (0, 0), (0, -1), QUOTE_BAR, QUOTE_RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return block


def table(
    headings: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[float],
    *,
    fills: Iterable[tuple[int, int, str]] = (),
) -> Table:
    """A grid with a shaded heading row that repeats on every page.

    `widths` are fractions of the page's text width; `fills` are (column, row, hex colour) for
    cells coloured by their meaning (the word is always in the cell too). Rows are numbered from 1
    below the heading row.
    """
    cell = styles()["cell"]
    data: list[list[Any]] = [[Paragraph(text(h), styles()["cell_bold"]) for h in headings]]
    data += [[v if isinstance(v, Flowable) else Paragraph(text(v), cell) for v in r] for r in rows]
    grid = Table(data, colWidths=[w * WIDTH for w in widths], repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [
        ("BACKGROUND", (c, r), (c, r), colors.HexColor(f"#{colour.lstrip('#')}"))
        for c, r, colour in fills
    ]
    grid.setStyle(TableStyle(commands))
    return grid


def facts(pairs: Iterable[tuple[str, str]]) -> Table:
    """A two-column table of labels and values (the document's key facts)."""
    rows = [[Paragraph(text(k), styles()["cell_bold"]), para(v, "cell")] for k, v in pairs]
    grid = Table(rows, colWidths=[0.25 * WIDTH, 0.75 * WIDTH], hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
            ]
        )
    )
    return grid


def chart(svg: str, *, width: float = WIDTH * 0.75, caption: str = "") -> Flowable:
    """One of the dashboard's SVG charts as vector graphics, scaled to `width`, with a caption.

    The chart's own labels are set in the document's font.
    """
    drawing = svg2rlg(io.BytesIO(clean_text(svg).encode()))
    if drawing is None:  # svglib could not read it: say so rather than drop it silently
        return para(f"{caption} (chart not available)")
    _set_font(drawing, font_family())
    scale = min(1.0, width / drawing.width) if drawing.width else 1.0
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    drawing.hAlign = "LEFT"
    parts: list[Flowable] = [drawing]
    if caption:
        parts.insert(0, para(caption, "h3"))
    return KeepTogether(parts)


def _set_font(node: Drawing | Group, font: str) -> None:
    for child in node.contents:
        if isinstance(child, String):
            child.fontName = font
        elif isinstance(child, Group):
            _set_font(child, font)


def spacer(height: float = 6) -> Spacer:
    return Spacer(1, height)


class KeepWithStart(KeepTogether):
    """A heading (and the lines kept with it) on the same page as the start of what follows: a
    table's heading row and first row, or the whole of anything else. The page breaks before the
    heading only when that start does not fit; a long table is split after it, not pushed whole to
    the next page as reportlab's own KeepTogether would.

    The document uses it for every run of flowables marked keepWithNext (the headings' styles)."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        size = super().wrap(aW, aH)
        *head, last = self._content
        start: float = sum(
            f.wrapOn(self.canv, aW, aH)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in head
        )
        height = last.wrapOn(self.canv, aW, aH)[1]
        if isinstance(last, Table) and len(last._rowHeights) > 2:
            height = sum(last._rowHeights[:2])
        elif isinstance(last, KeepTogether):
            height = last._H  # its wrap claims the whole page, to be asked to split
        self._start = start + height + last.getSpaceBefore()
        return size

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        content = list(self._content)
        at_top = getattr(getattr(self, "_frame", None), "_atTop", False)
        if aH < min(self._H, self._start) and not at_top:
            return [self.FrameBreak(), *content]
        return content


class _NumberedCanvas(Canvas):
    """Writes "Page n of N" and the running footer once every page is known."""

    footer = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(font_family(), 8)
            self.setFillColor(SECONDARY)
            self.drawString(MARGIN, MARGIN / 2, self.footer)
            self.drawRightString(PAGE[0] - MARGIN, MARGIN / 2, f"Page {number} of {total}")
            super().showPage()
        super().save()


def build(story: list[Flowable], *, title: str, author: str, footer: str) -> bytes:
    """The PDF of `story`, with its title and author in the file's properties."""
    font_family()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=clean_text(title),
        author=clean_text(author),
        lang="en-GB",
        keepTogetherClass=KeepWithStart,
    )
    canvas = type("FooterCanvas", (_NumberedCanvas,), {"footer": clean_text(footer)})
    document.build(story, canvasmaker=canvas)
    return buffer.getvalue()
