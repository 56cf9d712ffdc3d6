"""One form's blocks → ``RawForm``: header fields, money block, breakdown, goals, indicators, 总分.

Rows are classified by their label cells (matched against ``schemas.labels``), never by position in the
file, so other templates' column orders work. A data row's value cells are aligned to the block's header
row by grid column (Word, xlsx, html keep spans), falling back to right-alignment when a text export lost
the merges and the row has fewer cells than its header.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex
from jixiao.extract.form_breakdown import read_breakdown
from jixiao.extract.form_header import ColumnHeader, is_subheader, read_header, refine_header
from jixiao.extract.form_indicators import IndicatorState, is_blank, raw_text, read_indicator
from jixiao.extract.form_ledger import Ledger
from jixiao.extract.glued import is_glued
from jixiao.extract.labels import clean_label, match_label, strip_annotations, to_simplified
from jixiao.extract.layout import Block, Cell, Paragraph, Row, Table
from jixiao.extract.records import RawAnomaly, RawBreakdownLine, RawForm, RawFundLine, RawText
from jixiao.schemas.labels import (
    BREAKDOWN_BASIS,
    FUND_COLUMNS,
    FUND_LINES,
    GOAL_LABELS,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    TOTAL_ROW_LABELS,
)

_UNIT_IN_LABEL = regex.compile(
    r"""[(（]\s*(?:单\s*位\s*[:：]\s*)?(亿元|万元|千元|元)\s*[)）]   # "（万元）", "（单位：万元）"
    | 单\s*位\s*[:：]\s*(亿元|万元|千元|元)(?!\p{Han})""",  # "（金额）单位：万元", never 单位：元宝区…
    regex.VERBOSE,
)
_UNIT_LINE = regex.compile(
    r"^\s*[(（]?\s*(?:金额)?\s*(?:单\s*位\s*[:：])?\s*(?:亿元|万元|千元|元)\s*[)）]?\s*$"
)
_FILL_UNIT = regex.compile(
    r"""填\s*报\s*单\s*位\s*[:：]\s*
    (?:[(（]\s*盖\s*章\s*[)）])?\s*        # "（盖章）" placeholder
    (?P<unit>.*?)\s*
    (?:[(（]?\s*(?P<year>(?:19|20)[0-9]{2})\s*年\s*度?\s*[)）]?)?\s*$""",
    regex.VERBOSE,
)
_YEAR = regex.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年")  # "2023年度" in a title or header line
# "项目名称：X" on a line of its own, one pattern per wording, in the vocabulary's order (compiled once).
_HEADER_FIELD_LINES = tuple(
    (key, regex.compile(rf"^\s*{regex.escape(v)}\s*[:：]\s*(.+?)\s*$"))
    for key, variants in HEADER_FIELDS.items()
    for v in variants
)
_INDICATOR_LEVEL_KEYS = ("level1", "level2", "level3")
_FUND_HEADER_KEYS = ("budget_initial", "budget_full_year", "executed")


def _unit_in(text: str) -> str | None:
    """The money unit a label writes (``（万元）``, ``单位：万元``, traditional ``（萬元）`` too)."""
    u = _UNIT_IN_LABEL.search(to_simplified(text))
    return (u.group(1) or u.group(2)) if u else None


def _count_keys(row: Row, vocab: dict[str, tuple[str, ...]], wanted: tuple[str, ...]) -> int:
    found = {m.key for c in row.cells if (m := match_label(c.text, vocab, fuzzy=False)) is not None}
    return len(found & set(wanted))


@dataclass(slots=True)
class _FormState:
    header: dict[str, RawText] = field(default_factory=dict)
    year: RawText | None = None
    funds: list[RawFundLine] = field(default_factory=list)
    breakdown: list[RawBreakdownLine] = field(default_factory=list)
    goal_expected: RawText | None = None
    goal_actual: RawText | None = None
    indicators: IndicatorState = field(default_factory=IndicatorState)
    total_weight: RawText | None = None
    total_score: RawText | None = None
    fund_header: ColumnHeader | None = None
    fund_unit: str | None = None
    basis_header: ColumnHeader | None = None
    goal_header: ColumnHeader | None = None
    indicator_header: ColumnHeader | None = None
    indicator_fresh: bool = False  # the row before was the indicator header
    paragraph_unit: str | None = None  # a unit written outside the table (its own line, the title)
    anomalies: list[RawAnomaly] = field(default_factory=list)


def _read_header_paragraph(p: Paragraph, st: _FormState, ledger: Ledger) -> None:
    unit = _unit_in(p.text)
    if unit is not None:  # "（单位：万元）" above the table, or in the title line
        st.paragraph_unit = st.paragraph_unit or unit
        if _UNIT_LINE.match(p.text):
            ledger.place(p)
            return
    m = _FILL_UNIT.search(p.text)
    if m:
        unit = m.group("unit").strip(" \u3000")
        if unit:
            st.header.setdefault("fill_unit", RawText(unit, p.location))
        if m.group("year"):
            st.year = st.year or RawText(m.group("year"), p.location)
        ledger.place(p)
        return
    for key, pattern in _HEADER_FIELD_LINES if (":" in p.text or "：" in p.text) else ():
        head = pattern.match(p.text)
        if head:
            st.header.setdefault(key, RawText(head.group(1), p.location))
            ledger.place(p)
            return
    y = _YEAR.search(p.text)
    if y and len(clean_label(p.text)) <= 20:  # a lone "（2023年度）" line
        st.year = st.year or RawText(y.group(1), p.location)
        ledger.place(p)


def _row_label(row: Row) -> Cell | None:
    for cell in row.cells:
        if not is_blank(cell):
            return cell
    return None


def parse_form(
    blocks: Sequence[Block], *, form_type: str, attachment: str | None, title: RawText | None, ledger: Ledger
) -> RawForm | None:
    """Read a form from its segment's blocks; None when no table holds anything form-like."""
    tables = [b for b in blocks if isinstance(b, Table)]
    if not tables:
        return None
    exact_grid = any(c.col_span > 1 or c.row_span > 1 for t in tables for r in t.rows for c in r.cells)
    st = _FormState()
    if title is not None:
        y = _YEAR.search(title.text)
        if y:
            st.year = RawText(y.group(1), title.location)
        st.paragraph_unit = _unit_in(title.text)
    for block in blocks:
        if isinstance(block, Paragraph):
            _read_header_paragraph(block, st, ledger)
    found_any = False
    for table in tables:
        for row in table.rows:
            found_any |= _read_row(row, st, ledger, exact_grid)
    if not found_any:
        return None
    first = tables[0].location
    return RawForm(
        form_type=form_type,
        attachment=attachment,
        title=title,
        header=st.header,
        year=st.year,
        funds=tuple(st.funds),
        breakdown=tuple(st.breakdown),
        goal_expected=st.goal_expected,
        goal_actual=st.goal_actual,
        indicators=tuple(st.indicators.indicators),
        total_weight=st.total_weight,
        total_score=st.total_score,
        location=first,
        anomalies=tuple(st.anomalies),
    )


