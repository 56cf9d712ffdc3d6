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
  close what is above, a number cut at its separator: ``extract.pdf_wraps``). A piece under no cell of
  the row (a cell whose text begins lower) joins it; a label, a figure under a figure or under a whole
  label starts a row;
* where the region's rows were drawn with borders (its lines step off their pitch's lattice from one row
  to the next: ``extract.pdf_pitch``), a piece a pitch below a cell's last line goes on with it and one
  off the pitch cannot; a piece under no cell joins a row only on the row's lattice (a cell centred
  lower: 分值 beside 年初预 / 算数); 一级/二级 labels merged over rows and centred stand between their
  rows' lines and go to the first row they stand for (``extract.pdf_centred``);
* a cell merged down over rows shows its rest beside the next rows' first lines (``年度总`` / ``体目标``,
  ``项目资金`` / ``（万`` / ``元）``, ``绩`` / ``效`` / ``指`` / ``标``): a piece that goes on with the
  nearest cell above it by its content alone joins that cell, never the row beside it;
* a cell's lines are joined by the rules of their content (``extract.pdf_text.join_next``: digits and
  separators without space, Chinese without space, Latin words with one);
* a row that leaves a column of the rows above empty gets an empty cell there, so figures stay under
  their columns (its first cell may stand in a column the header left blank, 年度资金总额 beside the
  corner: ``extract.pdf_grid``); a header row repeated after a page break (with its block's title row)
  is dropped, and the row the break cut goes on below it; page furniture inside a region
  (page numbers, running heads) is handed back to become paragraphs; the 按收入性质分 / 按支出性质分
  breakdown, which the cell stream does not read, becomes a table of its own (``extract.pdf_breakdown``).

The cells go to ``extract.cell_stream.build_blocks`` as ``Token``s with a row id each, so the forms'
rows are rebuilt by the vocabulary as for every other text shape. Locations say page, the lines on the
page, the cell's place in its row (``page 1 lines 8-9 col 4``) and its box in PDF points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import regex
from jixiao.extract.cell_kinds import LABEL_KINDS, classify
from jixiao.extract.cell_stream import build_blocks
from jixiao.extract.layout import Block
from jixiao.extract.pdf_breakdown import breakdown_spans, breakdown_table
from jixiao.extract.pdf_centred import recentre_labels
from jixiao.extract.pdf_columns import (
    PageLine,
    cell_gap,
    column_starts,
    rejoin,
    rooms,
    spaced_letters,
)
from jixiao.extract.pdf_grid import grid_tokens
from jixiao.extract.pdf_pitch import Pitch, by_baseline, region_pitch
from jixiao.extract.pdf_text import Line
from jixiao.extract.pdf_wraps import (
    LINE_GAP,
    OWN_LINE,
    DraftCell,
    label_goes_on,
    level_label,
    next_line,
    verdict,
)

_HEADING_LINE = regex.compile(
    r"^填报(?:单位|日期)|^[(（]?[0-9]{4}\s*年度?[)）]?$"
)  # 填报单位：…, （2023年度）


_TITLE_ROWS = frozenset(("corner", "part"))  # a block's title row, which a table may repeat with its header


def _homes(row: list[DraftCell], line: PageLine, pitch: Pitch | None) -> list[int | None] | None:
    """The cell of ``row`` each piece of ``line`` goes on with (None: a column the row has left empty so
    far), when the line is more of the row: no piece cannot go on with the cell above it, one at least
    surely does (a wrap, a label's other half, a figure's rest). None when the line starts a row.

    A cell may begin lower than its row's first line (a blank first paragraph, text centred in a tall
    row): a piece under no cell of the row joins it as a cell of its own, beside pieces that go on, or
    with other such pieces on the line right below the row.
    """
    homes: list[int | None] = []
    sure = False
    lasts = [c.parts[-1][1] for c in row if c.parts[-1][0].page == line.page]
    for piece in line.pieces:
        under = [k for k, c in enumerate(row) if piece.x0 < c.hi and c.lo < piece.x1]
        if not under:
            if classify(piece.text) in OWN_LINE and not _centred_lower(lasts, piece, pitch):
                return None  # a label starts a row, wherever it stands
            if pitch is not None and lasts and _on_lattice(lasts, piece, pitch) is False:
                return None  # off the row's lattice: a border above it, the next row's first cell
            homes.append(None)
            continue
        if len(under) != 1 or under[0] in homes:
            return None
        earlier = row[under[0]].parts[-1][0].page < line.page
        if earlier and pitch is not None and lasts and _on_lattice(lasts, piece, pitch) is False:
            return None  # the row went on atop this page, and this piece is off its lattice: a row below
        said = verdict(row[under[0]], line, piece, pitch)
        if said < 0:
            return None
        sure = sure or said > 0
        homes.append(under[0])
    if sure:
        return homes
    # Only new cells, right below the row: the rest of a row whose cells began low (100% under 8).
    first = line.pieces[0]
    close = _right_below(lasts, first)
    if close and pitch is not None:  # a cell centred lower in the row stands on the row's lattice
        close = _on_lattice(lasts, first, pitch) is not False
    return homes if close and all(h is None for h in homes) else None


def _right_below(lasts: list[Line], piece: Line) -> bool:
    """Whether ``piece`` stands less than a line's gap below the lowest of a row's last lines ``lasts``."""
    return bool(lasts) and piece.top - max(p.bottom for p in lasts) <= LINE_GAP * (piece.bottom - piece.top)


def _centred_lower(lasts: list[Line], piece: Line, pitch: Pitch | None) -> bool:
    """Whether ``piece`` (under no cell of the row whose last lines are ``lasts``) stands on the row's
    lattice right below its lines: a cell centred lower in the row (分值 beside 年初预 / 算数), not the next
    row (which a border moved)."""
    return pitch is not None and _right_below(lasts, piece) and _on_lattice(lasts, piece, pitch) is True


def _on_lattice(lasts: list[Line], piece: Line, pitch: Pitch) -> bool | None:
    """Whether ``piece`` stands on the lattice of one of a row's cells (their last lines ``lasts``; a
    cell merged over rows below stands on a lattice of its own): None when the pitch says nothing."""
    said = [pitch.same_row(last, piece) for last in lasts]
    return True if True in said else False if False in said else None


def _still_open(
    rows: list[list[DraftCell]], line: PageLine, pitch: Pitch | None, *, higher: bool = False
) -> dict[int, DraftCell]:
    """Pieces of a line that starts a row but go on with a cell of a row above by their content
    alone (piece → cell): a cell merged down over rows (``年度总`` / ``体目标``, ``产出指标`` /
    ``（50分）``, ``项目资金`` / ``（万`` / ``元）``) shows its rest beside the next rows' first lines.
    The cell is the nearest above the piece: the rows between leave its column empty (``higher``: only
    pieces under no cell of the last row, all of them if so)."""
    out: dict[int, DraftCell] = {}
    # The first line of a page: a merged cell goes on atop the page after the break (效益指标（30 / 分）)
    page_top = all(part.page < line.page for row in rows[-3:] for c in row for part, _ in c.parts)
    for k, piece in enumerate(line.pieces):
        for n, row in enumerate(reversed(rows[-3:])):
            under = [c for c in row if piece.x0 < c.hi and c.lo < piece.x1]
            if not under:
                continue  # a column the row leaves empty: look higher
            cell = under[0]
            if higher and n == 0:
                break
            free = all(c is not cell for c in out.values())
            near = next_line(cell, line, piece, page_top=page_top)
            if len(under) == 1 and free and near and label_goes_on(cell, line, piece, pitch):
                out[k] = cell
            break
    return out if higher or len(out) < len(line.pieces) else {}


def _rows(lines: Sequence[PageLine]) -> list[list[DraftCell]]:
    lines = [spaced_letters(ln) for ln in lines]
    starts = column_starts(lines)
    gap = cell_gap(lines, starts)
    lines = [rejoin(ln, gap) for ln in lines]
    right = max((p.x1 for ln in lines for p in ln.pieces), default=0.0)
    pitch = region_pitch(lines)
    rows: list[list[DraftCell]] = []
    for line in [one for ln in lines for one in by_baseline(ln, pitch, level_label)]:
        room_of = rooms(line, gap, right, starts)
        above = _still_open(rows, line, pitch, higher=True)  # 元） beside the row under 项目资金 / （万
        if above:
            rest = _hand_over(line, room_of, above)
            if rest is None:
                continue
            line, room_of = rest
        labels = _merged_labels(rows, line, pitch)
        if labels:  # 一级/二级 labels merged over rows, centred: their lines go on beside the rows' lines
            rest = _hand_over(line, room_of, labels)
            if rest is None:
                continue
            line, room_of = rest
        homes, target = None, -1
        if labels is not None:  # the rest of the line: more of the row beside the labels, if it can be
            homes, target = _homes(rows[-2], line, pitch), -2
        if homes is None:
            homes, target = (_homes(rows[-1], line, pitch) if rows else None), -1
        while homes is None and len(rows) + target >= 1 and _passed_over(rows[:target], rows[target], pitch):
            # The header rows shown again atop the page: the row cut by the break goes on below them; a
            # label merged over rows, centred: the row beside it goes on.
            target -= 1
            homes = _homes(rows[target], line, pitch)
        if homes is None:
            going_on = _still_open(rows, line, pitch)
            for k, cell in going_on.items():
                cell.add(line, line.pieces[k], room_of[k])
            rows.append(
                [
                    DraftCell([(line, p)], room, p.text)
                    for k, (p, room) in enumerate(zip(line.pieces, room_of, strict=True))
                    if k not in going_on
                ]
            )
            continue
        row = rows[target]
        for piece, room, under in zip(line.pieces, room_of, homes, strict=True):
            if under is None:
                row.append(DraftCell([(line, piece)], room, piece.text))
            else:
                row[under].add(line, piece, room)
        row.sort(key=lambda c: c.lo)
    return recentre_labels(rows, pitch.step) if pitch is not None else rows


def _hand_over(
    line: PageLine, room_of: list[tuple[float, float]], taken: dict[int, DraftCell]
) -> tuple[PageLine, list[tuple[float, float]]] | None:
    """Give the ``taken`` pieces of ``line`` to their cells; the rest of the line, None when none is left."""
    for k, cell in taken.items():
        cell.add(line, line.pieces[k], room_of[k])
    keep = [k for k in range(len(line.pieces)) if k not in taken]
    if not keep:
        return None
    return replace(line, pieces=tuple(line.pieces[k] for k in keep)), [room_of[k] for k in keep]


def _header_texts(row: list[DraftCell]) -> tuple[str, ...] | None:
    """A header row's texts (labels only, two or more; or a block's title alone: 绩效指标完成情况 above
    the column heads, repeated with them), or None."""
    texts = tuple(c.text for c in row)
    kinds = [classify(t) for t in texts]
    if len(kinds) == 1:
        return texts if kinds[0] in _TITLE_ROWS else None
    labels = sum(k in LABEL_KINDS for k in kinds)
    return texts if labels >= 2 and labels == len(texts) else None


def _repeated_header(before: list[list[DraftCell]], row: list[DraftCell]) -> bool:
    """Whether ``row`` is a header row shown again at the top of a page: the same texts as a header row
    before it, and only header rows between it and the last row begun on an earlier page (which may have
    gone on below them)."""
    texts = _header_texts(row)
    if texts is None or not any(_header_texts(r) == texts for r in before):
        return False
    page = row[0].parts[0][0].page
    for r in reversed(before):
        if min(c.parts[0][0].page for c in r) < page:
            return True
        if _header_texts(r) is None:
            return False
    return False


def _merged_labels(
    rows: list[list[DraftCell]], line: PageLine, pitch: Pitch | None
) -> dict[int, DraftCell] | None:
    """When the last row holds only 一级/二级 labels standing between the lines of the row before it
    (merged over rows, centred; rows drawn with borders): the pieces of ``line`` that go on with them
    (piece → label cell; maybe none). None when the last row is not such."""
    if pitch is None or not pitch.bordered or len(rows) < 2:
        return None
    if not all(level_label(c.text) for c in rows[-1]):
        return None
    out: dict[int, DraftCell] = {}
    for k, piece in enumerate(line.pieces):
        for cell in rows[-1]:
            over = piece.x0 < cell.hi and cell.lo < piece.x1
            if over and next_line(cell, line, piece) and label_goes_on(cell, line, piece, pitch):
                out[k] = cell
    return out


def _passed_over(before: list[list[DraftCell]], row: list[DraftCell], pitch: Pitch | None) -> bool:
    """A row the next line may go on past: a header row repeated atop a page, or (rows drawn with
    borders) 一级/二级 labels alone, merged over rows and centred between the lines of the rows beside."""
    labels = pitch is not None and pitch.bordered and all(level_label(c.text) for c in row)
    return labels or _repeated_header(before, row)


def _drop_repeated_headers(rows: list[list[DraftCell]]) -> tuple[list[list[DraftCell]], int]:
    """A header row shown again at the top of the next page (same texts, labels only) is the same row."""
    kept: list[list[DraftCell]] = []
    for row in rows:
        if not _repeated_header(kept, row):
            kept.append(row)
    return kept, len(rows) - len(kept)


@dataclass(frozen=True, slots=True)
class Region:
    blocks: list[Block]
    furniture: list[PageLine]  # lines to place as paragraphs after the region's blocks
    repeated_headers: int  # header rows dropped after page breaks
    rows: int  # rows used (row ids given), so the next region's ids follow on


def is_form_row(line: PageLine) -> bool:
    """A line of several cells, one a label of the form (``绩  一级指标  二级指标 …``, ``总分  100  98``):
    a row of a table, never a running head though the same row tops or ends several pages (forms one
    after another)."""
    kinds = [classify(p.text) for p in line.pieces]
    return len(kinds) >= 2 and any(k in LABEL_KINDS and k != "title" for k in kinds)


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


def read_region(lines: Sequence[PageLine], first_row: int = 0) -> Region:
    """A form region's lines → blocks through the cell stream (see the module docstring)."""
    body = [ln for ln in lines if not ln.furniture and ln.pieces]
    rows, dropped = _drop_repeated_headers(_rows(body))
    cells = grid_tokens(rows, first_row)
    if all(len(row) <= 1 for row in rows):
        # One cell a line all through (a form typed one cell per paragraph): the lines mark no rows, and
        # the stream reads it as the text shape of one cell per line.
        cells = [[replace(t, row=-1) for t in row] for row in cells]
    blocks: list[Block] = []
    done = 0
    for start, end in breakdown_spans(cells):  # a block the cell stream does not read: a table here
        blocks += build_blocks([t for row in cells[done:start] for t in row])
        blocks.append(breakdown_table(cells[start:end]))
        done = end
    blocks += build_blocks([t for row in cells[done:] for t in row])
    furniture = [ln for ln in lines if ln.furniture]
    return Region(blocks, furniture, dropped, len(rows))


__all__ = ["Region", "is_form_row", "preamble", "read_region"]
