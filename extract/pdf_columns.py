"""A PDF page's lines without ruling lines: pieces (one a cell) and the columns their left edges line up in.

``group_pieces`` (``extract.pdf_text``) cuts each line where glyphs stand far apart; here the pieces are
put right for the region they are in (a label spaced out with full-width spaces is one piece, and so are
pieces closer than the region's narrowest gap between columns) and each gets its room: how far its text
may run before the next cell. ``extract.pdf_words`` then builds the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import regex
from jixiao.extract.pdf_text import Line

PIECE_GAP = 0.6  # font sizes: a wider gap between two glyphs of a line separates two cells
_LETTER_SPACING = 2.3  # font sizes: two full-width spaces and a little
_LONE_LETTER = regex.compile(r"^\p{Han}$")
_LONE_LETTER_END = regex.compile(r"(?:^|\s)\p{Han}$")


@dataclass(frozen=True, slots=True)
class PageLine:
    """One line of a page: its pieces (one a cell), left to right."""

    page: int
    number: int  # 1-based line on its page
    pieces: tuple[Line, ...]
    furniture: bool = False  # a page number or running head

    @property
    def text(self) -> str:
        # Two spaces between pieces: a column gap, as the text shapes' vocabulary test knows it.
        return "  ".join(p.text for p in self.pieces)


def cell_gap(lines: Sequence[PageLine], starts: Sequence[float]) -> float:
    """The narrowest gap before a piece that starts a column: two cell paddings (0 when none is seen)."""
    at = {round(x) for x in starts}
    gaps = [
        b.x0 - a.x1
        for ln in lines
        for a, b in zip(ln.pieces, ln.pieces[1:], strict=False)
        if round(b.x0) in at
    ]
    return min(gaps, default=0.0)


def _joined(prev: Line, piece: Line) -> Line:
    space = piece.x0 - prev.x1
    return Line(
        f"{prev.text} {piece.text}",
        prev.x0,
        piece.x1,
        min(prev.top, piece.top),
        max(prev.bottom, piece.bottom),
        (*prev.widths, space, *piece.widths),
        max(prev.base, piece.base),
    )


def rejoin(line: PageLine, gap: float) -> PageLine:
    """Pieces closer than two paddings are one cell's text (``其中：  一般公共预算：…``): one piece again."""
    pieces = list(line.pieces[:1])
    for piece in line.pieces[1:]:
        if piece.x0 - pieces[-1].x1 < gap - 0.5:
            pieces[-1] = _joined(pieces[-1], piece)
        else:
            pieces.append(piece)
    return replace(line, pieces=tuple(pieces)) if len(pieces) != len(line.pieces) else line


def spaced_letters(line: PageLine) -> PageLine:
    """A label spaced out with full-width spaces (``总　　分``, ``分　值``, ``绩　效　指　标``) is one piece.

    Its letters stand alone, one Chinese character each, at most :data:`_LETTER_SPACING` font sizes
    apart: two cells side by side are never both a lone character that close.
    """
    pieces = list(line.pieces[:1])
    for piece in line.pieces[1:]:
        prev = pieces[-1]
        size = prev.bottom - prev.top
        close = piece.x0 - prev.x1 <= _LETTER_SPACING * size
        if close and _LONE_LETTER_END.search(prev.text) and _LONE_LETTER.match(piece.text):
            pieces[-1] = _joined(prev, piece)
        else:
            pieces.append(piece)
    return replace(line, pieces=tuple(pieces)) if len(pieces) != len(line.pieces) else line


def column_starts(lines: Sequence[PageLine]) -> list[float]:
    """Left edges where pieces of several lines start: the columns of the region (gaps aligned)."""
    count: dict[int, int] = {}
    for ln in lines:
        for p in ln.pieces:
            count[round(p.x0)] = count.get(round(p.x0), 0) + 1
    starts = sorted(x for x, n in count.items() if n + count.get(x - 1, 0) + count.get(x + 1, 0) >= 2)
    return [float(x) for x in starts]


def rooms(line: PageLine, gap: float, right: float, starts: Sequence[float]) -> list[tuple[float, float]]:
    """Where each piece's text may run: to the next piece on its line or the next column to its right,
    less the narrowest gap between cells (two paddings)."""
    rooms = []
    for k, p in enumerate(line.pieces):
        ends = [line.pieces[k + 1].x0] if k + 1 < len(line.pieces) else []
        ends += [x for x in starts if x > p.x1 + 1][:1]
        end = min(ends) - gap if ends else right
        rooms.append((p.x0, max(end, p.x1)))
    return rooms


__all__ = ["PIECE_GAP", "PageLine", "cell_gap", "column_starts", "rejoin", "rooms", "spaced_letters"]
