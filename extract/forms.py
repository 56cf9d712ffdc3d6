"""One form's blocks → ``RawForm``: header fields, money block, breakdown, goals, indicators, 总分.

Rows are classified by their label cells (matched against ``schemas.labels``), never by position in the
file, so other templates' column orders work. A data row's value cells are aligned to the block's header
row by grid column (Word, xlsx, html keep spans), falling back to right-alignment when a text export lost
the merges and the row has fewer cells than its header.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import regex
from jixiao.extract.form_header import ColumnHeader, is_subheader, read_header, refine_header
from jixiao.extract.form_indicators import IndicatorState, is_blank, raw_text, read_indicator
from jixiao.extract.form_ledger import Ledger
from jixiao.extract.glued import is_glued
from jixiao.extract.labels import clean_label, match_label, strip_annotations, to_simplified
from jixiao.extract.layout import Block, Cell, Paragraph, Row, Table
from jixiao.extract.records import RawAnomaly, RawBreakdownLine, RawForm, RawFundLine, RawText
from jixiao.schemas.labels import (
    BREAKDOWN_BASIS,
    BREAKDOWN_LINES,
    FUND_COLUMNS,
    FUND_LINES,
    GOAL_LABELS,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    SCORE_TOTAL_LABELS,
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
    r"""填\s*报\s*单\s*位\s*
    (?:[(（]\s*盖\s*章\s*[)）])?\s*[:：]\s*  # "填报单位（盖章）：" (the seal's note before the colon)
    (?:[(（]\s*盖\s*章\s*[)）])?\s*        # "（盖章）" placeholder
    (?P<unit>.*?)\s*
    (?:[(（]?\s*(?P<year>(?:19|20)[0-9]{2})\s*年\s*度?\s*[)）]?)?\s*$""",
    regex.VERBOSE,
)
# A second field on the same line ends the first: "某市档案馆　　　　填报日期：2022年3月10日".
_NEXT_FIELD = regex.compile(
    r"""(?:[\s\u3000]{2,}                                        # a wide gap before another label, or
       |[\s\u3000]*(?=填\s*报\s*日\s*期|联\s*系\s*电\s*话|填\s*表\s*人))  # a known label right after
    \S{1,8}?[:：]""",
    regex.VERBOSE,
)
_HAN = regex.compile(r"\p{Han}")
_FIGURE = regex.compile(r"^[-+]?[0-9][0-9,.]*%?$")  # a figure as a cell holds it: 1,250.00, 97.40, 97.4%
# "2023年度" in a title or header line; never the year of a date ("填报日期：2022年3月10日" is when the
# form was filled, mostly the year after the one it evaluates).
_YEAR = regex.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年(?!\s*[0-9０-９]{1,2}\s*月)")
_BREAKDOWN_CELL = regex.compile(
    r"""^\s*(?:其\s*中\s*[:：]\s*)?           # "其中：" prefix on the first line of a basis
    (?P<label>[^:：]*?)\s*[:：]\s*           # the line's label up to its colon
    (?P<amount>.*?)\s*$""",
    regex.VERBOSE | regex.DOTALL,
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
    form_type: str = "project"
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
    fund_corner: Cell | None = None  # the money header's unmapped first cell (部门预算执行情况（万元）)
    fund_lines_read: int = 0  # lines read under the current money header
    fund_unit: str | None = None
    basis_header: ColumnHeader | None = None
    goal_header: ColumnHeader | None = None
    indicator_header: ColumnHeader | None = None
    indicator_fresh: bool = False  # the row before was the indicator header
    goal_fresh: bool = False  # the row before was the goal header
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
        unit = m.group("unit")
        nxt = _NEXT_FIELD.search(unit)
        unit = (unit[: nxt.start()] if nxt else unit).strip(" \u3000|")  # "某局 |": a copied cell's bar
        if unit:
            st.header.setdefault("fill_unit", RawText(unit, p.location))
        if m.group("year"):
            st.year = st.year or RawText(m.group("year"), p.location)
        ledger.place(p)
        return
    for key, variants in HEADER_FIELDS.items():
        for v in variants:
            head = regex.match(rf"^\s*{regex.escape(v)}\s*[:：]\s*(.+?)\s*$", p.text)
            if head and not _FIGURE.match(clean_label(head.group(1))):  # "项目支出：60.15": a breakdown line
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
    st = _FormState(form_type=form_type)
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
    goal_fresh, st.goal_fresh = st.goal_fresh, False
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
    if cleaned in SCORE_TOTAL_LABELS and label is row.cells[0] and _one_figure_after(row, label):
        return _read_total(row, label, st, ledger)  # "自评得分 | 93" closing the form
    # Header rows of each block.
    if _is_indicator_header(row):
        st.indicator_header, labels = read_header(row, INDICATOR_COLUMNS, exact_grid)
        st.goal_header = None  # a new block's header closes a goal block left open
        st.indicator_fresh = True  # the next row may be a second header row under merged parents
        _place_all(ledger, labels, [c for c in row.cells if not is_blank(c)])
        return True
    if _count_keys(row, FUND_COLUMNS, _FUND_HEADER_KEYS) >= 2:
        if _read_inline_money(row, st, ledger):
            return True
        st.fund_header, labels = read_header(row, FUND_COLUMNS, exact_grid)
        st.goal_header = None
        st.fund_lines_read = 0
        mapped = set(map(id, labels))
        st.fund_corner = next((c for c in row.cells if not is_blank(c) and id(c) not in mapped), None)
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
        st.goal_fresh = True
        _place_all(ledger, list(goal_cells.values()), [])
        return True
    if "goal_block" in goal_cells and st.goal_header is None:
        # Other goal labels on the row (a target table's 长期目标 | 年度目标) are headings, not goal text.
        heads = set(map(id, goal_cells.values()))
        texts = [
            c
            for c in row.cells
            if not is_blank(c) and id(c) not in heads and match_label(c.text, GOAL_LABELS) is None
        ]
        ledger.place(goal_cells["goal_block"])
        if texts:
            st.goal_expected = raw_text(texts[0])
            ledger.place(texts[0])
        if len(texts) > 1 and st.form_type != "target":  # a target table states no actual (长期 | 年度目标)
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
        return _read_goals(row, st, ledger, goal_fresh)
    if st.basis_header is not None:
        return _read_breakdown(row, st, ledger)
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
        if strip_annotations(clean_label(cell.text)) in SCORE_TOTAL_LABELS and i > 0:
            # "自评总分（分） | 96.74" among the header fields (重庆's 部门整体绩效自评表)
            score = next((c for c in cells[i + 1 :] if not is_blank(c)), None)
            if score is not None and st.total_score is None:
                st.total_score = raw_text(score)
                _place_all(ledger, [cell, score])
            continue
        m = match_label(cell.text, HEADER_FIELDS, fuzzy=False)
        if m is None:
            continue
        found = True
        ledger.place(cell)
        for nxt in cells[i + 1 :]:
            if match_label(nxt.text, HEADER_FIELDS, fuzzy=False):
                break
            if not is_blank(nxt):
                if _FIGURE.match(clean_label(nxt.text)):
                    break  # a name is never a bare figure ("项目支出 | 60.15" is a breakdown line)
                value = raw_text(nxt)
                if m.key == "fill_unit":
                    value = RawText(_fill_unit_name(nxt.text), nxt.location)
                st.header.setdefault(m.key, value)
                ledger.place(nxt)
                break
    return found


def _one_figure_after(row: Row, label: Cell) -> bool:
    values = [c for c in row.cells if c is not label and not is_blank(c)]
    return len(values) == 1 and bool(_FIGURE.match(clean_label(values[0].text).removesuffix("分")))


_SEAL_AND_YEAR = regex.compile(
    r"""^[\s\u3000]*(?:[(（]\s*盖\s*章\s*[)）])?[\s\u3000]*   # "（盖章）" placeholder
    (?P<unit>.*?)[\s\u3000|]*                                # the unit's name
    (?:[(（]?\s*(?:19|20)[0-9]{2}\s*年\s*度?\s*[)）]?)?[\s\u3000|]*$  # "（2022年度）" after it""",
    regex.VERBOSE,
)


