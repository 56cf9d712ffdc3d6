"""What the cell stream's grammar (``extract.cell_stream``) knows while it reads, and the rows it writes.

Each cell a row holds becomes a layout ``Cell`` under its column (``grid_col``); a column the row leaves
empty gets an empty cell, so that the form reader finds every cell under its header. Cells no column can
be told to own are kept in the row under no column (``grid_col`` -1): the form reader flags them and
places no value from them.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.extract.cell_kinds import Token
from jixiao.extract.cell_prepare import span
from jixiao.extract.layout import Block, Cell, Paragraph, Row, Table


class GrammarRows:
    def __init__(self, tokens: list[Token], kinds: list[str]) -> None:
        self.toks = tokens
        self.kinds = kinds
        self.blocks: list[Block] = []
        self.rows: list[Row] = []
        self.fund_keys: list[str] | None = None
        self.ind_keys: list[str] | None = None
        # Where rows are marked: the indicator header row while no row has followed it, and its labels.
        self.ind_header: Row | None = None
        self.ind_heads: list[Token] = []
        self.corner: Token | None = None
        # Right under a money header whose corner names the block, a row of figures with no line label
        # is the block's one line (重庆's 部门预算执行情况（万元）); the form reader checks it is.
        self.bare_line = False
        self.level1: Token | None = None
        self.level2: Token | None = None
        self.last_level1 = ""
        self.lost = False  # an indicator row failed to read where rows are not marked (see ``step``)
        self.scrambled = False  # the indicator header's columns are out of order (``cell_stream._in_order``)
        self.unsure_name = False  # the next indicator row's name is not certain (``read_indicator``)
        self.bases: tuple[str, ...] | None = None  # inside a breakdown: its columns' bases
        self.aside: list[Block] = []  # page numbers met inside the table, kept after it
        self.scored = False  # the form's score was written above its indicators (重庆's 自评总分 | 96.74)
        self.points: str | None = None  # the money block's 分值 as its corner writes it
        # A marked money header with a blank before its first column (``项目资金（万元） |  | 年初预算数``)
        # may have rows that write one after their label too (廊坊's page) or not: None until a line shows
        # which (``cell_stream._learn_gap``), a row's leading blank meanwhile no column for sure
        # (``slot_claims.assign_fund``).
        self.fund_gap: bool | None = False

    # --- output -------------------------------------------------------------------------------------
    def para(self, tok: Token) -> None:
        self.close_table()
        self.blocks.append(Paragraph(tok.text, tok.location))

    def row(self, cells: Sequence[Token | None], at: Token) -> None:
        here = at.location
        built = tuple([Cell(t.text, t.location, n) if t else Cell("", here, n) for n, t in enumerate(cells)])
        first = cells[0] if cells and cells[0] is not None else next((t for t in cells if t is not None), at)
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

    def unplaced(self, label: Token, filled: list[Token]) -> None:
        """A fund line whose figures no column can be told to own: kept raw, outside every column."""
        assert self.fund_keys is not None
        self.row([label, *([None] * (len(self.fund_keys) - 1))], label)
        last = self.rows[-1]
        loc = span(filled[0].location, filled[-1].location)
        # grid_col -1 lies under no header column: the form reader flags it and places no value.
        raw = Cell(" ".join(t.text for t in filled), loc, grid_col=-1)
        self.rows[-1] = Row((*last.cells, raw), last.location)

    def indicator_row(self, i: int, placed: dict[str, Token], raw: list[Token]) -> None:
        assert self.ind_keys is not None
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
        if raw:
            # In the place of an empty slot, so that the row keeps the header's width; grid_col -1 lies
            # under no header column: the form reader places no value from it.
            last = self.rows[-1]
            free = max(n for n, c in enumerate(cells) if c is None)
            loose = Cell(" ".join(t.text for t in raw), span(raw[0].location, raw[-1].location), grid_col=-1)
            self.rows[-1] = Row((*last.cells[:free], loose, *last.cells[free + 1 :]), last.location)


__all__ = ["GrammarRows"]
