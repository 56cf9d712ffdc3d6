"""Which value slot each figure of a row fills, when the delimiters did not say.

A fund line's label claims the value slots its block header names, in order
(``年初预算数 全年预算数 全年执行数 分值 执行率 得分``). When the row holds as many figures as slots
the order settles it; when cells were dropped (a flattened row, an empty cell that left no trace) every
order-keeping placement is tried and the form's own identities decide: 执行率 = 全年执行数 / 全年预算数
at the written precision, 得分 = 分值 × 执行率. A placement is taken only when it is the one best
confirmed; otherwise nothing is placed (never a guess).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from itertools import combinations
from typing import TYPE_CHECKING

import regex
from jixiao.extract.labels import clean_label
from jixiao.schemas.labels import NOTHING_MARKS

if TYPE_CHECKING:  # the form reader imports this module through extract.glued; no cycle at run time
    from jixiao.extract.cell_kinds import Token

PLAIN_NUMBER = regex.compile(r"^[0-9]+(?:\.[0-9]+)?$")  # no separators: only these feed an identity
_PLACEHOLDER = regex.compile(rf"^[{NOTHING_MARKS}]+$|^无$|^不适用$")


def plain_decimal(text: str) -> tuple[Decimal, int] | None:
    """A figure written plainly (``98.50``, ``98.50%``) as a Decimal and its count of decimal places."""
    cleaned = clean_label(text).removesuffix("%")
    if not PLAIN_NUMBER.match(cleaned):
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numerals
        return None
    places = len(cleaned.split(".")[1]) if "." in cleaned else 0
    return value, places


def fits(text: str, key: str) -> bool:
    """A token could stand in the slot ``key``: one figure, of the slot's kind."""
    cleaned = clean_label(text)
    if not cleaned or _PLACEHOLDER.match(cleaned):
        return True
    if cleaned.count(".") > 1 or "%" in cleaned[:-1]:
        return False  # several figures run together belong to no single slot
    return kind_fits(cleaned, key)


def _same(text: str, points: str) -> bool:
    got = plain_decimal(text)
    return got is not None and got[0] == Decimal(points)


def kind_fits(text: str, key: str) -> bool:
    """A cell's figure is of its column's kind: a % figure stands only under 执行率.

    >>> kind_fits("94.40%", "weight"), kind_fits("94.40%", "execution_rate"), kind_fits("10", "weight")
    (False, True, True)
    """
    return "%" not in clean_label(text) or key == "execution_rate"


# The most decimal places a form writes in these slots (money: up to 6, 万元 to the 元 and 分); a figure
# with more is no such slot's, when cells were dropped and the slot must be told from the figure.
_MAX_PLACES = {"execution_rate": 2, "score": 2, "weight": 2}


def _places_fit(text: str, key: str) -> bool:
    got = plain_decimal(text)
    return got is None or got[1] <= _MAX_PLACES.get(key, 6)


def close(computed: Decimal, written: Decimal, places: int) -> bool:
    # The written figure is the computed one rounded or cut at its own precision.
    return abs(computed - written) <= Decimal(1).scaleb(-places)


def identity_votes(values: dict[str, str], *, zeros_confirm: bool = True) -> int | None:
    """How many identities a placement confirms; None when one is broken. Without ``zeros_confirm`` an
    identity its zeros hold whatever the other figures (0 ÷ 预算数 = 0%, 0 × 执行率 = 0) confirms nothing.

    >>> identity_votes({"budget_full_year": "58.00", "executed": "57.13", "execution_rate": "98.50%"})
    1
    >>> identity_votes({"budget_full_year": "57.13", "executed": "58.00", "execution_rate": "98.50%"}) is None
    True
    >>> identity_votes({"weight": "0", "execution_rate": "0", "score": "0"}, zeros_confirm=False)
    0
    """
    got = {k: plain_decimal(v) for k, v in values.items()}
    votes = 0
    rate, full, executed = got.get("execution_rate"), got.get("budget_full_year"), got.get("executed")
    if rate and full and executed and full[0] != 0:
        if not close(executed[0] / full[0] * 100, rate[0], rate[1]):
            return None
        votes += zeros_confirm or executed[0] != 0
    weight, score = got.get("weight"), got.get("score")
    if rate and weight and score:
        if not close(weight[0] * rate[0] / 100, score[0], score[1]) and score[0] != weight[0]:
            return None  # a form that gives full marks above a threshold writes 得分 = 分值
        votes += zeros_confirm or score[0] != 0
    if weight and score and score[0] > weight[0]:
        return None  # 得分 never exceeds 分值
    return votes


