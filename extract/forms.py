"""One form's blocks → ``RawForm``: header fields, money block, breakdown, goals, indicators, 总分.

Rows are classified by their label cells (matched against ``schemas.labels``), never by position in the
file, so other templates' column orders work. A data row's value cells are aligned to the block's header
row by grid column (Word, xlsx, html keep spans), falling back to right-alignment when a text export lost
the merges and the row has fewer cells than its header.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, compress, pairwise
from operator import attrgetter

from jixiao.extract.form_fields import (
    YEAR,
    YEAR_SPAN,
    note_year_span,
    read_header_fields,
    read_header_paragraph,
)
from jixiao.extract.form_goals import read_goals
from jixiao.extract.form_header import (
    is_subheader,
    loose_columns,
    read_header,
    refine_header,
)
from jixiao.extract.form_hits import FORM_NAMES, RowHits, cell_hits, row_hits
from jixiao.extract.form_indicators import is_blank, raw_text, read_indicator
from jixiao.extract.form_ledger import Ledger
from jixiao.extract.form_money import (
    money_sum_row,
    money_unit,
    read_breakdown,
    read_fund_line,
    read_fund_subheader,
    read_inline_money,
    read_unheaded_breakdown,
)
from jixiao.extract.form_state import FIGURE, UNIT_LINE, FormState, place_all, unit_in, units_in
from jixiao.extract.form_total import one_figure_after, read_total
from jixiao.extract.form_unread import unread_money
from jixiao.extract.fund_short_lines import settle_short_lines
from jixiao.extract.labels import clean_label, match_label, strip_annotations
from jixiao.extract.layout import Block, Cell, Location, Paragraph, Row, Table
from jixiao.extract.records import RawAnomaly, RawForm, RawText
from jixiao.schemas.labels import (
    BREAKDOWN_BASIS,
    FUND_COLUMNS,
    FUND_CORNERS,
    FUND_MONEY_KEYS,
    GOAL_LABELS,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
)

_INDICATOR_LEVEL_KEYS = ("level1", "level2", "level3")
_COL_SPAN, _ROW_SPAN, _GRID_COL = attrgetter("col_span"), attrgetter("row_span"), attrgetter("grid_col")
_ROWS, _CELLS, _TEXT = attrgetter("rows"), attrgetter("cells"), attrgetter("text")


def _row_label(row: Row) -> Cell | None:
    # The first cell not ``is_blank`` (each cell cleaned only until it is found: ``map`` is lazy).
    return next(compress(row.cells, map(clean_label, map(_TEXT, row.cells))), None)


def parse_forms(
    blocks: Sequence[Block], *, form_type: str, attachment: str | None, title: RawText | None, ledger: Ledger
) -> list[RawForm]:
    """Read the forms of a segment's blocks: one, or several when one title heads several project tables
    (each opened by its own 项目名称 row); none when no table holds anything form-like.

    The blocks are read once on trial (its placements undone unless it stands); only when a second form
    opens are they cut before it (with the header rows and lines just above it, which are the next
    form's) and read again.
    """
    tables = [b for b in blocks if isinstance(b, Table)]
    if not tables:
        return []
    cells = list(chain.from_iterable(map(_CELLS, chain.from_iterable(map(_ROWS, tables)))))
    exact_grid = max(map(_COL_SPAN, cells), default=1) > 1 or max(map(_ROW_SPAN, cells), default=1) > 1
    form_of = _FormOf(form_type, attachment, title, exact_grid)
    mark = ledger.mark()
    forms, found = _read_forms(blocks, form_of, ledger, None, split=True)
    if not any(map(_holds_anything, forms)):
        ledger.undo(mark)
        return []  # a title and a header row with nothing under them: a table of contents' line
    if not found:
        return forms
    ledger.undo(mark)
    # A 项目名称 row over a table of no money and no indicators (a list of sub-projects) opens no form.
    splits = [at for at, opened in zip(found, forms[1:], strict=False) if opened.funds or opened.indicators]
    out: list[RawForm] = []
    year: RawText | None = None
    for chunk in _cut(blocks, splits):
        read, _ = _read_forms(chunk, form_of, ledger, year, split=False)
        out += read
        year = year or next((f.year for f in read if f.year is not None), None)
    return out


def _holds_anything(form: RawForm) -> bool:
    """Whether a form read any field: a name, a money line, a goal, an indicator or a 总分."""
    parts = (form.header, form.funds, form.breakdown, form.indicators)
    return any(parts) or any(
        x is not None for x in (form.goal_expected, form.goal_actual, form.total_weight, form.total_score)
    )


@dataclass(frozen=True, slots=True)
class _FormOf:
    """What every form of a segment shares."""

    form_type: str
    attachment: str | None
    title: RawText | None
    exact_grid: bool


def _read_forms(
    blocks: Sequence[Block], of: _FormOf, ledger: Ledger, year: RawText | None, *, split: bool
) -> tuple[list[RawForm], list[tuple[int, int]]]:
    """The forms of the blocks, and (with ``split``) where each form after the first opens: (block, row)."""
    st = _fresh_state(of.form_type, of.title)
    # A form's unit is written above its table or in it: a unit line below the last table is not its own.
    last_table = max(n for n, b in enumerate(blocks) if isinstance(b, Table))
    for n, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            read_header_paragraph(block, st, ledger, unit_here=n < last_table)
    st.year = st.year or year  # one title's year line covers every form under it
    forms: list[RawForm] = []
    splits: list[tuple[int, int]] = []
    found_any = basis_seen = False
    start = next(b for b in blocks if isinstance(b, Table)).location
    for b, block in enumerate(blocks):
        for n, row in enumerate(block.rows if isinstance(block, Table) else ()):
            hits = row_hits(row)
            basis_seen = basis_seen or hits.basis
            if split and found_any and hits.names_form and _opens_next_form(row, st):
                settle_short_lines(st, ledger)
                forms.append(_raw_form(st, of, start))
                splits.append((b, n))
                st = _fresh_state(of.form_type, of.title)
                st.year = forms[-1].year
                found_any, start = False, row.location
            found_any |= _read_row(row, hits, st, ledger, of.exact_grid)
    if found_any:
        if not splits:
            st.anomalies += unread_money(blocks, st.form_type, bool(st.funds), basis_in_rows=basis_seen)
        settle_short_lines(st, ledger)
        forms.append(_raw_form(st, of, start))
    return forms, splits


def _cut(blocks: Sequence[Block], splits: list[tuple[int, int]]) -> list[list[Block]]:
    """The blocks cut before each form that opens at (block, row), with the header rows (填报单位,
    主管部门 …) and lines (its year) right above it, which are that form's."""
    cuts: list[tuple[int, int]] = []
    for b, n in splits:
        table = blocks[b]
        assert isinstance(table, Table)
        while n > 0 and _is_header_row(table.rows[n - 1]):
            n -= 1
        while n == 0 and b > 0 and isinstance(blocks[b - 1], Paragraph):
            b -= 1  # (cut before the paragraphs: a table's row 0 then stands for the block itself)
        cuts.append((b, n))
    chunks: list[list[Block]] = [[]]
    for b, block in enumerate(blocks):
        at = sorted(n for cb, n in cuts if cb == b)
        if not isinstance(block, Table):
            if at:
                chunks.append([])
            chunks[-1].append(block)
            continue
        edges = [0, *at, len(block.rows)]
        for k, (lo, hi) in enumerate(pairwise(edges)):
            if k > 0:
                chunks.append([])
            if hi > lo:
                chunks[-1].append(Table(block.rows[lo:hi], block.rows[lo].location if lo else block.location))
    return [c for c in chunks if any(isinstance(x, Table) for x in c)]


def _is_header_row(row: Row) -> bool:
    first = next((c for c in row.cells if not is_blank(c)), None)
    return first is not None and match_label(first.text, HEADER_FIELDS, fuzzy=False) is not None


def _fresh_state(form_type: str, title: RawText | None) -> FormState:
    st = FormState(form_type=form_type)
    if title is not None:
        y = YEAR.search(title.text)
        if y:
            st.year = RawText(y.group(1), title.location)
        elif span := YEAR_SPAN.search(title.text):
            note_year_span(st, title, span.group())
        st.paragraph_unit = unit_in(title.text)
    return st


def _raw_form(st: FormState, of: _FormOf, start: Location) -> RawForm:
    return RawForm(
        form_type=st.form_type,
        attachment=of.attachment,
        title=of.title,
        header=st.header,
        year=st.year,
        funds=tuple(st.funds),
        breakdown=tuple(st.breakdown),
        goal_expected=st.goal_expected,
        goal_actual=st.goal_actual,
        indicators=tuple(st.indicators.indicators),
        total_weight=st.total_weight,
        total_score=st.total_score,
        location=start,
        anomalies=tuple(st.anomalies),
    )


def _opens_next_form(row: Row, st: FormState) -> bool:
    """A row naming another project (or unit) than the form's, after the form's money or indicators: the
    next form's table, under the same title (several projects submitted as one table each). Asked of the
    rows a cell of which names a project or unit (``RowHits.names_form``)."""
    if not (st.funds or st.indicators.indicators):
        return False
    if not any(name in st.header for name in FORM_NAMES):
        return False  # the form names neither: no row can name another
    cells = [c for c in row.cells if not is_blank(c)]
    for i, cell in enumerate(cells[:-1]):
        key = None if cell.text.isascii() else cell_hits(cell.text).header
        if key is None or key not in FORM_NAMES or key not in st.header:
            continue
        name = clean_label(cells[i + 1].text)
        if match_label(cells[i + 1].text, HEADER_FIELDS, fuzzy=False) or FIGURE.match(name):
            continue
        return name != clean_label(st.header[key].text)
    return False


def _read_row(row: Row, hits: RowHits, st: FormState, ledger: Ledger, exact_grid: bool) -> bool:
    """Classify one row and record what it holds. True when the row was understood."""
    label = _row_label(row)
    fresh, st.indicator_fresh = st.indicator_fresh, False
    goal_fresh, st.goal_fresh = st.goal_fresh, False
    fund_fresh, st.fund_fresh = st.fund_fresh, False
    if label is None:
        return False
    if fund_fresh and read_fund_subheader(row, st, ledger, exact_grid):
        return True
    # (a sub-header row is labels only: a row with no label cell is none, ``form_hits.row_hits``)
    above = st.indicator_header if fresh and hits.cells else None
    if above is not None and is_subheader(row, INDICATOR_COLUMNS, _INDICATOR_LEVEL_KEYS):
        st.indicator_header, labels = refine_header(above, row, INDICATOR_COLUMNS)
        place_all(ledger, labels)
        return True
    # A row of no label at all, nor a cell of inline fields (``单位名称：某局　填报日期：…``,
    # ``form_fields.read_header_fields``) is a data row: none of these can read it.
    if hits.cells or any(map(_inline_fields, row.cells)):
        read = _read_labelled_row(row, label, hits, st, ledger, exact_grid)
        if read is not None:
            return read
    unit = _block_unit(row, label, st)
    if unit is not None:  # the money block's unit in a cell of its own (PDF text), or a row above its header
        st.fund_unit = st.fund_unit or unit
        place_all(ledger, [c for c in row.cells if not is_blank(c)])
        return True
    # Data rows, by the block whose header came last.
    if st.indicator_header is not None:
        for cell in row.cells if min(map(_GRID_COL, row.cells)) < 0 else ():
            if cell.grid_col < 0 and not is_blank(cell):  # kept raw by the cell stream: no column owns it
                message = f"指标行的单元格（{cell.text}）无法确定各属哪一列，未取值"
                st.anomalies.append(RawAnomaly("indicator.unplaced_cells", message, raw_text(cell)))
        return read_indicator(row, st.indicator_header, st.indicators, ledger)
    if st.goal_header is not None:
        return read_goals(row, st, ledger, goal_fresh)
    # A breakdown may come before the money block's last lines: a row it does not read goes on.
    if st.basis_header is not None and read_breakdown(row, st, ledger):
        return True
    if read_unheaded_breakdown(row, st, ledger):
        return True
    if st.fund_header is not None:
        return read_fund_line(row, st, ledger)
    return False


def _read_labelled_row(
    row: Row, label: Cell, hits: RowHits, st: FormState, ledger: Ledger, exact_grid: bool
) -> bool | None:
    """A row with a label of some block: a 总分 row, a block's header, a goal or header-field row. True
    or False when it was one (understood or not), None when it is a data row after all."""
    # 总分 row: closes the indicator table. (A figure is no label: ``form_hits.row_hits``.)
    of_label = None if label.text.isascii() else cell_hits(label.text)
    if of_label is not None and of_label.total:
        if money_sum_row(row, label, st):
            return read_fund_line(row, st, ledger, sum_label=label)
        return read_total(row, label, st, ledger)
    score_total = of_label is not None and of_label.score_total
    if score_total and label is row.cells[0] and one_figure_after(row, label):
        return read_total(row, label, st, ledger)  # "自评得分 | 93" closing the form
    # Header rows of each block.
    if _is_indicator_header({h.indicator for h in hits.hits if h.indicator is not None}):
        st.indicator_header, labels = read_header(row, INDICATOR_COLUMNS, exact_grid)
        st.goal_header = None  # a new block's header closes a goal block left open
        st.indicator_fresh = True  # the next row may be a second header row under merged parents
        place_all(ledger, labels, [c for c in row.cells if not is_blank(c)])
        return True
    if len({h.fund for h in hits.hits}.intersection(FUND_MONEY_KEYS)) >= 2:
        if hits.basis:
            # 按收入性质分 | 年初预算数 | …: a breakdown in money columns (no place for them in the contract).
            # Its lines stay residual text (extract.form_unread says so); none is read as a money line.
            st.fund_header = st.basis_header = None
            return False
        if read_inline_money(row, st, ledger):
            return True
        st.fund_header, labels = read_header(row, FUND_COLUMNS, exact_grid)
        st.fund_header_row, st.fund_fresh = row, True
        st.fund_loose = loose_columns(st.fund_header, row)
        st.goal_header = None
        st.fund_lines_read = 0
        mapped = set(map(id, labels))
        st.fund_corner = next((c for c in row.cells if not is_blank(c) and id(c) not in mapped), None)
        # The header's unit; two different ones (项目资金（万元）（元）, or 年初预算数（万元） beside
        # 全年执行数（元）) are none, reported once (``form_money.money_unit``), never the last one silently.
        units = list(dict.fromkeys(u for c in row.cells for u in units_in(c.text)))
        if len(units) > 1:
            money_unit(st, st.fund_corner or row.cells[0], *units)
        elif units:
            st.fund_unit = units[0]
        place_all(ledger, labels, [c for c in row.cells if not is_blank(c)])
        return True
    if hits.basis:
        st.basis_header, labels = read_header(row, BREAKDOWN_BASIS, exact_grid)
        place_all(ledger, labels, [])
        return True
    goal_cells = {h.goal: c for c, h in zip(hits.cells, hits.hits, strict=True) if h.goal is not None}
    # A goal header holds no figure: "实际完成率 | 10 | 10" is an indicator (实际完成 only fuzzily).
    if ("goal_expected" in goal_cells or "goal_actual" in goal_cells) and not _has_figure(row):
        st.goal_header, _ = read_header(row, GOAL_LABELS, exact_grid)
        st.goal_fresh = True
        place_all(ledger, list(goal_cells.values()), [])
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
        if len(goal_cells) > 1:
            # 项目绩效目标 | 长期目标 | 年度目标: a heading row (the goals are below, one a column); its
            # other text is the block's own label, never a goal.
            texts = []
        if texts:
            st.goal_expected = raw_text(texts[0])
            ledger.place(texts[0])
        if len(texts) > 1 and st.form_type != "target":  # a target table states no actual (长期 | 年度目标)
            st.goal_actual = raw_text(texts[1])
            ledger.place(texts[1])
        return True
    if read_header_fields(row, st, ledger):
        return True
    return None


def _inline_fields(cell: Cell) -> bool:
    """Whether a cell may write header fields inline (a worded text with a colon)."""
    return ("：" in cell.text or ":" in cell.text) and not cell.text.isascii()


def _has_figure(row: Row) -> bool:
    return any(c.text.isascii() and FIGURE.match(clean_label(c.text)) for c in row.cells if not is_blank(c))


def _block_unit(row: Row, label: Cell, st: FormState) -> str | None:
    """The money block's unit a row names on its own: below the money header a cell of its own (PDF
    text); above it a row of the block's corners or unit line alone (``资金情况（万元）``, or
    ``项目资金（万元） | 预算执行情况`` over a header with a blank corner), when they name one unit."""
    if st.fund_header is not None:  # (a row of one cell, not blank: its label)
        return unit_in(label.text) if len(row.cells) == 1 else None
    filled = [c for c in row.cells if not is_blank(c)]
    corners = all(
        strip_annotations(clean_label(c.text)) in FUND_CORNERS or UNIT_LINE.match(c.text) for c in filled
    )
    units = {u for c in filled if (u := unit_in(c.text)) is not None} if filled and corners else set()
    return units.pop() if len(units) == 1 else None


def _is_indicator_header(found: set[str]) -> bool:
    """Two of 一级/二级/三级指标; or a table without levels (重庆's 指标名称 | … | 全年完成值 | 指标权重 |
    指标得分): the indicator's name with two of its value columns (``found``: the row's column keys)."""
    if len(found.intersection(_INDICATOR_LEVEL_KEYS)) >= 2:
        return True
    return "level3" in found and len(found & {"target", "actual", "weight", "score"}) >= 2
