"""A block's header row: which grid column holds which field, and how a data row's cells line up with it.

Word, xlsx and html keep merged cells as spans, so a data cell's grid column says which header it sits
under. A text export loses horizontal merges: a row then has as many cells as it had *starting* cells,
and when its count differs from the header's it is aligned from the right (the value columns are at the
right of every template; the label columns at the left are the merged ones).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    unmerged: bool = field(init=False)  # every header cell one grid column wide (asked of every row)

    def __post_init__(self) -> None:
        object.__setattr__(self, "unmerged", all(span == 1 for span in self.spans.values()))

    def align(self, row: Row) -> dict[str, Cell]:
        """Map a data row's cells to this header's keys."""
        out: dict[str, Cell] = {}
        if self.exact_grid or len(row.cells) == self.width:
            unmerged = self.unmerged
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
    # Every form of a document repeats its header rows: read once per shape (texts, columns, spans).
    # The header is shared between them (nothing changes a ColumnHeader: its readers build new ones).
    shape = (id(vocab), exact_grid, *[(c.text, c.grid_col, c.col_span) for c in row.cells])
    held = _HEADERS.get(shape)
    if held is None:
        if len(_HEADERS) > 4096:
            _HEADERS.clear()
        held = _HEADERS[shape] = _read_header(row, vocab, exact_grid)
    header, at = held
    return header, [row.cells[n] for n in at]


_HEADERS: dict[tuple[object, ...], tuple[ColumnHeader, tuple[int, ...]]] = {}


def _read_header(
    row: Row, vocab: dict[str, tuple[str, ...]], exact_grid: bool
) -> tuple[ColumnHeader, tuple[int, ...]]:
    """``read_header`` worked out: the header, and the positions of its label cells in the row."""
    best: dict[str, tuple[LabelMatch, int]] = {}
    for n, cell in enumerate(row.cells):
        m = match_label(cell.text, vocab)
        if m is None:
            continue
        held = best.get(m.key)
        if held is None or m.score > held[0].score:
            best[m.key] = (m, n)
    cells = row.cells
    ordered = sorted(best.items(), key=lambda kv: cells[kv[1][1]].grid_col)
    keys = {cells[n].grid_col: key for key, (_, n) in ordered}
    spans = {cells[n].grid_col: cells[n].col_span for _, (_, n) in ordered}
    matches = {key: m for key, (m, _) in ordered}
    header = ColumnHeader(keys, spans, len(cells), exact_grid, matches)
    return header, tuple(n for _, (_, n) in ordered)


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


_SUB_LABEL_CHARS = 6  # 年初, 全年数, 年初预算数: a sub-label is short


def sub_labels(row: Row, header_row: Row, exact_grid: bool) -> list[tuple[Cell, Cell]] | None:
    """A second header row of short labels under a parent that spans them (``预算数`` over ``年初 | 全年``):
    each sub-label with its parent cell; None when the row is no such thing.

    With the grid kept the parent is the header cell whose span covers the sub-label's column; a text
    export keeps the row's width, a blank header cell after the parent for each further column it spans.
    """
    subs = _short_labels(row)
    if not subs:
        return None
    out: list[tuple[Cell, Cell]] = []
    for sub in subs:
        parent = _parent_of(sub, row, header_row, exact_grid)
        if parent is None:
            return None
        out.append((sub, parent))
    if not any(sum(1 for _, p in out if p is parent) > 1 for _, parent in out):
        return None  # no header cell spans two sub-labels: not a two-level header
    return out


def _short_labels(row: Row) -> list[Cell]:
    """The row's non-blank cells when every one is a short label (no figure): a sub-label row's shape."""
    subs = [c for c in row.cells if c.text.strip(" \u3000\n")]
    if any(len(c.text.strip()) > _SUB_LABEL_CHARS or any(ch.isdigit() for ch in c.text) for c in subs):
        return []
    return subs


def spanning_parents(row: Row, header_row: Row, header: ColumnHeader) -> list[Cell]:
    """The header's cells that span further columns (a blank header cell after them in a text export,
    a span in a grid), when the row below is two short labels or more that no parent could be found for:
    sub-labels of unknown parents, so those columns cannot be read."""
    if len(_short_labels(row)) < 2:
        return []
    cells = header_row.cells
    return [
        h
        for n, h in enumerate(cells)
        if h.grid_col in header.keys
        and (h.col_span > 1 or (n + 1 < len(cells) and not cells[n + 1].text.strip(" \u3000\n")))
    ]


def _parent_of(sub: Cell, row: Row, header_row: Row, exact_grid: bool) -> Cell | None:
    if exact_grid:
        covers = (h for h in header_row.cells if h.grid_col <= sub.grid_col < h.grid_col + h.col_span)
        return next((h for h in covers if h.text.strip()), None)
    if len(row.cells) != len(header_row.cells):
        return None  # a text row of another width: which parent is above is not known
    at = row.cells.index(sub)
    return next((h for h in reversed(header_row.cells[: at + 1]) if h.text.strip(" \u3000\n")), None)


def join_sub_labels(
    header: ColumnHeader, pairs: list[tuple[Cell, Cell]], vocab: dict[str, tuple[str, ...]]
) -> tuple[ColumnHeader, list[Cell], list[Cell]]:
    """The header with each parent's columns named by its sub-labels read with it (``年初`` under
    ``预算数`` is 年初预算数), the sub-label cells that named a column, and the parents whose sub-labels
    did not read as a column: their columns are left unread (never shifted to a neighbour)."""
    keys = dict(header.keys)
    spans = dict(header.spans)
    matches = dict(header.matches)
    named: list[Cell] = []
    unread: list[Cell] = []
    for parent in dict.fromkeys(p for _, p in pairs):
        joined = []
        for sub, _ in (pair for pair in pairs if pair[1] is parent):
            m = match_label(sub.text, vocab, fuzzy=False) or match_label(
                sub.text.strip().removesuffix("数") + parent.text.strip(), vocab, fuzzy=False
            )
            joined.append((sub, m))
        old = keys.pop(parent.grid_col, None)
        spans.pop(parent.grid_col, None)
        if old is not None:
            matches.pop(old, None)
        if any(m is None for _, m in joined) or len({m.key for _, m in joined if m}) != len(joined):
            unread.append(parent)
            continue
        for sub, m in joined:
            assert m is not None
            keys[sub.grid_col] = m.key
            spans[sub.grid_col] = sub.col_span
            matches[m.key] = m
            named.append(sub)
    for col in [c for c, k in keys.items() if list(keys.values()).count(k) > 1]:
        keys.pop(col)  # a key now named twice (a sub-label and another header cell): neither is read
    ordered = dict(sorted(keys.items()))
    spans = {c: spans.get(c, 1) for c in ordered}
    return ColumnHeader(ordered, spans, header.width, header.exact_grid, matches), named, unread


def drop_columns(header: ColumnHeader, parents: list[Cell]) -> ColumnHeader:
    """The header without the columns of ``parents`` (their cells' data is then read by no key)."""
    gone = {p.grid_col for p in parents}
    keys = {c: k for c, k in header.keys.items() if c not in gone}
    matches = {k: m for k, m in header.matches.items() if k in keys.values()}
    spans = {c: header.spans.get(c, 1) for c in keys}
    return ColumnHeader(keys, spans, header.width, header.exact_grid, matches)


def loose_columns(header: ColumnHeader, header_row: Row) -> dict[str, range | None]:
    """The keys the header names only loosely, each with the grid columns its label covers: a label
    spanning more than one column (a span in a grid, blank header cells after it in a text export), so a
    row with two figures under it does not say which is the key's (``预算数`` over 年初 and 全年); None
    for a near spelling, loose wherever its figure stands."""
    cells = header_row.cells
    out: dict[str, range | None] = {}
    for n, cell in enumerate(cells):
        key = header.keys.get(cell.grid_col)
        if key is None or not cell.text.strip(" \u3000\n"):
            continue
        end = cell.grid_col + cell.col_span
        for after in cells[n + 1 :] if not header.exact_grid else ():
            if after.text.strip(" \u3000\n"):
                break
            end = after.grid_col + after.col_span
        if end > cell.grid_col + 1:
            out[key] = range(cell.grid_col, end)
    return out | {k: None for k, m in header.matches.items() if m.score < 100}
