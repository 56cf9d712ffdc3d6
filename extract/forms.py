"""One form's blocks → ``RawForm``: header fields, money block, breakdown, goals, indicators, 总分.

Rows are classified by their label cells (matched against ``schemas.labels``), never by position in the
file, so other templates' column orders work. A data row's value cells are aligned to the block's header
row by grid column (Word, xlsx, html keep spans), falling back to right-alignment when a text export lost
the merges and the row has fewer cells than its header.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex
from jixiao.extract.form_header import is_subheader, read_header, refine_header
from jixiao.extract.form_indicators import is_blank, raw_text, read_indicator
from jixiao.extract.form_ledger import Ledger
from jixiao.extract.form_money import (
    read_breakdown,
    read_fund_line,
    read_inline_money,
    read_unheaded_breakdown,
)
from jixiao.extract.form_state import FIGURE, UNIT_LINE, FormState, place_all, unit_in
from jixiao.extract.labels import clean_label, match_label, strip_annotations
from jixiao.extract.layout import Block, Cell, Paragraph, Row, Table
from jixiao.extract.records import RawForm, RawText
from jixiao.schemas.labels import (
    BREAKDOWN_BASIS,
    FUND_COLUMNS,
    FUND_MONEY_KEYS,
    GOAL_LABELS,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    SCORE_TOTAL_LABELS,
    TOTAL_ROW_LABELS,
)

_FILL_UNIT = regex.compile(
    r"""填\s*报\s*单\s*位\s*
    (?:[(（]\s*[盖蓋]\s*章\s*[)）])?\s*[:：]\s*  # "填报单位（盖章）：" (the seal's note before the colon)
    (?:[(（]\s*[盖蓋]\s*章\s*[)）])?\s*        # "（盖章）" placeholder
    (?P<unit>.*?)\s*
    (?:[(（]?\s*(?P<year>(?:19|20|１９|２０)[0-9０-９]{2})\s*年\s*度?\s*[)）]?)?\s*$""",
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
# "2023年度" in a title or header line; never the year of a date ("填报日期：2022年3月10日" is when the
# form was filled, mostly the year after the one it evaluates).
_YEAR = regex.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年(?!\s*[0-9０-９]{1,2}\s*月)")
_INDICATOR_LEVEL_KEYS = ("level1", "level2", "level3")
# "项目名称：X" on a line of its own, one pattern per wording, in the vocabulary's order (compiled once).
_HEADER_FIELD_LINES = tuple(
    (key, regex.compile(rf"^\s*{regex.escape(v)}\s*[:：]\s*(.+?)\s*$"))
    for key, variants in HEADER_FIELDS.items()
    for v in variants
)


def _worded(row: Row) -> list[Cell]:
    """The cells a vocabulary may match. Every wording of ``schemas.labels`` holds Chinese, and an ASCII
    text (a figure, a percentage, a date) is too far from any of them to match even fuzzily (checked in
    ``tests/test_labels.py``): a row's figures need not be asked about every vocabulary."""
    return [c for c in row.cells if not c.text.isascii()]


@dataclass(frozen=True, slots=True)
class _Hits:
    """What one cell text is to each vocabulary a row is classified by (exact, but the goals fuzzy, as
    their reader matches them)."""

    indicator: str | None  # an INDICATOR_COLUMNS key
    fund: str | None  # a FUND_COLUMNS key
    basis: bool  # a BREAKDOWN_BASIS wording
    goal: str | None  # a GOAL_LABELS key
    header: str | None  # a HEADER_FIELDS key
    score_total: bool  # 自评得分, 自评总分 …: the form's score among the header fields


@lru_cache(maxsize=1 << 16)  # every row asks all of them of every worded cell: once per distinct text
def _hits(text: str) -> _Hits:
    def key(vocab: dict[str, tuple[str, ...]], fuzzy: bool = False) -> str | None:
        m = match_label(text, vocab, fuzzy=fuzzy)
        return m.key if m is not None else None

    return _Hits(
        key(INDICATOR_COLUMNS),
        key(FUND_COLUMNS),
        key(BREAKDOWN_BASIS) is not None,
        key(GOAL_LABELS, True),
        key(HEADER_FIELDS),
        strip_annotations(clean_label(text)) in SCORE_TOTAL_LABELS,
    )


