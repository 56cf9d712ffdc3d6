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

import itertools
from collections.abc import Sequence

import regex
from jixiao.extract.breakdown_cells import DEFAULT_ORDER, basis_header, part_key, read_parts
from jixiao.extract.cell_kinds import Token, goal_key, is_number, is_score
from jixiao.extract.cell_prepare import prepare, span
from jixiao.extract.glued import is_glued, split_glued
from jixiao.extract.labels import clean_label, match_label, strip_annotations
from jixiao.extract.layout import Block, Cell, Paragraph, Row, Table
from jixiao.extract.slot_claims import assign_fund
from jixiao.schemas.labels import FUND_COLUMNS, FUND_MONEY_KEYS, INDICATOR_COLUMNS, SCORE_TOTAL_LABELS

_HEADS = frozenset(("ind_col", "fund_col"))  # kinds of a block's header labels
_FIGURES = regex.compile(r"^[0-9.,%—–―─\-/\s]+分?$")  # a run of figures, maybe glued; a 分值 "10分"
_SENTENCE_END = ("。", "；", ";", ".")
_GROUP_POINTS = regex.compile(r"[0-9]\s*分")  # a 一级指标's weight written beside it
# A short numbered heading ("2.项目实施内容及过程概述" after 四川's goal texts): a label, never goal prose.
_NUMBERED_HEADING = regex.compile(r"^\s*[0-9]{1,2}\s*[.．、]\s*\p{Han}[^。；;]{1,18}$")
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
        self.ind_header: Row | None = None  # the indicator header row, while no row has followed it
        self.fund_header: Row | None = None  # the same for the money block
        self.ind_heads: list[Token] = []  # its labels, one an indicator column
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
            if run and 0 <= run[-1][0].row != self.toks[i].row and self._names_again(i, run, vocab):
                break  # a marked row naming a column again refines the header (指标性质 | 指标值 | …)
            if m is None and run and self._named_later(i, vocab):
                # 年初预算数 | 预算调整数 | 全年预算数 in one marked row: a column the contract has no field
                # for, kept so that the figures below stay under their columns.
                run.append((self.toks[i], f"unnamed:{len(run)}"))
                i += 1
                continue
            if m is None:
                break
            run.append((self.toks[i], m.key))
            i += 1
        return run, i

    def _names_again(self, i: int, run: list[tuple[Token, str]], vocab: dict[str, tuple[str, ...]]) -> bool:
        """Whether the marked row of ``i`` names a column ``run`` has named already."""
        row, named = self.toks[i].row, {k for _, k in run}
        j = i
        while j < len(self.toks) and self.toks[j].row == row:
            m = match_label(self.toks[j].text, vocab, fuzzy=False)
            if m is not None and m.key in named:
                return True
            j += 1
        return False

    def _named_later(self, i: int, vocab: dict[str, tuple[str, ...]]) -> bool:
        """Whether a cell after ``i`` in its marked row is a column label of ``vocab``."""
        row = self.toks[i].row
        j = i + 1
        while row >= 0 and j < len(self.toks) and self.toks[j].row == row:
            if match_label(self.toks[j].text, vocab, fuzzy=False) is not None:
                return True
            j += 1
        return False

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
        if kind == "value" and self.fund_keys is not None and self.rows and self.rows[-1] is self.fund_header:
            done = self._unlabelled_fund_row(i)
            if done:
                return done
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
                done = self.indicator(i) or self._by_columns(i)
                if done:
                    return done
            elif kind != "empty" and tok.row >= 0:
                done = self._by_columns(i)  # 预算执行率 as a 三级指标, 投入 as a 一级指标
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
        if len(set(keys)) >= 2 and _FUND_MONEY & set(keys) and len(set(keys)) == len(keys):
            corner = self.corner
            self.corner = None
            self.row([corner or Token("", fund[0][0].location, -1), *(t for t, _ in fund)], fund[0][0])
            self.fund_keys, self.ind_keys = keys, None
            self.fund_header = self.rows[-1]
            return end
        ind, end = self._header_run(i, INDICATOR_COLUMNS)
        keys = [k for _, k in ind]
        # Where rows are marked a row naming 三级指标 (指标名称), 分值 and 得分 is a header too: 重庆's table
        # has no 一级/二级指标 columns.
        marked = bool(ind) and ind[0][0].row >= 0 and {"level3", "weight", "score"} <= set(keys)
        if (sum(k in _LEVEL_KEYS for k in keys) >= 2 or marked) and len(set(keys)) == len(keys):
            self.flush_corner()
            self.row([t for t, _ in ind], ind[0][0])
            self.ind_keys, self.fund_keys = keys, None
            self.level1 = self.level2 = None
            self.ind_header = self.rows[-1]
            self.ind_heads = [t for t, _ in ind]
            return end
        return self._subheader(ind, end)

    def _subheader(self, run: list[tuple[Token, str]], end: int) -> int:
        """指标性质 | 指标值 | 度量单位 in the row under 年度指标值 (rows marked): the parent's columns, named
        again. The row is written as a text export shows it, a blank under every other parent; 0 when
        the run is no such row."""
        keys = [k for _, k in run]
        if self.ind_keys is None or not self.rows or self.rows[-1] is not self.ind_header:
            return 0
        if len(keys) < 2 or len(set(keys)) != len(keys) or run[0][0].row < 0:
            return 0
        parents = [n for n, k in enumerate(self.ind_keys) if k in keys]
        if len(parents) != 1 or any(k in _LEVEL_KEYS for k in keys):
            return 0
        at = parents[0]
        blanks = len(self.ind_keys) - at - 1
        self.row([*([None] * at), *(t for t, _ in run), *([None] * blanks)], run[0][0])
        self.ind_keys = [*self.ind_keys[:at], *keys, *self.ind_keys[at + 1 :]]
        self.ind_heads = [*self.ind_heads[:at], *(t for t, _ in run), *self.ind_heads[at + 1 :]]
        self.ind_header = self.rows[-1]
        return end

    def _cells_after(self, i: int, row: int, kinds: tuple[str, ...], limit: int = -1) -> list[int]:
        out: list[int] = []
        j = i
        while j < len(self.toks) and self.kinds[j] in kinds and len(out) != limit:
            if row >= 0 and self.toks[j].row != row:
                break
            out.append(j)
            j += 1
        return out

    def fund_line(self, i: int) -> int:
        assert self.fund_keys is not None
        label = self.toks[i]
        limit = len(self.fund_keys) if label.row < 0 else 4 * len(self.fund_keys) + 8
        idx: list[int] = []
        j = i + 1
        while j < len(self.toks) and len(idx) < limit:
            kind, tok = self.kinds[j], self.toks[j]
            if label.row >= 0 and tok.row != label.row:
                break
            if not (kind in ("value", "empty") or (kind == "text" and _FIGURES.match(tok.text))):
                break
            idx.append(j)
            j += 1
        cells = [self.toks[j] for j in idx]
        filled = [c for c in cells if clean_label(c.text)]
        glued = any(is_glued(t.text) for t in filled)
        if glued:
            pieces = _split_cells(filled, tuple(self.fund_keys))
            if pieces is not None:
                self.row([label, *pieces], label)
                return i + 1 + len(idx)
        placed = None if glued else assign_fund(cells, self.fund_keys)
        if placed is None and glued and label.row >= 0 and len(cells) == len(self.fund_keys):
            # A marked row with a cell under every column (a PDF's positions): a figure run together
            # is that cell's own text, for the amount reader's repairs, not cells to split.
            placed = [c if clean_label(c.text) else None for c in cells]
        if placed is None and filled:
            self.unplaced(label, filled)
        else:
            self.row([label, *(placed or [None] * len(self.fund_keys))], label)
        return i + 1 + len(idx)

    def _unlabelled_fund_row(self, i: int) -> int:
        """重庆's one money row right under its header, with no line label (rows marked): a cell under every
        column (the corner's left empty), figures only. Written under the header's columns for the form
        reader's rule of the unlabelled total; 0 when the row is not such a row."""
        assert self.fund_keys is not None
        row = self.toks[i].row
        start, end = i, i
        while start > 0 and self.toks[start - 1].row == row:
            start -= 1
        while end < len(self.toks) and self.toks[end].row == row:
            end += 1
        cells = self.toks[start:end]
        if cells and len(cells) == len(self.fund_keys) + 1 and self.kinds[start] == "empty":
            cells = cells[1:]  # the column under the corner
        if row < 0 or len(cells) != len(self.fund_keys):
            return 0
        if any(self.kinds[k] not in ("value", "empty") for k in range(start, end)):
            return 0
        placed = assign_fund(cells, self.fund_keys)
        if placed is None:
            return 0
        self.row([None, *placed], self.toks[i])
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
        after = [j for j in self._cells_after(i + 1, self.toks[i].row, ("value", "empty"), 4)]
        return sum(self.kinds[j] == "value" for j in after) == 1

    def total(self, i: int) -> int:
        tok = self.toks[i]
        after = self._cells_after(i + 1, tok.row, ("value", "empty"), 8)
        idx = [j for j in after if self.kinds[j] == "value"]
        idx = idx[:2]
        self.row([tok, *(self.toks[j] for j in idx)], tok)
        self.ind_keys = self.fund_keys = None
        return (idx[-1] if idx else i) + 1

    def goals(self, i: int) -> int:
        labels: list[Token] = []
        j = i
        while j < len(self.toks) and (goal_key(self.toks[j].text) or self.kinds[j] == "empty"):
            if self.kinds[j] != "empty":
                labels.append(self.toks[j])
            j += 1
        keys = [goal_key(t.text) for t in labels]
        texts = self._cells_after(j, -1, ("text", "value", "empty"), 40)
        # Where rows are marked, a row holding a block's header labels (绩效指标 | 一级指标 | …) is not
        # more of the goals, its first cell a text though it is.
        after = labels[-1].row if labels else -1
        headed = {
            t.row for t, k in zip(self.toks, self.kinds, strict=True) if t.row > after >= 0 and k in _HEADS
        }
        texts = list(itertools.takewhile(lambda k: self.toks[k].row not in headed, texts))
        texts = [k for k in texts if self.kinds[k] != "empty"]
        heading = next((n for n, k in enumerate(texts) if _NUMBERED_HEADING.match(self.toks[k].text)), None)
        texts = texts if heading is None else texts[:heading]
        # 预期目标 | 实际完成情况, or three columns (重庆: 年初 | 调整 | 实际)
        sub_count = sum(k != "goal_block" for k in keys)
        want = sub_count if ("goal_expected" in keys or "goal_actual" in keys) else min(2, len(texts))
        sub_labels = [t for t in labels if goal_key(t.text) != "goal_block"]
        if "goal_expected" in keys or "goal_actual" in keys:
            columns = self._under_labels(sub_labels, [self.toks[k] for k in texts])
            if columns is not None:  # a PDF's positions: each text under its column's label
                head = [t for t in labels if goal_key(t.text) == "goal_block"]
                self.row([*head, *sub_labels], labels[0])
                self.row([*(None for _ in head), *columns], labels[0])
                return (texts[-1] if texts else j - 1) + 1
        groups = self._group_sentences([self.toks[k] for k in texts], want)
        if groups is None:
            self.row(labels, labels[0])
            return j
        if "goal_expected" in keys or "goal_actual" in keys:
            sub = [t for t in labels if goal_key(t.text) != "goal_block"]
            head = [t for t in labels if goal_key(t.text) == "goal_block"]
            self.row([*head, *sub], labels[0])
            self.row([*(None for _ in head), *groups], labels[0])
        else:
            self.row([*labels, *groups], labels[0])
        return (texts[-1] if texts else j - 1) + 1

    def _under_labels(self, labels: list[Token], texts: list[Token]) -> list[Token | None] | None:
        """Where cells have boxes (a PDF's positions), the goal text under each label's column (texts
        under one label joined in order; a text under none kept after the table); None without boxes."""
        boxes = [t.location.box for t in (*labels, *texts)]
        if not labels or not texts or any(b is None for b in boxes) or any(t.row < 0 for t in texts):
            return None
        under: list[list[Token]] = [[] for _ in labels]
        for tok in texts:
            box = tok.location.box
            assert box is not None
            hits = [n for n, lab in enumerate(labels) if _overlap(box, lab.location.box)]
            if len(hits) == 1:
                under[hits[0]].append(tok)
            else:
                self.aside.append(Paragraph(tok.text, tok.location))
        return [
            Token("\n".join(t.text for t in g), span(g[0].location, g[-1].location), g[0].row) if g else None
            for g in under
        ]

    def _group_sentences(self, toks: list[Token], want: int) -> list[Token] | None:
        if want == 0:
            return []
        if len(toks) == want:
            return toks
        if len(toks) < want:
            return None
        groups: list[list[Token]] = [[]]
        for t in toks:
            groups[-1].append(t)
            if t.text.rstrip().endswith(_SENTENCE_END):
                groups.append([])
        groups = [g for g in groups if g]
        if len(groups) != want:
            return None
        return [
            Token(" ".join(x.text for x in g), span(g[0].location, g[-1].location), g[0].row) for g in groups
        ]

    def indicator(self, i: int) -> int:
        """One indicator row from token ``i`` (its 三级指标); 0 when the cells do not read as one.

        Without row marks a cell's text may have been cut over two cells (a one-cell-per-line export of a
        wrapped Word cell): a 三级指标 over two cells is joined when that alone makes the row read, and a
        trailing text (偏差原因) takes the cells after it that do not read as the next indicator.
        """
        assert self.ind_keys is not None
        slots = [k for k in self.ind_keys if k not in ("level1", "level2")]
        tok = self.toks[i]
        if tok.row < 0 and not any(k in ("weight", "score") for k in slots):
            # Without row marks and without 分值/得分 to end a row, a trailing 偏差原因 cannot be told from
            # the next row's name (empty cells dropped): it is not read, never guessed.
            slots = [k for k in slots if k != "deviation"]
        limit = -1 if tok.row >= 0 else len(slots) + 8
        # Where rows are marked an empty cell is a column of the row (a PDF's positions, a pipe row's
        # "| |"), kept so that the cells after it stay under their columns.
        idx = [
            j
            for j in self._cells_after(i, tok.row, ("text", "value", "empty"), limit)
            if self.kinds[j] != "empty" or tok.row >= 0
        ]
        parts = [[j] for j in idx]
        scored = [n for n, k in enumerate(slots) if k in ("weight", "score")]
        required = (max(scored) + 1) if scored else len(slots)
        if not scored and tok.row >= 0 and slots[-1] == "deviation":
            required -= 1  # a row mark ends the row: its trailing 偏差原因 may be left empty
        cut_name = (
            tok.row < 0 and len(parts) > required and self.kinds[idx[0]] == self.kinds[idx[1]] == "text"
        )
        if cut_name and not self._fits(parts, required, scored):
            parts = [parts[0] + parts[1], *parts[2:]]  # a 三级指标 cut over two cells
        if not self._fits(parts, required, scored):
            return 0
        take = parts[:required]
        for n in range(required, len(slots)):
            if n >= len(parts) or (tok.row < 0 and self._starts_indicator(parts[n:], scored)):
                break
            take.append(parts[n])
        while tok.row < 0 and scored and len(take) > required and len(take) < len(parts):
            nxt = parts[len(take)]
            if self.kinds[nxt[0]] != "text" or self._starts_indicator(parts[len(take) :], scored):
                break
            take[-1] = take[-1] + nxt  # the rest of a wrapped 偏差原因
            parts = [*parts[: len(take) - 1], take[-1], *parts[len(take) + 1 :]]
        cells: list[Token | None] = [None] * len(self.ind_keys)
        for key, token in (
            (self.ind_keys.index("level1") if "level1" in self.ind_keys else -1, self.level1),
            (self.ind_keys.index("level2") if "level2" in self.ind_keys else -1, self.level2),
        ):
            if key >= 0 and token is not None:
                cells[key] = token
        self.level1 = self.level2 = None
        for n, group in enumerate(take):
            cells[self.ind_keys.index(slots[n])] = self._cell(group)
        self.row(cells, tok)
        return take[-1][-1] + 1

    def _by_columns(self, i: int) -> int:
        """The indicator row of token ``i`` read by its cells' places, where the vocabulary cannot read it
        (a rubric's own 一级指标 投入, a 三级指标 worded as a money column): rows marked, a cell for every
        column, each filled one under its column's label (boxes), 分值/得分 scores. 0 when it is not."""
        assert self.ind_keys is not None
        row = self.toks[i].row
        start, end = i, i
        while start > 0 and self.toks[start - 1].row == row:
            start -= 1
        while end < len(self.toks) and self.toks[end].row == row:
            end += 1
        if row < 0 or end - start != len(self.ind_keys) or len(self.ind_heads) != len(self.ind_keys):
            return 0
        if any(self.kinds[k] != "empty" for k in range(start, i)):
            return 0
        cells: list[Token | None] = []
        for key, head, k in zip(self.ind_keys, self.ind_heads, range(start, end), strict=True):
            tok, kind = self.toks[k], self.kinds[k]
            box = tok.location.box
            if kind == "empty":
                cells.append(None)
                continue
            if box is None or not _overlap(box, head.location.box) or kind == "total":
                return 0
            if key in ("weight", "score") and not is_score(tok.text):
                return 0
            if key in _LEVEL_KEYS and is_number(tok.text):
                return 0
            cells.append(tok)
        filled = {key for key, c in zip(self.ind_keys, cells, strict=True) if c is not None}
        if "level3" not in filled or not filled & {"weight", "score"}:
            return 0
        self.level1 = self.level2 = None
        self.row(cells, self.toks[i])
        return end

    def _cell(self, group: list[int]) -> Token:
        if len(group) == 1:
            return self.toks[group[0]]
        first, last = self.toks[group[0]], self.toks[group[-1]]
        # One cell's text cut at a line end of the export: the cut is layout, not the clerk's.
        return Token(
            "".join(self.toks[j].text for j in group), span(first.location, last.location), first.row
        )

    def _fits(self, parts: list[list[int]], required: int, scored: list[int]) -> bool:
        if len(parts) < required:
            return False
        # Where rows are marked an empty cell is a column left empty (a PDF's positions): a 得分 not
        # filled in, beside a 分值 that is.
        given = [n for n in scored if self.kinds[parts[n][0]] != "empty"]
        return bool(given or not scored) and all(
            len(parts[n]) == 1 and is_score(self.toks[parts[n][0]].text) for n in given
        )

    def _starts_indicator(self, parts: list[list[int]], scored: list[int]) -> bool:
        if not scored or len(parts) <= max(scored):
            return False
        return all(is_number(self.toks[parts[n][0]].text) for n in scored)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float] | None) -> bool:
    return b is not None and a[0] < b[2] and b[0] < a[2]


def _split_cells(filled: list[Token], keys: tuple[str, ...]) -> list[Token] | None:
    """Figures of a row, some glued together, split where the identities admit one reading.

    The reading must keep every border the source drew: a cell that was not glued is one figure.
    """
    clean = [clean_label(t.text) for t in filled]
    pieces = split_glued("".join(clean), keys)
    if pieces is None:
        return None
    borders, at = set(), 0
    for text in clean:
        at += len(text)
        borders.add(at)
    out: list[Token] = []
    at, cell = 0, 0
    for piece in pieces:
        out.append(Token(piece, filled[cell].location, filled[cell].row))
        at += len(piece)
        if at in borders:
            cell += 1
        elif cell < len(filled) and at > sum(len(c) for c in clean[: cell + 1]):
            return None  # a piece runs over a border the source drew
    return out if at == sum(len(c) for c in clean) else None


def build_blocks(tokens: Sequence[Token]) -> list[Block]:
    """Rows and paragraphs for a stream of cells (see the module notes)."""
    toks, kinds = prepare(tokens)
    return _Grammar(toks, kinds).run()


__all__ = ["build_blocks"]
