"""An indicator row whose empty cells left no trace (one cell a line, a paragraph, a flattened row), read
by what each column can hold.

A row of 重庆's 部门整体绩效自评表 exported one cell a line without its empty cells
(``播发稿件数量 篇 定量指标 2200 2859 100 20 20 是``: the 调整指标值 is gone) has fewer cells than its header
has columns, so order alone no longer says which is which. Each column holds a kind of cell: a 指标性质 is
定量/定性 or an operator, a 计量单位 a short word, 分值 and 得分 plain numbers (得分 ≤ 分值), a 是否核心指标
是 or 否, a 偏差原因 prose; a row always has its 分值 (set with its target), and its 得分 where the form's
score is written. Every placement that keeps the cells in order and each of them in a column that can hold
it is tried; a cell is read only where every such placement puts it under the same column (or the same
figure, from one cell or another). The others stay raw, outside every column (the form reader flags
them): never shifted.

The row must be bounded for sure: by its 是/否 (the one end of the row that gives one placement), or by
the next 一级/二级指标 or 总分 label with no second name among its cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import regex
from jixiao.extract.cell_kinds import Token, is_number
from jixiao.extract.indicator_cells import row_cells
from jixiao.extract.labels import clean_label

_YES_NO = frozenset(("是", "否"))
_NATURES = frozenset(("定量指标", "定性指标", "定量", "定性", "正向指标", "反向指标", "正向", "反向"))
_OPERATOR = re.compile(r"^(?:[≥≤=><＝＞＜≧≦]|>=|<=|大于等于|小于等于|等于|大于|小于|不低于|不高于)$")
_HAN = regex.compile(r"\p{Han}")
_VALUE = regex.compile(r"[0-9\p{Han}A-Za-z]")
_POINTS = re.compile(r"^[0-9]+(?:\.[0-9]+)?分?$")  # 分值 / 得分: "20", "9.5", "10分"
# A row's name: what a second row's first cell would look like among this row's cells.
_NAME = regex.compile(r"^\p{Han}{4,}")
_DIGIT = re.compile(r"[0-9]")
_TARGET_KEYS = ("nature", "target", "unit")  # read together: the target is written from all three
_MAX_PLACEMENTS = 5000


def _points(text: str) -> float | None:
    if not _POINTS.match(text):
        return None
    value = float(text.removesuffix("分"))
    return value if value <= 100 else None


def _fits(slot: str, text: str) -> bool:
    """A cell's text could stand under the column ``slot``."""
    yes_no = text in _YES_NO
    marker = text in _NATURES or bool(_OPERATOR.match(text))
    if slot == "level3":
        return not (yes_no or marker or is_number(text))
    if slot == "core":
        return yes_no
    if slot in ("weight", "score"):
        return _points(text) is not None
    if slot == "nature":
        return marker
    if slot == "unit":
        return len(text) <= 4 and not (yes_no or marker) and not _DIGIT.search(text)
    if slot == "deviation":
        return bool(_HAN.search(text)) and not (yes_no or marker) and not is_number(text)
    # A value column (指标值, 完成值, a column the vocabulary lacks): a figure or words, never a bare sign.
    return not marker and bool(_VALUE.search(text))


