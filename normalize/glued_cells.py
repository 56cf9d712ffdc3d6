"""A figure run into its row's empty neighbour cell: ``329.0510`` under 全年执行数 with 分值 blank.

Layout text and unruled PDFs place a text by where it starts, so two touching cells (``３２９．０５`` and
``10``) can arrive as one figure in the left cell, the right one blank. A cut is looked for only where the
figure as written breaks its own slot's form (more places than the line's other money, a 分值 over 100,
two figures in one 执行率) and the cell right of it, in the header's order, is blank. Each cut that gives
two well-formed figures is a reading beside the one as written, and the form's identities
(``normalize.evidence``: 执行率, the money block's sums, 得分 = 分值 × 执行率, the 总分 sums) judge them:
a reading is ruled out by an identity that fails under it and holds under another. One reading left —
confirmed by an identity, when it is a cut — is taken: the cell and its neighbour are ``repaired``
(``figure_split_into_next_cell``). Several left: the cell is ``ambiguous`` (no value, every reading a
candidate) with ``value.glued_neighbour``. The glued reading is never kept silently.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

import regex
from jixiao.extract.records import RawText
from jixiao.normalize.amounts import EXACT, parse_amount
from jixiao.normalize.checks import anomaly, yuan_text
from jixiao.normalize.evidence import places
from jixiao.normalize.forms import FIELD_ZH, CellValue, FormWork
from jixiao.normalize.numbers import parse_score
from jixiao.normalize.percent import parse_percent
from jixiao.normalize.reading_verdicts import judge_readings, telling
from jixiao.normalize.records import AnomalyRow
from jixiao.schemas.labels import FUND_MONEY_KEYS

SPLIT = "figure_split_into_next_cell"

# How each slot writes a figure (no leading zeros): 分值 ≤ 100 with one place at most, 得分 two, 执行率
# two places below 1000 (its % sign may be there), money at the line's precision (set per line).
_FORMS = {
    "weight": regex.compile(r"(?:100|[1-9]?[0-9])(?:\.[0-9])?"),
    "score": regex.compile(r"(?:100|[1-9]?[0-9])(?:\.[0-9]{1,2})?"),
    "execution_rate": regex.compile(r"(?:[1-9][0-9]{0,2}|0)(?:\.[0-9]{1,2})?%?"),
}
_FIGURE = regex.compile(r"[0-9][0-9.,%]*")  # the folded text must be figures only


@dataclass(frozen=True, slots=True)
class _Reading:
    left: Decimal | None  # the cell's value under this reading (None: as written)
    right: Decimal | None  # the neighbour's value (None: blank)
    cut: tuple[str, str] | None  # the two texts, None for the figure as written


def _money_form(line_cells: Sequence[CellValue], cell: CellValue) -> regex.Pattern[str] | None:
    """Money at the precision the line's other filled money cells share (None when they do not say)."""
    other = {
        places(unicodedata.normalize("NFKC", c.text)) for c in line_cells if c is not cell and c.text.strip()
    }
    if len(other) != 1 or (p := other.pop()) == 0:
        return None  # a whole-yuan line has no point to cut after: every cut would be a guess
    return regex.compile(rf"(?:0|[1-9][0-9]{{0,2}}(?:,[0-9]{{3}})+|[1-9][0-9]*)\.[0-9]{{{p}}}")


_SLOTS = frozenset((*FUND_MONEY_KEYS, *_FORMS))  # a money line's cells that can hold a run-in figure


def _parse(cell: CellValue, text: str) -> Decimal | None:
    if cell.kind == "money":
        got = parse_amount(text, cell.declared_unit)
        return got.yuan if got.status in EXACT else None
    if cell.kind == "percent":
        pct = parse_percent(text)
        return pct.value if pct.status in EXACT else None
    num = parse_score(text)
    return num.value if num.status in EXACT else None


def _readings(cell: CellValue, nxt: CellValue, form: regex.Pattern[str]) -> list[_Reading]:
    """The figure as written (when it reads) and every cut into two well-formed figures."""
    raw = cell.text.strip()
    folded = unicodedata.normalize("NFKC", raw)
    if len(folded) != len(raw) or not _FIGURE.fullmatch(folded) or form.fullmatch(folded):
        return []  # not figures only, or the figure fits its own slot: nothing to cut
    out = [_Reading(cell.value, None, None)] if cell.status in EXACT and cell.value is not None else []
    right_form = _FORMS.get(nxt.field)
    for k in range(1, len(folded)):
        if right_form is None or not form.fullmatch(folded[:k]) or not right_form.fullmatch(folded[k:]):
            continue
        left, right = _parse(cell, raw[:k]), _parse(nxt, raw[k:])
        if left is not None and right is not None:
            out.append(_Reading(left, right, (raw[:k], raw[k:])))
    return out if any(r.cut for r in out) else []


