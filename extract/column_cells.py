"""PDF text laid out in columns by spaces (``pdftotext -layout``) → cells (``Token``s with rows).

A cell's text wrapped onto the lines below it is joined back by its position and its content; a header
row's labels, centred, may wrap around each other; an empty cell, which leaves no text in a PDF, is kept as
an empty cell under the last header row's column (``_under``). Also the helpers every text shape shares:
a title, attachment heading or contents line stands alone (``stands_alone``), and a cell's line span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex
from jixiao.extract.cell_kinds import LABEL_KINDS, Token, classify
from jixiao.extract.labels import clean_label
from jixiao.extract.layout import Location
from jixiao.extract.segment import _TOC_LEADER
from jixiao.extract.white_space import NON_SPACE
from jixiao.schemas.labels import FUND_COLUMNS, FUND_LINES, GOAL_LABELS, INDICATOR_COLUMNS

# Text between runs of ≥ 2 spaces. (Possessive: a run of text never gives a character back, as none of them
# could be the space the pattern looks for next; the engine need not keep them to try again.)
_FRAGMENT = re.compile(rf"{NON_SPACE}++(?:[ \u3000]{NON_SPACE}++)*+")
_WIDE = re.compile(
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)
_NUMERIC_PART = re.compile(r"^[0-9.,%０-９．，％]+$")  # a figure or a piece of one (full-width too)
# A figure cut after its separator, alone or after a breakdown line's colon (財政撥款：7377985.): what
# follows on the next line under it is the rest of it, never a figure of its own.
_CUT_FIGURE = re.compile(r"(?:^|[:：])[0-9０-９][0-9０-９,，]*[.,，．]$")
_SHORT_HAN = regex.compile(r"^\p{Han}{1,2}$")
_BRACKETED = re.compile(r"^[(（].*[)）]$|^[)）]")
_OPEN_BRACKET = re.compile(r"[(（][^)）]*$")  # a bracket the text leaves open
_CLOSE_BRACKET = re.compile(r"^[^(（)）]{1,6}[)）]")  # a short text that closes one
_CELL_LABELS = LABEL_KINDS - {"title", "corner"}  # labels a table cell's halves may make
_HEADER_LABELS = LABEL_KINDS - {"part"}
_COLUMN_LABELS = frozenset(("fund_col", "ind_col", "goal", "corner"))  # what names a table's columns
_PROSE_END = re.compile(r"[。；]$")
_EDGE_GAP = 3  # display columns between a cell filled to its edge and the next column
# What every title, 附件 heading or table-of-contents line holds (a cheap test before the vocabulary's).
ALONE_HINT = re.compile(r"[表告附…⋯]|[.．·・]{3}|-{3}|—{2}")

Cut = tuple[list[Token], int]  # the cells, and the non-blank characters read as borders


def cell_location(first: int, last: int) -> Location:
    return Location(first, last if last != first else None)  # (line, line_end): positional is quicker


# A PDF row's cells and the empty cells kept under its columns share their lines: one (immutable)
# Location for them all. (The other shapes make one per line or paragraph: no use for a cache there.)
_row_location = lru_cache(maxsize=1 << 14)(cell_location)


def stands_alone(line: str) -> bool:
    """A title, an attachment heading or a table-of-contents line is one cell whatever the shape."""
    if not ALONE_HINT.search(line):
        return False  # no title, 附件 heading or leader dots can be in it
    kind = classify(line.strip())
    return kind in ("title", "attachment") or bool(_TOC_LEADER.search(line))


@dataclass(slots=True)
class _Column:
    parts: list[str]
    lo: int
    hi: int
    first: int
    last: int


def _fragments(line: str) -> list[tuple[str, int, int]]:
    """Each run of text between wide gaps, with its display columns (a Chinese character is two wide)."""
    if line.isascii():
        return [(m.group(), m.start(), m.end()) for m in _FRAGMENT.finditer(line)]
    out = []
    pos = col = 0
    wide_gaps = "\u3000" in line
    for m in _FRAGMENT.finditer(line):
        start, end = m.span()
        # The gap before it: white space, whose only wide character is the ideographic space.
        col += start - pos + (line.count("\u3000", pos, start) if wide_gaps else 0)
        text = m.group()
        width = _width(text)
        out.append((text, col, col + width))
        col += width
        pos = end
    return out


@lru_cache(maxsize=1 << 16)  # a form's labels and figures recur on every page: once per distinct text
def _width(text: str) -> int:
    """Display columns of a fragment: a Chinese character is two wide."""
    return len(text) + len(_WIDE.findall(text))


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
    if _OPEN_BRACKET.search(last) and _CLOSE_BRACKET.match(text):
        return True  # "年度预算数（" over "万元）", "预算执行情况（10" over "分）": the bracket closes below
    above_kind = classify(last)
    if _label_halves(last, text):
        return True  # "服务对象满意" over "度指标", "年初" over "预算数": the two halves of one label
    if above_kind in _CELL_LABELS and classify(last + text) in _CELL_LABELS and _label_start(last):
        return True  # "执行率" over "权重": a centred label wrapped after a word that is a label too
    if above_kind not in LABEL_KINDS and _label_start(last + text):
        return True  # "全年实" over "际完成" (over "值"): a column label cut into three lines
    if _CUT_FIGURE.search(last) and text[:1].isdigit():
        return True  # "52." over "6万人", "328，400." over "00": a figure cut after its separator
    if above_kind == "part" and classify(last + text) == "part":
        return True  # a breakdown line cut in its label or its figure: "基本支出：43" over "19475.00"
    if classify(text) in LABEL_KINDS or stands_alone(text):
        return False  # a label of its own starts a row
    if above_kind == "part":
        return False  # a breakdown line ends with its figure: text below it is the next line
    whole = classify("".join(above.parts))
    if (len(above.parts) > 1 and whole in _CELL_LABELS) or whole == "header":
        # "转移支付（项目）" + "名称", "部门（单位）名称": a whole label, the text below starts a row
        return False
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
    soft = 0  # fragments below a cell ending a sentence: a wrap only if another one surely is
    mid_sentence = False
    for text, lo, hi in frags:
        at = 0  # the first cell above that it overlaps
        for home in row:
            if lo <= home.hi and home.lo <= hi:
                break
            at += 1
        else:
            return None
        # A narrow column's cell wraps after a few characters: its text then ends right where the next
        # column starts (``少年宫开`` above ``展活动次``); in the last column (``受系统`` above ``升级影``)
        # the wrapped rest starts where the cell starts.
        last_column = at + 1 == len(row)
        full = abs(lo - home.lo) <= 1 if last_column else row[at + 1].lo - home.hi <= _EDGE_GAP
        if _continues(text, home, full=full):
            last = home.parts[-1]
            mid_sentence = mid_sentence or (len(last) >= 8 and not _PROSE_END.search(last))
        elif _sentence_wrap(text, home, full):
            soft += 1
        else:
            return None
        homes.append(home)
    # A row's cells start on one line: beside a cell cut mid-sentence (``…2个村因`` over ``规划调整…``),
    # the text below a cell that ended a sentence (``…建设；`` over ``目标2：…``) is that cell's too.
    return homes if not soft or mid_sentence else None


def _sentence_wrap(text: str, above: _Column, full: bool) -> bool:
    last = above.parts[-1]
    return (len(last) >= 8 or full) and bool(_PROSE_END.search(last)) and classify(text) == "text"


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


def _label_rest_opens_line(row: list[_Column], frags: list[tuple[str, int, int]]) -> bool:
    """A row's first cell cut in its label (``年度总体`` over ``目标``: a label centred in a cell merged over
    two rows) whose rest opens the next line, before that line's own cells (the goal texts)."""
    if len(row) < 2 or len(frags) < 2:
        return False
    text, lo, hi = frags[0]
    cell = row[0]
    if not (lo < cell.hi + 1 and cell.lo < hi + 1) or frags[1][1] <= cell.hi:
        return False
    head = "".join(cell.parts)
    return classify(head) == "text" and classify(head + text) in _CELL_LABELS


