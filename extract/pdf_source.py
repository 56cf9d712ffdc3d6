"""PDF (text layer) → ``Layout``, with pdfplumber: ruled tables as tables, other text as paragraphs.

* Each page's tables are found from their ruling lines (pdfplumber's ``find_tables``) and each glyph is
  placed in the cell whose box holds its centre; a cell's lines are joined as its writer wrapped them
  (``extract.pdf_text``). Merged cells are spans; a table going on over page breaks is one table
  (``extract.pdf_tables``).
* Glyphs outside tables become paragraphs: lines of a text column, a wrapped line joined to the next.
  Blocks of a page come top to bottom; pages in order.
* A document without any ruled table (drawn with spaces, or tables without lines) has its forms' cells
  found from word positions (``extract.pdf_words``) and read by the text shapes' cell stream.
* Locations say page, table, row, column and the cell's box in PDF points (``Location.page/box``).
* Refused with a one-line ``FormatError``/``LimitError``: encrypted with a password, no text layer
  (a scan: OCR is not supported), not a PDF or damaged, more than :data:`MAX_PAGES` pages,
  :data:`MAX_PAGE_OBJECTS` objects on a page, or :data:`MAX_SECONDS` of reading.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from jixiao.extract.cell_kinds import classify
from jixiao.extract.errors import FormatError, LimitError
from jixiao.extract.layout import Block, Layout, Location, Paragraph
from jixiao.extract.page_numbers import is_page_number
from jixiao.extract.pdf_columns import PIECE_GAP, PageLine
from jixiao.extract.pdf_tables import Fragment, RawCell, continues, restarts, stitch
from jixiao.extract.pdf_text import Line, group_lines, group_pieces, join_next, wrapped
from jixiao.extract.pdf_words import is_form_row, preamble, read_region
from jixiao.extract.text_shapes import form_regions

MAX_PDF_BYTES = 64 * 1024 * 1024
MAX_PAGES = 300  # a submission is a few pages; a 300-page PDF is a yearbook, not a form
MAX_PAGE_OBJECTS = 200_000  # glyphs + lines + rectangles + curves on one page
MAX_SECONDS = 45.0  # below the batch's per-file limit, so the file fails with a reason, not a kill
_Columns = dict[tuple[int, int], tuple[float, float]]  # page size → left and right edge of its text


def _open(data: bytes) -> Any:
    import pdfplumber  # imported here: only PDF input pays for pdfminer's import
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    # pdfminer warns on stderr about every odd font or object; a damaged file fails with one line instead.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    if len(data) > MAX_PDF_BYTES:
        raise LimitError(f"PDF of {len(data):,} bytes exceeds the {MAX_PDF_BYTES:,} byte bound")
    if b"%PDF-" not in data[:1024]:
        raise FormatError("not a PDF (no %PDF- header): the file is damaged or misnamed")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as exc:  # pdfminer raises many types on damaged files; pdfplumber wraps them
        causes = (exc, exc.__cause__, exc.__context__, *exc.args)
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            message = "the PDF is encrypted with a password: save an unprotected copy and read that"
            raise FormatError(message) from exc
        inner = next((c for c in causes[1:] if isinstance(c, BaseException)), exc)
        why = f"{type(inner).__name__}: {_first_line(inner)}"
        raise FormatError(f"damaged PDF, cannot be read ({why})") from exc
    if len(pages) > MAX_PAGES:
        pdf.close()
        raise LimitError(f"PDF of {len(pages):,} pages exceeds the {MAX_PAGES} page bound")
    return pdf


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:200]


class _Page:
    """One page read: its table fragments and text lines outside them, top to bottom."""

    def __init__(self, page: Any, number: int) -> None:
        objects = sum(len(page.objects.get(k, ())) for k in ("char", "line", "rect", "curve"))
        if objects > MAX_PAGE_OBJECTS:
            raise LimitError(f"page {number} has {objects:,} objects (bound {MAX_PAGE_OBJECTS:,})")
        self.number = number
        self.size = (round(page.width), round(page.height))
        # Rotated glyphs are watermarks and stamps' text, not the form: left out, and counted.
        self.chars = [c for c in page.chars if not _rotated(c)]
        self.rotated = len(page.chars) - len(self.chars)
        self.fragments = [self._fragment(t) for t in page.find_tables()]
        self.fragments = [f for f in self.fragments if f.cells]
        self.chars_outside = [c for c in self.chars if not c.get("_in_table")]
        self.lines = group_lines(self.chars_outside)

    def _fragment(self, table: Any) -> Fragment:
        boxes = [tuple(b) for b in table.cells]
        cells = [RawCell(self.number, b, []) for b in boxes]
        buckets: list[list[dict[str, Any]]] = [[] for _ in cells]
        for ch in self.chars:
            if ch.get("_in_table"):
                continue
            cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
            for i, (x0, top, x1, bottom) in enumerate(boxes):
                if x0 <= cx <= x1 and top <= cy <= bottom:
                    buckets[i].append(ch)
                    ch["_in_table"] = True
                    break
        for cell, bucket in zip(cells, buckets, strict=True):
            cell.lines = group_lines(bucket)
        frag = Fragment(self.number, tuple(table.bbox), cells)
        frag.finish()
        return frag

    def items(self) -> list[tuple[float, Fragment | Line]]:
        found: list[tuple[float, Fragment | Line]] = [(f.box[1], f) for f in self.fragments]
        found.extend((ln.top, ln) for ln in self.lines)
        return sorted(found, key=lambda item: item[0])


def _rotated(char: dict[str, Any]) -> bool:
    """A glyph turned away from the horizontal (pdfminer's ``upright`` allows any turn short of a flip)."""
    a, b = char.get("matrix", (1.0, 0.0))[:2]
    return abs(b) > 0.05 * (abs(a) + abs(b))


def _is_furniture(item: Fragment | Line | None, running: dict[tuple[str, int], set[int]], page: int) -> bool:
    """Page numbers and running heads or feet (the same line at the same height on both pages of the
    break after ``page``): what may sit between two pieces of one table. A form's own heading lines
    (``附件2-2``, its title, ``（2023年度）``) stand there too when the next form starts on a page of its
    own, and the same heading may stand at the same height pages apart: they are not furniture."""
    if not isinstance(item, Line):
        return False
    if {page, page + 1} <= running.get((item.text, round(item.top)), set()):
        return True
    return is_page_number(item.text) or classify(item.text) == "chrome"  # - 3 -, 第1页，共3页


def _running_lines(pages: list[_Page]) -> dict[tuple[str, int], set[int]]:
    """Lines (text, height) seen on more than one page, with the pages they are on."""
    seen: dict[tuple[str, int], set[int]] = {}
    for p in pages:
        for ln in p.lines:
            seen.setdefault((ln.text, round(ln.top)), set()).add(p.number)
    return {key: on for key, on in seen.items() if len(on) > 1}


def _paragraphs(lines: list[Line], page_of: dict[int, _Page], column: _Columns, para: int) -> list[Paragraph]:
    """Lines → paragraphs numbered from ``para``: a line that wrapped goes on on the next line (over a
    page break too); each paragraph's box covers its lines."""
    groups: list[tuple[list[Line], str]] = []
    for ln in lines:
        above = groups[-1][0][-1] if groups else None
        edges = column[page_of[id(above)].size] if above is not None else (0.0, 0.0)
        if above is not None and _close(above, ln) and wrapped(above, ln, *edges):
            group, text = groups[-1]
            group.append(ln)
            groups[-1] = (group, join_next(text, above, ln, *edges))
        else:
            groups.append(([ln], ln.text))
    out = []
    for k, (group, text) in enumerate(groups):
        box = (min(g.x0 for g in group), group[0].top, max(g.x1 for g in group), group[-1].bottom)
        loc = Location(page=page_of[id(group[0])].number, para=para + k, box=_round(box))
        out.append(Paragraph(text, loc))
    return out


def _text_columns(pages: list[_Page]) -> _Columns:
    """Left and right edge of the text outside tables, per page size (forms landscape, reports portrait)."""
    edges: _Columns = {}
    for p in pages:
        for ln in p.lines:
            left, right = edges.get(p.size, (ln.x0, ln.x1))
            edges[p.size] = (min(left, ln.x0), max(right, ln.x1))
    for p in pages:
        edges.setdefault(p.size, (0.0, 0.0))
    return edges


def _close(above: Line, below: Line) -> bool:
    return below.top - above.bottom < (above.bottom - above.top) * 1.2


def read_pdf_layout(data: bytes) -> Layout:
    """Read a PDF's text layer into paragraphs and tables (see the module docstring for the rules)."""
    started = time.monotonic()
    pdf = _open(data)
    try:
        pages: list[_Page] = []
        for number, page in enumerate(pdf.pages, start=1):
            if time.monotonic() - started > MAX_SECONDS:
                raise LimitError(f"reading took over {MAX_SECONDS:.0f} s (stopped at page {number})")
            try:
                pages.append(_Page(page, number))
            except LimitError:
                raise
            except Exception as exc:
                raise FormatError(
                    f"damaged PDF: page {number} cannot be read ({type(exc).__name__})"
                ) from exc
            page.close()  # frees the page's parsed objects: memory stays flat over long files
    finally:
        pdf.close()
    if not any(p.chars for p in pages):
        raise FormatError("the PDF has no text layer (a scan?): OCR is not supported yet")
    rotated = sum(p.rotated for p in pages)
    notes = (f"{rotated} rotated characters (a watermark?) not read",) if rotated else ()
    if not any(p.fragments for p in pages):
        return _without_rulings(pages, notes)
    return Layout(tuple(_blocks(pages)), "pdf", notes=notes)


def _blocks(pages: list[_Page]) -> list[Block]:
    """Items of all pages in reading order; table fragments stitched; lines grouped into paragraphs."""
    sequence: list[Fragment | Line | None] = []  # None marks a page break
    for p in pages:
        sequence.append(None)
        sequence.extend(item for _, item in p.items())
    page_of = {id(ln): p for p in pages for ln in p.lines}
    column = _text_columns(pages)
    running = _running_lines(pages)
    blocks: list[Block] = []
    pending: list[Line] = []
    tables = 0
    i = 0

    def flush() -> None:
        blocks.extend(_paragraphs(pending, page_of, column, len(blocks) + 1))
        pending.clear()

    while i < len(sequence):
        item = sequence[i]
        i += 1
        if item is None:
            continue
        if isinstance(item, Line):
            pending.append(item)
            continue
        flush()
        group = [item]
        furniture: list[Line] = []
        while True:  # look past page furniture and the page break for the table's next fragment
            j, skipped = i, []
            while j < len(sequence) and (
                sequence[j] is None or _is_furniture(sequence[j], running, group[-1].page)
            ):
                if isinstance(sequence[j], Line):
                    skipped.append(sequence[j])
                j += 1
            nxt = sequence[j] if j < len(sequence) else None
            if (
                isinstance(nxt, Fragment)
                and continues(group[-1], nxt)
                and not restarts(group[0], nxt)
                and j > i
            ):
                group.append(nxt)
                furniture.extend(s for s in skipped if isinstance(s, Line))
                i = j + 1
            else:
                break
        tables += 1
        blocks.append(stitch(group, tables))
        pending.extend(furniture)
    flush()
    return blocks


def _round(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(box[0], 1), round(box[1], 1), round(box[2], 1), round(box[3], 1))


def _close_to_body(lines: Sequence[Line], k: int, *, head: bool) -> bool:
    """Whether line ``k`` (at the head of its page, or at its foot) sits right against the page's body:
    the line toward the body follows with no blank line between."""
    other = k + 1 if head else k - 1
    if not 0 <= other < len(lines):
        return False
    upper, lower = (lines[k], lines[other]) if head else (lines[other], lines[k])
    return _close(upper, lower)


def _without_rulings(pages: list[_Page], notes: tuple[str, ...]) -> Layout:
    """No ruled table anywhere: the forms' cells from word positions (``extract.pdf_words``), the text
    around them as paragraphs (a wrapped line joined to the next, as on ruled pages)."""
    page_of = {id(ln): p for p in pages for ln in p.lines}
    column = _text_columns(pages)
    running = _running_lines(pages)
    lines: list[PageLine] = []
    whole: dict[int, Line] = {}  # id of a PageLine → the line as one piece (for paragraphs)
    for p in pages:
        pieces = group_pieces(p.chars_outside, PIECE_GAP)
        page = [PageLine(p.number, number, tuple(cut)) for number, cut in enumerate(pieces, start=1)]
        # Inside a form a short line of figures is a row's rest, and the same forms on two pages repeat
        # lines at the same height: only a page's first or last two lines are its furniture, the second
        # only beside furniture, and a repeated line right against the body (no blank line between: a
        # cell's rest, 心 under 某县政务服务中) only when it is a page number.
        n = len(p.lines)
        marks = [
            is_page_number(ln.text)
            or (
                (ln.text, round(ln.top)) in running
                and not is_form_row(line)
                and not _close_to_body(p.lines, k, head=k < n / 2)
            )
            for k, (ln, line) in enumerate(zip(p.lines, page, strict=True))
        ]
        for k, (ln, line) in enumerate(zip(p.lines, page, strict=True)):
            head = k == 0 or (k == 1 and marks[0])
            foot = k == n - 1 or (k == n - 2 and marks[n - 1])
            line = replace(line, furniture=marks[k] and (head or foot))
            whole[id(line)] = ln
            lines.append(line)
    blocks: list[Block] = []

    def paragraphs(run: Sequence[PageLine]) -> None:
        blocks.extend(_paragraphs([whole[id(ln)] for ln in run], page_of, column, len(blocks) + 1))

    done = rows = repeated = 0
    for start, end in form_regions([ln.text for ln in lines]):
        start += preamble(lines[start:end])
        paragraphs(lines[done:start])
        region = read_region(lines[start:end], rows)
        blocks.extend(region.blocks)
        paragraphs(region.furniture)
        rows += region.rows
        repeated += region.repeated_headers
        done = end
    paragraphs(lines[done:])
    read: tuple[str, ...] = ("no ruled tables: cells read from word positions",)
    if repeated:
        read += (f"{repeated} header rows repeated after a page break dropped",)
    return Layout(tuple(blocks), "pdf", notes=(*read, *notes))
