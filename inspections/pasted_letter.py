"""Reading an inspection letter's text, as the lead pastes it, into the findings it holds.

A letter copied from a PDF or a web page comes with its headings, its bullets and its own
numbering ("1.", "2)", "a.", "•", "AFI 1:"), and with lines wrapped where the page ended. A
finding is the words alone: the service gives its own references (see `services.add_findings`).
"""

import re
from dataclasses import dataclass, field

BULLET = r"[•●▪◦‣∙·*\-–—]"
# "1." "2)" "(3)" "1.2" "a." "b)" "(c)" "iv." — but not "19 May" or "2025.", which start sentences.
NUMBER = (
    r"\(?\d{1,3}[.)]|\d{1,3}(?:\.\d{1,3})+\.?|\(\d{1,3}\)"
    r"|\(?[a-z][.)]|\([a-z]\)|\(?(?:i{1,3}|iv|vi{0,3}|ix|x)[.)]"
)
# The letter's own labels: "AFI 1:", "S2.", "Area for improvement 3 -", "Recommendation 1:".
LABEL = (
    r"(?:AFI|S|F|R|Area\s+for\s+improvement|Strength|Finding|Recommendation)"
    r"\s*\d{1,3}\s*[:.)–—-]"
)
MARKER = re.compile(rf"^(?:{BULLET}|{NUMBER}|{LABEL})(?:\s+|$)", re.IGNORECASE)

# A line with no full stop at its end, and this short, is a heading or a lead-in ("The areas
# were:"), not a finding. A bulleted or numbered line is always a finding, however short.
HEADING_MOST_WORDS = 20
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")


@dataclass
class PastedLetter:
    paragraphs: list[str] = field(default_factory=list)  # what would become findings, in order
    left_out: list[str] = field(default_factory=list)  # the headings and lead-ins


def without_markers(line: str) -> tuple[str, bool]:
    """The line without the bullets and numbers at its start, and whether it had any."""
    marked = False
    while match := MARKER.match(line):
        line = line[match.end() :]
        marked = True
    return line.strip(), marked


def is_heading(text: str) -> bool:
    return not SENTENCE_END.search(text) and len(text.split()) <= HEADING_MOST_WORDS


def read_letter(text: str) -> PastedLetter:
    """The findings in pasted text: one per paragraph (blocks between empty lines, their wrapped
    lines joined), and one per bulleted or numbered point even when no empty line parts them."""
    letter = PastedLetter()
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    for block in blocks:
        pieces: list[tuple[list[str], bool]] = []
        for line in block.splitlines():
            if not line.strip():
                continue
            words, marked = without_markers(line.strip())
            if marked or not pieces:
                pieces.append(([words] if words else [], marked))
            elif words:
                pieces[-1][0].append(words)
        for lines, marked in pieces:
            paragraph = " ".join(lines)
            if not paragraph:
                continue
            if not marked and is_heading(paragraph):
                letter.left_out.append(paragraph)
            else:
                letter.paragraphs.append(paragraph)
    return letter


def paragraphs(text: str) -> list[str]:
    return read_letter(text).paragraphs
