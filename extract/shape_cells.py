"""How each text shape's delimiters cut a form region into cells (``Token``s with locations and rows).

Pipes (``|`` or ``｜``, Markdown rules dropped), one cell per line (a trailing bar dropped), one cell per
paragraph (blank lines between), flattened rows (runs of spaces), and ``pdftotext -layout`` columns
(``extract.column_cells``). A title, an attachment heading, a contents line or a page number is one cell
whatever the shape.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import count

from jixiao.extract.cell_kinds import Token, classify
from jixiao.extract.column_cells import ALONE_HINT, Cut, cell_location, stands_alone, tokens_layout
from jixiao.extract.layout import Location, nonblank_chars
from jixiao.extract.white_space import NON_SPACE, SPACE

_PIPE = re.compile(r"[|｜\t]")  # a bar, or a TAB in a row of cells parted by TABs (extract.text_shapes)
_MD_RULE = re.compile(r"^:?-{2,}:?$")  # a Markdown table's |---|---| line
# What a page number's line holds (see extract.page_numbers).
_PAGE_HINT = re.compile(rf"[页頁]|^{SPACE}*[-—–]")
_S = f"{SPACE}?"  # one white space or none
_INLINE_PAGE_MARK = re.compile(
    rf"""(?<!{NON_SPACE})
    (?: (?P<dash>[-—–]) {_S} [1-9][0-9]{{0,2}} {_S} (?P=dash)       # "- 3 -", "—12—": the same dash
      | 第{_S}[0-9]{{1,3}}{_S}[页頁] {_S} [,，/]? {_S} 共{_S}[0-9]{{1,3}}{_S}[页頁]  # "第 3 页 共 4 页"
      | 共{_S}[0-9]{{1,3}}{_S}[页頁] {_S} [,，/]? {_S} 第{_S}[0-9]{{1,3}}{_S}[页頁] )
    (?!{NON_SPACE})""",
    re.VERBOSE,
)
# What a line that is one cell holds at least (a title's, heading's, contents line's or page number's hint).
_ONE_CELL_HINT = re.compile(f"{ALONE_HINT.pattern}|{_PAGE_HINT.pattern}")
# A character every one of those hints holds: most lines have none, and one search of a set says so.
_HINT_CHAR = re.compile(r"[表告附…⋯页頁.．·・\-—–]")
_PAGE_MARK_CHAR = re.compile(r"[-—–第共]")  # one of which every page mark holds
_AFTER_PAGE = frozenset(("level1", "level2", "ind_col", "total", "title", "attachment"))
_ROW_LEADERS = frozenset(("fund_line", "total"))  # kinds whose cell opens its row


def tokens_pipe(lines: Sequence[str], first: int) -> Cut:
    out: list[Token] = []
    borders = 0
    for k, line in enumerate(lines):
        ln = first + k
        if not line.strip():
            continue
        if not _PIPE.search(line):
            out.append(Token(line.strip(), cell_location(ln, ln), ln))
            continue
        # Spaces only: a TAB opening the line parts an empty first cell off, as a bar opening it does.
        inner = line.strip(" \u3000\r\n\f\v")
        # (ASCII bars alone, as most pipe rows have them: split in C)
        cut = inner.split("|") if "｜" not in inner and "\t" not in inner else _PIPE.split(inner)
        parts = [p.strip() for p in cut]
        # A Markdown rule's cells are dashes (two at least), maybe colons: nothing else.
        if "--" in line and all(_MD_RULE.match(p) for p in parts if p) and any(parts):
            borders += nonblank_chars(line)
            continue
        borders += line.count("|") + line.count("｜")  # a TAB is blank: no border character
        if parts and not parts[0]:
            parts = parts[1:]
        if parts and not parts[-1]:
            parts = parts[:-1]
        loc = Location(ln)  # one for the line's cells (a Location is immutable; cell_location's for one line)
        out += [Token(p, loc, ln) for p in parts]
    if _rows_broken(out):
        # The lines are not the form's rows (a page whose merged cells broke each row across lines): the
        # cells alone, in order, as one cell per line would give them; the vocabulary rebuilds the rows.
        out = [Token(t.text, t.location) for t in out if t.text]
    return out, borders


def _rows_broken(tokens: Sequence[Token]) -> bool:
    """Whether the pipe lines part rows in the middle: twice at least a line ends with a fund line's
    label (年度资金总额, 其中：当年财政拨款) or 总分 and the next line opens with a figure, where a label
    leads its row."""
    broken = 0
    last: Token | None = None  # the previous line's last filled cell
    for tok in tokens:
        if not tok.text:
            continue
        if (
            last is not None
            and last.row != tok.row
            and classify(last.text) in _ROW_LEADERS
            and classify(tok.text) == "value"
        ):
            broken += 1
            if broken == 2:
                return True
        last = tok
    return False


def _unbar(line: str) -> tuple[str, int]:
    if "|" not in line and "｜" not in line:
        return line.strip(), 0
    text = line.strip().strip("|｜").strip()
    # Only spaces and bars were cut off: the borders are the bars that are no longer in the text.
    return text, line.count("|") + line.count("｜") - text.count("|") - text.count("｜")


def tokens_lines(lines: Sequence[str], first: int) -> Cut:
    # Each line's text without the bars around it (and the spaces around those).
    texts = [ln.strip().strip("|｜").strip() for ln in lines]
    whole, kept = "".join(lines), "".join(texts)
    # Only spaces and bars were cut off: the borders are the bars no longer in the text.
    borders = whole.count("|") + whole.count("｜") - kept.count("|") - kept.count("｜")
    keep: Sequence[object] = texts
    if borders and "" in texts and _bar_ended(lines):
        # A bare bar where every cell ends with one is a cell left empty (``得分 |`` above ``|``): kept, so
        # that the cells after it stay under their columns.
        keep = [t or "|" in ln or "｜" in ln for t, ln in zip(texts, lines, strict=True)]
    return [Token(t, Location(k)) for k, t, kept_line in zip(count(first), texts, keep) if kept_line], borders


def _bar_ended(lines: Sequence[str]) -> bool:
    """One cell a line with a bar after each (``56.40 |``): most lines end with a bar."""
    nonblank = [ln.rstrip() for ln in lines if ln.strip()]
    ended = sum(ln.endswith(("|", "｜")) for ln in nonblank)
    return bool(nonblank) and ended >= 0.8 * len(nonblank)


@lru_cache(maxsize=1 << 14)  # a form's labels recur on every form: once per distinct line
def _one_cell(line: str) -> bool:
    """A line that is one cell whatever the shape: a title, heading, contents line or page number."""
    if not (_HINT_CHAR.search(line) and _ONE_CELL_HINT.search(line)):
        return False  # most cells: no hint, found with a search or two
    if stands_alone(line):
        return True
    return len(line) <= 30 and bool(_PAGE_HINT.search(line)) and classify(line.strip()) == "chrome"


def tokens_paragraphs(lines: Sequence[str], first: int) -> Cut:
    out: list[Token] = []
    texts: list[str] = []  # the open paragraph's lines
    start = 0  # and its first line number
    borders = 0

    def close(last: int) -> None:
        out.append(Token(texts[0] if len(texts) == 1 else "\n".join(texts), cell_location(start, last)))
        texts.clear()

    for k, line in enumerate(lines, start=first):
        stripped = line.strip()
        if not stripped:
            if texts:
                close(k - 1)
        elif _one_cell(line):
            if texts:
                close(k - 1)
            out.append(Token(stripped, Location(k)))
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
        loc = cell_location(first + k, first + k)
        if len(line) <= 60 and _one_cell(line):
            out.append(Token(line.strip(), loc))
            continue
        # A page number printed between two rows of a form flattened onto one line ("- 3 -",
        # "第 3 页 共 4 页") is one cell, not placeholders around a figure: a page breaks between rows, so
        # the cell after it opens a row of the indicator table or the form's end. A fund line's
        # "— 99 —" (分值, 执行率, 得分) is followed by the next fund line or the goals: never a page.
        at = 0
        marks = _INLINE_PAGE_MARK.finditer(line) if _PAGE_MARK_CHAR.search(line) else ()
        for m in marks:
            after = line[m.end() :].split(maxsplit=1)
            if not m.group().startswith(("第", "共")) and (
                classify(after[0]) not in _AFTER_PAGE if after else m.start() > 0
            ):
                continue  # "— 99 —" ending a row a line (分值, 执行率, 得分): a page number has its own line
            out.extend([Token(part, loc) for part in line[at : m.start()].split()])
            out.append(Token(m.group().strip(), loc))
            at = m.end()
        out.extend([Token(part, loc) for part in line[at:].split()])
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
