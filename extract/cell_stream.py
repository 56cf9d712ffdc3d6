"""A stream of cells → the form's rows, by the vocabulary rather than by the delimiters.

The rows built here are what the TAB grammar would have given: a header row names its columns
(``项目资金（万元） | 年初预算数 | …``), a fund line's label is followed by one cell per header column, an
indicator row has one cell per indicator column (一级/二级指标 blank when inherited), ``总分`` closes the
form. So the form reader
(``extract.forms``) reads them unchanged. Cells the grammar does not claim become paragraphs (residual text,
or header lines the form reader understands: ``填报单位：…``, ``（2022年度）``).

Row ids (``Token.row``) are used where a shape has them (pipes, PDF columns): a row label then claims only
its own row's cells. Without them (one cell per line or paragraph, a whole form flattened) a row claims as
many cells as its template has slots, and an optional trailing cell (偏差原因) only when the cells after it do
not read as the next indicator.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.extract.breakdown_cells import DEFAULT_ORDER, basis_header, columned_parts, part_key, read_parts
from jixiao.extract.cell_kinds import Token, goal_key
from jixiao.extract.cell_prepare import cells_after, prepare
from jixiao.extract.fund_cells import read_fund_figures, read_fund_line
from jixiao.extract.goal_cells import read_goals
from jixiao.extract.grammar_rows import GrammarRows
from jixiao.extract.header_cells import header_run, score_total_at
from jixiao.extract.indicator_cells import read_indicator
from jixiao.extract.labels import clean_label, match_label, strip_annotations
from jixiao.extract.layout import Block, Paragraph
from jixiao.extract.marked_cells import (
    by_columns,
    off_column,
    subheader_parent,
)
from jixiao.extract.typed_cells import read_typed_row
from jixiao.extract.white_space import SPACE
from jixiao.schemas.labels import (
    FUND_COLUMNS,
    FUND_LINES,
    FUND_MONEY_KEYS,
    INDICATOR_COLUMNS,
    SCORE_TOTAL_LABELS,
)

_GROUP_POINTS = re.compile(rf"[0-9]{SPACE}*分")  # a 一级指标's weight written beside it
_BLOCK_POINTS = re.compile(rf"[(（]{SPACE}*([0-9]+){SPACE}*分{SPACE}*[)）]")  # 预算执行情况（10分）
_FUND_MONEY = frozenset(FUND_MONEY_KEYS)
_FIGURE_CELL = re.compile(r"^[0-9][0-9.,]*%?$")  # one figure, as a label and figure pair writes it
_LEVEL_KEYS = ("level1", "level2", "level3")
_ASSESSED = frozenset(("actual", "weight", "score"))
_VALUE_KEYS = frozenset(("target", "actual", "weight", "score"))  # an indicator row's values
_PART_KINDS = frozenset(("part", "fund_line", "header"))  # what a breakdown's cell may classify as


class _Grammar(GrammarRows):
    """Reads the cells in order and has :class:`GrammarRows` write the rows they make."""

    # --- reading ------------------------------------------------------------------------------------
    def run(self) -> list[Block]:
        i = 0
        while i < len(self.toks):
            i = self.step(i)
        self.flush_corner()
        self.close_table()
        return self.blocks

    def step(self, i: int) -> int:
        tok, kind = self.toks[i], self.kinds[i]
        if kind == "empty":
            if tok.text.strip():  # a lone mark (。 .) no row took: kept beside the table, as a page number is
                self.aside.append(Paragraph(tok.text, tok.location))
            return i + 1
        bare, self.bare_line = self.bare_line, False
        if bare and kind == "value" and self.fund_keys is not None:
            return self.bare_fund_line(i)
        if kind == "chrome":  # a page break inside the form: the rows go on across it
            self.aside.append(Paragraph(tok.text, tok.location))
            return i + 1
        if kind in ("corner", "unit"):
            self.flush_corner()
            if self.fund_keys is not None:
                self.row([tok], tok)  # a unit under the header (a PDF's corner cell, centred): the block's
                return i + 1
            self.corner = tok
            if m := _BLOCK_POINTS.search(tok.text):
                self.points = m.group(1)  # 预算执行情况（10分）: the money block's 分值, the total line's
            return i + 1
        if kind in ("fund_col", "ind_col", "goal"):
            done = self.header(i)
            if done:
                return done
            if score_total_at(self.toks, self.kinds, i):
                return self.total(i)  # "自评得分 93": a column's name, here the label of the form's score
        self.flush_corner()
        if kind == "basis" or (kind in _PART_KINDS and part_key(tok, kind, self.bases is not None)):
            done = self.breakdown(i)
            if done:
                return done
        self.bases = None  # a cell that is no part of it closes the breakdown
        if kind in ("title", "attachment"):
            self.fund_keys = self.ind_keys = None
            self.scored, self.points = False, None
            self.para(tok)
            return i + 1
        if kind == "header":
            nxt = i + 1
            if (
                nxt < len(self.toks)
                and self.kinds[nxt] in ("text", "value")
                and self.toks[nxt].row == tok.row
            ):
                self.row([tok, self.toks[nxt]], tok)
                return i + 2
            self.row([tok], tok)
            return i + 1
        if kind == "goal" or (kind == "ind_col" and goal_key(tok.text)):
            return self.goals(i)
        if kind == "fund_line" and self.fund_keys is not None:
            return self.fund_line(i)
        if kind == "total":
            if self.fund_keys is not None and self.money_sum(i):
                return self.fund_line(i)  # the money block's own total line (the form reader checks it)
            return self.total(i)
        if self.ind_keys is not None:
            if kind == "level1" and not (
                clean_label(tok.text).startswith("成本")
                and self.last_level1 == "产出指标"
                and not _GROUP_POINTS.search(tok.text)  # "成本指标（20分）" weighs a group: a 一级指标
            ):
                self.level1, self.level2, self.lost = tok, None, False
                self.last_level1 = strip_annotations(clean_label(tok.text))  # "产出指标（50分）" too
                return i + 1
            if kind in ("level1", "level2"):
                self.level2, self.lost = tok, False
                return i + 1
            if self.scrambled:
                pass  # the header's columns cannot be told: no row is placed under them
            elif kind in ("text", "value") and not self.lost:
                done = self.indicator(i) or self.by_columns(i)
                if done:
                    return done
                # Without row marks, the cells after a row that did not read cannot be told to start
                # the next one: none is read as an indicator until a 一级/二级指标 label sets the place.
                self.lost = tok.row < 0
            elif kind != "empty" and tok.row >= 0:
                done = self.by_columns(i)  # 预算执行率 as a 三级指标
                if done:
                    return done
        self.para(tok)
        return i + 1

    def breakdown(self, i: int) -> int:
        """The 按收入/支出性质分 lines from ``i`` (with their header line, if written); 0 when none is."""
        start = i
        if self.kinds[i] == "basis" and (end := columned_parts(self.toks, self.kinds, i)):
            for j in range(i, end):
                if self.kinds[j] != "empty":
                    self.para(self.toks[j])  # kept as text: the contract names no column for its amounts
            self.fund_keys = None
            return end
        if self.kinds[i] == "basis":
            labels, order, i = basis_header(self.toks, self.kinds, i)
            self.row(labels, labels[0])
            self.bases = tuple(order)
        rows, end = read_parts(self.toks, self.kinds, i, self.bases or DEFAULT_ORDER)
        for cells in rows:
            self.row(cells, next(c for c in cells if c is not None))
        if rows:
            self.bases = self.bases or DEFAULT_ORDER
        return end if end > start else 0

    def header(self, i: int) -> int:
        # Where rows are marked a money column the contract has no field for (预算调整数) is kept in place.
        fund, end = header_run(self.toks, self.kinds, i, FUND_COLUMNS, gaps=self.toks[i].row >= 0)
        keys = [k for _, k in fund]
        # A run's tail is no header: "分值 执行率 得分 预算数 预算数 执行数" is a header wrapped onto a
        # second line, whose last labels name no column alone (their first halves are on the line above).
        inside = i > 0 and self.kinds[i - 1] == "fund_col"
        if not inside and len(set(keys)) >= 2 and _FUND_MONEY & set(keys) and len(set(keys)) == len(keys):
            corner = self.corner
            self.corner = None
            self.row([corner or Token("", fund[0][0].location, -1), *(t for t, _ in fund)], fund[0][0])
            self.fund_keys, self.ind_keys = keys, None
            self.bare_line = corner is not None
            at = self.toks[i]
            gap = i > 0 and at.row >= 0 and self.kinds[i - 1] == "empty" and self.toks[i - 1].row == at.row
            self.fund_gap = None if gap else False
            return end
        ind, end = header_run(self.toks, self.kinds, i, INDICATOR_COLUMNS, gaps=True)
        keys = [k for _, k in ind]
        # 一级/二级/三级指标, or 指标名称 alone with the columns of an assessed row (重庆: 全年完成值,
        # 指标权重, 指标得分): a 绩效目标表's 指标名称 | 指标值 is no self-evaluation.
        named = "level3" in keys and len(_ASSESSED & set(keys)) >= 2
        if (sum(k in _LEVEL_KEYS for k in keys) >= 2 or named) and len(set(keys)) == len(keys):
            self.flush_corner()
            self.row([t for t, _ in ind], ind[0][0])
            self.ind_keys, self.fund_keys = keys, None
            self.level1 = self.level2 = None
            self.ind_header, self.ind_heads = self.rows[-1], [t for t, _ in ind]
            self.lost = False
            self.scrambled = not _in_order(keys)
            return end
        return self.subheader(ind, end) or self.money_pairs(i)

    def subheader(self, run: list[tuple[Token, str]], end: int) -> int:
        """指标性质 | 指标值 | 度量单位 in the marked row under 年度指标值: the parent's columns named again,
        written as a text export shows them (a blank under every other column); 0 when it is no such row."""
        fresh = self.ind_keys is not None and bool(self.rows) and self.rows[-1] is self.ind_header
        at = (
            subheader_parent([k for _, k in run], self.ind_keys or [])
            if fresh and run[0][0].row >= 0
            else None
        )
        if at is None or self.ind_keys is None:
            return 0
        labels = [t for t, _ in run]
        self.row([*([None] * at), *labels, *([None] * (len(self.ind_keys) - at - 1))], labels[0])
        self.ind_keys = [*self.ind_keys[:at], *(k for _, k in run), *self.ind_keys[at + 1 :]]
        self.ind_heads = [*self.ind_heads[:at], *labels, *self.ind_heads[at + 1 :]]
        self.ind_header = self.rows[-1]
        return end

    def money_pairs(self, i: int) -> int:
        """``全年预算数 | 38 | 全年执行数 | 36.1 | 执行率 | 95%``: the money written as label and figure
        pairs (older county forms), one row for the form reader's ``read_inline_money``; 0 when the cells
        from ``i`` are not two such pairs or more."""
        cells: list[Token] = []
        keys: set[str] = set()
        j, row = i, self.toks[i].row
        while j + 1 < len(self.toks) and self.kinds[j] == "fund_col" and self.toks[j + 1].row == row:
            m = match_label(self.toks[j].text, FUND_COLUMNS, fuzzy=False)
            if m is None or m.key in keys or not _FIGURE_CELL.match(clean_label(self.toks[j + 1].text)):
                break
            keys.add(m.key)
            cells += [self.toks[j], self.toks[j + 1]]
            j += 2
        if len(keys & _FUND_MONEY) < 2:
            return 0
        corner = self.corner
        self.corner = None
        self.row([corner or Token("", cells[0].location, -1), *cells], cells[0])
        self.fund_keys = self.ind_keys = None
        return j

    def fund_line(self, i: int) -> int:
        assert self.fund_keys is not None
        label = self.toks[i]
        line = match_label(label.text, FUND_LINES, fuzzy=False)
        points = self.points if line is not None and line.key == "total" else None
        placed, filled, end = read_fund_line(self.toks, self.kinds, i, self.fund_keys, points, self.fund_gap)
        if placed is None:
            self.unplaced(label, filled)
        else:
            self.row([label, *placed], label)
        if self.fund_gap is None:
            self.fund_gap = _learn_gap([self.toks[j].text for j in range(i + 1, end)], len(self.fund_keys))
        return end

    def bare_fund_line(self, i: int) -> int:
        """Figures with no line label under the money header (see ``bare_line``): a row with a blank label."""
        assert self.fund_keys is not None
        tok = self.toks[i]
        placed, filled, end = read_fund_figures(self.toks, self.kinds, i, tok.row, self.fund_keys)
        label = Token("", tok.location, tok.row)
        if placed is None:
            self.unplaced(label, filled)
        else:
            self.row([label, *placed], tok)
        return end

    def money_sum(self, i: int) -> bool:
        """``合计`` under the money header with more figures after it than a 总分 row holds (two)."""
        tok = self.toks[i]
        if strip_annotations(clean_label(tok.text)) not in ("合计", "总计"):
            return False
        after = cells_after(
            self.toks, self.kinds, i + 1, tok.row, ("value", "empty"), -1 if tok.row >= 0 else 8
        )
        return sum(self.kinds[j] == "value" for j in after) >= 3

    def total(self, i: int) -> int:
        tok = self.toks[i]
        # Where rows are marked the row bounds the figures (its empty cells may be many: a PDF's columns).
        limit = -1 if tok.row >= 0 else 8
        after = cells_after(self.toks, self.kinds, i + 1, tok.row, ("value", "empty"), limit)
        idx = [j for j in after if self.kinds[j] == "value"]
        idx = idx[:2]
        if idx and strip_annotations(clean_label(tok.text)) in SCORE_TOTAL_LABELS:
            self.scored = True  # "自评总分（分） | 96.74": the form's score is written, so each row's is
        self.row([tok, *(self.toks[j] for j in idx)], tok)
        self.ind_keys = self.fund_keys = None
        return (idx[-1] if idx else i) + 1

    def goals(self, i: int) -> int:
        rows, anchor, end, strays = read_goals(self.toks, self.kinds, i)
        for cells in rows:
            self.row(cells, anchor)
        self.aside += [Paragraph(t.text, t.location) for t in strays]  # under no goal label: kept
        return end

    def indicator(self, i: int) -> int:
        """One indicator row from token ``i`` (its 三级指标), under the 一级/二级指标 carried over; 0 when
        the cells do not read as one (``extract.indicator_cells``)."""
        assert self.ind_keys is not None
        tok = self.toks[i]
        anchored = tok.row >= 0 and self.level2 is not None and self.level2.row == tok.row
        read = read_indicator(self.toks, self.kinds, i, self.ind_keys, anchored)
        if read is not None and off_column(read[0], self.ind_keys, self.ind_heads):
            read = None  # its 三级指标 lies under another column (rows marked and boxed)
        if read is None:
            self.unsure_name = False
            # Its empty cells dropped: read by what each column holds (extract.typed_cells), or named only.
            slots = [k for k in self.ind_keys if k not in _LEVEL_KEYS[:2]]
            if typed := read_typed_row(self.toks, self.kinds, i, slots, self.scored):
                self.indicator_row(i, typed[0], typed[1])
                return typed[2]
            return self.named_only(i)
        placed, end, unsure = read
        raw: list[Token] = []
        if self.unsure_name and "level3" in placed:
            # The row before ended where this name may or may not have begun: kept raw, no name.
            raw = [placed.pop("level3")]
        self.unsure_name = unsure
        self.indicator_row(i, placed, raw)
        return end

    def named_only(self, i: int) -> int:
        """Without row marks, a row right after its 二级指标 label and cut short by the next 一级/二级指标 or
        总分 label (a blank template's ``指标1： | ≥**人``, its empty cells dropped): its first cell is the
        三级指标 and the rest, which no column can be told to own, is kept raw outside every column.
        0 when the row is not such a row."""
        assert self.ind_keys is not None
        if self.toks[i].row >= 0 or "level3" not in self.ind_keys or self.level2 is None:
            return 0  # only right after a 二级指标 label is a cell certainly a 三级指标
        j = i + 1
        while j < len(self.toks) and self.kinds[j] in ("text", "value", "empty"):
            j += 1
        rest = [self.toks[k] for k in range(i + 1, j) if self.kinds[k] != "empty"]
        slots = len([k for k in self.ind_keys if k not in ("level1", "level2")])
        cut_by = self.kinds[j] if j < len(self.toks) else ""
        if cut_by not in ("level1", "level2", "total") or len(rest) >= slots - 1:
            return 0
        self.indicator_row(i, {"level3": self.toks[i]}, rest)
        return j

    def by_columns(self, i: int) -> int:
        """The indicator row of ``i`` read by its cells' places where the vocabulary cannot read it (a
        rubric's own 一级指标, rows marked and boxed: ``extract.marked_cells``); 0 when it is not one."""
        assert self.ind_keys is not None
        read = by_columns(self.toks, self.kinds, i, self.ind_keys, self.ind_heads)
        if read is None:
            return 0
        self.level1 = self.level2 = None
        self.row(read[0], self.toks[i])
        return read[1]


def _in_order(keys: Sequence[str]) -> bool:
    """An indicator header names its levels before the values: 实际完成值 | 分值 | … | 一级指标 is two header
    rows run together (a page's merged cells), whose columns cannot be told."""
    first_value = next((n for n, k in enumerate(keys) if k in _VALUE_KEYS), len(keys))
    return not any(k in _LEVEL_KEYS for k in keys[first_value:])


def build_blocks(tokens: Sequence[Token]) -> list[Block]:
    """Rows and paragraphs for a stream of cells (see the module notes)."""
    toks, kinds = prepare(tokens)
    return _Grammar(toks, kinds).run()


def _learn_gap(cells: list[str], n: int) -> bool | None:
    """Whether a money line shows its block's rows writing a blank after their label: one cell more than
    the columns, a blank first and a figure last (``年度资金总额 |  | 43.2 | … | 9``) says so; as many as the
    columns with a figure first says not (padding after the last column aside); anything else says nothing."""
    cells = list(cells)
    while len(cells) > n + 1 or (len(cells) > n and not clean_label(cells[-1])):
        if clean_label(cells[-1]):
            return None
        cells.pop()  # padding after the last column (a pipe row's trailing bars)
    if len(cells) == n + 1 and not clean_label(cells[0]) and clean_label(cells[-1]):
        return True
    if len(cells) == n and clean_label(cells[0]):
        return False
    return None


__all__ = ["build_blocks"]
