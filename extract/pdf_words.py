"""PDF pages drawn without ruling lines → cells from word positions → the text shapes' cell stream.

Many bureaus' exports (and ``pdftotext -layout``-like pages) draw a form with no line at all: only the
positions of the words say where its cells are. Within a form region (found by the text shapes'
vocabulary, ``extract.text_shapes.form_regions``; its heading lines stay paragraphs, :func:`preamble`):

* each line is cut into pieces where glyphs are more than ``pdf_columns.PIECE_GAP`` font sizes apart
  (inside a cell glyphs sit closer; between cells lie both cells' paddings); a label spaced out with
  full-width spaces (``总　　分``) is one piece, and so are pieces closer than the region's narrowest gap
  between columns (two paddings) (``extract.pdf_columns``);
* a piece's room runs from its left edge to the next piece on its line or the next column start of the
  region (left edges aligned over several lines), less that gap;
* a line goes on with the row above when no piece cannot continue the cell above it and one surely
  does: the line above was full (the piece's first word, or for a number its first character, did not
  fit in the room left), or the content says so (``年初`` + ``预算数`` make a label, ``%`` or ``元）``
  close what is above, a number cut at its separator). A piece under no cell of the row (a cell whose
  text begins lower) joins it; a label, a figure under a figure or under a whole label starts a row;
* a cell's lines are joined by the rules of their content (``extract.pdf_text.join_next``: digits and
  separators without space, Chinese without space, Latin words with one);
* a row that leaves a column of the rows above empty gets an empty cell there, so figures stay under
  their columns; a header row repeated after a page break is dropped; page furniture inside a region
  (page numbers, running heads) is handed back to become paragraphs; the 按收入性质分 / 按支出性质分
  breakdown, which the cell stream does not read, becomes a table of its own (``extract.pdf_breakdown``).

The cells go to ``extract.cell_stream.build_blocks`` as ``Token``s with a row id each, so the forms'
rows are rebuilt by the vocabulary as for every other text shape. Locations say page, the lines on the
page, the cell's place in its row (``page 1 lines 8-9 col 4``) and its box in PDF points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import regex
from jixiao.extract.cell_kinds import LABEL_KINDS, Token, classify
from jixiao.extract.cell_stream import build_blocks
from jixiao.extract.layout import Block, Location
from jixiao.extract.page_numbers import is_page_number
from jixiao.extract.pdf_breakdown import breakdown_spans, breakdown_table
from jixiao.extract.pdf_columns import (
    PageLine,
    cell_gap,
    column_starts,
    rejoin,
    rooms,
    spaced_letters,
)
from jixiao.extract.pdf_text import Line, join_next, join_wrapped, wrapped

_CELL_LABELS = LABEL_KINDS - {"title", "corner"}  # labels a cell's two halves may make
_NUMERIC = regex.compile(r"^[0-9.,，．%％]+$")  # a figure or a piece of one
_SEPARATORS = ",.，．"
_CLOSING = regex.compile(r"^[%％)）]")  # closes the text above: 99.99 / %, （万 / 元）
_BRACKETED = regex.compile(r"^[(（].*[)）]$")
_ANNOTATED = frozenset(("corner", "level1", "level2", "fund_line", "fund_col", "ind_col", "unit"))
_OWN_LINE = LABEL_KINDS | {"attachment"}
_LABEL_CHARS = 16  # the longest label (偏差原因分析及改进措施, 年度预算申请（万元）) and some
_HEADING_LINE = regex.compile(
    r"^填报(?:单位|日期)|^[(（]?[0-9]{4}\s*年度?[)）]?$"
)  # 填报单位：…, （2023年度）
_FIELD = regex.compile(r"^[^:：]{1,12}[:：]")  # a line that opens with a label and its colon
_VALUE_LIKE = regex.compile(  # a figure, maybe with its comparison, or a placeholder for none
    r"^[≥≤≧≦>＞<＜=＝约]*[0-9]|^[-—–―─_/\\~…·]+$|^无$"
)
_LINE_GAP = 1.2  # line heights: a wider blank between two lines is a gap between rows, never a wrap

Box = tuple[float, float, float, float]


@dataclass(slots=True)
class _Cell:
    parts: list[tuple[PageLine, Line]]
    room: tuple[float, float]
    text: str
    lo: float = field(init=False)
    hi: float = field(init=False)

    def __post_init__(self) -> None:
        line = self.parts[0][1]
        self.lo, self.hi = line.x0, line.x1

    def add(self, where: PageLine, piece: Line, room: tuple[float, float]) -> None:
        last = self.parts[-1][1]
        if _CLOSING.match(piece.text) or (_NUMERIC.match(last.text) and _NUMERIC.match(piece.text)):
            self.text = join_wrapped(self.text, piece.text)  # a figure's rest: 99. / 99 / %
        else:
            self.text = join_next(self.text, last, piece, *self.room)
        self.parts.append((where, piece))
        self.room = (min(self.room[0], room[0]), min(self.room[1], room[1]))
        self.lo, self.hi = min(self.lo, piece.x0), max(self.hi, piece.x1)

    def token(self, row: int) -> Token:
        first_line, _ = self.parts[0]
        on_page = [(ln, p) for ln, p in self.parts if ln.page == first_line.page]
        last = on_page[-1][0].number
        box = (
            round(min(p.x0 for _, p in on_page), 1),
            round(min(p.top for _, p in on_page), 1),
            round(max(p.x1 for _, p in on_page), 1),
            round(max(p.bottom for _, p in on_page), 1),
        )
        loc = Location(
            page=first_line.page,
            line=first_line.number,
            line_end=last if last != first_line.number else None,
            box=box,
        )
        return Token(self.text, loc, row)


def _full(last: Line, following: Line, room: tuple[float, float]) -> bool:
    """Whether ``last`` ended because ``following``'s first word did not fit after it (a wrap)."""
    return wrapped(last, following, *room)