def _read_row(row: Row, st: _FormState, ledger: Ledger, exact_grid: bool) -> bool:
    """Classify one row and record what it holds. True when the row was understood."""
    label = _row_label(row)
    fresh, st.indicator_fresh = st.indicator_fresh, False
    if label is None:
        return False
    if fresh and st.indicator_header and is_subheader(row, INDICATOR_COLUMNS, _INDICATOR_LEVEL_KEYS):
        st.indicator_header, labels = refine_header(st.indicator_header, row, INDICATOR_COLUMNS)
        _place_all(ledger, labels)
        return True
    cleaned = strip_annotations(clean_label(label.text))
    # 总分 row: closes the indicator table.
    if cleaned in TOTAL_ROW_LABELS or cleaned.startswith("总分"):
        return _read_total(row, label, st, ledger)
    # Header rows of each block.
    if _count_keys(row, INDICATOR_COLUMNS, _INDICATOR_LEVEL_KEYS) >= 2:
        st.indicator_header, labels = read_header(row, INDICATOR_COLUMNS, exact_grid)
        st.indicator_fresh = True  # the next row may be a second header row under merged parents
        _place_all(ledger, labels, [c for c in row.cells if not is_blank(c)])
        return True
    if _count_keys(row, FUND_COLUMNS, _FUND_HEADER_KEYS) >= 2:
        st.fund_header, labels = read_header(row, FUND_COLUMNS, exact_grid)
        for c in row.cells:
            unit = _unit_in(c.text)
            if unit:
                st.fund_unit = unit
        _place_all(ledger, labels, [c for c in row.cells if not is_blank(c)])
        return True
    if any(match_label(c.text, BREAKDOWN_BASIS, fuzzy=False) for c in row.cells):
        st.basis_header, labels = read_header(row, BREAKDOWN_BASIS, exact_grid)
        _place_all(ledger, labels, [])
        return True
    goal_cells = {m.key: c for c in row.cells if (m := match_label(c.text, GOAL_LABELS)) is not None}
    if "goal_expected" in goal_cells or "goal_actual" in goal_cells:
        st.goal_header, _ = read_header(row, GOAL_LABELS, exact_grid)
        _place_all(ledger, list(goal_cells.values()), [])
        return True
    if "goal_block" in goal_cells and st.goal_header is None:
        texts = [c for c in row.cells if not is_blank(c) and c is not goal_cells["goal_block"]]
        ledger.place(goal_cells["goal_block"])
        if texts:
            st.goal_expected = raw_text(texts[0])
            ledger.place(texts[0])
        if len(texts) > 1:
            st.goal_actual = raw_text(texts[1])
            ledger.place(texts[1])
        return True
    if _read_header_fields(row, st, ledger):
        return True
    unit = _unit_in(label.text) if st.fund_header is not None and len(row.cells) == 1 else None
    if unit is not None:  # the money block's unit in a cell of its own, below the header (PDF text)
        st.fund_unit = st.fund_unit or unit
        ledger.place(label)
        return True
    # Data rows, by the block whose header came last.
    if st.indicator_header is not None:
        return read_indicator(row, st.indicator_header, st.indicators, ledger)
    if st.goal_header is not None:
        return _read_goals(row, st, ledger)
    # A breakdown may come before the money block's last lines: a row it does not read goes on.
    parts = read_breakdown(row, st.basis_header, st.fund_unit, ledger)
    if parts:
        st.breakdown += parts
        return True
    if st.fund_header is not None:
        return _read_fund_line(row, st, ledger)
    return False


