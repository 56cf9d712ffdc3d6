"""Cells whose rows are marked and whose boxes are known (a PDF read from word positions): what their
places say where the vocabulary alone cannot.

``extract.pdf_words`` gives the cell stream one ``Token`` per cell with its row id and its box, and pads a
short row with empty cells under the columns it leaves empty. The grammar (``extract.cell_stream``) then
asks here, only for such rows:

* whether a second header row refines the header (``指标性质 | 指标值 | 度量单位`` under ``年度指标值``);
* an indicator row the vocabulary cannot read (a rubric's own 一级指标 ``投入``, ``预算执行率`` as a
  三级指标), read by its cells' places: a cell for every column, each filled one under its column's label;
* which goal text lies under which goal label.

Nothing here guesses: a row that is not one of these exactly is left to the vocabulary's rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.extract.cell_kinds import Token, is_number, is_score
from jixiao.extract.cell_prepare import span
from jixiao.extract.labels import match_label

Box = tuple[float, float, float, float]
_LEVEL_KEYS = ("level1", "level2", "level3")
_SCORED = ("weight", "score")


def overlap(a: Box | None, b: Box | None) -> bool:
    """Whether two boxes share some width (one lies under the other)."""
    return a is not None and b is not None and a[0] < b[2] and b[0] < a[2]


def row_bounds(toks: Sequence[Token], i: int) -> tuple[int, int]:
    """First and past-last index of the cells of ``i``'s marked row."""
    row, start, end = toks[i].row, i, i
    while start > 0 and toks[start - 1].row == row:
        start -= 1
    while end < len(toks) and toks[end].row == row:
        end += 1
    return start, end


def _keys_in_row(toks: Sequence[Token], i: int, vocab: dict[str, tuple[str, ...]]) -> list[str]:
    _, end = row_bounds(toks, i)
    return [m.key for t in toks[i:end] if (m := match_label(t.text, vocab, fuzzy=False)) is not None]


def names_again(toks: Sequence[Token], i: int, named: set[str], vocab: dict[str, tuple[str, ...]]) -> bool:
    """Whether the marked row of ``i`` names a column already named: a second header row, not more of
    the first (a header cut over two text lines names new columns only)."""
    return toks[i].row >= 0 and bool(named & set(_keys_in_row(toks, i, vocab)))


def subheader_parent(keys: Sequence[str], ind_keys: Sequence[str]) -> int | None:
    """The column of ``ind_keys`` a second header row's ``keys`` split (``年度指标值`` → 指标性质 |
    指标值 | 度量单位): the one column they name again; None when they are no such row."""
    if len(keys) < 2 or len(set(keys)) != len(keys) or any(k in _LEVEL_KEYS for k in keys):
        return None
    parents = [n for n, k in enumerate(ind_keys) if k in keys]
    return parents[0] if len(parents) == 1 else None


def off_column(placed: dict[str, Token], ind_keys: Sequence[str], heads: Sequence[Token]) -> bool:
    """Whether the 三级指标 the vocabulary placed lies outside its column, by the boxes (where cells have
    them): a ``备注`` under the 一级指标 column is no indicator, whatever its place in the stream."""
    if len(heads) != len(ind_keys) or "level3" not in placed or "level3" not in ind_keys:
        return False
    box, head = placed["level3"].location.box, heads[list(ind_keys).index("level3")].location.box
    return box is not None and head is not None and not overlap(box, head)


def by_columns(
    toks: Sequence[Token], kinds: Sequence[str], i: int, ind_keys: Sequence[str], heads: Sequence[Token]
) -> tuple[list[Token | None], int] | None:
    """The indicator row of ``i`` by its cells' places: a cell for every column (and an empty one under
    the block's corner), each filled one under its column's label ``heads`` (boxes), 分值/得分 scores, a
    三级指标; a score, or where none is written (a blank template) a 一级/二级指标 the vocabulary names.
    The cells in column order and the next index; None when the row is not one (nothing before ``i`` on
    its row but empty cells and 一级/二级指标)."""
    start, end = row_bounds(toks, i)
    if end - start == len(ind_keys) + 1 and kinds[start] == "empty":
        start += 1  # the column under the corner (绩效指标 merged down)
    if toks[i].row < 0 or end - start != len(ind_keys) or len(heads) != len(ind_keys):
        return None
    if any(kinds[k] not in ("empty", "level1", "level2") for k in range(start, i)):
        return None
    cells: list[Token | None] = []
    for key, head, k in zip(ind_keys, heads, range(start, end), strict=True):
        tok, kind = toks[k], kinds[k]
        if kind == "empty":
            cells.append(None)
            continue
        if kind == "total" or not overlap(tok.location.box, head.location.box):
            return None
        if (key in _SCORED and not is_score(tok.text)) or (key in _LEVEL_KEYS and is_number(tok.text)):
            return None
        cells.append(tok)
    filled = {key: kinds[k] for key, c, k in zip(ind_keys, cells, range(start, end), strict=True) if c}
    named = filled.get("level1") == "level1" or filled.get("level2") in ("level1", "level2")
    if "level3" not in filled or not (set(filled) & set(_SCORED) or named):
        return None
    return cells, end


def under_labels(
    labels: Sequence[Token], texts: Sequence[Token], beside: Sequence[Token] = ()
) -> tuple[list[Token | None], list[Token]] | None:
    """The text under each goal label's column (texts under one label joined in order), and the texts
    under none (kept as paragraphs); None where cells have no boxes or rows are not marked.

    A label's column runs from the labels on its left (``beside`` too: 年度总体目标) to those on its
    right: a text under it reaches neither, or it lies under no one label.
    """
    if not labels or not texts or any(t.row < 0 for t in texts):
        return None
    boxes = [t.location.box for t in (*labels, *beside, *texts)]
    if any(b is None for b in boxes):
        return None
    edges = [b for t in (*labels, *beside) if (b := t.location.box) is not None]
    under: list[list[Token]] = [[] for _ in labels]
    strays: list[Token] = []
    for tok in texts:
        box = tok.location.box
        assert box is not None
        hits = [n for n, lab in enumerate(labels) if overlap(box, lab.location.box)]
        if len(hits) == 1 and _within_column(box, labels[hits[0]].location.box, edges):
            under[hits[0]].append(tok)
        else:
            strays.append(tok)
    columns = [
        Token("\n".join(t.text for t in g), span(g[0].location, g[-1].location), g[0].row) if g else None
        for g in under
    ]
    return columns, strays


def _within_column(box: Box, label: Box | None, edges: Sequence[Box]) -> bool:
    assert label is not None
    left = max((e[2] for e in edges if e[2] <= label[0] + 0.5), default=float("-inf"))
    right = min((e[0] for e in edges if e[0] >= label[2] - 0.5), default=float("inf"))
    return box[0] >= left - 0.5 and box[2] <= right + 0.5


__all__ = [
    "by_columns",
    "names_again",
    "off_column",
    "overlap",
    "row_bounds",
    "subheader_parent",
    "under_labels",
]