def _read_header_paragraph(p: Paragraph, st: FormState, ledger: Ledger, *, unit_here: bool) -> None:
    unit = unit_in(p.text) if unit_here else None
    if unit is not None:  # "（单位：万元）" above the table, or in the title line
        st.paragraph_unit = st.paragraph_unit or unit
        if UNIT_LINE.match(p.text):
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
    for key, pattern in _HEADER_FIELD_LINES if (":" in p.text or "：" in p.text) else ():
        head = pattern.match(p.text)
        if head and not FIGURE.match(clean_label(head.group(1))):  # "项目支出：60.15": a breakdown line
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
    st = FormState(form_type=form_type)
    if title is not None:
        y = _YEAR.search(title.text)
        if y:
            st.year = RawText(y.group(1), title.location)
        st.paragraph_unit = unit_in(title.text)
    # A form's unit is written above its table or in it: a unit line below the last table is not its own.
    last_table = max(n for n, b in enumerate(blocks) if isinstance(b, Table))
    for n, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            _read_header_paragraph(block, st, ledger, unit_here=n < last_table)
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


def _read_row(row: Row, st: FormState, ledger: Ledger, exact_grid: bool) -> bool:
    """Classify one row and record what it holds. True when the row was understood."""
    label = _row_label(row)
    fresh, st.indicator_fresh = st.indicator_fresh, False
    goal_fresh, st.goal_fresh = st.goal_fresh, False
    if label is None:
        return False
    if fresh and st.indicator_header and is_subheader(row, INDICATOR_COLUMNS, _INDICATOR_LEVEL_KEYS):
        st.indicator_header, labels = refine_header(st.indicator_header, row, INDICATOR_COLUMNS)
        place_all(ledger, labels)
        return True
    cleaned = strip_annotations(clean_label(label.text))
    worded = _worded(row)
    hits = [_hits(c.text) for c in worded]
    # 总分 row: closes the indicator table.
    if cleaned in TOTAL_ROW_LABELS or cleaned.startswith("总分"):
        return _read_total(row, label, st, ledger)
    if cleaned in SCORE_TOTAL_LABELS and label is row.cells[0] and _one_figure_after(row, label):
        return _read_total(row, label, st, ledger)  # "自评得分 | 93" closing the form
    # Header rows of each block.
    if _is_indicator_header({h.indicator for h in hits if h.indicator is not None}):
        st.indicator_header, labels = read_header(row, INDICATOR_COLUMNS, exact_grid)
        st.goal_header = None  # a new block's header closes a goal block left open
        st.indicator_fresh = True  # the next row may be a second header row under merged parents
        place_all(ledger, labels, [c for c in row.cells if not is_blank(c)])
        return True
    if len({h.fund for h in hits}.intersection(FUND_MONEY_KEYS)) >= 2:
        if read_inline_money(row, st, ledger):
            return True
        st.fund_header, labels = read_header(row, FUND_COLUMNS, exact_grid)
        st.goal_header = None
        st.fund_lines_read = 0
        mapped = set(map(id, labels))
        st.fund_corner = next((c for c in row.cells if not is_blank(c) and id(c) not in mapped), None)
        for c in row.cells:
            unit = unit_in(c.text)
            if unit:
                st.fund_unit = unit
        place_all(ledger, labels, [c for c in row.cells if not is_blank(c)])
        return True
    if any(h.basis for h in hits):
        st.basis_header, labels = read_header(row, BREAKDOWN_BASIS, exact_grid)
        place_all(ledger, labels, [])
        return True
    goal_cells = {h.goal: c for c, h in zip(worded, hits, strict=True) if h.goal is not None}
    if "goal_expected" in goal_cells or "goal_actual" in goal_cells:
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
    if _read_header_fields(row, st, ledger):
        return True
    unit = unit_in(label.text) if st.fund_header is not None and len(row.cells) == 1 else None
    if unit is not None:  # the money block's unit in a cell of its own, below the header (PDF text)
        st.fund_unit = st.fund_unit or unit
        ledger.place(label)
        return True
    # Data rows, by the block whose header came last.
    if st.indicator_header is not None:
        return read_indicator(row, st.indicator_header, st.indicators, ledger)
    if st.goal_header is not None:
        return _read_goals(row, st, ledger, goal_fresh)
    # A breakdown may come before the money block's last lines: a row it does not read goes on.
    if st.basis_header is not None and read_breakdown(row, st, ledger):
        return True
    if read_unheaded_breakdown(row, st, ledger):
        return True
    if st.fund_header is not None:
        return read_fund_line(row, st, ledger)
    return False