def _all_labels(row: list[_Column]) -> bool:
    # Header labels (centred, so wrapped around each other); breakdown lines are whole rows of their own.
    return len(row) >= 2 and all(classify("".join(c.parts)) in _HEADER_LABELS for c in row)


def _under(head: list[_Column], row: list[_Column]) -> list[int]:
    """The header column each cell of ``row`` lies under (one each, left to right), or [] when a cell
    lies under none or several of them, or two under one. The first cell may lie under none (-1): a row
    label in a column whose header cell is blank (the money block's label column)."""
    out: list[int] = []
    spans = [(h.lo, h.hi) for h in head]
    for n, c in enumerate(row):
        lo, hi = c.lo, c.hi
        hits = [k for k, (head_lo, head_hi) in enumerate(spans) if lo < head_hi and head_lo < hi]
        if n == 0 and not hits and len(row) > 1:
            out.append(-1)
            continue
        if len(hits) != 1 or (out and hits[0] <= out[-1]):
            return []
        out.append(hits[0])
    return out if any(k >= 0 for k in out) else []


def _labels_one_space_apart(c: _Column) -> list[_Column]:
    """Two column labels a narrow header left one space apart (``实际完成值 分值``) are two columns: read
    as one, the rows below no longer lie under the header and their figures slide into other columns."""
    words = c.parts[0].split(" ") if len(c.parts) == 1 else []
    if len(words) < 2 or not all(classify(w) in _COLUMN_LABELS for w in words):
        return [c]
    out: list[_Column] = []
    lo = c.lo
    for w in words:
        width = len(w) + len(_WIDE.findall(w))
        out.append(_Column([w], lo, lo + width, c.first, c.last))
        lo += width + 1
    return out


