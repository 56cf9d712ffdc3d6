"""The 按收入性质分 / 按支出性质分 breakdown of a PDF form drawn without ruling lines, as a table of its own.

The text shapes' cell stream reads no breakdown yet; where a PDF's word positions give the rows and the
cells' places, the block needs no vocabulary beyond its two headers: from the row that names a basis to
the next row with a label of another block, each row becomes a table row with one cell under each basis
header (the nearest by left edge; an empty cell where a basis has no line), which the form reader reads
as it reads a Word table's.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.extract.cell_kinds import Token, classify
from jixiao.extract.labels import match_label
from jixiao.extract.layout import Cell, Row, Table
from jixiao.schemas.labels import BREAKDOWN_BASIS

# Kinds of cells that open another block of the form: the breakdown ends before them.
_OTHER_BLOCK = frozenset(
    ("goal", "ind_col", "fund_col", "level1", "level2", "total", "title", "attachment", "header", "corner")
)


def _is_basis_row(row: Sequence[Token]) -> bool:
    return any(t.text and match_label(t.text, BREAKDOWN_BASIS, fuzzy=False) for t in row)


def breakdown_spans(rows: Sequence[Sequence[Token]]) -> list[tuple[int, int]]:
    """``(first, end)`` row indexes of each breakdown block (end exclusive)."""
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(rows):
        if not _is_basis_row(rows[k]):
            k += 1
            continue
        end = k + 1
        while end < len(rows) and not any(classify(t.text) in _OTHER_BLOCK for t in rows[end] if t.text):
            end += 1
        spans.append((k, end))
        k = end
    return spans


def breakdown_table(rows: Sequence[Sequence[Token]]) -> Table:
    """The rows of one breakdown block, each cell under the basis header nearest its left edge."""
    lefts = [x for t in rows[0] if t.text and (x := _left(t)) is not None]
    out: list[Row] = []
    for row in rows:
        slots: list[Token | None] = [None] * len(lefts)
        for t in row:
            x = _left(t)
            if not t.text or x is None:
                continue
            k = min(range(len(lefts)), key=lambda i: abs(lefts[i] - x))
            held = slots[k]
            slots[k] = t if held is None else Token(f"{held.text}\n{t.text}", held.location, t.row)
        at = next(t for t in row if t.text).location
        cells = tuple(
            Cell(t.text if t else "", t.location if t else at, grid_col=k) for k, t in enumerate(slots)
        )
        out.append(Row(cells, at))
    return Table(tuple(out), out[0].location)


def _left(token: Token) -> float | None:
    box = token.location.box
    return box[0] if box is not None else None


__all__ = ["breakdown_spans", "breakdown_table"]
