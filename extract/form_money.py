"""A form's money block: its lines under the block's header, written as label | figure pairs, or one
unlabelled row; and the 按收入性质分 / 按支出性质分 breakdown. Read into ``form_state.FormState``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from itertools import pairwise
from operator import attrgetter

import regex
from jixiao.extract.form_header import drop_columns, join_sub_labels, spanning_parents, sub_labels
from jixiao.extract.form_indicators import is_blank, raw_text
from jixiao.extract.form_ledger import Ledger
from jixiao.extract.form_state import FIGURE, FormState, place_all, unit_in, units_in
from jixiao.extract.fund_short_lines import hold_narrow_row, hold_unplaced, narrow_row, place_by_row
from jixiao.extract.glued import is_glued
from jixiao.extract.labels import clean_label, match_label, negated_label, strip_annotations
from jixiao.extract.layout import Cell, Row
from jixiao.extract.records import RawAnomaly, RawBreakdownLine, RawFundLine, RawText
from jixiao.extract.slot_claims import identity_votes, kind_fits
from jixiao.schemas.labels import (
    BREAKDOWN_LINE_BASIS,
    BREAKDOWN_LINES,
    FUND_COLUMNS,
    FUND_LINES,
    FUND_MONEY_KEYS,
)

_BREAKDOWN_CELL = regex.compile(
    r"""^\s*(?:其\s*中\s*[:：]\s*)?           # "其中：" prefix on the first line of a basis
    (?P<label>[^:：]*?)\s*[:：]\s*           # the line's label up to its colon
    (?P<amount>.*?)\s*$""",
    regex.VERBOSE | regex.DOTALL,
)


def money_unit(st: FormState, where: Cell, *written: str | None) -> str | None:
    """The money block's unit: what its header or a line label writes, else a unit line above the table.

    Two different units declared on one form (``单位：万元`` above the table, ``项目资金（元）`` in its
    corner) are no unit at all: the figures are read as if none were written, so ``normalize.units`` takes
    one only where the digits or the report leave one reading and otherwise leaves them unread; the
    contradiction is reported once (``unit.conflicting``), never settled by which declaration came first.
    """
    declared = list(dict.fromkeys(u for u in (*written, st.paragraph_unit) if u))
    if len(declared) > 1 and not st.unit_conflict:
        st.unit_conflict = True
        both = "、".join(declared)
        message = f"本表写了两种金额单位（{both}），未取任何一方：由数字位数与报告确定，否则不取值"
        st.anomalies.append(RawAnomaly("unit.conflicting", message, raw_text(where)))
    if st.unit_conflict:
        return None
    return declared[0] if declared else None


def money_sum_row(row: Row, label: Cell, st: FormState) -> bool:
    """``合计 | 120.00 | 120.00 | 112.80 | …`` closing the money block (its lines written first): the
    block's total line, never the form's 总分 (the indicators' header has not come yet)."""
    if st.fund_header is None or st.indicator_header is not None or not st.fund_lines_read:
        return False
    if strip_annotations(clean_label(label.text)) not in ("合计", "总计"):
        return False
    aligned = st.fund_header.align(row)
    filled = [k for k in FUND_MONEY_KEYS if k in aligned and FIGURE.match(clean_label(aligned[k].text))]
    # and the lines above add up to it in a column: "合计 | 100 | 97" right under the money block is the
    # form's 总分 (a template without indicators), not money
    return len(filled) >= 2 and any(_sum_of_lines(st, k) == _figure(aligned[k].text) for k in filled)


def _figure(text: str) -> Decimal | None:
    try:
        return Decimal(clean_label(text).replace(",", ""))
    except InvalidOperation:
        return None


def _sum_of_lines(st: FormState, key: str) -> Decimal | None:
    parts = [_figure(line.cells[key].text) if key in line.cells else None for line in st.funds]
    if not parts or any(p is None for p in parts):
        return None
    return sum((p for p in parts if p is not None), Decimal(0))


def _unlabelled_total(row: Row, st: FormState) -> bool:
    """The one value row right under a money header whose corner names the block and no line label
    (重庆's 部门预算执行情况（万元）): figures only, at least two of them under money columns."""
    assert st.fund_header is not None
    if st.fund_lines_read or st.fund_corner is None:
        return False
    texts = [c for c in row.cells if not is_blank(c)]
    if not texts or not all(FIGURE.match(clean_label(c.text)) for c in texts):
        return False
    if _column_numbers(texts):
        return False  # a 栏次 row (1 | 2 | 3 …) under the header numbers the columns, it holds no money
    aligned = st.fund_header.align(row)
    return sum(1 for k in FUND_MONEY_KEYS if k in aligned and not is_blank(aligned[k])) >= 2


def _column_numbers(cells: list[Cell]) -> bool:
    """``1 | 2 | 3 | 4``: consecutive whole numbers, as a 栏次 row writes them."""
    texts = [clean_label(c.text) for c in cells]
    if not all(t.isdigit() for t in texts):
        return False
    numbers = [int(t) for t in texts]
    return all(b == a + 1 for a, b in pairwise(numbers))


def read_inline_money(row: Row, st: FormState, ledger: Ledger) -> bool:
    """``项目资金（万元） | 全年预算数 | 50 | 全年执行数 | 49.5 | 执行率 | 99%``: the money written as
    label and figure pairs on one row (older county forms). Each figure is its label's; the row is the
    total. Read only when every money label has its figure right after it and no figure stands alone."""
    cells = [c for c in row.cells if not is_blank(c)]
    pairs: dict[str, Cell] = {}
    labels: list[Cell] = []
    n = 1 if cells and match_label(cells[0].text, FUND_COLUMNS, fuzzy=False) is None else 0
    while n < len(cells):
        m = match_label(cells[n].text, FUND_COLUMNS, fuzzy=False)
        value = cells[n + 1] if n + 1 < len(cells) else None
        if m is None or value is None or not FIGURE.match(clean_label(value.text)) or m.key in pairs:
            return False
        pairs[m.key] = value
        labels.append(cells[n])
        n += 2
    if len(set(pairs) & set(FUND_MONEY_KEYS)) < 2:
        return False
    corner = cells[0] if cells[0] not in labels else None
    unit = money_unit(st, corner or labels[0], *(u for c in row.cells for u in units_in(c.text)))
    label = raw_text(corner) if corner is not None else raw_text(labels[0])
    if not claim_line(st, "total", label):
        return True  # the row stays unplaced: a residual beside the anomaly
    st.funds.append(RawFundLine("total", label, {k: raw_text(c) for k, c in pairs.items()}, unit))
    place_all(ledger, cells)
    return True


def _read_unlabelled_total(row: Row, st: FormState, ledger: Ledger) -> bool:
    if st.fund_header is None or st.fund_corner is None or not _unlabelled_total(row, st):
        return False
    if not claim_line(st, "total", raw_text(st.fund_corner)):
        return True
    st.fund_unit = money_unit(st, st.fund_corner, st.fund_unit)
    aligned = st.fund_header.align(row)
    place_all(ledger, list(aligned.values()))
    values = {key: raw_text(cell) for key, cell in aligned.items()}
    st.funds.append(RawFundLine("total", raw_text(st.fund_corner), values, st.fund_unit))
    st.fund_lines_read += 1
    return True


def read_fund_line(row: Row, st: FormState, ledger: Ledger, sum_label: Cell | None = None) -> bool:
    """One money line under the block's header; ``sum_label``: the block's own 合计 row, its total line."""
    assert st.fund_header is not None
    if sum_label is not None:
        label_cell, line_key = sum_label, "total"
    else:
        # A figure is never a line's label, not even fuzzily (see ``form_hits.row_hits``): not asked.
        worded = (c for c in row.cells if not c.text.isascii())
        found = next((c for c in worded if match_label(c.text, FUND_LINES)), None)
        if found is None:
            return _read_unlabelled_total(row, st, ledger) or _negated_line(row, st)
        m = match_label(found.text, FUND_LINES)
        assert m is not None
        label_cell, line_key = found, m.key
    st.fund_lines_read += 1
    label = raw_text(label_cell)
    if not claim_line(st, line_key, label):
        return True  # label and figures stay unplaced: residual text, beside the anomaly
    ledger.place(label_cell)
    # "年度资金总额（万元）", or a unit line above the table: the block's unit when its header names none.
    st.fund_unit = money_unit(st, st.fund_corner or label_cell, st.fund_unit or unit_in(label_cell.text))
    if _unplaced_figures(row, label_cell, st):
        # The figures stay raw and unplaced (residual text); none is guessed into a column. The block's
        # sums may yet place them when the form is read (``fund_short_lines``).
        st.funds.append(RawFundLine(line_key, label, {}, st.fund_unit))
        hold_unplaced(st, line_key, label_cell, row)
        return True
    aligned = {k: c for k, c in st.fund_header.align(row).items() if c is not label_cell}
    narrow = narrow_row(row, label_cell, st.fund_header)
    if narrow is not None:
        # A text export's row short of its header: a merge lost, so the cells' columns are not known
        # (aligning them from the right would put 全年执行数 under 分值). Its own identities, or later
        # the block's sums, place them; otherwise they stay unplaced.
        placed = place_by_row(narrow, st.fund_header)
        if placed is None:
            st.funds.append(RawFundLine(line_key, label, {}, st.fund_unit))
            hold_narrow_row(st, line_key, label_cell, narrow)
            return True
        aligned = placed
    # The kind check of the shape reader's placement (``slot_claims.fits``); a cell's stray point
    # ("79.98852.24") is one figure of its column, for normalize to read.
    misfit = next(((k, c) for k, c in aligned.items() if not kind_fits(c.text, k)), None)
    if misfit is not None:
        # A % figure under 分值: the row is not filled in its header's order, and which figure belongs
        # to which column is not known. Every figure stays raw and unplaced; none is guessed.
        key, cell = misfit
        name, column = clean_label(label_cell.text), FUND_COLUMNS[key][0]
        message = f"{name}的数字（{cell.text}）不属于其所在的“{column}”列，各数字所属列无法确定，未取值"
        st.anomalies.append(RawAnomaly("funds.unplaced_figures", message, raw_text(cell)))
        st.funds.append(RawFundLine(line_key, label, {}, st.fund_unit))
        return True
    _drop_contradicted_money(row, aligned, label_cell, st)
    cells = {key: RawText(cell.text, cell.location) for key, cell in aligned.items()}  # (raw_text)
    ledger.place_many(aligned.values())
    st.funds.append(RawFundLine(line_key, label, cells, st.fund_unit))
    return True


_RATE_KEYS = ("budget_full_year", "executed", "execution_rate")
_GRID_COL = attrgetter("grid_col")


def _drop_contradicted_money(row: Row, aligned: dict[str, Cell], label_cell: Cell, st: FormState) -> None:
    """The row's own 执行率 contradicts the 全年预算数/全年执行数 its header loosely named (a spanning
    ``预算数``, a near spelling): the money is not read (its text a residual), with an anomaly."""
    if "budget_full_year" not in st.fund_loose and "executed" not in st.fund_loose:
        return  # (most headers: every money column named for sure)
    figures = [c for c in row.cells if c is not label_cell and not is_blank(c)]
    loose = (st.fund_loose.get(k, ()) for k in ("budget_full_year", "executed") if k in st.fund_loose)
    if not any(cols is None or sum(c.grid_col in cols for c in figures) > 1 for cols in loose):
        return  # every column named for sure, or with one figure under it
    if identity_votes({k: aligned[k].text for k in _RATE_KEYS if k in aligned}) is not None:
        return
    name = clean_label(label_cell.text)
    rate = aligned["execution_rate"].text
    message = f"{name}的执行率（{rate}）与按表头读出的预算数、执行数不符，而表头的列不确定，金额未取值"
    st.anomalies.append(RawAnomaly("funds.header_unread", message, raw_text(label_cell)))
    for key in FUND_MONEY_KEYS:
        aligned.pop(key, None)


def _negated_line(row: Row, st: FormState) -> bool:
    """A line the block's vocabulary has no key for because it negates one (``非财政拨款`` beside
    ``财政拨款``): its figures are no line of the contract, so they stay residual text, with a note."""
    first = next((c for c in row.cells if not is_blank(c)), None)
    positive = negated_label(first.text, FUND_LINES) if first is not None else None
    if first is None or positive is None:
        return False
    name = clean_label(first.text)
    message = f"资金行“{name}”不是“{positive.variant}”，输出表中没有对应的行，此行未取值，原文保留"
    st.anomalies.append(RawAnomaly("funds.unread_line", message, raw_text(first)))
    return True


def claim_line(st: FormState, key: str, label: RawText) -> bool:
    """True when the form has no line ``key`` yet. A second line with a key already read (a note table's
    上年度 年度资金总额 below the form, a hidden row, two labels of one key) never overwrites the first:
    it is left unread, its text a residual, with an anomaly."""
    if all(line.line != key for line in st.funds):
        return True
    message = f"资金行“{clean_label(label.text)}”在本表中再次出现，已按第一次出现的行取值，此行未取值"
    st.anomalies.append(RawAnomaly("funds.duplicate_line", message, label))
    return False


def _claim_part(st: FormState, basis: str, line: str, label: RawText) -> bool:
    """``claim_line`` for a breakdown line: a part read twice keeps its first reading."""
    if all(b.basis != basis or b.line != line for b in st.breakdown):
        return True
    message = f"收支性质分项“{clean_label(label.text)}”在本表中再次出现，已按第一次出现的取值，此项未取值"
    st.anomalies.append(RawAnomaly("funds.duplicate_line", message, label))
    return False


def _unplaced_figures(row: Row, label_cell: Cell, st: FormState) -> bool:
    """Figures a text reader set outside every column (``grid_col`` < 0): glued, or not to be told apart.

    Only the shape reader (``extract.cell_stream``) sets such cells; a cell of a real column is never
    second-guessed here (``79.98852.24`` in a TAB export is one figure with a stray point, for normalize).
    """
    if min(map(_GRID_COL, row.cells)) >= 0:
        return False  # (most rows: every cell in a column)
    found = False
    name = clean_label(label_cell.text)
    for cell in row.cells:
        if cell.grid_col >= 0 or cell is label_cell or is_blank(cell):
            continue
        if any(is_glued(part) for part in cell.text.split()):  # the cell stream parts figures by spaces
            message = f"{name}的数字粘连在一起（{cell.text}），按勾稽关系无法唯一拆分，未取值"
            st.anomalies.append(RawAnomaly("funds.glued_figures", message, raw_text(cell)))
            found = True
        else:
            message = f"{name}的数字（{cell.text}）无法确定各属哪一列，未取值"
            st.anomalies.append(RawAnomaly("funds.unplaced_figures", message, raw_text(cell)))
            found = True
    return found


def read_breakdown(row: Row, st: FormState, ledger: Ledger) -> bool:
    assert st.basis_header is not None
    found = False
    for basis, cell in st.basis_header.align(row).items():
        if is_blank(cell):
            continue
        m = _BREAKDOWN_CELL.match(cell.text)
        if m is None:
            continue
        label_text = m.group("label").strip()
        key = match_label(label_text, BREAKDOWN_LINES)
        line = key.key if key else f"unmatched:{clean_label(label_text)}"
        if not _claim_part(st, basis, line, RawText(label_text, cell.location)):
            continue
        st.breakdown.append(
            RawBreakdownLine(
                basis,
                line,
                RawText(label_text, cell.location),
                RawText(m.group("amount"), cell.location),
                st.fund_unit,
            )
        )
        ledger.place(cell)
        found = True
    return found


def read_unheaded_breakdown(row: Row, st: FormState, ledger: Ledger) -> bool:
    """Breakdown lines written without their 按…性质分 header: each cell's line names its basis.

    Every non-blank cell must be ``line：amount`` of the breakdown's vocabulary, and one at least a line
    that is not also a fund line's wording (a lone ``其他资金：`` is the money block's).
    """
    found: list[tuple[Cell, str, str, str]] = []
    for cell in row.cells:
        if is_blank(cell):
            continue
        if ":" not in cell.text and "：" not in cell.text:
            return False  # no line：amount (most rows: not asked of the pattern)
        m = _BREAKDOWN_CELL.match(cell.text)
        key = match_label(m.group("label"), BREAKDOWN_LINES, fuzzy=False) if m else None
        if m is None or key is None:
            return False
        found.append((cell, key.key, m.group("label").strip(), m.group("amount")))
    if all(match_label(label, FUND_LINES, fuzzy=False) for _, _, label, _ in found):
        return False  # (a row of no cell at all ends here too)
    for cell, line, label, amount in found:
        if not _claim_part(st, BREAKDOWN_LINE_BASIS[line], line, RawText(label, cell.location)):
            continue
        st.breakdown.append(
            RawBreakdownLine(
                BREAKDOWN_LINE_BASIS[line],
                line,
                RawText(label, cell.location),
                RawText(amount, cell.location),
                st.fund_unit,
            )
        )
        ledger.place(cell)
    return True


def read_fund_subheader(row: Row, st: FormState, ledger: Ledger, exact_grid: bool) -> bool:
    """``预算数`` over ``年初 | 全年``: the money header's second row names its parent's columns; where
    it cannot be read with its parent, the parent's columns are left unread (never shifted)."""
    header, header_row = st.fund_header, st.fund_header_row
    if header is None or header_row is None:
        return False
    if any(match_label(c.text, FUND_LINES, fuzzy=False) for c in row.cells):
        return False  # a money line, not a header
    pairs = sub_labels(row, header_row, exact_grid)
    if pairs is not None:
        st.fund_header, named, unread = join_sub_labels(header, pairs, FUND_COLUMNS)
        place_all(ledger, named)
        renamed = {header.keys.get(p.grid_col) for _, p in pairs}
        kept = set(st.fund_header.keys.values()) - renamed
        st.fund_loose = {k: cols for k, cols in st.fund_loose.items() if k in kept}
    else:
        unread = spanning_parents(row, header_row, header)
        if not unread:
            return False
        st.fund_header = drop_columns(header, unread)
    subs = " | ".join(clean_label(c.text) for c in row.cells if not is_blank(c))
    for parent in unread:
        message = f"资金表头“{clean_label(parent.text)}”下的子表头（{subs}）无法确定各是哪一列，这些列未取值"
        st.anomalies.append(RawAnomaly("funds.header_unread", message, raw_text(parent)))
    return True
