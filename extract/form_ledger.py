"""The character ledger: which cells and paragraphs landed in some output; the rest is residual text."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from itertools import chain, compress
from operator import attrgetter, not_

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

    def place_many(self, objs: Collection[object]) -> None:
        self._placed.update(zip(map(id, objs), objs, strict=True))

    def mark(self) -> int:
        """A point to go back to (``undo``): a trial reading places into the ledger itself."""
        return len(self._placed)

    def undo(self, mark: int) -> None:
        """Forget every placement made since ``mark`` (a trial reading that is read again otherwise)."""
        for key in list(self._placed)[mark:]:  # (a dict keeps the order its keys were added in)
            del self._placed[key]

    def is_placed(self, obj: object) -> bool:
        return id(obj) in self._placed

    def note_context(self, block: object, context: str | None) -> None:
        self._context[id(block)] = context
        self._placed.setdefault(-id(block), block)  # keep alive

    def account(self, blocks: Sequence[Block]) -> tuple[list[tuple[str | None, RawText]], int, int]:
        residuals: list[tuple[str | None, RawText]] = []
        texts: list[str] = []
        unplaced = 0
        is_placed = self._placed.__contains__  # asked of every cell of the document: in C, through map
        context: str | None = None
        for block in blocks:
            context = self._context.get(id(block), context)
            pieces: Sequence[Cell | Paragraph] = [block] if isinstance(block, Paragraph) else _cells(block)
            texts += map(_TEXT, pieces)
            for piece in compress(pieces, map(not_, map(is_placed, map(id, pieces)))):
                if n := nonblank_chars(piece.text):
                    unplaced += n
                    residuals.append((context, RawText(piece.text, piece.location)))
        # Counted over all the text at once: joining adds no character and takes none away, so the count
        # is the sum of the pieces' counts (one call, not one a cell; only the unplaced are counted apart).
        total = nonblank_chars("".join(texts))
        return residuals, total, total - unplaced


_NESTED, _TEXT, _CELLS = attrgetter("nested"), attrgetter("text"), attrgetter("cells")


def _cells(table: Table) -> list[Cell]:
    """A table's cells row by row, each followed by the cells of the tables nested in it."""
    cells = list(chain.from_iterable(map(_CELLS, table.rows)))
    if not any(map(_NESTED, cells)):
        return cells  # (Word alone nests tables)
    out: list[Cell] = []
    for cell in cells:
        out.append(cell)
        for inner in cell.nested:
            out += _cells(inner)
    return out
