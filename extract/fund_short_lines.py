"""Money lines with fewer figures than the block has columns, placed by the block's own sums.

A 河北 template's sub-line holds three money figures and one blank merged over 分值/执行率/得分
(``其中:当年财政拨款 | 43.2 | 43.2 | 37.24 | ``). Copied as text the merge leaves no trace, and a TAB export
keeps it as one cell: which columns the figures stand under is not written, and the row alone (no 执行率)
does not tell (``slot_claims.assign_fund``). The block may: 年度资金总额 = the sum of its source lines,
column by column. A blank total says nothing (as ``normalize.evidence`` judges it); a part's blank is 0 once
some part line writes figures (a block whose sub-lines are all blank claims nothing about the total), wherever
a placement puts them: a sub-line's figures all read as 分值/执行率/得分 leave its money blank, not unsaid.

Every way of placing every such line of a form is tried together. A line is placed when every way under
which no sum fails gives it the same placement, a sum holds there with one of its figures, and its own row
confirms no other placement better (a ``100`` its row reads as 执行率 is not taken as 年初预算数 because the
sums would have it so: two identities pointing different ways settle nothing). Otherwise its figures stay
unplaced, as read, with ``funds.unplaced_figures``; a line placed says so (``funds.placed_by_sums``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import product
from typing import TYPE_CHECKING

import regex
from jixiao.extract.form_header import ColumnHeader
from jixiao.extract.form_indicators import is_blank, raw_text
from jixiao.extract.form_ledger import Ledger
from jixiao.extract.labels import clean_label
from jixiao.extract.layout import Cell, Row
from jixiao.extract.records import RawAnomaly, RawFundLine, RawText
from jixiao.extract.slot_claims import PLAIN_NUMBER, assign_fund, placements
from jixiao.schemas.labels import FUND_COLUMNS, FUND_MONEY_KEYS, FUND_PART_LINES, NOTHING_MARKS

if TYPE_CHECKING:  # form_state holds the lines waiting here; imported only for the type
    from jixiao.extract.form_state import FormState

_MAX_COMBOS = 4096  # more ways than this are not all looked at, and a partial look could settle falsely
_GROUPED = regex.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$")  # 432,000.00
_NOTHING = regex.compile(rf"^[{NOTHING_MARKS}]+$|^无$")
_FIGURE = regex.compile(r"^[0-9][0-9,.]*%?$")  # one figure as a cell holds it: 43.2, 432,000.00, 86%


class _Blank:
    """A cell with nothing written (blank or a placeholder): 0 as a part, nothing said as a total."""


BLANK = _Blank()
Value = Decimal | _Blank | None  # None: not known (not a plain figure, or not read)


@dataclass(frozen=True, slots=True)
class ShortLine:
    """A money line read but not placed: its figures, the cells holding them and the note saying so.

    A mark for nothing (``—``, a merged 分值/执行率/得分 written as a dash) is no figure: it is left out of
    the placements (which column it stood under changes no value: each left is blank).
    """

    line: str
    label: RawText
    keys: tuple[str, ...]
    figures: tuple[RawText, ...]
    cells: tuple[Cell, ...]
    note: RawAnomaly


def narrow_row(row: Row, label: Cell, header: ColumnHeader) -> list[Cell] | None:
    """A text export's row narrower than its header (a merge lost) with fewer cells after the label than
    the header has columns and a figure among them: the cells after the label, whose columns are not known.
    None where each cell's column is known (a grid that keeps merges, a row as wide as its header)."""
    if header.exact_grid or len(row.cells) >= header.width:
        return None
    at = next((n for n, c in enumerate(row.cells) if c is label), None)
    if at is None:
        return None  # a label not among the row's cells: its cells' places are not judged here
    after = list(row.cells[at + 1 :])
    if len(after) >= len(header.keys) or all(is_blank(c) for c in after):
        return None
    return after


def place_by_row(cells: Sequence[Cell], header: ColumnHeader) -> dict[str, Cell] | None:
    """The narrow row's cells under the header's columns where its own identities leave one placement."""
    from jixiao.extract.cell_kinds import Token  # here: cell_kinds reaches the form reader through segment

    toks = [Token(c.text, c.location) for c in cells]
    placed = assign_fund(toks, _keys(header))
    if placed is None:
        return None
    of = {id(t): c for t, c in zip(toks, cells, strict=True)}
    return {k: of[id(t)] for k, t in zip(_keys(header), placed, strict=True) if t is not None}


