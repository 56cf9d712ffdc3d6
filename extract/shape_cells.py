"""How each text shape's delimiters cut a form region into cells (``Token``s with locations and rows).

Pipes (``|`` or ``｜``, Markdown rules dropped), one cell per line (a trailing bar dropped), one cell per
paragraph (blank lines between), flattened rows (runs of spaces), and ``pdftotext -layout`` columns (a
cell's text wrapped onto the lines below it is joined back by its position and content). A title, an
attachment heading, a contents line or a page number is one cell whatever the shape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex
from jixiao.extract.cell_kinds import LABEL_KINDS, Token, classify
from jixiao.extract.labels import clean_label
from jixiao.extract.layout import Location, nonblank_chars
from jixiao.extract.segment import _TOC_LEADER
from jixiao.schemas.labels import FUND_COLUMNS, FUND_LINES, GOAL_LABELS, INDICATOR_COLUMNS

_PIPE = regex.compile(r"[|｜]")
_FRAGMENT = regex.compile(r"\S+(?:[ \u3000]\S+)*")  # text between runs of ≥ 2 spaces
_WIDE = regex.compile(
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)
_MD_RULE = regex.compile(r"^:?-{2,}:?$")  # a Markdown table's |---|---| line
_NUMERIC_PART = regex.compile(r"^[0-9.,%]+$")
_SHORT_HAN = regex.compile(r"^\p{Han}{1,2}$")
_BRACKETED = regex.compile(r"^[(（].*[)）]$|^[)）]")
_CELL_LABELS = LABEL_KINDS - {"title", "corner"}  # labels a table cell's halves may make
_HEADER_LABELS = LABEL_KINDS - {"part"}
# What every title, 附件 heading or table-of-contents line holds (a cheap test before the vocabulary's).
_PAGE_HINT = regex.compile(r"页|^\s*[-—–]")  # what a page number's line holds (see cell_kinds' _PAGE_MARK)
_EDGE_GAP = 3  # display columns between a cell filled to its edge and the next column
_ALONE_HINT = regex.compile(r"[表告附…⋯]|[.．·・]{3}|-{3}|—{2}")


def _loc(first: int, last: int) -> Location:
    return Location(line=first, line_end=last if last != first else None)


Cut = tuple[list[Token], int]  # the cells, and the non-blank characters read as borders


def tokens_pipe(lines: Sequence[str], first: int) -> Cut:
    out: list[Token] = []
    borders = 0
    for k, line in enumerate(lines):
        ln = first + k
        if not line.strip():
            continue
        if not _PIPE.search(line):
            out.append(Token(line.strip(), _loc(ln, ln), ln))
            continue
        parts = _PIPE.split(line.strip())
        if all(_MD_RULE.match(p.strip()) for p in parts if p.strip()) and any(p.strip() for p in parts):
            borders += nonblank_chars(line)
            continue
        borders += len(parts) - 1
        if parts and not parts[0].strip():
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        loc = _loc(ln, ln)  # one for the line's cells (a Location is immutable)
        out.extend(Token(p.strip(), loc, ln) for p in parts)
    return out, borders


def _unbar(line: str) -> tuple[str, int]:
    if "|" not in line and "｜" not in line:
        return line.strip(), 0
    text = line.strip().strip("|｜").strip()
    # Only spaces and bars were cut off: the borders are the bars that are no longer in the text.
    return text, line.count("|") + line.count("｜") - text.count("|") - text.count("｜")


def tokens_lines(lines: Sequence[str], first: int) -> Cut:
    out: list[Token] = []
    borders = 0
    for k, line in enumerate(lines, start=first):
        if "|" in line or "｜" in line:
            text, bars = _unbar(line)
            borders += bars
        else:
            text = line.strip()
        if text:
            out.append(Token(text, Location(line=k)))
    return out, borders


def _stands_alone(line: str) -> bool:
    """A title, an attachment heading or a table-of-contents line is one cell whatever the shape."""
    if not _ALONE_HINT.search(line):
        return False  # no title, 附件 heading or leader dots can be in it
    kind = classify(line.strip())
    return kind in ("title", "attachment") or bool(_TOC_LEADER.search(line))


def _one_cell(line: str) -> bool:
    """A line that is one cell whatever the shape: a title, heading, contents line or page number."""
    if _stands_alone(line):
        return True
    return len(line) <= 30 and bool(_PAGE_HINT.search(line)) and classify(line.strip()) == "chrome"


def tokens_paragraphs(lines: Sequence[str], first: int) -> Cut:
    out: list[Token] = []
    texts: list[str] = []  # the open paragraph's lines
    start = 0  # and its first line number
    borders = 0

    def close(last: int) -> None:
        out.append(Token(texts[0] if len(texts) == 1 else "\n".join(texts), _loc(start, last)))
        texts.clear()

    for k, line in enumerate(lines, start=first):
        stripped = line.strip()
        if not stripped:
            if texts:
                close(k - 1)
        elif _one_cell(line):
            if texts:
                close(k - 1)
            out.append(Token(stripped, Location(line=k)))
        else:
            if "|" in line or "｜" in line:
                stripped, bars = _unbar(line)
                borders += bars
            if not texts:
                start = k
            texts.append(stripped)
    if texts:
        close(first + len(lines) - 1)
    return out, borders


def tokens_flat(lines: Sequence[str], first: int) -> Cut:
    out: list[Token] = []
    for k, line in enumerate(lines):
        loc = _loc(first + k, first + k)
        if len(line) <= 60 and _one_cell(line):
            out.append(Token(line.strip(), loc))
        else:
            out.extend(Token(part, loc) for part in line.split())
    return out, 0


@dataclass(slots=True)
class _Column:
    parts: list[str]
    lo: int
    hi: int
    first: int
    last: int
    numeric: bool = field(default=False)


def _fragments(line: str) -> list[tuple[str, int, int]]:
    """Each run of text between wide gaps, with its display columns (a Chinese character is two wide)."""
    if line.isascii():
        return [(m.group(), m.start(), m.end()) for m in _FRAGMENT.finditer(line)]
    out = []
    pos = col = 0
    for m in _FRAGMENT.finditer(line):
        col += m.start() - pos + len(_WIDE.findall(line, pos, m.start()))  # the gap before it
        text = m.group()
        width = len(text) + len(_WIDE.findall(text))
        out.append((text, col, col + width))
        col += width
        pos = m.end()
    return out


def _label_halves(head: str, tail: str) -> bool:
    return classify(head) not in LABEL_KINDS and classify(head + tail) in _CELL_LABELS


@lru_cache(maxsize=1)
def _label_starts() -> frozenset[str]:
    """Every beginning (3 characters or more, short of the whole) of a column or line label."""
    out: set[str] = set()
    for vocab in (FUND_COLUMNS, INDICATOR_COLUMNS, FUND_LINES, GOAL_LABELS):
        for variants in vocab.values():
            for v in variants:
                label = clean_label(v)
                out.update(label[:n] for n in range(3, len(label)))
    return frozenset(out)


def _label_start(text: str) -> bool:
    return clean_label(text) in _label_starts()


def _continues(text: str, above: _Column, *, full: bool = False) -> bool:
    """Whether a fragment reads as the wrapped rest of the cell above it (``full``: that cell's text
    reaches the next column, as a cell wrapped at its column's edge does, or sits in the last column
    and starts where the fragment starts: a last column has no next one to reach)."""
    last = above.parts[-1]
    if text.startswith(("%", ":", "：")) or _BRACKETED.match(text) or not clean_label(text):
        return True  # no cell starts with a colon or a percent sign; "（万元）" or punctuation alone
    above_kind = classify(last)
    if _label_halves(last, text):
        return True  # "服务对象满意" over "度指标", "年初" over "预算数": the two halves of one label
    if above_kind not in LABEL_KINDS and _label_start(last + text):
        return True  # "全年实" over "际完成" (over "值"): a column label cut into three lines
    if _NUMERIC_PART.match(last) and last[-1] in ",.，．" and text[:1].isdigit():
        return True  # "52." over "6万人": a figure cut after its separator
    if above_kind == "part" and classify(last + text) == "part":
        return True  # a breakdown line cut in its label or its figure: "基本支出：43" over "19475.00"
    if classify(text) in LABEL_KINDS or _stands_alone(text):
        return False  # a label of its own starts a row
    if above_kind == "part":
        return False  # a breakdown line ends with its figure: text below it is the next line
    if _SHORT_HAN.match(text):
        return True
    if _NUMERIC_PART.match(text):
        # "3,20.6," over "71591"; "%" alone; or digits cut at the column's edge ("0755-800" over "00000")
        return (
            (bool(_NUMERIC_PART.match(last)) and last[-1] in ",.，．")
            or text == "%"
            or (full and last[-1:].isdigit())
        )
    return (len(last) >= 8 or full) and not last.endswith(("。", "；")) and classify(text) == "text"


def _homes(frags: list[tuple[str, int, int]], row: list[_Column]) -> list[_Column] | None:
    """The cell above each fragment when every fragment continues one; else None.

    A row of one cell is mostly a line of text: only the halves of one label are joined across it
    (``纳入专户管理的非税`` over ``收入拨款：``).
    """
    if len(row) < 2 and not (len(row) == len(frags) == 1 and _label_halves(row[0].parts[-1], frags[0][0])):
        return None
    if len(frags) > len(row):
        return None
    homes: list[_Column] = []
    for text, lo, hi in frags:
        at = next((i for i, c in enumerate(row) if lo < c.hi + 1 and c.lo < hi + 1), None)
        if at is None:
            return None
        home = row[at]
        # A narrow column's cell wraps after a few characters: its text then ends right where the next
        # column starts (``少年宫开`` above ``展活动次``); in the last column (``受系统`` above ``升级影``)
        # the wrapped rest starts where the cell starts.
        last_column = at + 1 == len(row)
        full = abs(lo - home.lo) <= 1 if last_column else row[at + 1].lo - home.hi <= _EDGE_GAP
        if not _continues(text, home, full=full):
            return None
        homes.append(home)
    return homes


def _label_cut_before_figures(row: list[_Column], frags: list[tuple[str, int, int]]) -> bool:
    """A row that is one cell, and a line whose first fragment below it completes it into a row label."""
    if len(row) != 1 or len(frags) < 2:
        return False
    text, lo, hi = frags[0]
    cell = row[0]
    if not (lo < cell.hi + 1 and cell.lo < hi + 1):
        return False
    head = "".join(cell.parts)
    return classify(head) == "text" and classify(head + text) in ("fund_line", "total")


def _all_labels(row: list[_Column]) -> bool:
    # Header labels (centred, so wrapped around each other); breakdown lines are whole rows of their own.
    return len(row) >= 2 and all(classify("".join(c.parts)) in _HEADER_LABELS for c in row)


def tokens_layout(lines: Sequence[str], first: int) -> Cut:
    """PDF columns: a line whose every fragment continues the cell above it is that row's wrap.

    A header's labels are centred in their cells, so a header row may be split over several lines with
    a row of other labels between (``年初预算`` … / ``分值 执行率 得分`` / ``数`` …): while the row above
    is labels only, a wrap may also continue the row before it.
    """
    out: list[Token] = []
    rows: list[list[_Column]] = []  # the last rows, still open to wraps (at most two)

    def emit(row: list[_Column]) -> None:
        # A PDF wraps a cell at the column's edge: the break is layout, not a line the clerk wrote.
        out.extend(Token("".join(c.parts), _loc(c.first, c.last), row[0].first) for c in row)

    for k, line in enumerate(lines):
        ln = first + k
        frags = _fragments(line)
        if not frags:
            for row in rows:
                emit(row)
            rows = []
            continue
        homes = _homes(frags, rows[-1]) if rows else None
        if homes is None and len(rows) == 2 and _all_labels(rows[-1]):
            homes = _homes(frags, rows[0])
        if homes is not None:
            for (text, _, hi), home in zip(frags, homes, strict=True):
                home.parts.append(text)
                home.last, home.hi = ln, max(home.hi, hi)
            continue
        if rows and _label_cut_before_figures(rows[-1], frags):
            # "其中：当年财政" above "拨款   320.67 …": the label's rest opens the line of its figures.
            head = rows[-1][0]
            text, _, hi = frags[0]
            head.parts.append(text)
            head.last, head.hi = ln, max(head.hi, hi)
            rows[-1].extend(_Column([t], lo, h, ln, ln) for t, lo, h in frags[1:])
            continue
        if len(rows) == 2:
            emit(rows.pop(0))
        rows.append([_Column([text], lo, hi, ln, ln) for text, lo, hi in frags])
    for row in rows:
        emit(row)
    return out, 0


TOKENIZERS: dict[str, Callable[[Sequence[str], int], Cut]] = {
    "pipe": tokens_pipe,
    "lines": tokens_lines,
    "paragraphs": tokens_paragraphs,
    "flat": tokens_flat,
    "layout": tokens_layout,
}

__all__ = [
    "TOKENIZERS",
    "Cut",
    "tokens_flat",
    "tokens_layout",
    "tokens_lines",
    "tokens_paragraphs",
    "tokens_pipe",
]
