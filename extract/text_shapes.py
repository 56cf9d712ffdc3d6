"""Text without the TAB grammar → blocks: find the form regions, tell how their cells are delimited, cut.

A text export that is not Word's TAB grammar still holds the forms, in other shapes: pipe rows (web pages,
Markdown), one cell per line, one cell per paragraph, rows or whole forms flattened onto one line, PDF text
(``pdftotext -layout``: columns aligned by spaces, a cell's text wrapped onto the lines below). Each form
region (from the vocabulary's first sight to its ``总分`` row) is measured on its own and cut into cells
(``Token``s) by its shape (``extract.shape_cells``); ``extract.cell_stream`` then rebuilds the rows.
Lines outside every region stay one paragraph each, as the TAB reader gives them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from jixiao.extract.cell_kinds import LABEL_KINDS, classify
from jixiao.extract.cell_stream import build_blocks
from jixiao.extract.glued_text import is_glued_region, tokens_glued, widen_glued
from jixiao.extract.labels import to_simplified
from jixiao.extract.layout import Block, Location, Paragraph
from jixiao.extract.segment import classify_title
from jixiao.extract.shape_cells import TOKENIZERS
from jixiao.extract.white_space import NON_SPACE, SPACE, WHITE

# Words every form shape shares; a line holding one belongs to a form region.
_ANCHOR = re.compile(r"预算数|执行数|执行率|[一二三]级指标|资金总额|总分|绩效自评表|自评表|绩效目标表|指标值")
_TOTAL = re.compile(
    rf"(?:^|[{WHITE}|｜]){SPACE}*(?:总{SPACE}*分|合{SPACE}*计){SPACE}*(?:$|[{WHITE}|｜:：0-9])"
)
_VALUES_ONLY = re.compile(rf"^(?:[{WHITE}|｜0-9.,%—\-/]|(?<=[0-9])分)*$")  # figures; a score "97.9分" too
# A bar, or a TAB after a cell's text (rows of cells copied from a page or a sheet).
_PIPE = re.compile(rf"[|｜]|(?<={NON_SPACE})\t")
_FIGURE_RUN = re.compile(r"(?<![0-9.,])[0-9][0-9.,]*%?")
_GAP = re.compile(rf"{NON_SPACE}(?: {{2,}}|\u3000{{2,}}){NON_SPACE}")  # a run of spaces between columns
# A run of two spaces or more between texts, and a single space between texts. Each starts with its space
# and looks back past it (rather than looking back first), so that the engine finds the spaces at once.
_GAP_RUN = re.compile(rf"(?: (?<={NON_SPACE} ) +|\u3000(?<={NON_SPACE}\u3000)\u3000+)(?={NON_SPACE})")
_SINGLE_SPACE = re.compile(rf"[ \u3000](?<={NON_SPACE}[ \u3000])(?={NON_SPACE})")
# Non-blank header lines (title, 项目名称 …; one cell a line, a field takes two) a region may start before
# its first vocabulary line.
LOOKBACK = 30


_PROSE = re.compile(r"[，。；]")
_NUMBERED = re.compile(r"^[(（]?[一二三四五六七八九十0-9]{1,3}[)）、.．]")  # "一、", "（一）", "1."


def _has_anchor(line: str) -> bool:
    """A line where the form vocabulary stands as a cell (not a sentence of a report that mentions it)."""
    if line.isascii():
        return False
    simple = line if _ANCHOR.search(line) else to_simplified(line)
    found = {m.group() for m in _ANCHOR.finditer(simple)}
    if not found:
        return False
    if _PIPE.search(line) or _gapped(line):
        return True  # the word stands in a cell
    if _PROSE.search(simple):
        return len(found) >= 4  # a report's sentence names a word or two of the form; a flat form many
    # A line of its own: a label or title of the form ("全年预算数", "项目支出绩效自评表"), or several of
    # the form's words; a report's heading ("（一）预算执行率情况") is neither.
    return len(found) >= 2 or classify(line.strip()) in LABEL_KINDS


def _gapped(line: str) -> bool:
    """Text, a run of two spaces or more, text: columns laid out by spaces."""
    return ("  " in line or "\u3000\u3000" in line) and bool(_GAP.search(line))


def _region_end(lines: Sequence[str], start: int, ends: Sequence[int]) -> int:
    """The line after a form region that starts at ``start``: past its 总分 row and the figures below it.
    ``ends``: the lines that may end one (``_end_lines``)."""
    n = len(lines)
    for k in range(bisect_left(ends, start), len(ends)):  # (by index: an islice would walk the ones before)
        i = ends[k]
        line = lines[i]
        if i > start and "报告" in line and classify_title(line) == "report":
            return i
        if not ("分" in line or "计" in line or "計" in line):
            continue
        simple = to_simplified(line)
        if ("总" in simple or "合" in simple) and (m := _TOTAL.search(simple)):  # 总分 or 合计
            j, seen = i + 1, 0
            while j < n and seen < 4 and _VALUES_ONLY.match(lines[j]):
                seen += bool(lines[j].strip())
                j += 1
            if "分" in m.group() or _figures_in(line) + seen < 4:
                return j
            # 合计 with a money line's figures (年初 | 全年 | 执行 | 分值 …): the money block's own total
    return n


def _figures_in(line: str) -> int:
    return len(_FIGURE_RUN.findall(line))


def _end_lines(lines: Sequence[str]) -> list[int]:
    """The lines that may end a region, in order: a report's title (报告) or a total row (分, 计, 計) is
    in them. Found in the text at once, not line by line (most lines hold none of them)."""
    text = "\n".join(lines)
    starts = list(accumulate((len(ln) + 1 for ln in lines), initial=0))  # where each line starts
    found: set[int] = set()
    for word in ("报告", "分", "计", "計"):
        at = text.find(word)
        while at >= 0:
            line = bisect_right(starts, at) - 1
            found.add(line)
            at = text.find(word, starts[line + 1])  # the line is found: on to the next one
    return sorted(found)


def _region_start(lines: Sequence[str], anchor: int, floor: int) -> int:
    start = anchor
    seen = 0  # non-blank lines looked back over: one cell a paragraph puts a blank line after each
    while start > floor and seen < LOOKBACK:
        prev = lines[start - 1].strip()
        seen += bool(prev)
        # Its length without the runs of spaces a PDF's columns put between cells.
        if prev and (len(" ".join(prev.split())) > 60 or _PROSE.search(prev) or _NUMBERED.match(prev)):
            break  # a report's sentence or numbered heading is not the form's header
        if prev and classify_title(prev) == "report":
            break
        start -= 1
    return start


def _pipe_row(line: str) -> bool:
    """Bars that cut the line into its cells: a flattened page whose site menu kept its bars
    (``首页 | 政务公开 | … 项目名称 X 主管部门 Y …``, hundreds of words, four bars) is no pipe row."""
    if len(line) <= 11:
        return True  # six words at most, and a bar: within bounds (most pipe and bar-ended lines)
    words = line.split()
    # Without a TAB the borders are the bars, counted in C (a TAB borders only after a cell's text).
    bars = len(_PIPE.findall(line.strip())) if "\t" in line else line.count("|") + line.count("｜")
    return len(words) - words.count("|") - words.count("｜") <= 3 * (bars + 1)  # a lone bar is no word


def _reaches(flags: Iterable[object], need: float, total: int) -> bool:
    """Whether at least ``need`` of the ``total`` flags are true, read only as far as that is known."""
    seen, left = 0, total
    for flag in flags:
        left -= 1
        if flag:
            seen += 1
            if seen >= need:
                return True
        elif seen + left < need:
            return False
    return seen >= need


def detect_shape(lines: Sequence[str]) -> str:
    """How a region marks its cells: pipe | layout | flat | paragraphs | lines. Cells parted by TABs on
    a row's line (a table copied from a page or a sheet) are pipe rows.

    >>> detect_shape(["年度资金总额 | 56.40 | 58.00", "其中:当年财政拨款 | 56.40 | 58.00"])
    'pipe'
    >>> detect_shape(["年度资金总额", "56.40", "58.00"])
    'lines'
    """
    nonblank = list(filter(str.strip, lines))
    if not nonblank:
        return "lines"
    share = 0.3 * len(nonblank)
    # A bar is a border wherever it stands; a TAB only after a cell's text (the pattern says which).
    marked = (ln for ln in nonblank if "|" in ln or "｜" in ln or ("\t" in ln and _PIPE.search(ln)))
    piped = [ln for ln in marked if _pipe_row(ln)]
    if len(piped) >= share:
        # A bar after every one-cell line (``56.40 |``) marks cells, not rows: that is one cell per line.
        return "pipe" if _reaches(map(_two_cells, piped), 0.3 * len(piped), len(piped)) else "lines"
    spaced = [ln for ln in nonblank if " " in ln or "\u3000" in ln]
    if _reaches(map(_gapped, spaced), share, len(spaced)):
        # Counted over the lines joined by line breaks, in one call each: a break is white space, so no
        # gap or single space is found across it that would not be found in its line alone.
        spaced_text = "\n".join(spaced)
        if len(_GAP_RUN.findall(spaced_text)) >= len(_SINGLE_SPACE.findall(spaced_text)):
            return "layout"
    if _reaches((len(ln.split()) >= 3 for ln in spaced), share, len(spaced)):
        return "flat"
    if len(lines) - len(nonblank) >= 0.5 * len(nonblank):
        return "paragraphs"
    return "lines"


def _two_cells(line: str) -> bool:
    """Whether a piped line holds text in two cells at least."""
    inner = line.strip().strip("|｜").strip()
    if "|" not in inner and "｜" not in inner and "\t" not in inner:
        return False  # every border is at an end of the line: its text is one cell (``56.40 |``)
    filled = 0
    for part in _PIPE.split(line):
        if part.strip():
            filled += 1
            if filled == 2:
                return True
    return False


@dataclass(frozen=True, slots=True)
class ShapedText:
    blocks: list[Block]
    shapes: list[str]  # the shape of each form region, in order
    delimiter_chars: int  # non-blank characters read as cell borders


def form_regions(lines: Sequence[str]) -> list[tuple[int, int]]:
    """The form regions of a text, as ``(start, end)`` line indexes (end exclusive), in order.

    Public for other readers that cut cells their own way (a PDF's word positions) and then hand them to
    ``extract.cell_stream``.

    >>> form_regions(["说明", "项目支出绩效自评表", "年度资金总额  56.40  58.00", "总分  100  95", "完"])
    [(0, 4)]
    """
    regions: list[tuple[int, int]] = []
    ends = _end_lines(lines)
    i = 0
    # The next anchor is looked for after each region only: a region's own lines are never tested.
    while (anchor := next((k for k in range(i, len(lines)) if _has_anchor(lines[k])), -1)) >= 0:
        start = _region_start(lines, anchor, i)
        i = max(_region_end(lines, anchor, ends), anchor + 1)
        regions.append((start, i))
    return regions


def read_shaped_blocks(lines: Sequence[str]) -> ShapedText | None:
    """Blocks for a text whose forms are not in the TAB grammar; None when no form vocabulary is in it."""
    blocks: list[Block] = []
    shapes: list[str] = []
    borders = 0
    i = 0
    nbsp = "\u00a0" in "".join(lines)
    for start, end in form_regions(lines):
        if end <= i:
            continue  # inside the glued region before it
        start = max(start, i)
        glued = is_glued_region(lines[start:end])
        if glued:
            start, end = widen_glued(lines, start, end, i)
        blocks.extend(_paragraphs(lines, i, start))
        region = list(lines[start:end])
        if nbsp:  # a no-break space (a web page's &nbsp;) lays out columns as a space does
            region = [ln.replace("\u00a0", " ") if "\u00a0" in ln else ln for ln in region]
        shape = "glued" if glued else detect_shape(region)
        shapes.append(shape)
        tokens, bars = (tokens_glued if shape == "glued" else TOKENIZERS[shape])(region, start + 1)
        borders += bars
        blocks.extend(build_blocks(tokens))
        i = end
    if not shapes:
        return None
    blocks.extend(_paragraphs(lines, i, len(lines)))
    return ShapedText(blocks, shapes, borders)


def _paragraphs(lines: Sequence[str], start: int, end: int) -> list[Block]:
    # Outside the forms every non-blank line is a paragraph, as the TAB reader makes it.
    return [
        Paragraph(ln, Location(line=k + 1))
        for k, ln in enumerate(lines[start:end], start=start)
        if ln.strip(" ")
    ]


__all__ = ["ShapedText", "detect_shape", "form_regions", "read_shaped_blocks"]
