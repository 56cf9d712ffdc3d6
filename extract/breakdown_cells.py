"""The 按收入性质分 / 按支出性质分 breakdown in a stream of cells → the rows the form reader reads.

Word's department form writes it under the money block as two columns, one per basis, each cell a line
and its amount (``其中：一般公共预算：321.01`` | ``其中：基本支出：241.02``). A text shape may keep the
columns (pipes, PDF), lose them (one cell per line, flattened), or drop the ``按收入性质分：`` header line.
Each cell names its own line, and the line names its basis (``schemas.labels.BREAKDOWN_LINE_BASIS``), so
the rows are rebuilt with every part in its basis's column, whatever order the shape gave the cells in.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.extract.cell_kinds import Token, breakdown_key, is_number
from jixiao.extract.labels import clean_label, exact_key, strip_annotations
from jixiao.extract.layout import span
from jixiao.schemas.labels import BREAKDOWN_BASIS, BREAKDOWN_LINE_BASIS, BREAKDOWN_LINES

DEFAULT_ORDER = ("income", "expenditure")  # the columns' order when no header line names them


def part_key(tok: Token, kind: str, inside: bool) -> str | None:
    """The breakdown line a cell writes, when it is one here.

    Inside a breakdown, ``其他资金：`` (a fund line's wording too) and ``项目支出：`` (a header field's) are
    its lines when they end in a colon as the breakdown's cells do.
    """
    if kind == "part":
        return breakdown_key(clean_label(tok.text))
    if inside and kind in ("fund_line", "header") and tok.text.rstrip().endswith((":", "：")):
        label = strip_annotations(clean_label(tok.text)).removeprefix("其中:")
        return exact_key(label, BREAKDOWN_LINES)
    return None


def basis_header(toks: Sequence[Token], kinds: Sequence[str], i: int) -> tuple[list[Token], list[str], int]:
    """The header line's cells from ``i`` (``按收入性质分：`` ``按支出性质分：``), their bases, next index."""
    cells: list[Token] = []
    order: list[str] = []
    j = i
    while j < len(toks) and kinds[j] in ("basis", "empty"):
        if kinds[j] == "basis":
            key = exact_key(strip_annotations(clean_label(toks[j].text)), BREAKDOWN_BASIS)
            if key is None or key in order or (cells and toks[j].row != cells[0].row):
                break
            cells.append(toks[j])
            order.append(key)
        j += 1
    return cells, order, j


def _figures_after(toks: Sequence[Token], kinds: Sequence[str], j: int, row: int) -> int:
    n = 0
    while j + n < len(toks) and kinds[j + n] == "value" and toks[j + n].row == row:
        n += 1
    return n


def read_parts(
    toks: Sequence[Token], kinds: Sequence[str], i: int, order: Sequence[str]
) -> tuple[list[list[Token | None]], int]:
    """Rows of breakdown cells from ``i``, one column per basis of ``order``; and the next index.

    A line whose amount the shape cut into a cell of its own (``政府性基金拨款：`` | ``87065.00``) gets it
    back when it is the one figure after the colon; a line followed by several figures is a fund line.
    """
    rows: list[list[Token | None]] = []
    j = i
    while j < len(toks):
        kind, tok = kinds[j], toks[j]
        if kind == "empty":
            j += 1
            continue
        key = part_key(tok, kind, True)
        if key is None or BREAKDOWN_LINE_BASIS[key] not in order:
            break
        cell, j = tok, j + 1
        figures = _figures_after(toks, kinds, j, tok.row)
        if figures > 1:
            j -= 1
            break  # "其他资金：" | 12.00 | 12.00 | …: the money block's line, not the breakdown's
        text = tok.text.rstrip()
        if figures == 1 and text.endswith((":", "：")) and is_number(toks[j].text):
            amount = toks[j]
            cell = Token(text + amount.text.strip(), span(tok.location, amount.location), tok.row)
            j += 1
        slot = order.index(BREAKDOWN_LINE_BASIS[key])
        last = rows[-1] if rows else None
        if last is None or last[slot] is not None or (tok.row >= 0 and _row_of(last) != tok.row):
            last = [None] * len(order)
            rows.append(last)
        last[slot] = cell
    return rows, j


def _row_of(cells: list[Token | None]) -> int:
    return next((c.row for c in cells if c is not None), -1)


__all__ = ["DEFAULT_ORDER", "basis_header", "part_key", "read_parts"]


_LINE_KINDS = frozenset(("part", "fund_line", "header", "text"))  # what a columned line's label may be


def columned_parts(toks: Sequence[Token], kinds: Sequence[str], i: int) -> int:
    """A breakdown written with money columns of its own (``按收入性质分 | 年初预算数 | 全年预算数 | …``, then
    ``基本支出 | 210.00 | 215.00 | 214.00``): the index after its lines, or 0 when the basis at ``i``
    heads no such columns. The contract holds one amount a breakdown line and names no column for it, so
    these lines are kept as text (the form reader says so), never read as money lines."""
    row = toks[i].row
    j = i + 1
    heads = 0
    while j < len(toks) and kinds[j] in ("fund_col", "empty") and (row < 0 or toks[j].row == row):
        heads += kinds[j] == "fund_col"
        j += 1
    if heads < 2:
        return 0
    while j + 1 < len(toks) and kinds[j] in _LINE_KINDS and kinds[j + 1] == "value":
        label_row, j = toks[j].row, j + 1
        taken = 0
        while (
            j < len(toks) and kinds[j] in ("value", "empty") and (label_row < 0 or toks[j].row == label_row)
        ):
            if label_row < 0 and taken == heads:
                break
            taken += kinds[j] == "value"
            j += 1
    return j