def hold_narrow_row(st: FormState, line: str, label: Cell, cells: Sequence[Cell]) -> None:
    """A narrow row no placement of its own settles: unplaced (its text a residual), held for the sums."""
    assert st.fund_header is not None
    filled = [c for c in cells if not is_blank(c)]
    texts = " ".join(c.text.strip() for c in filled)
    name = clean_label(label.text)
    message = f"{name}的数字（{texts}）少于表头的列，无法确定各属哪一列，未取值"
    note = RawAnomaly("funds.unplaced_figures", message, RawText(texts, filled[0].location))
    st.anomalies.append(note)
    figures = tuple(raw_text(c) for c in filled if not _NOTHING.match(clean_label(c.text)))
    if not all(_FIGURE.match(clean_label(f.text)) for f in figures):
        return  # a cell that is no one figure: left as read
    st.short_lines.append(
        ShortLine(line, raw_text(label), _keys(st.fund_header), figures, tuple(filled), note)
    )


def hold_unplaced(st: FormState, line: str, label: Cell, row: Row) -> None:
    """A line the shape reader could not place (its figures in one cell outside every column), held for
    the sums when that cell is figures parted by spaces and noted as unplaced (not glued)."""
    assert st.fund_header is not None
    loose = [c for c in row.cells if c.grid_col < 0 and not is_blank(c)]
    if len(loose) != 1:
        return
    cell = loose[0]
    note = next(
        (a for a in st.anomalies if a.rule == "funds.unplaced_figures" and a.raw == raw_text(cell)), None
    )
    if note is None:
        return
    figures = tuple(
        RawText(t, cell.location) for t in cell.text.split() if not _NOTHING.match(clean_label(t))
    )
    if not all(_FIGURE.match(clean_label(f.text)) for f in figures):
        return  # a piece that is no one figure (``10 分``, ``98.50 %``): left as read
    st.short_lines.append(ShortLine(line, raw_text(label), _keys(st.fund_header), figures, (cell,), note))


def _keys(header: ColumnHeader) -> tuple[str, ...]:
    return tuple(k for _, k in sorted(header.keys.items()))


def settle_short_lines(st: FormState, ledger: Ledger) -> None:
    """Place the held lines the block's sums leave one placement for (see the module's docstring). A line
    of dashes only is blank under every column wherever its dashes stood: read so, sums or not."""
    held, st.short_lines = st.short_lines, []
    for h in held:
        if not h.figures:
            _place(st, ledger, h, ())
    held = [h for h in held if h.figures]
    if not held:
        return
    for n, slots in _solve(st.funds, held).items():
        h = held[n]
        _place(st, ledger, h, slots)
        columns = "、".join(FUND_COLUMNS[h.keys[s]][0] for s in slots)
        name = clean_label(h.label.text)
        message = (
            f"{name}的数字（{h.note.raw.text}）少于表头的列；只有按“{columns}”的列位，"
            "年度资金总额才逐列等于各资金来源之和，按此取值"
        )
        st.anomalies.append(RawAnomaly("funds.placed_by_sums", message, h.note.raw))


def _place(st: FormState, ledger: Ledger, h: ShortLine, slots: Sequence[int]) -> None:
    """The held line read with its figures in ``slots`` (every other column blank), its note withdrawn."""
    cells = {k: RawText("", h.label.location) for k in h.keys}
    cells.update({h.keys[s]: f for f, s in zip(h.figures, slots, strict=True)})
    at = next(n for n, f in enumerate(st.funds) if f.line == h.line)
    st.funds[at] = RawFundLine(h.line, h.label, cells, st.funds[at].unit)
    st.anomalies = [a for a in st.anomalies if a is not h.note]
    for cell in h.cells:
        ledger.place(cell)


