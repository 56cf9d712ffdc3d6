"""Unruled PDF rows → the cell stream's tokens, a short row given an empty cell for each column it skips.

The positions say which columns a short row leaves empty (其中：当年财政拨款 with no 分值 and 得分): the
cell stream (``extract.cell_stream``) then places the row's figures by order, with no need to guess.
The columns are those of the last row that spans them (``extract.pdf_words`` builds the rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from jixiao.extract.cell_kinds import Token
from jixiao.extract.pdf_wraps import DraftCell


def grid_tokens(rows: Sequence[list[DraftCell]], first_row: int = 0) -> list[list[Token]]:
    """Each row's tokens (row ids from ``first_row``), short rows filled out under the columns above."""
    cells: list[list[Token]] = []
    grid: list[DraftCell] = []
    for r, row in enumerate(rows):
        cells.append(_with_empty_columns(row, grid, first_row + r))
        if len(row) >= max(3, len(grid)) or (len(row) >= 3 and _columns_under(row, grid) is None):
            grid = row
    return cells


def _columns_under(row: list[DraftCell], grid: list[DraftCell]) -> list[int] | None:
    """The column of ``grid`` each cell of ``row`` lies under (one each, left to right), or None."""
    out: list[int] = []
    for cell in row:
        under = [k for k, g in enumerate(grid) if cell.lo < g.hi and g.lo < cell.hi]
        if len(under) != 1 or (out and under[0] <= out[-1]):
            return None
        out.append(under[0])
    return out


def _placed(row: list[DraftCell], grid: list[DraftCell]) -> tuple[int, list[int]] | None:
    """The grid column a short row starts at and the column of each of its cells, or None.

    A row's first cell may stand in a column the header left blank (年度资金总额 beside the corner, the
    header's cell above it empty): it stands for that column, and the row starts at the next one.
    """
    under = _columns_under(row, grid)
    if under is not None or len(row) < 2:
        return (0, under) if under is not None else None
    first, rest = row[0], _columns_under(row[1:], grid)
    if rest is None or any(first.lo < g.hi and g.lo < first.hi for g in grid):
        return None
    start = next((k for k, g in enumerate(grid) if g.lo >= first.hi), None)
    if start is None or start == 0 or rest[0] < start:
        return None
    return start - 1, [start - 1, *rest]


def _with_empty_columns(row: list[DraftCell], grid: list[DraftCell], row_id: int) -> list[Token]:
    """A row's cells, with an empty cell where a column of the rows above has nothing in this row.

    The positions say which columns a short row leaves empty (其中：当年财政拨款 with no 分值 and 得分):
    the cell stream then places its figures by order, with no need to guess.
    """
    tokens = [cell.token(row_id) for cell in row]
    placed = _placed(row, grid) if len(row) < len(grid) else None
    if placed is not None:
        start, under = placed
        empty = replace(tokens[0].location, box=None)
        tokens = [
            tokens[under.index(k)] if k in under else Token("", empty, row_id)
            for k in range(start, len(grid))
        ]
    # The cell's place on its line ("page 1 line 8 col 4"): cells side by side have distinct locations.
    return [replace(t, location=replace(t.location, col=k)) for k, t in enumerate(tokens, start=1)]