def _fill_unit_name(text: str) -> str:
    """A 填报单位 cell's name without the seal's placeholder and the year beside it.

    >>> _fill_unit_name("（盖章）某县档案馆　　　（2022年度） |")
    '某县档案馆'
    """
    m = _SEAL_AND_YEAR.match(text)
    return m.group("unit") if m and m.group("unit") else text


def _read_total(row: Row, label: Cell, st: _FormState, ledger: Ledger) -> bool:
    ledger.place(label)
    values = [c for c in row.cells if c is not label and not is_blank(c)]
    hdr = st.indicator_header
    aligned = hdr.align(row) if hdr else {}
    weight: Cell | None
    score: Cell | None
    if strip_annotations(clean_label(label.text)) in SCORE_TOTAL_LABELS and len(values) == 1:
        weight, score = None, values[0]  # "自评得分 | 93": a score, and no weight written
    elif hdr and hdr.exact_grid and {"weight", "score"} & aligned.keys():
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


def _is_indicator_header(row: Row) -> bool:
    """Two of 一级/二级/三级指标; or a table without levels (重庆's 指标名称 | … | 全年完成值 | 指标权重 |
    指标得分): the indicator's name with two of its value columns."""
    if _count_keys(row, INDICATOR_COLUMNS, _INDICATOR_LEVEL_KEYS) >= 2:
        return True
    matches = (match_label(c.text, INDICATOR_COLUMNS, fuzzy=False) for c in row.cells)
    found = {m.key for m in matches if m is not None}
    return "level3" in found and len(found & {"target", "actual", "weight", "score"}) >= 2


