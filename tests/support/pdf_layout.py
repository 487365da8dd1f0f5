"""Where things land on a PDF's pages, read back from the file itself: the stroked lines (with
their width and colour) and the lines of text (with their size), in page coordinates."""

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ContentStream

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n, as PDF's `cm` composes (row vectors)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


@dataclass(frozen=True)
class Stroke:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    colour: tuple[float, ...]


@dataclass(frozen=True)
class TextLine:
    x: float
    y: float
    size: float
    text: str


def strokes(pdf: bytes) -> list[list[Stroke]]:
    """Each page's straight stroked lines."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        found: list[Stroke] = []
        ctm, width, colour = IDENTITY, 1.0, (0.0,)
        stack: list[tuple[Matrix, float, tuple[float, ...]]] = []
        path: list[tuple[float, float]] = []
        segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            op = operator.decode()
            if op == "q":
                stack.append((ctm, width, colour))
            elif op == "Q":
                ctm, width, colour = stack.pop()
            elif op == "cm":
                ctm = _multiply(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
            elif op == "w":
                width = float(operands[0]) * abs(ctm[0])
            elif op == "RG":
                colour = tuple(round(float(v), 3) for v in operands)
            elif op == "m":
                path = [_apply(ctm, float(operands[0]), float(operands[1]))]
            elif op == "l":
                point = _apply(ctm, float(operands[0]), float(operands[1]))
                if path:
                    segments.append((path[-1], point))
                path.append(point)
            elif op in ("S", "s"):
                found += [Stroke(*a, *b, width, colour) for a, b in segments]
                segments, path = [], []
            elif op == "n":
                segments, path = [], []
        pages.append(found)
    return pages


def text_lines(pdf: bytes) -> list[list[TextLine]]:
    """Each page's runs of text, top of the page first."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        found: list[TextLine] = []

        def visit(text, cm, tm, font, size, found=found):  # pypdf's visitor signature
            if not text.strip():
                return
            x, y = _apply(tuple(cm), tm[4], tm[5])  # type: ignore[arg-type]
            found.append(TextLine(x, y, round(size * abs(tm[0]) * abs(cm[0]), 1), text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append(sorted(found, key=lambda t: (-t.y, t.x)))
    return pages