def _place_all(ledger: Ledger, *groups: Sequence[Cell]) -> None:
    for group in groups:
        for cell in group:
            ledger.place(cell)


def _read_header_fields(row: Row, st: _FormState, ledger: Ledger) -> bool:
    found = False
    cells = list(row.cells)
    for i, cell in enumerate(cells):
        m = match_label(cell.text, HEADER_FIELDS, fuzzy=False)
        if m is None:
            continue
        found = True
        ledger.place(cell)
        for nxt in cells[i + 1 :]:
            if match_label(nxt.text, HEADER_FIELDS, fuzzy=False):
                break
            if not is_blank(nxt):
                st.header.setdefault(m.key, raw_text(nxt))
                ledger.place(nxt)
                break
    return found


def _read_total(row: Row, label: Cell, st: _FormState, ledger: Ledger) -> bool:
    ledger.place(label)
    values = [c for c in row.cells if c is not label and not is_blank(c)]
    hdr = st.indicator_header
    aligned = hdr.align(row) if hdr else {}
    if hdr and hdr.exact_grid and {"weight", "score"} & aligned.keys():
        weight, score = aligned.get("weight"), aligned.get("score")
    else:
        weight = values[0] if values else None
        score = values[1] if len(values) > 1 else None
    if weight is not None:
        st.total_weight = raw_text(weight)
        ledger.place(weight)
    if score is not None:
        st.total_score = raw_text(score)
        ledger.place(score)
    st.indicator_header = None  # the indicator table ends here
    return True


def _read_fund_line(row: Row, st: _FormState, ledger: Ledger) -> bool:
    assert st.fund_header is not None
    label_cell = next((c for c in row.cells if match_label(c.text, FUND_LINES)), None)
    if label_cell is None:
        return False
    m = match_label(label_cell.text, FUND_LINES)
    assert m is not None
    ledger.place(label_cell)
    # "年度资金总额（万元）", or a unit line above the table: the block's unit when its header names none.
    st.fund_unit = st.fund_unit or _unit_in(label_cell.text) or st.paragraph_unit
    if _unplaced_figures(row, label_cell, st):
        # The figures stay raw and unplaced (residual text); none is guessed into a column.
        st.funds.append(RawFundLine(m.key, raw_text(label_cell), {}, st.fund_unit))
        return True
    cells: dict[str, RawText] = {}
    for key, cell in st.fund_header.align(row).items():
        if cell is label_cell:
            continue
        cells[key] = raw_text(cell)
        ledger.place(cell)
    st.funds.append(RawFundLine(m.key, raw_text(label_cell), cells, st.fund_unit))
    return True


def _unplaced_figures(row: Row, label_cell: Cell, st: _FormState) -> bool:
    """Figures a text reader set outside every column (``grid_col`` < 0): glued, or not to be told apart.

    Only the shape reader (``extract.cell_stream``) sets such cells; a cell of a real column is never
    second-guessed here (``79.98852.24`` in a TAB export is one figure with a stray point, for normalize).
    """
    found = False
    name = clean_label(label_cell.text)
    for cell in row.cells:
        if cell is label_cell or is_blank(cell) or cell.grid_col >= 0:
            continue
        if is_glued(cell.text):
            message = f"{name}的数字粘连在一起（{cell.text}），按勾稽关系无法唯一拆分，未取值"
            st.anomalies.append(RawAnomaly("funds.glued_figures", message, raw_text(cell)))
            found = True
        else:
            message = f"{name}的数字（{cell.text}）无法确定各属哪一列，未取值"
            st.anomalies.append(RawAnomaly("funds.unplaced_figures", message, raw_text(cell)))
            found = True
    return found


def _read_goals(row: Row, st: _FormState, ledger: Ledger) -> bool:
    assert st.goal_header is not None
    aligned = st.goal_header.align(row)
    found = False
    for key in ("goal_expected", "goal_actual"):
        cell = aligned.get(key)
        if cell is not None and not is_blank(cell):
            if key == "goal_expected" and st.goal_expected is None:
                st.goal_expected = raw_text(cell)
            elif key == "goal_actual" and st.goal_actual is None:
                st.goal_actual = raw_text(cell)
            ledger.place(cell)
            found = True
    if found:
        st.goal_header = None
    return found