def _number_full(cell: _Cell, following: Line) -> bool:
    """A number is cut where its next character no longer fits: its line as wide as the cell's widest
    line (below its first), or for its first line as its room."""
    last = cell.parts[-1][1]
    lines = [p.x1 - p.x0 for _, p in cell.parts]
    widest = max(lines) if len(lines) > 1 else cell.room[1] - cell.room[0]
    return following.widths[0] > widest - (last.x1 - last.x0) - 0.5


def _one_label(above: str, below: str) -> bool:
    """Whether two pieces make one label of the form (short: a label, not a sentence that opens with one)."""
    joined = above + below
    return len("".join(joined.split())) <= _LABEL_CHARS and classify(joined) in _CELL_LABELS


def _verdict(cell: _Cell, where: PageLine, piece: Line) -> int:
    """Whether ``piece`` goes on with ``cell`` above it: 1 it does, -1 it cannot, 0 nothing tells."""
    above_line, last = cell.parts[-1]
    if above_line.page == where.page and piece.top - last.bottom > _LINE_GAP * (last.bottom - last.top):
        return -1  # a blank line between: rows apart
    text, kind = piece.text, classify(cell.text)
    if _CLOSING.match(text):
        return 1  # 99.99 / %, （万 / 元）
    if _BRACKETED.match(
        text
    ):  # 项目资金 / （万元）, 效益指标 / （30分）; a title's （2023年度） stands alone
        if kind in ("title", "attachment", "header"):
            return -1
        return 1 if kind in _ANNOTATED or _one_label(cell.text, text) else 0
    if _NUMERIC.match(last.text) and _NUMERIC.match(text):
        if last.text[-1] in _SEPARATORS or text[0] in _SEPARATORS:
            return 1  # a figure cut at its separator: 3,21.0 / ,1332
        if last.text.endswith(("%", "％")):
            return -1  # a rate is whole
        return 1 if _number_full(cell, piece) else -1
    alone = classify(text)
    figure = bool(_VALUE_LIKE.match(text))
    if kind in LABEL_KINDS and figure:
        return -1  # a figure under a whole label (分值 / 10) is the next row's
    if kind not in LABEL_KINDS and not figure and _one_label(cell.text, text):
        return 1  # 年初 / 预算数, 服务对象满意 / 度指标: the halves of one label
    if alone in _OWN_LINE or kind in ("title", "attachment"):
        return -1  # a label, title or 附件 heading of its own starts a row
    if kind in LABEL_KINDS:  # a whole label above: only more of the label goes on with it
        return 1 if _one_label(cell.text, text) else -1
    if last.text.endswith(("：", ":")) and _FIELD.match(text):
        return 0  # 按收入性质分： above 其中：一般公共预算：…: a label of its own, then the next field
    if _full(last, piece, cell.room):
        return 1  # the line above was full: the text wrapped
    if _VALUE_LIKE.match(last.text) and _VALUE_LIKE.match(text):
        return -1  # one cell holds one value: ≥48座 above 48座 are two
    return 0