def _unlabelled_total(row: Row, st: _FormState) -> bool:
    """The one value row right under a money header whose corner names the block and no line label
    (重庆's 部门预算执行情况（万元）): figures only, at least two of them under money columns."""
    assert st.fund_header is not None
    if st.fund_lines_read or st.fund_corner is None:
        return False
    texts = [c for c in row.cells if not is_blank(c)]
    if not texts or not all(_FIGURE.match(clean_label(c.text)) for c in texts):
        return False
    if _column_numbers(texts):
        return False  # a 栏次 row (1 | 2 | 3 …) under the header numbers the columns, it holds no money
    aligned = st.fund_header.align(row)
    return sum(1 for k in _FUND_HEADER_KEYS if k in aligned and not is_blank(aligned[k])) >= 2


def _column_numbers(cells: list[Cell]) -> bool:
    """``1 | 2 | 3 | 4``: consecutive whole numbers, as a 栏次 row writes them."""
    texts = [clean_label(c.text) for c in cells]
    if not all(t.isdigit() for t in texts):
        return False
    numbers = [int(t) for t in texts]
    return all(b == a + 1 for a, b in pairwise(numbers))


def _read_inline_money(row: Row, st: _FormState, ledger: Ledger) -> bool:
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
        if m is None or value is None or not _FIGURE.match(clean_label(value.text)) or m.key in pairs:
            return False
        pairs[m.key] = value
        labels.append(cells[n])
        n += 2
    if len(set(pairs) & set(_FUND_HEADER_KEYS)) < 2:
        return False
    corner = cells[0] if cells[0] not in labels else None
    unit = next((u for c in row.cells if (u := _unit_in(c.text))), None) or st.paragraph_unit
    label = raw_text(corner) if corner is not None else raw_text(labels[0])
    st.funds.append(RawFundLine("total", label, {k: raw_text(c) for k, c in pairs.items()}, unit))
    _place_all(ledger, cells)
    return True


def _read_unlabelled_total(row: Row, st: _FormState, ledger: Ledger) -> bool:
    if st.fund_header is None or st.fund_corner is None or not _unlabelled_total(row, st):
        return False
    st.fund_unit = st.fund_unit or st.paragraph_unit
    aligned = st.fund_header.align(row)
    _place_all(ledger, list(aligned.values()))
    values = {key: raw_text(cell) for key, cell in aligned.items()}
    st.funds.append(RawFundLine("total", raw_text(st.fund_corner), values, st.fund_unit))
    st.fund_lines_read += 1
    return True


def _read_fund_line(row: Row, st: _FormState, ledger: Ledger) -> bool:
    assert st.fund_header is not None
    label_cell = next((c for c in row.cells if match_label(c.text, FUND_LINES)), None)
    if label_cell is None:
        return _read_unlabelled_total(row, st, ledger)
    m = match_label(label_cell.text, FUND_LINES)
    assert m is not None
    st.fund_lines_read += 1
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


def _read_breakdown(row: Row, st: _FormState, ledger: Ledger) -> bool:
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


def _read_goals(row: Row, st: _FormState, ledger: Ledger, fresh: bool) -> bool:
    assert st.goal_header is not None
    keys = [k for k in st.goal_header.keys.values() if k in ("goal_expected", "goal_actual")]
    if not st.goal_header.exact_grid and len(row.cells) < len(keys):
        return False  # fewer cells than goal columns in a text shape: which column each is, is a guess
    aligned = st.goal_header.align(row)
    texts = [c for c in row.cells if not is_blank(c)]
    if (
        fresh
        and not any(not is_blank(c) for k, c in aligned.items() if k in keys)
        and len(texts) == len(keys)
        and all(len(_HAN.findall(c.text)) >= 4 for c in texts)
    ):
        # A copied web page drops the cells merged from above and pads rows at the end, so the texts no
        # longer sit under their labels; one text per goal column, in the columns' order, is unambiguous.
        aligned = dict(zip(keys, texts, strict=True))
    found = False
    for key in ("goal_expected", "goal_actual"):
        cell = aligned.get(key)
        if cell is not None and not is_blank(cell):
            if key == "goal_expected" and st.goal_expected is None:
                st.goal_expected = raw_text(cell)
            elif key == "goal_actual" and st.goal_actual is None:
                if st.form_type == "target":
                    continue  # a target table states no actual: the text stays a residual
                st.goal_actual = raw_text(cell)
            ledger.place(cell)
            found = True
    if found:
        st.goal_header = None
    return found