def _text(cell: CellValue, value: Decimal | None) -> str:
    if value is None:
        return ""
    return yuan_text(value) if cell.kind == "money" else f"{value.normalize():f}"


def _reading_text(cell: CellValue, nxt: CellValue, r: _Reading, where: str) -> str:
    if r.cut is None:
        return f"{_text(cell, r.left)}，{where}空白"
    return f"{_text(cell, r.left)}与{where}{_text(nxt, r.right)}"


Pair = tuple[CellValue, CellValue, list[CellValue]]  # a written cell, its blank right neighbour


def _neighbours(work: FormWork) -> Iterator[Pair]:
    """Each written cell whose right neighbour in the header's order is blank, with the money cells of its
    line: the money block's lines (a sub-line has no 分值 or 得分 of its own), then each indicator's
    分值 | 得分. (Most neighbours are both written: such pairs are passed over here.)"""
    for line in work.lines:
        order = [k for k in line.cells if k in _SLOTS]
        row = work.row("funds", line.line)
        cells = [row.get(k) for k in order]
        money = [c for c in cells if c is not None and c.kind == "money"]
        for cell, nxt in itertools.pairwise(cells):
            if cell is None or nxt is None or nxt.text.strip() or not cell.text.strip():
                continue
            if nxt.field not in ("weight", "score") or line.line == "total":
                yield cell, nxt, money
    scores = [c for c in work.scored if c.table == "indicators" and c.field == "score"]
    if any(c.raw is not None for c in scores):  # a 得分 column (a blank cell of it may have no text)
        for score in scores:
            weight = work.get("indicators", score.row_key, "weight")
            if weight is None or score.text.strip() or not weight.text.strip():
                continue
            yield weight, score, []


def split_glued_neighbours(forms: Sequence[FormWork]) -> tuple[list[AnomalyRow], set[int]]:
    """Settle every money-block figure run into its blank right neighbour; the anomalies, and the cells
    left ambiguous here (their own row says why: no generic ``value.ambiguous`` for them)."""
    out: list[AnomalyRow] = []
    told: set[int] = set()
    for work in forms:
        for cell, nxt, money in _neighbours(work):
            if nxt.raw is None and nxt.table != "indicators":
                continue  # the line has no such slot
            form = _money_form(money, cell) if cell.kind == "money" else _FORMS.get(cell.field)
            if form is None or any(r.startswith("unit_") for r in cell.repairs):
                continue
            readings = _readings(cell, nxt, form)
            if readings:
                out += _settle(work, cell, nxt, readings, told)
    return out, told


def _settle(
    work: FormWork, cell: CellValue, nxt: CellValue, readings: list[_Reading], told: set[int]
) -> list[AnomalyRow]:
    options = [[] if r.cut is None else [(cell, r.left), (nxt, r.right)] for r in readings]
    left, results = judge_readings(work, options)
    where = FIELD_ZH.get(nxt.field, nxt.field)
    if len(left) == 1:
        chosen, names = readings[left[0]], telling(results, left[0])
        if chosen.cut is None:
            return []  # the figure as written is the one reading the identities leave
        if names:
            assert chosen.left is not None and chosen.right is not None
            cell.choose(chosen.left, SPLIT)
            nxt.choose(chosen.right, SPLIT)
            if nxt.raw is None and cell.raw is not None:  # read from the cell it ran into
                nxt.raw = RawText("", cell.raw.location)
            message = (
                f"{cell.label}“{cell.shown}”末尾的“{chosen.cut[1]}”是右侧空着的{where}格的数字："
                f"读作{_text(cell, chosen.left)}与{where}{_text(nxt, chosen.right)}（按{'、'.join(names)}）"
            )
            return [
                anomaly(
                    work,
                    "value.repaired",
                    "info",
                    message,
                    expected=_text(cell, chosen.left),
                    observed=cell.text,
                    location=cell.location,
                )
            ]
    keep = [readings[k] for k in (left or range(len(readings)))]
    values = tuple(dict.fromkeys(r.left for r in keep if r.left is not None))
    shown = "；".join(_reading_text(cell, nxt, r, where) for r in keep)
    cell.value, cell.status, cell.candidates = None, "ambiguous", values
    told.add(id(cell))
    message = (
        f"{cell.label}“{cell.shown}”可能连带了右侧空着的{where}格的数字（可读作{shown}），"
        f"勾稽关系无法确定，未取值"
    )
    return [
        anomaly(work, "value.glued_neighbour", "error", message, observed=cell.text, location=cell.location)
    ]


__all__ = ["SPLIT", "split_glued_neighbours"]