def _solve(funds: Sequence[RawFundLine], held: Sequence[ShortLine]) -> dict[int, tuple[int, ...]]:
    """Each held line (by its place in ``held``) that the sums place, and its figures' slots.

    The sums see only the money columns: a line's placements are tried by what they put there (placements
    that differ only in 分值/执行率/得分 are one try), so four short lines of 20 placements each stay few.
    """
    keys = held[0].keys
    units = {f.unit for f in funds}
    if any(h.keys != keys for h in held) or len(units) != 1:
        return {}  # lines under different headers or units: no sum relates their figures
    unit = units.pop()
    money = [k for k in FUND_MONEY_KEYS if k in keys]
    options = [placements([f.text for f in h.figures], keys) for h in held]
    held_lines = {h.line for h in held}
    read = {f.line: _read(f, money, unit) for f in funds if f.line not in held_lines}
    parts = [f.line for f in funds if f.line in FUND_PART_LINES]
    if not all(options) or all(f.line != "total" for f in funds) or not parts:
        return {}
    # The part lines write money (a held one writes figures, wherever they stand): their blanks are 0.
    written = any(h.line in parts for h in held) or any(
        isinstance(v, Decimal) for p in parts if p in read for v in read[p].values()
    )
    if not written:
        return {}  # a clerk filled the total only: its sums say nothing
    tries: list[dict[tuple[Value, ...], list[tuple[int, ...]]]] = []
    for h, opts in zip(held, options, strict=True):
        by_money: dict[tuple[Value, ...], list[tuple[int, ...]]] = {}
        for _, slots in opts:
            got = _placed(h, slots, money, unit)
            by_money.setdefault(tuple(got[k] for k in money), []).append(slots)
        tries.append(by_money)
    if math.prod(map(len, tries)) > _MAX_COMBOS:
        return {}
    fits: list[tuple[tuple[tuple[Value, ...], ...], set[str]]] = []
    for combo in product(*tries):
        lines = dict(read)
        for h, under_money in zip(held, combo, strict=True):
            lines[h.line] = dict(zip(money, under_money, strict=True))
        verdict = _sums(lines, parts, money)
        if verdict is not None:
            fits.append((combo, verdict))
    out: dict[int, tuple[int, ...]] = {}
    for n, h in enumerate(held):
        found = {slots for combo, _ in fits for slots in tries[n][combo[n]]}
        if len(found) != 1:
            continue  # no way, or several: the figures stay unplaced
        (slots,) = found
        votes = dict((s, v) for v, s in options[n])
        if votes[slots] < max(votes.values()):
            continue  # its own row confirms another placement better: the two say different things
        filled = {h.keys[s] for s in slots}
        if not any(k in filled and all(k in held_cols for _, held_cols in fits) for k in money):
            continue  # no sum holds with one of its figures: nothing confirms the placement
        out[n] = slots
    return out


def _sums(lines: dict[str, dict[str, Value]], parts: Sequence[str], money: Sequence[str]) -> set[str] | None:
    """The columns whose sum holds; None when one fails. A blank total says nothing."""
    held: set[str] = set()
    for k in money:
        total = lines["total"][k]
        got = [lines[p][k] for p in parts]
        if not isinstance(total, Decimal) or any(v is None for v in got):
            continue
        if sum((v for v in got if isinstance(v, Decimal)), Decimal(0)) != total:
            return None
        held.add(k)
    return held


def _read(line: RawFundLine, money: Sequence[str], unit: str | None) -> dict[str, Value]:
    """A placed line's money, column by column: a line whose figures were not placed says nothing."""
    if not line.cells:
        return dict.fromkeys(money)
    if all(not clean_label(t.text) for t in line.cells.values()):
        return dict.fromkeys(money, BLANK)  # a line left blank is blank under every column
    return {k: _amount(line.cells[k].text, unit) if k in line.cells else None for k in money}


def _placed(h: ShortLine, slots: Sequence[int], money: Sequence[str], unit: str | None) -> dict[str, Value]:
    got: dict[str, Value] = dict.fromkeys(money, BLANK)
    for f, s in zip(h.figures, slots, strict=True):
        if h.keys[s] in got:
            got[h.keys[s]] = _amount(f.text, unit)
    return got


def _amount(text: str, unit: str | None) -> Value:
    """A money figure written plainly, or with thousands commas; BLANK for nothing; None otherwise (a 元
    figure of three decimals may be a thousands dot, ``normalize.amounts``: not evidence)."""
    cleaned = clean_label(text)
    if not cleaned or _NOTHING.match(cleaned):
        return BLANK
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    elif not PLAIN_NUMBER.match(cleaned):
        return None
    if unit in (None, "元") and "." in cleaned and len(cleaned.split(".")[1]) == 3:
        return None
    return Decimal(cleaned)


__all__ = [
    "ShortLine",
    "hold_narrow_row",
    "hold_unplaced",
    "narrow_row",
    "place_by_row",
    "settle_short_lines",
]