def placements(figures: Sequence[str], keys: Sequence[str]) -> list[tuple[int, tuple[int, ...]]]:
    """Every order-keeping placement of a row's figures under ``keys`` that their kinds admit and that
    breaks none of the row's identities: (identities it confirms, the slot of each figure). Zeros confirm
    nothing: ``0 0 0`` holds 得分 = 分值 × 执行率 under those columns as well as it is 0 money elsewhere.

    >>> placements(["58.00", "57.13", "98.50%"], ["budget_full_year", "executed", "execution_rate"])
    [(1, (0, 1, 2))]
    """
    out: list[tuple[int, tuple[int, ...]]] = []
    for slots in combinations(range(len(keys)), len(figures)):
        if not all(fits(t, keys[s]) and _places_fit(t, keys[s]) for t, s in zip(figures, slots, strict=True)):
            continue
        votes = identity_votes({keys[s]: t for t, s in zip(figures, slots, strict=True)}, zeros_confirm=False)
        if votes is not None:
            out.append((votes, slots))
    return out


def assign_fund(
    cells: Sequence[Token], keys: Sequence[str], points: str | None = None, *, gap: bool | None = False
) -> list[Token | None] | None:
    """Place a fund line's figures under its header's keys; None when the row does not say which is which.

    ``points``: the block's 分值 as its corner writes it (``预算执行情况（10分）``). Where a figure could be
    分值 or 得分 alone, the one reading that puts the corner's 分值 under 分值 is taken: 分值 is then right
    whichever the figure was (a 得分 of full marks equals it), and 得分 stays unread.

    ``gap``: the block's rows write a blank after their label (廊坊's page: the label column's second half),
    dropped before anything else; None: the header writes one before its first column and no line has shown
    whether rows do, so a row's leading blank may be that as well as an empty 年初预算数
    (``其中：当年财政拨款 |  |  | 43.2 | 37.24 | 10 |  |`` has as many cells as columns only because its
    执行率 and 得分 are one merged cell): its order does not say which figure is whose, its identities must.
    """
    n = len(keys)
    row = list(cells)
    if gap and row and not clean_label(row[0].text):
        row.pop(0)  # the label's second half, no column
    while len(row) > n and row and not clean_label(row[-1].text):
        row.pop()  # padding after the last column (a pipe row's trailing bar)
    while len(row) > n and row and not clean_label(row[0].text):
        row.pop(0)  # an empty merge slot between the label and the figures
    unsure = gap is None and bool(row) and not clean_label(row[0].text)
    if len(row) == n and not unsure and all(fits(t.text, k) for t, k in zip(row, keys, strict=True)):
        return [t if clean_label(t.text) else None for t in row]
    filled = [t for t in row if clean_label(t.text)]
    if len(filled) > n:
        return None
    best = placements([t.text for t in filled], keys)
    if not best:
        return None
    top = max(v for v, _ in best)
    winners = [s for v, s in best if v == top]
    if len(winners) != 1 and points is not None and "weight" in keys:
        at = keys.index("weight")
        hinted = [
            s
            for s in winners
            if any(slot == at and _same(t.text, points) for t, slot in zip(filled, s, strict=True))
        ]
        winners = hinted if len(hinted) == 1 else winners
    if len(winners) != 1 or (top == 0 and len(filled) < n and len(best) > 1):
        # several placements fit equally well, or nothing confirms one among several: leave the figures
        # where they are. One placement alone that fits (47.628 has too many places for 执行率, 分值 or
        # 得分, so 45 48.6 47.628 are the three budgets) is the only reading.
        return None
    out: list[Token | None] = [None] * n
    for t, s in zip(filled, winners[0], strict=True):
        out[s] = t
    return out


__all__ = [
    "PLAIN_NUMBER",
    "assign_fund",
    "fits",
    "identity_votes",
    "kind_fits",
    "placements",
    "plain_decimal",
]
