"""Text of a PDF region from its characters: lines from positions, and wrapped lines joined back.

A PDF has no paragraphs or cell texts, only glyphs at positions. Lines are glyphs of one baseline band,
ordered left to right. Whether two consecutive lines are one wrapped piece of text or two is decided as
a word processor decides where to wrap: if the first word of the next line would have fitted in the room
left at the end of this line, the writer broke the line on purpose (``\\n`` kept); otherwise the text
wrapped, and the pieces are joined by the rules of their content (:func:`join_wrapped`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex

_Y_TOLERANCE = 3.0  # points: glyphs whose tops differ by less sit on one line
_SPACE_GAP = 0.25  # a gap wider than this share of the font size between glyphs reads as a space
_NO_SPACE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef]")
_NUMERIC_JOIN = regex.compile(r"[0-9.,，．%％‰+\-−/:：()（）]")  # digits and their separators
_LAST_WORD = regex.compile(
    r"[^\s\p{Han}\u3000-\u303f\uff00-\uffef]*$"
)  # the Latin/digit run a line ends with
_FIRST_WORD = regex.compile(  # the first piece a line cannot be broken inside
    r"""[^\s\p{Han}\u3000-\u303f\uff00-\uffef]+  # a Latin word or number
    | .[，。；：、！？）」』】》〉”’,.;:!?)%％]*  # or one character with the closing marks after it
    """,
    regex.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of glyphs: its text and box (PDF points, top-down like pdfplumber)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    widths: tuple[float, ...]  # advance of each character of ``text`` (a space gets the gap it stands for)
    base: float = 0.0  # the baseline, top-down: lines of one font size stand a pitch apart whatever the font

    def prefix_width(self, count: int) -> float:
        return sum(self.widths[:count])


def join_wrapped(first: str, second: str) -> str:
    """Join two pieces of one wrapped text by their content.

    Digits and separators join without space, Chinese joins without space, Latin words with one space.

    >>> join_wrapped("3,20.6,", "71591"), join_wrapped("99.99", "%"), join_wrapped("10", "分")
    ('3,20.6,71591', '99.99%', '10分')
    >>> join_wrapped("产生好的社会影响", "力，满足"), join_wrapped("performance", "targets")
    ('产生好的社会影响力，满足', 'performance targets')
    >>> join_wrapped("", "x"), join_wrapped("rate of", "95%")
    ('x', 'rate of 95%')
    """
    if not first or not second:
        return first + second
    a, b = first[-1], second[0]
    if a.isspace() or b.isspace() or _NO_SPACE.match(a) or _NO_SPACE.match(b):
        return first + second
    if _NUMERIC_JOIN.match(a) and _NUMERIC_JOIN.match(b):
        return first + second
    if a == "-" and b.isalpha():  # a hyphenated word broken at its hyphen keeps the hyphen
        return first + second
    return f"{first} {second}"


def group_lines(chars: Sequence[dict[str, Any]]) -> list[Line]:
    """Glyphs → lines, top to bottom; within a line left to right, a space where the gap is wide."""
    return [line for band in _bands(chars) if (line := _line(band)) is not None]


def _bands(chars: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Glyphs of one baseline band each, top to bottom."""
    ordered = sorted(chars, key=lambda c: (c["top"], c["x0"]))
    bands: list[list[dict[str, Any]]] = []
    band_top = 0.0
    for ch in ordered:
        if bands and ch["top"] - band_top <= _Y_TOLERANCE:
            bands[-1].append(ch)
        else:
            bands.append([ch])
            band_top = ch["top"]
    return bands


def group_pieces(chars: Sequence[dict[str, Any]], gap: float) -> list[list[Line]]:
    """Glyphs → lines, each cut into pieces where the gap between glyphs is wider than ``gap`` font sizes.

    A page drawn without ruling lines separates its columns by such gaps only: a piece is (a line of)
    one cell.
    """
    out: list[list[Line]] = []
    for band in _bands(chars):
        band.sort(key=lambda c: c["x0"])
        pieces: list[list[dict[str, Any]]] = []
        right = None
        spaces: list[dict[str, Any]] = []  # drawn spaces since the last glyph
        for ch in band:
            if ch["text"].isspace():
                spaces.append(ch)
                continue
            size = max(float(ch.get("size") or 10.0), 1.0)
            # One drawn space is text ("分　值", "合计 100"); a run of them is a gap between columns.
            filler = sum(s["x1"] - s["x0"] for s in spaces) if len(spaces) == 1 else 0.0
            if right is None or ch["x0"] - right - filler > gap * size:
                pieces.append([])
            elif spaces:
                pieces[-1].extend(spaces)
            spaces = []
            pieces[-1].append(ch)
            right = ch["x1"] if right is None else max(right, ch["x1"])
        lines = [line for piece in pieces if (line := _line(piece)) is not None]
        if lines:
            out.append(lines)
    return out


