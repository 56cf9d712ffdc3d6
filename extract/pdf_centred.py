"""一级/二级 labels of cells merged over several rows and centred top to bottom, on a page drawn without
ruling lines: each is moved to the first row it stands for.

The text shapes' cell stream gives a row without a 一级/二级 cell the label of the row above (a merged
cell's rows, its text at the top). Centred, the text stands halfway down its rows instead (``质量指标``
beside the fourth of its four rows, ``满意度指标（10分）`` beside the last of three): the rows above it
would take the label before. The rows a centred label stands for are those whose span it is centred
in: a page's labels of one column split its indicator rows into runs, one label a run, each label
halfway down its run (the text's middle within a quarter pitch of the run's). When exactly one such
split exists, each label goes to its run's first row; otherwise (no split, or several) nothing moves.
A page whose labels all stand at the top of their rows is not centred: nothing moves either (a label
stands for the rows from its own down, as the cell stream reads it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jixiao.extract.cell_kinds import classify
from jixiao.extract.pdf_wraps import DraftCell

_LEVELS = frozenset(("level1", "level2"))
_NOT_INDICATOR = frozenset(  # rows of these cells are not an indicator block's rows
    ("total", "ind_col", "fund_col", "fund_line", "goal", "header", "corner", "title", "part", "basis")
)
_SOLUTIONS = 2  # stop looking once a second split is found: the labels' rows are then not told apart


@dataclass(frozen=True, slots=True)
class _Label:
    cell: DraftCell
    centre: float
    row: int | None  # its row's place among the page's banded rows, when it stands at that row's top


def recentre_labels(rows: list[list[DraftCell]], step: float) -> list[list[DraftCell]]:
    """``rows`` with each centred 一级/二级 label moved to the first row it stands for (see the module
    docstring); ``step`` is the region's line pitch (points)."""
    rows = [list(r) for r in rows]
    pages = sorted({c.parts[0][0].page for r in rows for c in r})
    for page in pages:
        on_page = [i for i, r in enumerate(rows) if r and all(_page_of(c) == page for c in r)]
        labels = [(i, c) for i in on_page for c in rows[i] if classify(c.text) in _LEVELS]
        if not any(_lowered(rows[i], c, step) for i, c in labels):
            continue  # every label at the top of its row: not centred
        for column in _columns([c for _, c in labels]):
            moves = _split(rows, on_page, [(i, c) for i, c in labels if c in column], step)
            for cell, target in moves:
                source = next(r for r in rows if cell in r)
                if source is not rows[target]:
                    source.remove(cell)
                    rows[target].append(cell)
                    rows[target].sort(key=lambda c: c.lo)
    return [r for r in rows if r]


def _lowered(row: list[DraftCell], cell: DraftCell, step: float) -> bool:
    """Whether a label's text begins below its row's first line (or it stands alone): centred."""
    band = _band(row)
    return band is None or cell.parts[0][1].top > band[0] + step / 4


def _page_of(cell: DraftCell) -> int:
    pages = {where.page for where, _ in cell.parts}
    return pages.pop() if len(pages) == 1 else -1


def _columns(cells: list[DraftCell]) -> list[list[DraftCell]]:
    """Label cells grouped by the column they stand in (their spans overlap)."""
    columns: list[list[DraftCell]] = []
    for cell in sorted(cells, key=lambda c: c.lo):
        if columns and any(cell.lo < c.hi and c.lo < cell.hi for c in columns[-1]):
            columns[-1].append(cell)
        else:
            columns.append([cell])
    return columns


def _band(row: list[DraftCell]) -> tuple[float, float] | None:
    """Top and bottom of a row's text, its 一级/二级 labels left out (None: labels only)."""
    parts = [p for c in row if classify(c.text) not in _LEVELS for _, p in c.parts]
    return (min(p.top for p in parts), max(p.bottom for p in parts)) if parts else None


def _indicator_run(rows: list[list[DraftCell]], on_page: list[int], at: int) -> list[int]:
    """The page's rows next to one another around row ``at`` that are indicator rows (no header, total or
    fund label among their cells)."""
    plain = [not any(classify(c.text) in _NOT_INDICATOR for c in rows[i]) for i in on_page]
    k = on_page.index(at)
    if not plain[k]:
        return []
    lo, hi = k, k
    while lo > 0 and plain[lo - 1]:
        lo -= 1
    while hi + 1 < len(on_page) and plain[hi + 1]:
        hi += 1
    return on_page[lo : hi + 1]


def _split(
    rows: list[list[DraftCell]], on_page: list[int], labels: list[tuple[int, DraftCell]], step: float
) -> list[tuple[DraftCell, int]]:
    """(label, row it goes to) for a column's labels on a centred page, when exactly one split fits.

    A label at the top of its row may also be the text of a merged cell cut by the page's end (the
    text then stands at the top of the cell's first part): the page's last label, its run going on to
    the page's end, when the indicator rows go on past it on the next page.
    """
    run = _indicator_run(rows, on_page, labels[0][0])
    if not run or any(i not in run for i, _ in labels):
        return []
    banded = [(i, b) for i in run if (b := _band(rows[i])) is not None]
    rows_at = [i for i, _ in banded]
    found: list[_Label] = []
    for i, cell in sorted(labels, key=lambda x: x[1].parts[0][1].top):
        top = cell.parts[0][1].top
        band = _band(rows[i])
        at_top = band is not None and abs(top - band[0]) <= step / 4
        found.append(_Label(cell, (top + cell.parts[-1][1].bottom) / 2, rows_at.index(i) if at_top else None))
    cut = run[-1] == on_page[-1]  # the page ends inside the indicator rows
    solutions: set[tuple[int, ...]] = set()
    _search(found, [b for _, b in banded], cut, (0, False), (), solutions, step / 4)
    if len(solutions) != 1:
        return []
    starts = solutions.pop()
    return [(lb.cell, rows_at[s]) for lb, s in zip(found, starts, strict=True)]


def _search(
    labels: Sequence[_Label],
    bands: list[tuple[float, float]],
    cut: bool,
    start: tuple[int, bool],  # (first row the next label's run may begin at, whether it must begin there)
    chosen: tuple[int, ...],
    solutions: set[tuple[int, ...]],
    tolerance: float,
) -> None:
    """Every split of ``bands`` (the rows) into the labels' runs, as the runs' first rows."""
    if len(solutions) >= _SOLUTIONS:
        return
    first, fixed = start
    k = len(chosen)
    if k == len(labels):
        if first == len(bands):  # the last label's run ends with the page's indicator rows
            solutions.add(chosen)
        return
    label = labels[k]
    last = cut and k == len(labels) - 1 and label.row is not None  # a merged cell cut by the page's end
    if last and label.row is not None and (label.row == first or (label.row > first and not fixed)):
        _search(labels, bands, cut, (len(bands), True), (*chosen, label.row), solutions, tolerance)
    for s in [first] if fixed else range(first, len(bands)):
        for e in range(s, len(bands)):
            if abs((bands[s][0] + bands[e][1]) / 2 - label.centre) <= tolerance:
                _search(labels, bands, cut, (e + 1, True), (*chosen, s), solutions, tolerance)