def _placements(texts: Sequence[str], slots: Sequence[str]) -> Iterator[tuple[int, ...]]:
    """Every order-keeping choice of a column for each cell (the first cell under ``level3``)."""
    n, m = len(texts), len(slots)

    def walk(k: int, after: int, acc: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
        if k == n:
            yield acc
            return
        for s in range(after + 1, m - (n - k) + 1):
            if _fits(slots[s], texts[k]):
                yield from walk(k + 1, s, (*acc, s))

    if n and slots and slots[0] == "level3" and _fits("level3", texts[0]):
        yield from walk(1, 0, (0,))


def _scores_fit(texts: Sequence[str], slots: Sequence[str], placed: tuple[int, ...], scored: bool) -> bool:
    got = {slots[s]: texts[k] for k, s in enumerate(placed)}
    weight, score = got.get("weight"), got.get("score")
    if weight is None:
        return "weight" not in slots  # a 分值 is set with the target: an indicator row never lacks it
    if score is None:
        return not (scored and "score" in slots)  # a form scored as a whole scores each row
    w, s = _points(weight), _points(score)
    return w is not None and s is not None and s <= w  # 得分 never exceeds 分值


def align(texts: Sequence[str], slots: Sequence[str], scored: bool = False) -> list[str | None] | None:
    """Each cell's column where every placement agrees, else None; None when no placement fits.

    >>> slots = ["level3", "unit", "nature", "column_3", "column_4", "actual", "weight", "score", "core"]
    >>> align(["播发稿件数量", "篇", "定量指标", "2200", "2859", "20", "18", "是"], slots, scored=True)
    ['level3', 'unit', 'nature', None, None, 'weight', 'score', 'core']
    """
    found: list[tuple[int, ...]] = []
    for placed in _placements(texts, slots):
        if _scores_fit(texts, slots, placed, scored):
            found.append(placed)
            if len(found) > _MAX_PLACEMENTS:
                return None  # too loose a row to say anything of it
    if not found:
        return None
    out: list[str | None] = []
    for k in range(len(texts)):
        columns = {p[k] for p in found}
        out.append(slots[columns.pop()] if len(columns) == 1 else None)
    for s, key in enumerate(slots):
        values = {next((texts[k] for k, c in enumerate(p) if c == s), None) for p in found}
        if key not in out and len(values) == 1 and None not in values:
            # The same figure under this column in every placement, from one cell or another (20 | 20):
            # the first cell that holds it in some placement gives it.
            k = min(k for p in found for k, c in enumerate(p) if c == s)
            if out[k] is None:
                out[k] = key
    # The target is written from 指标性质, 指标值 and 度量单位 together: read only when each of the
    # three is settled, as a cell or as left empty in every placement.
    settled = all(
        len({next((k for k, s in enumerate(p) if slots[s] == key), -1) for p in found}) == 1
        for key in _TARGET_KEYS
        if key in slots
    )
    if not settled:
        out = [None if c in _TARGET_KEYS else c for c in out]
    return out


def read_typed_row(
    toks: Sequence[Token], kinds: Sequence[str], i: int, slots: Sequence[str], scored: bool = False
) -> tuple[dict[str, Token], list[Token], int] | None:
    """The row from token ``i`` (its 三级指标, rows not marked): the cells read by column, the cells left
    raw, the next index; None when the row's end or its cells cannot be told for sure. ``scored``: the
    form's score is written, so each row has its 得分."""
    if toks[i].row >= 0 or not slots or slots[0] != "level3" or "weight" not in slots:
        return None  # without a 分值 to find in it, a row of dropped cells cannot be told from a stray text
    limit = 2 * len(slots) + 8
    cells = row_cells(toks, kinds, i, -1, limit)
    stop = next((n for n, j in enumerate(cells) if kinds[j] == "empty"), len(cells))
    idx = cells[:stop]  # an empty cell the shape kept: what is after it is not this reader's to place
    texts = [clean_label(toks[j].text) for j in idx]
    run_ends = stop == len(cells) < limit  # the cells stop at a label or the form's end
    if "core" in slots and slots[-1] == "core":
        ends = [e for e in range(1, min(len(texts), len(slots))) if texts[e] in _YES_NO]
        readings = [
            (e, got)
            for e in ends
            if (_fits("level3", texts[e + 1]) if e + 1 < len(texts) else run_ends)
            and (got := align(texts[: e + 1], slots, scored)) is not None
        ]
        if len(readings) != 1:
            return None  # no end of the row, or several, give a placement
        end, columns = readings[0]
    else:
        after = idx[-1] + 1
        bounded = after == len(toks) or kinds[after] in ("level1", "level2", "total")
        if not (run_ends and bounded) or len(texts) > len(slots) or any(_NAME.match(t) for t in texts[1:]):
            return None  # the row may run into the next one: its end is not known
        end = len(texts) - 1
        got = align(texts, slots, scored)
        if got is None:
            return None
        columns = got
    placed: dict[str, Token] = {}
    raw: list[Token] = []
    for k, j in enumerate(idx[: end + 1]):
        column = columns[k]
        if column is None:
            raw.append(toks[j])
        else:
            placed[column] = toks[j]
    return placed, raw, idx[end] + 1


__all__ = ["align", "read_typed_row"]
