"""One indicator row in a stream of cells → the cells its template's columns name, in order.

The grammar (``extract.cell_stream``) calls this on a row's first cell, its 三级指标, once an indicator
header has named the columns; the 一级/二级指标 it carries over itself. Where rows are marked (pipes, PDF
columns) a row claims only its own cells; without marks it claims as many cells as the template has slots.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.extract.cell_kinds import Token, is_number, is_score
from jixiao.extract.cell_prepare import cells_after, span


def read_indicator(
    toks: Sequence[Token], kinds: Sequence[str], i: int, ind_keys: Sequence[str]
) -> tuple[dict[str, Token], int] | None:
    """One indicator row from token ``i`` (its 三级指标): its cells by column key, next index; None when
    the cells do not read as one.

    Without row marks a cell's text may have been cut over two cells (a one-cell-per-line export of a
    wrapped Word cell): a 三级指标 over two cells is joined when that alone makes the row read, and a
    trailing text (偏差原因) takes the cells after it that do not read as the next indicator.
    """
    slots = [k for k in ind_keys if k not in ("level1", "level2")]
    tok = toks[i]
    if tok.row < 0 and not any(k in ("weight", "score") for k in slots):
        # Without row marks and without 分值/得分 to end a row, a trailing 偏差原因 cannot be told from
        # the next row's name (empty cells dropped): it is not read, never guessed.
        slots = [k for k in slots if k != "deviation"]
    limit = -1 if tok.row >= 0 else len(slots) + 8
    # Where rows are marked an empty cell is a column of the row (a PDF's positions, a pipe row's
    # "| |"), kept so that the cells after it stay under their columns.
    idx = [
        j
        for j in cells_after(toks, kinds, i, tok.row, ("text", "value", "empty"), limit)
        if kinds[j] != "empty" or tok.row >= 0
    ]
    parts = [[j] for j in idx]
    scored = [n for n, k in enumerate(slots) if k in ("weight", "score")]
    required = (max(scored) + 1) if scored else len(slots)
    if not scored and tok.row >= 0 and slots[-1] == "deviation":
        required -= 1  # a row mark ends the row: its trailing 偏差原因 may be left empty
    cut_name = tok.row < 0 and len(parts) > required and kinds[idx[0]] == kinds[idx[1]] == "text"
    if cut_name and not _fits(toks, parts, required, scored):
        parts = [parts[0] + parts[1], *parts[2:]]  # a 三级指标 cut over two cells
    if not _fits(toks, parts, required, scored):
        return None
    take = parts[:required]
    for n in range(required, len(slots)):
        if n >= len(parts) or (tok.row < 0 and _starts_indicator(toks, parts[n:], scored)):
            break
        take.append(parts[n])
    while tok.row < 0 and scored and len(take) > required and len(take) < len(parts):
        nxt = parts[len(take)]
        if kinds[nxt[0]] != "text" or _starts_indicator(toks, parts[len(take) :], scored):
            break
        take[-1] = take[-1] + nxt  # the rest of a wrapped 偏差原因
        parts = [*parts[: len(take) - 1], take[-1], *parts[len(take) + 1 :]]
    cells = {slots[n]: _cell(toks, group) for n, group in enumerate(take)}
    return cells, take[-1][-1] + 1


def _cell(toks: Sequence[Token], group: list[int]) -> Token:
    if len(group) == 1:
        return toks[group[0]]
    first, last = toks[group[0]], toks[group[-1]]
    # One cell's text cut at a line end of the export: the cut is layout, not the clerk's.
    return Token("".join(toks[j].text for j in group), span(first.location, last.location), first.row)


def _fits(toks: Sequence[Token], parts: list[list[int]], required: int, scored: list[int]) -> bool:
    if len(parts) < required:
        return False
    return all(len(parts[n]) == 1 and is_score(toks[parts[n][0]].text) for n in scored)


def _starts_indicator(toks: Sequence[Token], parts: list[list[int]], scored: list[int]) -> bool:
    if not scored or len(parts) <= max(scored):
        return False
    return all(is_number(toks[parts[n][0]].text) for n in scored)


__all__ = ["read_indicator"]