def _empties(count: int, at: _Column, row: int) -> list[Token]:
    loc = _row_location(at.first, at.first)
    return [Token("", loc, row) for _ in range(count)]


def tokens_layout(lines: Sequence[str], first: int) -> Cut:
    """PDF columns: a line whose every fragment continues the cell above it is that row's wrap.

    A header's labels are centred in their cells, so a header row may be split over several lines with
    a row of other labels between (``年初预算`` … / ``分值 执行率 得分`` / ``数`` …): while the row above
    is labels only, a wrap may also continue the row before it.
    """
    out: list[Token] = []
    rows: list[list[_Column]] = []  # the last rows, still open to wraps (at most two)
    header_cols: list[_Column] = []  # the last header row's columns, for the empty cells below it

    def emit(row: list[_Column]) -> None:
        nonlocal header_cols
        # (only a cell of one line with a space in it can hold two labels: the others are as they are)
        row = [
            piece
            for c in row
            for piece in (_labels_one_space_apart(c) if len(c.parts) == 1 and " " in c.parts[0] else (c,))
        ]
        # A PDF wraps a cell at the column's edge: the break is layout, not a line the clerk wrote.
        texts = ["".join(c.parts) for c in row]
        kinds = list(map(classify, texts))
        # A header row: labels, and short names the vocabulary lacks (年初指标值), never a figure.
        if len(row) >= 3 and "value" not in kinds and 2 * sum(k in _COLUMN_LABELS for k in kinds) >= len(row):
            header_cols = list(row)
            out.extend(
                Token(t, _row_location(c.first, c.last), row[0].first)
                for t, c in zip(texts, row, strict=True)
            )
            return
        slots = _under(header_cols, row)
        # An empty cell leaves no text in a PDF: one empty cell per header column skipped, between the
        # cells and after the last one, so that the cells keep their columns (重庆's blank 调整指标值, a
        # blank template's 分值 and 得分). A row that does not lie under the header leaves its table.
        ends = [*slots, len(header_cols)] if slots else []
        for n, (text, c) in enumerate(zip(texts, row, strict=True)):
            if n and ends and ends[n - 1] >= 0 and ends[n] - ends[n - 1] > 1:
                out.extend(_empties(ends[n] - ends[n - 1] - 1, c, row[0].first))
            out.append(Token(text, _row_location(c.first, c.last), row[0].first))
        if ends:
            if ends[-1] - ends[-2] > 1:
                out.extend(_empties(ends[-1] - ends[-2] - 1, row[-1], row[0].first))
        else:
            header_cols = []

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
        if rows and _label_rest_opens_line(rows[-1], frags):
            # "年度总体" above "目标   完成…任务。   已完成…": the label's rest, then the next row's cells.
            head = rows[-1][0]
            text, _, hi = frags[0]
            head.parts.append(text)
            head.last, head.hi = ln, max(head.hi, hi)
            frags = frags[1:]
        if len(rows) == 2:
            emit(rows.pop(0))
        rows.append([_Column([text], lo, hi, ln, ln) for text, lo, hi in frags])
    for row in rows:
        emit(row)
    return out, 0


__all__ = ["ALONE_HINT", "Cut", "cell_location", "stands_alone", "tokens_layout"]
