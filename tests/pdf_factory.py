"""Draw tiny PDFs at test time with reportlab: ruled tables with CJK text, plain text, page breaks.

Text uses reportlab's built-in CID font ``STSong-Light`` (no font file needed). Coordinates are
top-down points like pdfplumber's: ``top`` 0 is the top of the page. A table is drawn cell by cell,
each cell a rectangle (its ruling lines), its lines of text left-aligned from the top left padding —
so what a line holds is exactly what the test says, and wrapping is the test's choice.

    page = [Text(72, 60, "附件1"), Grid(72, 100, [60, 110], [20, 20], [[C("名称"), C("值")], ...])]
    data = make_pdf([page, ...])
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

PAGE = (595.0, 842.0)  # A4 portrait
FONT = "STSong-Light"
SIZE = 10.0
PAD = 4.0


@dataclass(frozen=True)
class C:
    """A cell: its lines of text (drawn as given), spans."""

    text: str = ""
    col_span: int = 1
    row_span: int = 1

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n") if self.text else []


@dataclass(frozen=True)
class Grid:
    """A ruled table at (x, top): rows of cells; ``None`` where a merged cell covers the slot."""

    x: float
    top: float
    col_widths: list[float]
    row_heights: list[float]
    rows: list[list[C | None]]
    centred: bool = False  # each cell's lines centred top to bottom in its box (merged cells too)


@dataclass(frozen=True)
class Text:
    x: float
    top: float
    text: str
    size: float = SIZE
    angle: float = 0.0  # degrees counter-clockwise: a watermark


@dataclass
class Page:
    items: list[Grid | Text] = field(default_factory=list)


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def text_width(text: str, size: float = SIZE) -> float:
    from reportlab.pdfbase import pdfmetrics

    return float(pdfmetrics.stringWidth(text, _font(), size))


def make_pdf(
    pages: list[list[Grid | Text]],
    *,
    size: tuple[float, float] = PAGE,
    sizes: list[tuple[float, float]] | None = None,
) -> bytes:
    """A PDF whose pages hold the given tables and text lines (``sizes``: one page size each)."""
    from reportlab.pdfgen import canvas

    font = _font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=size)
    for n, items in enumerate(pages):
        page_size = sizes[n] if sizes else size
        c.setPageSize(page_size)
        height = page_size[1]
        for item in items:
            if isinstance(item, Text):
                c.saveState()
                c.setFont(font, item.size)
                c.translate(item.x, height - item.top - item.size * 0.88)
                c.rotate(item.angle)
                c.drawString(0, 0, item.text)
                c.restoreState()
            else:
                _grid(c, item, height, font)
        c.showPage()
    c.save()
    return buf.getvalue()


def _grid(c: object, grid: Grid, height: float, font: str) -> None:
    xs = [grid.x]
    for w in grid.col_widths:
        xs.append(xs[-1] + w)
    ys = [grid.top]
    for h in grid.row_heights:
        ys.append(ys[-1] + h)
    for r, row in enumerate(grid.rows):
        for col, cell in enumerate(row):
            if cell is None:
                continue
            x0, x1 = xs[col], xs[col + cell.col_span]
            top, bottom = ys[r], ys[r + cell.row_span]
            c.rect(x0, height - bottom, x1 - x0, bottom - top, stroke=1, fill=0)  # type: ignore[attr-defined]
            c.setFont(font, SIZE)  # type: ignore[attr-defined]
            lead = (bottom - top - len(cell.lines) * SIZE * 1.3) / 2 if grid.centred else PAD
            for i, line in enumerate(cell.lines):
                baseline = height - (top + lead + SIZE * 0.88 + i * SIZE * 1.3)
                c.drawString(x0 + PAD, baseline, line)  # type: ignore[attr-defined]


def encrypt(data: bytes, user_password: str, owner_password: str = "owner") -> bytes:
    """The same PDF encrypted (an empty user password opens without asking, as viewers do)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pages(count: int = 1) -> bytes:
    """A PDF with pages and no text at all: what a scan without OCR looks like to a text reader."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=PAGE[0], height=PAGE[1])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
