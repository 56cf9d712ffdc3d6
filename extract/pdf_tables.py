"""Ruled PDF tables → layout ``Table``: cell boxes on a grid, merged cells as spans, page breaks undone.

pdfplumber finds a table's cells from its ruling lines, one box per cell, merged cells as one larger
box. Each box becomes a cell on a grid of the distinct column and row edges: ``grid_col``/``col_span``
from its x edges, its row and ``row_span`` from its y edges. A table that goes on over a page break
comes as one fragment a page; the fragments of one table (same left and right edge, nothing but page
furniture between them) become one table:

* header rows repeated at the top of the next page (same texts on the same columns as the table's first
  rows, up to three) are dropped;
* a merged cell that spans the break shows again, empty, at the top of the next page: it is the same cell;
* a row split by the page break (the writer let it break) shows its first lines at the bottom of one
  page and the rest at the top of the next: taken as one row when the top row of the next page has the
  same columns, goes on in every column both pages fill (:func:`_goes_on`: the first piece fills its
  box to the page's foot; the rest is no label or figure standing alone), mid-flow in one at least or
  between paragraphs with the row's values left on the first page, and fills no column crosswise (a
  value is shown once, on one page); the pieces of text are joined as wrapped lines, every line kept;
* a cell merged down over the break whose text goes on at the top of the next page is one cell (where
  neither piece spans rows, only if the two make one label of the form's vocabulary);
* a piece that opens with the form's first label again (项目名称, a title) is another form.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

import regex
from jixiao.extract.cell_kinds import classify
from jixiao.extract.layout import Cell, Location, Row, Table
from jixiao.extract.pdf_text import Line, join_lines, join_next, wrapped

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
_EDGE_SNAP = 2.0  # points: edges closer than this are one grid line
_MAX_PAD = 8.0  # points: a cell padding estimate above this is text indented on purpose
_SINGLE_SPACING = 1.15  # a single-spaced line's pitch, in heights of its glyphs (Word, LibreOffice)
_MAX_HEADER_ROWS = 3  # a header Word repeats on every page: a title row, column heads, their sub-heads
_RESTS = frozenset(("text", "points", "unit", "empty"))  # cell kinds that may be the rest of a text
_FIGURE = regex.compile(
    r"""[≥≤=<>＞＜]*\s*  # an operator (a target's)
    [0-9][0-9,.]*\s*  # a number
    [^\s]{0,3}$  # and a short unit (%, 分, 万元, 处)
    """,
    regex.VERBOSE,
)


@dataclass(slots=True)
class RawCell:
    page: int
    box: Box
    lines: list[Line]
    text: str = ""


@dataclass(slots=True)
class Fragment:
    """One table as found on one page."""

    page: int
    box: Box
    cells: list[RawCell]
    pad: float = 0.0  # the table's cell padding, estimated from its text

    def finish(self) -> None:
        """Estimate the padding and join each cell's lines into its text."""
        gaps = [min(ln.x0 for ln in c.lines) - c.box[0] for c in self.cells if c.lines]
        self.pad = min(max(0.0, min(gaps, default=0.0)), _MAX_PAD)
        for c in self.cells:
            c.text = join_lines(c.lines, c.box[0] + self.pad, c.box[2] - self.pad)


@dataclass(slots=True)
class _Placed:
    raw: RawCell
    row: int  # 0-based row of the stitched table
    row_end: int  # exclusive
    col: int
    col_end: int
    text: str
    tail: RawCell  # the piece holding the end of its text (itself, or its rest on a later page)
    tail_pad: float  # that piece's table's cell padding

    def room(self) -> tuple[float, float]:
        """Where the last line of its text could run: its piece's box less the padding."""
        return self.tail.box[0] + self.tail_pad, self.tail.box[2] - self.tail_pad


