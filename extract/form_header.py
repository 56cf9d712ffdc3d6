"""A block's header row: which grid column holds which field, and how a data row's cells line up with it.

Word, xlsx and html keep merged cells as spans, so a data cell's grid column says which header it sits
under. A text export loses horizontal merges: a row then has as many cells as it had *starting* cells,
and when its count differs from the header's it is aligned from the right (the value columns are at the
right of every template; the label columns at the left are the merged ones).
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.extract.labels import LabelMatch, match_label
from jixiao.extract.layout import Cell, Row


@dataclass(frozen=True, slots=True)
class ColumnHeader:
    """A header row: grid columns → field keys, plus the row's shape for alignment."""

    keys: dict[int, str]  # grid_col of the header cell → key
    spans: dict[int, int]  # grid_col → col_span
    width: int  # number of cells in the header row
    exact_grid: bool  # the source keeps merges (any span > 1 somewhere in the form's tables)
    matches: dict[str, LabelMatch]  # key → the vocabulary wording that matched (for review)

    def align(self, row: Row) -> dict[str, Cell]:
        """Map a data row's cells to this header's keys."""
        out: dict[str, Cell] = {}
        if self.exact_grid or len(row.cells) == self.width:
            unmerged = all(span == 1 for span in self.spans.values())
            for cell in row.cells:
                if unmerged and cell.col_span == 1:  # one grid column each side: the same column
                    found = self.keys.get(cell.grid_col)
                    if found is not None:
                        out.setdefault(found, cell)
                    continue
                lo, hi = cell.grid_col, cell.grid_col + cell.col_span
                for col, key in self.keys.items():
                    if lo <= col < hi or col <= lo < col + self.spans.get(col, 1):
                        out.setdefault(key, cell)
                        break
            return out
        # Text export lost the merges and this row is narrower/wider: align from the right.
        offset = self.width - len(row.cells)
        for idx, cell in enumerate(row.cells):
            found = self.keys.get(idx + offset)
            if found:
                out[found] = cell
        return out


def read_header(
    row: Row, vocab: dict[str, tuple[str, ...]], exact_grid: bool
) -> tuple[ColumnHeader, list[Cell]]:
    """The header a row declares, and the cells that were labels.

    When two cells match the same key, the better match wins (an exact ``全年预算数`` beats a fuzzy
    ``调整预算数``), whatever their order; the loser stays unmapped rather than taking another key.
    """
    best: dict[str, tuple[LabelMatch, Cell]] = {}
    for cell in row.cells:
        m = match_label(cell.text, vocab)
        if m is None:
            continue
        held = best.get(m.key)
        if held is None or m.score > held[0].score:
            best[m.key] = (m, cell)
    ordered = sorted(best.items(), key=lambda kv: kv[1][1].grid_col)
    keys = {cell.grid_col: key for key, (_, cell) in ordered}
    spans = {cell.grid_col: cell.col_span for _, (_, cell) in ordered}
    matches = {key: m for key, (m, _) in ordered}
    header = ColumnHeader(keys, spans, len(row.cells), exact_grid, matches)
    return header, [cell for _, (_, cell) in ordered]


def is_subheader(row: Row, vocab: dict[str, tuple[str, ...]], parents: tuple[str, ...]) -> bool:
    """A second header row under merged parents: every non-blank cell is a column label, none a parent."""
    labels = [c for c in row.cells if c.text.strip(" \u3000\n")]
    if len(labels) < 2:
        return False
    keys = [m.key if (m := match_label(c.text, vocab, fuzzy=False)) else None for c in labels]
    return all(k is not None and k not in parents for k in keys)


def refine_header(
    header: ColumnHeader, sub: Row, vocab: dict[str, tuple[str, ...]]
) -> tuple[ColumnHeader, list[Cell]]:
    """Combine a header with the second header row below it (``年度指标值`` over 指标性质|指标值|度量单位).

    With the grid kept (Word, xlsx, html) the sub-labels take over their grid columns. A text export
    lost the parent's horizontal merge but shows the sub row at full width, a blank cell for every
    parent merged down: walking both rows, a blank sub cell is the next parent's column, and a run of
    labels is the parent that spans them.
    """
    subs = [(c, m) for c in sub.cells if (m := match_label(c.text, vocab, fuzzy=False)) is not None]
    sub_keys = {m.key for _, m in subs}
    matches = {k: m for k, m in header.matches.items() if k not in sub_keys} | {m.key: m for _, m in subs}
    if header.exact_grid:
        keys = {col: key for col, key in header.keys.items() if key not in sub_keys}
        spans = {col: header.spans[col] for col in keys}
        for cell, m in subs:
            keys[cell.grid_col] = m.key
            spans[cell.grid_col] = cell.col_span
        return ColumnHeader(keys, spans, header.width, True, matches), [c for c, _ in subs]
    by_position = dict(sorted(header.keys.items()))
    parents = list(range(header.width))
    new_keys: dict[int, str] = {}
    j = 0
    cells = sub.cells
    for i in parents:
        if j >= len(cells):
            break
        if cells[j].text.strip(" \u3000\n"):
            while j < len(cells) and cells[j].text.strip(" \u3000\n"):
                m = match_label(cells[j].text, vocab, fuzzy=False)
                if m is not None:
                    new_keys[j] = m.key
                j += 1
            continue
        key = by_position.get(i)
        if key is not None and key not in sub_keys:
            new_keys[j] = key
        j += 1
    header = ColumnHeader(new_keys, dict.fromkeys(new_keys, 1), len(cells), False, matches)
    return header, [c for c, _ in subs]
