"""Text without the TAB grammar → blocks: find the form regions, tell how their cells are delimited, cut.

A text export that is not Word's TAB grammar still holds the forms, in other shapes: pipe rows (web pages,
Markdown), one cell per line, one cell per paragraph, rows or whole forms flattened onto one line, PDF text
(``pdftotext -layout``: columns aligned by spaces, a cell's text wrapped onto the lines below). Each form
region (from the vocabulary's first sight to its ``总分`` row) is measured on its own and cut into cells
(``Token``s) by its shape; ``extract.cell_stream`` then rebuilds the rows. Lines outside every region stay
one paragraph each, as the TAB reader gives them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex
from jixiao.extract.cell_kinds import LABEL_KINDS, Token, classify
from jixiao.extract.cell_stream import build_blocks
from jixiao.extract.labels import clean_label, to_simplified
from jixiao.extract.layout import Block, Location, Paragraph, nonblank_chars
from jixiao.extract.segment import _TOC_LEADER, classify_title
from jixiao.schemas.labels import FUND_COLUMNS, FUND_LINES, GOAL_LABELS, INDICATOR_COLUMNS

# Words every form shape shares; a line holding one belongs to a form region.
_ANCHOR = regex.compile(
    r"预算数|执行数|执行率|[一二三]级指标|资金总额|总分|绩效自评表|自评表|绩效目标表|指标值"
)
_TOTAL = regex.compile(r"(?:^|[\s|｜])\s*(?:总\s*分|合\s*计)\s*(?:$|[\s|｜:：0-9])")
_VALUES_ONLY = regex.compile(r"^[\s|｜0-9.,%—\-/]*$")
_PIPE = regex.compile(r"[|｜]")
_GAP = regex.compile(r"\S(?: {2,}|\u3000{2,})\S")  # a run of spaces between columns
_GAP_RUN = regex.compile(r"(?<=\S)(?: {2,}|\u3000{2,})(?=\S)")
_SINGLE_SPACE = regex.compile(r"(?<=\S)[ \u3000](?=\S)")
_FRAGMENT = regex.compile(r"\S+(?:[ \u3000]\S+)*")  # text between runs of ≥ 2 spaces
_WIDE = regex.compile(
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)
_MD_RULE = regex.compile(r"^:?-{2,}:?$")  # a Markdown table's |---|---| line
_NUMERIC_PART = regex.compile(r"^[0-9.,%]+$")
_SHORT_HAN = regex.compile(r"^\p{Han}{1,2}$")
_BRACKETED = regex.compile(r"^[(（].*[)）]$|^[)）]")
_EDGE_GAP = 3  # display columns between a cell filled to its edge and the next column
LOOKBACK = 12  # header lines (title, 项目名称 …) a region may start before its first vocabulary line


_PROSE = regex.compile(r"[，。；]")
_CELL_LABELS = LABEL_KINDS - {"title", "corner"}  # labels a table cell's halves may make
# What every title, 附件 heading or table-of-contents line holds (a cheap test before the vocabulary's).
_ALONE_HINT = regex.compile(r"[表告附…⋯]|[.．·・]{3}|-{3}|—{2}")
_NUMBERED = regex.compile(r"^[(（]?[一二三四五六七八九十0-9]{1,3}[)）、.．]")  # "一、", "（一）", "1."


def _has_anchor(line: str) -> bool:
    """A line where the form vocabulary stands as a cell (not a sentence of a report that mentions it)."""
    if line.isascii():
        return False
    simple = line if _ANCHOR.search(line) else to_simplified(line)
    found = {m.group() for m in _ANCHOR.finditer(simple)}
    if not found:
        return False
    if _PIPE.search(line) or _GAP.search(line):
        return True  # the word stands in a cell
    if _PROSE.search(simple):
        return len(found) >= 4  # a report's sentence names a word or two of the form; a flat form many
    # A line of its own: a label or title of the form ("全年预算数", "项目支出绩效自评表"), or several of
    # the form's words; a report's heading ("（一）预算执行率情况") is neither.
    return len(found) >= 2 or classify(line.strip()) in LABEL_KINDS


def _region_end(lines: Sequence[str], start: int) -> int:
    """The line after a form region that starts at ``start``: past its 总分 row and the figures below it."""
    n = len(lines)
    i = start
    while i < n:
        line = lines[i]
        if i > start and "报告" in line and classify_title(line) == "report":
            return i
        if _TOTAL.search(line if line.isascii() else to_simplified(line)):
            j, seen = i + 1, 0
            while j < n and seen < 4 and _VALUES_ONLY.match(lines[j]):
                seen += bool(lines[j].strip())
                j += 1
            return j
        i += 1
    return n


def _region_start(lines: Sequence[str], anchor: int, floor: int) -> int:
    start = anchor
    while start > floor and anchor - start < LOOKBACK:
        prev = lines[start - 1].strip()
        if prev and (len(prev) > 60 or _PROSE.search(prev) or _NUMBERED.match(prev)):
            break  # a report's sentence or numbered heading is not the form's header
        if prev and classify_title(prev) == "report":
            break
        start -= 1
    return start


def detect_shape(lines: Sequence[str]) -> str:
    """How a region marks its cells: pipe | layout | flat | paragraphs | lines.

    >>> detect_shape(["年度资金总额 | 56.40 | 58.00", "其中:当年财政拨款 | 56.40 | 58.00"])
    'pipe'
    >>> detect_shape(["年度资金总额", "56.40", "58.00"])
    'lines'
    """
    nonblank = [ln for ln in lines if ln.strip()]
    if not nonblank:
        return "lines"
    share = 0.3 * len(nonblank)
    piped = [ln for ln in nonblank if _PIPE.search(ln)]
    if len(piped) >= share:
        # A bar after every one-cell line (``56.40 |``) marks cells, not rows: that is one cell per line.
        cells = sum(sum(bool(p.strip()) for p in _PIPE.split(ln)) >= 2 for ln in piped)
        return "pipe" if cells >= 0.3 * len(piped) else "lines"
    spaced = [ln for ln in nonblank if " " in ln or "\u3000" in ln]
    if sum(bool(_GAP.search(ln)) for ln in spaced) >= share:
        gaps = sum(len(_GAP_RUN.findall(ln)) for ln in spaced)
        if gaps >= sum(len(_SINGLE_SPACE.findall(ln)) for ln in spaced):
            return "layout"
    if sum(len(ln.split()) >= 3 for ln in spaced) >= share:
        return "flat"
    if len(lines) - len(nonblank) >= 0.5 * len(nonblank):
        return "paragraphs"
    return "lines"


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
        out.extend(Token(p.strip(), _loc(ln, ln), ln) for p in parts)
    return out, borders


def _unbar(line: str) -> tuple[str, int]:
    if "|" not in line and "｜" not in line:
        return line.strip(), 0
    text = line.strip().strip("|｜").strip()
    return text, nonblank_chars(line) - nonblank_chars(text)


def tokens_lines(lines: Sequence[str], first: int) -> Cut:
    out: list[Token] = []
    borders = 0
    for k, line in enumerate(lines):
        text, bars = _unbar(line)
        borders += bars
        if text:
            out.append(Token(text, _loc(first + k, first + k)))
    return out, borders


def _stands_alone(line: str) -> bool:
    """A title, an attachment heading or a table-of-contents line is one cell whatever the shape."""
    if not _ALONE_HINT.search(line):
        return False  # no title, 附件 heading or leader dots can be in it
    kind = classify(line.strip())
    return kind in ("title", "attachment") or bool(_TOC_LEADER.search(line))


def tokens_paragraphs(lines: Sequence[str], first: int) -> Cut:
    out: list[Token] = []
    block: list[tuple[int, str]] = []
    borders = 0
    for k, line in enumerate([*lines, ""]):
        stripped = line.strip()
        if stripped and _stands_alone(line):
            if block:
                out.append(Token("\n".join(t for _, t in block), _loc(block[0][0], block[-1][0])))
                block = []
            out.append(Token(stripped, _loc(first + k, first + k)))
        elif stripped:
            text, bars = _unbar(line)
            borders += bars
            block.append((first + k, text))
        elif block:
            out.append(Token("\n".join(t for _, t in block), _loc(block[0][0], block[-1][0])))
            block = []
    return out, borders


def tokens_flat(lines: Sequence[str], first: int) -> Cut:
    out: list[Token] = []
    for k, line in enumerate(lines):
        loc = _loc(first + k, first + k)
        if len(line) <= 60 and _stands_alone(line):
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
    out = []
    for m in _FRAGMENT.finditer(line):
        lo = m.start() + len(_WIDE.findall(line, 0, m.start()))
        width = len(m.group()) + len(_WIDE.findall(m.group()))
        out.append((m.group(), lo, lo + width))
    return out


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
    if text.startswith("%") or _BRACKETED.match(text) or not clean_label(text):
        return True  # "%", "（万元）", or punctuation alone ("：" of 年度资金总额：) wrapped below its cell
    if classify(last) not in LABEL_KINDS and classify(last + text) in _CELL_LABELS:
        return True  # "服务对象满意" over "度指标", "年初" over "预算数": the two halves of one label
    if classify(last) not in LABEL_KINDS and _label_start(last + text):
        return True  # "全年实" over "际完成" (over "值"): a column label cut into three lines
    if _NUMERIC_PART.match(last) and last[-1] in ",.，．" and text[:1].isdigit():
        return True  # "52." over "6万人": a figure cut after its separator
    if classify(text) in LABEL_KINDS or _stands_alone(text):
        return False  # a label of its own starts a row
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
    """The cell above each fragment when every fragment continues one; else None."""
    if len(row) < 2 or len(frags) > len(row):
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
    return len(row) >= 2 and all(classify("".join(c.parts)) in LABEL_KINDS for c in row)


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


_TOKENIZERS: dict[str, Callable[[Sequence[str], int], Cut]] = {
    "pipe": tokens_pipe,
    "lines": tokens_lines,
    "paragraphs": tokens_paragraphs,
    "flat": tokens_flat,
    "layout": tokens_layout,
}


@dataclass(frozen=True, slots=True)
class ShapedText:
    blocks: list[Block]
    shapes: list[str]  # the shape of each form region, in order
    delimiter_chars: int  # non-blank characters read as cell borders


def read_shaped_blocks(lines: Sequence[str]) -> ShapedText | None:
    """Blocks for a text whose forms are not in the TAB grammar; None when no form vocabulary is in it."""
    anchors = [i for i, line in enumerate(lines) if _has_anchor(line)]
    if not anchors:
        return None
    blocks: list[Block] = []
    shapes: list[str] = []
    borders = 0
    i = 0
    for anchor in anchors:
        if anchor < i:
            continue
        start = _region_start(lines, anchor, i)
        blocks.extend(_paragraphs(lines, i, start))
        end = max(_region_end(lines, anchor), anchor + 1)
        region = lines[start:end]
        shape = detect_shape(region)
        shapes.append(shape)
        tokens, bars = _TOKENIZERS[shape](region, start + 1)
        borders += bars
        blocks.extend(build_blocks(tokens))
        i = end
    blocks.extend(_paragraphs(lines, i, len(lines)))
    return ShapedText(blocks, shapes, borders)


def _paragraphs(lines: Sequence[str], start: int, end: int) -> list[Block]:
    # Outside the forms every non-blank line is a paragraph, as the TAB reader makes it.
    return [
        Paragraph(ln, Location(line=k + 1))
        for k, ln in enumerate(lines[start:end], start=start)
        if ln.strip(" ")
    ]


__all__ = ["ShapedText", "detect_shape", "read_shaped_blocks"]
