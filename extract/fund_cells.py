"""A fund line in a stream of cells (``年度资金总额`` and its figures) → one cell per money-block column.

The figures are the cells after the label that read as figures (on the label's row where rows are marked;
as many as the block has columns where not). Figures glued together are split only where the form's
identities admit one reading (``extract.glued``); cells are placed under columns by
``extract.slot_claims.assign_fund``. A line whose figures no column can be told to own is returned raw.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate

from jixiao.extract.cell_kinds import Token
from jixiao.extract.glued import is_glued, split_glued
from jixiao.extract.labels import clean_label
from jixiao.extract.slot_claims import assign_fund
from jixiao.extract.white_space import WHITE

_FIGURES = re.compile(
    rf"^[0-9.,%—–―─\-/{WHITE}]+(?:分[0-9.,%—–―─\-/{WHITE}]*)*$"
)  # figures, maybe glued; "10分"


def read_fund_line(
    toks: Sequence[Token],
    kinds: Sequence[str],
    i: int,
    fund_keys: Sequence[str],
    points: str | None = None,
    gap: bool | None = False,
) -> tuple[list[Token | None] | None, list[Token], int]:
    """The fund line at ``i``: a cell (or None) per column, or None when no column can be told to own
    the figures; the figures; the next index. ``points``: the block's 分值 as its corner writes it;
    ``gap``: whether its rows write a blank after their label (None: not known; see ``assign_fund``)."""
    return read_fund_figures(toks, kinds, i + 1, toks[i].row, fund_keys, points, gap)


def read_fund_figures(
    toks: Sequence[Token],
    kinds: Sequence[str],
    start: int,
    row: int,
    fund_keys: Sequence[str],
    points: str | None = None,
    gap: bool | None = False,
) -> tuple[list[Token | None] | None, list[Token], int]:
    """The figures from ``start`` (on ``row`` when rows are marked) placed as ``read_fund_line`` does."""
    limit = len(fund_keys) if row < 0 else 4 * len(fund_keys) + 8
    idx: list[int] = []
    j = start
    while j < len(toks) and len(idx) < limit:
        kind, tok = kinds[j], toks[j]
        if row >= 0 and tok.row != row:
            break
        if not (kind in ("value", "empty") or (kind == "text" and _FIGURES.match(tok.text))):
            break
        idx.append(j)
        j += 1
    end = start + len(idx)
    cells = [toks[j] for j in idx]
    filled = [c for c in cells if clean_label(c.text)]
    glued = any(is_glued(t.text) for t in filled)
    if glued:
        pieces = _split_cells(filled, tuple(fund_keys))
        if pieces is not None:
            return [*pieces], filled, end
    placed = None if glued else assign_fund(cells, fund_keys, points, gap=gap)
    if placed is None and glued and row >= 0 and len(cells) == len(fund_keys):
        # A marked row with a cell under every column (a PDF's positions): a figure run together
        # is that cell's own text, for the amount reader's repairs, not cells to split.
        placed = [c if clean_label(c.text) else None for c in cells]
    if placed is None and filled:
        return None, filled, end
    return list(placed or [None] * len(fund_keys)), filled, end


def _split_cells(filled: list[Token], keys: tuple[str, ...]) -> list[Token] | None:
    """Figures of a row, some glued together, split where the identities admit one reading.

    The reading must keep every border the source drew: a cell that was not glued is one figure.
    """
    clean = [clean_label(t.text) for t in filled]
    pieces = split_glued("".join(clean), keys)
    if pieces is None:
        return None
    ends = list(accumulate(map(len, clean)))  # where each source cell's text ends in the run
    borders = set(ends)
    out: list[Token] = []
    at, cell = 0, 0
    for piece in pieces:
        out.append(Token(piece, filled[cell].location, filled[cell].row))
        at += len(piece)
        if at in borders:
            cell += 1
        elif cell < len(filled) and at > ends[cell]:
            return None  # a piece runs over a border the source drew
    return out if at == (ends[-1] if ends else 0) else None


__all__ = ["read_fund_figures", "read_fund_line"]