def _homes(row: list[_Cell], line: PageLine) -> list[int | None] | None:
    """The cell of ``row`` each piece of ``line`` goes on with (None: a column the row has left empty so
    far), when the line is more of the row: no piece cannot go on with the cell above it, one at least
    surely does (a wrap, a label's other half, a figure's rest). None when the line starts a row.

    A cell may begin lower than its row's first line (a blank first paragraph, text centred in a tall
    row): a piece under no cell of the row joins it as a cell of its own, beside pieces that go on, or
    with other such pieces on the line right below the row.
    """
    homes: list[int | None] = []
    sure = False
    for piece in line.pieces:
        under = [k for k, c in enumerate(row) if piece.x0 < c.hi and c.lo < piece.x1]
        if not under:
            if classify(piece.text) in _OWN_LINE:
                return None  # a label starts a row, wherever it stands
            homes.append(None)
            continue
        if len(under) != 1 or under[0] in homes:
            return None
        verdict = _verdict(row[under[0]], line, piece)
        if verdict < 0:
            return None
        sure = sure or verdict > 0
        homes.append(under[0])
    if sure:
        return homes
    # Only new cells, right below the row: the rest of a row whose cells began low (100% under 8).
    bottoms = [c.parts[-1][1].bottom for c in row if c.parts[-1][0].page == line.page]
    first = line.pieces[0]
    close = bool(bottoms) and first.top - max(bottoms) <= _LINE_GAP * (first.bottom - first.top)
    return homes if close and all(h is None for h in homes) else None


def _label_goes_on(cell: _Cell, piece: Line) -> bool:
    """The content alone says ``piece`` is more of ``cell``: a label's other half or its annotation."""
    kind = classify(cell.text)
    if _BRACKETED.match(piece.text):
        return kind in _ANNOTATED
    return kind not in LABEL_KINDS and _one_label(cell.text, piece.text)


def _still_open(row: list[_Cell], line: PageLine) -> dict[int, int]:
    """Pieces of a line that starts a row but go on with a cell of the row above by their content
    alone (piece → cell): a cell merged down over rows (``年度总`` / ``体目标``, ``产出指标`` /
    ``（50分）``) shows its rest beside the next row's first line."""
    out: dict[int, int] = {}
    for k, piece in enumerate(line.pieces):
        under = [j for j, c in enumerate(row) if piece.x0 < c.hi and c.lo < piece.x1]
        if len(under) == 1 and under[0] not in out.values() and _label_goes_on(row[under[0]], piece):
            out[k] = under[0]
    return out if len(out) < len(line.pieces) else {}


def _rows(lines: Sequence[PageLine]) -> list[list[_Cell]]:
    lines = [spaced_letters(ln) for ln in lines]
    starts = column_starts(lines)
    gap = cell_gap(lines, starts)
    lines = [rejoin(ln, gap) for ln in lines]
    right = max((p.x1 for ln in lines for p in ln.pieces), default=0.0)
    rows: list[list[_Cell]] = []
    for line in lines:
        room_of = rooms(line, gap, right, starts)
        homes = _homes(rows[-1], line) if rows else None
        if homes is None:
            going_on = _still_open(rows[-1], line) if rows else {}
            for k, cell in going_on.items():
                rows[-1][cell].add(line, line.pieces[k], room_of[k])
            rows.append(
                [
                    _Cell([(line, p)], room, p.text)
                    for k, (p, room) in enumerate(zip(line.pieces, room_of, strict=True))
                    if k not in going_on
                ]
            )
            continue
        row = rows[-1]
        for piece, room, under in zip(line.pieces, room_of, homes, strict=True):
            if under is None:
                row.append(_Cell([(line, piece)], room, piece.text))
            else:
                row[under].add(line, piece, room)
        row.sort(key=lambda c: c.lo)
    return rows


