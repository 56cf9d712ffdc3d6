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

from collections.abc import Sequence

import regex
from jixiao.extract.breakdown_cells import DEFAULT_ORDER, basis_header, part_key, read_parts
from jixiao.extract.cell_kinds import Token, goal_key
from jixiao.extract.cell_prepare import cells_after, prepare, span
from jixiao.extract.fund_cells import read_fund_line
from jixiao.extract.goal_cells import read_goals
from jixiao.extract.indicator_cells import read_indicator
from jixiao.extract.labels import clean_label, match_label, strip_annotations
from jixiao.extract.layout import Block, Cell, Paragraph, Row, Table
from jixiao.schemas.labels import FUND_COLUMNS, FUND_MONEY_KEYS, INDICATOR_COLUMNS, SCORE_TOTAL_LABELS

_GROUP_POINTS = regex.compile(r"[0-9]\s*分")  # a 一级指标's weight written beside it
_FUND_MONEY = frozenset(FUND_MONEY_KEYS)
_LEVEL_KEYS = ("level1", "level2", "level3")
_PART_KINDS = frozenset(("part", "fund_line", "header"))  # what a breakdown's cell may classify as


class _Grammar:
    def __init__(self, tokens: list[Token], kinds: list[str]) -> None:
        self.toks = tokens
        self.kinds = kinds
        self.blocks: list[Block] = []
        self.rows: list[Row] = []
        self.fund_keys: list[str] | None = None
        self.ind_keys: list[str] | None = None
        self.corner: Token | None = None
        self.level1: Token | None = None
        self.level2: Token | None = None
        self.last_level1 = ""
        self.bases: tuple[str, ...] | None = None  # inside a breakdown: its columns' bases
        self.aside: list[Block] = []  # page numbers met inside the table, kept after it

    # --- output -------------------------------------------------------------------------------------
    def para(self, tok: Token) -> None:
        self.close_table()
        self.blocks.append(Paragraph(tok.text, tok.location))

    def row(self, cells: Sequence[Token | None], at: Token) -> None:
        built = tuple(
            Cell(t.text if t else "", t.location if t else at.location, grid_col=n)
            for n, t in enumerate(cells)
        )
        first = next((t for t in cells if t is not None), at)
        self.rows.append(Row(built, first.location))

    def close_table(self) -> None:
        if self.rows:
            self.blocks.append(Table(tuple(self.rows), self.rows[0].location))
            self.rows = []
        self.blocks += self.aside
        self.aside = []

    def flush_corner(self) -> None:
        if self.corner is not None:
            self.para(self.corner)
            self.corner = None

    # --- reading ------------------------------------------------------------------------------------
    def run(self) -> list[Block]:
        i = 0
        while i < len(self.toks):
            i = self.step(i)
        self.flush_corner()
        self.close_table()
        return self.blocks

    def _header_run(self, i: int, vocab: dict[str, tuple[str, ...]]) -> tuple[list[tuple[Token, str]], int]:
        run: list[tuple[Token, str]] = []
        while i < len(self.toks) and self.kinds[i] in ("fund_col", "ind_col", "goal", "empty", "text"):
            if self.kinds[i] == "empty":
                i += 1
                continue
            m = match_label(self.toks[i].text, vocab, fuzzy=False)
            if m is None:
                break
            run.append((self.toks[i], m.key))
            i += 1
        return run, i

    def step(self, i: int) -> int:
        tok, kind = self.toks[i], self.kinds[i]
        if kind == "empty":
            return i + 1
        if kind == "chrome":  # a page break inside the form: the rows go on across it
            self.aside.append(Paragraph(tok.text, tok.location))
            return i + 1
        if kind in ("corner", "unit"):
            self.flush_corner()
            if self.fund_keys is not None:
                self.row([tok], tok)  # a unit under the header (a PDF's corner cell, centred): the block's
                return i + 1
            self.corner = tok
            return i + 1
        if kind in ("fund_col", "ind_col", "goal"):
            done = self.header(i)
            if done:
                return done
            if self._score_total(i):
                return self.total(i)  # "自评得分 93": a column's name, here the label of the form's score
        self.flush_corner()
        if kind == "basis" or (kind in _PART_KINDS and part_key(tok, kind, self.bases is not None)):
            done = self.breakdown(i)
            if done:
                return done
        self.bases = None  # a cell that is no part of it closes the breakdown
        if kind in ("title", "attachment"):
            self.fund_keys = self.ind_keys = None
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
            return self.total(i)
        if self.ind_keys is not None:
            if kind == "level1" and not (
                clean_label(tok.text).startswith("成本")
                and self.last_level1 == "产出指标"
                and not _GROUP_POINTS.search(tok.text)  # "成本指标（20分）" weighs a group: a 一级指标
            ):
                self.level1, self.level2 = tok, None
                self.last_level1 = strip_annotations(clean_label(tok.text))  # "产出指标（50分）" too
                return i + 1
            if kind in ("level1", "level2"):
                self.level2 = tok
                return i + 1
            if kind in ("text", "value"):
                done = self.indicator(i)
                if done:
                    return done
        self.para(tok)
        return i + 1

    def breakdown(self, i: int) -> int:
        """The 按收入/支出性质分 lines from ``i`` (with their header line, if written); 0 when none is."""
        start = i
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
        fund, end = self._header_run(i, FUND_COLUMNS)
        keys = [k for _, k in fund]
        # A run's tail is no header: "分值 执行率 得分 预算数 预算数 执行数" is a header wrapped onto a
        # second line, whose last labels name no column alone (their first halves are on the line above).
        inside = i > 0 and self.kinds[i - 1] == "fund_col"
        if not inside and len(set(keys)) >= 2 and _FUND_MONEY & set(keys) and len(set(keys)) == len(keys):
            corner = self.corner
            self.corner = None
            self.row([corner or Token("", fund[0][0].location, -1), *(t for t, _ in fund)], fund[0][0])
            self.fund_keys, self.ind_keys = keys, None
            return end
        ind, end = self._header_run(i, INDICATOR_COLUMNS)
        keys = [k for _, k in ind]
        if sum(k in _LEVEL_KEYS for k in keys) >= 2 and len(set(keys)) == len(keys):
            self.flush_corner()
            self.row([t for t, _ in ind], ind[0][0])
            self.ind_keys, self.fund_keys = keys, None
            self.level1 = self.level2 = None
            return end
        return 0

    def fund_line(self, i: int) -> int:
        assert self.fund_keys is not None
        label = self.toks[i]
        placed, filled, end = read_fund_line(self.toks, self.kinds, i, self.fund_keys)
        if placed is None:
            self.unplaced(label, filled)
        else:
            self.row([label, *placed], label)
        return end

    def unplaced(self, label: Token, filled: list[Token]) -> None:
        """A fund line whose figures no column can be told to own: kept raw, outside every column."""
        assert self.fund_keys is not None
        self.row([label, *([None] * (len(self.fund_keys) - 1))], label)
        last = self.rows[-1]
        loc = span(filled[0].location, filled[-1].location)
        # grid_col -1 lies under no header column: the form reader flags it and places no value.
        raw = Cell(" ".join(t.text for t in filled), loc, grid_col=-1)
        self.rows[-1] = Row((*last.cells, raw), last.location)

    def _score_total(self, i: int) -> bool:
        """``自评得分`` (or 自评总分) with exactly one figure after it: the form's score, not a header."""
        if strip_annotations(clean_label(self.toks[i].text)) not in SCORE_TOTAL_LABELS:
            return False
        after = cells_after(self.toks, self.kinds, i + 1, self.toks[i].row, ("value", "empty"), 4)
        return sum(self.kinds[j] == "value" for j in after) == 1

    def total(self, i: int) -> int:
        tok = self.toks[i]
        after = cells_after(self.toks, self.kinds, i + 1, tok.row, ("value", "empty"), 8)
        idx = [j for j in after if self.kinds[j] == "value"]
        idx = idx[:2]
        self.row([tok, *(self.toks[j] for j in idx)], tok)
        self.ind_keys = self.fund_keys = None
        return (idx[-1] if idx else i) + 1

    def goals(self, i: int) -> int:
        rows, anchor, end = read_goals(self.toks, self.kinds, i)
        for cells in rows:
            self.row(cells, anchor)
        return end

    def indicator(self, i: int) -> int:
        """One indicator row from token ``i`` (its 三级指标), under the 一级/二级指标 carried over; 0 when
        the cells do not read as one (``extract.indicator_cells``)."""
        assert self.ind_keys is not None
        read = read_indicator(self.toks, self.kinds, i, self.ind_keys)
        if read is None:
            return 0
        placed, end = read
        cells: list[Token | None] = [None] * len(self.ind_keys)
        for key, token in (
            (self.ind_keys.index("level1") if "level1" in self.ind_keys else -1, self.level1),
            (self.ind_keys.index("level2") if "level2" in self.ind_keys else -1, self.level2),
        ):
            if key >= 0 and token is not None:
                cells[key] = token
        self.level1 = self.level2 = None
        for slot, token in placed.items():
            cells[self.ind_keys.index(slot)] = token
        self.row(cells, self.toks[i])
        return end


def build_blocks(tokens: Sequence[Token]) -> list[Block]:
    """Rows and paragraphs for a stream of cells (see the module notes)."""
    toks, kinds = prepare(tokens)
    return _Grammar(toks, kinds).run()


__all__ = ["build_blocks"]
