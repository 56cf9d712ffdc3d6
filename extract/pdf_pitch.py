"""The line pitch of a form region drawn without ruling lines, and what it says about two lines.

A cell's lines stand one pitch apart (the font's line height), and in a row whose cells are centred
top to bottom every cell begins a whole or half pitch below the row's first line. A row border and the
cells' paddings move the next row off that lattice (``mof_two_header_rows``: lines 12.25 points apart in a
cell, 12.75 across a row border). Where a region shows such steps off the lattice (its rows were drawn
with borders, then redrawn or exported without them), the baselines say what the words cannot:

* a piece a pitch below a cell's last line, in its column, goes on with it (``2023年12`` / ``月底前``);
  one off the pitch cannot (``月底前`` above ``≤45万``, the next row's target);
* a piece under no cell of a row joins the row only on its lattice (a cell centred lower in the row).

A region typed with spaces (every line a pitch below the last, rows too) shows no such steps: the pitch
then says nothing and the content's rules (``extract.pdf_wraps``) decide alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from jixiao.extract.pdf_columns import PageLine
from jixiao.extract.pdf_text import Line

PITCH_TOLERANCE = 0.2  # points: producers round positions (12.2 and 12.3 apart for a 12.25 pitch)
_MIN_OFF_LATTICE = 2  # steps off the lattice seen before a region's rows are taken to be apart by them
_SAME_SIZE = 0.3  # points: glyph heights this close are one font size (only those share a pitch)
_FARTHEST = 2.2  # line heights: a longer step is a blank line, which says nothing of the pitch


@dataclass(frozen=True, slots=True)
class Pitch:
    """The region's line pitch (points, baseline to baseline) and whether rows step off its lattice."""

    step: float
    bordered: bool

    def _steps(self, last: Line, piece: Line) -> float | None:
        """How many pitches ``piece`` stands below ``last`` (None when the pitch says nothing of them)."""
        if not self.bordered or abs(_height(last) - _height(piece)) > _SAME_SIZE:
            return None
        return (piece.base - last.base) / self.step

    def goes_on(self, last: Line, piece: Line) -> int:
        """Whether ``piece``, right below ``last`` in its column, is the next line of ``last``'s cell:
        1 a pitch below, -1 off it (another row), 0 the pitch says nothing."""
        steps = self._steps(last, piece)
        if steps is None or steps <= 0:
            return 0
        return 1 if abs(steps - 1) * self.step <= PITCH_TOLERANCE else -1

    def same_row(self, last: Line, piece: Line) -> bool | None:
        """Whether ``piece`` stands on the lattice of the row whose line ``last`` is (a whole or half
        pitch below it): None when the pitch says nothing."""
        steps = self._steps(last, piece)
        if steps is None:
            return None
        return abs(steps * 2 - round(steps * 2)) * self.step / 2 <= PITCH_TOLERANCE


def by_baseline(line: PageLine, pitch: Pitch | None, apart: Callable[[str], bool]) -> list[PageLine]:
    """``line`` with its pieces that may stand apart (``apart``: 一级/二级 labels) and do, on a baseline
    of their own, as lines of their own, top to bottom. Where rows step off the lattice, pieces grouped
    into one line by their tops (within a few points) may stand on different rows' lattices: 质量指标,
    merged over rows and centred, three quarters of a point above the first line of the row beside it."""
    if pitch is None or not pitch.bordered or len(line.pieces) < 2:
        return [line]
    stay = [p for p in line.pieces if not apart(p.text)]
    away = [
        p for p in line.pieces if apart(p.text) and all(abs(p.base - o.base) > PITCH_TOLERANCE for o in stay)
    ]
    if not stay or not away:
        return [line]
    groups: list[list[Line]] = [[p for p in line.pieces if p not in away]]
    for piece in sorted(away, key=lambda p: p.base):
        near = [g for g in groups[1:] if abs(g[-1].base - piece.base) <= PITCH_TOLERANCE]
        if near:
            near[0].append(piece)
        else:
            groups.append([piece])
    groups.sort(key=lambda g: min(p.base for p in g))
    return [replace(line, pieces=tuple(sorted(g, key=lambda p: p.x0))) for g in groups]


def region_pitch(lines: Sequence[PageLine]) -> Pitch | None:
    """The pitch of a region's lines: the commonest step from a piece to the nearest piece above it in its
    column (same page, same size); ``bordered`` when steps off its whole-and-half lattice are seen."""
    steps: list[float] = []
    for k, line in enumerate(lines):
        for piece in line.pieces:
            above = _nearest_above(lines, k, piece)
            if above is not None:
                steps.append(piece.base - above.base)
    # The smallest step seen more than once: a cell's wrapped lines (a row's step adds border and
    # paddings to it, so it is never the smaller).
    counts = Counter(round(s, 1) for s in steps)
    recurring = [v for v in sorted(counts) if sum(n for u, n in counts.items() if abs(u - v) <= 0.1) >= 2]
    if not recurring:
        return None
    near = [s for s in steps if abs(s - recurring[0]) <= PITCH_TOLERANCE]
    step = sum(near) / len(near)  # the mean: a producer rounds 12.25 to 12.2 and 12.3 by turns
    off = sum(abs(s * 2 / step - round(s * 2 / step)) * step / 2 > PITCH_TOLERANCE for s in steps)
    return Pitch(step, off >= _MIN_OFF_LATTICE)


def _nearest_above(lines: Sequence[PageLine], k: int, piece: Line) -> Line | None:
    for line in reversed(lines[max(0, k - 8) : k]):  # a few lines up: a step longer is a blank line
        if line.page != lines[k].page:
            return None
        for other in line.pieces:
            if other.x0 < piece.x1 and piece.x0 < other.x1:
                near = 0 < piece.base - other.base <= _FARTHEST * _height(piece)
                same = abs(_height(other) - _height(piece)) <= _SAME_SIZE
                return other if near and same else None
    return None


def _height(line: Line) -> float:
    return line.bottom - line.top


__all__ = ["PITCH_TOLERANCE", "Pitch", "by_baseline", "region_pitch"]