def _line(band: list[dict[str, Any]]) -> Line | None:
    band.sort(key=lambda c: c["x0"])
    parts: list[str] = []
    widths: list[float] = []
    prev: dict[str, Any] | None = None
    for ch in band:
        text = ch["text"]
        if prev is not None:
            gap = ch["x0"] - prev["x1"]
            if gap > _SPACE_GAP * max(float(ch.get("size") or 10.0), 1.0) and not (
                parts[-1].isspace() or text.isspace()
            ):
                parts.append(" ")
                widths.append(gap)
        parts.append(text)
        widths.append(max(ch["x1"] - ch["x0"], 0.0) / max(len(text), 1))
        widths.extend([widths[-1]] * (len(text) - 1))
        prev = ch
    text = "".join(parts)
    stripped = text.strip()
    if not stripped:
        return None
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    bases = sorted(_baseline(c) for c in band if not c["text"].isspace())
    return Line(
        stripped,
        min(c["x0"] for c in band if not c["text"].isspace()),
        max(c["x1"] for c in band if not c["text"].isspace()),
        min(c["top"] for c in band),
        max(c["bottom"] for c in band),
        tuple(widths[lead:trail]),
        bases[len(bases) // 2],
    )


def _baseline(char: dict[str, Any]) -> float:
    """Where the glyph stands, top-down (``top`` moves with the font's ascent: 2023 beside 年 may differ)."""
    matrix = char.get("matrix")
    if not matrix or "y1" not in char:
        return float(char["bottom"])
    return float(char["top"]) + float(char["y1"]) - float(matrix[5])


def wrapped(line: Line, following: Line, room_x0: float, room_x1: float) -> bool:
    """True when ``following`` continues ``line`` because its first word did not fit after it.

    ``room_x0``/``room_x1`` bound where text may go (a cell less its padding, a page's text column).
    Centred or right-aligned text is judged by width alone: the room left is what the line does not use.
    """
    room = (room_x1 - room_x0) - (line.x1 - line.x0)
    word = _FIRST_WORD.match(following.text)
    need = following.prefix_width(word.end() if word else 1)
    if not _NO_SPACE.match(following.text[0]) and not _NO_SPACE.match(line.text[-1]):
        need += _space_width(line)  # a Latin word needs its space too
    return need > room + 0.5  # half a point for rounding in the producer


def _space_width(line: Line) -> float:
    return 0.25 * (sum(line.widths) / max(len(line.widths), 1))


def join_next(text: str, line: Line, following: Line, room_x0: float, room_x1: float) -> str:
    """``text`` (which ends with ``line``) and the line after it, as the writer had them.

    Not wrapped: a line break. Wrapped: joined by content (:func:`join_wrapped`) — but two pieces that
    would join into one word (``100`` + ``95``) are one word only if that word is too wide for the room;
    a narrower one would not have been broken, so the break was at a space: ``100 95``, never ``10095``.
    """
    if not wrapped(line, following, room_x0, room_x1):
        return f"{text}\n{following.text}"
    joined = join_wrapped(text, following.text)
    if joined == text + following.text and _word_edge(line.text[-1]) and _word_edge(following.text[0]):
        last = _LAST_WORD.search(line.text)
        tail = last.start() if last else len(line.text)
        so_far = _LAST_WORD.search(text)
        if so_far is not None and len(so_far.group()) > len(line.text) - tail:
            return joined  # the word began on a line above: already too wide for the room
        head = _FIRST_WORD.match(following.text)
        word = sum(line.widths[tail:]) + following.prefix_width(head.end() if head else 1)
        if word <= (room_x1 - room_x0) + 0.5:
            return f"{text} {following.text}"
    return joined


def _word_edge(ch: str) -> bool:
    return not ch.isspace() and not _NO_SPACE.match(ch)


def join_lines(lines: Sequence[Line], room_x0: float, room_x1: float) -> str:
    """The text of a region's lines: wrapped lines joined by content, deliberate breaks kept as ``\\n``."""
    out = ""
    for i, line in enumerate(lines):
        out = line.text if i == 0 else join_next(out, lines[i - 1], line, room_x0, room_x1)
    return out
