"""One indicator row in a stream of cells → the cells its template's columns name, in order.

The grammar (``extract.cell_stream``) calls this on a row's first cell, its 三级指标, once an indicator
header has named the columns; the 一级/二级指标 it carries over itself. Where rows are marked (pipes, PDF
columns) a row claims only its own cells; without marks it claims as many cells as the template has slots.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from jixiao.extract.cell_kinds import Token, is_number, is_score
from jixiao.extract.cell_prepare import cells_after, span
from jixiao.extract.labels import clean_label


def read_indicator(
    toks: Sequence[Token], kinds: Sequence[str], i: int, ind_keys: Sequence[str], anchored: bool = False
) -> tuple[dict[str, Token], int, bool] | None:
    """One indicator row from token ``i`` (its 三级指标): its cells by column key, next index; None when
    the cells do not read as one.

    Without row marks a cell's text may have been cut over two cells (a one-cell-per-line export of a
    wrapped Word cell): a 三级指标 over two cells is joined when that alone makes the row read, and a
    trailing text (偏差原因) takes the cells after it that do not read as the next indicator.
    ``anchored``: the row's 二级指标 label stands on its marked row, so empty 分值/得分 cells keep their
    columns (a blank template); a lone cell on a row of its own (a label written down the left edge a
    character a line) never reads as an indicator so. The last value says the next row's name is not
    certain: a text after this row's 得分 reads as its 偏差原因 as well as the first half of the next
    name cut over two cells (``受益对`` ``象满意度``, ``资金拨付滞后`` ``服务人次``): it is taken as neither.
    """
    tok = toks[i]
    planned = _slots(tuple(ind_keys), tok.row >= 0)
    if planned is None:
        return None  # a header of levels only (一级指标 | 二级指标) has no column for a row's cells
    slots, scored, required = planned
    # Enough cells for this row and the next one's scores (to tell where the next row starts).
    limit = -1 if tok.row >= 0 else 2 * len(slots) + 8
    # An empty cell the shape kept (a PDF's positions, a pipe row's "| |", a bare bar of one cell a line)
    # is a column of the row, kept so that the cells after it stay under their columns.
    idx = row_cells(toks, kinds, i, tok.row, limit)
    parts = [[j] for j in idx]
    cut_name = tok.row < 0 and len(parts) > required and kinds[idx[0]] == kinds[idx[1]] == "text"
    if cut_name and not _fits(toks, parts, required, scored, anchored):
        parts = _joined_name(toks, kinds, parts, required, scored, anchored)
    if not _fits(toks, parts, required, scored, anchored):
        return None
    take = parts[:required]
    unsure = False
    for n in range(required, len(slots)):
        if n >= len(parts):
            break
        stop, unsure = _next_row_starts(toks, kinds, parts[n:], scored) if tok.row < 0 else (False, False)
        if stop:
            break
        take.append(parts[n])
    wraps = slots[len(take) - 1] == "deviation"  # only a 偏差原因 goes on over cells, never a 是/否
    while wraps and not unsure and tok.row < 0 and scored and required < len(take) < len(parts):
        nxt = parts[len(take)]
        stop, unsure = _next_row_starts(toks, kinds, parts[len(take) :], scored)
        if kinds[nxt[0]] != "text" or stop:
            break
        take[-1] = take[-1] + nxt  # the rest of a wrapped 偏差原因
        parts = [*parts[: len(take) - 1], take[-1], *parts[len(take) + 1 :]]
    cells = {slots[n]: _cell(toks, group) for n, group in enumerate(take)}
    return cells, take[-1][-1] + 1, unsure


@lru_cache(maxsize=64)
def _slots(ind_keys: tuple[str, ...], marked: bool) -> tuple[list[str], list[int], int] | None:
    """A row's columns under a header (its 一级/二级指标 aside), those of 分值 and 得分, and how many
    cells a row needs at least; None when there are none. Once per header and row marking (the lists are
    shared: read only)."""
    slots = [k for k in ind_keys if k not in ("level1", "level2")]
    if not slots:
        return None
    if not marked and not any(k in ("weight", "score") for k in slots):
        # Without row marks and without 分值/得分 to end a row, a trailing 偏差原因 cannot be told from
        # the next row's name (empty cells dropped): it is not read, never guessed.
        slots = [k for k in slots if k != "deviation"]
    scored = [n for n, k in enumerate(slots) if k in ("weight", "score")]
    required = (max(scored) + 1) if scored else len(slots)
    if not scored and marked and slots[-1] == "deviation":
        required -= 1  # a row mark ends the row: its trailing 偏差原因 may be left empty
    return slots, scored, required


def _joined_name(
    toks: Sequence[Token],
    kinds: Sequence[str],
    parts: list[list[int]],
    required: int,
    scored: list[int],
    anchored: bool,
) -> list[list[int]]:
    """A 三级指标 cut over two cells (a wrapped cell), or over more where a flattened row's spaces stood
    inside the name (``农村 公路 养护 里程 ≥40公里``): the fewest leading texts joined that make the row
    read. Beyond two, only where a figure-bearing 指标值 ends the name (a text one could end it anywhere)."""
    joined = [parts[0] + parts[1], *parts[2:]]
    if _fits(toks, joined, required, scored, anchored):
        return joined
    for k in range(3, len(parts) - required + 2):
        piece = parts[k - 1]
        if kinds[piece[0]] != "text" or any(_TARGET_MARK.search(toks[j].text) for j in piece):
            break  # a piece of the 指标值, not of the name
        candidate = [[j for part in parts[:k] for j in part], *parts[k:]]
        target = toks[parts[k][0]].text
        if any(ch.isdigit() for ch in target) and _fits(toks, candidate, required, scored, anchored):
            return candidate
    return joined


_TARGET_MARK = re.compile(r"[0-9%％≥≤<>＜＞=]")  # a piece of a 指标值, never of a name run on


# A 度量单位 cell may hold a money unit (成本控制数 | ≤ | 30 | 万元): a cell of the row, not the block's unit.
_UNIT_WORDS = frozenset(("万元", "元", "千元", "亿元"))


def row_cells(toks: Sequence[Token], kinds: Sequence[str], i: int, row: int, limit: int) -> list[int]:
    """The cells an indicator row may hold from ``i``: texts, figures, empty cells and bare unit words."""
    idx = cells_after(toks, kinds, i, row, ("text", "value", "empty", "unit"), limit)
    cut = next(
        (n for n, j in enumerate(idx) if kinds[j] == "unit" and clean_label(toks[j].text) not in _UNIT_WORDS),
        None,
    )
    return idx if cut is None else idx[:cut]


def _next_row_starts(
    toks: Sequence[Token], kinds: Sequence[str], parts: list[list[int]], scored: list[int]
) -> tuple[bool, bool]:
    """Whether the next row starts at ``parts[0]`` rather than this row going on, and whether that is
    not certain (the first cell reads as this row's text as well as the first half of a cut name)."""
    if _starts_indicator(toks, parts, scored):
        return True, False
    if not _starts_cut_name(toks, kinds, parts, scored):
        return False, False
    # "受益对" "象满意度" ≥85% …: a name cut over two cells, unless "受益对" is this row's and
    # "象满意度" a whole name: then which one it is cannot be told.
    return True, _starts_indicator(toks, parts[1:], scored)


def _cell(toks: Sequence[Token], group: list[int]) -> Token:
    if len(group) == 1:
        return toks[group[0]]
    first, last = toks[group[0]], toks[group[-1]]
    # One cell's text cut at a line end of the export: the cut is layout, not the clerk's.
    return Token("".join(toks[j].text for j in group), span(first.location, last.location), first.row)


def _fits(
    toks: Sequence[Token], parts: list[list[int]], required: int, scored: list[int], anchored: bool = False
) -> bool:
    if len(parts) < required:
        return False
    # On a marked row a cell left empty keeps its column (a PDF's positions): a 得分 not filled in beside
    # a 分值 that is, or on an anchored row (a blank template's 分值 | 得分) both.
    given = [n for n in scored if not _marked_empty(toks[parts[n][0]])]
    if scored and not given and not anchored:
        return False
    return all(
        len(parts[n]) == 1 and (is_score(toks[parts[n][0]].text) or _marked_empty(toks[parts[n][0]]))
        for n in scored
    )


def _marked_empty(tok: Token) -> bool:
    # Shapes that drop empty cells give no empty token: one that is there was marked by the source.
    return not clean_label(tok.text)


def _starts_cut_name(
    toks: Sequence[Token], kinds: Sequence[str], parts: list[list[int]], scored: list[int]
) -> bool:
    """The cells start an indicator once their first two texts are joined into one name."""
    if len(parts) < 2 or not kinds[parts[0][0]] == kinds[parts[1][0]] == "text":
        return False
    return _starts_indicator(toks, [parts[0] + parts[1], *parts[2:]], scored)


# What a 是否核心指标 cell holds: the last cell of a row, never the name that starts one.
_YES_NO = frozenset(("是", "否"))


def _starts_indicator(toks: Sequence[Token], parts: list[list[int]], scored: list[int]) -> bool:
    if not scored or len(parts) <= max(scored):
        return False
    name = clean_label(toks[parts[0][0]].text)
    if not name or name in _YES_NO:
        return False  # a row starts with its 三级指标: an empty cell the source kept, or 是/否, is none
    return all(is_number(toks[parts[n][0]].text) for n in scored)


__all__ = ["read_indicator", "row_cells"]