def _snap(values: Sequence[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _EDGE_SNAP:
            out.append(v)
    return out


def _index(edges: list[float], value: float) -> int:
    """Position of the edge nearest ``value``."""
    i = bisect_left(edges, value)
    if i == len(edges) or (i > 0 and value - edges[i - 1] < edges[i] - value):
        i -= 1
    return i


def continues(prev: Fragment, nxt: Fragment) -> bool:
    """Whether ``nxt`` (first on its page) goes on with ``prev`` (last on the page before)."""
    return (
        nxt.page == prev.page + 1
        and abs(prev.box[0] - nxt.box[0]) <= _EDGE_SNAP
        and abs(prev.box[2] - nxt.box[2]) <= _EDGE_SNAP
    )


def restarts(first: Fragment, nxt: Fragment) -> bool:
    """Whether ``nxt`` opens another form as ``first`` opened its own: past the rows both begin with alike
    (a header repeated, or the next form's 报表编号 and title rows), its first other row starts with the
    same form-opening label (项目名称, 预算部门名称, a title) as the row of ``first`` it stands for. Forms a
    page each look like one table going on (same edges, the same heading at the same height)."""
    for a, b in zip(_rows_of(first), _rows_of(nxt), strict=False):
        if [c.text for c in a] != [c.text for c in b]:
            return a[0].text == b[0].text and classify(a[0].text) in ("header", "title")
    return False


def _rows_of(frag: Fragment) -> list[list[RawCell]]:
    """The fragment's first rows (as many as a repeated header may have, and one), cells left to right."""
    tops = _snap([c.box[1] for c in frag.cells])[: _MAX_HEADER_ROWS + 1]
    return [
        sorted((c for c in frag.cells if abs(c.box[1] - t) <= _EDGE_SNAP), key=lambda c: c.box[0])
        for t in tops
    ]


def stitch(fragments: Sequence[Fragment], number: int) -> Table:
    """One layout table from one or more page fragments (see the module docstring)."""
    cols = _snap([x for f in fragments for c in f.cells for x in (c.box[0], c.box[2])])
    placed: list[_Placed] = []
    header: list[list[tuple[int, int, str]]] = []  # the table's first rows, as a repeated header shows them
    total = 0
    bottom: dict[tuple[int, int], _Placed] = {}  # columns → cell reaching the bottom so far
    for k, frag in enumerate(fragments):
        cells = sorted(frag.cells, key=lambda c: (c.box[1], c.box[0]))
        tops = _snap([c.box[1] for c in cells])
        local = [(c, _index(tops, c.box[1]), _row_end(tops, c.box[3], frag.box[3])) for c in cells]
        spans = {id(c): _col_span(cols, c.box) for c in cells}
        rows = [[(*spans[id(c)], c.text) for c, r, _ in local if r == n] for n in range(len(tops))]
        if k == 0:
            header = rows[:_MAX_HEADER_ROWS]
        else:  # header rows repeated at the top of this page: as many as match the table's first rows
            repeated = next((n for n, row in enumerate(rows[: len(header)]) if row != header[n]), len(header))
            repeated = min(repeated, len(tops) - 1)
            local = [(c, r - repeated, e - repeated) for c, r, e in local if r >= repeated]
        n_rows = max((e for _, _, e in local), default=0)
        split = k > 0 and _split_row(local, spans, bottom, total)
        offset = total - 1 if split else total
        reached: dict[tuple[int, int], _Placed] = {}
        for c, r, e in local:
            key = spans[id(c)]
            owner = bottom.get(key) if k > 0 and r == 0 else None
            if owner is not None and (split or _merged_on(owner, c, e - r)):
                owner.row_end = offset + e
                if c.text:
                    owner.text = _join_across(owner, c, frag.pad)
                cell = owner
            else:
                cell = _Placed(c, offset + r, offset + e, key[0], key[1], c.text, c, frag.pad)
                placed.append(cell)
            if e == n_rows:
                reached[key] = cell
        total = offset + n_rows
        bottom = reached
    return _table(placed, total, number)


def _col_span(cols: list[float], box: Box) -> tuple[int, int]:
    first = _index(cols, box[0])
    return first, max(_index(cols, box[2]), first + 1)


def _row_end(tops: list[float], bottom: float, frag_bottom: float) -> int:
    return len(tops) if bottom >= frag_bottom - _EDGE_SNAP else _index(tops, bottom)


def _split_row(
    local: list[tuple[RawCell, int, int]],
    spans: dict[int, tuple[int, int]],
    bottom: dict[tuple[int, int], _Placed],
    total: int,
) -> bool:
    """Whether the top row of a fragment is the rest of the bottom row of the one before.

    Same columns; every column that both pieces fill goes on where it stopped (:func:`_goes_on`), cut
    mid-flow in at least one (its last line on the first page full, the rest on the next) — or, broken
    between paragraphs in all, each a paragraph wrapped down to the page's foot with the row's values
    left on the first page; and the columns that only one piece fills all filled by the same piece (a
    row's values sit at its top or at its middle, so a split row shows them on one page only). Two real
    rows — a short label above another, columns filled crosswise, a label or figure complete on each
    page — are never taken for one.
    """
    top_row = [(c, spans[id(c)]) for c, r, _ in local if r == 0]
    if not top_row or {k for _, k in top_row} != set(bottom):
        return False
    own = [(c, bottom[k]) for c, k in top_row if bottom[k].row == total - 1]
    both = [(new, old) for new, old in own if new.lines and old.tail.lines]
    if not both or not all(_goes_on(old, new) for new, old in both):
        return False
    left_behind = any(old.text and not new.text for new, old in own)
    came_later = any(new.text and not old.text for new, old in own)
    if any(_cut(old, new) for new, old in both):
        return not (left_behind and came_later)
    # Broken between paragraphs in every column both fill: one row where each such column's first piece
    # is a paragraph wrapped down to the foot of the page, and the row's values stayed on the first page.
    return left_behind and not came_later and all(len(old.tail.lines) > 1 for _, old in both)


def _cut(old: _Placed, piece: RawCell) -> bool:
    """Whether the cell's text was cut mid-flow: its last line full, the piece's first line going on."""
    return wrapped(old.tail.lines[-1], piece.lines[0], *old.room())


def _merged_on(owner: _Placed, piece: RawCell, piece_rows: int) -> bool:
    """Whether ``piece`` (at the top of its page, under ``owner`` which reached the bottom of the page
    before) is the rest of a cell merged down over the page break: empty, under a cell that spans rows;
    or with text that goes on from the cell's (:func:`_goes_on`), one of the two spanning rows. Where
    neither spans rows (a cell merged over two rows, one a side), only the words tell: the two pieces
    make one label of the form's vocabulary that neither is alone (社会效益 / 指标)."""
    if not piece.text:
        return owner.row_end - owner.row > 1
    if not _goes_on(owner, piece):
        return False
    if owner.row_end - owner.row > 1 or piece_rows > 1:
        return True
    label = _is_label(classify(owner.text + piece.text))
    return label and not _is_label(classify(owner.text)) and not _is_label(classify(piece.text))


def _goes_on(old: _Placed, piece: RawCell) -> bool:
    """Whether the text of ``piece`` (first on its page) can be the rest of the cell ``old``: the cell's
    text fills its box to the bottom (no further line would fit below it: the writer had to go on on the
    next page); the piece is no label of the form's vocabulary unless the two make one (满意度指标 starts
    a cell, but 服务对象 + 满意度指标 is one label); and the text was cut mid-flow — or the break between
    two of its paragraphs fell at the page break, and the piece is no value and not a figure after a
    figure (two figures a line apart are two values)."""
    if not old.tail.lines or not piece.lines or not _filled(old.tail):
        return False
    kind = classify(piece.text)
    if _is_label(kind) and not _is_label(classify(old.text + piece.text)):
        return False  # a label of the form's vocabulary on its own: it starts a cell, it is no cell's rest
    if _cut(old, piece):
        return True
    figures = _FIGURE.match(old.text) and _FIGURE.match(piece.text)
    return kind != "value" and not figures


def _filled(piece: RawCell) -> bool:
    """Whether no further line would fit below the piece's last line: less room than a line's pitch (its
    lines' own, else a single-spaced line's) between that line and the foot of its box."""
    lines = piece.lines
    last = lines[-1]
    pitch = last.top - lines[-2].top if len(lines) > 1 else _SINGLE_SPACING * (last.bottom - last.top)
    return piece.box[3] - last.bottom < pitch


def _is_label(kind: str) -> bool:
    return kind not in _RESTS and kind != "value"


def _join_across(owner: _Placed, piece: RawCell, pad: float) -> str:
    """Text of a cell cut by a page break: the piece's first line joined as wrapped if the line before it
    (on the page before) was full, then the piece's own lines as on its page. The owner's tail moves to
    the piece, so a cell cut by a second break joins on the same way."""
    text = owner.text
    if not owner.tail.lines or not text:
        text = piece.text
    else:
        text = join_next(text, owner.tail.lines[-1], piece.lines[0], *owner.room())
        room = (piece.box[0] + pad, piece.box[2] - pad)
        for above, line in zip(piece.lines, piece.lines[1:], strict=False):
            text = join_next(text, above, line, *room)
    owner.tail, owner.tail_pad = piece, pad
    return text


def _table(placed: list[_Placed], total: int, number: int) -> Table:
    by_row: dict[int, list[_Placed]] = {}
    for p in placed:
        by_row.setdefault(p.row, []).append(p)
    kept = sorted(by_row)  # rows where some cell starts; a grid line no cell starts at is not a row
    position = {r: i for i, r in enumerate(kept)}
    rows: list[Row] = []
    for r in kept:
        cells = []
        for p in sorted(by_row[r], key=lambda p: p.col):
            end = bisect_left(kept, p.row_end)
            loc = Location(
                table=number, row=position[r] + 1, col=p.col + 1, page=p.raw.page, box=_rounded(p.raw.box)
            )
            cells.append(
                Cell(
                    p.text,
                    loc,
                    grid_col=p.col,
                    col_span=p.col_end - p.col,
                    row_span=max(1, end - position[r]),
                )
            )
        page = cells[0].location.page
        rows.append(Row(tuple(cells), Location(table=number, row=position[r] + 1, page=page)))
    first_page = rows[0].location.page if rows else None
    return Table(tuple(rows), Location(table=number, page=first_page))


def _rounded(box: Box) -> Box:
    x0, top, x1, bottom = box
    return (round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1))
