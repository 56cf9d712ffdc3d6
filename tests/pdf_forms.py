"""Whole forms drawn as PDFs at test time: a TAB template sample's paragraphs and tables, page by page.

Each table row is drawn on one grid line of equal columns (a short row's last cell spans the rest, as
Word forms do); a cell's paragraphs are wrapped at its width, character by character as a word
processor wraps Chinese, so long texts come out as genuinely wrapped lines; a table that does not fit
goes on on the next page (with a page number at the foot of each page). ``bench.pdf_redraw.without_rulings``
then gives the same form drawn without a single line.
"""

from __future__ import annotations

from jixiao.extract.layout import Paragraph, Table
from jixiao.extract.text_source import parse_text_layout
from pdf_factory import PAD, SIZE, C, Grid, Text, make_pdf, text_width

LANDSCAPE = (842.0, 595.0)
MARGIN = 40.0
PITCH = SIZE * 1.3  # line pitch inside a cell (pdf_factory draws lines 1.3 sizes apart)


def wrap(text: str, width: float) -> list[str]:
    """A cell's text as drawn in ``width`` points: its own line breaks kept, long lines wrapped."""
    room = width - 2 * PAD
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for ch in para.strip():
            if line and text_width(line + ch) > room:
                out.append(line)
                line = ""
            line += ch
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def form_pdf(text: str, page: tuple[float, float] = LANDSCAPE, page_numbers: bool = True) -> bytes:
    """The TAB-grammar text ``text`` drawn as a PDF with ruled tables (see the module docstring)."""
    layout = parse_text_layout(text)
    width, height = page
    bottom = height - MARGIN - 2 * SIZE  # room kept for the page number
    pages: list[list[Grid | Text]] = [[]]
    y = MARGIN

    def new_page() -> None:
        nonlocal y
        pages.append([])
        y = MARGIN

    for block in layout.blocks:
        if isinstance(block, Paragraph):
            for line in wrap(block.text, width - 2 * MARGIN + 2 * PAD):
                if y + PITCH > bottom:
                    new_page()
                pages[-1].append(Text(MARGIN, y, line))
                y += PITCH
            y += 4
            continue
        assert isinstance(block, Table)
        cols = max(len(r.cells) for r in block.rows)
        col_w = (width - 2 * MARGIN) / cols
        rows: list[list[C | None]] = []
        heights: list[float] = []
        for row in block.rows:
            cells: list[C | None] = []
            lines = 1
            for k, cell in enumerate(row.cells):
                span = cols - k if k == len(row.cells) - 1 else 1
                drawn = wrap(cell.text, col_w * span)
                lines = max(lines, len(drawn))
                cells.append(C("\n".join(drawn), col_span=span))
                cells.extend([None] * (span - 1))
            row_h = lines * PITCH + 2 * PAD
            if y + sum(heights) + row_h > bottom:  # the table goes on on the next page
                if rows:
                    pages[-1].append(Grid(MARGIN, y, [col_w] * cols, heights, rows))
                new_page()
                rows, heights = [], []
            rows.append(cells)
            heights.append(row_h)
        pages[-1].append(Grid(MARGIN, y, [col_w] * cols, heights, rows))
        y += sum(heights) + 8
    if page_numbers:
        for n, items in enumerate(pages, start=1):
            items.append(Text(width / 2 - 10, height - MARGIN, f"- {n} -"))
    return make_pdf(pages, size=page)
