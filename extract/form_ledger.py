"""The character ledger: which cells and paragraphs landed in some output; the rest is residual text."""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.extract.layout import Block, Cell, Paragraph, Table, nonblank_chars
from jixiao.extract.records import RawText


class Ledger:
    """Which cells and paragraphs landed somewhere; everything else is residual text.

    Keyed by object identity: a layout's cells are distinct objects even when their text is equal.
    """

    def __init__(self) -> None:
        self._placed: dict[int, object] = {}
        self._context: dict[int, str | None] = {}

    def place(self, obj: object) -> None:
        self._placed[id(obj)] = obj  # keep a reference so the id stays unique

    def absorb(self, other: Ledger) -> None:
        """Take every placement and context of a ledger a trial reading filled."""
        self._placed.update(other._placed)
        self._context.update(other._context)

    def is_placed(self, obj: object) -> bool:
        return id(obj) in self._placed

    def note_context(self, block: object, context: str | None) -> None:
        self._context[id(block)] = context
        self._placed.setdefault(-id(block), block)  # keep alive

    def account(self, blocks: Sequence[Block]) -> tuple[list[tuple[str | None, RawText]], int, int]:
        residuals: list[tuple[str | None, RawText]] = []
        total = placed = 0
        placed_ids = self._placed  # every cell of the document is looked up: no method call each
        context: str | None = None
        for block in blocks:
            context = self._context.get(id(block), context)
            pieces = [block] if isinstance(block, Paragraph) else _cells(block)
            for piece in pieces:
                text = piece.text
                n = nonblank_chars(text)
                total += n
                if id(piece) in placed_ids:
                    placed += n
                elif n:
                    residuals.append((context, RawText(text, piece.location)))
        return residuals, total, placed


def _cells(table: Table) -> list[Cell]:
    """A table's cells row by row, each followed by the cells of the tables nested in it."""
    out: list[Cell] = []
    for row in table.rows:
        for cell in row.cells:
            out.append(cell)
            for inner in cell.nested:
                out += _cells(inner)
    return out