def _read_header_fields(row: Row, st: FormState, ledger: Ledger) -> bool:
    found = False
    cells = list(row.cells)
    for i, cell in enumerate(cells):
        if cell.text.isascii():
            continue  # a figure is no label (see _worded)
        hits = _hits(cell.text)
        if hits.score_total and i > 0:
            # "自评总分（分） | 96.74" among the header fields (重庆's 部门整体绩效自评表)
            score = next((c for c in cells[i + 1 :] if not is_blank(c)), None)
            if score is not None and st.total_score is None:
                st.total_score = raw_text(score)
                place_all(ledger, [cell, score])
            continue
        key = hits.header
        if key is None:
            continue
        found = True
        ledger.place(cell)
        for nxt in cells[i + 1 :]:
            if not nxt.text.isascii() and _hits(nxt.text).header is not None:
                break
            if not is_blank(nxt):
                if FIGURE.match(clean_label(nxt.text)):
                    break  # a name is never a bare figure ("项目支出 | 60.15" is a breakdown line)
                value = raw_text(nxt)
                if key == "fill_unit":
                    value = RawText(_fill_unit_name(nxt.text), nxt.location)
                st.header.setdefault(key, value)
                ledger.place(nxt)
                break
    return found


def _one_figure_after(row: Row, label: Cell) -> bool:
    values = [c for c in row.cells if c is not label and not is_blank(c)]
    return len(values) == 1 and bool(FIGURE.match(clean_label(values[0].text).removesuffix("分")))


_SEAL_AND_YEAR = regex.compile(
    r"""^[\s\u3000]*(?:[(（]\s*[盖蓋]\s*章\s*[)）])?[\s\u3000]*   # "（盖章）" placeholder
    (?P<unit>.*?)[\s\u3000|]*                                # the unit's name
    (?:[(（]?\s*(?:19|20|１９|２０)[0-9０-９]{2}\s*年\s*度?\s*[)）]?)?  # "（2022年度）" after it
    [\s\u3000|]*$""",
    regex.VERBOSE,
)


def _fill_unit_name(text: str) -> str:
    """A 填报单位 cell's name without the seal's placeholder and the year beside it.

    >>> _fill_unit_name("（盖章）某县档案馆　　　（2022年度） |")
    '某县档案馆'
    """
    m = _SEAL_AND_YEAR.match(text)
    return m.group("unit") if m and m.group("unit") else text


def _read_total(row: Row, label: Cell, st: FormState, ledger: Ledger) -> bool:
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


def _is_indicator_header(found: set[str]) -> bool:
    """Two of 一级/二级/三级指标; or a table without levels (重庆's 指标名称 | … | 全年完成值 | 指标权重 |
    指标得分): the indicator's name with two of its value columns (``found``: the row's column keys)."""
    if len(found.intersection(_INDICATOR_LEVEL_KEYS)) >= 2:
        return True
    return "level3" in found and len(found & {"target", "actual", "weight", "score"}) >= 2


def _read_goals(row: Row, st: FormState, ledger: Ledger, fresh: bool) -> bool:
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
