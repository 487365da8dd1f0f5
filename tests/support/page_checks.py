"""What every rendered page must get right, read from its HTML: every table's heading row is as
wide as each of its rows, and no template syntax shows in the text a person reads."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Django's own markers, which a page shows only when a template went wrong (a `{# #}` comment
# over two lines, an unclosed tag).
TEMPLATE_SYNTAX = re.compile(r"\{#|\{%|\{\{")
# Text inside these is never shown as text.
HIDDEN_TEXT = {"script", "style", "template"}


@dataclass
class _Table:
    name: str
    heading_widths: list[int] = field(default_factory=list)
    body_rows: list[tuple[int, str]] = field(default_factory=list)  # (width, first words)
    section: str = "tbody"
    row_width: int | None = None
    row_text: str = ""
    # Columns still taken by a cell from a row above: (rows left, columns).
    carried: list[list[int]] = field(default_factory=list)
    carried_in_row: int = 0


def _span(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


class _TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[_Table] = []
        self._open: list[_Table] = []
        self._caption: _Table | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            table = _Table(name=found.get("id") or f"table {len(self.tables) + 1}")
            self.tables.append(table)
            self._open.append(table)
            return
        if not self._open:
            return
        table = self._open[-1]
        if tag in ("thead", "tbody", "tfoot"):
            table.section = tag
        elif tag == "caption" and table.name.startswith("table "):
            self._caption = table
            table.name = ""
        elif tag == "tr":
            self._end_row(table)
            table.row_width = sum(columns for _, columns in table.carried)
            table.carried = [[rows - 1, columns] for rows, columns in table.carried if rows > 1]
            table.row_text = ""
        elif tag in ("td", "th") and table.row_width is not None:
            columns = _span(found.get("colspan"))
            table.row_width += columns
            table.row_text += " "
            if (rows := _span(found.get("rowspan"))) > 1:
                table.carried.append([rows - 1, columns])

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._caption = None
        if not self._open:
            return
        table = self._open[-1]
        if tag == "tr":
            self._end_row(table)
        elif tag == "table":
            self._end_row(table)
            self._open.pop()
        elif tag in ("thead", "tbody", "tfoot"):
            self._end_row(table)
            table.section = "tbody"

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.name += data
        elif self._open and self._open[-1].row_width is not None:
            self._open[-1].row_text += data

    def _end_row(self, table: _Table) -> None:
        if table.row_width is None:
            return
        if table.section == "thead":
            table.heading_widths.append(table.row_width)
        else:
            table.body_rows.append((table.row_width, " ".join(table.row_text.split())[:60]))
        table.row_width = None


def table_width_faults(html: str) -> list[str]:
    """Each table whose heading row is not as wide as one of its rows, said plainly."""
    reader = _TableReader()
    reader.feed(html)
    reader.close()
    faults = []
    for table in reader.tables:
        name = " ".join(table.name.split()) or "a table"
        if not table.heading_widths:
            continue
        widths = set(table.heading_widths)
        if len(widths) > 1:
            faults.append(f"{name}: heading rows of {sorted(widths)} columns")
        heading = table.heading_widths[-1]
        for width, text in table.body_rows:
            if width != heading:
                faults.append(f"{name}: {heading} headings over a row of {width} ({text!r})")
    return faults


def table_rows(html: str) -> int:
    """How many body rows the page's tables hold, so that a sweep can show it saw some."""
    reader = _TableReader()
    reader.feed(html)
    reader.close()
    return sum(len(table.body_rows) for table in reader.tables)


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_TEXT:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_TEXT and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def visible_text(html: str) -> str:
    reader = _TextReader()
    reader.feed(html)
    reader.close()
    return "".join(reader.text)


def template_syntax_shown(html: str) -> list[str]:
    """The places where the page's text shows `{#`, `{%` or `{{`, with the words around them."""
    text = visible_text(html)
    return [
        " ".join(text[max(0, m.start() - 30) : m.end() + 50].split())
        for m in TEMPLATE_SYNTAX.finditer(text)
    ]


_MONTH_ABBREVIATIONS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Dates a person reads in any shape but "30 April 2027": "30 Apr 2027", "30/04/2027",
# "2027-04-30", "Apr. 30", "April 30, 2027".
OTHER_DATE_SHAPES = re.compile(
    rf"\b\d{{1,2}} (?:{_MONTH_ABBREVIATIONS})\.? \d{{4}}\b"
    rf"|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"
    rf"|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b(?:{_MONTH_ABBREVIATIONS})\.? \d{{1,2}}\b"
    rf"|\b(?:{_MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b"
)


def other_date_shapes(html_or_text: str, *, html: bool = True) -> list[str]:
    """The dates in the readable text that are not written like "30 April 2027"."""
    text = html_or_text
    if html:
        # The text a person reads (no attribute, script or style), its pieces kept apart.
        reader = _TextReader()
        reader.feed(html_or_text)
        reader.close()
        text = " ".join(reader.text)
    return OTHER_DATE_SHAPES.findall(" ".join(text.split()))