def _drop_repeated_headers(rows: list[list[_Cell]]) -> tuple[list[list[_Cell]], int]:
    """A header row shown again at the top of the next page (same texts, labels only) is the same row."""
    seen: set[tuple[str, ...]] = set()
    kept: list[list[_Cell]] = []
    dropped = 0
    for row in rows:
        texts = tuple(c.text for c in row)
        labels = sum(classify(t) in LABEL_KINDS for t in texts)
        after_break = bool(kept) and kept[-1][-1].parts[-1][0].page != row[0].parts[0][0].page
        if after_break and texts in seen:
            dropped += 1
            continue
        if labels >= 2 and labels == len(texts):
            seen.add(texts)
        kept.append(row)
    return kept, dropped


@dataclass(frozen=True, slots=True)
class Region:
    blocks: list[Block]
    furniture: list[PageLine]  # lines to place as paragraphs after the region's blocks
    repeated_headers: int  # header rows dropped after page breaks
    rows: int  # rows used (row ids given), so the next region's ids follow on


def preamble(lines: Sequence[PageLine]) -> int:
    """How many of a region's first lines are its heading: up to the last 附件, title, ``填报单位：…`` or
    year line before the first row label. They become paragraphs, as on ruled pages, for the form
    reader's heading rules (a table of contents above them goes with them)."""
    end = 0
    for k, line in enumerate(lines):
        first = line.pieces[0].text if line.pieces else ""
        kind = classify(first)
        if kind in LABEL_KINDS - {"title"}:
            break
        if kind in ("title", "attachment") or _HEADING_LINE.match(first):
            end = k + 1
    return end


def _columns_under(row: list[_Cell], grid: list[_Cell]) -> list[int] | None:
    """The column of ``grid`` each cell of ``row`` lies under (one each, left to right), or None."""
    out: list[int] = []
    for cell in row:
        under = [k for k, g in enumerate(grid) if cell.lo < g.hi and g.lo < cell.hi]
        if len(under) != 1 or (out and under[0] <= out[-1]):
            return None
        out.append(under[0])
    return out


def _with_empty_columns(row: list[_Cell], grid: list[_Cell], row_id: int) -> list[Token]:
    """A row's cells, with an empty cell where a column of the rows above has nothing in this row.

    The positions say which columns a short row leaves empty (其中：当年财政拨款 with no 分值 and 得分):
    the cell stream then places its figures by order, with no need to guess.
    """
    tokens = [cell.token(row_id) for cell in row]
    under = _columns_under(row, grid) if len(row) < len(grid) else None
    if under is not None:
        empty = replace(tokens[0].location, box=None)
        tokens = [
            tokens[under.index(k)] if k in under else Token("", empty, row_id) for k in range(len(grid))
        ]
    # The cell's place on its line ("page 1 line 8 col 4"): cells side by side have distinct locations.
    return [replace(t, location=replace(t.location, col=k)) for k, t in enumerate(tokens, start=1)]


def read_region(lines: Sequence[PageLine], first_row: int = 0) -> Region:
    """A form region's lines → blocks through the cell stream (see the module docstring)."""
    body = [ln for ln in lines if not ln.furniture and ln.pieces]
    rows, dropped = _drop_repeated_headers(_rows(body))
    cells: list[list[Token]] = []
    grid: list[_Cell] = []
    for r, row in enumerate(rows):
        cells.append(_with_empty_columns(row, grid, first_row + r))
        if len(row) >= max(3, len(grid)) or (len(row) >= 3 and _columns_under(row, grid) is None):
            grid = row
    blocks: list[Block] = []
    done = 0
    for start, end in breakdown_spans(cells):  # a block the cell stream does not read: a table here
        blocks += build_blocks([t for row in cells[done:start] for t in row])
        blocks.append(breakdown_table(cells[start:end]))
        done = end
    blocks += build_blocks([t for row in cells[done:] for t in row])
    furniture = [ln for ln in lines if ln.furniture]
    return Region(blocks, furniture, dropped, len(rows))


__all__ = ["Region", "is_page_number", "preamble", "read_region"]
